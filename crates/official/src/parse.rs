//! Reading the printed fields from a page's text (pure; no PDF here).
//!
//! The text is what a PDF text layer gives, one string per page with a line
//! break where the text moves to a new line. Labels are recognised with a
//! full-width or ASCII colon after them (`姓名：` / `姓名:`); several labels
//! may share a line. A specialty row is `<专业>  有效期：<from>至<to>`; the
//! name may also follow a `注册专业：` label, or stand alone on the line above.

use serde::{Deserialize, Serialize};

use crate::dates::{find_dates, normalize_width};
use crate::fields::{Field, OfficialFields, OfficialSpecialty, Sex};
use crate::specialty::{clean_specialty, normalize_specialty};

/// Why a notice about the reading was raised. Stable snake_case names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum NoticeCode {
    /// A label was found but its value could not be read (an impossible date,
    /// a sex other than 男/女, no dates after 有效期). The field is left empty.
    Unreadable,
    /// A label appears twice with different values; the first one is kept.
    Conflicting,
    /// A specialty name that is not one of the ten, or could be several of
    /// them; kept as printed (brackets and punctuation off) for the person to choose.
    UnknownSpecialty,
    /// The file also carries a BC1 code: verify that instead.
    Bc1CodePresent,
    /// The QR codes could not be scanned (time budget, damaged image); the
    /// printed fields were still read.
    QrNotRead,
    /// Some pages had no text layer (scanned pages mixed with text pages).
    PagesWithoutText,
}

/// A remark about how the fields were read, for the entry form. Not an
/// error: the holder reviews every field anyway. Like every reason the app
/// shows: a stable code and the message in both languages (`message`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Notice {
    /// What kind of remark.
    pub code: NoticeCode,
    /// The field concerned, when there is one.
    pub field: Option<Field>,
    /// The remark in both languages.
    pub message: buildcert_bc1::Localized,
}

impl Notice {
    pub(crate) fn new(code: NoticeCode, field: Option<Field>, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Notice { code, field, message: buildcert_bc1::Localized::new(zh, en) }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Name,
    Sex,
    Dob,
    Reg,
    Employer,
    Uscc,
    Idn,
    SpecialtyHeader,
    SpecialtyValidity,
    Issued,
    Usage,
    Ignore,
}

/// Labels, longest first where one contains another (使用有效期 ⊃ 有效期).
const LABELS: &[(&str, Label)] = &[
    ("统一社会信用代码", Label::Uscc),
    ("公民身份号码", Label::Idn),
    ("身份证号码", Label::Idn),
    ("身份证号", Label::Idn),
    ("使用有效期", Label::Usage),
    ("使用时限", Label::Usage),
    ("出生日期", Label::Dob),
    ("注册编号", Label::Reg),
    ("聘用企业", Label::Employer),
    ("聘用单位", Label::Employer),
    ("注册专业", Label::SpecialtyHeader),
    ("发证日期", Label::Issued),
    ("个人签名", Label::Ignore),
    ("有效期", Label::SpecialtyValidity),
    ("姓名", Label::Name),
    ("性别", Label::Sex),
];

/// A label match in a line: char index of the label, of its value, and what it is.
struct Hit {
    at: usize,
    value_at: usize,
    label: Label,
}

fn find_labels(c: &[char]) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut i = 0;
    'outer: while i < c.len() {
        for (text, label) in LABELS {
            let l: Vec<char> = text.chars().collect();
            if c[i..].starts_with(&l) {
                let mut j = i + l.len();
                while j < c.len() && c[j] == ' ' {
                    j += 1;
                }
                if c.get(j) == Some(&':') {
                    hits.push(Hit { at: i, value_at: j + 1, label: *label });
                    i = j + 1;
                    continue 'outer;
                }
            }
        }
        i += 1;
    }
    hits
}

