//! Settings, kept in the wallet as one JSON document.

use buildcert_bc1::Thresholds;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use crate::db::write_tx;
use crate::error::{Result, WalletError};
use crate::Wallet;

/// The wallet's settings. Missing fields take their defaults, so older
/// files and newer fields mix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Reminders before the end of the usage period, in days (default 30, 7, 1).
    pub usage_reminder_days: Vec<i64>,
    /// `renewal_upcoming` this many days before a specialty ends (default 90).
    pub renewal_upcoming_days: i64,
    /// `renewal_window_open` this many days before a specialty ends (default 30).
    pub renewal_window_days: i64,
    /// `age_limit_approaching` this many days before the 65th birthday (default 180).
    pub age_limit_days: i64,
    /// Keep the verification log (核验记录). Off by default.
    pub inspector_log: bool,
    /// Where the app may fetch a newer trust list (信任列表) when the user
    /// asks: `https://…`, or `http://` to this computer (tests). `None`:
    /// not set (import by hand only). Never fetched automatically.
    #[serde(default)]
    pub trust_list_url: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            usage_reminder_days: vec![30, 7, 1],
            renewal_upcoming_days: 90,
            renewal_window_days: 30,
            age_limit_days: 180,
            inspector_log: false,
            trust_list_url: None,
        }
    }
}

impl Settings {
    /// The BC1 §6 step 7 thresholds these settings give (the usage warning
    /// starts at the first, i.e. largest, reminder).
    pub fn thresholds(&self) -> Thresholds {
        Thresholds {
            usage_expiring_days: self.usage_reminder_days.iter().copied().max().unwrap_or(30),
            renewal_window_days: self.renewal_window_days,
            renewal_upcoming_days: self.renewal_upcoming_days,
            age_limit_days: self.age_limit_days,
        }
    }

    /// Checks ranges: reminders 0–365 days (at most 10), window 1–365,
    /// upcoming greater than window and at most 730, age 0–3650; and the
    /// trust list address ([`trust_list_url_problem`]).
    pub fn validate(&self) -> Result<()> {
        let bad = |zh: &str, en: &str| Err(WalletError::bad_setting(zh, en));
        if self.usage_reminder_days.is_empty()
            || self.usage_reminder_days.len() > 10
            || self.usage_reminder_days.iter().any(|d| !(0..=365).contains(d))
        {
            return bad("使用有效期提醒天数：1–10 个，每个 0–365", "usage_reminder_days: 1–10 values, each 0–365");
        }
        if !(1..=365).contains(&self.renewal_window_days) {
            return bad("延续注册提醒天数：1–365", "renewal_window_days: 1–365");
        }
        if self.renewal_upcoming_days <= self.renewal_window_days || self.renewal_upcoming_days > 730 {
            return bad(
                "继续教育提醒天数须大于延续注册提醒天数，且不超过 730",
                "renewal_upcoming_days: more than renewal_window_days, at most 730",
            );
        }
        if !(0..=3650).contains(&self.age_limit_days) {
            return bad("65周岁提醒天数：0–3650", "age_limit_days: 0–3650");
        }
        if let Some(url) = &self.trust_list_url {
            if let Some((zh, en)) = trust_list_url_problem(url) {
                return bad(&format!("信任列表更新地址：{zh}"), &format!("trust_list_url: {en}"));
            }
        }
        Ok(())
    }

    /// Reminder days, largest first, without duplicates.
    pub fn reminder_steps(&self) -> Vec<i64> {
        let mut v = self.usage_reminder_days.clone();
        v.sort_unstable_by(|a, b| b.cmp(a));
        v.dedup();
        v
    }
}

/// Longest trust list address accepted, in bytes.
pub const MAX_TRUST_LIST_URL_LEN: usize = 2048;

