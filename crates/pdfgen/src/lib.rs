//! Draws BuildCert's PDFs and QR images: the BC1 certificate page, the layout of
//! today's official e-certificates, image-only "scans", table reports, and QR codes.
//!
//! Every PDF embeds its Chinese font as a subset ([`Fonts`]) and is byte-for-byte
//! the same for the same input.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod certificate;
pub mod csv;
mod doc;
mod draw;
mod error;
mod fonts;
mod official;
mod qr;
mod raster;
mod report;
pub mod rng;
mod scan;
mod signature;

pub use certificate::{
    certificate_pdf, CertificatePage, QrStyle, Specialty, CERT_TITLE, FOOTER_EN, FOOTER_ZH, MAX_SPECIALTIES, QR_CAPTION,
};
pub use doc::ATTACHMENT_NAME;
pub use error::{PdfGenError, Result};
pub use fonts::{Fonts, FONT_ENV};
pub use official::{format_date, official_lines, official_pdf, Colon, DateStyle, OfficialPage, OFFICIAL_NOTES};
pub use qr::{qr_image, qr_matrix, qr_png, qr_svg, QrMatrix, QUIET_ZONE};
pub use raster::{jpeg_bytes, page_count, photo_look, png_bytes, render_page, scan_look};
pub use report::{table_report_pdf, TableReport, TableRow, Tone};
pub use scan::image_only_pdf;
pub use signature::{seal_png, synthetic_signature, synthetic_signature_png};
