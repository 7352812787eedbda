//! Calendar rules of BC1 §1: every date is a China Standard Time (UTC+08:00)
//! calendar date, written `YYYY-MM-DD`.

use chrono::{Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc};

/// Seconds east of UTC of China Standard Time (no daylight saving).
pub const CST_OFFSET_SECS: i32 = 8 * 3600;

fn cst() -> FixedOffset {
    FixedOffset::east_opt(CST_OFFSET_SECS).expect("UTC+08:00 is a valid offset")
}

/// Parses a strict `YYYY-MM-DD` date (exactly ten characters, zero-padded).
///
/// Returns `None` for anything else, including impossible dates such as
/// `2026-02-30`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let mut v = 0u32;
        for &c in &b[r] {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
        }
        Some(v)
    };
    let y = digits(0..4)?;
    let m = digits(5..7)?;
    let d = digits(8..10)?;
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// Formats a date as `YYYY-MM-DD`.
pub fn format_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// `add_days(d, n)`: calendar arithmetic. Saturates at chrono's date range.
pub fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    d.checked_add_signed(Duration::days(n)).unwrap_or(if n >= 0 { NaiveDate::MAX } else { NaiveDate::MIN })
}

/// `add_years(d, n)`: same month and day `n` years later; 29 February becomes
/// 28 February when the target year is not a leap year.
pub fn add_years(d: NaiveDate, n: i32) -> NaiveDate {
    let y = d.year().saturating_add(n);
    NaiveDate::from_ymd_opt(y, d.month(), d.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, d.month(), d.day() - 1))
        .unwrap_or(if n >= 0 { NaiveDate::MAX } else { NaiveDate::MIN })
}

/// The 65th birthday: registration and usage are valid up to and including it.
pub fn birthday65(dob: NaiveDate) -> NaiveDate {
    add_years(dob, 65)
}

/// Whole days from `a` to `b` (`b - a`), negative when `b` is earlier.
pub fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}

/// The UTC+08:00 calendar date of an instant given in epoch seconds.
pub fn cst_date_of(epoch_secs: i64) -> Option<NaiveDate> {
    let utc = Utc.timestamp_opt(epoch_secs, 0).single()?;
    Some(utc.with_timezone(&cst()).date_naive())
}

/// The UTC+08:00 date of an instant as `YYYY-MM-DD`, or the number itself
/// when the instant is outside the calendar's range.
pub fn format_epoch(epoch_secs: i64) -> String {
    cst_date_of(epoch_secs).map(format_date).unwrap_or_else(|| epoch_secs.to_string())
}

/// Epoch seconds of 00:00 UTC+08:00 on date `d`.
pub fn cst_midnight(d: NaiveDate) -> i64 {
    let naive = d.and_hms_opt(0, 0, 0).expect("midnight exists");
    naive.and_utc().timestamp() - i64::from(CST_OFFSET_SECS)
}

/// Today's date in UTC+08:00 for the instant `now` (epoch seconds).
/// Out-of-range instants fall back to the UTC date of the epoch.
pub fn today_cst(now: i64) -> NaiveDate {
    cst_date_of(now).unwrap_or(NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn parse_is_strict() {
        assert_eq!(parse_date("2026-02-28"), NaiveDate::from_ymd_opt(2026, 2, 28));
        for bad in ["2026-2-28", "2026-02-29", "26-02-28", "2026/02/28", "2026-02-28 ", "２０２６-02-28", ""] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(parse_date("2024-02-29"), NaiveDate::from_ymd_opt(2024, 2, 29));
    }

    #[test]
    fn add_years_feb29() {
        assert_eq!(add_years(d("2024-02-29"), 1), d("2025-02-28"));
        assert_eq!(add_years(d("2024-02-29"), 4), d("2028-02-29"));
        assert_eq!(add_years(d("1964-02-29"), 65), d("2029-02-28"));
        assert_eq!(add_years(d("1960-02-29"), 65), d("2025-02-28"));
        assert_eq!(add_years(d("1963-03-01"), 65), d("2028-03-01"));
        assert_eq!(birthday65(d("1961-05-20")), d("2026-05-20"));
    }

    #[test]
    fn add_days_crosses_months_and_leap_days() {
        assert_eq!(add_days(d("2026-09-01"), 179), d("2027-02-27"));
        assert_eq!(add_days(d("2027-09-01"), 179), d("2028-02-27"));
        assert_eq!(add_days(d("2023-09-03"), 179), d("2024-02-29"));
        assert_eq!(add_days(d("2024-03-01"), -1), d("2024-02-29"));
    }

    #[test]
    fn cst_boundaries() {
        // 2026-09-01 00:00 +08:00 == 2026-08-31 16:00 UTC
        let m = cst_midnight(d("2026-09-01"));
        assert_eq!(m, 1788192000);
        assert_eq!(cst_date_of(m), Some(d("2026-09-01")));
        assert_eq!(cst_date_of(m - 1), Some(d("2026-08-31")));
        assert_eq!(today_cst(m + 86399), d("2026-09-01"));
    }
}
