//! `buildcert tender`: the tender check (投标核查) — every candidate file of a
//! bid verified at the bid date with the bidding company's USCC and each
//! role's specialty, matched across the batch, with reports.
//!
//! Exit status: 0 every role is covered by a valid certificate (with no
//! `--role`: every file holds a valid certificate); 1 otherwise (a role
//! filled only by an unverified, official-format certificate counts as not
//! covered); 2 wrong arguments, no trust list, or a report that could not be
//! written.
//!
//! Saved tenders (`--save`, `--list`, `--recheck ID`, `--delete ID`) live in
//! the wallet; the binary handles them in `tender_saved.rs` (this module
//! only parses the flags, so that it compiles without the wallet).

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use buildcert_bc1::date::{format_date, parse_date};
use buildcert_bc1::{Lang, TrustList};
use buildcert_tender::{
    expand_inputs, run_tender, write_report_encoded, CsvEncoding, ReportFormat, Role, RunOptions, Tender, TenderResult,
};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

/// Arguments of `buildcert tender`.
#[derive(Args, Debug)]
pub struct TenderArgs {
    /// Bid date (投标截止日), the check date D: YYYY-MM-DD. With --recheck: check the saved tender at this date instead.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day, required_unless_present_any = ["list", "recheck", "delete"])]
    pub date: Option<NaiveDate>,
    /// A date the usage periods must still cover: whoever's ends before it is
    /// flagged to download a new copy (a warning).
    #[arg(long = "valid-until", value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub valid_until: Option<NaiveDate>,
    /// The bidding company's unified social credit code (统一社会信用代码).
    #[arg(long, value_name = "USCC", required_unless_present_any = ["list", "recheck", "delete"])]
    pub uscc: Option<String>,
    /// The bidding company's name (printed on reports; compared with the
    /// employer of official-format certificates that print no USCC).
    #[arg(long, value_name = "NAME")]
    pub company: Option<String>,
    /// A name for the tender (printed on reports).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// A role and the specialty it requires, e.g. --role 项目经理=建筑工程 (repeatable).
    #[arg(long = "role", value_name = "NAME=SPECIALTY")]
    pub roles: Vec<String>,
    /// Write a report: FILE.csv, FILE.xlsx or FILE.pdf (repeatable).
    #[arg(long = "report", value_name = "FILE")]
    pub reports: Vec<PathBuf>,
    /// The encoding of CSV reports: utf8 (with a BOM, for Excel and WPS) or
    /// gb18030 (no BOM, for older systems that want it).
    #[arg(long = "csv-encoding", value_enum, value_name = "ENCODING", default_value_t = CsvEncodingArg::Utf8)]
    pub csv_encoding: CsvEncodingArg,
    /// Print the result as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Use this trust list file (verified under the pinned root keys) instead of the installed one.
    #[arg(long, value_name = "FILE")]
    pub trust_list: Option<String>,
    /// Pin a root key (64 hex characters) for this run (repeatable).
    #[arg(long = "root-key", value_name = "HEX")]
    pub root_keys: Vec<String>,
    /// Worker threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Save the tender and its result in the wallet (prints the saved id), to list and re-check later.
    #[arg(long)]
    pub save: bool,
    /// List the tenders saved in the wallet.
    #[arg(long, conflicts_with_all = ["recheck", "delete", "inputs"])]
    pub list: bool,
    /// Re-check a saved tender (by id, see --list) with the wallet's current trust list, without its files
    /// (--date: at another bid date; --save: store the new result; --report, --json as usual).
    #[arg(long, value_name = "ID", conflicts_with_all = ["delete", "inputs"])]
    pub recheck: Option<i64>,
    /// Delete a saved tender (by id).
    #[arg(long, value_name = "ID", conflicts_with = "inputs")]
    pub delete: Option<i64>,
    /// Files (PDF, image, QR text) or folders (searched recursively).
    #[arg(value_name = "FILE_OR_DIR", required_unless_present_any = ["list", "recheck", "delete"])]
    pub inputs: Vec<PathBuf>,
}

/// The values of `--csv-encoding`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvEncodingArg {
    /// UTF-8 with a BOM.
    Utf8,
    /// GB18030, no BOM.
    Gb18030,
}

impl From<CsvEncodingArg> for CsvEncoding {
    fn from(a: CsvEncodingArg) -> CsvEncoding {
        match a {
            CsvEncodingArg::Utf8 => CsvEncoding::Utf8Bom,
            CsvEncodingArg::Gb18030 => CsvEncoding::Gb18030,
        }
    }
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    parse_date(s.trim()).ok_or_else(|| format!("日期应为 YYYY-MM-DD / a date is YYYY-MM-DD: {s}"))
}

fn say(lang: Lang, zh: &str, en: &str) {
    eprintln!(
        "buildcert: {}",
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    );
}

/// Runs the tender check; see the module documentation for the exit status.
/// (The binary calls [`run_keep`]; tests/tender_module.rs calls this.)
#[allow(dead_code)]
pub fn run(args: TenderArgs, lang: Lang, now: i64, trust: Option<TrustList>) -> i32 {
    run_keep(args, lang, now, trust).1
}

