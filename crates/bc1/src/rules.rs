//! The field rules of BC1 §4: ID number, USCC, registration number,
//! specialties, and the usage-period cap.

use chrono::NaiveDate;

use crate::date::{add_days, birthday65};

/// The ten registered specialties (注册专业) of the first-class constructor.
pub const SPECIALTIES: [&str; 10] = [
    "建筑工程",
    "公路工程",
    "铁路工程",
    "民航机场工程",
    "港口与航道工程",
    "水利水电工程",
    "市政公用工程",
    "通信与广电工程",
    "矿业工程",
    "机电工程",
];

/// The English names of [`SPECIALTIES`], in the same order (the app's and
/// the reports' English; the data always holds the Chinese name).
pub const SPECIALTIES_EN: [&str; 10] = [
    "Building construction",
    "Highway",
    "Railway",
    "Civil aviation airport",
    "Port and waterway",
    "Water conservancy and hydropower",
    "Municipal public works",
    "Communications and broadcasting",
    "Mining",
    "Mechanical and electrical",
];

/// The English name of a specialty given by its Chinese name (one of
/// [`SPECIALTIES`]); `None` for any other text.
pub fn specialty_en(zh: &str) -> Option<&'static str> {
    SPECIALTIES.iter().position(|s| *s == zh).map(|i| SPECIALTIES_EN[i])
}

/// At most this many specialties in one certificate.
pub const MAX_SPECIALTIES: usize = 10;

/// Province abbreviations allowed as the first character of a registration number.
pub const PROVINCES: &str = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新军";

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// Whether `idn` has the shape of a resident ID number: 17 digits then a digit or `X`.
pub fn id_number_shape_ok(idn: &str) -> bool {
    let b = idn.as_bytes();
    b.len() == 18 && b[..17].iter().all(u8::is_ascii_digit) && (b[17].is_ascii_digit() || b[17] == b'X')
}

