//! `buildcert verify`: one verdict per input.

use std::io::{Read, Write};

use buildcert_bc1::{
    date::parse_date, date::today_cst, CheckContext, CodedMessage, Lang, Localized, Policy, Thresholds,
};
use buildcert_check::OutcomeStatus;
use buildcert_scan::Limits;
use buildcert_service::record::{self, InspectionRecord, OfficialPart, RecordedCheck, TrustStamp};
use clap::Args;

use crate::lang::error;
use crate::output;
use crate::trust_cmd::{load_trust, LoadedTrust, TrustArgs};

/// Arguments of `buildcert verify`.
#[derive(Args)]
pub struct VerifyArgs {
    /// One JSON object per input, one per line.
    #[arg(long)]
    pub json: bool,
    /// Check date D as YYYY-MM-DD (default: today in UTC+08:00).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub at: Option<String>,
    #[command(flatten)]
    pub trust: TrustArgs,
    /// Tender policy: the bidding company's unified social credit code.
    #[arg(long, value_name = "USCC")]
    pub employer_uscc: Option<String>,
    /// Tender policy: a specialty that must be valid at D (repeatable).
    #[arg(long, value_name = "NAME")]
    pub require_specialty: Vec<String>,
    /// Warn this many days before the usage period ends (default 30).
    #[arg(long, value_name = "DAYS", default_value_t = 30)]
    pub expiring_days: i64,
    /// Show the full resident ID number (masked by default).
    #[arg(long)]
    pub reveal_id: bool,
    /// Also write the inspection record (现场核查记录) of every input
    /// checked to FILE.pdf (replaced if it exists).
    #[arg(long, value_name = "FILE.pdf")]
    pub report: Option<std::path::PathBuf>,
    /// The inspector's note printed on the record (with --report).
    #[arg(long, value_name = "TEXT", requires = "report")]
    pub note: Option<String>,
    /// Files holding QR text, images or PDFs (type sniffed from the content), or - for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
}

/// Reads a file (or standard input for `-`) up to the size limit.
/// Why it could not be read is a stable code and a message in both languages.
pub fn read_input(input: &str, limits: &Limits) -> Result<Vec<u8>, CodedMessage> {
    let max = limits.max_file_bytes;
    if input != "-" {
        // Only a regular file: a FIFO or device is refused before it is opened.
        return buildcert_check::read_file(std::path::Path::new(input), max)
            .map_err(|e| CodedMessage::new(e.code(), e.localized()));
    }
    let mut buf = Vec::new();
    std::io::stdin().lock().take(max + 1).read_to_end(&mut buf).map_err(|e| {
        CodedMessage::new(
            "io",
            Localized::new(format!("无法读取标准输入：{e}"), format!("cannot read standard input: {e}")),
        )
    })?;
    if buf.len() as u64 > max {
        return Err(CodedMessage::new(
            "too_large",
            Localized::new(
                format!("文件超过 {} MiB 上限", max >> 20),
                format!("the file is larger than the {} MiB limit", max >> 20),
            ),
        ));
    }
    Ok(buf)
}

/// Parses `--at`.
pub fn parse_at(at: Option<&str>, now: i64, lang: Lang) -> Result<chrono::NaiveDate, i32> {
    match at {
        None => Ok(today_cst(now)),
        Some(s) => parse_date(s).ok_or_else(|| {
            error(
                lang,
                &format!("--at 日期格式应为 YYYY-MM-DD，收到 {s:?}"),
                &format!("--at must be a date as YYYY-MM-DD, got {s:?}"),
            );
            2
        }),
    }
}

