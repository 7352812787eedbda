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
        qr_text: qr.clone(),
        attachment: Some(qr.clone()),
        demo: true,
        qr_style: QrStyle::Image,
    };
    std::fs::write(out.join("certificate.pdf"), certificate_pdf(&page, &fonts)?)?;
    let vector = CertificatePage { qr_style: QrStyle::Vector, demo: false, attachment: None, ..page.clone() };
    std::fs::write(out.join("certificate_vector.pdf"), certificate_pdf(&vector, &fonts)?)?;
    let official = OfficialPage {
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
        query_url: "https://zjy.example.invalid/query?lid=3F2A9C7E11D04B5A".into(),
        label_colon: Colon::FullWidth,
        date_style: DateStyle::Chinese,
        second_page: true,
        rotate: 0,
    };
    std::fs::write(out.join("official.pdf"), official_pdf(&official, &fonts)?)?;
    let rotated = OfficialPage { rotate: 90, label_colon: Colon::Ascii, date_style: DateStyle::IsoShort, ..official };
    std::fs::write(out.join("official_rotated.pdf"), official_pdf(&rotated, &fonts)?)?;

    let cert = certificate_pdf(&page, &fonts)?;
    let img = render_page(&cert, 0, 200.0, Some(&fonts))?;
    let scan = scan_look(&img, 1)?;
    let jpeg = jpeg_bytes(&scan, 85)?;
    std::fs::write(out.join("scan.jpg"), &jpeg)?;
    std::fs::write(out.join("scan.pdf"), image_only_pdf(&jpeg, scan.width(), scan.height(), 200.0)?)?;
    std::fs::write(out.join("photo.jpg"), jpeg_bytes(&photo_look(&img, 1)?, 85)?)?;

    let report = TableReport {
        title: "投标核查报告 Tender check report".into(),
        summary: vec!["投标截止日：2026-10-01　核验日期：2026-09-20".into(), "共 40 份电子证书".into()],
        header: vec!["序号".into(), "姓名".into(), "注册编号".into(), "核验结果".into(), "说明".into()],
        rows: (0..40)
            .map(|i| TableRow {
                cells: vec![
                    (i + 1).to_string(),
                    "张三丰".into(),
                    "京111201912345678".into(),
                    ["✓ 有效", "! 有效（需注意）", "✕ 无效"][i % 3].into(),
                    if i % 4 == 0 {
                        "使用有效期即将届满；请在有效期届满前申请延续注册。注册专业将到期，请完成继续教育。".into()
                    } else {
                        "—".into()
                    },
                ],
                tone: [Tone::Good, Tone::Warn, Tone::Bad][i % 3],
            })
            .collect(),
        column_weights: None,
        footer: Some("BuildCert 投标核查".into()),
        demo: true,
    };
    std::fs::write(out.join("report.pdf"), table_report_pdf(&report, &fonts)?)?;
    Ok(())
}
