//! 现场核查记录 / the inspection record: a PDF a site inspector keeps of
//! what was checked, for one check or for every check of a session (one
//! check is a session of one). The app's 打印/导出核查记录 and
//! `buildcert verify --report` both draw it here.
//!
//! The record shows each check's verdict, the holder data with the resident
//! ID number masked ([`buildcert_bc1::Certificate::masked`], unless the
//! caller asks to reveal it), the time of the check, the trust list it ran
//! under (seq and issue date), the reasons and the inspector's note. A
//! check under a demo (演示) root or trust list says so on its row, and the
//! whole record then carries the 演示 DEMO watermark and a demo line.
//!
//! Every text comes from a `{zh, en}` pair ([`Localized`], the reasons'
//! own messages): a line prints the Chinese, then the English. Times are
//! given by the caller (nothing here reads the clock). The page is drawn by
//! [`buildcert_pdfgen::table_report_pdf`], A4.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use buildcert_bc1::date::{cst_date_of, format_date};
use buildcert_bc1::messages::status_words;
use buildcert_bc1::{CheckContext, Lang, Localized, Reason, Severity, TrustList};
use buildcert_check::{Outcome, OutcomeStatus};
use buildcert_official::{evaluate, ConfirmedEntry, Extraction, OfficialFields, OfficialVerdict};
use buildcert_pdfgen::{table_report_pdf, Fonts, TableReport, TableRow, Tone};

use crate::ServiceError;

/// Most checks a session keeps in memory; past it the oldest are dropped
/// (and the record says how many).
pub const MAX_SESSION_CHECKS: usize = 10_000;

/// Longest inspector's note, in characters.
pub const MAX_NOTE_CHARS: usize = 1_000;

/// The trust list a check ran under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrustStamp {
    /// Its sequence number.
    pub seq: u64,
    /// When it was issued (epoch seconds).
    pub issued: i64,
    /// It rests on a demo (演示) root or is the demo profile's.
    pub demo: bool,
}

impl TrustStamp {
    /// The stamp of a trust list.
    pub fn of(list: &TrustList) -> TrustStamp {
        TrustStamp { seq: list.seq, issued: list.issued, demo: list.demo }
    }
}

/// What was read off an official-format (non-BC1) certificate: its printed
/// fields and the date rules on them. Never signature-verified.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficialPart {
    /// The fields as read.
    pub fields: OfficialFields,
    /// The date rules on them.
    pub verdict: OfficialVerdict,
}

impl OfficialPart {
    /// What was read off an official-format certificate, with the date
    /// rules at the check context: `None` unless every field they need was
    /// read (the rule `buildcert verify` and the app's Verify screen share).
    pub fn from_extraction(e: &Extraction, ctx: &CheckContext) -> Option<OfficialPart> {
        let fields = e.fields()?;
        let entry = ConfirmedEntry::from_fields(fields, ctx.now)?;
        Some(OfficialPart { fields: fields.clone(), verdict: evaluate(&entry, ctx.date, &ctx.thresholds) })
    }
}

/// One check as the record keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedCheck {
    /// What was checked: a file's name, or what kind of input (QR text,
    /// camera) in both languages.
    pub input: Localized,
    /// When it was checked (epoch seconds).
    pub checked_at: i64,
    /// The outcome (its QR text is dropped: it encodes the full ID number).
    pub outcome: Outcome,
    /// The trust list it ran under (`None` when none was needed or loaded).
    pub trust: Option<TrustStamp>,
    /// For an official-format certificate, what was read off it.
    pub official: Option<OfficialPart>,
}

impl RecordedCheck {
    /// A check of `input` at `checked_at`, under `trust`.
    pub fn new(input: Localized, checked_at: i64, outcome: &Outcome, trust: Option<TrustStamp>) -> RecordedCheck {
        let mut outcome = outcome.clone();
        outcome.qr_text = None;
        RecordedCheck { input, checked_at, outcome, trust, official: None }
    }

    /// The same, for an official-format certificate read as `official`.
    pub fn with_official(mut self, official: Option<OfficialPart>) -> RecordedCheck {
        self.official = official;
        self
    }

