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

/// A PDF whose form XObjects each draw the next one twice, `levels` deep
/// (2^levels drawings from a few hundred bytes).
fn exponential_forms(levels: usize) -> Vec<u8> {
    let mut objs: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /XObject << /X 5 0 R >> >> /Contents 4 0 R >>".into(),
        "<< /Length 5 >>\nstream\n/X Do\nendstream".into(),
    ];
    for k in 0..levels {
        let (res, body) = if k + 1 < levels {
            (format!("/Resources << /XObject << /X {} 0 R >> >>", 6 + k), "/X Do /X Do")
        } else {
            (String::new(), "0 0 1 1 re f")
        };
        objs.push(format!(
            "<< /Type /XObject /Subtype /Form /BBox [0 0 200 200] {res} /Length {} >>\nstream\n{body}\nendstream",
            body.len()
        ));
    }
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = vec![];
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objs.len() + 1).as_bytes());
    out
}

/// The operation budget is checked inside hayro's interpreter: 2^40 form
/// drawings end at the cap (or the time budget), as a refusal naming it.
#[test]
fn exponential_form_xobjects_end_at_the_operation_budget() {
    use buildcert_scan::ScanError;
    let pdf = exponential_forms(40);
    for l in [Limits { max_pdf_ops: 10_000, ..Limits::default() }, Limits::default()] {
        let t = std::time::Instant::now();
        let e = scan_bytes(&pdf, &l).unwrap_err();
        assert!(matches!(e, ScanError::Budget { .. } | ScanError::Timeout(_)), "{e}");
        assert!(t.elapsed() < l.time_budget + std::time::Duration::from_secs(20), "{:?}", t.elapsed());
        if l.max_pdf_ops == 10_000 {
            assert_eq!(e.code(), "budget");
            assert!(e.to_string().contains("10000"), "{e}");
        }
        let e = pdf_text(&pdf, &l).unwrap_err();
        assert!(matches!(e, ScanError::Budget { .. } | ScanError::Timeout(_)), "{e}");
    }
    // A few levels are fine: the page is read (no code on it).
    assert!(!matches!(scan_bytes(&exponential_forms(4), &Limits::default()), Err(ScanError::Budget { .. })));
}

/// Issue 16: one deadline for all the work on one input. Limits made by
/// `for_one_input` end every later step (the text reading after the scan)
/// at the same moment, rather than giving each step a fresh budget.
#[test]
fn the_steps_of_one_input_share_its_deadline() {
    use buildcert_scan::ScanError;
    use std::time::Duration;
    let mut p = common::pdfw::Page::a4();
    p.text("Registration 1110000000001", 10.0, 10.0);
    let doc = common::pdfw::Doc { pages: vec![p], ..Default::default() }.build();
    let budget = Limits { time_budget: Duration::from_millis(300), ..Limits::default() };
    // Each call with plain limits has its own budget: the text is read.
    assert!(pdf_text(&doc, &budget).is_ok());
    let one = budget.for_one_input();
    assert!(one.end(std::time::Instant::now()) <= one.deadline.unwrap());
    std::thread::sleep(Duration::from_millis(400));
    // The input's deadline has passed: a later step is refused at once,
    // whatever its own budget would have been.
    assert!(matches!(pdf_text(&doc, &one), Err(ScanError::Timeout(_))), "{:?}", pdf_text(&doc, &one));
    assert!(matches!(scan_bytes(&doc, &one), Err(ScanError::Timeout(_))));
    // The plain limits still give the later call a budget of its own.
    assert!(pdf_text(&doc, &budget).is_ok());
}
