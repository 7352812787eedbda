//! The image pipeline: formats, skew, inversion, several codes with corners,
//! camera frames, limits.
mod common;
use common::synth::{self, Rng};

use buildcert_scan::{scan_bytes, scan_luma_frame, scan_rgba_frame, sniff, Code, InputKind, Limits, ScanError};
use image::{DynamicImage, GrayImage, ImageFormat};
use qrcode::EcLevel;

fn encode(img: &DynamicImage, f: ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), f).unwrap();
    out
}

fn assert_corners_near(code: &Code, want: [[f32; 2]; 4], tol: f32) {
    for (got, want) in code.corners.iter().zip(want.iter()) {
        let d = (got[0] - want[0]).hypot(got[1] - want[1]);
        assert!(d <= tol, "corners {:?} vs expected {:?}", code.corners, want);
    }
}

#[test]
fn every_listed_format_is_sniffed_and_read() {
    let text = synth::bc1_text(1, 120);
    let (img, corners) = synth::qr_image(&text, EcLevel::Q, 4);
    let rgb = DynamicImage::ImageLuma8(img.clone()).to_rgb8();
    for f in
        [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::WebP, ImageFormat::Bmp, ImageFormat::Tiff, ImageFormat::Gif]
    {
        let src = match f {
            ImageFormat::Gif | ImageFormat::WebP => {
                DynamicImage::ImageRgba8(DynamicImage::ImageRgb8(rgb.clone()).to_rgba8())
            }
            _ => DynamicImage::ImageRgb8(rgb.clone()),
        };
        let bytes = encode(&src, f);
        assert_eq!(sniff(&bytes), InputKind::Image(f));
        let scan = scan_bytes(&bytes, &roomy()).unwrap_or_else(|e| panic!("{f:?}: {e}"));
        assert_eq!(scan.codes.len(), 1, "{f:?}");
        assert_eq!(scan.codes[0].text, text);
        assert_corners_near(&scan.codes[0], corners, 3.0);
    }
}

#[test]
fn sniff_ignores_names_and_sees_text_and_junk() {
    assert_eq!(sniff(b"BC1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDE$VK G2EY2V86D"), InputKind::Text);
    assert_eq!(sniff(b"\n%PDF-1.7\n"), InputKind::Pdf);
    assert_eq!(sniff(&[0u8, 1, 2, 3, 0xff, 0xfe]), InputKind::Unknown);
    assert!(matches!(scan_bytes(b"BC1:ABC", &roomy()), Err(ScanError::Text)));
    assert!(matches!(scan_bytes(&[0u8, 159, 146, 150], &roomy()), Err(ScanError::Unsupported(_))));
}

fn page_300dpi_rotated(deg: f64, seed: u64) -> (GrayImage, String) {
    let text = synth::bc1_text(seed, 600);
    let (page, _) = synth::certificate_page(300.0, &text, 35.0, seed);
    let (h, w, hh) = synth::rotation(page.width(), page.height(), deg);
    (synth::warp(&page, &h, w, hh), text)
}

#[test]
fn skewed_300_dpi_page() {
    for (i, deg) in [0.5f64, -3.0, 12.0].into_iter().enumerate() {
        let (img, text) = page_300dpi_rotated(deg, 10 + i as u64);
        let bytes = synth::png(&img);
        let scan = scan_bytes(&bytes, &roomy()).unwrap();
        assert!(scan.codes.iter().any(|c| c.text == text), "not read at {deg}°");
    }
}

#[test]
fn upside_down_page() {
    let (img, text) = page_300dpi_rotated(180.0, 3);
    let scan = scan_bytes(&synth::jpeg(&img, 85), &roomy()).unwrap();
    assert!(scan.codes.iter().any(|c| c.text == text));
}

#[test]
fn inverted_code() {
    let text = "BC1:INVERTED-TEST-0123456789";
    let (img, corners) = synth::qr_image(text, EcLevel::M, 6);
    let inv = synth::map(&img, |_, _, v| 255.0 - v);
    let scan = scan_bytes(&synth::png(&inv), &roomy()).unwrap();
    assert_eq!(scan.codes.len(), 1);
    assert_eq!(scan.codes[0].text, text);
    assert_corners_near(&scan.codes[0], corners, 4.0);
}

#[test]
fn several_codes_with_corners_at_known_places() {
    let mut img = GrayImage::from_pixel(1200, 800, image::Luma([255]));
    let mut want = Vec::new();
    for (i, (x, y)) in [(60.0, 60.0), (700.0, 90.0), (300.0, 420.0)].into_iter().enumerate() {
        let text = format!("HTTPS://EXAMPLE.INVALID/CODE/{i}");
        let c = synth::draw_qr(&mut img, &text, EcLevel::M, x, y, 8.0);
        want.push((text, c));
    }
    let scan = scan_bytes(&synth::png(&img), &roomy()).unwrap();
    assert_eq!(scan.codes.len(), 3, "{:?}", scan.codes);
    for (text, corners) in want {
        let c = scan.codes.iter().find(|c| c.text == text).expect("code found");
        assert_corners_near(c, corners, 4.0);
    }
}

