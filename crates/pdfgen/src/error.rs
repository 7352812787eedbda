//! The one error type of this crate.

use std::path::PathBuf;

use buildcert_l10n::Localized;

/// Everything that can go wrong while drawing a PDF or a QR image.
///
/// `Display` is English; [`PdfGenError::localized`] says, in Chinese and in
/// English, what is wrong and what to do; [`PdfGenError::code`] is stable.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
#[error("{}", self.localized().en)]
pub enum PdfGenError {
    /// No usable Chinese (CJK) font was found on this computer.
    FontNotFound {
        /// Where the search looked.
        searched: String,
    },
    /// A font file could not be read or parsed.
    FontUnreadable {
        /// The font file.
        path: PathBuf,
        /// The face index inside a collection (.ttc).
        index: u32,
        /// What went wrong.
        reason: String,
    },
    /// The font has no glyph for a character that must be printed.
    MissingGlyph {
        /// Which font.
        font: String,
        /// The missing character.
        ch: char,
        /// Its code point.
        code: u32,
    },
    /// The text does not fit in any QR code at error-correction level Q.
    QrTooLong {
        /// Length of the text in bytes.
        len: usize,
    },
    /// The QR text could not be encoded for another reason (for example it is empty).
    Qr {
        /// What went wrong, in both languages.
        reason: Localized,
    },
    /// An input image (signature image, JPEG scan, …) could not be read.
    BadImage {
        /// Which image.
        what: &'static str,
        /// What went wrong, in both languages.
        reason: Localized,
    },
    /// A field or option has a value that cannot be drawn.
    InvalidInput {
        /// The field or option (its name in the API, the same in both languages).
        field: &'static str,
        /// What is wrong and what is allowed, in both languages.
        reason: Localized,
    },
    /// The PDF writer failed (a bug in this crate or in krilla; please report it).
    PdfWrite(String),
    /// A PDF given to the renderer could not be opened.
    PdfRead(String),
    /// Encoding an image (PNG/JPEG) failed.
    ImageEncode(String),
}

impl PdfGenError {
    /// A value that cannot be drawn: which field, and why in Chinese and English.
    pub fn invalid(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        PdfGenError::InvalidInput { field, reason: Localized::new(zh, en) }
    }

