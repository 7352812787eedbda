//! The one error type of this crate.

use std::path::PathBuf;

/// Everything that can go wrong while drawing a PDF or a QR image.
///
/// Every message says, in Chinese and in English, what is wrong and what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PdfGenError {
    /// No usable Chinese (CJK) font was found on this computer.
    #[error(
        "未找到可用的中文字体（已查找：{searched}）。请安装中文字体（如 Noto Sans CJK SC、微软雅黑 msyh.ttc、宋体 simsun.ttc），或用环境变量 BUILDCERT_CJK_FONT 指定字体文件路径 / \
         No usable Chinese (CJK) font found (searched: {searched}). Install one (e.g. Noto Sans CJK SC, Microsoft YaHei msyh.ttc, SimSun simsun.ttc) or set BUILDCERT_CJK_FONT to a font file path"
    )]
    FontNotFound {
        /// Where the search looked.
        searched: String,
    },
    /// A font file could not be read or parsed.
    #[error(
        "无法读取字体文件 {path}（第 {index} 个字体）：{reason}。请检查路径和字体序号 / \
         Cannot read font file {path} (face index {index}): {reason}. Check the path and the face index"
    )]
    FontUnreadable {
        /// The font file.
        path: PathBuf,
        /// The face index inside a collection (.ttc).
        index: u32,
        /// What went wrong.
        reason: String,
    },
    /// The font has no glyph for a character that must be printed.
    #[error(
        "字体 {font} 缺少字符“{ch}”（U+{code:04X}）。请改用完整的简体中文字体 / \
         Font {font} has no glyph for '{ch}' (U+{code:04X}). Use a full Simplified Chinese font"
    )]
    MissingGlyph {
        /// Which font.
        font: String,
        /// The missing character.
        ch: char,
        /// Its code point.
        code: u32,
    },
    /// The text does not fit in any QR code at error-correction level Q.
    #[error(
        "二维码内容过长（{len} 字节），超出 Q 级纠错二维码的最大容量。请缩短内容 / \
         QR text too long ({len} bytes) for a QR code at error-correction level Q. Shorten the text"
    )]
    QrTooLong {
        /// Length of the text in bytes.
        len: usize,
    },
    /// The QR text could not be encoded for another reason (for example it is empty).
    #[error("无法生成二维码：{reason} / Cannot make the QR code: {reason}")]
    Qr {
        /// What went wrong.
        reason: String,
    },
    /// An input image (signature image, JPEG scan, …) could not be read.
    #[error("无法读取图像（{what}）：{reason}。请提供有效的 PNG/JPEG 文件 / Cannot read the image ({what}): {reason}. Provide a valid PNG/JPEG file")]
    BadImage {
        /// Which image.
        what: &'static str,
        /// What went wrong.
        reason: String,
    },
    /// A field or option has a value that cannot be drawn.
    #[error("输入无效（{field}）：{reason} / Invalid input ({field}): {reason}")]
    InvalidInput {
        /// The field or option.
        field: &'static str,
        /// What is wrong and what is allowed.
        reason: String,
    },
    /// The PDF writer failed (a bug in this crate or in krilla; please report it).
    #[error("生成 PDF 失败：{0}。这是程序错误，请报告 / Writing the PDF failed: {0}. This is a bug, please report it")]
    PdfWrite(String),
    /// A PDF given to the renderer could not be opened.
    #[error(
        "无法打开 PDF：{0}。文件可能已损坏或已加密 / Cannot open the PDF: {0}. The file may be damaged or encrypted"
    )]
    PdfRead(String),
    /// Encoding an image (PNG/JPEG) failed.
    #[error("图像编码失败：{0} / Encoding the image failed: {0}")]
    ImageEncode(String),
}

/// Result type of this crate.
pub type Result<T, E = PdfGenError> = std::result::Result<T, E>;
