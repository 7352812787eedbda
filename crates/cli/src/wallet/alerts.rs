//! `buildcert alerts`: what runs out when, and what to do.

use std::path::Path;

use buildcert_bc1::Severity;
use buildcert_wallet::{Alert, Wallet, WalletError};
use chrono::NaiveDate;

/// The alerts at a date.
pub struct Alerts {
    /// The date they are for.
    pub date: NaiveDate,
    /// The alerts.
    pub alerts: Vec<Alert>,
}

impl Alerts {
    /// Whether an alert of error severity is present (exit status 1).
    pub fn any_error(&self) -> bool {
        self.alerts.iter().any(|a| a.severity == Severity::Error)
    }
}

/// The alerts at `date` (with `new`, only those not announced before, which
/// are then marked announced); with `ics`, also the calendar of deadlines.
pub fn run(w: &Wallet, date: NaiveDate, new: bool, ics: Option<&Path>, now: i64) -> Result<Alerts, WalletError> {
    // The app's alerts: the same rule and the same announced state.
    let alerts = if new {
        buildcert_service::status::take_new_alerts(w, date, now)?
    } else {
        buildcert_service::status::alerts(w, date, now)?
    };
    if let Some(p) = ics {
        let cal = w.alerts_ics(date)?;
        std::fs::write(p, cal).map_err(|e| WalletError::Io { path: p.to_path_buf(), detail: e.to_string() })?;
    }
    Ok(Alerts { date, alerts })
}
