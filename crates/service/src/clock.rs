//! The clock every use-case reads, injected so that tests run at a fixed
//! date instead of today's (a test that depends on today's date stops
//! testing, or fails, once that date has passed).

use buildcert_bc1::date::{cst_midnight, today_cst};
use chrono::NaiveDate;

/// Where "now" comes from.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Seconds since the Unix epoch.
    fn now(&self) -> i64;

    /// Today's calendar date in UTC+08:00 (BC1 §1).
    fn today(&self) -> NaiveDate {
        today_cst(self.now())
    }
}

/// The computer's clock (production).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
    }
}

/// A clock that always says the same instant (tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedClock(pub i64);

impl FixedClock {
    /// Noon (UTC+08:00) of `day`.
    pub fn at_noon(day: NaiveDate) -> FixedClock {
        FixedClock(cst_midnight(day) + 12 * 3600)
    }
}

impl Clock for FixedClock {
    fn now(&self) -> i64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_says_its_day_in_utc_plus_8() {
        let d = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        let c = FixedClock::at_noon(d);
        assert_eq!(c.today(), d);
        // 23:30 in Beijing is still that day; a minute before its midnight, the day before.
        assert_eq!(FixedClock(cst_midnight(d) + 23 * 3600 + 30 * 60).today(), d);
        assert_eq!(FixedClock(cst_midnight(d) - 60).today(), d.pred_opt().unwrap());
        assert!(SystemClock.now() > 1_700_000_000);
    }
}
