//! Inputs of every kind to outcomes.

use buildcert_bc1::{date::parse_date, testkit, CheckContext, TrustList};
use buildcert_check::{check, check_bytes, read, read_text, OutcomeStatus, ReadError, Source};
use buildcert_scan::Limits;

fn setup() -> (TrustList, String, CheckContext) {
    let (tb, root, text) = testkit::sample();
    (
        TrustList::decode_verified(&tb, &[root]).unwrap(),
        text,
        CheckContext::new(parse_date("2026-10-01").unwrap(), 1_790_000_000),
    )
}

#[test]
fn text_inputs() {
    let (t, text, ctx) = setup();
    let (o, r, _) = check_bytes(format!("{text}\r\n").as_bytes(), &Limits::default(), &t, &ctx);
    assert_eq!(o.status, OutcomeStatus::Valid);
    assert_eq!(r.unwrap().source, Source::Text);
    // garbage text is a malformed code: invalid, not error
    let (o, _, _) = check_bytes(b"hello", &Limits::default(), &t, &ctx);
    assert_eq!(o.status, OutcomeStatus::Invalid);
    assert_eq!(o.reasons()[0].code.as_str(), "malformed");
    // a link is another kind of code: unverified, never valid
    let r = read_text("https://zwfw.example.invalid/query?id=1");
    let o = check(&r, &t, &ctx);
    assert_eq!(o.status, OutcomeStatus::Unverified);
    assert_eq!(o.other_codes.len(), 1);
}

#[test]
fn empty_and_binary_inputs_are_errors() {
    let (t, _, ctx) = setup();
    assert_eq!(read(b"  \n", &Limits::default()), Err(ReadError::Empty));
    let (o, _, _) = check_bytes(&[0u8, 1, 2, 3, 255, 0], &Limits::default(), &t, &ctx);
    assert_eq!(o.status, OutcomeStatus::Error);
    // {code, message: {zh, en}}: each language on its own.
    let e = o.error.unwrap();
    assert!(!e.code.is_empty());
    buildcert_bc1::l10n::check_pair(&e.code, &e.message).unwrap();
}

#[test]
fn png_with_a_bc1_code() {
    let (t, text, ctx) = setup();
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::Q).unwrap();
    let img = code.render::<image::Luma<u8>>().module_dimensions(4, 4).build();
    let mut png = Vec::new();
    image::DynamicImage::ImageLuma8(img)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let (o, r, _) = check_bytes(&png, &Limits::default(), &t, &ctx);
    assert_eq!(o.status, OutcomeStatus::Valid, "{:?}", o);
    assert_eq!(r.unwrap().source, Source::Image);
    // a blank image has no code: error
    let blank = image::DynamicImage::ImageLuma8(image::GrayImage::from_pixel(200, 200, image::Luma([255])));
    let mut png = Vec::new();
    blank.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    let (o, _, _) = check_bytes(&png, &Limits::default(), &t, &ctx);
    assert_eq!(o.status, OutcomeStatus::Error);
}

/// Only regular files are read: a named pipe (no writer: opening it to read
/// would block for ever) and a folder are refused at once, by their metadata.
#[cfg(unix)]
#[test]
fn special_files_are_refused_before_reading() {
    use buildcert_check::read_file;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("cert.pdf");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let t = std::time::Instant::now();
    let e = read_file(&fifo, 1 << 20).unwrap_err();
    assert!(matches!(e, ReadError::NotAFile { .. }), "{e}");
    assert_eq!(e.code(), "not_a_file");
    let m = e.localized();
    assert!(m.en.contains("FIFO") && m.zh.contains("命名管道"), "{m:?}");
    assert!(t.elapsed() < std::time::Duration::from_secs(5));
    assert!(matches!(read_file(dir.path(), 1 << 20), Err(ReadError::NotAFile { .. })));
    if std::path::Path::new("/dev/zero").exists() {
        // A device that never ends is not read either.
        assert!(matches!(read_file(std::path::Path::new("/dev/zero"), 1 << 20), Err(ReadError::NotAFile { .. })));
    }
    // A regular file is read; past the cap it is refused; a missing one says so.
    let f = dir.path().join("a.txt");
    std::fs::write(&f, "BC1:ABC").unwrap();
    assert_eq!(read_file(&f, 100).unwrap(), b"BC1:ABC");
    assert_eq!(read_file(&f, 3).unwrap_err().code(), "too_large");
    assert_eq!(read_file(&dir.path().join("missing"), 100).unwrap_err().code(), "io");
}

/// A file that grows while it is read gives at most the cap (then a
/// refusal), never a crash.
#[cfg(unix)]
#[test]
fn a_file_that_grows_while_read_is_not_a_crash() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("growing.txt");
    std::fs::write(&f, "BC1:").unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (f, stop) = (f.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut h = std::fs::OpenOptions::new().append(true).open(&f).unwrap();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = h.write_all(&[b'A'; 4096]);
            }
        })
    };
    for _ in 0..50 {
        match buildcert_check::read_file(&f, 1 << 20) {
            Ok(b) => assert!(b.len() <= 1 << 20),
            Err(e) => assert_eq!(e.code(), "too_large", "{e}"),
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().unwrap();
}