#[test]
fn rotated_code_corners_follow_the_symbol() {
    // Rotated by 90°: the symbol's top-left corner is now at the image's top-right.
    let text = "HTTPS://EXAMPLE.INVALID/ROTATED";
    let (img, c) = synth::qr_image(text, EcLevel::M, 6);
    let rot = image::imageops::rotate90(&img);
    let n = img.width() as f32;
    // (x, y) -> (n - y, x) for a clockwise quarter turn.
    let want = c.map(|[x, y]| [n - y, x]);
    let scan = scan_bytes(&synth::png(&rot), &roomy()).unwrap();
    assert_eq!(scan.codes.len(), 1);
    assert_corners_near(&scan.codes[0], want, 4.0);
}

#[test]
fn camera_frames_luma_and_rgba() {
    let text = synth::bc1_text(7, 300);
    let mut frame = GrayImage::from_pixel(1280, 720, image::Luma([200]));
    let c = synth::draw_qr(&mut frame, &text, EcLevel::Q, 440.0, 100.0, 5.0);
    let mut r = Rng::new(1);
    let frame = synth::noise(&synth::blur(&frame, 1, 1), 6.0, &mut r);
    let codes = scan_luma_frame(1280, 720, frame.as_raw());
    assert_eq!(codes.len(), 1);
    assert_eq!(codes[0].text, text);
    assert_corners_near(&codes[0], c, 6.0);
    let rgba = DynamicImage::ImageLuma8(frame).to_rgba8();
    assert_eq!(scan_rgba_frame(1280, 720, rgba.as_raw()).len(), 1);
    // Wrong sizes give nothing, not a panic.
    assert!(scan_luma_frame(1280, 720, &[0u8; 100]).is_empty());
    assert!(scan_rgba_frame(0, 0, &[]).is_empty());
}

#[test]
fn huge_declared_dimensions_fail_fast() {
    // A PNG header claiming 100000×100000 pixels, and nothing else.
    let mut png = Vec::new();
    png.extend_from_slice(b"\x89PNG\r\n\x1a\n");
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    // A tiny IDAT (a zlib stream of zeros) and IEND: a 40-byte bomb.
    let idat = [b"IDAT".as_slice(), &[0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]].concat();
    png.extend_from_slice(&9u32.to_be_bytes());
    png.extend_from_slice(&idat);
    png.extend_from_slice(&crc32(&idat).to_be_bytes());
    png.extend_from_slice(&0u32.to_be_bytes());
    png.extend_from_slice(b"IEND");
    png.extend_from_slice(&crc32(b"IEND").to_be_bytes());
    let t = std::time::Instant::now();
    let err = scan_bytes(&png, &roomy()).unwrap_err();
    assert!(matches!(err, ScanError::TooManyPixels { .. }), "{err}");
    assert!(t.elapsed().as_millis() < 500);
}

#[test]
fn file_size_limit() {
    let limits = Limits { max_file_bytes: 1000, ..Limits::default() };
    let err = scan_bytes(&vec![0u8; 1001], &limits).unwrap_err();
    assert!(matches!(err, ScanError::TooLarge { .. }));
    assert!(err.localized().zh.contains("文件过大"));
}

#[test]
fn a_blank_image_has_no_code() {
    let img = GrayImage::from_pixel(640, 480, image::Luma([128]));
    let scan = scan_bytes(&synth::png(&img), &roomy()).unwrap();
    assert!(scan.codes.is_empty());
}

fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c ^= b as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
    }
    !c
}

#[test]
fn code_seen_only_in_colour_is_read_from_the_darkest_channel() {
    // Modules magenta (230, 90, 230) on grey 130: the same luma (Rec. 709,
    // as `image` converts: 130), but 90 against 130 in the darkest of R, G
    // and B. Noise hides the 1-level luma difference from the histogram stretch.
    let text = "https://example.org/colour";
    let (img, _) = synth::qr_image(text, EcLevel::M, 10);
    let mut rng = Rng::new(9);
    let mut rgb = image::RgbImage::new(img.width(), img.height());
    for (x, y, p) in img.enumerate_pixels() {
        let c = if p[0] < 128 { [230.0, 90.0, 230.0] } else { [130.0, 130.0, 130.0] };
        let n = rng.gauss() * 3.0;
        rgb.put_pixel(x, y, image::Rgb(c.map(|v: f64| (v + n).clamp(0.0, 255.0) as u8)));
    }
    let img = DynamicImage::ImageRgb8(rgb);
    // The luma alone holds no readable code...
    let luma = img.to_luma8();
    let limits = roomy();
    assert!(buildcert_scan::scan_luma(luma.width(), luma.height(), luma.as_raw(), &limits).is_empty());
    // ...the colour image does.
    let scan = scan_bytes(&encode(&img, ImageFormat::Png), &limits).unwrap();
    assert_eq!(scan.codes.len(), 1, "{:?}", scan.codes);
    assert_eq!(scan.codes[0].text, text);
}

/// The default limits with a time budget no machine reaches: these tests are
/// about what is read, not about time (a debug build on a loaded 2-core
/// machine can spend more than the default 10 s on the rescue tries of a page
/// without a code). The budgets themselves are tested in robust.rs.
fn roomy() -> Limits {
    Limits { time_budget: std::time::Duration::from_secs(600), ..Limits::default() }
}
