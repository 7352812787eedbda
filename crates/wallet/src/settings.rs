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
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            usage_reminder_days: vec![30, 7, 1],
            renewal_upcoming_days: 90,
            renewal_window_days: 30,
            age_limit_days: 180,
            inspector_log: false,
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
    /// upcoming greater than window and at most 730, age 0–3650.
    pub fn validate(&self) -> Result<()> {
        let bad = |s: &str| Err(WalletError::bad_setting(s.to_string()));
        if self.usage_reminder_days.is_empty()
            || self.usage_reminder_days.len() > 10
            || self.usage_reminder_days.iter().any(|d| !(0..=365).contains(d))
        {
            return bad("usage_reminder_days: 1–10 values, each 0–365 / 使用有效期提醒天数：1–10 个，每个 0–365");
        }
        if !(1..=365).contains(&self.renewal_window_days) {
            return bad("renewal_window_days: 1–365 / 延续注册提醒天数：1–365");
        }
        if self.renewal_upcoming_days <= self.renewal_window_days || self.renewal_upcoming_days > 730 {
            return bad("renewal_upcoming_days: more than renewal_window_days, at most 730 / 继续教育提醒天数须大于延续注册提醒天数，且不超过 730");
        }
        if !(0..=3650).contains(&self.age_limit_days) {
            return bad("age_limit_days: 0–3650 / 65周岁提醒天数：0–3650");
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

impl Wallet {
    /// The settings (defaults when never saved).
    pub fn settings(&self) -> Result<Settings> {
        let v: Option<String> = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = 'settings'", [], |r| r.get(0))
            .optional()?;
        match v {
            None => Ok(Settings::default()),
            Some(s) => serde_json::from_str(&s).map_err(|e| WalletError::Db(format!("stored settings unreadable: {e}"))),
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
