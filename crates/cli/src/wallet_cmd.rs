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

use std::io::Read;
use std::path::{Path, PathBuf};

use buildcert_bc1::date::{format_date, parse_date, today_cst};
use buildcert_bc1::{parse_root_key, CheckContext, Lang, Severity, VerifyingKey};
use buildcert_official::{ConfirmedEntry, Field, OfficialFields, OfficialSpecialty, Sex};
use buildcert_wallet::{Alert, ListFilter, Settings, TrustState, Wallet, WalletError};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde_json::json;

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
    /// List the certificates in the wallet (current copies; --all adds superseded ones).
    List {
        /// Only those whose name, registration number, employer, USCC or e-licence identifier contains this.
        #[arg(long, short = 's')]
        search: Option<String>,
        /// Also list superseded (older) copies.
        #[arg(long)]
        all: bool,
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
    /// Show or change settings (--set key=value; keys: usage_reminder_days=30,7,1 renewal_upcoming_days renewal_window_days age_limit_days inspector_log=on|off).
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

fn pick<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Reports an error (JSON on stdout with --json, else a sentence on
/// stderr) and returns the exit code.
fn fail(e: &WalletError, lang: Lang, json: bool) -> i32 {
    if json {
        println!("{}", json!({"error": {"code": e.code(), "message": e.message(lang)}}));
    } else {
        eprintln!("buildcert: {}", e.message(lang));
    }
    exit_code(e)
}

fn exit_code(e: &WalletError) -> i32 {
    match e {
        WalletError::Refused { .. }
        | WalletError::BadBackup { .. }
        | WalletError::TrustRefused(_)
        | WalletError::InvalidEntry(_) => 1,
        _ => 2,
    }
}

fn usage_error(lang: Lang, json: bool, zh: &str, en: &str) -> i32 {
    if json {
        println!("{}", json!({"error": {"code": "usage", "message": pick(lang, zh, en)}}));
    } else {
        eprintln!("buildcert: {}", pick(lang, zh, en));
    }
    2
}

fn date_arg(at: &Option<String>, now: i64) -> Result<NaiveDate, String> {
    match at {
        None => Ok(today_cst(now)),
        Some(s) => parse_date(s.trim()).ok_or_else(|| s.clone()),
    }
}

fn roots(hexes: &[String]) -> Result<Vec<VerifyingKey>, String> {
    hexes.iter().map(|h| parse_root_key(h).map_err(|_| h.clone())).collect()
}

fn state_words(lang: Lang, s: TrustState, superseded: bool) -> String {
    let (zh, en) = s.words();
    let mut w = pick(lang, zh, en).to_string();
    if superseded {
        w.push_str(pick(lang, "·旧版本", " · superseded"));
    }
    w
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
    let mut w = match Wallet::open(data_dir) {
        Ok(w) => w,
        Err(e) => return fail(&e, lang, json),
    };
    match cmd {
        WalletCommand::Import { files, allow_unverified, confirm, set, reveal_id, at, root_keys, json } => {
            let Ok(d) = date_arg(&at, now) else {
                return usage_error(lang, json, "--at 需要 YYYY-MM-DD 格式的日期", "--at takes a date as YYYY-MM-DD");
            };
            let Ok(extra) = roots(&root_keys) else {
                return usage_error(
                    lang,
                    json,
                    "--root-key 需要 64 位十六进制字符",
                    "--root-key takes 64 hexadecimal characters",
                );
            };
            for kv in &set {
                if let Err((zh, en)) = set_field(&mut OfficialFields::default(), kv) {
                    return usage_error(lang, json, &zh, &en);
                }
            }
            let official = OfficialOpts { confirm, set: &set, reveal_id };
            import(&w, &files, allow_unverified, &official, d, &extra, lang, now, json)
        }
        WalletCommand::List { search, all, json } => {
            let list = match w.list(&ListFilter { query: search, include_superseded: all }) {
                Ok(l) => l,
                Err(e) => return fail(&e, lang, json),
            };
            if json {
                println!("{}", json!(list));
            } else if list.is_empty() {
                println!("{}", pick(lang, "证书夹中没有电子证书", "The wallet holds no e-certificates"));
            } else {
                for c in &list {
                    let specs: Vec<String> =
                        c.specialties.iter().map(|s| format!("{} {}", s.n, format_date(s.to))).collect();
                    println!(
                        "{:>5}  {}  {}  {}  {}  {} {}  {}  [{}]",
                        c.id,
                        c.holder_name,
                        c.registration,
                        c.id_masked,
                        c.employer,
                        pick(lang, "使用有效期至", "usage to"),
                        format_date(c.usage_to),
                        specs.join(", "),
                        state_words(lang, c.trust_state, c.superseded)
                    );
                }
                println!(
                    "{}",
                    match lang {
                        Lang::Zh => format!("共 {} 份", list.len()),
                        Lang::En => format!("{} in total", list.len()),
                    }
                );
            }
            0
        }
        WalletCommand::Show { id, at, root_keys, json } => {
            let Ok(d) = date_arg(&at, now) else {
                return usage_error(lang, json, "--at 需要 YYYY-MM-DD 格式的日期", "--at takes a date as YYYY-MM-DD");
            };
            let Ok(extra) = roots(&root_keys) else {
                return usage_error(
                    lang,
                    json,
                    "--root-key 需要 64 位十六进制字符",
                    "--root-key takes 64 hexadecimal characters",
                );
            };
            let r = (|| {
                let id = w.resolve(&id)?;
                let tl = w.current_trust_list(&extra)?;
                let mut ctx = CheckContext::new(d, now);
                ctx.thresholds = w.settings()?.thresholds();
                w.show(id, tl.as_ref(), &ctx)
            })();
            let detail = match r {
                Ok(x) => x,
                Err(e) => return fail(&e, lang, json),
            };
            if json {
                println!("{}", json!(detail));
                return 0;
            }
            let s = &detail.summary;
            let c = &detail.certificate;
            println!("#{} {} [{}]", s.id, c.name, state_words(lang, s.trust_state, s.superseded));
            if s.trust_state != TrustState::Verified {
                println!(
                    "  {}",
                    pick(
                        lang,
                        "以下内容未经签名核验，仅供参考",
                        "The content below is not signature-verified; for reference only"
                    )
                );
            }
            let row = |zh: &str, en: &str, v: &str| println!("  {:<14}{v}", pick(lang, zh, en));
            row("注册编号", "Registration", &c.reg);
            row("公民身份号码", "ID number", &c.idn);
            row("出生日期", "Birth date", &format_date(c.dob));
            row("聘用企业", "Employer", &format!("{} ({})", c.emp, c.uscc));
            if s.kind != "official" {
                row("证照标识", "E-licence id", &c.lid);
            }
            row("使用有效期", "Usage period", &format!("{} – {}", format_date(c.usage.from), format_date(c.usage.to)));
            for sp in &c.spec {
                row("注册专业", "Specialty", &format!("{} {} – {}", sp.n, format_date(sp.from), format_date(sp.to)));
            }
            if let Some(v) = &detail.official_verdict {
                let (dz, de) = v.date_status.words();
                println!(
                    "i {} — {} ({})",
                    pick(lang, buildcert_official::TERM_ZH, buildcert_official::TERM_EN),
                    pick(lang, dz, de),
                    format_date(v.check_date)
                );
                for r in &v.reasons {
                    println!("  - {}", r.message(lang));
                }
                println!("  {}", v.explanation(lang));
                for q in &v.query_links {
                    println!("  {} {}", pick(lang, "二维码：", "QR code:"), pick(lang, &q.zh, &q.en));
                }
            } else if let Some(v) = &detail.verdict {
                let (zh, en, sym) = buildcert_bc1::messages::status_words(v.status.as_str());
                println!(
                    "{} {} {} ({})",
                    sym,
                    pick(lang, "核验结果", "Verification"),
                    pick(lang, zh, en),
                    format_date(v.check_date)
                );
                for r in &v.reasons {
                    println!("  - {}", r.message(lang));
                }
            } else {
                println!(
                    "{}",
                    pick(lang, "未安装信任列表，无法重新核验", "No trust list installed; cannot verify again")
                );
            }
            0
        }
        WalletCommand::Remove { id, all, yes, json } => {
            if all {
                if !yes {
                    return usage_error(
                        lang,
                        json,
                        "删除全部电子证书需要同时加 --yes 确认",
                        "Removing every e-certificate needs --yes to confirm",
                    );
                }
                return match w.remove_all() {
                    Ok(n) => {
                        if json {
                            println!("{}", json!({"removed": n}));
                        } else {
                            println!(
                                "{}",
                                match lang {
                                    Lang::Zh => format!("已删除 {n} 份电子证书"),
                                    Lang::En => format!("Removed {n} e-certificates"),
                                }
                            );
                        }
                        0
                    }
                    Err(e) => fail(&e, lang, json),
                };
            }
            let Some(id) = id else {
                return usage_error(
                    lang,
                    json,
                    "请给出编号或证照标识，或用 --all --yes",
                    "Give an id or e-licence identifier, or --all --yes",
                );
            };
            match w.resolve(&id).and_then(|i| w.remove(i).map(|_| i)) {
                Ok(i) => {
                    if json {
                        println!("{}", json!({"removed": 1, "id": i}));
                    } else {
                        println!(
                            "{}",
                            match lang {
                                Lang::Zh => format!("已删除 #{i}"),
                                Lang::En => format!("Removed #{i}"),
                            }
                        );
                    }
                    0
                }
                Err(e) => fail(&e, lang, json),
            }
        }
        WalletCommand::Export { id, out, qr, ics, log_csv, at, json } => {
            let Ok(d) = date_arg(&at, now) else {
                return usage_error(lang, json, "--at 需要 YYYY-MM-DD 格式的日期", "--at takes a date as YYYY-MM-DD");
            };
            if out.is_none() && !qr && ics.is_none() && log_csv.is_none() {
                return usage_error(
                    lang,
                    json,
                    "请指定 --out、--qr、--ics 或 --log-csv",
                    "Give --out, --qr, --ics or --log-csv",
                );
            }
            if (out.is_some() || qr) && id.is_none() {
                return usage_error(lang, json, "--out 和 --qr 需要证书编号", "--out and --qr need a certificate id");
            }
            let mut report = serde_json::Map::new();
            let r: Result<(), WalletError> = (|| {
                let write = |p: &Path, bytes: &[u8]| {
                    std::fs::write(p, bytes)
                        .map_err(|e| WalletError::Io { path: p.to_path_buf(), detail: e.to_string() })
                };
                if let Some(id) = &id {
                    let i = w.resolve(id)?;
                    if let Some(p) = &out {
                        let (name, bytes) = w.original_file(i)?;
                        write(p, &bytes)?;
                        report.insert("original".into(), json!({"path": p, "name": name, "bytes": bytes.len()}));
                    }
                    if qr {
                        let t = w.qr_text(i)?.unwrap_or_default();
                        if json {
                            report.insert("qr_text".into(), json!(t));
                        } else {
                            println!("{t}");
                        }
                    }
                }
                if let Some(p) = &ics {
                    let cal = w.alerts_ics(d)?;
                    write(p, cal.as_bytes())?;
                    report.insert("ics".into(), json!({"path": p, "events": cal.matches("BEGIN:VEVENT").count()}));
                }
                if let Some(p) = &log_csv {
                    let csv = w.log_csv()?;
                    write(p, csv.as_bytes())?;
                    report
                        .insert("log_csv".into(), json!({"path": p, "entries": csv.lines().count().saturating_sub(1)}));
                }
                Ok(())
            })();
            if let Err(e) = r {
                return fail(&e, lang, json);
            }
            if json {
                println!("{}", serde_json::Value::Object(report));
            } else {
                for (k, v) in report.iter().filter(|(k, _)| k.as_str() != "qr_text") {
                    let path = v.get("path").and_then(|p| p.as_str()).unwrap_or("");
                    let what = match k.as_str() {
                        "original" => pick(lang, "原始文件", "original file"),
                        "ics" => pick(lang, "提醒日历", "reminders calendar"),
                        _ => pick(lang, "核验记录", "verification log"),
                    };
                    println!("{} {what}: {path}", pick(lang, "已导出", "Exported"));
                }
            }
            0
        }
        WalletCommand::Backup { out, json } => match w.backup(&out) {
            Ok(info) => {
                if json {
                    println!("{}", json!(info));
                } else {
                    println!(
                        "{}",
                        match lang {
                            Lang::Zh => format!(
                                "已备份证书夹到 {}（{} 份电子证书，{} 个信任列表，{} 字节）",
                                out.display(),
                                info.certificates,
                                info.trust_lists,
                                info.bytes
                            ),
                            Lang::En => format!(
                                "Wallet backed up to {} ({} e-certificates, {} trust lists, {} bytes)",
                                out.display(),
                                info.certificates,
                                info.trust_lists,
                                info.bytes
                            ),
                        }
                    );
                }
                0
            }
            Err(e) => fail(&e, lang, json),
        },
        WalletCommand::Restore { file, yes, accept_root, json } => {
            if !yes {
                // Check only, and say what would happen.
                return match w.inspect_backup(&file) {
                    Ok(info) => {
                        let roots: Vec<String> = info
                            .new_roots
                            .iter()
                            .map(|r| format!("{} ({}{})", r.fingerprint, r.label, if r.demo { ", DEMO" } else { "" }))
                            .collect();
                        let (mut zh, mut en) = (
                            format!("备份文件完好（{} 份电子证书，{} 个信任列表）。恢复会替换整个证书夹，请加 --yes 确认。", info.certificates, info.trust_lists),
                            format!("The backup is intact ({} e-certificates, {} trust lists). Restoring replaces the whole wallet: add --yes to confirm.", info.certificates, info.trust_lists),
                        );
                        if !roots.is_empty() {
                            zh += &format!(
                                "备份中有本机未信任的根密钥，须逐个用 --accept-root 指纹 确认：{}",
                                roots.join("，")
                            );
                            en += &format!(" The backup holds root keys this computer does not trust; confirm each with --accept-root FINGERPRINT: {}", roots.join(", "));
                        }
                        usage_error(lang, json, &zh, &en)
                    }
                    Err(e) => fail(&e, lang, json),
                };
            }
            let opts = buildcert_wallet::RestoreOptions { accept_roots: accept_root, now };
            match w.restore(&file, &opts) {
                Ok(report) => {
                    let info = &report.info;
                    if json {
                        println!("{}", json!(report));
                    } else {
                        println!(
                            "{}",
                            match lang {
                                Lang::Zh => format!(
                                    "已从备份恢复证书夹（{} 份电子证书，{} 个信任列表）",
                                    info.certificates, info.trust_lists
                                ),
                                Lang::En => format!(
                                    "Wallet restored from the backup ({} e-certificates, {} trust lists)",
                                    info.certificates, info.trust_lists
                                ),
                            }
                        );
                        if let Some(seq) = report.kept_newer_trust_seq {
                            println!(
                                "{}",
                                match lang {
                                    Lang::Zh => format!("本机的信任列表 #{seq} 比备份中的更新，已保留（信任列表不会回退）"),
                                    Lang::En => format!("This computer's trust list #{seq} is newer than the backup's and was kept (trust never rolls back)"),
                                }
                            );
                        }
                        for r in &report.added_roots {
                            println!(
                                "{} {} ({})",
                                pick(lang, "已按确认加入根密钥", "Root key added as confirmed:"),
                                r.fingerprint,
                                r.label
                            );
                        }
                    }
                    0
                }
                Err(e) => fail(&e, lang, json),
            }
        }
        WalletCommand::Settings { set, json } => {
            let mut s = match w.settings() {
                Ok(s) => s,
                Err(e) => return fail(&e, lang, json),
            };
            for kv in &set {
                if let Err(msg) = apply_setting(&mut s, kv) {
                    return fail(&WalletError::bad_setting(msg), lang, json);
                }
            }
            if !set.is_empty() {
                if let Err(e) = w.set_settings(&s) {
                    return fail(&e, lang, json);
                }
            }
            if json {
                println!("{}", json!(s));
            } else {
                let days: Vec<String> = s.usage_reminder_days.iter().map(|d| d.to_string()).collect();
                println!("usage_reminder_days   = {}", days.join(","));
                println!("renewal_upcoming_days = {}", s.renewal_upcoming_days);
                println!("renewal_window_days   = {}", s.renewal_window_days);
                println!("age_limit_days        = {}", s.age_limit_days);
                println!("inspector_log         = {}", if s.inspector_log { "on" } else { "off" });
            }
            0
        }
        WalletCommand::Log { clear, json } => {
            if clear {
                return match w.clear_log() {
                    Ok(n) => {
                        if json {
                            println!("{}", json!({"cleared": n}));
                        } else {
                            println!(
                                "{}",
                                match lang {
                                    Lang::Zh => format!("已清除 {n} 条核验记录"),
                                    Lang::En => format!("Cleared {n} verification log entries"),
                                }
                            );
                        }
                        0
                    }
                    Err(e) => fail(&e, lang, json),
                };
            }
            match w.log_entries() {
                Ok(entries) => {
                    if json {
                        println!("{}", json!(entries));
                    } else {
                        match w.log_csv() {
                            Ok(csv) => print!("{csv}"),
                            Err(e) => return fail(&e, lang, json),
                        }
                    }
                    0
                }
                Err(e) => fail(&e, lang, json),
            }
        }
    }
}

fn apply_setting(s: &mut Settings, kv: &str) -> Result<(), String> {
    let (k, v) = kv.split_once('=').ok_or_else(|| format!("{kv}: expected key=value / 应为 键=值"))?;
    let v = v.trim();
    let num = |v: &str| v.parse::<i64>().map_err(|_| format!("{k}: {v} is not a number / 不是数字"));
    match k.trim() {
        "usage_reminder_days" => {
            s.usage_reminder_days = v.split(',').map(|x| num(x.trim())).collect::<Result<_, _>>()?;
        }
        "renewal_upcoming_days" => s.renewal_upcoming_days = num(v)?,
        "renewal_window_days" => s.renewal_window_days = num(v)?,
        "age_limit_days" => s.age_limit_days = num(v)?,
        "inspector_log" => {
            s.inspector_log = match v {
                "on" | "true" | "1" => true,
                "off" | "false" | "0" => false,
                _ => return Err(format!("inspector_log: on or off / 应为 on 或 off, got {v}")),
            }
        }
        other => return Err(format!("unknown setting {other} / 未知设置项")),
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn import(
    w: &Wallet,
    files: &[String],
    allow_unverified: bool,
    official: &OfficialOpts,
    d: NaiveDate,
    extra: &[VerifyingKey],
    lang: Lang,
    now: i64,
    json: bool,
) -> i32 {
    let tl = match w.current_trust_list(extra) {
        Ok(t) => t,
        Err(e) => return fail(&e, lang, json),
    };
    let mut ctx = CheckContext::new(d, now);
    match w.settings() {
        Ok(s) => ctx.thresholds = s.thresholds(),
        Err(e) => return fail(&e, lang, json),
    }
    let mut code = 0;
    let mut results = vec![];
    for f in files {
        let (name, bytes) = if f == "-" {
            let mut b = vec![];
            if let Err(e) = std::io::stdin().read_to_end(&mut b) {
                let e = WalletError::Io { path: "-".into(), detail: e.to_string() };
                code = code.max(2);
                results.push(json!({"input": f, "error": {"code": e.code(), "message": e.message(lang)}}));
                if !json {
                    eprintln!("buildcert: {}", e.message(lang));
                }
                continue;
            }
            ("stdin.txt".to_string(), b)
        } else {
            // Only a regular file: a FIFO or device is refused before it is opened.
            match buildcert_check::read_file(Path::new(f), buildcert_scan::Limits::default().max_file_bytes) {
                Ok(b) => {
                    (Path::new(f).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| f.clone()), b)
                }
                Err(e) => {
                    let e = WalletError::Io { path: f.into(), detail: e.to_string() };
                    code = code.max(2);
                    if json {
                        results.push(json!({"input": f, "error": {"code": e.code(), "message": e.message(lang)}}));
                    } else {
                        eprintln!("buildcert: {}", e.message(lang));
                    }
                    continue;
                }
            }
        };
        let result = w.import(&name, &bytes, tl.as_ref(), &ctx, allow_unverified);
        let is_pdf = matches!(buildcert_scan::sniff(&bytes), buildcert_scan::InputKind::Pdf);
        if matches!(&result, Err(WalletError::NotBc1))
            || (is_pdf && matches!(&result, Err(WalletError::Unreadable { .. })))
        {
            let (c, v) = official_import(w, f, &name, &bytes, official, lang, now, json);
            code = code.max(c);
            results.push(v);
            continue;
        }
        match result {
            Ok(r) => {
                if json {
                    results.push(json!({"input": f, "result": r}));
                } else {
                    let head = if !r.added {
                        pick(lang, "已在证书夹中", "already in the wallet")
                    } else if r.trust_state == TrustState::Unverified {
                        pick(lang, "已存入（未验证）", "stored (not verified)")
                    } else {
                        pick(lang, "已存入", "stored")
                    };
                    println!("#{} {}  {} {} {}  — {head}", r.id, f, r.holder_name, r.registration, r.id_masked);
                    if r.superseded {
                        println!(
                            "  ! {}",
                            pick(
                                lang,
                                "已有更新的下载版本，此份为旧版本",
                                "a newer copy exists; this one is superseded"
                            )
                        );
                    }
                    if !r.supersedes.is_empty() {
                        println!(
                            "  {}",
                            match lang {
                                Lang::Zh => format!("较旧的 {} 份显示为旧版本（superseded）", r.supersedes.len()),
                                Lang::En => format!("{} older copies are now shown as superseded", r.supersedes.len()),
                            }
                        );
                    }
                    for reason in r.reasons.iter().filter(|x| x.severity >= Severity::Info) {
                        println!("  - {}", reason.message(lang));
                    }
                }
            }
            Err(e) => {
                code = code.max(exit_code(&e));
                if json {
                    results.push(json!({"input": f, "error": {"code": e.code(), "message": e.message(lang)}}));
                } else {
                    eprintln!("buildcert: {f}: {}", e.message(lang));
                }
            }
        }
    }
    if json {
        println!("{}", json!(results));
    }
    code
}

/// Runs `buildcert alerts` against the wallet in `data_dir`; returns the exit code.
pub fn run_alerts(args: AlertsArgs, data_dir: &Path, lang: Lang, now: i64) -> i32 {
    let json = args.json;
    let Ok(d) = date_arg(&args.at, now) else {
        return usage_error(lang, json, "--at 需要 YYYY-MM-DD 格式的日期", "--at takes a date as YYYY-MM-DD");
    };
    let w = match Wallet::open(data_dir) {
        Ok(w) => w,
        Err(e) => return fail(&e, lang, json),
    };
    let alerts: Vec<Alert> = match if args.new { w.take_new_alerts(d, now) } else { w.alerts(d, now) } {
        Ok(a) => a,
        Err(e) => return fail(&e, lang, json),
    };
    if let Some(p) = &args.ics {
        match w.alerts_ics(d) {
            Ok(cal) => {
                if let Err(e) = std::fs::write(p, cal) {
                    return fail(&WalletError::Io { path: p.clone(), detail: e.to_string() }, lang, json);
                }
            }
            Err(e) => return fail(&e, lang, json),
        }
    }
    if json {
        println!("{}", json!({"date": format_date(d), "alerts": alerts}));
    } else if alerts.is_empty() {
        println!(
            "{}",
            match lang {
                Lang::Zh => format!("{} 没有需要处理的提醒", format_date(d)),
                Lang::En => format!("No alerts on {}", format_date(d)),
            }
        );
    } else {
        for a in &alerts {
            let sym = match a.severity {
                Severity::Error => "✕",
                Severity::Warning => "!",
                Severity::Info => "i",
            };
            println!("{sym} #{} {} {} [{}]  {}", a.cert_id, a.holder_name, a.registration, a.code, a.message(lang));
        }
    }
    if alerts.iter().any(|a| a.severity == Severity::Error) {
        1
    } else {
        0
    }
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

/// What to do with an official-format certificate on import.
pub struct OfficialOpts<'a> {
    /// Store the fields (after corrections).
    pub confirm: bool,
    /// FIELD=VALUE corrections.
    pub set: &'a [String],
    /// Print the ID number unmasked.
    pub reveal_id: bool,
}

fn field_by_name(name: &str) -> Option<Field> {
    let n = name.trim().to_ascii_lowercase().replace('-', "_");
    Field::ALL.into_iter().find(|f| f.as_str() == n)
}

fn date_value(field: Field, v: &str) -> Result<NaiveDate, (String, String)> {
    buildcert_official::parse_date_any(v).ok_or_else(|| {
        (
            format!("--set {}：“{v}”不是日期，应为 YYYY-MM-DD、YYYY-M-D 或 YYYY年M月D日", field.as_str()),
            format!("--set {}: \"{v}\" is not a date; use YYYY-MM-DD, YYYY-M-D or YYYY年M月D日", field.as_str()),
        )
    })
}

/// Applies one `--set FIELD=VALUE` to the fields.
pub fn set_field(f: &mut OfficialFields, kv: &str) -> Result<(), (String, String)> {
    let names: Vec<&str> = Field::ALL.iter().map(|f| f.as_str()).collect();
    let Some((k, v)) = kv.split_once('=').or_else(|| kv.split_once('＝')) else {
        return Err((
            format!("--set 需要 字段=值（字段：{}），收到“{kv}”", names.join(" ")),
            format!("--set takes FIELD=VALUE (fields: {}), got \"{kv}\"", names.join(" ")),
        ));
    };
    let Some(field) = field_by_name(k) else {
        return Err((
            format!("--set：未知字段“{}”，可用字段：{}", k.trim(), names.join(" ")),
            format!("--set: unknown field \"{}\"; the fields are: {}", k.trim(), names.join(" ")),
        ));
    };
    let v = v.trim();
    let text = |v: &str| if v.is_empty() { None } else { Some(v.to_string()) };
    match field {
        Field::Name => f.name = text(v),
        Field::Reg => f.reg = text(v),
        Field::Employer => f.employer = text(v),
        Field::Uscc => f.uscc = text(&v.to_ascii_uppercase()),
        Field::Idn => f.idn = text(&v.to_ascii_uppercase()),
        Field::Sex => {
            f.sex = Some(match v.to_ascii_lowercase().as_str() {
                "男" | "m" | "male" => Sex::M,
                "女" | "f" | "female" => Sex::F,
                _ => {
                    return Err((
                        format!("--set sex：应为 男 或 女（M 或 F），收到“{v}”"),
                        format!("--set sex: 男 or 女 (M or F), got \"{v}\""),
                    ))
                }
            })
        }
        Field::Dob => f.dob = Some(date_value(field, v)?),
        Field::Issued => f.issued = Some(date_value(field, v)?),
        Field::UseFrom => f.use_from = Some(date_value(field, v)?),
        Field::UseTo => f.use_to = Some(date_value(field, v)?),
        Field::Specialties => {
            let mut out = Vec::new();
            for part in v.split([';', '；']).map(str::trim).filter(|p| !p.is_empty()) {
                let bits: Vec<&str> = part.split([':', '：']).map(str::trim).collect();
                let bad = || {
                    (
                        format!("--set specialties：“{part}”应为 专业:起始日:截止日，多个专业用分号分隔"),
                        format!(
                            "--set specialties: \"{part}\" should be NAME:FROM:TO, several separated by semicolons"
                        ),
                    )
                };
                if bits.len() != 3 || bits[0].is_empty() {
                    return Err(bad());
                }
                let from = buildcert_official::parse_date_any(bits[1]).ok_or_else(bad)?;
                let to = buildcert_official::parse_date_any(bits[2]).ok_or_else(bad)?;
                out.push(OfficialSpecialty { name: bits[0].to_string(), from, to });
            }
            f.specialties = out;
        }
    }
    Ok(())
}

fn field_value(f: &OfficialFields, field: Field, reveal_id: bool) -> Option<String> {
    let d = |x: Option<NaiveDate>| x.map(format_date);
    match field {
        Field::Name => f.name.clone(),
        Field::Sex => f.sex.map(|s| s.zh().to_string()),
        Field::Dob => d(f.dob),
        Field::Reg => f.reg.clone(),
        Field::Employer => f.employer.clone(),
        Field::Uscc => f.uscc.clone(),
        Field::Idn => {
            f.idn.as_deref().map(|i| if reveal_id { i.to_string() } else { buildcert_official::mask_any_id(i) })
        }
        Field::Specialties if f.specialties.is_empty() => None,
        Field::Specialties => Some(
            f.specialties
                .iter()
                .map(|s| format!("{} {} – {}", s.name, format_date(s.from), format_date(s.to)))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        Field::Issued => d(f.issued),
        Field::UseFrom => d(f.use_from),
        Field::UseTo => d(f.use_to),
    }
}

/// Shows, and with --confirm stores, an official-format certificate.
/// Returns the exit code (0 stored or already stored; 1 not stored: not
/// confirmed, fields missing or wrong; 2 wallet error) and the JSON result.
#[allow(clippy::too_many_arguments)]
fn official_import(
    w: &Wallet,
    input: &str,
    name: &str,
    bytes: &[u8],
    o: &OfficialOpts,
    lang: Lang,
    now: i64,
    json: bool,
) -> (i32, serde_json::Value) {
    let (tz, te) = (buildcert_official::TERM_ZH, buildcert_official::TERM_EN);
    let extraction = buildcert_official::extract_from_pdf(bytes, &buildcert_scan::Limits::default());
    let (read, (mzh, men), urls) = match &extraction {
        Ok(ex) => (ex.fields().cloned(), ex.message(), ex.query_urls().to_vec()),
        Err(e) => (None, e.message(), vec![]),
    };
    let mut fields = read.clone().unwrap_or_default();
    if fields.query_urls.is_empty() {
        fields.query_urls = urls;
    }
    for kv in o.set {
        // Checked before any file was read; cannot fail here.
        let _ = set_field(&mut fields, kv);
    }
    let shown = if o.reveal_id { fields.clone() } else { fields.masked() };
    let names: Vec<&str> = Field::ALL.iter().map(|f| f.as_str()).collect();
    let (cant_zh, cant_en) = (
        format!("无法从该文件读取证书信息：每一项都须用 --set 字段=值 给出（字段：{}），再加 --confirm 保存", names.join(" ")),
        format!(
            "The certificate's fields cannot be read from this file: every field must be given with --set FIELD=VALUE (fields: {}), then --confirm to store it",
            names.join(" ")
        ),
    );
    if !json {
        println!("{input}: i {}", pick(lang, tz, te));
        println!("  {}", pick(lang, &mzh, &men));
        if read.is_none() {
            println!("  {}", pick(lang, &cant_zh, &cant_en));
        }
        for field in Field::ALL {
            let v =
                field_value(&shown, field, true).unwrap_or_else(|| pick(lang, "（未读取）", "(not read)").to_string());
            println!("  {}{} {v}", pick(lang, field.zh(), field.en()), pick(lang, "：", ":"));
        }
        for u in &shown.query_urls {
            let c = buildcert_official::describe_other_code(u);
            println!("  {} {}", pick(lang, "二维码：", "QR code:"), pick(lang, &c.zh, &c.en));
        }
    }
    let mut out = json!({"input": input, "official": {"fields": shown, "read": read.is_some(), "message": pick(lang, &mzh, &men)}});
    if read.is_none() {
        out["official"]["form_needed"] = json!(pick(lang, &cant_zh, &cant_en));
    }
    if !o.confirm {
        let (zh, en) = (
            "未保存：请逐项核对；如有错误用 --set 字段=值 更正，确认无误后加 --confirm 保存",
            "Not stored: check every field, correct any with --set FIELD=VALUE, then add --confirm to store it",
        );
        if !json {
            println!("  {}", pick(lang, zh, en));
        }
        out["official"]["stored"] = json!(false);
        out["official"]["next"] = json!(pick(lang, zh, en));
        return (1, out);
    }
    let Some(entry) = ConfirmedEntry::from_fields(&fields, now) else {
        let missing = fields.missing();
        let zh: Vec<&str> = missing.iter().map(|f| f.zh()).collect();
        let en: Vec<&str> = missing.iter().map(|f| f.as_str()).collect();
        let (mz, me) = (
            format!("未保存：缺少 {}；请用 --set 给出（{}）", zh.join("、"), en.join(" ")),
            format!("Not stored: missing {}; give them with --set", en.join(", ")),
        );
        if !json {
            eprintln!("buildcert: {input}: {}", pick(lang, &mz, &me));
        }
        out["official"]["stored"] = json!(false);
        out["error"] = json!({"code": "fields_missing", "message": pick(lang, &mz, &me)});
        return (1, out);
    };
    match w.add_official(&entry, read.as_ref(), Some((name, bytes)), now) {
        Ok(r) => {
            if !json {
                let head = if r.added {
                    match lang {
                        Lang::Zh => format!("已存入（{tz}）"),
                        Lang::En => format!("stored ({})", te.to_lowercase()),
                    }
                } else {
                    pick(lang, "已在证书夹中", "already in the wallet").to_string()
                };
                let idm = if o.reveal_id { entry.idn.clone().unwrap_or_default() } else { r.id_masked.clone() };
                println!("#{} {}  {} {} {}  — {head}", r.id, input, r.holder_name, r.registration, idm);
                let (dz, de) = r.verdict.date_status.words();
                println!("  {}", pick(lang, dz, de));
                for reason in &r.verdict.reasons {
                    println!("  - {}", reason.message(lang));
                }
                if r.superseded {
                    println!(
                        "  ! {}",
                        pick(lang, "已有更新的下载版本，此份为旧版本", "a newer copy exists; this one is superseded")
                    );
                }
                println!("  {}", r.verdict.explanation(lang));
            }
            out["official"]["stored"] = json!(true);
            out["result"] = json!(r);
            (0, out)
        }
        Err(e) => {
            if !json {
                eprintln!("buildcert: {input}: {}", e.message(lang));
            }
            out["official"]["stored"] = json!(false);
            out["error"] = json!({"code": e.code(), "message": e.message(lang)});
            (exit_code(&e).max(1), out)
        }
    }
}
