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
    assert!(o.error.unwrap().contains("/"));
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