    /// A stable code for programs.
    pub fn code(&self) -> &'static str {
        match self {
            PdfGenError::FontNotFound { .. } => "font_not_found",
            PdfGenError::FontUnreadable { .. } => "font_unreadable",
            PdfGenError::MissingGlyph { .. } => "font_missing_glyph",
            PdfGenError::QrTooLong { .. } => "qr_too_long",
            PdfGenError::Qr { .. } => "qr_failed",
            PdfGenError::BadImage { .. } => "bad_image",
            PdfGenError::InvalidInput { .. } => "invalid_input",
            PdfGenError::PdfWrite(_) => "pdf_write_failed",
            PdfGenError::PdfRead(_) => "pdf_read_failed",
            PdfGenError::ImageEncode(_) => "image_encode_failed",
        }
    }

    /// What is wrong and what to do, in Chinese and in English.
    pub fn localized(&self) -> Localized {
        let (zh, en) = match self {
            PdfGenError::FontNotFound { searched } => (
                format!("未找到可用的中文字体（已查找：{searched}）。请安装中文字体（如 Noto Sans CJK SC、微软雅黑 msyh.ttc、宋体 simsun.ttc），或用环境变量 BUILDCERT_CJK_FONT 指定字体文件路径"),
                format!("No usable Chinese (CJK) font found (searched: {searched}). Install one (e.g. Noto Sans CJK SC, Microsoft YaHei msyh.ttc, SimSun simsun.ttc) or set BUILDCERT_CJK_FONT to a font file path"),
            ),
            PdfGenError::FontUnreadable { path, index, reason } => (
                format!("无法读取字体文件 {}（第 {index} 个字体）：{reason}。请检查路径和字体序号", path.display()),
                format!("Cannot read font file {} (face index {index}): {reason}. Check the path and the face index", path.display()),
            ),
            PdfGenError::MissingGlyph { font, ch, code } => (
                format!("字体 {font} 缺少字符“{ch}”（U+{code:04X}）。请改用完整的简体中文字体"),
                // The character itself is left out: it is what the font cannot draw, often a CJK one.
                format!("Font {font} has no glyph for the character U+{code:04X}. Use a full Simplified Chinese font"),
            ),
            PdfGenError::QrTooLong { len } => (
                format!("二维码内容过长（{len} 字节），超出 Q 级纠错二维码的最大容量。请缩短内容"),
                format!("QR text too long ({len} bytes) for a QR code at error-correction level Q. Shorten the text"),
            ),
            PdfGenError::Qr { reason } => {
                (format!("无法生成二维码：{}", reason.zh), format!("Cannot make the QR code: {}", reason.en))
            }
            PdfGenError::BadImage { what, reason } => (
                format!("无法读取图像（{what}）：{}。请提供有效的 PNG/JPEG 文件", reason.zh),
                format!("Cannot read the image ({what}): {}. Provide a valid PNG/JPEG file", reason.en),
            ),
            PdfGenError::InvalidInput { field, reason } => {
                (format!("输入无效（{field}）：{}", reason.zh), format!("Invalid input ({field}): {}", reason.en))
            }
            PdfGenError::PdfWrite(d) => (
                format!("生成 PDF 失败：{d}。这是程序错误，请报告"),
                format!("Writing the PDF failed: {d}. This is a bug, please report it"),
            ),
            PdfGenError::PdfRead(d) => (
                format!("无法打开 PDF：{d}。文件可能已损坏或已加密"),
                format!("Cannot open the PDF: {d}. The file may be damaged or encrypted"),
            ),
            PdfGenError::ImageEncode(d) => (format!("图像编码失败：{d}"), format!("Encoding the image failed: {d}")),
        };
        Localized { zh, en }
    }
}

/// Result type of this crate.
pub type Result<T, E = PdfGenError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    /// One of every variant; the match has no wildcard, so a new variant does
    /// not compile until it is listed here.
    fn every_error() -> Vec<PdfGenError> {
        let all = vec![
            PdfGenError::FontNotFound { searched: "/usr/share/fonts".into() },
            PdfGenError::FontUnreadable { path: "a.ttc".into(), index: 1, reason: "bad table".into() },
            PdfGenError::MissingGlyph { font: "Noto".into(), ch: '证', code: '证' as u32 },
            PdfGenError::QrTooLong { len: 5000 },
            PdfGenError::Qr { reason: Localized::new("内容为空", "the text is empty") },
            PdfGenError::BadImage { what: "signature", reason: Localized::new("不是 PNG", "not a PNG") },
            PdfGenError::invalid("dpi", "应为 18 到 600", "must be 18 to 600"),
            PdfGenError::PdfWrite("font subset".into()),
            PdfGenError::PdfRead("xref".into()),
            PdfGenError::ImageEncode("png".into()),
        ];
        for e in &all {
            match e {
                PdfGenError::FontNotFound { .. }
                | PdfGenError::FontUnreadable { .. }
                | PdfGenError::MissingGlyph { .. }
                | PdfGenError::QrTooLong { .. }
                | PdfGenError::Qr { .. }
                | PdfGenError::BadImage { .. }
                | PdfGenError::InvalidInput { .. }
                | PdfGenError::PdfWrite(_)
                | PdfGenError::PdfRead(_)
                | PdfGenError::ImageEncode(_) => {}
            }
        }
        all
    }

    #[test]
    fn every_error_speaks_both_languages() {
        buildcert_l10n::check_errors(&every_error(), |e| e.code(), |e| e.localized()).unwrap();
    }
}