    /// Whether this check rests on demo (演示) data: its verdict or its
    /// trust list says so.
    pub fn demo(&self) -> bool {
        self.outcome.verdict.as_ref().is_some_and(|v| v.demo) || self.trust.is_some_and(|t| t.demo)
    }
}

/// What a check of typed, scanned or pasted QR text is called on the record.
pub fn input_qr_text() -> Localized {
    Localized::new("二维码内容（扫码枪、粘贴或输入）", "QR text (scanner, pasted or typed)")
}

/// What a check of a camera frame is called on the record.
pub fn input_camera() -> Localized {
    Localized::new("摄像头扫描", "camera")
}

/// What a check of a file is called: its name only (a full path may name
/// the computer's user).
pub fn input_file(path: &str) -> Localized {
    let name =
        Path::new(path).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.to_string());
    Localized::new(name.clone(), name)
}

/// The checks made since a session started, kept in memory only.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    started: i64,
    checks: VecDeque<RecordedCheck>,
    dropped: usize,
}

/// Which checks of a session a record holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordScope {
    /// The last check (the verdict on screen).
    Last,
    /// Every check since the session started.
    Session,
}

impl Session {
    /// A session that started at `started` (epoch seconds).
    pub fn new(started: i64) -> Session {
        Session { started, checks: VecDeque::new(), dropped: 0 }
    }

    /// When it started.
    pub fn started(&self) -> i64 {
        self.started
    }

    /// Adds a check; past [`MAX_SESSION_CHECKS`] the oldest is dropped.
    pub fn push(&mut self, check: RecordedCheck) {
        if self.checks.len() >= MAX_SESSION_CHECKS {
            self.checks.pop_front();
            self.dropped += 1;
        }
        self.checks.push_back(check);
    }

    /// How many checks it holds.
    pub fn len(&self) -> usize {
        self.checks.len()
    }

    /// Whether no check was made yet.
    pub fn is_empty(&self) -> bool {
        self.checks.is_empty()
    }

    /// The last check.
    pub fn last(&self) -> Option<&RecordedCheck> {
        self.checks.back()
    }

    /// The record of the last check or of the whole session.
    pub fn record(&self, scope: RecordScope, note: Option<&str>, reveal_id: bool) -> InspectionRecord {
        let (checks, started, dropped) = match scope {
            RecordScope::Last => (self.last().cloned().into_iter().collect(), None, 0),
            RecordScope::Session => (self.checks.iter().cloned().collect(), Some(self.started), self.dropped),
        };
        InspectionRecord { checks, session_started: started, dropped, note: note.map(str::to_string), reveal_id }
    }
}

/// An inspection record: one check, or a session's checks in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InspectionRecord {
    /// The checks, oldest first (one for the record of one check).
    pub checks: Vec<RecordedCheck>,
    /// For a session's record, when the session started.
    pub session_started: Option<i64>,
    /// Earlier checks of the session no longer kept ([`MAX_SESSION_CHECKS`]).
    pub dropped: usize,
    /// The inspector's note, printed as written.
    pub note: Option<String>,
    /// Print the full resident ID number (masked by default).
    pub reveal_id: bool,
}

impl InspectionRecord {
    /// The record of these checks.
    pub fn of(checks: Vec<RecordedCheck>, note: Option<&str>) -> InspectionRecord {
        InspectionRecord { checks, note: note.map(str::to_string), ..InspectionRecord::default() }
    }

    /// Whether any check rests on demo (演示) data.
    pub fn demo(&self) -> bool {
        self.checks.iter().any(RecordedCheck::demo)
    }
}

/// The note as printed: trimmed, control characters other than line
/// breaks removed; `None` when empty. Longer than [`MAX_NOTE_CHARS`] is refused.
fn clean_note(note: Option<&str>) -> Result<Option<String>, ServiceError> {
    let Some(n) = note else { return Ok(None) };
    let n: String = n.trim().chars().filter(|c| *c == '\n' || !c.is_control()).collect();
    if n.chars().count() > MAX_NOTE_CHARS {
        return Err(ServiceError::Invalid {
            zh: format!("备注过长：最多 {MAX_NOTE_CHARS} 个字"),
            en: format!("the note is too long: at most {MAX_NOTE_CHARS} characters"),
        });
    }
    Ok((!n.is_empty()).then_some(n))
}

