//! QR codes (error-correction level Q): the module matrix, PNG and SVG output.

use qrcode::{EcLevel, QrCode};

use buildcert_l10n::Localized;

use crate::error::{PdfGenError, Result};

/// Width of the quiet zone (light border) in modules, as the QR standard asks.
pub const QUIET_ZONE: u32 = 4;

/// The dark/light modules of a QR code, without quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    /// Modules per side.
    pub width: usize,
    /// Row-major, `true` = dark.
    pub dark: Vec<bool>,
}

impl QrMatrix {
    /// Whether the module at column `x`, row `y` is dark (false outside the code).
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }
}

/// Encodes `text` at error-correction level Q.
///
/// Fails with [`PdfGenError::QrTooLong`] when the text does not fit in a version-40 code,
/// and with [`PdfGenError::Qr`] when it is empty.
pub fn qr_matrix(text: &str) -> Result<QrMatrix> {
    if text.is_empty() {
        return Err(PdfGenError::Qr { reason: Localized::new("内容为空", "the text is empty") });
    }
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::Q).map_err(|e| match e {
        qrcode::types::QrError::DataTooLong => PdfGenError::QrTooLong { len: text.len() },
        other => PdfGenError::Qr { reason: Localized::new(other.to_string(), other.to_string()) },
    })?;
    let width = code.width();
    let dark = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
    Ok(QrMatrix { width, dark })
}

/// A grayscale image of the QR code for `text` (EC level Q), quiet zone of 4 modules,
/// `px_per_module` pixels per module (1 to 64).
pub fn qr_image(text: &str, px_per_module: u32) -> Result<image::GrayImage> {
    if !(1..=64).contains(&px_per_module) {
        return Err(PdfGenError::invalid(
            "px_per_module",
            format!("{px_per_module}：应为 1 到 64"),
            format!("{px_per_module}: must be 1 to 64"),
        ));
    }
    let m = qr_matrix(text)?;
    let side = (m.width as u32 + 2 * QUIET_ZONE) * px_per_module;
    Ok(image::GrayImage::from_fn(side, side, |x, y| {
        let mx = (x / px_per_module) as i64 - i64::from(QUIET_ZONE);
        let my = (y / px_per_module) as i64 - i64::from(QUIET_ZONE);
        let dark = mx >= 0 && my >= 0 && m.is_dark(mx as usize, my as usize);
        image::Luma([if dark { 0 } else { 255 }])
    }))
}

/// PNG bytes of the QR code for `text`: EC level Q, quiet zone 4 modules,
/// `px_per_module` pixels per module (1 to 64), 8-bit grayscale.
pub fn qr_png(text: &str, px_per_module: u32) -> Result<Vec<u8>> {
    let img = qr_image(text, px_per_module)?;
    encode_png_gray(&img)
}

/// An SVG document of the QR code for `text` (EC level Q, quiet zone 4 modules,
/// one user unit per module, dark modules as one path).
pub fn qr_svg(text: &str) -> Result<String> {
    let m = qr_matrix(text)?;
    let side = m.width + 2 * QUIET_ZONE as usize;
    let mut d = String::new();
    for y in 0..m.width {
        let mut x = 0;
        while x < m.width {
            if m.is_dark(x, y) {
                let start = x;
                while x < m.width && m.is_dark(x, y) {
                    x += 1;
                }
                let q = QUIET_ZONE as usize;
                d.push_str(&format!("M{} {}h{}v1h-{}z", start + q, y + q, x - start, x - start));
            } else {
                x += 1;
            }
        }
    }
    Ok(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\">\n<rect width=\"{side}\" height=\"{side}\" fill=\"#ffffff\"/>\n<path fill=\"#000000\" d=\"{d}\"/>\n</svg>\n"
    ))
}

pub(crate) fn encode_png_gray(img: &image::GrayImage) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    image::DynamicImage::ImageLuma8(img.clone())
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .map_err(|e| PdfGenError::ImageEncode(e.to_string()))?;
    Ok(out)
}
