//! The one error type of this crate.

use buildcert_scan::ScanError;
use serde::{Deserialize, Serialize};

use crate::fields::Field;

/// A problem with one field of an entry, for the entry form: which field,
/// the BC1 reason code when one applies, and what to do, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldError {
    /// The field to correct.
    pub field: Field,
    /// The BC1 §4 code of the rule (`id_number_invalid`, `uscc_invalid`, …),
    /// when the rule is one of BC1's; `None` for a plain missing value.
    pub code: Option<buildcert_bc1::Code>,
    /// What is wrong and what to do, in Chinese.
    pub zh: String,
    /// What is wrong and what to do, in English.
    pub en: String,
}

/// Everything that can go wrong in this crate. Every message says, in
/// Chinese and English, what is wrong and what to do; for a file that cannot
/// be read, what to do is always the same: type the fields into the entry
/// form (the file is kept as it is).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} / {}", self.message().0, self.message().1)]
pub enum OfficialError {
    /// The bytes are not a PDF (an image, a text, an OFD file, anything else).
    NotPdf(String),
    /// The PDF is encrypted (password-protected).
    Encrypted(String),
    /// The PDF is damaged beyond repair.
    Damaged(String),
    /// The file is larger, or has more pixels or objects, than allowed.
    TooLarge(String),
    /// Reading the file took longer than the time budget.
    Timeout(String),
    /// A confirmed entry breaks one or more field rules; each is listed.
    InvalidEntry(Vec<FieldError>),
}

impl OfficialError {
    /// The message in Chinese and in English: what is wrong and what to do.
    pub fn message(&self) -> (String, String) {
        const FORM_ZH: &str = "手动填写证书信息";
        const FORM_EN: &str = "type the certificate's fields into the entry form";
        match self {
            OfficialError::NotPdf(d) => (
                format!("不是 PDF 文件（{d}）。请选择电子证书的 PDF 文件；OFD 文件或照片请{FORM_ZH}。"),
                format!(
                    "Not a PDF file ({d}). Choose the e-certificate's PDF file; for an OFD file or a photo, {FORM_EN}."
                ),
            ),
            OfficialError::Encrypted(d) => (
                format!("PDF 已加密，无法读取（{d}）。请使用未加密的原始文件，或{FORM_ZH}。"),
                format!(
                    "The PDF is encrypted and cannot be read ({d}). Use the original, unencrypted file, or {FORM_EN}."
                ),
            ),
            OfficialError::Damaged(d) => (
                format!("PDF 文件已损坏，无法读取（{d}）。请重新下载电子证书，或{FORM_ZH}。"),
                format!(
                    "The PDF file is damaged and cannot be read ({d}). Download the e-certificate again, or {FORM_EN}."
                ),
            ),
            OfficialError::TooLarge(d) => (
                format!("文件过大（{d}）。请选择电子证书原始文件，或{FORM_ZH}。"),
                format!("The file is too large ({d}). Choose the original e-certificate file, or {FORM_EN}."),
            ),
            OfficialError::Timeout(d) => (
                format!("读取超时（{d}）。请重试，或{FORM_ZH}。"),
                format!("Reading the file took too long ({d}). Try again, or {FORM_EN}."),
            ),
            OfficialError::InvalidEntry(errors) => {
                let zh: Vec<&str> = errors.iter().map(|e| e.zh.as_str()).collect();
                let en: Vec<&str> = errors.iter().map(|e| e.en.as_str()).collect();
                (
                    format!("证书信息有 {} 处需要更正：{}。请在表单中更正后再保存。", errors.len(), zh.join("；")),
                    format!(
                        "{} field(s) need correcting: {}. Correct them on the form, then save.",
                        errors.len(),
                        en.join("; ")
                    ),
                )
            }
        }
    }

    /// Whether the entry form should be offered (every error but
    /// [`OfficialError::InvalidEntry`], which is the form's own).
    pub fn offers_form(&self) -> bool {
        !matches!(self, OfficialError::InvalidEntry(_))
    }
}

impl From<ScanError> for OfficialError {
    fn from(e: ScanError) -> Self {
        // The scanner's own messages are bilingual; keep only the English
        // detail inside ours to avoid repeating the Chinese.
        let detail = |s: String| match s.split_once(" / ") {
            Some((_, en)) => en.to_string(),
            None => s,
        };
        match e {
            ScanError::Encrypted(s) => OfficialError::Encrypted(s),
            ScanError::Corrupt(s) => OfficialError::Damaged(s),
            ScanError::TooLarge { .. } | ScanError::TooManyPixels { .. } | ScanError::Budget { .. } => {
                OfficialError::TooLarge(detail(e.to_string()))
            }
            ScanError::Panic(s) => OfficialError::Damaged(s),
            ScanError::Timeout(_) => OfficialError::Timeout(detail(e.to_string())),
            ScanError::Text => OfficialError::NotPdf("text".into()),
            ScanError::Unsupported(_) => OfficialError::NotPdf(detail(e.to_string())),
        }
    }
}
