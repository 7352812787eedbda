//! `buildcert wallet import|list|show|remove|export|backup|restore|settings|log`
//! and `buildcert alerts`: the wallet (证书夹) in the data directory.
//!
//! Every command takes `--json` (one JSON document on stdout; errors as
//! `{"error":{"code","message"}}`). ID numbers are always masked.
//!
//! Exit status: 0 done; 1 something was refused or not stored (a certificate
//! that failed verification, a bad backup, an official-format certificate
//! shown but not confirmed with --confirm, or whose fields are missing or wrong) or, for `alerts`, an alert of error
//! severity is present; 2 the wallet or an input could not be used (wrong
//! arguments, unreadable file, damaged or busy wallet).
//!
//! Layout: this file holds the arguments and sends each subcommand to its
//! module (`list.rs`, `show.rs`, `import.rs` …), which only does the work
//! (through the wallet and `buildcert_service`) and returns a reply;
//! [`print`] shows any reply either as JSON or as text a person reads
//! (`render.rs` and `render_import.rs` hold the texts), the way `output.rs`
//! does for `verify`.

mod alerts;
mod backup;
mod export;
mod import;
mod list;
mod log;
mod official;
pub mod print;
mod remove;
mod render;
mod render_import;
mod settings;
mod show;

use std::path::{Path, PathBuf};

use buildcert_bc1::date::{parse_date, today_cst};
use buildcert_bc1::{parse_root_key, Lang, VerifyingKey};
use buildcert_wallet::Wallet;
use chrono::NaiveDate;
use clap::{Args, Subcommand};

pub use official::OfficialOpts;
use print::Printer;

