//! Reading and verifying the candidate files in parallel, with progress and
//! cancel; re-checking a saved tender from its QR texts.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use buildcert_bc1::{CheckContext, Code, Localized, Policy, TrustList, Verdict};
use buildcert_check::{check, read, OutcomeStatus, ReadError};
use buildcert_scan::Limits;
use rayon::prelude::*;

use crate::assess::assess;
use crate::error::TenderError;
use crate::model::{Progress, ReasonCode, Row, RowReason, SpecialtyCell, Tender, TenderResult};
use crate::words::{note, TenderCode};

/// File name extensions taken from a folder (case-insensitive). Files named
/// explicitly are always read, whatever their name.
pub const SUPPORTED_EXTENSIONS: &[&str] = &["pdf", "png", "jpg", "jpeg", "webp", "bmp", "tif", "tiff", "gif", "txt"];

/// Deepest folder nesting followed; past it the walk stops (see [`Expanded::stopped`]).
pub const MAX_DEPTH: usize = 32;
/// Most files taken from folders in one run; past it the walk stops.
pub const MAX_FILES: usize = 5_000;

/// The files of a run, from the inputs a person chose.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expanded {
    /// Files to check: inputs in the order given, each folder's files sorted
    /// by path. A path that does not exist stays (it becomes an error row).
    pub files: Vec<PathBuf>,
    /// Files found in folders with other extensions (not checked), and links
    /// to folders (not followed).
    pub skipped: Vec<PathBuf>,
    /// Why the walk stopped early (more than [`MAX_FILES`] files, or folders
    /// nested deeper than [`MAX_DEPTH`]), in Chinese and in English, with what to
    /// do. When set, the run must not go on as if the folder were complete.
    pub stopped: Option<Localized>,
}

/// Expands folders (recursively, sorted, hidden entries skipped) into the
/// files to check. Never fails: an unreadable folder stays in `files` and
/// becomes an error row.
///
/// Hostile folders are bounded: links to folders are never followed (so
/// `l1 -> .` loops and links out of the tree cannot multiply the walk; links
/// to files are read as files), and the walk stops past [`MAX_FILES`] files
/// or [`MAX_DEPTH`] levels, saying so in [`Expanded::stopped`].
pub fn expand_inputs(inputs: &[PathBuf]) -> Expanded {
    expand_inputs_within(inputs, MAX_FILES, MAX_DEPTH)
}

/// [`expand_inputs`] with other caps on the number of files and the depth.
pub fn expand_inputs_within(inputs: &[PathBuf], max_files: usize, max_depth: usize) -> Expanded {
    let mut out = Expanded::default();
    let mut w = Walk { max_files, max_depth, entries: 0, taken: 0, stopped: None };
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            w.walk(input, 0, &mut found, &mut out.skipped);
            found.sort();
            out.files.extend(found);
        } else {
            out.files.push(input.clone());
        }
        if w.stopped.is_some() {
            break;
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.files.retain(|p| seen.insert(p.clone()));
    out.skipped.sort();
    out.stopped = w.stopped;
    out
}

struct Walk {
    max_files: usize,
    max_depth: usize,
    /// Entries seen (files, skipped files and folders): bounds the work of a
    /// walk even when no file is taken.
    entries: usize,
    /// Files taken, over all the folders given.
    taken: usize,
    stopped: Option<Localized>,
}

impl Walk {
    fn stop_files(&mut self, dir: &Path) {
        let (max, d) = (self.max_files, dir.display());
        self.stopped = Some(Localized::new(
            format!("文件夹中的文件超过 {max} 个，已停止查找（在 {d} 处）：请只选择本次投标的证书文件或其所在的文件夹"),
            format!("more than {max} files in the folders; the search stopped (at {d}): choose only this bid's certificate files or their folder"),
        ));
    }

