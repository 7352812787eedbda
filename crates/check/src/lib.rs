//! # buildcert-check
//!
//! One entry point from any input to a verdict, shared by the CLI, the app,
//! the wallet and the tender check:
//!
//! ```text
//! bytes ─sniff─▶ text | image | PDF ─scan─▶ Reading{bc1 codes, other codes, bc1.txt}
//!       ─§8 choose─▶ QR text ─bc1::verify─▶ Verdict ─▶ Outcome{status, reasons, certificate}
//! ```
//!
//! Statuses are the five of `terms.md`: valid, warning, invalid, error
//! (could not read the input at all) and unverified (a QR code that is not
//! BC1, e.g. a link to an online query page — never treated as valid).
#![warn(missing_docs)]

use std::time::Instant;

use buildcert_bc1::{verify_document, CheckContext, CodedMessage, Localized, Reason, Status, TrustList, Verdict};
use buildcert_scan::{InputKind, Limits, ScanError};
use serde::Serialize;

/// The five outcomes a person sees (terms.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum OutcomeStatus {
    /// 有效
    Valid,
    /// 有效（需注意）
    Warning,
    /// 无效
    Invalid,
    /// 无法读取 — the input could not be read, or holds no code at all.
    Error,
    /// 未验证 — a QR code that is not BC1 (official format): not signature-verified.
    Unverified,
}

impl OutcomeStatus {
    /// The stable string.
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeStatus::Valid => "valid",
            OutcomeStatus::Warning => "warning",
            OutcomeStatus::Invalid => "invalid",
            OutcomeStatus::Error => "error",
            OutcomeStatus::Unverified => "unverified",
        }
    }
}

impl From<Status> for OutcomeStatus {
    fn from(s: Status) -> Self {
        match s {
            Status::Valid => OutcomeStatus::Valid,
            Status::Warning => OutcomeStatus::Warning,
            Status::Invalid => OutcomeStatus::Invalid,
        }
    }
}

/// What kind of input it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// QR text (typed, pasted, a USB scanner, or a text file).
    Text,
    /// A picture.
    Image,
    /// A PDF.
    Pdf,
}

/// Everything read off one input, before any verification.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    /// What the input was.
    pub source: Source,
    /// Distinct BC1 QR texts, in the order found.
    pub bc1: Vec<String>,
    /// Distinct QR texts that are not BC1 (e.g. a URL of an online query page).
    pub other: Vec<String>,
    /// The PDF's `bc1.txt` attachment, if any.
    pub attachment: Option<String>,
    /// Every code with its position (images and PDFs).
    pub codes: Vec<buildcert_scan::Code>,
}

/// Why an input could not be read. `Display` is English;
/// [`ReadError::localized`] says, in Chinese and English, what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The scanner refused or failed on the file.
    #[error("{0}")]
    Scan(#[from] ScanError),
    /// An image or PDF in which no QR code (and no `bc1.txt`) was found.
    #[error("No QR code found: check that the file is an e-certificate or a clear photo or scan of one, or paste the QR text")]
    NoCode,
    /// An empty input.
    #[error("The input is empty")]
    Empty,
    /// A path that is not a regular file (a folder, named pipe, device or
    /// socket): refused before anything is read from it, so that a FIFO
    /// cannot block the program and a device cannot feed it without end.
    #[error(
        "Not a regular file ({en}); nothing was read: choose the certificate file itself (a PDF, picture or text file)"
    )]
    NotAFile {
        /// What it is, in Chinese.
        zh: &'static str,
        /// What it is, in English.
        en: &'static str,
    },
    /// The file could not be opened or read.
    #[error("Cannot read the file: {0}. Check that it exists and that you may read it")]
    Io(String),
}

impl ReadError {
    /// A stable code for programs (JSON output, tests).
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::Scan(e) => e.code(),
            ReadError::NoCode => "no_code",
            ReadError::Empty => "empty",
            ReadError::NotAFile { .. } => "not_a_file",
            ReadError::Io(_) => "io",
        }
    }

    /// What is wrong and what to do, in Chinese and in English (the English
    /// text is the `Display` one).
    pub fn localized(&self) -> Localized {
        let en = self.to_string();
        let zh = match self {
            ReadError::Scan(e) => return e.localized(),
            ReadError::NoCode => {
                "未找到二维码：请确认文件是电子证书或其清晰的照片/扫描件，或粘贴二维码内容".to_string()
            }
            ReadError::Empty => "输入为空".to_string(),
            ReadError::NotAFile { zh, .. } => {
                format!("这不是普通文件（{zh}），未读取：请选择证书文件本身（PDF、图片或文本）")
            }
            ReadError::Io(d) => format!("无法读取文件：{d}。请确认文件存在且有读取权限"),
        };
        Localized { zh, en }
    }
}