/// `buildcert wallet …`
#[derive(Subcommand, Debug)]
pub enum WalletCommand {
    /// Import e-certificates (QR text, image or PDF files; - reads standard input) into the wallet.
    ///
    /// An official-format certificate (today's PDF, whose QR code is a link
    /// to a query page) is not stored at once: the fields read off it are
    /// shown (ID number masked), and stored as 未验证（官方格式） /
    /// unverified (official format) only with --confirm, after any
    /// --set FIELD=VALUE corrections. For a scan or photo the fields cannot
    /// be read: give every field with --set.
    #[command(after_help = OFFICIAL_HELP)]
    Import {
        /// Files to import.
        #[arg(required = true)]
        files: Vec<String>,
        /// Keep a certificate signed by a key the trust list does not know yet, marked 未验证 / not verified.
        #[arg(long)]
        allow_unverified: bool,
        /// Official-format certificate: store the fields shown (after any --set) as 未验证（官方格式） / unverified (official format). Without it nothing is stored.
        #[arg(long)]
        confirm: bool,
        /// Official-format certificate: correct or fill in a field before storing, FIELD=VALUE (repeatable; see below).
        #[arg(long = "set", value_name = "FIELD=VALUE")]
        set: Vec<String>,
        /// Print the resident ID number as read or given instead of masked.
        #[arg(long)]
        reveal_id: bool,
        /// Check date (YYYY-MM-DD; default today, UTC+08:00).
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
        /// Extra root key for the stored trust list (64 hex characters, repeatable).
        #[arg(long = "root-key", value_name = "HEX")]
        root_keys: Vec<String>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// List the certificates in the wallet, each with its status at the check date, as the app shows them (current copies; --all also prints the older copies under each).
    List {
        /// Only those whose name, registration number, employer, USCC or e-licence identifier contains this.
        #[arg(long, short = 's')]
        search: Option<String>,
        /// Also print superseded (older) copies, under the current one (the JSON always has them, as "older").
        #[arg(long)]
        all: bool,
        /// Check date (YYYY-MM-DD; default today, UTC+08:00).
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Show one certificate (by wallet id or e-licence identifier) with a fresh verification.
    Show {
        /// Wallet id or e-licence identifier.
        id: String,
        /// Check date (YYYY-MM-DD; default today).
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
        /// Extra root key (repeatable).
        #[arg(long = "root-key", value_name = "HEX")]
        root_keys: Vec<String>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Remove one certificate, or every certificate with --all --yes (root keys, trust lists and settings stay).
    Remove {
        /// Wallet id or e-licence identifier.
        id: Option<String>,
        /// Remove every certificate, original file, alert state and log entry.
        #[arg(long)]
        all: bool,
        /// Confirm --all.
        #[arg(long)]
        yes: bool,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Export a certificate's original file (--out) or QR text (--qr), the reminders calendar (--ics) or the verification log (--log-csv).
    Export {
        /// Wallet id or e-licence identifier (for --out and --qr).
        id: Option<String>,
        /// Write the original file here.
        #[arg(long, short = 'o', value_name = "FILE")]
        out: Option<PathBuf>,
        /// Print the QR text (it carries the full ID number: give it only to the holder).
        #[arg(long)]
        qr: bool,
        /// Write every future deadline as an iCalendar file (.ics) with reminders.
        #[arg(long, value_name = "FILE")]
        ics: Option<PathBuf>,
        /// Write the verification log as CSV.
        #[arg(long = "log-csv", value_name = "FILE")]
        log_csv: Option<PathBuf>,
        /// Date the calendar starts from (YYYY-MM-DD; default today).
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Back up the whole wallet to one file.
    Backup {
        /// The backup file to write (e.g. wallet.bcbackup).
        out: PathBuf,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Replace the whole wallet with a backup (checked completely before anything is replaced).
    Restore {
        /// The backup file.
        file: PathBuf,
        /// Confirm replacing the wallet.
        #[arg(long)]
        yes: bool,
        /// Trust a root key that only the backup has (repeatable): its
        /// fingerprint, as the refusal lists it. --yes does not cover this.
        #[arg(long = "accept-root", value_name = "FINGERPRINT")]
        accept_root: Vec<String>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Show or change settings (--set key=value; keys: usage_reminder_days=30,7,1 usage_warning_days=N (the app's "warn from N days") renewal_upcoming_days renewal_window_days age_limit_days inspector_log=on|off).
    Settings {
        /// key=value (repeatable).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Show or clear the verification log (核验记录; off unless inspector_log=on).
    Log {
        /// Delete every entry.
        #[arg(long)]
        clear: bool,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
}

/// `buildcert alerts`
#[derive(Args, Debug)]
pub struct AlertsArgs {
    /// Date to compute the alerts for (YYYY-MM-DD; default today, UTC+08:00).
    #[arg(long, value_name = "DATE")]
    pub at: Option<String>,
    /// Only alerts not announced before, and mark them announced.
    #[arg(long)]
    pub new: bool,
    /// Also write the deadlines as an iCalendar file (.ics).
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,
    /// JSON output.
    #[arg(long)]
    pub json: bool,
}

/// Runs `buildcert wallet …` against the wallet in `data_dir`; returns the exit code.
pub fn run_wallet(cmd: WalletCommand, data_dir: &Path, lang: Lang, now: i64) -> i32 {
    let json = match &cmd {
        WalletCommand::Import { json, .. }
        | WalletCommand::List { json, .. }
        | WalletCommand::Show { json, .. }
        | WalletCommand::Remove { json, .. }
        | WalletCommand::Export { json, .. }
        | WalletCommand::Backup { json, .. }
        | WalletCommand::Restore { json, .. }
        | WalletCommand::Settings { json, .. }
        | WalletCommand::Log { json, .. } => *json,
    };
    let mut p = Printer::new(lang, json);
    let mut w = match Wallet::open(data_dir) {
        Ok(w) => w,
        Err(e) => return p.error(&e),
    };
    match cmd {
        WalletCommand::Import { files, allow_unverified, confirm, set, reveal_id, at, root_keys, json: _ } => {
            let Ok(d) = date_arg(&at, now) else {
                return p.usage(AT_ZH, AT_EN);
            };
            let Ok(extra) = roots(&root_keys) else {
                return p.usage(ROOT_KEY_ZH, ROOT_KEY_EN);
            };
            if let Err((zh, en)) = official::check_sets(&set) {
                return p.usage(&zh, &en);
            }
            let official = OfficialOpts { confirm, set: &set, reveal_id };
            import::run(&w, &files, allow_unverified, &official, d, &extra, now, &mut p)
        }
        WalletCommand::List { search, all, at, json: _ } => {
            let Ok(d) = date_arg(&at, now) else {
                return p.usage(AT_ZH, AT_EN);
            };
            p.done(list::run(&w, search, all, d, now))
        }
        WalletCommand::Show { id, at, root_keys, json: _ } => {
            let Ok(d) = date_arg(&at, now) else {
                return p.usage(AT_ZH, AT_EN);
            };
            let Ok(extra) = roots(&root_keys) else {
                return p.usage(ROOT_KEY_ZH, ROOT_KEY_EN);
            };
            p.done(show::run(&w, &id, d, &extra, now))
        }
        WalletCommand::Remove { id, all, yes, json: _ } => remove::run(&w, id, all, yes, &p),
        WalletCommand::Export { id, out, qr, ics, log_csv, at, json: _ } => {
            let Ok(d) = date_arg(&at, now) else {
                return p.usage(AT_ZH, AT_EN);
            };
            let what = export::What { id, out, qr, ics, log_csv };
            export::run(&w, what, d, &p)
        }
        WalletCommand::Backup { out, json: _ } => p.done(backup::backup(&w, &out)),
        WalletCommand::Restore { file, yes, accept_root, json: _ } => {
            backup::restore(&mut w, &file, yes, accept_root, now, &p)
        }
        WalletCommand::Settings { set, json: _ } => settings::run(&w, &set, &p),
        WalletCommand::Log { clear, json: _ } => p.done(log::run(&w, clear)),
    }
}

/// Runs `buildcert alerts` against the wallet in `data_dir`; returns the exit code.
pub fn run_alerts(args: AlertsArgs, data_dir: &Path, lang: Lang, now: i64) -> i32 {
    let p = Printer::new(lang, args.json);
    let Ok(d) = date_arg(&args.at, now) else {
        return p.usage(AT_ZH, AT_EN);
    };
    let w = match Wallet::open(data_dir) {
        Ok(w) => w,
        Err(e) => return p.error(&e),
    };
    p.done(alerts::run(&w, d, args.new, args.ics.as_deref(), now))
}

const AT_ZH: &str = "--at 需要 YYYY-MM-DD 格式的日期";
const AT_EN: &str = "--at takes a date as YYYY-MM-DD";
const ROOT_KEY_ZH: &str = "--root-key 需要 64 位十六进制字符";
const ROOT_KEY_EN: &str = "--root-key takes 64 hexadecimal characters";

/// The check date of `--at` (default today, UTC+08:00); the text given when
/// it is not a date.
fn date_arg(at: &Option<String>, now: i64) -> Result<NaiveDate, String> {
    match at {
        None => Ok(today_cst(now)),
        Some(s) => parse_date(s.trim()).ok_or_else(|| s.clone()),
    }
}

/// The `--root-key` keys; the first text that is not one.
fn roots(hexes: &[String]) -> Result<Vec<VerifyingKey>, String> {
    hexes.iter().map(|h| parse_root_key(h).map_err(|_| h.clone())).collect()
}

/// The `--set` fields, for the help text.
const OFFICIAL_HELP: &str = "Official-format certificates (未验证（官方格式） / unverified (official format)):
  buildcert wallet import cert.pdf                      show the fields read; nothing is stored
  buildcert wallet import cert.pdf --confirm            store them as read
  buildcert wallet import cert.pdf --set uscc=91320000134567890X --confirm
                                                        correct a field, then store
Fields for --set FIELD=VALUE:
  name  sex (男|女|M|F)  dob  reg  employer  uscc  idn  issued  use_from  use_to
  specialties=建筑工程:2024-01-01:2026-12-31;机电工程:2025-02-03:2028-02-02
Dates as YYYY-MM-DD, YYYY-M-D or YYYY年M月D日. A scan or photo cannot be read:
give every field with --set. BuildCert never verifies the signature or seal of
such a certificate; check it online through its QR code.";