/// What is wrong with a trust list address, as (Chinese, English), or
/// `None` when it is acceptable: `https://host[:port]/…`, or `http://` to
/// this computer (`localhost`, `127.0.0.0/8`, `[::1]`, for tests); no user
/// name or password, no spaces, at most [`MAX_TRUST_LIST_URL_LEN`] bytes.
/// The same rule as `buildcert_update::check_url`, which applies it again
/// (and to redirects) when fetching.
pub fn trust_list_url_problem(url: &str) -> Option<(String, String)> {
    let p = |zh: &str, en: &str| Some((zh.to_string(), en.to_string()));
    if url.trim() != url || url.is_empty() {
        return p("不能为空，首尾不能有空格", "must not be empty or start or end with spaces");
    }
    if url.len() > MAX_TRUST_LIST_URL_LEN {
        return p("地址过长", "the address is too long");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return p("含有空格或控制字符", "contains spaces or control characters");
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return p("须以 https:// 开头", "must start with https://");
    };
    let https = match scheme.to_ascii_lowercase().as_str() {
        "https" => true,
        "http" => false,
        _ => return p("须以 https:// 开头", "must start with https://"),
    };
    if rest.is_empty() || rest.starts_with(['/', '\\']) {
        // The WHATWG rules would read "https:///t" as host "t".
        return p("主机名无效", "the host is not valid");
    }
    let parsed = match url::Url::parse(url) {
        Ok(u) => u,
        Err(url::ParseError::InvalidPort) => return p("端口号无效", "the port is not valid"),
        Err(url::ParseError::InvalidIpv6Address) => return p("IPv6 地址无效", "the IPv6 address is not valid"),
        Err(_) => return p("主机名无效", "the host is not valid"),
    };
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return p("不能含用户名或密码", "must not hold a user name or password");
    }
    if parsed.port() == Some(0) {
        return p("端口号无效", "the port is not valid");
    }
    let loopback = match parsed.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => return p("主机名无效", "the host is not valid"),
    };
    if !https && !loopback {
        return p(
            "须以 https:// 开头（明文 http 仅允许本机地址）",
            "must start with https:// (plain http only for this computer)",
        );
    }
    None
}

impl Wallet {
    /// The settings (defaults when never saved).
    pub fn settings(&self) -> Result<Settings> {
        let v: Option<String> =
            self.conn.query_row("SELECT value FROM settings WHERE key = 'settings'", [], |r| r.get(0)).optional()?;
        match v {
            None => Ok(Settings::default()),
            Some(s) => {
                serde_json::from_str(&s).map_err(|e| WalletError::Db(format!("stored settings unreadable: {e}")))
            }
        }
    }

    /// Validates and saves the settings.
    pub fn set_settings(&self, s: &Settings) -> Result<()> {
        s.validate()?;
        let json = serde_json::to_string(s).map_err(|e| WalletError::Db(e.to_string()))?;
        write_tx(&self.conn, |c| {
            c.execute(
                "INSERT INTO settings(key, value) VALUES ('settings', ?1)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [json],
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_list_url_rule() {
        for ok in [
            "https://example.org/trust.bctl",
            "HTTPS://example.org:8443/a?b=c",
            "http://127.0.0.1:8080/trust.bctl",
            "http://localhost/t",
            "http://[::1]:9/t",
            "https://[2001:db8::1]/t",
        ] {
            assert_eq!(trust_list_url_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            " https://example.org/t",
            "http://example.org/trust.bctl",
            "http://10.0.0.1/t",
            "http://[::ffff:127.0.0.1]/t",
            "ftp://example.org/t",
            "example.org/trust.bctl",
            "https://user:pw@example.org/t",
            "https://exa mple.org/t",
            "https:///t",
            "https://example.org:0/t",
            "https://example.org:99999/t",
            "https://[::1/t",
            "https://::1/t",
        ] {
            let (zh, en) = trust_list_url_problem(bad).unwrap_or_else(|| panic!("{bad:?} accepted"));
            assert!(!zh.is_empty() && !en.is_empty());
        }
        assert!(
            trust_list_url_problem(&format!("https://example.org/{}", "a".repeat(MAX_TRUST_LIST_URL_LEN))).is_some()
        );
    }

    #[test]
    fn settings_validate_the_trust_list_url_and_keep_it() {
        let dir = tempfile::tempdir().unwrap();
        let w = Wallet::open(dir.path()).unwrap();
        assert_eq!(w.settings().unwrap().trust_list_url, None);
        let bad = Settings { trust_list_url: Some("http://example.org/t.bctl".into()), ..Settings::default() };
        let e = w.set_settings(&bad).unwrap_err();
        assert_eq!(e.code(), "bad_setting");
        assert!(e.zh().contains("信任列表更新地址") && e.en().contains("trust_list_url"), "{e}");
        assert_eq!(w.settings().unwrap(), Settings::default(), "a refused setting is not stored");
        let good = Settings { trust_list_url: Some("https://example.org/t.bctl".into()), ..Settings::default() };
        w.set_settings(&good).unwrap();
        assert_eq!(w.settings().unwrap(), good);
    }

    #[test]
    fn settings_stored_before_the_url_field_still_read() {
        let old = r#"{"usage_reminder_days":[30,7,1],"renewal_upcoming_days":90,"renewal_window_days":30,"age_limit_days":180,"inspector_log":true}"#;
        let s: Settings = serde_json::from_str(old).unwrap();
        assert_eq!(s.trust_list_url, None);
        assert!(s.inspector_log);
    }
}
