//! # buildcert-official
//!
//! Today's first-class constructor (一级建造师) e-certificates, as the
//! national government service platform issues them: a PDF whose fields are
//! printed as text, with a signature image, an electronic seal and a QR code
//! that points to an online query page instead of carrying signed data.
//! BuildCert cannot verify their signature or seal, so everything here is
//! 未验证（官方格式） / unverified (official format) — but the deadlines that
//! void them are printed on the page, and the BC1 date rules run on them.
//!
//! ```text
//! PDF ─extract_from_pdf─▶ Extraction{Fields | ImageOnly | Unrecognised}
//!     ─entry form (holder confirms / corrects)─▶ ConfirmedEntry ─validate─▶ stored by the wallet
//!     ─evaluate(at)─▶ OfficialVerdict{status: "unverified", date_status, reasons, facts}
//! ```
//!
//! - [`extract_from_pdf`] reads the text layer (through the fonts' ToUnicode
//!   maps, via `buildcert_scan::pdf_text`) and the QR codes (via
//!   `buildcert_scan::scan_bytes`). [`parse_text`] is the pure part.
//! - [`ConfirmedEntry::validate`] applies BC1 §4's field rules (ID number,
//!   ID vs birth date and sex, USCC, registration number, specialties).
//! - [`evaluate`] applies §1, §4's cap (as `usage_inconsistent`), §6 steps
//!   6–7 and §7, reusing `buildcert_bc1`'s rule code. Its verdict type,
//!   [`OfficialVerdict`], has no "valid" status: `status` is always
//!   `"unverified"`; `date_status` says what the dates say.
//!
//! Non-BC1 QR codes are described ([`describe_other_code`]) and never
//! fetched: this crate has no network code.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod codes;
mod dates;
mod entry;
mod error;
mod evaluate;
mod fields;
mod parse;
mod specialty;

use buildcert_bc1::Localized;
use serde::{Deserialize, Serialize};

pub use codes::{describe_other_code, OtherCode, OtherCodeKind};
pub use dates::{normalize_width, parse_date_any};
pub use entry::{edited_fields, ConfirmedEntry, MAX_TEXT_CHARS};
pub use error::{FieldError, OfficialError};
pub use evaluate::{
    evaluate, evaluate_with_policy, DateStatus, OfficialStatus, OfficialVerdict, EXPLANATION_EN, EXPLANATION_ZH,
    TERM_EN, TERM_ZH,
};
pub use fields::{mask_any_id, Field, OfficialFields, OfficialSpecialty, Sex};
pub use parse::{Notice, NoticeCode};
pub use specialty::{clean_specialty, normalize_specialty, SpecialtyName};

/// Re-exports of the BC1 types in this API.
pub use buildcert_bc1::{Code, Facts, Lang, Policy, Reason, Severity, Thresholds};
/// Re-export of the scanner's bounds, taken by [`extract_from_pdf`].
pub use buildcert_scan::Limits;

/// What could be read off a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Extraction {
    /// The text layer shows an official-format certificate: the fields read
    /// (for the holder to confirm or correct), the fields a certificate always
    /// prints that were not found, and remarks on the reading.
    Fields {
        /// The fields read.
        fields: OfficialFields,
        /// Fields every certificate prints that were not found or not readable.
        missing: Vec<Field>,
        /// Remarks on the reading.
        notices: Vec<Notice>,
    },
    /// No text layer (a scan or a photo saved as PDF): the fields cannot be
    /// read; offer the entry form.
    ImageOnly {
        /// Non-BC1 QR codes found on the pages anyway.
        query_urls: Vec<String>,
        /// Remarks (a BC1 code on the page, QR codes not scanned).
        notices: Vec<Notice>,
    },
    /// There is text, but no field of an official-format certificate: not such
    /// a certificate, or a layout not known yet; offer the entry form.
    Unrecognised {
        /// Non-BC1 QR codes found.
        query_urls: Vec<String>,
        /// Remarks.
        notices: Vec<Notice>,
    },
}

impl Extraction {
    /// The fields read, for [`Extraction::Fields`].
    pub fn fields(&self) -> Option<&OfficialFields> {
        match self {
            Extraction::Fields { fields, .. } => Some(fields),
            _ => None,
        }
    }

    /// The non-BC1 QR texts found (query page links).
    pub fn query_urls(&self) -> &[String] {
        match self {
            Extraction::Fields { fields, .. } => &fields.query_urls,
            Extraction::ImageOnly { query_urls, .. } | Extraction::Unrecognised { query_urls, .. } => query_urls,
        }
    }

    /// The remarks on the reading.
    pub fn notices(&self) -> &[Notice] {
        match self {
            Extraction::Fields { notices, .. }
            | Extraction::ImageOnly { notices, .. }
            | Extraction::Unrecognised { notices, .. } => notices,
        }
    }

