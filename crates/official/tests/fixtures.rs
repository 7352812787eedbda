//! Reading official-layout certificate PDFs: the committed fixtures, every
//! layout option drawn on the fly, scans, and files that cannot be read.

mod support {
    pub mod variants;
}

use buildcert_official::*;
use buildcert_pdfgen::{official_pdf, Colon, DateStyle, Fonts};
use support::variants::{d, fixture_dir, variants, Variant, SCAN_FILE};

fn limits() -> Limits {
    Limits::default()
}

fn read_fixture(name: &str) -> Vec<u8> {
    let p = fixture_dir().join(name);
    std::fs::read(&p).unwrap_or_else(|e| {
        panic!("{}: {e} (run `cargo run -p buildcert-official --example make_fixtures`)", p.display())
    })
}

fn assert_reads_exactly(pdf: &[u8], v: &Variant, tag: &str) -> OfficialFields {
    let e = extract_from_pdf(pdf, &limits()).unwrap_or_else(|e| panic!("{tag}: {e}"));
    let Extraction::Fields { fields, missing, notices } = e else { panic!("{tag}: not read as fields: {e:?}") };
    assert_eq!(fields, v.expected(), "{tag}");
    assert!(missing.is_empty(), "{tag}: missing {missing:?}");
    assert!(notices.is_empty(), "{tag}: notices {notices:?}");
    fields
}

#[test]
fn committed_fixtures_read_exactly_and_confirm() {
    let list = variants();
    let mut total = 0;
    for v in &list {
        let pdf = read_fixture(v.file);
        total += pdf.len();
        let fields = assert_reads_exactly(&pdf, v, v.file);
        // The holder confirms unchanged: a storable entry, nothing marked edited.
        let entry = ConfirmedEntry::from_fields(&fields, 1_790_000_000).expect("complete");
        entry.validate().unwrap_or_else(|e| panic!("{}: {e}", v.file));
        assert!(edited_fields(&fields, &entry).is_empty());
        // Checked on its first day of use, it is unverified with dates in order,
        // except the one whose printed usage end is beyond the §4 cap.
        let verdict = evaluate(&entry, v.use_from, &Thresholds::default());
        assert_eq!(verdict.status, OfficialStatus::Unverified);
        assert_eq!(verdict.has(Code::UsageInconsistent), v.use_to_beyond_cap > 0, "{}", v.file);
        assert_eq!(verdict.facts.usage_cap, v.cap());
        assert_eq!(verdict.query_links.len(), 1);
        assert_eq!(verdict.query_links[0].text, v.url);
    }
    total += read_fixture(SCAN_FILE).len();
    assert!(total < 1_000_000, "fixtures must stay under 1 MB, are {total} bytes");
}

#[test]
fn every_layout_option_reads_exactly() {
    let fonts = Fonts::discover().expect("a CJK font (fonts-noto-cjk) is needed to draw the test PDFs");
    let base = &variants()[2]; // three specialties
    for colon in [Colon::FullWidth, Colon::Ascii] {
        for dates in [DateStyle::Iso, DateStyle::IsoShort, DateStyle::Chinese] {
            for (second_page, rotate) in [(false, 0), (true, 0), (false, 90), (true, 90)] {
                let v = Variant { colon, dates, second_page, rotate, ..base.clone() };
                let pdf = official_pdf(&v.page(), &fonts).unwrap();
                assert_reads_exactly(&pdf, &v, &format!("{colon:?}/{dates:?}/{second_page}/{rotate}"));
            }
        }
    }
}

#[test]
fn image_only_scan_offers_the_form() {
    let e = extract_from_pdf(&read_fixture(SCAN_FILE), &limits()).unwrap();
    let Extraction::ImageOnly { query_urls, notices } = &e else { panic!("{e:?}") };
    // The scanned QR code may or may not be readable; if read, it is the URL, unfollowed.
    assert!(query_urls.iter().all(|u| u == variants()[0].url), "{query_urls:?}");
    assert!(notices.iter().all(|n| n.code != NoticeCode::Bc1CodePresent));
    let (zh, en) = e.message();
    assert!(zh.contains("手动填写") && en.contains("entry form"), "{zh} / {en}");
    assert!(e.fields().is_none());
}

