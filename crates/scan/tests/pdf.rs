//! PDFs: attachment, image XObjects (Flate, DCT), vector-drawn codes, scanned
//! pages, several pages, encryption, damage and bombs.
mod common;
use common::pdfw::{Doc, Image, Page};
use common::synth;

use buildcert_scan::{pdf_text, scan_bytes, sniff, InputKind, Limits, ScanError};
use qrcode::EcLevel;

const A4_H: f64 = 841.89;

/// A code image: 4 px per module, 4-module quiet zone.
fn code_image(text: &str) -> (image::GrayImage, usize) {
    let (img, _) = synth::qr_image(text, EcLevel::Q, 4);
    let n = synth::qr_modules(text, EcLevel::Q).1;
    (img, n)
}

/// Expected corners in page points (top-left origin) of a code image placed
/// at (x, y) (lower-left, PDF coordinates), `size` points wide, with `n` modules + 8 quiet.
fn placed_corners(x: f64, y: f64, size: f64, n: usize) -> [[f32; 2]; 4] {
    let m = size / (n as f64 + 8.0);
    let (l, t) = (x + 4.0 * m, A4_H - (y + size) + 4.0 * m);
    let s = n as f64 * m;
    [[l, t], [l + s, t], [l + s, t + s], [l, t + s]].map(|[a, b]| [a as f32, b as f32])
}

fn near(a: [[f32; 2]; 4], b: [[f32; 2]; 4], tol: f32) -> bool {
    a.iter().zip(b.iter()).all(|(p, q)| (p[0] - q[0]).hypot(p[1] - q[1]) <= tol)
}

#[test]
fn attachment_only() {
    let text = synth::bc1_text(1, 200);
    let mut p = Page::a4();
    p.text("Certificate", 72.0, 700.0);
    let doc = Doc {
        pages: vec![p],
        attachment: Some(("bc1.txt".into(), format!("{text}\n").into_bytes())),
        ..Default::default()
    };
    let bytes = doc.build();
    assert_eq!(sniff(&bytes), InputKind::Pdf);
    let scan = scan_bytes(&bytes, &roomy()).unwrap();
    assert_eq!(scan.attachment.as_deref(), Some(format!("{text}\n").as_str()));
    assert!(scan.codes.is_empty());
    assert_eq!(scan.pages, 1);
}

#[test]
fn other_attachments_are_not_bc1() {
    let doc = Doc {
        pages: vec![Page::a4()],
        attachment: Some(("notes.txt".into(), b"hello".to_vec())),
        ..Default::default()
    };
    assert_eq!(scan_bytes(&doc.build(), &roomy()).unwrap().attachment, None);
}

#[test]
fn flate_image_xobject_with_attachment() {
    let text = synth::bc1_text(2, 600);
    let (img, n) = code_image(&text);
    let mut p = Page::a4();
    let size = 35.0 / 25.4 * 72.0 * (n as f64 + 8.0) / n as f64;
    p.image("Im1", Image::flate_gray(img.width(), img.height(), img.as_raw()), 400.0, 80.0, size, size);
    let doc =
        Doc { pages: vec![p], attachment: Some(("bc1.txt".into(), text.clone().into_bytes())), ..Default::default() };
    let t = std::time::Instant::now();
    let scan = scan_bytes(&doc.build(), &roomy()).unwrap();
    let ms = t.elapsed().as_millis();
    assert_eq!(scan.codes.len(), 1);
    assert_eq!(scan.codes[0].text, text);
    assert_eq!(scan.codes[0].page, Some(0));
    assert_eq!(scan.attachment.as_deref(), Some(text.as_str()));
    let want = placed_corners(400.0, 80.0, size, n);
    assert!(near(scan.codes[0].corners, want, 1.5), "{:?} vs {want:?}", scan.codes[0].corners);
    eprintln!("issuer-like PDF (Flate image + attachment): {ms} ms");
}

#[test]
fn dct_image_xobject() {
    let text = synth::bc1_text(3, 400);
    let (img, n) = code_image(&text);
    let mut p = Page::a4();
    p.image("Im7", Image::dct_gray(img.width(), img.height(), synth::jpeg(&img, 80)), 100.0, 300.0, 150.0, 150.0);
    let scan = scan_bytes(&Doc { pages: vec![p], ..Default::default() }.build(), &roomy()).unwrap();
    assert_eq!(scan.codes.len(), 1);
    assert_eq!(scan.codes[0].text, text);
    assert!(near(scan.codes[0].corners, placed_corners(100.0, 300.0, 150.0, n), 2.0));
}