    /// What happened and what the holder does next, Chinese and English.
    pub fn message(&self) -> (String, String) {
        match self {
            Extraction::Fields { missing, .. } if missing.is_empty() => (
                format!("已从文件读取证书信息。请逐项与证书核对、更正后确认；保存后显示为“{TERM_ZH}”。"),
                format!("The certificate's fields were read from the file. Check each against the certificate, correct any, then confirm; it is saved as \"{TERM_EN}\"."),
            ),
            Extraction::Fields { missing, .. } => {
                let zh: Vec<&str> = missing.iter().map(|f| f.zh()).collect();
                let en: Vec<&str> = missing.iter().map(|f| f.en()).collect();
                (
                    format!("已读取部分证书信息，未能读取：{}。请对照证书补全并核对其余各项后确认；保存后显示为“{TERM_ZH}”。", zh.join("、")),
                    format!("Some fields were read; these were not: {}. Fill them in from the certificate, check the others, then confirm; it is saved as \"{TERM_EN}\".", en.join(", ")),
                )
            }
            Extraction::ImageOnly { .. } => (
                "该 PDF 只有图像（扫描件或照片），没有可读取的文字，无法自动读取证书信息。请对照证书在表单中手动填写。".into(),
                "This PDF holds only images (a scan or a photo) and no text, so the certificate's fields cannot be read automatically. Type them into the entry form from the certificate.".into(),
            ),
            Extraction::Unrecognised { .. } => (
                "该 PDF 中未找到一级建造师电子证书的信息（姓名、注册编号、注册专业等）。如确为电子证书，请在表单中手动填写。".into(),
                "No first-class constructor e-certificate fields (name, registration number, specialties …) were found in this PDF. If it is an e-certificate, type its fields into the entry form.".into(),
            ),
        }
    }
}

/// Reads the printed fields from the text of a certificate's pages (one
/// string per page, line breaks between lines). Pure.
///
/// All blank → [`Extraction::ImageOnly`]; text without any known label →
/// [`Extraction::Unrecognised`]; else [`Extraction::Fields`].
pub fn parse_text(pages: &[String]) -> Extraction {
    let pages = reflow_vertical(pages);
    if pages.iter().all(|p| p.trim().is_empty()) {
        return Extraction::ImageOnly { query_urls: Vec::new(), notices: Vec::new() };
    }
    let r = parse::read_fields(&pages);
    if r.labels_seen == 0 || r.fields.is_empty() {
        return Extraction::Unrecognised { query_urls: Vec::new(), notices: r.notices };
    }
    let missing = r.fields.missing();
    Extraction::Fields { fields: r.fields, missing, notices: r.notices }
}

/// Whether a page's text came out one glyph per line (text drawn along the
/// device's y axis, e.g. on a page with `/Rotate 90` read without undoing
/// the rotation).
fn looks_vertical(page: &str) -> bool {
    let lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.len() < 8 {
        return false;
    }
    let short = lines.iter().filter(|l| l.trim().chars().count() <= 2).count();
    short * 10 >= lines.len() * 8
}

/// Joins the glyphs of a page that came out one per line into one line
/// (the parser splits fields at their labels), as a last resort.
fn reflow_vertical(pages: &[String]) -> Vec<String> {
    pages
        .iter()
        .map(|p| if looks_vertical(p) { p.lines().map(str::trim_end).collect::<String>() } else { p.clone() })
        .collect()
}

