//! Rewrites the official-layout test fixtures under tests/fixtures/official/,
//! deterministically (same font → same bytes):
//!
//! ```sh
//! cargo run -p buildcert-official --example make_fixtures
//! ```
//!
//! Needs a Chinese font (`BUILDCERT_CJK_FONT` or a system font such as Noto Sans CJK SC).

#[path = "../tests/support/variants.rs"]
mod variants;

use buildcert_pdfgen::{image_only_pdf, jpeg_bytes, official_pdf, render_page, scan_look, Fonts};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fonts = Fonts::discover()?;
    let dir = variants::fixture_dir();
    std::fs::create_dir_all(&dir)?;
    let mut total = 0;
    let list = variants::variants();
    for v in &list {
        let pdf = official_pdf(&v.page(), &fonts)?;
        total += pdf.len();
        std::fs::write(dir.join(v.file), &pdf)?;
        println!("{:>8} bytes  {}", pdf.len(), v.file);
    }
    // An image-only scan of the first certificate: rendered, made to look
    // scanned, saved as one JPEG in a PDF with no text.
    let pdf = official_pdf(&list[0].page(), &fonts)?;
    let img = render_page(&pdf, 0, variants::SCAN_DPI, Some(&fonts))?;
    let img = scan_look(&img, variants::SCAN_SEED)?;
    let jpeg = jpeg_bytes(&img, variants::SCAN_QUALITY)?;
    let scan = image_only_pdf(&jpeg, img.width(), img.height(), variants::SCAN_DPI)?;
    total += scan.len();
    std::fs::write(dir.join(variants::SCAN_FILE), &scan)?;
    println!("{:>8} bytes  {}", scan.len(), variants::SCAN_FILE);
    println!("{total:>8} bytes  in {} (font: {})", dir.display(), fonts.name());
    Ok(())
}