/// A date and time in UTC+08:00, `YYYY-MM-DD HH:MM`.
pub fn datetime_cst(epoch: i64) -> String {
    chrono::DateTime::from_timestamp(epoch + 8 * 3600, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| epoch.to_string())
}

/// A pair printed Chinese first, English after it on the next line (once
/// when both are the same, e.g. a file name).
fn lines(l: &Localized) -> String {
    if l.zh == l.en {
        l.zh.clone()
    } else {
        format!("{}\n{}", l.zh, l.en)
    }
}

/// A pair as one line: Chinese, then English.
fn inline(l: &Localized) -> String {
    if l.zh == l.en {
        l.zh.clone()
    } else {
        format!("{}    {}", l.zh, l.en)
    }
}

/// The words of a check's verdict, with its symbol; 【演示】 / [DEMO] first
/// for a demo check, 未验证（官方格式） for an official-format one.
pub fn verdict_words(c: &RecordedCheck) -> Localized {
    let (zh, en, sym) = status_words(c.outcome.status.as_str());
    let (zh, en) = if c.official.is_some() && c.outcome.status == OutcomeStatus::Unverified {
        (buildcert_official::TERM_ZH, buildcert_official::TERM_EN)
    } else {
        (zh, en)
    };
    let demo = c.demo();
    Localized::new(
        format!("{}{sym} {zh}", if demo { "【演示】" } else { "" }),
        format!("{}{sym} {en}", if demo { "[DEMO] " } else { "" }),
    )
}

/// The line every demo record carries.
pub fn demo_notice() -> Localized {
    Localized::new(
        "【演示 DEMO】本记录基于演示根密钥或演示信任列表（演示数据），仅供试用，不能证明任何真实证书。",
        "[DEMO] This record rests on a demo root key or demo trust list (demo data): it is for trying the program only and proves nothing about a real certificate.",
    )
}

fn mark(s: Severity) -> &'static str {
    match s {
        Severity::Error => "✕",
        Severity::Warning => "!",
        Severity::Info => "i",
    }
}

fn reason_text(r: &Reason) -> Localized {
    let m = mark(r.severity);
    Localized::new(format!("{m} {}", r.message(Lang::Zh)), format!("{m} {}", r.message(Lang::En)))
}

/// Every reason of a check, in both languages: the verdict's reasons, why
/// an input could not be read, what a non-BC1 code is, the date rules of
/// an official-format certificate.
pub fn check_reasons(c: &RecordedCheck) -> Vec<Localized> {
    let o = &c.outcome;
    let mut out: Vec<Localized> = o.reasons().iter().map(reason_text).collect();
    if let Some(e) = &o.error {
        out.push(e.message.map(|t, _| format!("? {t}")));
    }
    if let Some(off) = &c.official {
        out.extend(off.verdict.reasons.iter().map(reason_text));
        out.push(Localized::new(off.verdict.explanation(Lang::Zh), off.verdict.explanation(Lang::En)));
    } else if o.status == OutcomeStatus::Unverified {
        for code in &o.other_codes {
            let d = buildcert_official::describe_other_code(code);
            let text: String = d.text.chars().take(120).collect();
            out.push(Localized::new(format!("i {text}：{}", d.zh), format!("i {text}: {}", d.en)));
        }
    }
    if !o.more.is_empty() {
        let n = o.more.len();
        out.push(Localized::new(
            format!("! 同一文件中还有 {n} 份其他证书，未列入本记录"),
            format!("! the file holds {n} more certificate(s), not in this record"),
        ));
    }
    out
}

fn l(zh: &str, en: &str) -> Localized {
    Localized::new(zh, en)
}

/// The table's columns.
fn header() -> Vec<String> {
    [
        l("序号", "No."),
        l("核查时间 / 核查对象", "Checked at / input"),
        l("持证人 / 身份号码 / 注册编号", "Holder / ID number / registration no."),
        l("聘用企业", "Employer"),
        l("注册专业 / 使用有效期", "Specialties / usage period"),
        l("结论", "Verdict"),
        l("原因", "Reasons"),
    ]
    .iter()
    .map(lines)
    .collect()
}

