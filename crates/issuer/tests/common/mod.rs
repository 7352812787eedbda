//! Shared helpers for the issuer's integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use buildcert_bc1::{verify, verify_document, CheckContext, TrustList, Verdict};
use buildcert_issuer::demo::Expected;
use buildcert_scan::{image, scan_bytes, Limits};

/// The CJK font (fonts-noto-cjk on Linux; discovery elsewhere).
pub fn fonts() -> buildcert_pdfgen::Fonts {
    buildcert_pdfgen::Fonts::discover().expect("a CJK font must be installed for the tests (fonts-noto-cjk)")
}

/// Whether an external tool runs (`tool -v`); prints a note when it does not.
pub fn have_tool(tool: &str) -> bool {
    let ok = Command::new(tool).arg("-v").output().is_ok();
    if !ok {
        eprintln!("note: {tool} not found; the part of this test that needs it is skipped");
    }
    ok
}

/// Reads every QR code from a file's bytes (image or PDF) and verifies it as a
/// verifier would (§8 for PDFs).
pub fn verify_bytes(bytes: &[u8], trust: &TrustList, ctx: &CheckContext) -> Verdict {
    let scan = scan_bytes(bytes, &Limits::default()).expect("scan");
    let texts: Vec<String> = scan.codes.iter().map(|c| c.text.clone()).collect();
    verify_document(&texts, scan.attachment.as_deref(), trust, ctx)
        .unwrap_or_else(|| panic!("no BC1 code found (codes: {texts:?}, attachment: {:?})", scan.attachment.is_some()))
}

/// The QR texts read from a file's bytes, without the attachment.
pub fn qr_texts(bytes: &[u8]) -> Vec<String> {
    scan_bytes(bytes, &Limits::default()).expect("scan").codes.into_iter().map(|c| c.text).collect()
}

/// Verifies a QR text file.
pub fn verify_text(path: &Path, trust: &TrustList, ctx: &CheckContext) -> Verdict {
    verify(&std::fs::read_to_string(path).unwrap(), trust, ctx)
}

/// Rasterises an SVG written by pdfgen's `qr_svg` (one path of
/// `M x y h w v1 h-w z` runs, one unit per module) at `scale` px per module
/// and returns PNG bytes. Fails on any other path syntax, so a change in the
/// SVG writer shows up here.
pub fn svg_to_png(svg: &str, scale: u32) -> Vec<u8> {
    let vb = svg.split("viewBox=\"0 0 ").nth(1).expect("viewBox");
    let side: u32 = vb.split(' ').next().unwrap().parse().unwrap();
    let d = svg.split(" d=\"").nth(1).expect("path").split('"').next().unwrap();
    let mut img = image::GrayImage::from_pixel(side * scale, side * scale, image::Luma([255]));
    for run in d.split('M').filter(|s| !s.is_empty()) {
        // "x y h w v1 h-w z"
        let (xy, rest) = run.split_once('h').expect("h");
        let (x, y) = xy.split_once(' ').expect("x y");
        let (x, y): (u32, u32) = (x.parse().unwrap(), y.parse().unwrap());
        let w: u32 = rest.split('v').next().unwrap().parse().unwrap();
        assert!(rest.ends_with(&format!("v1h-{w}z")), "unexpected path run {run}");
        for yy in y * scale..(y + 1) * scale {
            for xx in x * scale..(x + w) * scale {
                img.put_pixel(xx, yy, image::Luma([0]));
            }
        }
    }
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

/// Renders every page of a PDF with poppler's pdftoppm at `dpi`; returns the PNG files.
pub fn pdftoppm(pdf: &Path, dpi: u32, out_dir: &Path) -> Vec<PathBuf> {
    let stem = out_dir.join(pdf.file_stem().unwrap());
    let st = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-png"])
        .arg(pdf)
        .arg(&stem)
        .output()
        .expect("pdftoppm runs");
    assert!(st.status.success(), "pdftoppm failed on {}: {}", pdf.display(), String::from_utf8_lossy(&st.stderr));
    let prefix = stem.file_name().unwrap().to_string_lossy().to_string();
    let mut pages: Vec<PathBuf> = std::fs::read_dir(out_dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with(&format!("{prefix}-")) && n.ends_with(".png")
        })
        .collect();
    pages.sort();
    assert!(!pages.is_empty(), "pdftoppm wrote no page for {}", pdf.display());
    pages
}

/// Asserts a fresh verdict matches the manifest's expectation.
pub fn assert_expected(what: &str, v: &Verdict, e: &Expected) {
    assert_eq!(&Expected::of(v), e, "{what}: fresh verification differs from the manifest");
}