/// Overwrites every `/Rotate <n>` value with `0` padded to the same length,
/// so that byte offsets (the cross-reference table) stay valid.
fn unrotated(bytes: &[u8]) -> Option<Vec<u8>> {
    const KEY: &[u8] = b"/Rotate";
    let mut out = bytes.to_vec();
    let mut changed = false;
    let mut i = 0;
    while i + KEY.len() < out.len() {
        if &out[i..i + KEY.len()] == KEY {
            let mut j = i + KEY.len();
            while j < out.len() && matches!(out[j], b' ' | b'\r' | b'\n' | b'\t') {
                j += 1;
            }
            let start = j;
            if j < out.len() && out[j] == b'-' {
                j += 1;
            }
            while j < out.len() && out[j].is_ascii_digit() {
                j += 1;
            }
            if j > start && !(j == start + 1 && out[start] == b'0') {
                out[start] = b'0';
                for b in &mut out[start + 1..j] {
                    *b = b' ';
                }
                changed = true;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    changed.then_some(out)
}

/// Reads an official-format certificate PDF: the printed fields from its
/// text layer, and its QR codes (non-BC1 ones are reported in
/// `query_urls`; they are never fetched).
///
/// Bounded by `limits` (file size, objects, pages, time budget — which
/// applies to the text and to the QR scan separately). Errors are files
/// that cannot be read at all (not a PDF, encrypted, damaged, too large):
/// offer the entry form. A PDF without text gives [`Extraction::ImageOnly`].
pub fn extract_from_pdf(bytes: &[u8], limits: &Limits) -> Result<Extraction, OfficialError> {
    match buildcert_scan::sniff(bytes) {
        buildcert_scan::InputKind::Pdf => {}
        buildcert_scan::InputKind::Image(f) => {
            return Err(OfficialError::NotPdf(Localized::new(format!("{f:?} 图像"), format!("{f:?} image"))))
        }
        buildcert_scan::InputKind::Text => return Err(OfficialError::NotPdf(Localized::new("文本", "text"))),
        buildcert_scan::InputKind::Unknown => {
            let what = if bytes.starts_with(b"PK\x03\x04") {
                Localized::new("ZIP/OFD 文件", "ZIP/OFD")
            } else {
                Localized::new("未知类型", "unknown")
            };
            return Err(OfficialError::NotPdf(what));
        }
    }
    let mut pages = buildcert_scan::pdf_text(bytes, limits)?;
    if pages.iter().any(|p| looks_vertical(p)) {
        // The scanner reads glyphs in device space, after /Rotate: undo the
        // rotation (same-length edit) and read again; parse_text reflows
        // whatever still comes out vertical.
        if let Some(flat) = unrotated(bytes) {
            if let Ok(p) = buildcert_scan::pdf_text(&flat, limits) {
                if p.len() == pages.len() && !p.iter().any(|t| looks_vertical(t)) {
                    pages = p;
                }
            }
        }
    }
    let mut extraction = parse_text(&pages);
    let mut notices = Vec::new();
    let text_pages = pages.iter().filter(|p| !p.trim().is_empty()).count();
    if text_pages > 0 && text_pages < pages.len() {
        notices.push(Notice::new(
            NoticeCode::PagesWithoutText,
            None,
            format!(
                "共 {} 页，其中 {} 页没有文字（扫描图像），这些页上的信息请手动核对",
                pages.len(),
                pages.len() - text_pages
            ),
            format!(
                "{} of {} pages have no text (scanned images); check what they show by hand",
                pages.len() - text_pages,
                pages.len()
            ),
        ));
    }
    let mut urls: Vec<String> = Vec::new();
    match buildcert_scan::scan_bytes(bytes, limits) {
        Ok(scan) => {
            if scan.bc1_codes().next().is_some() {
                notices.push(Notice::new(
                    NoticeCode::Bc1CodePresent,
                    None,
                    "该文件带有 BC1 签名二维码，可离线核验：请改为直接核验该文件，而不是手动录入",
                    "this file carries a BC1 signed QR code that can be verified offline: verify the file instead of entering it by hand",
                ));
            }
            for c in scan.codes.iter().filter(|c| !c.is_bc1()) {
                let t = c.text.trim().to_string();
                if !t.is_empty() && !urls.contains(&t) {
                    urls.push(t);
                }
            }
        }
        Err(e) => {
            let m = e.localized();
            notices.push(Notice::new(
                NoticeCode::QrNotRead,
                None,
                format!("未能识别文件上的二维码（{}）；已读取的文字信息不受影响", m.zh),
                format!("the file's QR codes could not be read ({}); the text fields read are not affected", m.en),
            ))
        }
    }
    match &mut extraction {
        Extraction::Fields { fields, notices: n, .. } => {
            fields.query_urls = urls;
            n.extend(notices);
        }
        Extraction::ImageOnly { query_urls, notices: n } | Extraction::Unrecognised { query_urls, notices: n } => {
            *query_urls = urls;
            n.extend(notices);
        }
    }
    Ok(extraction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unrotate_keeps_length() {
        let pdf = b"<</Type/Page/Rotate 90/MediaBox[0 0 1 1]>> <</Rotate  270 >> <</Rotate 0>>".to_vec();
        let out = unrotated(&pdf).unwrap();
        assert_eq!(out.len(), pdf.len());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<</Type/Page/Rotate 0 /MediaBox[0 0 1 1]>> <</Rotate  0   >> <</Rotate 0>>"
        );
        assert!(unrotated(b"<</Rotate 0>>").is_none());
    }

    #[test]
    fn vertical_text_is_reflowed() {
        let v: String = "姓名:李四性别:女出生日期:1985年3月9日".chars().map(|c| format!("{c}\n")).collect();
        assert!(looks_vertical(&v));
        let e = parse_text(&[v]);
        let f = e.fields().unwrap();
        assert_eq!(f.name.as_deref(), Some("李四"));
        assert_eq!(f.sex, Some(Sex::F));
        assert_eq!(f.dob, chrono::NaiveDate::from_ymd_opt(1985, 3, 9));
    }
}