/// What a path that is not a regular file is, in Chinese and English.
fn file_kind(t: std::fs::FileType) -> (&'static str, &'static str) {
    if t.is_dir() {
        return ("文件夹", "a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return ("命名管道", "a named pipe, FIFO");
        }
        if t.is_socket() {
            return ("套接字", "a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return ("设备文件", "a device");
        }
    }
    ("特殊文件", "a special file")
}

/// Reads a file to check, at most `max` bytes: the one way the CLI, the
/// wallet import and the tender check read a file from disk.
///
/// Only a regular file (or a link to one) is read. Anything else is refused
/// from its metadata before it is opened; on Unix the file is then opened
/// with `O_NONBLOCK` (a FIFO swapped in meanwhile cannot block the open) and
/// checked again on the open handle, so the check and the read are about the
/// same file. A file that grows or shrinks while it is read gives what was
/// read (at most `max + 1` bytes, then [`ScanError::TooLarge`]), never a crash.
pub fn read_file(path: &std::path::Path, max: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let io = |e: std::io::Error| ReadError::Io(format!("{}: {e}", path.display()));
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        let (zh, en) = file_kind(meta.file_type());
        return Err(ReadError::NotAFile { zh, en });
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let f = opts.open(path).map_err(io)?;
    let meta = f.metadata().map_err(io)?;
    if !meta.is_file() {
        let (zh, en) = file_kind(meta.file_type());
        return Err(ReadError::NotAFile { zh, en });
    }
    let too_large = |size: u64| ReadError::Scan(ScanError::file_too_large(size, max));
    if meta.len() > max {
        return Err(too_large(meta.len()));
    }
    let mut buf = Vec::with_capacity(meta.len() as usize);
    f.take(max + 1).read_to_end(&mut buf).map_err(io)?;
    if buf.len() as u64 > max {
        return Err(too_large(buf.len() as u64));
    }
    Ok(buf)
}

/// Reads one input: sniffs its type from the content (not the name) and
/// collects the QR texts and any `bc1.txt` attachment.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Reading, ReadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ReadError::Scan(ScanError::file_too_large(bytes.len() as u64, limits.max_file_bytes)));
    }
    if buildcert_scan::sniff(bytes) == InputKind::Text {
        return Ok(read_text(&String::from_utf8_lossy(bytes)));
    }
    let scan = buildcert_scan::scan_bytes(bytes, limits)?;
    let source = if scan.kind == InputKind::Pdf { Source::Pdf } else { Source::Image };
    let mut r =
        Reading { source, bc1: vec![], other: vec![], attachment: scan.attachment.clone(), codes: scan.codes.clone() };
    for c in &scan.codes {
        push_distinct(&mut r, c.text.trim());
    }
    if r.bc1.is_empty() && r.other.is_empty() && r.attachment.is_none() {
        return Err(ReadError::NoCode);
    }
    Ok(r)
}

/// Reads QR text (from a scanner, the clipboard or a text file): the whole
/// text, trimmed, is one code.
pub fn read_text(text: &str) -> Reading {
    let mut r = Reading { source: Source::Text, bc1: vec![], other: vec![], attachment: None, codes: vec![] };
    let t = text.trim();
    if t.starts_with(buildcert_bc1::codec::PREFIX) || !looks_like_other_code(t) {
        // A BC1 text, or garbage that will be reported as `malformed`.
        r.bc1.push(t.to_string());
    } else {
        r.other.push(t.to_string());
    }
    r
}

/// A text that is clearly another kind of QR code (a web link) rather than a
/// damaged BC1 text.
fn looks_like_other_code(t: &str) -> bool {
    let l = t.to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://")
}

