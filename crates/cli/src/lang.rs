//! Language, clock and data-directory choices of the command line.

use buildcert_bc1::Lang;

/// `--lang` wins; otherwise the operating system's locale (the user's UI
/// language on Windows and macOS; on Linux the LANGUAGE, LC_ALL, LC_MESSAGES
/// and LANG variables), then LC_ALL, LC_MESSAGES, LANG: one starting with
/// "zh" gives Chinese, anything else English.
pub fn resolve(flag: Option<&str>) -> Lang {
    resolve_from(flag, sys_locale::get_locale(), |k| std::env::var(k).ok())
}

/// The decision of [`resolve`], with the operating system's locale (a BCP 47
/// tag such as `zh-Hans-CN`, or a POSIX name such as `zh_CN.UTF-8`) and the
/// environment passed in. A missing, empty, `C` or `POSIX` OS locale says
/// nothing, and the first non-empty of LC_ALL, LC_MESSAGES, LANG decides.
pub fn resolve_from(flag: Option<&str>, os_locale: Option<String>, env: impl Fn(&str) -> Option<String>) -> Lang {
    match flag {
        Some("zh") => return Lang::Zh,
        Some("en") => return Lang::En,
        _ => {}
    }
    let says_something = |l: &String| {
        let base = l.trim().split(['.', '@']).next().unwrap_or("").to_ascii_uppercase();
        !base.is_empty() && base != "C" && base != "POSIX"
    };
    let locale = os_locale
        .filter(says_something)
        .or_else(|| ["LC_ALL", "LC_MESSAGES", "LANG"].iter().filter_map(|k| env(k)).find(|v| !v.is_empty()));
    if locale.is_some_and(|l| l.trim().to_ascii_lowercase().starts_with("zh")) {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// The current instant in epoch seconds: the app's clock
/// ([`buildcert_service::SystemClock`]). In debug builds only (the tests'
/// binaries), `BUILDCERT_NOW` (epoch seconds) fixes it, so the tests never
/// depend on today's date; a release build has no such hook.
pub fn now() -> i64 {
    #[cfg(debug_assertions)]
    if let Some(n) = std::env::var("BUILDCERT_NOW").ok().and_then(|v| v.trim().parse().ok()) {
        return n;
    }
    buildcert_service::Clock::now(&buildcert_service::SystemClock)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn env_of(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
    }

    #[test]
    fn the_flag_wins() {
        let zh_env = env_of(&[("LANG", "zh_CN.UTF-8")]);
        assert_eq!(resolve_from(Some("en"), Some("zh-Hans-CN".into()), &zh_env), Lang::En);
        assert_eq!(resolve_from(Some("zh"), Some("en-US".into()), env_of(&[("LANG", "en_US.UTF-8")])), Lang::Zh);
    }

    #[test]
    fn chinese_os_locales_give_zh() {
        for l in ["zh-CN", "zh-Hans-CN", "zh_TW", "zh-Hant-TW", "zh", "ZH-cn", "zh_CN.UTF-8"] {
            assert_eq!(resolve_from(None, Some(l.into()), no_env), Lang::Zh, "{l}");
        }
    }

    #[test]
    fn other_os_locales_give_en_whatever_lang_says() {
        for l in ["en-US", "en-GB", "de-DE", "ja-JP"] {
            assert_eq!(resolve_from(None, Some(l.into()), env_of(&[("LANG", "zh_CN.UTF-8")])), Lang::En, "{l}");
        }
    }

    #[test]
    fn without_an_os_locale_the_environment_decides() {
        assert_eq!(resolve_from(None, None, env_of(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
        assert_eq!(resolve_from(None, None, env_of(&[("LANG", "en_US.UTF-8")])), Lang::En);
        // LC_ALL over LC_MESSAGES over LANG; empty ones are skipped.
        assert_eq!(resolve_from(None, None, env_of(&[("LC_ALL", "zh_CN.UTF-8"), ("LANG", "en_US")])), Lang::Zh);
        assert_eq!(resolve_from(None, None, env_of(&[("LC_MESSAGES", "en_US"), ("LANG", "zh_CN")])), Lang::En);
        assert_eq!(resolve_from(None, None, env_of(&[("LC_ALL", ""), ("LANG", "zh_TW.Big5")])), Lang::Zh);
        // An OS locale that says nothing (C, POSIX, empty) falls back too.
        for l in ["C", "C.UTF-8", "POSIX", ""] {
            assert_eq!(resolve_from(None, Some(l.into()), env_of(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh, "{l:?}");
        }
    }

    #[test]
    fn nothing_at_all_gives_english() {
        assert_eq!(resolve_from(None, None, no_env), Lang::En);
        assert_eq!(resolve_from(None, Some("C".into()), no_env), Lang::En);
    }
}