const WEIGHTS: [f32; 7] = [3.5, 11.5, 13.5, 11.5, 20.0, 8.5, 31.5];

/// The holder cells (holder, ID number and registration number; employer;
/// specialties and usage period) of a verified certificate or an
/// official-format reading.
fn holder_cells(c: &RecordedCheck, reveal_id: bool) -> [String; 3] {
    let dash = || "—".to_string();
    let period = |name: &str, a: chrono::NaiveDate, b: chrono::NaiveDate| {
        format!("{name} {}–{}", format_date(a), format_date(b))
    };
    let usage = inline(&l("使用有效期", "Usage period"));
    if let Some(cert) = c.outcome.verdict.as_ref().and_then(|v| v.certificate.as_ref()) {
        let cert = if reveal_id { cert.clone() } else { cert.masked() };
        let mut spec: Vec<String> = cert.spec.iter().map(|s| period(&s.n, s.from, s.to)).collect();
        spec.push(period(&usage, cert.usage.from, cert.usage.to));
        return [
            format!("{}\n{}\n{}", cert.name, cert.idn, cert.reg),
            format!("{}\n{}", cert.emp, cert.uscc),
            spec.join("\n"),
        ];
    }
    if let Some(off) = &c.official {
        let f = if reveal_id { off.fields.clone() } else { off.fields.masked() };
        let opt = |x: &Option<String>| x.clone().unwrap_or_else(dash);
        let mut spec: Vec<String> = f.specialties.iter().map(|s| period(&s.name, s.from, s.to)).collect();
        if let (Some(a), Some(b)) = (f.use_from, f.use_to) {
            spec.push(period(&usage, a, b));
        }
        let employer = match (&f.employer, &f.uscc) {
            (Some(e), Some(u)) => format!("{e}\n{u}"),
            (e, _) => opt(e),
        };
        return [format!("{}\n{}\n{}", opt(&f.name), opt(&f.idn), opt(&f.reg)), employer, spec.join("\n")];
    }
    [dash(), dash(), dash()]
}

fn tone(s: OutcomeStatus) -> Tone {
    match s {
        OutcomeStatus::Valid => Tone::Good,
        OutcomeStatus::Warning => Tone::Warn,
        OutcomeStatus::Invalid => Tone::Bad,
        OutcomeStatus::Error => Tone::Error,
        OutcomeStatus::Unverified => Tone::Info,
    }
}

/// The check's time cell: the time, and the check date D when it is not
/// that time's day (a check at another date).
fn time_cell(c: &RecordedCheck) -> String {
    let mut s = datetime_cst(c.checked_at);
    let d = c.outcome.verdict.as_ref().map(|v| v.check_date).or(c.official.as_ref().map(|o| o.verdict.check_date));
    if let Some(d) = d.filter(|d| Some(*d) != cst_date_of(c.checked_at)) {
        s.push('\n');
        s.push_str(&lines(&Localized::new(
            format!("核验日期 {}", format_date(d)),
            format!("check date {}", format_date(d)),
        )));
    }
    s
}

fn row(no: usize, c: &RecordedCheck, reveal_id: bool) -> TableRow {
    let [holder, employer, spec] = holder_cells(c, reveal_id);
    let reasons: Vec<String> = check_reasons(c).iter().map(lines).collect();
    TableRow {
        cells: vec![
            no.to_string(),
            format!("{}\n{}", time_cell(c), lines(&c.input)),
            holder,
            employer,
            spec,
            lines(&verdict_words(c)),
            if reasons.is_empty() { "—".to_string() } else { reasons.join("\n") },
        ],
        tone: tone(c.outcome.status),
    }
}

/// The trust lists the checks ran under, as one line each language.
fn trust_line(checks: &[RecordedCheck]) -> Localized {
    let mut stamps: Vec<TrustStamp> = Vec::new();
    for t in checks.iter().filter_map(|c| c.trust) {
        if !stamps.contains(&t) {
            stamps.push(t);
        }
    }
    if stamps.is_empty() {
        return l(
            "信任列表：未使用（没有需要核验签名的二维码）",
            "Trust list: none used (no QR code needed a signature check)",
        );
    }
    let day = |t: &TrustStamp| cst_date_of(t.issued).map(format_date).unwrap_or_default();
    let zh: Vec<String> = stamps
        .iter()
        .map(|t| format!("第 {} 版{}，发布于 {}", t.seq, if t.demo { "【演示】" } else { "" }, day(t)))
        .collect();
    let en: Vec<String> = stamps
        .iter()
        .map(|t| format!("seq {}{}, issued {}", t.seq, if t.demo { " [DEMO]" } else { "" }, day(t)))
        .collect();
    Localized::new(format!("信任列表：{}", zh.join("；")), format!("Trust list: {}", en.join("; ")))
}