/// [`run`], also returning the result (for `--save`).
pub fn run_keep(args: TenderArgs, lang: Lang, now: i64, trust: Option<TrustList>) -> (Option<TenderResult>, i32) {
    let (Some(date), Some(uscc)) = (args.date, args.uscc.clone()) else {
        say(lang, "需要 --date 和 --uscc", "--date and --uscc are required");
        return (None, 2);
    };
    if args.inputs.is_empty() {
        say(lang, "请给出要核查的文件或文件夹", "give the files or folders to check");
        return (None, 2);
    }
    let Some(trust) = trust else {
        say(
            lang,
            "没有信任列表，无法核验：请先用 buildcert trust import 导入信任列表",
            "no trust list, so nothing can be verified: import one first with buildcert trust import",
        );
        return (None, 2);
    };
    let mut roles = Vec::new();
    for r in &args.roles {
        match r.parse::<Role>() {
            Ok(role) => roles.push(role),
            Err(e) => {
                eprintln!("buildcert: {}", e.localized().get(lang));
                return (None, 2);
            }
        }
    }
    for p in &args.reports {
        if let Err(e) = ReportFormat::from_path(p) {
            eprintln!("buildcert: {}", e.localized().get(lang));
            return (None, 2);
        }
    }
    let tender = Tender {
        name: args.name.clone().unwrap_or_else(|| format!("投标核查 {}", format_date(date))),
        bid_date: date,
        valid_until: args.valid_until,
        company: args.company.clone(),
        uscc: uscc.trim().to_string(),
        roles,
        inputs: args.inputs.clone(),
    };
    if let Err(e) = tender.validate() {
        eprintln!("buildcert: {}", e.localized().get(lang));
        return (None, 2);
    }
    let expanded = expand_inputs(&args.inputs);
    if let Some(why) = &expanded.stopped {
        eprintln!("buildcert: {}", why.get(lang));
        return (None, 2);
    }
    if expanded.files.is_empty() {
        say(lang, "没有找到可核查的文件（PDF、图片或文本）", "no files to check were found (PDF, image or text)");
        return (None, 2);
    }

    let bar = indicatif::ProgressBar::new(expanded.files.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {eta} {wide_msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let progress = |p: buildcert_tender::Progress| {
        bar.set_position(p.done as u64);
        bar.set_message(p.file);
    };
    let cancel = AtomicBool::new(false);
    let opts = RunOptions { threads: args.threads, ..RunOptions::default() };
    let result = match run_tender(&tender, &expanded.files, &trust, now, &opts, &progress, &cancel) {
        Ok(r) => r,
        Err(e) => {
            bar.finish_and_clear();
            eprintln!("buildcert: {}", e.localized().get(lang));
            return (None, 2);
        }
    };
    bar.finish_and_clear();
    if !expanded.skipped.is_empty() {
        let n = expanded.skipped.len();
        say(
            lang,
            &format!("文件夹中有 {n} 个文件不是 PDF、图片或文本，已跳过"),
            &format!("{n} files in the folders are not PDF, image or text and were skipped"),
        );
    }

    let exit = report_and_print(&result, &args.reports, args.csv_encoding.into(), args.json, lang);
    (Some(result), exit)
}

/// Writes the `reports` (CSV ones in `csv`) and prints the result (text or
/// `--json`); returns the exit status (0 passed, 1 not, 2 a report could not
/// be written).
pub fn report_and_print(result: &TenderResult, reports: &[PathBuf], csv: CsvEncoding, json: bool, lang: Lang) -> i32 {
    let mut exit = if result.passed { 0 } else { 1 };
    let mut fonts = None;
    for p in reports {
        if ReportFormat::from_path(p).ok() == Some(ReportFormat::Pdf) && fonts.is_none() {
            match buildcert_pdfgen::Fonts::discover() {
                Ok(f) => fonts = Some(f),
                Err(e) => {
                    eprintln!("buildcert: {}", e.localized().get(lang));
                    exit = 2;
                    continue;
                }
            }
        }
        if let Err(e) = write_report_encoded(result, lang, p, fonts.as_ref(), csv) {
            eprintln!("buildcert: {}", e.localized().get(lang));
            exit = 2;
        }
    }

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if json {
        let mut shown = result.clone();
        for r in &mut shown.rows {
            r.qr_text = None; // it encodes the full ID number
        }
        match serde_json::to_string_pretty(&shown) {
            Ok(s) => {
                let _ = writeln!(out, "{s}");
            }
            Err(e) => {
                eprintln!("buildcert: {e}");
                exit = 2;
            }
        }
    } else {
        print_text(&mut out, result, lang);
    }
    exit
}

fn print_text(out: &mut impl Write, r: &TenderResult, lang: Lang) {
    for l in buildcert_tender::summary_lines(r, lang) {
        let _ = writeln!(out, "{l}");
    }
    let _ = writeln!(out);
    let (_, rows) = buildcert_tender::report_rows(r, lang, true);
    for (cells, _) in rows {
        // No. verdict name registration — file; then specialties, usage, employer, role; then reasons.
        let _ = writeln!(out, "{:>3}. {}  {}  {}  — {}", cells[0], cells[10], cells[2], cells[3], cells[1]);
        let (spec, until, role) = match lang {
            Lang::Zh => ("注册专业", "使用有效期至", "拟任岗位"),
            Lang::En => ("Specialties", "Usage until", "Role"),
        };
        if cells[2] != "—" {
            let _ = writeln!(out, "     {spec}: {}  {until}: {}  {role}: {}", cells[5], cells[6], cells[9]);
        }
        for reason in cells[11].lines() {
            let _ = writeln!(out, "     · {reason}");
        }
    }
}
