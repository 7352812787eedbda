//! The one way BuildCert says things in two languages.
//!
//! Every error of every crate has an English `Display`, a stable `code()` and
//! a [`Localized`] message whose Chinese and English texts are written where
//! the error is made. The two languages are never joined into one string to
//! be split again later.
//!
//! This crate sits below every other BuildCert crate (`scan` and `pdfgen`
//! depend on no other BuildCert crate, so the type cannot live in `bc1`).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use serde::{Deserialize, Serialize};

/// A language people read messages in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// 简体中文 (default)
    #[default]
    Zh,
    /// English
    En,
}

/// A text in both languages the app shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Localized {
    /// Simplified Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Localized {
    /// A text from its Chinese and its English wording.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Localized { zh: zh.into(), en: en.into() }
    }

    /// The text in one language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// Whether either text contains `pat` (for tests and filters).
    pub fn contains(&self, pat: &str) -> bool {
        self.zh.contains(pat) || self.en.contains(pat)
    }

    /// Both texts run through `f` (e.g. to wrap them in a sentence of the
    /// same language): `f(text, lang)`.
    pub fn map(&self, f: impl Fn(&str, Lang) -> String) -> Self {
        Localized { zh: f(&self.zh, Lang::Zh), en: f(&self.en, Lang::En) }
    }
}

/// An error as programs receive it (JSON output, IPC): a stable code and
/// what people read, in both languages. Serialised as
/// `{"code": "...", "message": {"zh": "...", "en": "..."}}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CodedMessage {
    /// Stable code, e.g. `no_code`.
    pub code: String,
    /// What is wrong and what to do.
    pub message: Localized,
}

impl CodedMessage {
    /// A message from its code and texts.
    pub fn new(code: impl Into<String>, message: Localized) -> Self {
        CodedMessage { code: code.into(), message }
    }
}

/// Whether `c` is a CJK character or CJK punctuation (U+2E80 and up, below
/// the Hangul syllables, plus the full-width forms).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3134F)
}

/// Checks the rules every error message keeps, for the crates' tests: neither
/// text is empty, the English one holds no CJK character, the Chinese one is
/// not a Latin-only sentence (it holds CJK). Returns what is wrong.
pub fn check_pair(code: &str, m: &Localized) -> Result<(), String> {
    if code.is_empty() {
        return Err(format!("empty code for {m:?}"));
    }
    if m.zh.trim().is_empty() || m.en.trim().is_empty() {
        return Err(format!("{code}: an empty text: {m:?}"));
    }
    if let Some(c) = m.en.chars().find(|&c| is_cjk(c)) {
        return Err(format!("{code}: the English text holds the CJK character {c:?}: {}", m.en));
    }
    if !m.zh.chars().any(is_cjk) {
        return Err(format!("{code}: the Chinese text holds no Chinese: {}", m.zh));
    }
    Ok(())
}

/// Checks one of every error of a crate (its `every_error_speaks_both_languages`
/// test): each message keeps [`check_pair`], the codes are distinct, and
/// `Display` is exactly the English message. Returns what is wrong.
pub fn check_errors<E: std::fmt::Display>(
    errors: &[E],
    code: impl Fn(&E) -> &str,
    localized: impl Fn(&E) -> Localized,
) -> Result<(), String> {
    let mut seen = std::collections::BTreeSet::new();
    for e in errors {
        let (c, m) = (code(e), localized(e));
        check_pair(c, &m)?;
        let shown = e.to_string();
        if shown != m.en {
            return Err(format!("{c}: Display is not the English message: {shown:?} vs {:?}", m.en));
        }
        if !seen.insert(c.to_string()) {
            return Err(format!("the code {c} is used by two errors"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct E(&'static str, &'static str, &'static str);
    impl std::fmt::Display for E {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.2)
        }
    }

    #[test]
    fn check_errors_finds_each_broken_rule() {
        let run = |v: &[E]| check_errors(v, |e| e.0, |e| Localized::new(e.1, e.2));
        assert!(run(&[E("a", "甲", "A"), E("b", "乙", "B")]).is_ok());
        assert!(run(&[E("a", "甲", "A"), E("a", "乙", "B")]).unwrap_err().contains("two errors"));
        assert!(run(&[E("a", "A", "A")]).unwrap_err().contains("no Chinese"));
        assert!(run(&[E("a", "甲", "甲")]).unwrap_err().contains("CJK"));
        struct D;
        impl std::fmt::Display for D {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("other")
            }
        }
        assert!(check_errors(&[D], |_| "d", |_| Localized::new("丁", "D")).unwrap_err().contains("Display"));
    }

    #[test]
    fn serialises_as_zh_and_en() {
        let m = Localized::new("中", "en");
        assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"zh":"中","en":"en"}"#);
        assert_eq!(m.get(Lang::Zh), "中");
        assert_eq!(m.get(Lang::En), "en");
        assert_eq!(serde_json::to_string(&Lang::En).unwrap(), r#""en""#);
        let c = CodedMessage::new("no_code", m);
        assert_eq!(serde_json::to_string(&c).unwrap(), r#"{"code":"no_code","message":{"zh":"中","en":"en"}}"#);
    }

    #[test]
    fn check_pair_finds_each_fault() {
        assert!(check_pair("x", &Localized::new("证书", "certificate")).is_ok());
        assert!(check_pair("", &Localized::new("证书", "certificate")).is_err());
        assert!(check_pair("x", &Localized::new("", "certificate")).is_err());
        assert!(check_pair("x", &Localized::new("证书", " ")).is_err());
        assert!(check_pair("x", &Localized::new("证书", "certificate 证书")).is_err());
        assert!(check_pair("x", &Localized::new("证书", "certificate（1）")).is_err(), "full-width brackets");
        assert!(check_pair("x", &Localized::new("certificate", "certificate")).is_err());
    }

    #[test]
    fn map_keeps_each_language() {
        let m = Localized::new("甲", "a").map(|t, l| match l {
            Lang::Zh => format!("{t}。"),
            Lang::En => format!("{t}."),
        });
        assert_eq!(m, Localized::new("甲。", "a."));
    }
}