/// Runs the command and returns the exit status.
pub fn run(a: VerifyArgs, lang: Lang, now: i64) -> i32 {
    let date = match parse_at(a.at.as_deref(), now, lang) {
        Ok(d) => d,
        Err(c) => return c,
    };
    if let Some(p) = &a.report {
        if !p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
            error(
                lang,
                &format!("--report 须为 .pdf 文件：{}", p.display()),
                &format!("--report must name a .pdf file: {}", p.display()),
            );
            return 2;
        }
    }
    // Reading an official-format PDF needs no trust list (its answer is
    // always "unverified"), so the list is loaded when a BC1 code is first
    // met. A list file named on the command line is loaded at once, so a mistake in
    // it is reported whatever the inputs.
    let mut trust: Option<LoadedTrust> = None;
    if a.trust.trust_list.is_some() {
        match load_trust(&a.trust, lang) {
            Ok(t) => trust = Some(t),
            Err(c) => return c,
        }
    }
    let policy = (a.employer_uscc.is_some() || !a.require_specialty.is_empty())
        .then(|| Policy { employer_uscc: a.employer_uscc.clone(), required_specialties: a.require_specialty.clone() });
    let ctx = CheckContext {
        date,
        now,
        thresholds: Thresholds { usage_expiring_days: a.expiring_days, ..Thresholds::default() },
        policy,
    };
    let base_limits = Limits::default();
    let no_list = LoadedTrust { list: empty_trust_list(), demo: false };
    let color = !a.json && std::io::IsTerminal::is_terminal(&std::io::stdout());
    let mut worst = Exit::Ok;
    let mut record = Vec::new();
    let stdout = std::io::stdout();
    for input in &a.inputs {
        // One time budget for each input: the scan and the reading of an
        // official-format PDF's text share it.
        let limits = base_limits.for_one_input();
        let mut official = None;
        let mut folded = false;
        let mut outcome = match read_input(input, &limits) {
            Ok(bytes) => {
                let bytes = fold_text_input(bytes, &mut folded);
                let o = match buildcert_check::read(&bytes, &limits) {
                    Ok(r) => {
                        if trust.is_none() && (!r.bc1.is_empty() || r.attachment.is_some()) {
                            // A BC1 code: without a trust list, an error as before.
                            match load_trust(&a.trust, lang) {
                                Ok(t) => trust = Some(t),
                                Err(c) => return c,
                            }
                        }
                        // Without a BC1 code the list is not consulted.
                        buildcert_check::check(&r, &trust.as_ref().unwrap_or(&no_list).list, &ctx)
                    }
                    Err(e) => buildcert_check::Outcome::from_error(&e),
                };
                official = official_reading(&o, &bytes, &limits, &ctx, now);
                o
            }
            Err(e) => buildcert_check::Outcome {
                status: OutcomeStatus::Error,
                verdict: None,
                more: vec![],
                other_codes: vec![],
                error: Some(e),
                qr_text: None,
            },
        };
        if official.as_ref().is_some_and(|o| o.verdict.is_some()) {
            // An official-format certificate: its fields were read, never "valid".
            outcome.status = OutcomeStatus::Unverified;
            outcome.error = None;
        }
        worst = worst.max(Exit::of(outcome.status));
        if a.report.is_some() {
            record.push(recorded(input, &outcome, official.as_ref(), trust.as_ref(), now));
        }
        let mut out = stdout.lock();
        if a.json {
            let mut line = output::json_line(input, &outcome, official.as_ref(), lang, a.reveal_id);
            if folded {
                line = output::mark_typed_text_folded(&line, lang);
            }
            let _ = writeln!(out, "{line}");
        } else {
            let mut block = output::human(
                input,
                &outcome,
                official.as_ref(),
                lang,
                a.reveal_id,
                color,
                trust.as_ref().unwrap_or(&no_list),
                date,
            );
            if folded {
                block = output::note_typed_text_folded(&block, lang);
            }
            let _ = write!(out, "{block}");
        }
    }
    if let Some(path) = &a.report {
        let mut r = InspectionRecord::of(record, a.note.as_deref());
        r.reveal_id = a.reveal_id;
        if let Err(m) = write_record(&r, now, path) {
            error(lang, &m.zh, &m.en);
            worst = worst.max(Exit::Error);
        }
    }
    worst.code()
}

