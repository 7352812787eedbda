//! Specialty names (注册专业) as printed on a page or typed by a person, read
//! back to one of the ten names of BC1 §4.

use buildcert_bc1::rules::SPECIALTIES;

use crate::dates::normalize_width;

/// What a printed or typed specialty name reads as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecialtyName {
    /// Exactly one of the ten names.
    Exact(&'static str),
    /// It could be any of these (e.g. `建筑机电`): ask the person.
    Ambiguous(Vec<&'static str>),
    /// None of the ten (kept as cleaned for the message): ask the person.
    Unknown(String),
}

/// Short forms and the name each stands for. A name that holds the short
/// forms of two different specialties is ambiguous.
const SHORT: &[(&str, &str)] = &[
    ("市政", "市政公用工程"),
    ("通信", "通信与广电工程"),
    ("广电", "通信与广电工程"),
    ("机电", "机电工程"),
    ("建筑", "建筑工程"),
    ("公路", "公路工程"),
    ("铁路", "铁路工程"),
    ("民航", "民航机场工程"),
    ("机场", "民航机场工程"),
    ("港口", "港口与航道工程"),
    ("航道", "港口与航道工程"),
    ("水利", "水利水电工程"),
    ("水电", "水利水电工程"),
    ("矿业", "矿业工程"),
];

/// Drops what is never part of a name: whitespace, brackets and other
/// punctuation (half- and full-width), digits and list numbering (`1.`,
/// `①`), and a trailing `专业`.
pub fn clean_specialty(raw: &str) -> String {
    let t: String = normalize_width(raw)
        .chars()
        .filter(|c| {
            !(c.is_whitespace()
                || c.is_ascii_punctuation()
                || c.is_ascii_digit()
                || ('\u{2460}'..='\u{24FF}').contains(c)
                || ('\u{3000}'..='\u{303F}').contains(c)
                || matches!(c, '·' | '…' | '—' | '‘' | '’' | '“' | '”' | '﹙' | '﹚'))
        })
        .collect();
    match t.strip_suffix("专业") {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => t,
    }
}

/// Reads a specialty name as printed or typed: one of the ten, ambiguous, or
/// unknown. `建筑工程(`, `（建筑工程）`, `建 筑 工 程`, `建筑` and
/// `建筑工程专业` all read as 建筑工程.
pub fn normalize_specialty(raw: &str) -> SpecialtyName {
    let t = clean_specialty(raw);
    if let Some(n) = SPECIALTIES.iter().find(|n| **n == t) {
        return SpecialtyName::Exact(n);
    }
    let mut hits: Vec<&'static str> = Vec::new();
    for (short, full) in SHORT {
        if t.contains(short) && !hits.contains(full) {
            hits.push(full);
        }
    }
    match hits.len() {
        0 => SpecialtyName::Unknown(t),
        1 => SpecialtyName::Exact(hits[0]),
        _ => {
            hits.sort_by_key(|h| SPECIALTIES.iter().position(|n| n == h));
            SpecialtyName::Ambiguous(hits)
        }
    }
}

impl SpecialtyName {
    /// The one name, when there is one.
    pub fn exact(&self) -> Option<&'static str> {
        match self {
            SpecialtyName::Exact(n) => Some(n),
            _ => None,
        }
    }

    /// What to ask the person, in Chinese and English (`None` when exact).
    pub fn question(&self, raw: &str) -> Option<(String, String)> {
        match self {
            SpecialtyName::Exact(_) => None,
            SpecialtyName::Ambiguous(c) => Some((
                format!("注册专业“{}”不明确，可能是：{}；请选择一个", raw.trim(), c.join("、")),
                format!(
                    "the registered specialty \"{}\" is ambiguous, it may be: {}; please choose one",
                    raw.trim(),
                    c.join(", ")
                ),
            )),
            SpecialtyName::Unknown(_) => Some((
                format!("“{}”不是十个注册专业之一，请选择：{}", raw.trim(), SPECIALTIES.join("、")),
                format!(
                    "\"{}\" is not one of the ten registered specialties; please choose one of: {}",
                    raw.trim(),
                    SPECIALTIES.join(", ")
                ),
            )),
        }
    }
}
