//! Issuing one certificate: BC1 QR text, the certificate PDF and the QR code
//! as PNG and SVG.

use std::path::{Path, PathBuf};

use buildcert_bc1::date::format_date;
use buildcert_bc1::{build_certificate, encode, Certificate, IssueRequest, SigningKey};
use buildcert_pdfgen::{certificate_pdf, qr_png, qr_svg, CertificatePage, Fonts, QrStyle, Specialty};

use crate::error::Result;
use crate::files;

/// Pixels per QR module in the PNG (a version-11 code is then 552 px wide).
pub const PNG_PX_PER_MODULE: u32 = 8;

/// How the certificate page is drawn.
#[derive(Debug, Clone, Default)]
pub struct PageOptions {
    /// Name of the 行政许可专用章 (administrative licensing seal) printed on the page.
    pub seal: String,
    /// Draw the 演示 DEMO watermark (demo keys and data).
    pub demo: bool,
    /// 个人签名 image (PNG or JPEG); a synthetic one from the name when `None`.
    pub signature_png: Option<Vec<u8>>,
    /// QR code as an image (default) or as vector drawing.
    pub qr_style: QrStyle,
}

/// One issued certificate in every form the issuer writes.
#[derive(Debug, Clone)]
pub struct Issued {
    /// The certificate as signed.
    pub certificate: Certificate,
    /// `BC1:…` QR text.
    pub qr_text: String,
    /// The certificate PDF (A4, CJK font embedded as a subset, `bc1.txt` attached).
    pub pdf: Vec<u8>,
    /// The QR code as PNG (level Q, 4-module quiet zone).
    pub png: Vec<u8>,
    /// The QR code as SVG (level Q, 4-module quiet zone).
    pub svg: String,
}

/// Builds the certificate for `req` (refusing anything that breaks BC1 §4),
/// signs it with `key` and draws its PDF, PNG and SVG.
pub fn issue_pdf(req: &IssueRequest, key: &SigningKey, page: &PageOptions, fonts: &Fonts) -> Result<Issued> {
    let certificate = build_certificate(req)?;
    let qr_text = encode(&certificate, key);
    let pdf = certificate_pdf(&page_for(&certificate, &qr_text, page), fonts)?;
    let png = qr_png(&qr_text, PNG_PX_PER_MODULE)?;
    let svg = qr_svg(&qr_text)?;
    Ok(Issued { certificate, qr_text, pdf, png, svg })
}

/// The printed page for a certificate and its QR text.
pub fn page_for(c: &Certificate, qr_text: &str, page: &PageOptions) -> CertificatePage {
    CertificatePage {
        name: c.name.clone(),
        sex: c.sex.zh().to_string(),
        dob: format_date(c.dob),
        reg: c.reg.clone(),
        employer: c.emp.clone(),
        uscc: c.uscc.clone(),
        // The real certificate does not print the ID number.
        id_masked: None,
        specialties: c.spec.iter().map(|s| Specialty::new(&s.n, format_date(s.from), format_date(s.to))).collect(),
        issued: format_date(c.issued),
        use_from: format_date(c.usage.from),
        use_to: format_date(c.usage.to),
        seal_name: page.seal.clone(),
        signature_png: page.signature_png.clone(),
        qr_text: qr_text.to_string(),
        attachment: Some(qr_text.to_string()),
        demo: page.demo,
        qr_style: page.qr_style,
    }
}

/// The four files [`Issued::write`] makes from a prefix.
#[derive(Debug, Clone)]
pub struct IssuedPaths {
    /// `PREFIX.pdf`.
    pub pdf: PathBuf,
    /// `PREFIX.png`.
    pub png: PathBuf,
    /// `PREFIX.svg`.
    pub svg: PathBuf,
    /// `PREFIX.txt` (the QR text and a newline).
    pub txt: PathBuf,
}

impl IssuedPaths {
    /// The paths for `prefix`.
    pub fn new(prefix: &Path) -> Self {
        IssuedPaths {
            pdf: files::with_suffix(prefix, ".pdf"),
            png: files::with_suffix(prefix, ".png"),
            svg: files::with_suffix(prefix, ".svg"),
            txt: files::with_suffix(prefix, ".txt"),
        }
    }
}

impl Issued {
    /// Writes `PREFIX.pdf`, `.png`, `.svg` and `.txt`, replacing older files.
    pub fn write(&self, prefix: &Path) -> Result<IssuedPaths> {
        let p = IssuedPaths::new(prefix);
        if let Some(dir) = prefix.parent().filter(|d| !d.as_os_str().is_empty()) {
            files::create_dir_all(dir)?;
        }
        files::write_replace(&p.pdf, &self.pdf, false)?;
        files::write_replace(&p.png, &self.png, false)?;
        files::write_replace(&p.svg, self.svg.as_bytes(), false)?;
        files::write_replace(&p.txt, format!("{}\n", self.qr_text).as_bytes(), false)?;
        Ok(p)
    }
}