/// One input's check as the inspection record keeps it.
fn recorded(
    input: &str,
    o: &buildcert_check::Outcome,
    official: Option<&OfficialReading>,
    trust: Option<&LoadedTrust>,
    now: i64,
) -> RecordedCheck {
    let name = if input == "-" { Localized::new("标准输入", "standard input") } else { record::input_file(input) };
    // The list counts only when a BC1 code was checked against it.
    let stamp = trust
        .filter(|_| o.verdict.is_some())
        .map(|t| TrustStamp { demo: t.demo || t.list.demo, ..TrustStamp::of(&t.list) });
    let part = official.and_then(|r| match (r.extraction.fields(), &r.verdict) {
        (Some(f), Some(v)) => Some(OfficialPart { fields: f.clone(), verdict: v.clone() }),
        _ => None,
    });
    RecordedCheck::new(name, now, o, stamp).with_official(part)
}

/// Draws the record and writes it (through a temporary file beside it).
fn write_record(r: &InspectionRecord, now: i64, path: &std::path::Path) -> Result<(), Localized> {
    let fonts = buildcert_pdfgen::Fonts::discover().map_err(|e| e.localized())?;
    buildcert_service::write_record_pdf(r, now, &fonts, path).map_err(|e| e.localized())
}

/// Text input (a QR text typed by a keyboard-mode scanner, pasted, or saved
/// to a file) folded back per BC1 §2: full-width forms to ASCII, and Caps
/// Lock's lower case to upper case. Only when the folded text is a BC1 text,
/// so another code's text (a web link) is left as it is. Images and PDFs are
/// never touched: their codes were read by the decoder, not typed.
fn fold_text_input(bytes: Vec<u8>, folded: &mut bool) -> Vec<u8> {
    if buildcert_scan::sniff(&bytes) != buildcert_scan::InputKind::Text {
        return bytes;
    }
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return bytes;
    };
    let (f, did) = buildcert_bc1::codec::fold_typed_text(text);
    if did && f.trim_start().starts_with(buildcert_bc1::codec::PREFIX) {
        *folded = true;
        return f.into_bytes();
    }
    bytes
}

/// A trust list trusting no key: stands in when no list is needed (an input
/// with no BC1 code is never checked against one).
fn empty_trust_list() -> buildcert_bc1::TrustList {
    buildcert_bc1::TrustList {
        seq: 0,
        issued: 0,
        next: 0,
        keys: vec![],
        rl: vec![],
        rr: vec![],
        root_kid: String::new(),
        raw: vec![],
        demo: false,
    }
}

/// Exit statuses, ordered by precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Exit {
    Ok,
    Unverified,
    Invalid,
    Error,
}

impl Exit {
    fn of(s: OutcomeStatus) -> Exit {
        match s {
            OutcomeStatus::Valid | OutcomeStatus::Warning => Exit::Ok,
            OutcomeStatus::Unverified => Exit::Unverified,
            OutcomeStatus::Invalid => Exit::Invalid,
            OutcomeStatus::Error => Exit::Error,
        }
    }
    fn code(self) -> i32 {
        match self {
            Exit::Ok => 0,
            Exit::Invalid => 1,
            Exit::Error => 2,
            Exit::Unverified => 3,
        }
    }
}

/// What was read off an official-format (non-BC1) certificate PDF.
pub struct OfficialReading {
    /// The fields read (or why they could not be).
    pub extraction: buildcert_official::Extraction,
    /// The date rules on the fields read, when every needed field was read.
    pub verdict: Option<buildcert_official::OfficialVerdict>,
}

/// For a PDF holding no BC1 code (or none readable), reads the printed fields
/// of today's official layout and runs the BC1 date rules on them.
fn official_reading(
    o: &buildcert_check::Outcome,
    bytes: &[u8],
    limits: &Limits,
    ctx: &CheckContext,
    now: i64,
) -> Option<OfficialReading> {
    if !matches!(o.status, OutcomeStatus::Unverified | OutcomeStatus::Error)
        || buildcert_scan::sniff(bytes) != buildcert_scan::InputKind::Pdf
    {
        return None;
    }
    let extraction = buildcert_official::extract_from_pdf(bytes, limits).ok()?;
    let verdict = extraction
        .fields()
        .and_then(|f| buildcert_official::ConfirmedEntry::from_fields(f, now))
        .map(|e| buildcert_official::evaluate(&e, ctx.date, &ctx.thresholds));
    Some(OfficialReading { extraction, verdict })
}