/// The lines under the title: short pairs on one line (Chinese, then
/// English), sentences on a line each.
fn summary(r: &InspectionRecord, note: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    if r.demo() {
        out.push(lines(&demo_notice()));
    }
    let checks = &r.checks;
    if let [c] = checks.as_slice() {
        let v = verdict_words(c);
        out.push(inline(&Localized::new(format!("核查结论：{}", v.zh), format!("Verdict: {}", v.en))));
        let t = datetime_cst(c.checked_at);
        out.push(inline(&Localized::new(
            format!("核查时间：{t}（UTC+08:00）"),
            format!("Checked at: {t} (UTC+08:00)"),
        )));
    } else {
        let count = |s: OutcomeStatus| checks.iter().filter(|c| c.outcome.status == s).count();
        let all = [
            OutcomeStatus::Valid,
            OutcomeStatus::Warning,
            OutcomeStatus::Invalid,
            OutcomeStatus::Error,
            OutcomeStatus::Unverified,
        ];
        let zh: Vec<String> = all.iter().map(|s| format!("{} {}", status_words(s.as_str()).0, count(*s))).collect();
        let en: Vec<String> = all.iter().map(|s| format!("{} {}", status_words(s.as_str()).1, count(*s))).collect();
        out.push(lines(&Localized::new(
            format!("共 {} 次核查：{}", checks.len(), zh.join("，")),
            format!("{} checks: {}", checks.len(), en.join(", ")),
        )));
        let first = r.session_started.or(checks.first().map(|c| c.checked_at)).unwrap_or(0);
        let last = checks.last().map(|c| c.checked_at).unwrap_or(first);
        let (a, b) = (datetime_cst(first), datetime_cst(last));
        out.push(inline(&Localized::new(
            format!("本次核查自 {a} 至 {b}（UTC+08:00）"),
            format!("Checks from {a} to {b} (UTC+08:00)"),
        )));
        if r.dropped > 0 {
            out.push(lines(&Localized::new(
                format!("本次会话最早的 {} 次核查超出保存上限，未列入。", r.dropped),
                format!("The session's first {} checks were past the limit kept and are not listed.", r.dropped),
            )));
        }
    }
    out.push(inline(&trust_line(checks)));
    out.push(format!("{}：{}", inline(&l("检查员备注", "Inspector's note")), note.unwrap_or("—")));
    let masked = if r.reveal_id {
        l("", "")
    } else {
        l(
            "公民身份号码已隐去，只显示后四位。",
            "Resident ID numbers are masked: only the last four characters are shown. ",
        )
    };
    out.push(lines(&Localized::new(
        format!("{}纸质打印件须有持证人手写签名，且与签名图像一致方为有效；电子证书与纸质证书不一致时，以电子证书为准。", masked.zh),
        format!("{}A print is valid only with the holder's handwritten signature matching the signature image; where they differ, the e-certificate prevails.", masked.en),
    )));
    out
}