#[test]
fn unreadable_files_are_clear_errors_that_offer_the_form() {
    let good = read_fixture(variants()[0].file);
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("garbage", (0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect()),
        ("empty", Vec::new()),
        ("text", "姓名：张三\n注册编号：京1110020190012345".as_bytes().to_vec()),
        ("png", {
            let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
            v.extend_from_slice(&[0; 64]);
            v
        }),
        ("ofd", b"PK\x03\x04\x14\x00\x00\x00OFD.xml".to_vec()),
        ("pdf header only", b"%PDF-1.7\n%%EOF\n".to_vec()),
        ("encrypted", encrypted_pdf()),
    ];
    cases.push(("truncated", good[..good.len() / 5].to_vec()));
    for (tag, bytes) in cases {
        match extract_from_pdf(&bytes, &limits()) {
            Err(e) => {
                assert!(e.offers_form(), "{tag}");
                let (zh, en) = e.message();
                assert!(zh.contains("手动填写") && en.contains("entry form"), "{tag}: {zh} / {en}");
                assert_eq!(e.to_string(), en, "Display is the English message");
                // Each language alone: no Chinese in the English message, no
                // English sentence carried into the Chinese one.
                assert!(!en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{tag}: {en}");
                assert!(!zh.contains(" / ") && !zh.contains("password") && !zh.contains("readable"), "{tag}: {zh}");
                if tag == "encrypted" {
                    assert!(matches!(e, OfficialError::Encrypted(_)), "{tag}: {e:?}");
                    assert!(zh.contains("加密") && en.contains("encrypted"));
                }
                if ["garbage", "empty", "text", "png", "ofd"].contains(&tag) {
                    assert!(matches!(e, OfficialError::NotPdf(_)), "{tag}: {e:?}");
                }
            }
            // A damaged file hayro partly recovers may still give a reading;
            // it must never claim fields it does not have.
            Ok(x) => {
                assert!(tag == "truncated" || tag == "pdf header only", "{tag}: {x:?}");
                if let Extraction::Fields { fields, .. } = &x {
                    assert_ne!(fields, &variants()[0].expected());
                }
            }
        }
    }
}

/// A one-page PDF with an /Encrypt dictionary (Standard handler, RC4 128).
fn encrypted_pdf() -> Vec<u8> {
    let objs = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_string(),
        format!(
            "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <{}> /U <{}> >>",
            "7a".repeat(32),
            "c3".repeat(32)
        ),
    ];
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    let id = "01".repeat(16);
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Encrypt 4 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn a_text_pdf_that_is_no_certificate_is_unrecognised() {
    let fonts = Fonts::discover().unwrap();
    let report = buildcert_pdfgen::TableReport {
        title: "投标核查报告".into(),
        summary: vec!["开标日 2026-10-01".into()],
        header: vec!["序号".into(), "说明".into()],
        rows: vec![vec!["1".into(), "这不是证书".into()].into()],
        ..Default::default()
    };
    let pdf = buildcert_pdfgen::table_report_pdf(&report, &fonts).unwrap();
    let e = extract_from_pdf(&pdf, &limits()).unwrap();
    assert!(matches!(e, Extraction::Unrecognised { .. }), "{e:?}");
    assert!(e.message().0.contains("手动填写"));
}

#[test]
fn a_bc1_certificate_pdf_says_verify_it_instead() {
    let fonts = Fonts::discover().unwrap();
    let text = include_str!("../../pdfgen/fixtures/bc1_valid.txt").trim().to_string();
    let page = buildcert_pdfgen::CertificatePage {
        name: "张三丰".into(),
        sex: "男".into(),
        dob: "1980-05-17".into(),
        reg: "京111201912345678".into(),
        employer: "北京市某某建筑工程集团有限公司".into(),
        uscc: "91110000100000000X".into(),
        id_masked: None,
        specialties: vec![buildcert_pdfgen::Specialty::new("建筑工程", "2024-01-01", "2027-01-01")],
        issued: "2026-09-01".into(),
        use_from: "2026-09-01".into(),
        use_to: "2027-02-27".into(),
        seal_name: "中华人民共和国住房和城乡建设部一级建造师行政许可专用章".into(),
        signature_png: None,
        qr_text: text,
        attachment: None,
        demo: true,
        qr_style: buildcert_pdfgen::QrStyle::Image,
    };
    let pdf = buildcert_pdfgen::certificate_pdf(&page, &fonts).unwrap();
    let e = extract_from_pdf(&pdf, &limits()).unwrap();
    assert!(e.notices().iter().any(|n| n.code == NoticeCode::Bc1CodePresent), "{e:?}");
    assert!(e.query_urls().is_empty(), "a BC1 code is not a query link");
}

#[test]
fn the_reading_of_a_fixture_serialises_with_stable_names() {
    let e = extract_from_pdf(&read_fixture(variants()[0].file), &limits()).unwrap();
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["kind"], "fields");
    assert_eq!(json["fields"]["dob"], "1985-03-09");
    assert_eq!(json["fields"]["sex"], "F");
    assert_eq!(json["fields"]["specialties"][1]["name"], "机电工程");
    // The reading keeps the ID as printed (partly masked by the issuer); every display masks it further.
    assert_eq!(json["fields"]["idn"], support::variants::printed_mask(&variants()[0].idn().unwrap()));
    assert!(json["fields"]["idn"].as_str().unwrap().contains("**********"), "printed masked, read masked");
    let back: Extraction = serde_json::from_value(json).unwrap();
    assert_eq!(back, e);
    assert_eq!(e.fields().unwrap().issued, Some(d("2026-09-01")));
}