    fn walk(&mut self, dir: &Path, depth: usize, files: &mut Vec<PathBuf>, skipped: &mut Vec<PathBuf>) {
        if self.stopped.is_some() {
            return;
        }
        if depth > self.max_depth {
            let (max, d) = (self.max_depth, dir.display());
            self.stopped = Some(Localized::new(
                format!("文件夹嵌套超过 {max} 层，已停止查找（在 {d} 处）：请选择证书所在的文件夹本身"),
                format!("folders nested more than {max} levels deep; the search stopped (at {d}): choose the folder that holds the certificates"),
            ));
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(_) => {
                files.push(dir.to_path_buf());
                return;
            }
        };
        for e in entries.flatten() {
            self.entries += 1;
            if self.taken > self.max_files || self.entries > self.max_files.saturating_mul(4) {
                self.stop_files(dir);
                return;
            }
            let p = e.path();
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            // The entry's own type: a link is not followed here.
            let Ok(t) = e.file_type() else {
                files.push(p);
                continue;
            };
            if t.is_dir() {
                self.walk(&p, depth + 1, files, skipped);
                if self.stopped.is_some() {
                    return;
                }
            } else if t.is_symlink() && p.is_dir() {
                // A link to a folder (maybe back up the tree): not followed.
                skipped.push(p);
            } else if p
                .extension()
                .map(|x| SUPPORTED_EXTENSIONS.contains(&x.to_string_lossy().to_ascii_lowercase().as_str()))
                .unwrap_or(false)
            {
                files.push(p);
                self.taken += 1;
            } else {
                skipped.push(p);
            }
        }
        if self.taken > self.max_files {
            self.stop_files(dir);
        }
    }
}

/// How a run is carried out.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Worker threads; 0 = one per core.
    pub threads: usize,
    /// Bounds on each input.
    pub limits: Limits,
}

/// The check context of a tender: D = bid date, policy = the bidding
/// company's USCC (each role's specialty is applied when matching).
pub(crate) fn tender_context(t: &Tender, now: i64) -> CheckContext {
    let mut ctx = CheckContext::new(t.bid_date, now);
    ctx.policy = Some(Policy { employer_uscc: Some(t.uscc.trim().to_string()), required_specialties: vec![] });
    ctx
}

/// Checks a tender: reads and verifies every file on a pool of
/// `opts.threads` threads, calling `progress` after each file (from the
/// worker threads), then matches the batch ([`assess`]).
///
/// Setting `cancel` stops the run: files not yet started are left out and
/// the result says `cancelled` (and does not pass). A file that cannot be
/// read, holds no code or makes a decoder panic becomes an `error` row; the
/// batch always goes on. `files` are checked as given (see [`expand_inputs`]).
pub fn run_tender(
    t: &Tender,
    files: &[PathBuf],
    trust: &TrustList,
    now: i64,
    opts: &RunOptions,
    progress: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<TenderResult, TenderError> {
    let inputs: Vec<TenderInput> = files.iter().cloned().map(TenderInput::File).collect();
    run_tender_inputs(t, &inputs, trust, now, opts, progress, cancel)
}

/// One input of a tender check: a file to read, or a file's content given
/// with the name to show for it (a wallet entry: nothing is written to disk).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TenderInput {
    /// A file, read when its turn comes.
    File(PathBuf),
    /// Content already in memory, shown as `name` in rows and progress.
    Bytes {
        /// The name rows and progress show (e.g. `证书夹 / wallet: a.pdf`).
        name: String,
        /// The content.
        bytes: Vec<u8>,
    },
}

impl TenderInput {
    /// What rows and progress call this input.
    pub fn label(&self) -> String {
        match self {
            TenderInput::File(p) => p.display().to_string(),
            TenderInput::Bytes { name, .. } => name.clone(),
        }
    }
}