/// The record as a table report (what [`record_pdf`] draws), made at
/// `made_at` (epoch seconds, printed in the footer).
pub fn record_report(r: &InspectionRecord, made_at: i64) -> Result<TableReport, ServiceError> {
    if r.checks.is_empty() {
        return Err(ServiceError::Invalid {
            zh: "还没有核验任何证书，没有可记录的内容".into(),
            en: "no certificate has been checked yet: there is nothing to record".into(),
        });
    }
    let note = clean_note(r.note.as_deref())?;
    let demo = r.demo();
    let title = if r.checks.len() == 1 {
        l("现场核查记录", "Inspection record")
    } else {
        Localized::new(
            format!("现场核查记录（{} 次核查）", r.checks.len()),
            format!("Inspection record ({} checks)", r.checks.len()),
        )
    };
    Ok(TableReport {
        title: format!("{}{}", if demo { "【演示 DEMO】" } else { "" }, inline(&title)),
        summary: summary(r, note.as_deref()),
        header: header(),
        rows: r.checks.iter().enumerate().map(|(i, c)| row(i + 1, c, r.reveal_id)).collect(),
        column_weights: Some(WEIGHTS.to_vec()),
        footer: Some(format!(
            "{}BuildCert 建造师证书夹 {} · {} · {}",
            if demo { "演示 DEMO · " } else { "" },
            env!("CARGO_PKG_VERSION"),
            inline(&l("现场核查记录", "Inspection record")),
            inline(&Localized::new(
                format!("生成于 {}（UTC+08:00）", datetime_cst(made_at)),
                format!("made {} (UTC+08:00)", datetime_cst(made_at))
            ))
        )),
        demo,
    })
}

/// The record as PDF bytes (A4; one check fits one page), made at `made_at`.
pub fn record_pdf(r: &InspectionRecord, made_at: i64, fonts: &Fonts) -> Result<Vec<u8>, ServiceError> {
    let report = record_report(r, made_at)?;
    table_report_pdf(&report, fonts).map_err(|e| {
        let m = e.localized();
        ServiceError::Invalid {
            zh: format!("无法生成核查记录：{}", m.zh),
            en: format!("cannot draw the record: {}", m.en),
        }
    })
}

/// Writes `bytes` to `path`, replacing it: through a temporary file in the
/// same folder, renamed over it, so a reader never sees half a file.
pub fn write_replacing(path: &Path, bytes: &[u8]) -> Result<(), ServiceError> {
    use std::io::Write;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".{}.tmp", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(ServiceError::io(&tmp, e));
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        ServiceError::io(path, e)
    })
}

/// Draws the record and writes it to `path` ([`write_replacing`]).
pub fn write_record_pdf(r: &InspectionRecord, made_at: i64, fonts: &Fonts, path: &Path) -> Result<(), ServiceError> {
    write_replacing(path, &record_pdf(r, made_at, fonts)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_trimmed_cleaned_and_bounded() {
        assert_eq!(clean_note(None).unwrap(), None);
        assert_eq!(clean_note(Some("  ")).unwrap(), None);
        assert_eq!(clean_note(Some(" 现场\u{7}一\n二 ")).unwrap().as_deref(), Some("现场一\n二"));
        assert!(clean_note(Some(&"字".repeat(MAX_NOTE_CHARS))).is_ok());
        assert!(clean_note(Some(&"字".repeat(MAX_NOTE_CHARS + 1))).is_err());
    }

    #[test]
    fn times_are_utc_plus_8() {
        // 2026-11-25 06:30 UTC is 14:30 in Beijing.
        assert_eq!(datetime_cst(1_795_588_200), "2026-11-25 14:30");
    }

    #[test]
    fn a_session_keeps_its_checks_in_order_and_drops_the_oldest_past_the_cap() {
        let o = Outcome::from_error(&buildcert_check::ReadError::Empty);
        let mut s = Session::new(100);
        assert!(s.is_empty() && s.record(RecordScope::Last, None, false).checks.is_empty());
        for i in 0..MAX_SESSION_CHECKS + 2 {
            s.push(RecordedCheck::new(input_qr_text(), i as i64, &o, None));
        }
        assert_eq!(s.len(), MAX_SESSION_CHECKS);
        let all = s.record(RecordScope::Session, Some("x"), false);
        assert_eq!((all.dropped, all.session_started, all.checks[0].checked_at), (2, Some(100), 2));
        let last = s.record(RecordScope::Last, None, false);
        assert_eq!(last.checks.len(), 1);
        assert_eq!(last.checks[0].checked_at, (MAX_SESSION_CHECKS + 1) as i64);
    }

    #[test]
    fn an_empty_record_is_refused_and_a_file_is_named_without_its_folder() {
        assert!(record_report(&InspectionRecord::default(), 0).is_err());
        assert_eq!(input_file("/home/张三/证书/a.pdf").zh, "a.pdf");
    }
}
