//! Alone in its own test binary: it changes an environment variable.

use buildcert_pdfgen::*;

#[test]
fn env_var_font_missing_gives_clear_error_and_valid_one_is_used() {
    std::env::set_var(FONT_ENV, "/no/such/font.ttc#2");
    let e = Fonts::discover().unwrap_err();
    assert!(e.to_string().contains("/no/such/font.ttc"), "{e}");
    // Where Debian's fonts-noto-cjk (`make deps`) puts it.
    let noto = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    std::env::set_var(FONT_ENV, format!("{noto}#2"));
    let f = Fonts::discover().unwrap_or_else(|e| panic!("{e} (install fonts-noto-cjk or run `make deps`)"));
    assert_eq!(f.index(), 2);
    std::env::remove_var(FONT_ENV);
    // FontNotFound's message tells what to do.
    let msg = PdfGenError::FontNotFound { searched: "x".into() }.localized();
    assert!(msg.zh.contains("未找到可用的中文字体") && msg.zh.contains("BUILDCERT_CJK_FONT"), "{msg:?}");
    assert!(msg.en.contains("No usable Chinese") && msg.en.contains("BUILDCERT_CJK_FONT"), "{msg:?}");
}
