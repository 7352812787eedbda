//! Random and mutated input never panics.
mod common;
use buildcert_scan::{pdf_text, scan_bytes, Limits};
use proptest::prelude::*;

fn limits() -> Limits {
    Limits { time_budget: std::time::Duration::from_secs(2), ..Limits::default() }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = scan_bytes(&bytes, &limits());
    }

    #[test]
    fn random_bytes_behind_magic(
        magic in prop::sample::select(vec![
            b"%PDF-1.7\n".to_vec(),
            b"\x89PNG\r\n\x1a\n".to_vec(),
            b"\xff\xd8\xff\xe0".to_vec(),
            b"GIF89a".to_vec(),
            b"II*\0".to_vec(),
            b"BM".to_vec(),
            b"RIFF\0\0\0\0WEBPVP8 ".to_vec(),
        ]),
        tail in proptest::collection::vec(any::<u8>(), 0..4096),
    ) {
        let mut b = magic;
        b.extend(tail);
        let _ = scan_bytes(&b, &limits());
        let _ = pdf_text(&b, &limits());
    }

    #[test]
    fn mutated_pdf(pos in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<prop::sample::Index>()) {
        let mut p = common::pdfw::Page::a4();
        p.text("x", 10.0, 10.0);
        p.image("I", common::pdfw::Image::flate_gray(30, 30, &[0u8; 900]), 0.0, 0.0, 50.0, 50.0);
        let mut doc = common::pdfw::Doc { pages: vec![p], attachment: Some(("bc1.txt".into(), b"BC1:X".to_vec())), ..Default::default() }.build();
        let i = pos.index(doc.len());
        doc[i] = byte;
        doc.truncate(cut.index(doc.len()) + 1);
        let _ = scan_bytes(&doc, &limits());
        let _ = pdf_text(&doc, &limits());
    }
}
