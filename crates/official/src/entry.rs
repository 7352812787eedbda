//! What the entry form returns once the holder has confirmed or corrected
//! the fields, and the BC1 §4 field rules applied to it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use buildcert_bc1::rules::{
    id_matches, id_number_shape_ok, id_number_valid, registration_number_valid, specialty_known, uscc_valid,
    MAX_SPECIALTIES,
};
use buildcert_bc1::Code;

use crate::error::{FieldError, OfficialError};
use crate::fields::{mask_any_id, Field, OfficialFields, OfficialSpecialty, Sex};

/// Longest name or employer accepted (characters).
pub const MAX_TEXT_CHARS: usize = 200;

/// An official-format certificate as confirmed by its holder in the entry
/// form: every field the date rules need is present. Stored by the wallet
/// next to the original file, and always shown as 未验证（官方格式） /
/// unverified (official format).
///
/// `Debug` masks the ID number; show [`ConfirmedEntry::masked`] to people.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConfirmedEntry {
    /// 姓名.
    pub name: String,
    /// 性别.
    pub sex: Sex,
    /// 出生日期.
    pub dob: NaiveDate,
    /// 注册编号.
    pub reg: String,
    /// 聘用企业.
    pub employer: String,
    /// 统一社会信用代码 of the employer (needed by the tender check's
    /// employer rule; the holder's employer can tell it when it is not printed).
    pub uscc: String,
    /// 公民身份号码, full or masked as printed (`3201**********002X`), or
    /// `None` when neither the certificate nor the holder gives it. A full
    /// number is checked (check character, birth date, sex); the visible
    /// characters of a masked one are checked against the birth date and sex.
    pub idn: Option<String>,
    /// 注册专业 with their 有效期 (1 to 10, no duplicates).
    pub specialties: Vec<OfficialSpecialty>,
    /// 发证日期.
    pub issued: NaiveDate,
    /// 使用有效期, first day.
    pub use_from: NaiveDate,
    /// 使用有效期, last day, as printed (checked against the §4 cap by
    /// [`crate::evaluate`], not corrected).
    pub use_to: NaiveDate,
    /// Non-BC1 QR texts found on the file (the online query page). Never
    /// fetched by BuildCert; opened in the browser only when the user asks.
    pub query_urls: Vec<String>,
    /// Epoch seconds when the holder confirmed the fields.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub confirmed_at: i64,
    /// Fields the holder typed or changed compared with what was read off
    /// the file (all of them when the file could not be read). See [`edited_fields`].
    pub edited: Vec<Field>,
}

impl std::fmt::Debug for ConfirmedEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConfirmedEntry")
            .field("name", &self.name)
            .field("sex", &self.sex)
            .field("dob", &self.dob)
            .field("reg", &self.reg)
            .field("employer", &self.employer)
            .field("uscc", &self.uscc)
            .field("idn", &self.idn.as_deref().map(mask_any_id))
            .field("specialties", &self.specialties)
            .field("issued", &self.issued)
            .field("use_from", &self.use_from)
            .field("use_to", &self.use_to)
            .field("query_urls", &self.query_urls)
            .field("confirmed_at", &self.confirmed_at)
            .field("edited", &self.edited)
            .finish()
    }
}

fn err(field: Field, code: Option<Code>, zh: impl Into<String>, en: impl Into<String>) -> FieldError {
    FieldError { field, code, zh: zh.into(), en: en.into() }
}

fn required(field: Field) -> FieldError {
    err(field, None, format!("请填写“{}”", field.zh()), format!("fill in the {}", field.en()))
}

/// Whether `idn` is a masked ID number: 18 characters, some `*`, the others
/// digits (an `X` allowed last).
fn is_masked(idn: &str) -> bool {
    let c: Vec<char> = idn.chars().collect();
    c.len() == 18
        && c.contains(&'*')
        && c.iter().enumerate().all(|(i, ch)| *ch == '*' || ch.is_ascii_digit() || (i == 17 && *ch == 'X'))
}

/// The visible characters of a masked ID agree with `dob` and `sex`.
fn masked_matches(idn: &str, dob: NaiveDate, sex: Sex) -> bool {
    let c: Vec<char> = idn.chars().collect();
    let dob_s: Vec<char> = dob.format("%Y%m%d").to_string().chars().collect();
    let dob_ok = (6..14).all(|i| c[i] == '*' || c[i] == dob_s[i - 6]);
    let sex_ok = match c[16].to_digit(10) {
        Some(d) => (d % 2 == 1) == (sex == Sex::M),
        None => true,
    };
    dob_ok && sex_ok
}

