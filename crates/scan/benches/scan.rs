//! `cargo bench -p buildcert-scan`: a 1280×720 camera frame (with a code and
//! without), an A4 page at
//! 200 dpi, and an issuer-like PDF (QR image XObject + bc1.txt attachment).
use criterion::{criterion_group, criterion_main, Criterion};

#[path = "../tests/common/pdfw.rs"]
mod pdfw;
#[path = "../tests/common/synth.rs"]
mod synth;

use buildcert_scan::{scan_bytes, scan_luma_frame, Limits};
use qrcode::EcLevel;

fn benches(c: &mut Criterion) {
    let text = synth::bc1_text(42, 600);

    let mut frame = image::GrayImage::from_pixel(1280, 720, image::Luma([190]));
    synth::draw_qr(&mut frame, &text, EcLevel::Q, 420.0, 90.0, 5.0);
    let frame = synth::noise(&synth::blur(&frame, 1, 1), 5.0, &mut synth::Rng::new(1));
    assert_eq!(scan_luma_frame(1280, 720, frame.as_raw()).len(), 1);
    c.bench_function("camera frame 1280x720", |b| b.iter(|| scan_luma_frame(1280, 720, frame.as_raw())));
    // Most live-video frames hold no readable code: both fast tries run.
    let empty =
        synth::noise(&image::GrayImage::from_pixel(1280, 720, image::Luma([150])), 20.0, &mut synth::Rng::new(2));
    assert!(scan_luma_frame(1280, 720, empty.as_raw()).is_empty());
    c.bench_function("camera frame 1280x720, no code", |b| b.iter(|| scan_luma_frame(1280, 720, empty.as_raw())));

    let (page, _) = synth::certificate_page(200.0, &text, 35.0, 42);
    let png = synth::png(&page);
    let limits = Limits::default();
    assert_eq!(scan_bytes(&png, &limits).unwrap().codes.len(), 1);
    c.bench_function("A4 page 200 dpi PNG", |b| b.iter(|| scan_bytes(&png, &limits).unwrap()));

    let (img, _) = synth::qr_image(&text, EcLevel::Q, 4);
    let mut p = pdfw::Page::a4();
    p.text("Certificate", 72.0, 760.0);
    p.image("Im1", pdfw::Image::flate_gray(img.width(), img.height(), img.as_raw()), 380.0, 80.0, 120.0, 120.0);
    let pdf = pdfw::Doc {
        pages: vec![p],
        attachment: Some(("bc1.txt".into(), text.clone().into_bytes())),
        ..Default::default()
    }
    .build();
    assert_eq!(scan_bytes(&pdf, &limits).unwrap().codes.len(), 1);
    c.bench_function("issuer PDF (image QR + attachment)", |b| b.iter(|| scan_bytes(&pdf, &limits).unwrap()));

    let (m, n) = synth::qr_modules(&text, EcLevel::Q);
    let mut p = pdfw::Page::a4();
    p.text("Certificate", 72.0, 760.0);
    p.vector_qr(&m, n, 380.0, 200.0, 100.0 / n as f64);
    let pdf =
        pdfw::Doc { pages: vec![p], attachment: Some(("bc1.txt".into(), text.into_bytes())), ..Default::default() }
            .build();
    assert_eq!(scan_bytes(&pdf, &limits).unwrap().codes.len(), 1);
    c.bench_function("issuer PDF (vector QR + attachment)", |b| b.iter(|| scan_bytes(&pdf, &limits).unwrap()));
}

criterion_group! {
    name = scan;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(scan);
