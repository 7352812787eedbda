//! One settings store: every rule setting (reminders, the usage warning,
//! the verification log switch, the trust list address) lives in the
//! wallet's [`Settings`]; the app keeps only its window and display
//! preferences apart. The app's "warn from N days" is the wallet's first
//! usage reminder, the same number the command line's status uses.

use buildcert_wallet::Settings;

use crate::ServiceError;

/// Largest usage warning, in days (the wallet's largest reminder).
pub const MAX_USAGE_WARNING_DAYS: i64 = 365;

/// From how many days before the usage period ends a copy is "expiring"
/// (有效（需注意）): the largest usage reminder.
pub fn usage_warning_days(s: &Settings) -> i64 {
    s.thresholds().usage_expiring_days
}

/// Makes `days` the largest usage reminder (so the warning starts then),
/// keeping the reminders closer to the end. `days` is 1 to
/// [`MAX_USAGE_WARNING_DAYS`].
pub fn set_usage_warning_days(s: &mut Settings, days: i64) -> Result<(), ServiceError> {
    if !(1..=MAX_USAGE_WARNING_DAYS).contains(&days) {
        return Err(ServiceError::Invalid {
            zh: format!("提醒天数应在 1 到 {MAX_USAGE_WARNING_DAYS} 之间"),
            en: format!("the reminder threshold must be 1 to {MAX_USAGE_WARNING_DAYS} days"),
        });
    }
    let mut v: Vec<i64> = s.usage_reminder_days.iter().copied().filter(|d| *d < days).collect();
    v.push(days);
    v.sort_unstable_by(|a, b| b.cmp(a));
    v.dedup();
    s.usage_reminder_days = v;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_warning_is_the_first_reminder() {
        let mut s = Settings::default();
        assert_eq!(usage_warning_days(&s), 30);
        set_usage_warning_days(&mut s, 60).unwrap();
        assert_eq!(s.usage_reminder_days, vec![60, 30, 7, 1]);
        assert_eq!(usage_warning_days(&s), 60);
        set_usage_warning_days(&mut s, 5).unwrap();
        assert_eq!(s.usage_reminder_days, vec![5, 1]);
        assert_eq!(s.thresholds().usage_expiring_days, 5);
        assert!(s.validate().is_ok());
        assert!(set_usage_warning_days(&mut s, 0).is_err());
        assert!(set_usage_warning_days(&mut s, 366).is_err());
        assert_eq!(s.usage_reminder_days, vec![5, 1], "unchanged after a refusal");
    }
}
