//! A page image wrapped as an image-only PDF (a "scan"): one JPEG (DCT) image, no text.

use crate::doc;
use crate::draw::{A4_H, A4_W};
use crate::error::{PdfGenError, Result};

/// Wraps a JPEG page image as a one-page A4 PDF holding only that image (DCTDecode,
/// passed through unchanged), no text and no fonts.
///
/// `width_px`/`height_px` must be the JPEG's real size; `dpi` (30 to 1200) gives the
/// printed size. The page is portrait when the image is taller than wide, else landscape;
/// the image is centred at its printed size, shrunk to fit the page if larger.
pub fn image_only_pdf(jpeg: &[u8], width_px: u32, height_px: u32, dpi: f32) -> Result<Vec<u8>> {
    if !(30.0..=1200.0).contains(&dpi) {
        return Err(PdfGenError::invalid(
            "dpi",
            format!("{dpi}：应为 30 到 1200"),
            format!("{dpi}: must be 30 to 1200"),
        ));
    }
    if !jpeg.starts_with(&[0xFF, 0xD8]) {
        return Err(PdfGenError::BadImage {
            what: "scan JPEG",
            reason: buildcert_l10n::Localized::new("不是 JPEG 文件", "not a JPEG file"),
        });
    }
    let reader = image::ImageReader::with_format(std::io::Cursor::new(jpeg), image::ImageFormat::Jpeg);
    let (w, h) = reader.into_dimensions().map_err(|e| PdfGenError::BadImage {
        what: "scan JPEG",
        reason: buildcert_l10n::Localized::new(e.to_string(), e.to_string()),
    })?;
    if (w, h) != (width_px, height_px) {
        return Err(PdfGenError::invalid(
            "width_px/height_px",
            format!("给出 {width_px}×{height_px}，JPEG 实际为 {w}×{h}"),
            format!("given {width_px}×{height_px}, the JPEG is {w}×{h}"),
        ));
    }
    let img = doc::load_image(jpeg, "scan JPEG")?;
    let (pw, ph) = if h >= w { (A4_W, A4_H) } else { (A4_H, A4_W) };
    let (iw, ih) = (w as f32 / dpi * 72.0, h as f32 / dpi * 72.0);
    let fit = (pw / iw).min(ph / ih).min(1.0);
    let (dw, dh) = (iw * fit, ih * fit);
    let mut document = doc::new_document("扫描件 scan");
    {
        let mut page = document.start_page_with(doc::page_settings(pw, ph)?);
        let mut surface = page.surface();
        surface.push_transform(&krilla::geom::Transform::from_translate((pw - dw) / 2.0, (ph - dh) / 2.0));
        let size = krilla::geom::Size::from_wh(dw, dh)
            .ok_or_else(|| PdfGenError::invalid("image size", format!("{dw}×{dh}"), format!("{dw}×{dh}")))?;
        surface.draw_image(img, size);
        surface.pop();
        surface.finish();
        page.finish();
    }
    doc::finish(document)
}
