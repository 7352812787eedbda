//! # buildcert-issuer
//!
//! The reference issuer of BC1 first-class constructor (一级建造师)
//! e-certificates: Ed25519 keys, signed trust lists (BC1 §5), certificate
//! PDFs with their QR codes (§2–§4, §8), and a demo set (演示) covering every
//! state a verifier must show. The `buildcert-issuer` binary is a thin
//! command-line wrapper around these functions.
//!
//! - [`keys`]: `PREFIX.key.pem` (PKCS#8 PEM, mode 0600 on Unix) and `PREFIX.pub.hex`.
//! - [`holder`]: holder data files (TOML/JSON) → [`buildcert_bc1::IssueRequest`].
//! - [`issue_pdf`]: one certificate → QR text, PDF, PNG, SVG.
//! - [`trustlist`]: a TOML spec → a signed `.bctl`, seq strictly increasing.
//! - [`demo()`]: the demo set and its `manifest.json`.
//!
//! ## Demo directory layout
//!
//! ```text
//! root.key.pem  root.pub.hex  issuer.key.pem  issuer.pub.hex
//! trust.bctl          seq 1
//! trust-2.bctl        seq 2: also revokes the `revoked-in-seq2` certificate
//! certs/NN-<state>.pdf|.png|.svg|.txt
//! certs/NN-<state>-scan.pdf   image-only scan (certificates 1 and 7 by default)
//! certs/NN-<state>-photo.jpg  phone photo of a print
//! official/NN-official.pdf    today's government layout (QR holds a URL, not BC1)
//! manifest.json               every file, its state and expected verdict
//! ```
#![warn(missing_docs)]

pub mod demo;
pub mod error;
pub mod files;
pub mod holder;
pub mod issue;
pub mod keys;
pub mod rng;
pub mod trustlist;

pub use demo::{demo, demo_certificates, demo_keys, demo_trust_lists, DemoOptions, DemoState, Manifest};
pub use error::{IssuerError, Result};
pub use holder::Holder;
pub use issue::{issue_pdf, Issued, PageOptions};
pub use trustlist::{write_trust_list, TrustSpec};

/// Today's date in UTC+08:00 (BC1 §1) from the system clock.
pub fn today_cst() -> chrono::NaiveDate {
    buildcert_bc1::date::today_cst(chrono::Utc::now().timestamp())
}

/// Loads the CJK font: `spec` is `PATH` or `PATH#INDEX` (face in a .ttc);
/// `None` searches the system (and honours `BUILDCERT_CJK_FONT`).
pub fn load_fonts(spec: Option<&str>) -> Result<buildcert_pdfgen::Fonts> {
    Ok(match spec {
        Some(s) => {
            let (path, index) = match s.rsplit_once('#') {
                Some((p, i)) if i.parse::<u32>().is_ok() => (p, i.parse().unwrap_or(0)),
                _ => (s, 0),
            };
            buildcert_pdfgen::Fonts::from_path(path, index)?
        }
        None => buildcert_pdfgen::Fonts::discover()?,
    })
}