/// Removes whitespace next to a CJK character or between two of them
/// ("李  四" → "李四", "某某 建设 集团" → "某某建设集团") and collapses other
/// runs to one space ("ABC Group Co." stays as it is).
fn tidy(s: &str) -> String {
    let cjk = |c: char| ('\u{2E80}'..='\u{9FFF}').contains(&c) || ('\u{F900}'..='\u{FAFF}').contains(&c) || c == '·';
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let before = out.chars().last();
            let after = chars.get(j).copied();
            if !(before.is_some_and(cjk) || after.is_some_and(cjk)) {
                out.push(' ');
            }
            i = j;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[derive(Default)]
struct State {
    f: OfficialFields,
    notices: Vec<Notice>,
    labels_seen: usize,
    pending_specialty: Option<String>,
    sex: Option<SexShow>,
}

impl State {
    fn unreadable(&mut self, field: Field, raw: &str) {
        let raw = raw.trim();
        let shown = if field == Field::Idn { crate::fields::mask_any_id(raw) } else { raw.to_string() };
        self.notices.push(Notice::new(
            NoticeCode::Unreadable,
            Some(field),
            format!("无法识别“{}”的内容“{}”，请在表单中填写", field.zh(), shown),
            format!("could not read the {} \"{}\"; please fill it in on the form", field.en(), shown),
        ));
    }

    fn set<T: PartialEq + Clone + std::fmt::Display>(
        slot: &mut Option<T>,
        v: T,
        field: Field,
        notices: &mut Vec<Notice>,
    ) {
        match slot {
            None => *slot = Some(v),
            Some(old) if *old == v => {}
            Some(old) => {
                let (a, b) = if field == Field::Idn {
                    (crate::fields::mask_any_id(&old.to_string()), crate::fields::mask_any_id(&v.to_string()))
                } else {
                    (old.to_string(), v.to_string())
                };
                notices.push(Notice::new(
                    NoticeCode::Conflicting,
                    Some(field),
                    format!("“{}”出现两次且内容不同（“{a}”与“{b}”），已采用第一个，请核对", field.zh()),
                    format!("the {} appears twice with different values (\"{a}\" and \"{b}\"); the first was kept — please check it", field.en()),
                ));
            }
        }
    }

    fn push_specialty(&mut self, name: &str, value: &str) {
        let name = compact(name);
        let dates = find_dates(value);
        let ok: Vec<_> = dates.iter().filter_map(|t| t.date).collect();
        if name.is_empty() {
            self.unreadable(Field::Specialties, &format!("有效期:{}", value.trim()));
            return;
        }
        if dates.len() < 2 || ok.len() < 2 {
            self.unreadable(Field::Specialties, &format!("{name} {}", value.trim()));
            return;
        }
        // Brackets, spaces, trailing punctuation and short forms off: one of
        // the ten names, or kept as printed (cleaned) with a question.
        let read = normalize_specialty(&name);
        let kept = match read.exact() {
            Some(n) => n.to_string(),
            None => Some(clean_specialty(&name)).filter(|c| !c.is_empty()).unwrap_or_else(|| name.clone()),
        };
        let s = OfficialSpecialty { name: kept, from: ok[0], to: ok[1] };
        if self.f.specialties.contains(&s) {
            return; // the same row drawn twice
        }
        if let Some((zh, en)) = read.question(&name) {
            self.notices.push(Notice::new(NoticeCode::UnknownSpecialty, Some(Field::Specialties), zh, en));
        }
        self.f.specialties.push(s);
    }

    fn date(&mut self, field: Field, value: &str) -> Option<chrono::NaiveDate> {
        match find_dates(value).first() {
            Some(t) if t.date.is_some() => t.date,
            _ => {
                self.unreadable(field, value);
                None
            }
        }
    }

    fn take(&mut self, label: Label, prefix: &str, value: &str) {
        let v = value.trim();
        let n = &mut self.notices;
        match label {
            Label::Ignore => {}
            Label::Name => {
                let t = tidy(v);
                if t.is_empty() {
                    self.unreadable(Field::Name, v);
                } else {
                    Self::set(&mut self.f.name, t, Field::Name, n);
                }
            }
            Label::Sex => {
                let s = match v.chars().next() {
                    Some('男') => Some(Sex::M),
                    Some('女') => Some(Sex::F),
                    _ => None,
                };
                match s {
                    Some(s) => Self::set(&mut self.sex, SexShow(s), Field::Sex, n),
                    None => self.unreadable(Field::Sex, v),
                }
            }
            Label::Dob => {
                if let Some(d) = self.date(Field::Dob, v) {
                    Self::set(&mut self.f.dob, d, Field::Dob, &mut self.notices);
                }
            }
            Label::Issued => {
                if let Some(d) = self.date(Field::Issued, v) {
                    Self::set(&mut self.f.issued, d, Field::Issued, &mut self.notices);
                }
            }
            Label::Reg => {
                let t = compact(v);
                if t.is_empty() {
                    self.unreadable(Field::Reg, v);
                } else {
                    Self::set(&mut self.f.reg, t, Field::Reg, n);
                }
            }
            Label::Employer => {
                let t = tidy(v);
                if t.is_empty() {
                    self.unreadable(Field::Employer, v);
                } else {
                    Self::set(&mut self.f.employer, t, Field::Employer, n);
                }
            }
            Label::Uscc => {
                let t = compact(v).to_ascii_uppercase();
                if t.is_empty() {
                    self.unreadable(Field::Uscc, v);
                } else {
                    Self::set(&mut self.f.uscc, t, Field::Uscc, n);
                }
            }
            Label::Idn => {
                let t: String = compact(v).chars().map(|c| if c == 'x' { 'X' } else { c }).collect();
                if t.is_empty() {
                    self.unreadable(Field::Idn, v);
                } else {
                    Self::set(&mut self.f.idn, t, Field::Idn, n);
                }
            }
            Label::Usage => {
                let d = find_dates(v);
                let ok: Vec<_> = d.iter().filter_map(|t| t.date).collect();
                if d.len() >= 2 && ok.len() >= 2 {
                    Self::set(&mut self.f.use_from, ok[0], Field::UseFrom, n);
                    Self::set(&mut self.f.use_to, ok[1], Field::UseTo, &mut self.notices);
                } else {
                    self.unreadable(Field::UseTo, v);
                }
            }
            Label::SpecialtyHeader => {
                let t = compact(v);
                let dates = find_dates(&t);
                if let Some(first) = dates.first() {
                    // "注册专业：建筑工程 2024-01-01至2027-01-01"
                    let name: String = t.chars().take(first.start).collect();
                    self.push_specialty(&name, &t);
                    self.pending_specialty = None;
                } else if !t.is_empty() {
                    self.pending_specialty = Some(t);
                }
            }
            Label::SpecialtyValidity => {
                let name = if !compact(prefix).is_empty() {
                    compact(prefix)
                } else {
                    self.pending_specialty.take().unwrap_or_default()
                };
                self.push_specialty(&name, v);
                // Text run on after the dates names the next row's specialty
                // (a page whose lines were joined).
                let trailing: String = match find_dates(v).get(1) {
                    Some(t) => compact(&v.chars().skip(t.end).collect::<String>()),
                    None => String::new(),
                };
                self.pending_specialty = (!trailing.is_empty()).then_some(trailing);
            }
        }
    }

    fn line(&mut self, raw: &str) {
        let norm = normalize_width(raw);
        let c: Vec<char> = norm.chars().collect();
        let hits = find_labels(&c);
        let text = |a: usize, b: usize| -> String { c[a..b].iter().collect() };
        if hits.is_empty() {
            self.unlabelled(&norm);
            return;
        }
        self.labels_seen += hits.len();
        let mut prefix = text(0, hits[0].at);
        for (k, h) in hits.iter().enumerate() {
            let end = hits.get(k + 1).map_or(c.len(), |n| n.at);
            let value = text(h.value_at, end);
            if k > 0 {
                prefix = String::new();
                // "注册专业：建筑工程 有效期：…" — the header's value names the specialty.
                if h.label == Label::SpecialtyValidity && hits[k - 1].label == Label::SpecialtyHeader {
                    prefix = compact(&text(hits[k - 1].value_at, h.at));
                }
            }
            if k == 0 && !compact(&prefix).is_empty() && h.label != Label::SpecialtyValidity {
                self.unlabelled(&prefix);
            }
            if h.label == Label::SpecialtyHeader && hits.get(k + 1).is_some_and(|n| n.label == Label::SpecialtyValidity)
            {
                continue;
            }
            self.take(h.label, &prefix, &value);
        }
    }

    /// A line without labels: a specialty row printed as "<专业> <from>至<to>",
    /// or a specialty name alone above its 有效期 line.
    fn unlabelled(&mut self, line: &str) {
        let t = compact(line);
        let dates = find_dates(&t);
        let head: String = match dates.first() {
            Some(d) => t.chars().take(d.start).collect(),
            None => t.clone(),
        };
        // Only a short run that reads as exactly one specialty ("1.建筑工程",
        // "【机电】", "建筑工程专业"): any other line is not a specialty row.
        let cleaned = clean_specialty(&head);
        if cleaned.is_empty() || cleaned.chars().count() > 8 {
            return;
        }
        let Some(name) = normalize_specialty(&head).exact() else { return };
        if dates.len() >= 2 {
            let rest: String = t.chars().skip(dates[0].start).collect();
            self.push_specialty(name, &rest);
        } else if dates.is_empty() {
            self.pending_specialty = Some(name.to_string());
        }
    }
}

/// `Sex` with `Display`, for the duplicate-value message.
#[derive(Clone, Copy, PartialEq)]
struct SexShow(Sex);

impl std::fmt::Display for SexShow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.zh())
    }
}

/// What [`read_fields`] found: the fields, notices, and how many labels
/// were recognised (0 means the text is not an official certificate).
pub(crate) struct Read {
    pub fields: OfficialFields,
    pub notices: Vec<Notice>,
    pub labels_seen: usize,
}

pub(crate) fn read_fields(pages: &[String]) -> Read {
    let mut st = State::default();
    for page in pages {
        for line in page.lines() {
            st.line(line);
        }
        // A specialty name never carries over to the next page.
        st.pending_specialty = None;
    }
    st.f.sex = st.sex.map(|s| s.0);
    Read { fields: st.f, notices: st.notices, labels_seen: st.labels_seen }
}
