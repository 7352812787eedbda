mod common;

use buildcert_pdfgen::*;
use common::*;

fn pdftotext(pdf: &[u8], name: &str) -> String {
    let path = tmp_file(name, pdf);
    let out = tool("pdftotext", &["-enc", "UTF-8", path.to_str().unwrap(), "-"]);
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn official_text_is_extractable_with_every_option() {
    let f = fonts();
    for colon in [Colon::FullWidth, Colon::Ascii] {
        for ds in [DateStyle::Iso, DateStyle::IsoShort, DateStyle::Chinese] {
            for (second_page, rotate) in [(false, 0), (true, 90)] {
                let page =
                    OfficialPage { label_colon: colon, date_style: ds, second_page, rotate, ..sample_official() };
                let pdf = official_pdf(&page, &f).unwrap();
                assert_eq!(page_count(&pdf).unwrap(), if second_page { 2 } else { 1 });
                if rotate == 90 {
                    assert!(contains(&pdf, b"/Rotate 90"));
                }
                let tag = format!("{colon:?}-{ds:?}-{rotate}");
                let text = pdftotext(&pdf, &format!("official-{tag}.pdf"));
                let flat = squash(&text);
                // Every line, in order.
                let mut pos = 0;
                for line in official_lines(&page).unwrap() {
                    let want = squash(&line);
                    let found = flat[pos..].find(&want);
                    assert!(found.is_some(), "{tag}: '{want}' not found (in order) in:\n{text}");
                    pos += found.unwrap() + want.len();
                }
                let c = colon.as_str();
                let date = match ds {
                    DateStyle::Iso => "2024-01-01至2027-01-01",
                    DateStyle::IsoShort => "2024-1-1至2027-1-1",
                    DateStyle::Chinese => "2024年1月1日至2027年1月1日",
                };
                assert!(flat.contains(&format!("建筑工程 有效期{c}{date}")), "{tag}:\n{text}");
                assert!(flat.contains(&format!("姓名{c}李四")), "{tag}");
                if second_page {
                    assert!(text.contains('\u{c}') && text.contains("注意事项"), "{tag}: no notes page");
                }
            }
        }
    }
}

#[test]
fn official_qr_holds_the_url_even_rotated() {
    let f = fonts();
    for rotate in [0, 90] {
        let page = OfficialPage { rotate, ..sample_official() };
        let pdf = official_pdf(&page, &f).unwrap();
        let img = render_page(&pdf, 0, 200.0, None).unwrap();
        if rotate == 90 {
            assert!(img.width() > img.height(), "rotated page renders landscape");
        }
        assert_eq!(decode_qr(&img), vec![page.query_url.clone()]);
        assert!(attachments(&pdf).is_empty());
    }
}

#[test]
fn dates_format() {
    assert_eq!(format_date("2024-01-09", DateStyle::Iso).unwrap(), "2024-01-09");
    assert_eq!(format_date("2024-01-09", DateStyle::IsoShort).unwrap(), "2024-1-9");
    assert_eq!(format_date("2024-12-31", DateStyle::Chinese).unwrap(), "2024年12月31日");
    for bad in ["2024-1-9", "20240109", "2024-13-01", "abcd-ef-gh", ""] {
        assert!(format_date(bad, DateStyle::Iso).is_err(), "{bad}");
    }
}
