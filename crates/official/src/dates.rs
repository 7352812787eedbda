//! Printed dates in the forms official certificates use: `YYYY-MM-DD`,
//! `YYYY-M-D`, `YYYY年M月D日` (and `/` or `.` as separators), with ASCII or
//! full-width digits.

use chrono::NaiveDate;

/// Maps full-width ASCII variants (digits, letters, `：`, `－`, `／`, `．`,
/// the ideographic space …) to ASCII, and other dash forms to `-`. Other
/// characters are kept.
pub fn normalize_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' | '\u{00A0}' => ' ',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' => '-',
            _ => c,
        })
        .collect()
}

/// A date-like run found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateToken {
    /// The text as printed (after width normalisation).
    pub raw: String,
    /// The date, or `None` when the numbers are not a calendar date (2026-02-30).
    pub date: Option<NaiveDate>,
    /// Char index range in the normalised text.
    pub start: usize,
    pub end: usize,
}

fn digits_at(c: &[char], i: usize, min: usize, max: usize) -> Option<(u32, usize)> {
    let mut n = 0usize;
    let mut v = 0u32;
    while i + n < c.len() && n < max && c[i + n].is_ascii_digit() {
        v = v * 10 + c[i + n].to_digit(10)?;
        n += 1;
    }
    // The run must end here (no fifth year digit, no third month digit).
    if n < min || (i + n < c.len() && c[i + n].is_ascii_digit()) {
        return None;
    }
    Some((v, i + n))
}

fn skip_spaces(c: &[char], mut i: usize) -> usize {
    while i < c.len() && c[i] == ' ' {
        i += 1;
    }
    i
}

/// Tries to read a date starting exactly at char `i` of `c`.
fn date_at(c: &[char], i: usize) -> Option<(Option<NaiveDate>, usize)> {
    if i > 0 && c[i - 1].is_ascii_digit() {
        return None;
    }
    let (y, j) = digits_at(c, i, 4, 4)?;
    let j = skip_spaces(c, j);
    let sep = *c.get(j)?;
    if !matches!(sep, '-' | '/' | '.' | '年') {
        return None;
    }
    let j = skip_spaces(c, j + 1);
    let (m, j) = digits_at(c, j, 1, 2)?;
    let j = skip_spaces(c, j);
    let sep2 = *c.get(j)?;
    let want = if sep == '年' { '月' } else { sep };
    if sep2 != want {
        return None;
    }
    let j = skip_spaces(c, j + 1);
    let (d, mut j) = digits_at(c, j, 1, 2)?;
    if sep == '年' {
        let k = skip_spaces(c, j);
        if c.get(k) == Some(&'日') || c.get(k) == Some(&'号') {
            j = k + 1;
        }
    }
    Some((NaiveDate::from_ymd_opt(y as i32, m, d), j))
}

/// Every date-like run in `s` (width-normalised first), left to right.
pub(crate) fn find_dates(s: &str) -> Vec<DateToken> {
    let c: Vec<char> = normalize_width(s).chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        if c[i].is_ascii_digit() {
            if let Some((date, end)) = date_at(&c, i) {
                out.push(DateToken { raw: c[i..end].iter().collect(), date, start: i, end });
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Parses one printed date: `2024-01-09`, `2024-1-9`, `2024年1月9日`
/// (also `2024/1/9`, `2024.1.9`), with ASCII or full-width digits and
/// surrounding whitespace. `None` for anything else, including impossible
/// dates such as `2026-02-30`.
pub fn parse_date_any(s: &str) -> Option<NaiveDate> {
    let t = normalize_width(s);
    let t = t.trim();
    let c: Vec<char> = t.chars().collect();
    if c.is_empty() {
        return None;
    }
    match date_at(&c, 0) {
        Some((d, end)) if end == c.len() => d,
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, dd)
    }

    #[test]
    fn every_printed_form() {
        assert_eq!(parse_date_any("2024-01-09"), d(2024, 1, 9));
        assert_eq!(parse_date_any("2024-1-9"), d(2024, 1, 9));
        assert_eq!(parse_date_any("2024年1月9日"), d(2024, 1, 9));
        assert_eq!(parse_date_any("2024年01月09日"), d(2024, 1, 9));
        assert_eq!(parse_date_any("2024 年 1 月 9 日"), d(2024, 1, 9));
        assert_eq!(parse_date_any("2024年1月9"), d(2024, 1, 9));
        assert_eq!(parse_date_any("２０２４－０１－０９"), d(2024, 1, 9));
        assert_eq!(parse_date_any("２０２４年１２月３１日"), d(2024, 12, 31));
        assert_eq!(parse_date_any(" 2024/1/9\n"), d(2024, 1, 9));
        assert_eq!(parse_date_any("2024.12.31"), d(2024, 12, 31));
        assert_eq!(parse_date_any("2024-02-29"), d(2024, 2, 29));
    }

    #[test]
    fn rejects_non_dates() {
        for bad in [
            "",
            "2026-02-30",
            "2025-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-1-0",
            "24-01-09",
            "20240109",
            "2024-01-09x",
            "x2024-01-09",
            "2024-01/09",
            "2024年1-9日",
            "2024-001-09",
            "12024-01-09",
            "2024-01-091",
            "2024年1月9日至",
            "年月日",
        ] {
            assert_eq!(parse_date_any(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn finds_ranges() {
        let t = find_dates("有效期：2024-01-01至2027-01-01");
        assert_eq!(t.iter().map(|t| t.date).collect::<Vec<_>>(), vec![d(2024, 1, 1), d(2027, 1, 1)]);
        let t = find_dates("2024年1月1日至2027年1月1日");
        assert_eq!(t.iter().map(|t| t.date).collect::<Vec<_>>(), vec![d(2024, 1, 1), d(2027, 1, 1)]);
        let t = find_dates("2024-1-1-2027-1-1");
        assert_eq!(t.iter().map(|t| t.date).collect::<Vec<_>>(), vec![d(2024, 1, 1), d(2027, 1, 1)]);
        let t = find_dates("2026-02-30 ~ 2026-03-01");
        assert_eq!(t.iter().map(|t| t.date).collect::<Vec<_>>(), vec![None, d(2026, 3, 1)]);
        assert_eq!(t[0].raw, "2026-02-30");
        // Digit runs that are not dates: registration numbers, USCCs.
        assert!(find_dates("苏132201801234567 91320000134567890A").is_empty());
    }

    #[test]
    fn width_normalisation() {
        assert_eq!(normalize_width("姓名：张三（ＡＢ１）"), "姓名:张三(AB1)");
        assert_eq!(normalize_width("a\u{3000}b"), "a b");
    }
}
