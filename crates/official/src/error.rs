//! The one error type of this crate.

use buildcert_bc1::Localized;
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

/// Everything that can go wrong in this crate. `Display` is English;
/// [`OfficialError::localized`] says, in Chinese and English, what is wrong
/// and what to do; for a file that cannot be read, what to do is always the
/// same: type the fields into the entry form (the file is kept as it is).
/// The details are in both languages, written where the error is made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.localized().en)]
pub enum OfficialError {
    /// The bytes are not a PDF (an image, a text, an OFD file, anything else).
    NotPdf(Localized),
    /// The PDF is encrypted (password-protected).
    Encrypted(Localized),
    /// The PDF is damaged beyond repair.
    Damaged(Localized),
    /// The file is larger, or has more pixels or objects, than allowed.
    TooLarge(Localized),
    /// Reading the file took longer than the time budget.
    Timeout(Localized),
    /// A confirmed entry breaks one or more field rules; each is listed.
    InvalidEntry(Vec<FieldError>),
}

impl OfficialError {
    /// A stable code for programs.
    pub fn code(&self) -> &'static str {
        match self {
            OfficialError::NotPdf(_) => "not_pdf",
            OfficialError::Encrypted(_) => "pdf_encrypted",
            OfficialError::Damaged(_) => "pdf_damaged",
            OfficialError::TooLarge(_) => "too_large",
            OfficialError::Timeout(_) => "timeout",
            OfficialError::InvalidEntry(_) => "invalid_entry",
        }
    }

    /// What is wrong and what to do, in Chinese and in English.
    pub fn localized(&self) -> Localized {
        let (zh, en) = self.message();
        Localized { zh, en }
    }

    /// [`OfficialError::localized`] as a pair (Chinese, English).
    pub fn message(&self) -> (String, String) {
        const FORM_ZH: &str = "手动填写证书信息";
        const FORM_EN: &str = "type the certificate's fields into the entry form";
        match self {
            OfficialError::NotPdf(d) => (
                format!("不是 PDF 文件（{}）。请选择电子证书的 PDF 文件；OFD 文件或照片请{FORM_ZH}。", d.zh),
                format!(
                    "Not a PDF file ({}). Choose the e-certificate's PDF file; for an OFD file or a photo, {FORM_EN}.",
                    d.en
                ),
            ),
            OfficialError::Encrypted(d) => (
                format!("PDF 已加密，无法读取（{}）。请使用未加密的原始文件，或{FORM_ZH}。", d.zh),
                format!(
                    "The PDF is encrypted and cannot be read ({}). Use the original, unencrypted file, or {FORM_EN}.",
                    d.en
                ),
            ),
            OfficialError::Damaged(d) => (
                format!("PDF 文件已损坏，无法读取（{}）。请重新下载电子证书，或{FORM_ZH}。", d.zh),
                format!(
                    "The PDF file is damaged and cannot be read ({}). Download the e-certificate again, or {FORM_EN}.",
                    d.en
                ),
            ),
            OfficialError::TooLarge(d) => (
                format!("文件过大（{}）。请选择电子证书原始文件，或{FORM_ZH}。", d.zh),
                format!("The file is too large ({}). Choose the original e-certificate file, or {FORM_EN}.", d.en),
            ),
            OfficialError::Timeout(d) => (
                format!("读取超时（{}）。请重试，或{FORM_ZH}。", d.zh),
                format!("Reading the file took too long ({}). Try again, or {FORM_EN}.", d.en),
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
        // A panic's message (a decoder's technical detail) is the same in both languages.
        let same = |s: String| Localized { zh: s.clone(), en: s };
        match e {
            ScanError::Encrypted(d) => OfficialError::Encrypted(d),
            ScanError::Corrupt(d) => OfficialError::Damaged(d),
            ScanError::TooLarge { .. } | ScanError::TooManyPixels { .. } | ScanError::Budget { .. } => {
                OfficialError::TooLarge(e.localized())
            }
            ScanError::Panic(s) => OfficialError::Damaged(same(s)),
            ScanError::Timeout(_) => OfficialError::Timeout(e.localized()),
            ScanError::Text => OfficialError::NotPdf(Localized::new("文本", "text")),
            ScanError::Unsupported(_) => OfficialError::NotPdf(e.localized()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of every variant; the match has no wildcard, so a new variant does
    /// not compile until it is listed here.
    fn every_error() -> Vec<OfficialError> {
        let d = || Localized::new("细节", "detail");
        let field = FieldError {
            field: Field::Idn,
            code: None,
            zh: "身份证号码校验位错误".into(),
            en: "the ID number's check digit is wrong".into(),
        };
        let all = vec![
            OfficialError::NotPdf(d()),
            OfficialError::Encrypted(d()),
            OfficialError::Damaged(d()),
            OfficialError::TooLarge(d()),
            OfficialError::Timeout(d()),
            OfficialError::InvalidEntry(vec![field]),
        ];
        for e in &all {
            match e {
                OfficialError::NotPdf(_)
                | OfficialError::Encrypted(_)
                | OfficialError::Damaged(_)
                | OfficialError::TooLarge(_)
                | OfficialError::Timeout(_)
                | OfficialError::InvalidEntry(_) => {}
            }
        }
        all
    }

    #[test]
    fn every_error_speaks_both_languages() {
        buildcert_bc1::l10n::check_errors(&every_error(), |e| e.code(), |e| e.localized()).unwrap();
    }

    #[test]
    fn a_scan_error_keeps_each_language_apart() {
        let e = OfficialError::from(ScanError::Unsupported("OFD".into()));
        let m = e.localized();
        buildcert_bc1::l10n::check_pair(e.code(), &m).unwrap();
        assert!(m.zh.contains("不支持的文件类型"), "{}", m.zh);
    }
}