/// The GB 11643-1999 check character for the first 17 digits of an ID number.
/// Returns `None` unless `first17` is exactly 17 ASCII digits.
pub fn id_check_char(first17: &str) -> Option<char> {
    let b = first17.as_bytes();
    if b.len() != 17 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = b.iter().zip(ID_WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    Some(ID_CHECK[(sum % 11) as usize] as char)
}

/// `id_number_invalid` rule: shape and check character.
pub fn id_number_valid(idn: &str) -> bool {
    id_number_shape_ok(idn) && id_check_char(&idn[..17]) == Some(idn.as_bytes()[17] as char)
}

/// `id_mismatch` rule: characters 7–14 equal `dob` (YYYYMMDD) and the 17th
/// digit is odd for `M`, even for `F`. Only meaningful when the shape is ok.
pub fn id_matches(idn: &str, dob: NaiveDate, male: bool) -> bool {
    if !id_number_shape_ok(idn) {
        return false;
    }
    let dob_s = dob.format("%Y%m%d").to_string();
    let seventeenth = idn.as_bytes()[16] - b'0';
    idn[6..14] == dob_s && (seventeenth % 2 == 1) == male
}

/// The USCC alphabet of GB 32100-2015 (no I, O, S, V, Z).
pub const USCC_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// The GB 32100-2015 check character for the first 17 characters of a USCC.
pub fn uscc_check_char(first17: &str) -> Option<char> {
    let b = first17.as_bytes();
    if b.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (c, w) in b.iter().zip(USCC_WEIGHTS) {
        let v = USCC_ALPHABET.bytes().position(|a| a == *c)? as u32;
        sum += v * w;
    }
    let idx = (31 - sum % 31) % 31;
    USCC_ALPHABET.chars().nth(idx as usize)
}

/// `uscc_invalid` rule: 18 characters of the alphabet with the right check character.
pub fn uscc_valid(uscc: &str) -> bool {
    uscc.len() == 18
        && uscc.bytes().all(|c| USCC_ALPHABET.as_bytes().contains(&c))
        && uscc_check_char(&uscc[..17]) == uscc.chars().nth(17)
}

/// `registration_number_invalid` rule: a province abbreviation, `1`, then 11 or 15 digits.
pub fn registration_number_valid(reg: &str) -> bool {
    let mut chars = reg.chars();
    let Some(p) = chars.next() else { return false };
    if !PROVINCES.contains(p) {
        return false;
    }
    let rest = chars.as_str();
    rest.starts_with('1') && (rest.len() == 12 || rest.len() == 16) && rest.bytes().all(|c| c.is_ascii_digit())
}

/// Whether `n` is one of the ten specialties.
pub fn specialty_known(n: &str) -> bool {
    SPECIALTIES.contains(&n)
}

/// The usage cap of §4:
/// `min(add_days(use.from, 179), max{s.to : s.to ≥ use.from}, birthday65)`,
/// leaving the middle term out when no specialty reaches `use.from`.
pub fn usage_cap(use_from: NaiveDate, spec_tos: impl IntoIterator<Item = NaiveDate>, dob: NaiveDate) -> NaiveDate {
    let days = add_days(use_from, 179);
    let b65 = birthday65(dob);
    let spec_max = spec_tos.into_iter().filter(|t| *t >= use_from).max();
    let mut cap = days.min(b65);
    if let Some(s) = spec_max {
        cap = cap.min(s);
    }
    cap
}

/// §7: a continuation approved on `approved` runs to
/// `min(add_days(add_years(approved, 3), -1), birthday65)`.
pub fn continuation_end(approved: NaiveDate, dob: NaiveDate) -> NaiveDate {
    add_days(crate::date::add_years(approved, 3), -1).min(birthday65(dob))
}

/// Masks a resident ID number for display: only the last 4 characters stay
/// (`**************123X`). The birth date (characters 7–14) is often shown
/// beside the masked number, so the mask must hide the 6-digit area code:
/// with the first 4 characters shown too, the birth date and the last 4
/// leave only the last 2 area digits open (at most 100 candidates); with the
/// last 4 only, 10^6 area codes, of which about 1 in 11 passes the check
/// character: about 90,000 candidates (see the test). Shorter strings are
/// masked entirely but for their last character.
pub fn mask_id(idn: &str) -> String {
    let chars: Vec<char> = idn.chars().collect();
    if chars.len() >= 12 {
        let n = chars.len();
        "*".repeat(n - 4) + &chars[n - 4..].iter().collect::<String>()
    } else if chars.is_empty() {
        String::new()
    } else {
        "*".repeat(chars.len() - 1) + &chars[chars.len() - 1].to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_date;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn id_check_characters() {
        // GB 11643-1999 worked example.
        assert_eq!(id_check_char("11010519491231002"), Some('X'));
        assert!(id_number_valid("11010519491231002X"));
        assert!(!id_number_valid("110105194912310021"));
        assert!(!id_number_valid("11010519491231002x"), "lower-case x is not allowed");
        assert!(!id_number_valid("1101051949123100X2"));
        assert!(!id_number_valid("11010519491231002"));
        // Every possible check value is reachable, including 10 → X and 0 → 1.
        let mut seen = std::collections::BTreeSet::new();
        for n in 0..200u32 {
            let s = format!("110105198001{:05}", n);
            seen.insert(id_check_char(&s).unwrap());
        }
        assert_eq!(seen.len(), 11);
    }

    #[test]
    fn id_matches_dob_and_sex() {
        let idn = "11010519491231002X"; // 17th digit 2 → female
        assert!(id_matches(idn, d("1949-12-31"), false));
        assert!(!id_matches(idn, d("1949-12-31"), true));
        assert!(!id_matches(idn, d("1949-12-30"), false));
    }

    #[test]
    fn uscc_check_characters() {
        // Published example of a valid USCC.
        assert!(uscc_valid("91350100M000100Y43"));
        assert!(!uscc_valid("91350100M000100Y44"));
        assert!(!uscc_valid("91350100M000100Y4"));
        assert!(!uscc_valid("9135010OM000100Y43"), "O is not in the alphabet");
        // (31 − Σ mod 31) mod 31 == 0 must map to '0', not to index 31.
        let mut found_zero = false;
        for n in 0..2000u32 {
            let s = format!("91110000{:09}", n);
            if uscc_check_char(&s) == Some('0') {
                found_zero = true;
                assert!(uscc_valid(&format!("{s}0")));
            }
        }
        assert!(found_zero);
    }

    #[test]
    fn registration_numbers() {
        assert!(registration_number_valid("京1110020230000001"));
        assert!(registration_number_valid("粤144192012123"));
        assert!(!registration_number_valid("京2110020230000001"), "second char must be 1");
        assert!(!registration_number_valid("京111002023000001"), "1 + 14 digits");
        assert!(!registration_number_valid("港1110020230000001"), "not a province abbreviation");
        assert!(!registration_number_valid("京11100202300000a1"));
        assert!(!registration_number_valid(""));
    }

    #[test]
    fn usage_cap_terms() {
        let dob = d("1980-01-01");
        // 180 days counting the first day.
        assert_eq!(usage_cap(d("2026-09-01"), [d("2029-01-01")], dob), d("2027-02-27"));
        // Specialty end cuts it short.
        assert_eq!(usage_cap(d("2026-09-01"), [d("2026-10-15"), d("2026-11-30")], dob), d("2026-11-30"));
        // Specialty ending before use.from is left out of the middle term.
        assert_eq!(usage_cap(d("2026-09-01"), [d("2026-08-31")], dob), d("2027-02-27"));
        // A specialty ending exactly on use.from counts.
        assert_eq!(usage_cap(d("2026-09-01"), [d("2026-09-01")], dob), d("2026-09-01"));
        // 65th birthday, with 29 February.
        assert_eq!(usage_cap(d("2028-12-01"), [d("2031-01-01")], d("1964-02-29")), d("2029-02-28"));
    }

    #[test]
    fn continuation() {
        assert_eq!(continuation_end(d("2026-11-25"), d("1980-01-01")), d("2029-11-24"));
        assert_eq!(continuation_end(d("2024-02-29"), d("1980-01-01")), d("2027-02-27"));
        assert_eq!(continuation_end(d("2026-11-25"), d("1963-06-01")), d("2028-06-01"));
    }

    #[test]
    fn masking() {
        assert_eq!(mask_id("11010519491231002X"), "**************002X");
        assert_eq!(mask_id("abc"), "**c");
        assert_eq!(mask_id(""), "");
    }

    /// The number of valid ID numbers (GB 11643 check character) that agree
    /// with a masked number shown next to the birth date: every `*` outside
    /// the birth-date characters 7–14 is free.
    fn candidates(masked: &str, dob: &str) -> usize {
        let m: Vec<char> = masked.chars().collect();
        let free: Vec<usize> = (0..17).filter(|&i| m[i] == '*' && !(6..14).contains(&i)).collect();
        let mut base: Vec<char> = m.clone();
        for (i, c) in dob.chars().enumerate() {
            base[6 + i] = c;
        }
        let total = 10usize.pow(free.len() as u32);
        (0..total)
            .filter(|&n| {
                let mut id = base.clone();
                let mut k = n;
                for &i in &free {
                    id[i] = char::from(b'0' + (k % 10) as u8);
                    k /= 10;
                }
                let body: String = id[..17].iter().collect();
                m[17] == '*' || id_check_char(&body) == Some(m[17])
            })
            .count()
    }

    #[test]
    fn a_masked_id_beside_the_birth_date_leaves_at_least_10000_candidates() {
        let idn = "11010519491231002X";
        let n = candidates(&mask_id(idn), "19491231");
        assert!(n >= 10_000, "{n} candidates");
        // The old mask (first 4 + last 4) left 100 at most: the test can fail.
        assert!(candidates("1101**********002X", "19491231") < 10_000);
    }
}