impl ConfirmedEntry {
    /// Starts an entry from the fields read off a file, for the form to fill
    /// in: `None` when a field the rules need is missing (the form then
    /// asks for it). `uscc` empty when it was not printed.
    pub fn from_fields(f: &OfficialFields, confirmed_at: i64) -> Option<ConfirmedEntry> {
        Some(ConfirmedEntry {
            name: f.name.clone()?,
            sex: f.sex?,
            dob: f.dob?,
            reg: f.reg.clone()?,
            employer: f.employer.clone()?,
            uscc: f.uscc.clone().unwrap_or_default(),
            idn: f.idn.clone(),
            specialties: if f.specialties.is_empty() { return None } else { f.specialties.clone() },
            issued: f.issued?,
            use_from: f.use_from?,
            use_to: f.use_to?,
            query_urls: f.query_urls.clone(),
            confirmed_at,
            edited: Vec::new(),
        })
    }

    /// Reads every specialty name as typed (`建筑`, `（机电工程）`, `市政 `)
    /// back to one of the ten names of BC1 §4 where it reads as exactly one
    /// ([`crate::normalize_specialty`]); an ambiguous or unknown name is left
    /// as it is, and [`ConfirmedEntry::field_errors`] asks about it.
    pub fn normalize_specialties(&mut self) {
        for s in &mut self.specialties {
            if let Some(n) = crate::specialty::normalize_specialty(&s.name).exact() {
                s.name = n.to_string();
            }
        }
    }

    /// A copy with the ID number masked, for display and logs.
    pub fn masked(&self) -> ConfirmedEntry {
        ConfirmedEntry { idn: self.idn.as_deref().map(mask_any_id), ..self.clone() }
    }

