mod common;

use buildcert_pdfgen::*;
use common::*;

#[test]
fn image_only_pdf_is_one_dct_image_and_the_qr_still_reads() {
    let f = fonts();
    let cert = certificate_pdf(&sample_page(), &f).unwrap();
    let page = render_page(&cert, 0, 200.0, None).unwrap();
    let scanned = scan_look(&page, 7).unwrap();
    assert_eq!(scanned.dimensions(), page.dimensions());
    let jpeg = jpeg_bytes(&scanned, 90).unwrap();
    let pdf = image_only_pdf(&jpeg, scanned.width(), scanned.height(), 200.0).unwrap();
    assert!(contains(&pdf, b"/DCTDecode"));
    assert!(!contains(&pdf, b"/Font"), "an image-only PDF has no fonts");
    assert!(contains(&pdf, &jpeg[..64]), "the JPEG is passed through unchanged");
    assert_eq!(page_count(&pdf).unwrap(), 1);
    let img = render_page(&pdf, 0, 200.0, None).unwrap();
    assert!(decode_qr(&img).contains(&bc1()), "QR unreadable on the scan");
    // Wrong size or not a JPEG.
    assert!(matches!(image_only_pdf(&jpeg, 10, 10, 200.0), Err(PdfGenError::InvalidInput { .. })));
    assert!(matches!(image_only_pdf(b"nope", 10, 10, 200.0), Err(PdfGenError::BadImage { .. })));
    assert!(image_only_pdf(&jpeg, scanned.width(), scanned.height(), 0.0).is_err());
}

#[test]
fn looks_are_deterministic_from_the_seed() {
    let img =
        image::RgbImage::from_fn(300, 400, |x, y| image::Rgb([((x * 7 + y * 3) % 256) as u8, 128, (y % 256) as u8]));
    assert_eq!(scan_look(&img, 1).unwrap(), scan_look(&img, 1).unwrap());
    assert_ne!(scan_look(&img, 1).unwrap(), scan_look(&img, 2).unwrap());
    assert_eq!(photo_look(&img, 1).unwrap(), photo_look(&img, 1).unwrap());
    assert_ne!(photo_look(&img, 1).unwrap(), photo_look(&img, 2).unwrap());
    let p = photo_look(&img, 3).unwrap();
    assert!(p.width() < img.width() && p.height() < img.height(), "photo is smaller");
}

#[test]
fn photo_of_certificate_keeps_a_readable_qr() {
    let f = fonts();
    let cert = certificate_pdf(&sample_page(), &f).unwrap();
    let page = render_page(&cert, 0, 300.0, None).unwrap();
    let mut read = 0;
    for seed in 0..3 {
        let photo = photo_look(&page, seed).unwrap();
        if decode_qr(&photo).contains(&bc1()) {
            read += 1;
        }
    }
    assert!(read >= 2, "only {read}/3 photos readable");
}

fn report(rows: usize) -> TableReport {
    TableReport {
        title: "投标核查报告 Tender check report".into(),
        summary: vec!["投标截止日：2026-10-01".into(), "共 3 份电子证书：有效 1，有效（需注意）1，无效 1".into()],
        header: vec!["序号".into(), "姓名".into(), "注册编号".into(), "核验结果".into(), "说明".into()],
        rows: (0..rows)
            .map(|i| TableRow {
                cells: vec![
                    (i + 1).to_string(),
                    "张三丰".into(),
                    "京111201912345678".into(),
                    ["✓ 有效", "! 有效（需注意）", "✕ 无效"][i % 3].into(),
                    if i % 5 == 0 {
                        "使用有效期即将届满；请在有效期届满前申请延续注册。注册专业将到期，请完成继续教育。".into()
                    } else {
                        "—".into()
                    },
                ],
                tone: [Tone::Good, Tone::Warn, Tone::Bad][i % 3],
            })
            .collect(),
        column_weights: None,
        footer: Some("BuildCert 投标核查 · 核验日期 2026-09-20".into()),
        demo: false,
    }
}

#[test]
fn table_report_paginates_with_repeated_header() {
    let f = fonts();
    let pdf = table_report_pdf(&report(120), &f).unwrap();
    let pages = page_count(&pdf).unwrap();
    assert!(pages >= 3, "{pages} pages");
    let img = render_page(&pdf, 0, 50.0, None).unwrap();
    assert!(img.width() > img.height(), "landscape");
    let path = tmp_file("report.pdf", &pdf);
    let out = tool("pdftotext", &["-enc", "UTF-8", path.to_str().unwrap(), "-"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let page_texts: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert_eq!(page_texts.len(), pages);
    for (i, p) in page_texts.iter().enumerate() {
        assert!(p.contains("注册编号") && p.contains("核验结果"), "header missing on page {}", i + 1);
        assert!(p.contains(&format!("Page {} of {pages}", i + 1)), "page number missing on page {}", i + 1);
    }
    assert!(page_texts[0].contains("投标核查报告"));
    assert!(text.contains("120"), "last row present");
    assert_eq!(pdf, table_report_pdf(&report(120), &f).unwrap(), "deterministic");
    // Small report: one page. Ragged rows: an error.
    assert_eq!(page_count(&table_report_pdf(&report(3), &f).unwrap()).unwrap(), 1);
    let mut bad = report(3);
    bad.rows[1].cells.pop();
    assert!(matches!(table_report_pdf(&bad, &f), Err(PdfGenError::InvalidInput { .. })));
    let empty = TableReport { header: vec![], ..report(0) };
    assert!(table_report_pdf(&empty, &f).is_err());
}

#[test]
fn seal_image_is_transparent_and_red() {
    let png = seal_png("中华人民共和国住房和城乡建设部电子印章", &fonts(), 300).unwrap();
    let img = image::load_from_memory(&png).unwrap().to_rgba8();
    assert_eq!(img.width(), 300);
    assert_eq!(img.get_pixel(2, 2)[3], 0, "corner is transparent");
    let red = img.pixels().filter(|p| p[3] > 200 && p[0] > 150 && p[1] < 90).count();
    assert!(red > 2000, "only {red} red pixels");
}