/// [`run_tender`] over files and in-memory contents alike (see
/// [`TenderInput`]); rows and progress name a content by its `name`.
pub fn run_tender_inputs(
    t: &Tender,
    inputs: &[TenderInput],
    trust: &TrustList,
    now: i64,
    opts: &RunOptions,
    progress: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<TenderResult, TenderError> {
    t.validate()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .thread_name(|i| format!("tender-{i}"))
        .build()
        .map_err(|e| TenderError::Threads(e.to_string()))?;
    let ctx = tender_context(t, now);
    let done = AtomicUsize::new(0);
    let total = inputs.len();
    let per_file: Vec<Option<Vec<Row>>> = pool.install(|| {
        inputs
            .par_iter()
            .with_max_len(1)
            .map(|input| {
                if cancel.load(Ordering::Relaxed) {
                    return None;
                }
                let rows = match input {
                    TenderInput::File(p) => check_file(p, trust, &ctx, &opts.limits),
                    TenderInput::Bytes { name, bytes } => check_bytes(name, bytes, trust, &ctx, &opts.limits),
                };
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                progress(Progress { done: n, total, file: input.label() });
                Some(rows)
            })
            .collect()
    });
    let cancelled = per_file.iter().any(Option::is_none);
    let rows = per_file.into_iter().flatten().flatten().collect();
    Ok(assess(t, rows, trust, now, cancelled))
}

fn read_file(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    buildcert_check::read_file(path, max)
}

fn error_row(file: &str, code: TenderCode, zh: &str, en: &str) -> Row {
    let mut r = Row::new(file, 0);
    r.reasons.push(note(code, zh, en));
    r.certificate_status = OutcomeStatus::Error;
    r.status = OutcomeStatus::Error;
    r
}

/// Reads and verifies one file: one row per certificate, or one `error` /
/// `unverified` row. Never panics: a panic inside a decoder becomes an error row.
pub fn check_file(path: &Path, trust: &TrustList, ctx: &CheckContext, limits: &Limits) -> Vec<Row> {
    let file = path.display().to_string();
    let bytes = match read_file(path, limits.max_file_bytes) {
        Ok(b) => b,
        Err(e) => {
            let m = e.localized();
            return vec![error_row(&file, TenderCode::FileUnreadable, &m.zh, &m.en)];
        }
    };
    check_bytes(&file, &bytes, trust, ctx, limits)
}

/// Verifies one file's content, named `file` in its rows: one row per
/// certificate, or one `error` / `unverified` row. Never panics.
pub fn check_bytes(file: &str, bytes: &[u8], trust: &TrustList, ctx: &CheckContext, limits: &Limits) -> Vec<Row> {
    if bytes.len() as u64 > limits.max_file_bytes {
        let (zh, en) = (
            format!("文件过大（{} 字节，上限 {}）", bytes.len(), limits.max_file_bytes),
            format!("the file is too large ({} bytes, the limit is {})", bytes.len(), limits.max_file_bytes),
        );
        return vec![error_row(file, TenderCode::FileUnreadable, &zh, &en)];
    }
    let res = catch_unwind(AssertUnwindSafe(|| rows_from_bytes(file, bytes, trust, ctx, limits)));
    match res {
        Ok(rows) => rows,
        Err(_) => vec![error_row(
            file,
            TenderCode::FileUnreadable,
            "读取时发生内部错误，请换一种格式（如原始 PDF）再试",
            "an internal error occurred while reading it; try another form of the file (e.g. the original PDF)",
        )],
    }
}

fn rows_from_bytes(file: &str, bytes: &[u8], trust: &TrustList, ctx: &CheckContext, limits: &Limits) -> Vec<Row> {
    // One time budget for the file: the scan and the reading of an
    // official-format PDF's text share it.
    let limits = &limits.for_one_input();
    let reading = match read(bytes, limits) {
        Ok(r) => r,
        Err(ReadError::NoCode) => {
            if let Some(r) = official_row(file, bytes, ctx, limits, &[]) {
                return vec![r];
            }
            return vec![error_row(
                file,
                TenderCode::NoCode,
                "文件中没有二维码，也没有 bc1.txt 附件；请向持证人索取电子证书原始文件",
                "the file holds no QR code and no bc1.txt attachment; ask the holder for the original e-certificate file",
            )];
        }
        Err(ReadError::Empty) => return vec![error_row(file, TenderCode::NoCode, "文件为空", "the file is empty")],
        Err(e) => {
            let m = e.localized();
            return vec![error_row(file, TenderCode::FileUnreadable, &m.zh, &m.en)];
        }
    };
    let outcome = check(&reading, trust, ctx);
    match &outcome.verdict {
        None if outcome.status == OutcomeStatus::Unverified => {
            if let Some(r) = official_row(file, bytes, ctx, limits, &outcome.other_codes) {
                return vec![r];
            }
            let mut r = Row::new(file, 0);
            r.certificate_status = OutcomeStatus::Unverified;
            r.status = OutcomeStatus::Unverified;
            r.other_codes = outcome.other_codes.clone();
            r.reasons.push(note(
                TenderCode::UnverifiedFormat,
                "二维码不是 BC1 电子证书（例如官方查询网址），未经签名核验，不计入任何岗位；请向持证人索取 BC1 电子证书",
                "the QR code is not a BC1 e-certificate (e.g. a link to an official query page); it is not signature-verified and covers no role — ask the holder for a BC1 e-certificate",
            ));
            vec![r]
        }
        None => {
            let m = outcome.error.clone().map(|e| e.message).unwrap_or_else(|| ReadError::NoCode.localized());
            vec![error_row(file, TenderCode::NoCode, &m.zh, &m.en)]
        }
        Some(v) => {
            let mut rows = vec![row_from_verdict(file, 0, v, outcome.qr_text.clone(), ctx)];
            for (i, m) in outcome.more.iter().enumerate() {
                rows.push(row_from_verdict(file, i + 1, m, reading.bc1.get(i + 1).cloned(), ctx));
            }
            if rows.len() > 1 {
                let n = rows.len();
                for r in &mut rows {
                    r.reasons.push(note(
                        TenderCode::SeveralCertificates,
                        format!("该文件含 {n} 张不同的证书，每张单独列出；请每人提供单独的文件"),
                        format!("the file holds {n} different certificates, each listed separately; ask for one file per person"),
                    ));
                    r.recompute_status();
                }
            }
            rows
        }
    }
}

/// The one-line explanation on every official-format row (Chinese).
pub const UNVERIFIED_ROW_ZH: &str = "官方格式电子证书，本软件未核验其电子签名/印章（仅按证书上印的日期和聘用企业核查）；可匹配岗位，但该岗位不计为已核验，投标核查不因此通过。请扫描证书二维码在官方平台在线核验，或向持证人索取 BC1 电子证书";
/// The one-line explanation on every official-format row (English).
pub const UNVERIFIED_ROW_EN: &str = "official-format e-certificate whose electronic signature and seal BuildCert has not verified (only its printed dates and employer were checked); it may be matched to a role, but that role does not count as checked and the tender does not pass on it. Scan its QR code and check it online on the official platform, or ask the holder for a BC1 e-certificate";

/// A row for an official-format certificate PDF (未验证（官方格式）): the
/// printed fields and the BC1 date rules at D, plus the employer rule by
/// USCC when one is printed (by company name in [`assess`] otherwise).
/// `None` when the PDF shows no official-format fields (image-only,
/// unrecognised, unreadable).
fn official_row(file: &str, bytes: &[u8], ctx: &CheckContext, limits: &Limits, other_codes: &[String]) -> Option<Row> {
    let ex = buildcert_official::extract_from_pdf(bytes, limits).ok()?;
    let buildcert_official::Extraction::Fields { fields, missing, .. } = ex else { return None };
    let mut r = Row::new(file, 0);
    r.certificate_status = OutcomeStatus::Unverified;
    r.other_codes = other_codes.to_vec();
    for u in &fields.query_urls {
        if !r.other_codes.contains(u) {
            r.other_codes.push(u.clone());
        }
    }
    r.name = fields.name.clone();
    r.registration = fields.reg.clone();
    r.id_masked = fields.idn.as_deref().map(buildcert_official::mask_any_id);
    r.employer = fields.employer.clone();
    r.employer_uscc = fields.uscc.clone().filter(|u| !u.trim().is_empty());
    let d = ctx.date;
    r.specialties = fields
        .specialties
        .iter()
        .map(|s| SpecialtyCell { name: s.name.clone(), from: s.from, to: s.to, valid_at_bid: s.from <= d && d <= s.to })
        .collect();
    r.usage_from = fields.use_from;
    r.usage_to = fields.use_to;
    r.downloaded = fields.use_from.map(buildcert_bc1::date::cst_midnight);
    let entry = buildcert_official::ConfirmedEntry::from_fields(&fields, ctx.now);
    let problems: Vec<(String, String)> = match &entry {
        None => missing.iter().map(|f| (format!("未能读取“{}”", f.zh()), format!("{} not read", f.en()))).collect(),
        Some(e) => e
            .field_errors()
            .into_iter()
            // No printed USCC is fine here: the employer is matched by name.
            .filter(|x| !(x.field == buildcert_official::Field::Uscc && e.uscc.trim().is_empty()))
            .map(|x| (x.zh, x.en))
            .collect(),
    };
    match entry {
        Some(e) if problems.is_empty() => {
            let policy = ctx.policy.clone().filter(|_| r.employer_uscc.is_some());
            let v = buildcert_official::evaluate_with_policy(&e, d, &ctx.thresholds, policy.as_ref());
            r.reasons = v.reasons.iter().map(RowReason::from).collect();
            if let Some(idn) = e.idn.as_deref().filter(|i| buildcert_bc1::rules::id_number_valid(i)) {
                r.id_key = Some(crate::model::id_key(idn));
            }
            r.official = Some(e.masked());
        }
        _ => {
            let zh: Vec<String> = problems.iter().map(|p| p.0.clone()).collect();
            let en: Vec<String> = problems.iter().map(|p| p.1.clone()).collect();
            r.reasons.push(note(
                TenderCode::OfficialIncomplete,
                format!("{}；无法按日期规则核查，请向持证人索取清晰的原始 PDF 或 BC1 电子证书", zh.join("；")),
                format!("{}; the date rules cannot be applied — ask the holder for the clear original PDF or a BC1 e-certificate", en.join("; ")),
            ));
            // Still marked official so that it is never taken for a verified row.
            r.official = entry.map(|e| e.masked());
        }
    }
    r.reasons.push(note(TenderCode::UnverifiedFormat, UNVERIFIED_ROW_ZH, UNVERIFIED_ROW_EN));
    r.recompute_status();
    Some(r)
}

/// A row from a verdict: person fields only when the signature verified.
pub(crate) fn row_from_verdict(
    file: &str,
    position: usize,
    v: &Verdict,
    text: Option<String>,
    ctx: &CheckContext,
) -> Row {
    let mut r = Row::new(file, position);
    r.certificate_status = v.status.into();
    r.reasons = v.reasons.iter().map(RowReason::from).collect();
    r.document_reasons = r
        .reasons
        .iter()
        .filter(|x| matches!(x.code, ReasonCode::Bc1(Code::PdfPayloadMismatch | Code::QrUnreadable)))
        .cloned()
        .collect();
    r.qr_text = text;
    if let Some(c) = &v.certificate {
        let d = ctx.date;
        r.name = Some(c.name.clone());
        r.registration = Some(c.reg.clone());
        r.id_masked = Some(buildcert_bc1::rules::mask_id(&c.idn));
        r.id_key = Some(crate::model::id_key(&c.idn));
        r.employer = Some(c.emp.clone());
        r.employer_uscc = Some(c.uscc.clone());
        r.specialties = c
            .spec
            .iter()
            .map(|s| SpecialtyCell {
                name: s.n.clone(),
                from: s.from,
                to: s.to,
                valid_at_bid: s.from <= d && d <= s.to,
            })
            .collect();
        r.usage_from = Some(c.usage.from);
        r.usage_to = Some(c.usage.to);
        r.downloaded = Some(c.iat);
        r.lid = Some(c.lid.clone());
    }
    r.recompute_status();
    r
}

/// Re-checks a saved result: every row's kept QR text is verified again at
/// `tender`'s bid date (the saved tender when `None`) with `trust` and `now`,
/// §8 reasons of PDFs and `several_certificates` are kept, error and
/// unverified rows stay as they were, and the batch is matched again. No
/// file is read.
pub fn recheck(
    saved: &TenderResult,
    tender: Option<&Tender>,
    trust: &TrustList,
    now: i64,
) -> Result<TenderResult, TenderError> {
    let t = tender.unwrap_or(&saved.tender);
    t.validate()?;
    let ctx = tender_context(t, now);
    let rows = saved
        .rows
        .par_iter()
        .map(|old| match &old.qr_text {
            Some(text) if !matches!(old.certificate_status, OutcomeStatus::Error | OutcomeStatus::Unverified) => {
                let v = buildcert_bc1::verify(text, trust, &ctx);
                let mut r = row_from_verdict(&old.file, old.position, &v, Some(text.clone()), &ctx);
                let keep: Vec<RowReason> = old
                    .document_reasons
                    .iter()
                    .cloned()
                    .chain(
                        old.reasons
                            .iter()
                            .filter(|x| x.code == ReasonCode::Tender(TenderCode::SeveralCertificates))
                            .cloned(),
                    )
                    .collect();
                r.document_reasons = old.document_reasons.clone();
                r.reasons.extend(keep);
                r.recompute_status();
                r
            }
            _ if old.official.is_some()
                && !old.reasons.iter().any(|x| x.code == ReasonCode::Tender(TenderCode::OfficialIncomplete)) =>
            {
                let mut r = old.clone();
                if let Some(e) = &old.official {
                    let d = ctx.date;
                    let policy = ctx.policy.clone().filter(|_| r.employer_uscc.is_some());
                    let v = buildcert_official::evaluate_with_policy(e, d, &ctx.thresholds, policy.as_ref());
                    r.reasons = v.reasons.iter().map(RowReason::from).collect();
                    r.reasons.push(note(TenderCode::UnverifiedFormat, UNVERIFIED_ROW_ZH, UNVERIFIED_ROW_EN));
                    r.recompute_status();
                }
                r
            }
            _ => old.clone(),
        })
        .collect();
    Ok(assess(t, rows, trust, now, false))
}