    /// Every broken field rule (BC1 §4 and plain presence), in form order.
    /// Empty when the entry may be stored. A printed usage end beyond the §4
    /// cap is NOT an error here (the holder confirms what is printed); it is
    /// flagged `usage_inconsistent` by [`crate::evaluate`].
    pub fn field_errors(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            out.push(required(Field::Name));
        } else if name.chars().count() > MAX_TEXT_CHARS {
            out.push(err(
                Field::Name,
                None,
                format!("姓名过长（超过 {MAX_TEXT_CHARS} 字）"),
                format!("the name is too long (over {MAX_TEXT_CHARS} characters)"),
            ));
        }
        if self.dob >= self.use_from {
            out.push(err(
                Field::Dob,
                None,
                "出生日期应早于使用有效期起始日，请核对",
                "the date of birth must be before the usage period starts; please check it",
            ));
        }
        let reg = self.reg.trim();
        if reg.is_empty() {
            out.push(required(Field::Reg));
        } else if !registration_number_valid(reg) {
            out.push(err(
                Field::Reg,
                Some(Code::RegistrationNumberInvalid),
                format!("注册编号“{reg}”格式错误：应为省份简称、数字 1，再加 11 或 15 位数字（如 京1110020230000001）"),
                format!("registration number \"{reg}\" is malformed: a province abbreviation, the digit 1, then 11 or 15 digits (e.g. 京1110020230000001)"),
            ));
        }
        let emp = self.employer.trim();
        if emp.is_empty() {
            out.push(required(Field::Employer));
        } else if emp.chars().count() > MAX_TEXT_CHARS {
            out.push(err(
                Field::Employer,
                None,
                format!("聘用企业名称过长（超过 {MAX_TEXT_CHARS} 字）"),
                format!("the employer's name is too long (over {MAX_TEXT_CHARS} characters)"),
            ));
        }
        let uscc = self.uscc.trim();
        if uscc.is_empty() {
            out.push(err(
                Field::Uscc,
                None,
                "请填写聘用企业的统一社会信用代码（18 位，可向聘用企业询问或在营业执照上查看）",
                "fill in the employer's unified social credit code (18 characters; ask the employer or see its business licence)",
            ));
        } else if !uscc_valid(uscc) {
            out.push(err(
                Field::Uscc,
                Some(Code::UsccInvalid),
                format!("统一社会信用代码“{uscc}”有误：应为 18 位数字或大写字母（不含 I、O、S、V、Z），且校验位正确"),
                format!("unified social credit code \"{uscc}\" is wrong: 18 digits or capital letters (no I, O, S, V, Z) with a correct check character"),
            ));
        }
        if let Some(idn) = self.idn.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let shown = mask_any_id(idn);
            if is_masked(idn) {
                if !masked_matches(idn, self.dob, self.sex) {
                    out.push(err(
                        Field::Idn,
                        Some(Code::IdMismatch),
                        format!(
                            "公民身份号码 {shown} 与出生日期 {} 或性别 {} 不符",
                            self.dob.format("%Y-%m-%d"),
                            self.sex.zh()
                        ),
                        format!(
                            "resident ID number {shown} does not match the date of birth {} or sex {}",
                            self.dob.format("%Y-%m-%d"),
                            self.sex.as_str()
                        ),
                    ));
                }
            } else if !id_number_valid(idn) {
                out.push(err(
                    Field::Idn,
                    Some(Code::IdNumberInvalid),
                    format!("公民身份号码 {shown} 有误：应为 17 位数字加 1 位校验码（数字或大写 X），且校验码正确；不确定时可留空"),
                    format!("resident ID number {shown} is wrong: 17 digits and a correct check character (digit or capital X); leave it empty if unsure"),
                ));
            } else if id_number_shape_ok(idn) && !id_matches(idn, self.dob, self.sex == Sex::M) {
                out.push(err(
                    Field::Idn,
                    Some(Code::IdMismatch),
                    format!(
                        "公民身份号码 {shown} 与出生日期 {} 或性别 {} 不符",
                        self.dob.format("%Y-%m-%d"),
                        self.sex.zh()
                    ),
                    format!(
                        "resident ID number {shown} does not match the date of birth {} or sex {}",
                        self.dob.format("%Y-%m-%d"),
                        self.sex.as_str()
                    ),
                ));
            }
        }
        if self.specialties.is_empty() {
            out.push(err(
                Field::Specialties,
                None,
                "请至少填写一个注册专业及其有效期",
                "fill in at least one registered specialty and its validity",
            ));
        }
        if self.specialties.len() > MAX_SPECIALTIES {
            out.push(err(
                Field::Specialties,
                Some(Code::Malformed),
                format!("注册专业最多 {MAX_SPECIALTIES} 个"),
                format!("at most {MAX_SPECIALTIES} registered specialties"),
            ));
        }
        for (i, s) in self.specialties.iter().enumerate() {
            if !specialty_known(&s.name) {
                // Ask: which of the ten it may be, or that it is none of them.
                let (zh, en) = match crate::specialty::normalize_specialty(&s.name) {
                    crate::SpecialtyName::Exact(n) => (
                        format!("“{}”应写作“{n}”，请确认", s.name),
                        format!("\"{}\" should read \"{n}\"; please confirm it", s.name),
                    ),
                    other => other.question(&s.name).unwrap_or_default(),
                };
                out.push(err(Field::Specialties, Some(Code::Malformed), zh, en));
            }
            if self.specialties[..i].iter().any(|p| p.name == s.name) {
                out.push(err(
                    Field::Specialties,
                    Some(Code::Malformed),
                    format!("注册专业“{}”重复，请删除一行", s.name),
                    format!("registered specialty \"{}\" is listed twice; remove one row", s.name),
                ));
            }
            if s.from > s.to {
                out.push(err(
                    Field::Specialties,
                    Some(Code::Malformed),
                    format!(
                        "“{}”有效期起始日 {} 晚于截止日 {}，请核对",
                        s.name,
                        s.from.format("%Y-%m-%d"),
                        s.to.format("%Y-%m-%d")
                    ),
                    format!(
                        "\"{}\" validity starts {} after it ends {}; please check it",
                        s.name,
                        s.from.format("%Y-%m-%d"),
                        s.to.format("%Y-%m-%d")
                    ),
                ));
            }
        }
        if self.use_from > self.use_to {
            out.push(err(
                Field::UseTo,
                Some(Code::Malformed),
                format!(
                    "使用有效期起始日 {} 晚于截止日 {}，请核对",
                    self.use_from.format("%Y-%m-%d"),
                    self.use_to.format("%Y-%m-%d")
                ),
                format!(
                    "the usage period starts {} after it ends {}; please check it",
                    self.use_from.format("%Y-%m-%d"),
                    self.use_to.format("%Y-%m-%d")
                ),
            ));
        }
        if self.issued > self.use_to {
            out.push(err(
                Field::Issued,
                None,
                "发证日期晚于使用有效期截止日，请核对",
                "the date of issue is after the usage period ends; please check it",
            ));
        }
        out
    }

    /// [`ConfirmedEntry::field_errors`] as a result: `Err(InvalidEntry)`
    /// listing every problem, or `Ok` when the entry may be stored.
    pub fn validate(&self) -> Result<(), OfficialError> {
        let e = self.field_errors();
        if e.is_empty() {
            Ok(())
        } else {
            Err(OfficialError::InvalidEntry(e))
        }
    }
}

/// The fields of `entry` that differ from what was read off the file
/// (`read`), for [`ConfirmedEntry::edited`]: the record of what the holder
/// typed rather than what the file printed.
pub fn edited_fields(read: &OfficialFields, entry: &ConfirmedEntry) -> Vec<Field> {
    Field::ALL
        .into_iter()
        .filter(|f| match f {
            Field::Name => read.name.as_deref() != Some(entry.name.as_str()),
            Field::Sex => read.sex != Some(entry.sex),
            Field::Dob => read.dob != Some(entry.dob),
            Field::Reg => read.reg.as_deref() != Some(entry.reg.as_str()),
            Field::Employer => read.employer.as_deref() != Some(entry.employer.as_str()),
            Field::Uscc => read.uscc.as_deref().unwrap_or("") != entry.uscc,
            Field::Idn => read.idn != entry.idn,
            Field::Specialties => read.specialties != entry.specialties,
            Field::Issued => read.issued != Some(entry.issued),
            Field::UseFrom => read.use_from != Some(entry.use_from),
            Field::UseTo => read.use_to != Some(entry.use_to),
        })
        .collect()
}
