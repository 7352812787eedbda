//! Shared fixtures and checks for the integration tests.
#![allow(dead_code)]

use buildcert_pdfgen::*;
use hayro::hayro_syntax::object::{Dict, Name, Object, Stream};
use hayro::hayro_syntax::Pdf;

/// The BC1 "valid" public vector (633 characters), copied from shared/spec/vectors.
pub const BC1_VALID: &str = include_str!("../../fixtures/bc1_valid.txt");

pub fn bc1() -> String {
    BC1_VALID.trim().to_string()
}

/// The font the tests use: discovery, which on this machine finds Noto Sans CJK SC.
pub fn fonts() -> Fonts {
    Fonts::discover().expect("a CJK font must be installed for the tests (fonts-noto-cjk)")
}

pub fn sample_page() -> CertificatePage {
    CertificatePage {
        name: "张三丰".into(),
        sex: "男".into(),
        dob: "1980-05-17".into(),
        reg: "京111201912345678".into(),
        employer: "北京市某某建筑工程集团有限公司第三分公司".into(),
        uscc: "91110000100000000X".into(),
        id_masked: Some("**************123X".into()),
        specialties: vec![
            Specialty::new("建筑工程", "2024-01-01", "2027-01-01"),
            Specialty::new("市政公用工程", "2023-06-15", "2026-06-14"),
        ],
        issued: "2026-09-01".into(),
        use_from: "2026-09-01".into(),
        use_to: "2027-02-27".into(),
        seal_name: "中华人民共和国住房和城乡建设部一级建造师行政许可专用章".into(),
        signature_png: None,
        qr_text: bc1(),
        attachment: Some(bc1()),
        demo: true,
        qr_style: QrStyle::Image,
    }
}

pub fn sample_official() -> OfficialPage {
    OfficialPage {
        name: "李四".into(),
        sex: "女".into(),
        dob: "1985-03-09".into(),
        reg: "苏132201801234567".into(),
        employer: "江苏某某建设集团有限公司".into(),
        uscc: "91320000134567890A".into(),
        id_masked: None,
        specialties: vec![
            Specialty::new("建筑工程", "2024-01-01", "2027-01-01"),
            Specialty::new("机电工程", "2025-02-03", "2028-02-02"),
        ],
        issued: "2026-09-01".into(),
        use_from: "2026-09-01".into(),
        use_to: "2027-02-27".into(),
        seal_name: "中华人民共和国住房和城乡建设部电子印章".into(),
        signature_png: None,
        query_url: "https://zjy.example.invalid/query?lid=3F2A9C7E11D04B5A&code=8d1e".into(),
        label_colon: Colon::FullWidth,
        date_style: DateStyle::Iso,
        second_page: false,
        rotate: 0,
    }
}

/// All file attachments (file specification dictionaries): (name, decoded content).
pub fn attachments(pdf: &[u8]) -> Vec<(String, Vec<u8>)> {
    let doc = Pdf::new(pdf.to_vec()).expect("PDF parses");
    let mut out = Vec::new();
    for obj in doc.objects() {
        let Object::Dict(d) = obj else { continue };
        let is_filespec = d.get::<Name>("Type").is_some_and(|n| n.as_str() == "Filespec");
        if !is_filespec {
            continue;
        }
        let name = d
            .get::<hayro::hayro_syntax::object::String>("UF")
            .or_else(|| d.get::<hayro::hayro_syntax::object::String>("F"))
            .map(|s| String::from_utf8_lossy(s.as_bytes()).into_owned())
            .unwrap_or_default();
        let ef = d.get::<Dict>("EF").expect("filespec has /EF");
        let stream = ef.get::<Stream>("F").expect("/EF has /F");
        out.push((name, stream.decoded().expect("decodes").into_owned()));
    }
    out
}

/// Decodes the QR code found on a rendered page with rxing (in-process).
pub fn decode_qr(img: &image::RgbImage) -> Vec<String> {
    let luma = image::DynamicImage::ImageRgb8(img.clone()).to_luma8();
    let (w, h) = luma.dimensions();
    let mut hints = rxing::DecodeHints::default().with(rxing::DecodeHintValue::TryHarder(true));
    match rxing::helpers::detect_in_luma_with_hints(
        luma.into_raw(),
        w,
        h,
        Some(rxing::BarcodeFormat::QR_CODE),
        &mut hints,
    ) {
        Ok(r) => vec![r.getText().to_string()],
        Err(_) => Vec::new(),
    }
}

/// Runs an external tool (poppler-utils, zbar-tools: `make deps` installs
/// them). A missing tool fails the test: it is never skipped.
pub fn tool(name: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {name}: {e} (install poppler-utils and zbar-tools, or run `make deps`)"))
}

pub fn tmp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("buildcert-pdfgen-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}
