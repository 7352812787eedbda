mod common;

use buildcert_pdfgen::*;
use common::*;

fn base_font_names(pdf: &[u8]) -> Vec<String> {
    let s = String::from_utf8_lossy(pdf);
    s.match_indices("/BaseFont")
        .map(|(i, m)| {
            let rest = s[i + m.len()..].trim_start().trim_start_matches('/');
            rest.chars().take_while(|c| !c.is_whitespace() && *c != '/' && *c != '>' && *c != '[').collect()
        })
        .collect()
}

fn is_subset_tag(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() > 7 && b[6] == b'+' && b[..6].iter().all(u8::is_ascii_uppercase)
}

#[test]
fn certificate_embeds_a_subset_font() {
    let pdf = certificate_pdf(&sample_page(), &fonts()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(
        contains(&pdf, b"/FontFile2") || contains(&pdf, b"/FontFile3") || contains(&pdf, b"/FontFile "),
        "no embedded font program"
    );
    let names = base_font_names(&pdf);
    assert!(!names.is_empty(), "no /BaseFont");
    assert!(names.iter().all(|n| is_subset_tag(n)), "not all fonts are subset-tagged: {names:?}");
    // The subset is small: far below the 16 MB collection.
    assert!(pdf.len() < 400_000, "PDF is {} bytes", pdf.len());
    let out = tool("pdffonts", &[tmp_file("fonts.pdf", &pdf).to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text.lines().skip(2).collect();
    assert!(!rows.is_empty(), "pdffonts lists no font:\n{text}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        // ... emb sub uni object ID
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "font not embedded+subset+unicode: {row}");
    }
}

#[test]
fn attachment_round_trips_exactly() {
    let text = bc1();
    let pdf = certificate_pdf(&sample_page(), &fonts()).unwrap();
    let atts = attachments(&pdf);
    assert_eq!(atts.len(), 1, "{atts:?}");
    assert_eq!(atts[0].0, ATTACHMENT_NAME);
    assert_eq!(atts[0].1, text.as_bytes());
    let out = tool("pdfdetach", &["-list", tmp_file("att.pdf", &pdf).to_str().unwrap()]);
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(listing.contains("1 embedded files") && listing.contains("1: bc1.txt"), "{listing}");
    // An attachment different from the QR text is stored as given.
    let page = CertificatePage { attachment: Some("BC1:OTHER".into()), ..sample_page() };
    let atts = attachments(&certificate_pdf(&page, &fonts()).unwrap());
    assert_eq!(atts, vec![("bc1.txt".to_string(), b"BC1:OTHER".to_vec())]);
    // No attachment when None.
    let page = CertificatePage { attachment: None, ..sample_page() };
    assert!(attachments(&certificate_pdf(&page, &fonts()).unwrap()).is_empty());
}

#[test]
fn qr_decodes_from_rendered_page_image_and_vector() {
    let f = fonts();
    for style in [QrStyle::Image, QrStyle::Vector] {
        let page = CertificatePage { qr_style: style, ..sample_page() };
        let pdf = certificate_pdf(&page, &f).unwrap();
        let img = render_page(&pdf, 0, 200.0, None).unwrap();
        let found = decode_qr(&img);
        assert!(found.contains(&bc1()), "{style:?}: decoded {found:?}");
        if style == QrStyle::Vector {
            assert!(!contains(&pdf, b"/Subtype /Image") || page.signature_png.is_none());
        }
    }
}

#[test]
fn qr_decodes_with_zbar_from_poppler_render() {
    let pdf = certificate_pdf(&sample_page(), &fonts()).unwrap();
    let path = tmp_file("zbar.pdf", &pdf);
    let prefix = path.with_extension("");
    let out = tool("pdftoppm", &["-r", "150", "-png", "-singlefile", path.to_str().unwrap(), prefix.to_str().unwrap()]);
    assert!(out.status.success(), "pdftoppm failed: {}", String::from_utf8_lossy(&out.stderr));
    let png = prefix.with_extension("png");
    let out = tool("zbarimg", &["-q", "--raw", png.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.trim_end_matches('\n'), bc1());
}

#[test]
fn output_is_deterministic() {
    let f = fonts();
    let a = certificate_pdf(&sample_page(), &f).unwrap();
    let b = certificate_pdf(&sample_page(), &f).unwrap();
    assert!(a == b, "certificate_pdf differs between runs");
    let o1 = official_pdf(&sample_official(), &f).unwrap();
    let o2 = official_pdf(&sample_official(), &f).unwrap();
    assert!(o1 == o2, "official_pdf differs between runs");
    // Changing one field changes the output (the test can fail).
    let c = certificate_pdf(&CertificatePage { name: "张三".into(), ..sample_page() }, &f).unwrap();
    assert!(a != c);
    assert_eq!(synthetic_signature_png("王五").unwrap(), synthetic_signature_png("王五").unwrap());
    assert_ne!(synthetic_signature_png("王五").unwrap(), synthetic_signature_png("王六").unwrap());
}

#[test]
fn qr_too_long_is_a_clear_error() {
    let long = "A".repeat(5000);
    let e = qr_png(&long, 4).unwrap_err();
    assert!(matches!(e, PdfGenError::QrTooLong { len: 5000 }), "{e:?}");
    let msg = e.localized();
    assert!(msg.zh.contains("二维码内容过长") && msg.en.contains("too long"), "{msg:?}");
    let page = CertificatePage { qr_text: long.clone(), ..sample_page() };
    assert!(matches!(certificate_pdf(&page, &fonts()), Err(PdfGenError::QrTooLong { .. })));
    assert!(matches!(qr_svg(&long), Err(PdfGenError::QrTooLong { .. })));
    // The largest BC1-like text that fits (alphanumeric, level Q, version 40) still works.
    assert!(qr_png(&"A".repeat(2420), 1).is_ok());
    assert!(matches!(qr_png("", 4), Err(PdfGenError::Qr { .. })));
}

#[test]
fn qr_png_and_svg() {
    let png = qr_png(&bc1(), 4).unwrap();
    let img = image::load_from_memory(&png).unwrap().to_rgb8();
    let m = qr_matrix(&bc1()).unwrap();
    assert_eq!(img.width(), (m.width as u32 + 8) * 4, "quiet zone of 4 modules");
    assert_eq!(decode_qr(&img), vec![bc1()]);
    let svg = qr_svg(&bc1()).unwrap();
    assert!(
        svg.starts_with("<?xml")
            && svg.contains("<path")
            && svg.contains(&format!("viewBox=\"0 0 {0} {0}\"", m.width + 8))
    );
    assert!(matches!(qr_png("x", 0), Err(PdfGenError::InvalidInput { .. })));
}

#[test]
fn font_errors_are_clear() {
    let e = Fonts::from_path("/nonexistent/dir/nofont.ttc", 2).unwrap_err();
    let msg = e.localized();
    assert!(matches!(e, PdfGenError::FontUnreadable { .. }));
    assert!(msg.zh.contains("/nonexistent/dir/nofont.ttc") && msg.zh.contains("无法读取字体文件"), "{msg:?}");
    assert!(msg.en.contains("/nonexistent/dir/nofont.ttc") && msg.en.contains("Cannot read font file"), "{msg:?}");
    // Not a font at all.
    let p = tmp_file("notafont.ttf", b"this is not a font");
    assert!(matches!(Fonts::from_path(&p, 0), Err(PdfGenError::FontUnreadable { .. })));
    // A character the font does not have.
    let page = CertificatePage { name: "\u{F8FF}\u{10FFFD}".into(), ..sample_page() };
    let e = certificate_pdf(&page, &fonts()).unwrap_err();
    assert!(matches!(e, PdfGenError::MissingGlyph { .. }), "{e:?}");
    assert!(e.to_string().contains("has no glyph"));
}

#[test]
fn noto_ttc_face_2_is_simplified_chinese() {
    // Where Debian's fonts-noto-cjk (`make deps`) puts it.
    let path = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    let f = Fonts::from_path(path, 2).unwrap_or_else(|e| panic!("{e} (install fonts-noto-cjk or run `make deps`)"));
    assert!(f.name().contains("SC"), "{}", f.name());
}

#[test]
fn bad_inputs_are_errors_not_panics() {
    let f = fonts();
    let none = CertificatePage { specialties: vec![], ..sample_page() };
    assert!(matches!(certificate_pdf(&none, &f), Err(PdfGenError::InvalidInput { .. })));
    let many = CertificatePage {
        specialties: vec![Specialty::new("建筑工程", "2024-01-01", "2027-01-01"); 11],
        ..sample_page()
    };
    assert!(matches!(certificate_pdf(&many, &f), Err(PdfGenError::InvalidInput { .. })));
    let ten = CertificatePage {
        specialties: vec![Specialty::new("建筑工程", "2024-01-01", "2027-01-01"); 10],
        ..sample_page()
    };
    assert!(certificate_pdf(&ten, &f).is_ok());
    let bad_sig = CertificatePage { signature_png: Some(b"not an image".to_vec()), ..sample_page() };
    assert!(matches!(certificate_pdf(&bad_sig, &f), Err(PdfGenError::BadImage { .. })));
    let o = OfficialPage { rotate: 45, ..sample_official() };
    assert!(matches!(official_pdf(&o, &f), Err(PdfGenError::InvalidInput { .. })));
    let o = OfficialPage { issued: "2026/09/01".into(), ..sample_official() };
    assert!(matches!(official_pdf(&o, &f), Err(PdfGenError::InvalidInput { .. })));
    assert!(matches!(render_page(b"not a pdf", 0, 100.0, None), Err(PdfGenError::PdfRead(_))));
    let pdf = certificate_pdf(&sample_page(), &f).unwrap();
    assert!(matches!(render_page(&pdf, 3, 100.0, None), Err(PdfGenError::InvalidInput { .. })));
    assert!(matches!(render_page(&pdf[..pdf.len() / 3], 0, 100.0, None), Ok(_) | Err(_)));
    // A long employer name wraps instead of running off the page.
    let long = CertificatePage { employer: "某".repeat(60), ..sample_page() };
    assert!(certificate_pdf(&long, &f).is_ok());
}

#[test]
fn user_signature_image_is_used() {
    let f = fonts();
    let sig = image::RgbImage::from_pixel(300, 100, image::Rgb([10, 10, 120]));
    let png = png_bytes(&sig).unwrap();
    let page = CertificatePage { signature_png: Some(png), ..sample_page() };
    let a = certificate_pdf(&page, &f).unwrap();
    let b = certificate_pdf(&sample_page(), &f).unwrap();
    assert!(a != b);
    let img = render_page(&a, 0, 72.0, None).unwrap();
    // The signature box (24 mm from the left, ~215 mm down) holds the blue block.
    let p = img.get_pixel((30.0 / 25.4 * 72.0) as u32 + 20, (222.0 / 25.4 * 72.0) as u32);
    assert!(p[2] > 90 && p[0] < 60, "expected the blue signature image, got {p:?}");
}
