//! Writes sample PDFs to a folder (default: the current one) for looking at them:
//! `cargo run -p buildcert-pdfgen --example sample -- OUT_DIR`.

use buildcert_pdfgen::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    std::fs::create_dir_all(&out)?;
    let fonts = Fonts::discover()?;
    eprintln!("font: {}", fonts.name());
    let qr = include_str!("../fixtures/bc1_valid.txt").trim().to_string();
    let page = CertificatePage {
        name: "张三丰".into(),
        sex: "男".into(),
        dob: "1980-05-17".into(),
        reg: "京111201912345678".into(),
        employer: "北京市某某建筑工程集团有限公司第三分公司".into(),
        uscc: "91110000100000000X".into(),
        id_masked: Some("1101**********123X".into()),
        specialties: vec![
            Specialty::new("建筑工程", "2024-01-01", "2027-01-01"),
            Specialty::new("市政公用工程", "2023-06-15", "2026-06-14"),
        ],
        issued: "2026-09-01".into(),
        use_from: "2026-09-01".into(),
        use_to: "2027-02-27".into(),
        seal_name: "中华人民共和国住房和城乡建设部一级建造师行政许可专用章".into(),
        signature_png: None,
        qr_text: qr.clone(),
        attachment: Some(qr.clone()),
        demo: true,
        qr_style: QrStyle::Image,
    };
    std::fs::write(out.join("certificate.pdf"), certificate_pdf(&page, &fonts)?)?;
    let vector = CertificatePage { qr_style: QrStyle::Vector, demo: false, attachment: None, ..page.clone() };
    std::fs::write(out.join("certificate_vector.pdf"), certificate_pdf(&vector, &fonts)?)?;
    Ok(())
}
