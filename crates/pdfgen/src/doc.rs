//! Document set-up shared by every PDF this crate writes.

use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::{Document, SerializeSettings};

use buildcert_l10n::Localized;

use crate::error::{PdfGenError, Result};

/// Name of the attachment that carries the QR text (BC1.md §8).
pub const ATTACHMENT_NAME: &str = "bc1.txt";

pub(crate) fn new_document(title: &str) -> Document {
    let settings = SerializeSettings { xmp_metadata: false, ..SerializeSettings::default() };
    let mut doc = Document::new_with(settings);
    // No dates: output is byte-for-byte the same for the same input.
    doc.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .creator("BuildCert".to_string())
            .producer("BuildCert buildcert-pdfgen".to_string())
            .language("zh-CN".to_string()),
    );
    doc
}

pub(crate) fn page_settings(w: f32, h: f32) -> Result<PageSettings> {
    PageSettings::from_wh(w, h).ok_or(PdfGenError::invalid("page size", format!("{w}×{h}"), format!("{w}×{h}")))
}

pub(crate) fn attach_text(doc: &mut Document, text: &str) -> Result<()> {
    let file = EmbeddedFile {
        path: ATTACHMENT_NAME.to_string(),
        mime_type: MimeType::new("text/plain"),
        description: Some("BC1 二维码内容 / BC1 QR text".to_string()),
        association_kind: AssociationKind::Supplement,
        data: text.as_bytes().to_vec().into(),
        modification_date: None,
        compress: Some(false),
        location: None,
    };
    doc.embed_file(file).ok_or_else(|| PdfGenError::PdfWrite("attachment bc1.txt embedded twice".into()))
}

pub(crate) fn finish(doc: Document) -> Result<Vec<u8>> {
    doc.finish().map_err(|e| PdfGenError::PdfWrite(format!("{e:?}")))
}

/// Checks that `bytes` is a PNG or JPEG krilla can embed and returns the image.
pub(crate) fn load_image(bytes: &[u8], what: &'static str) -> Result<krilla::image::Image> {
    let data: krilla::Data = bytes.to_vec().into();
    let same = |e: String| Localized::new(e.clone(), e);
    let res = if bytes.starts_with(b"\x89PNG") {
        krilla::image::Image::from_png(data, true).map_err(same)
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        krilla::image::Image::from_jpeg(data, true).map_err(same)
    } else {
        Err(Localized::new("不是 PNG 或 JPEG", "not a PNG or JPEG"))
    };
    let img = res.map_err(|reason| PdfGenError::BadImage { what, reason })?;
    // krilla decodes lazily; make sure the pixels are really there so a bad file fails here.
    image::load_from_memory(bytes)
        .map_err(|e| PdfGenError::BadImage { what, reason: Localized::new(e.to_string(), e.to_string()) })?;
    Ok(img)
}