#[test]
fn tiny_image_without_quiet_zone() {
    // 1 pixel per module, no quiet zone, scaled up by the page.
    let text = "BC1:TIGHT-CROP-1PX";
    let (m, n) = synth::qr_modules(text, EcLevel::Q);
    let px: Vec<u8> = m.iter().map(|d| if *d { 0 } else { 255 }).collect();
    let mut p = Page::a4();
    p.image("Q", Image::flate_gray(n as u32, n as u32, &px), 200.0, 200.0, 100.0, 100.0);
    let scan = scan_bytes(&Doc { pages: vec![p], ..Default::default() }.build(), &roomy()).unwrap();
    assert_eq!(scan.codes.len(), 1);
    let want = [[200.0, A4_H - 300.0], [300.0, A4_H - 300.0], [300.0, A4_H - 200.0], [200.0, A4_H - 200.0]]
        .map(|[a, b]| [a as f32, b as f32]);
    assert!(near(scan.codes[0].corners, want, 2.0), "{:?}", scan.codes[0].corners);
}

#[test]
fn vector_drawn_code() {
    let text = synth::bc1_text(4, 600);
    let (m, n) = synth::qr_modules(&text, EcLevel::Q);
    let mut p = Page::a4();
    p.text("Vector", 72.0, 760.0);
    let s = 35.0 / 25.4 * 72.0 / n as f64;
    p.vector_qr(&m, n, 380.0, 250.0, s);
    let scan = scan_bytes(&Doc { pages: vec![p], ..Default::default() }.build(), &roomy()).unwrap();
    assert_eq!(scan.codes.len(), 1);
    assert_eq!(scan.codes[0].text, text);
    let e = n as f64 * s;
    let want =
        [[380.0, A4_H - 250.0], [380.0 + e, A4_H - 250.0], [380.0 + e, A4_H - 250.0 + e], [380.0, A4_H - 250.0 + e]]
            .map(|[a, b]| [a as f32, b as f32]);
    assert!(near(scan.codes[0].corners, want, 1.5), "{:?} vs {want:?}", scan.codes[0].corners);
}

#[test]
fn scanned_page_image() {
    // The whole page one JPEG at 150 dpi, slightly rotated, as a scanner makes it.
    let text = synth::bc1_text(5, 600);
    let (page, _) = synth::certificate_page(150.0, &text, 40.0, 5);
    let (h, w, hh) = synth::rotation(page.width(), page.height(), 1.5);
    let page = synth::resize(&synth::warp(&page, &h, w, hh), page.width(), page.height());
    let mut p = Page::a4();
    p.image("Scan", Image::dct_gray(page.width(), page.height(), synth::jpeg(&page, 75)), 0.0, 0.0, 595.276, A4_H);
    let scan = scan_bytes(&Doc { pages: vec![p], ..Default::default() }.build(), &roomy()).unwrap();
    assert!(scan.codes.iter().any(|c| c.text == text));
}

#[test]
fn code_on_page_two_of_three() {
    let text = synth::bc1_text(6, 300);
    let (img, _) = code_image(&text);
    let mut pages = vec![Page::a4(), Page::a4(), Page::a4()];
    pages[0].text("Cover", 72.0, 700.0);
    pages[1].image("Im1", Image::flate_gray(img.width(), img.height(), img.as_raw()), 300.0, 300.0, 160.0, 160.0);
    pages[2].text("Back", 72.0, 700.0);
    let scan = scan_bytes(&Doc { pages, ..Default::default() }.build(), &roomy()).unwrap();
    assert_eq!(scan.pages, 3);
    assert_eq!(scan.pages_scanned, 3);
    assert_eq!(scan.codes.len(), 1);
    assert_eq!(scan.codes[0].page, Some(1));
}

#[test]
fn encrypted_pdf_is_a_clear_error() {
    let doc = Doc { pages: vec![Page::a4()], encrypt: true, ..Default::default() };
    let err = scan_bytes(&doc.build(), &roomy()).unwrap_err();
    assert!(matches!(err, ScanError::Encrypted(_)), "{err:?}");
    assert!(err.localized().zh.contains("加密") && err.to_string().contains("encrypted"));
}

