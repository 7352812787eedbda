//! BC1 §2: the fold of typed text (Caps Lock, a Chinese input method) back to
//! the QR text, and that the fold never makes a text verify that the code's
//! own characters would not.

use buildcert_bc1::{codec::fold_typed_text, date::parse_date, testkit, verify, CheckContext, TrustList};

fn check(text: &str) -> String {
    let (trust_bytes, root, _) = testkit::sample();
    let trust = TrustList::decode_verified(&trust_bytes, &[root]).unwrap();
    let ctx = CheckContext::new(parse_date("2026-10-01").unwrap(), 1_790_000_000);
    verify(text, &trust, &ctx).status.as_str().to_string()
}

#[test]
fn caps_lock_is_folded_to_upper_case() {
    assert_eq!(fold_typed_text("bc1:ncfoxn%ts"), ("BC1:NCFOXN%TS".to_string(), true));
}

#[test]
fn clean_text_is_left_alone() {
    assert_eq!(fold_typed_text("BC1:NCFOXN%TS"), ("BC1:NCFOXN%TS".to_string(), false));
    assert_eq!(fold_typed_text(""), (String::new(), false));
}

#[test]
fn every_full_width_punctuation_of_section_2_is_folded() {
    for (wide, ascii) in
        [('：', ':'), ('％', '%'), ('＊', '*'), ('．', '.'), ('／', '/'), ('＋', '+'), ('－', '-'), ('＄', '$')]
    {
        let (t, folded) = fold_typed_text(&format!("BC1{wide}AB{wide}C"));
        assert_eq!(t, format!("BC1{ascii}AB{ascii}C"), "{wide}");
        assert!(folded, "{wide}");
    }
}

#[test]
fn the_whole_full_width_block_maps_to_ascii() {
    for cp in 0xFF01u32..=0xFF5E {
        let c = char::from_u32(cp).unwrap();
        let (t, folded) = fold_typed_text(&format!("X{c}"));
        let want = char::from_u32(cp - 0xFF01 + 0x21).unwrap();
        assert_eq!(t, format!("X{want}"), "U+{cp:04X}");
        assert!(folded);
    }
    // Full-width letters and digits too: ＢＣ１ is BC1.
    assert_eq!(fold_typed_text("ＢＣ１：ＡＢ").0, "BC1:AB");
}

#[test]
fn the_ideographic_space_becomes_a_space() {
    assert_eq!(fold_typed_text("BC1:AB\u{3000}CD"), ("BC1:AB CD".to_string(), true));
}

#[test]
fn caps_lock_and_input_method_together() {
    assert_eq!(fold_typed_text("bc1：ab％cd\u{3000}＄"), ("BC1:AB%CD $".to_string(), true));
}

#[test]
fn mixed_case_is_left_alone() {
    assert_eq!(fold_typed_text("BC1:abCD"), ("BC1:abCD".to_string(), false));
    assert_eq!(fold_typed_text("bc1:abcD"), ("bc1:abcD".to_string(), false));
    // A full-width upper-case letter counts as upper case once folded.
    assert_eq!(fold_typed_text("bc1:abＣ"), ("bc1:abC".to_string(), true));
}

#[test]
fn other_characters_pass_through() {
    assert_eq!(fold_typed_text("  bc1:ab\r\n"), ("  BC1:AB\r\n".to_string(), true));
    assert_eq!(fold_typed_text("建筑").0, "建筑");
}

#[test]
fn a_genuine_text_typed_under_caps_lock_verifies_after_the_fold() {
    let (_, _, text) = testkit::sample();
    assert_eq!(check(&text), "valid");
    let lower = text.to_ascii_lowercase();
    assert_ne!(check(&lower), "valid", "the decoder itself does not fold");
    let (folded, did) = fold_typed_text(&lower);
    assert!(did);
    assert_eq!(folded, text);
    assert_eq!(check(&folded), "valid");
    // Full-width punctuation as a Chinese input method types it.
    let wide: String = text
        .chars()
        .map(|c| match c {
            ':' | '%' | '*' | '.' | '/' | '+' | '-' | '$' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap(),
            ' ' => '\u{3000}',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    let (folded, did) = fold_typed_text(&wide);
    assert!(did);
    assert_eq!(check(&folded), "valid");
}

#[test]
fn a_fold_never_makes_a_tampered_text_verify() {
    let (_, _, text) = testkit::sample();
    let b45: Vec<char> = text["BC1:".len()..].chars().collect();
    let alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    // Change one character at a few places; each tampered text, typed under
    // Caps Lock and folded, gives the same (non-valid) answer as unfolded.
    for at in [0, b45.len() / 3, b45.len() / 2, b45.len() - 5] {
        let mut t = b45.clone();
        t[at] = alphabet.chars().find(|&c| c != t[at]).unwrap();
        let tampered = format!("BC1:{}", t.iter().collect::<String>());
        let direct = check(&tampered);
        assert_ne!(direct, "valid", "at {at}");
        let (folded, _) = fold_typed_text(&tampered.to_ascii_lowercase());
        assert_eq!(folded, tampered);
        assert_eq!(check(&folded), direct, "at {at}");
    }
}
