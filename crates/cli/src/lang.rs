//! Language, clock and data-directory choices of the command line.

use buildcert_bc1::Lang;

/// `--lang` wins; otherwise LC_ALL, LC_MESSAGES, LANG starting with "zh" give Chinese.
pub fn resolve(flag: Option<&str>) -> Lang {
    match flag {
        Some("zh") => Lang::Zh,
        Some("en") => Lang::En,
        _ => {
            let env = ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .filter_map(|k| std::env::var(k).ok())
                .find(|v| !v.is_empty())
                .unwrap_or_default();
            if env.to_ascii_lowercase().starts_with("zh") {
                Lang::Zh
            } else {
                Lang::En
            }
        }
    }
}

/// The current instant in epoch seconds. `BUILDCERT_NOW` (epoch seconds)
/// overrides the system clock, for reproducible tests.
pub fn now() -> i64 {
    if let Some(n) = std::env::var("BUILDCERT_NOW").ok().and_then(|v| v.trim().parse().ok()) {
        return n;
    }
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// Picks the message for the language.
pub fn pick<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Prints an error a person reads, in the chosen language, to stderr.
pub fn error(lang: Lang, zh: &str, en: &str) {
    eprintln!("buildcert: {}", pick(lang, zh, en));
}