#[test]
fn truncated_and_garbage_pdfs_never_panic() {
    let text = synth::bc1_text(8, 200);
    let (img, _) = code_image(&text);
    let mut p = Page::a4();
    p.image("Im1", Image::flate_gray(img.width(), img.height(), img.as_raw()), 300.0, 300.0, 160.0, 160.0);
    let good =
        Doc { pages: vec![p], attachment: Some(("bc1.txt".into(), text.into_bytes())), ..Default::default() }.build();
    let step = (good.len() / 40).max(1);
    for cut in (0..good.len()).step_by(step) {
        let _ = scan_bytes(&good[..cut], &roomy());
    }
    // Garbage behind a PDF header.
    let mut r = synth::Rng::new(9);
    let mut junk = b"%PDF-1.4\n".to_vec();
    junk.extend((0..5000).map(|_| r.next_u64() as u8));
    assert!(scan_bytes(&junk, &roomy()).is_err());
    // Flipped bytes in the middle.
    for i in 0..30 {
        let mut bad = good.clone();
        let pos = (r.next_u64() as usize) % bad.len();
        bad[pos] ^= 0x5a + i as u8;
        let _ = scan_bytes(&bad, &roomy());
    }
}

#[test]
fn decompression_bomb_is_refused_quickly() {
    // 64 MiB of zeros deflate to ~64 KiB; the limit here is 8 MiB.
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..64 {
        std::io::Write::write_all(&mut z, &zeros).unwrap();
    }
    let bomb = z.finish().unwrap();
    let doc = Doc {
        pages: vec![Page::a4()],
        extra_streams: vec![("/Filter /FlateDecode".into(), bomb)],
        ..Default::default()
    };
    let limits = Limits { max_stream_bytes: 8 << 20, ..Limits::default() };
    let t = std::time::Instant::now();
    let err = scan_bytes(&doc.build(), &limits).unwrap_err();
    assert!(matches!(err, ScanError::TooLarge { .. }), "{err:?}");
    assert!(t.elapsed().as_secs_f64() < 2.0);
}

#[test]
fn huge_declared_image_is_refused() {
    let mut p = Page::a4();
    let img = Image {
        dict: "/Type /XObject /Subtype /Image /Width 200000 /Height 200000 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode".into(),
        data: vec![0x78, 0x9c, 0x63, 0, 0, 0, 1, 0, 1],
    };
    p.image("Big", img, 0.0, 0.0, 100.0, 100.0);
    let err = scan_bytes(&Doc { pages: vec![p], ..Default::default() }.build(), &roomy()).unwrap_err();
    assert!(matches!(err, ScanError::TooManyPixels { .. }), "{err:?}");
}

#[test]
fn page_text_in_order() {
    let mut p = Page::a4();
    p.text("Registration", 72.0, 700.0);
    p.text("No. 12345", 72.0, 680.0);
    let pages = pdf_text(&Doc { pages: vec![p], ..Default::default() }.build(), &roomy()).unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0], "Registration\nNo. 12345");
}

/// Several lines and words, drawn on a page with the given /Rotate.
fn text_page(rotate: u32) -> Vec<u8> {
    let mut p = Page::a4();
    p.rotate = rotate;
    p.text("Registration", 72.0, 700.0);
    p.text("No. 12345", 72.0, 680.0);
    p.text("Name", 72.0, 660.0);
    p.text("Zhang San", 200.0, 660.0);
    Doc { pages: vec![p], ..Default::default() }.build()
}

#[test]
fn rotated_page_text_has_the_same_lines() {
    let upright = pdf_text(&text_page(0), &roomy()).unwrap();
    assert_eq!(upright, vec!["Registration\nNo. 12345\nName Zhang San".to_string()]);
    for rotate in [90, 180, 270] {
        let rotated = pdf_text(&text_page(rotate), &roomy()).unwrap();
        assert_eq!(rotated, upright, "/Rotate {rotate}");
    }
}

#[test]
fn rotated_official_fixture_reads_like_its_unrotated_copy() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/official/rotated-2pages.pdf"))
        .unwrap();
    assert!(bytes.windows(10).any(|w| w == b"/Rotate 90"));
    // The same file with /Rotate 0 (same length: the xref stays valid).
    let mut flat = bytes.clone();
    let mut n = 0;
    for i in 0..flat.len() - 10 {
        if &flat[i..i + 10] == b"/Rotate 90" {
            flat[i + 8..i + 10].copy_from_slice(b" 0");
            n += 1;
        }
    }
    assert!(n > 0);
    let rotated = pdf_text(&bytes, &roomy()).unwrap();
    let upright = pdf_text(&flat, &roomy()).unwrap();
    assert_eq!(rotated.len(), 2);
    assert!(upright[0].lines().count() >= 5, "{upright:?}");
    assert_eq!(rotated, upright);
}

/// The default limits with a time budget no machine reaches: these tests are
/// about what is read, not about time (a debug build on a loaded 2-core
/// machine can spend more than the default 10 s on the rescue tries of a page
/// without a code). The budgets themselves are tested in robust.rs.
fn roomy() -> Limits {
    Limits { time_budget: std::time::Duration::from_secs(600), ..Limits::default() }
}