fn push_distinct(r: &mut Reading, t: &str) {
    if t.starts_with(buildcert_bc1::codec::PREFIX) {
        if !r.bc1.iter().any(|x| x == t) {
            r.bc1.push(t.to_string());
        }
    } else if !r.other.iter().any(|x| x == t) {
        r.other.push(t.to_string());
    }
}

/// The outcome of checking one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// One of the five statuses.
    pub status: OutcomeStatus,
    /// The verdict of the (first) certificate, when there was a BC1 text.
    pub verdict: Option<Verdict>,
    /// Verdicts of further, different certificates in the same file (a file
    /// should hold one certificate; the tender check flags more).
    pub more: Vec<Verdict>,
    /// The non-BC1 codes found (shown as they are, never followed).
    pub other_codes: Vec<String>,
    /// Why it could not be read (status `error`): a stable code and the
    /// message in both languages.
    pub error: Option<CodedMessage>,
    /// The BC1 text that was verified.
    pub qr_text: Option<String>,
}

impl Outcome {
    /// The reasons of the main verdict (empty for error / unverified).
    pub fn reasons(&self) -> &[Reason] {
        self.verdict.as_ref().map(|v| v.reasons.as_slice()).unwrap_or(&[])
    }

    /// An outcome for an input that could not be read.
    pub fn from_error(e: &ReadError) -> Outcome {
        Outcome {
            status: OutcomeStatus::Error,
            verdict: None,
            more: vec![],
            other_codes: vec![],
            error: Some(CodedMessage::new(e.code(), e.localized())),
            qr_text: None,
        }
    }
}

/// Verifies what was read (§8 for PDFs, then §6).
pub fn check(reading: &Reading, trust: &TrustList, ctx: &CheckContext) -> Outcome {
    let verdict = match (reading.source, reading.bc1.first()) {
        // Typed or pasted text is the code itself, even when it is damaged.
        (Source::Text, Some(t)) => Some(buildcert_bc1::verify(t, trust, ctx)),
        _ => verify_document(&reading.bc1, reading.attachment.as_deref(), trust, ctx),
    };
    match verdict {
        Some(v) => {
            let first = if reading.bc1.is_empty() {
                reading.attachment.clone().map(|a| a.trim().to_string())
            } else {
                reading.bc1.first().cloned()
            };
            let more = reading.bc1.iter().skip(1).map(|t| buildcert_bc1::verify(t, trust, ctx)).collect();
            Outcome {
                status: v.status.into(),
                verdict: Some(v),
                more,
                other_codes: reading.other.clone(),
                error: None,
                qr_text: first,
            }
        }
        None if !reading.other.is_empty() => Outcome {
            status: OutcomeStatus::Unverified,
            verdict: None,
            more: vec![],
            other_codes: reading.other.clone(),
            error: None,
            qr_text: None,
        },
        None => Outcome::from_error(&ReadError::NoCode),
    }
}

/// [`read`] then [`check`], timing the whole; errors become `error` outcomes.
pub fn check_bytes(
    bytes: &[u8],
    limits: &Limits,
    trust: &TrustList,
    ctx: &CheckContext,
) -> (Outcome, Option<Reading>, u128) {
    let t = Instant::now();
    match read(bytes, limits) {
        Ok(r) => {
            let o = check(&r, trust, ctx);
            (o, Some(r), t.elapsed().as_millis())
        }
        Err(e) => (Outcome::from_error(&e), None, t.elapsed().as_millis()),
    }
}

#[cfg(test)]
mod error_language_tests {
    use super::*;

    /// One of every variant; the match has no wildcard, so a new variant does
    /// not compile until it is listed here (the scanner's own variants are
    /// tested in buildcert-scan).
    fn every_error() -> Vec<ReadError> {
        let all = vec![
            ReadError::Scan(ScanError::Text),
            ReadError::NoCode,
            ReadError::Empty,
            ReadError::NotAFile { zh: "文件夹", en: "a folder" },
            ReadError::Io("permission denied".into()),
        ];
        for e in &all {
            match e {
                ReadError::Scan(_)
                | ReadError::NoCode
                | ReadError::Empty
                | ReadError::NotAFile { .. }
                | ReadError::Io(_) => {}
            }
        }
        all
    }

    #[test]
    fn every_error_speaks_both_languages() {
        buildcert_bc1::l10n::check_errors(&every_error(), |e| e.code(), |e| e.localized()).unwrap();
    }
}
