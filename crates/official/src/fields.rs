//! The fields printed on an official-format certificate, as read and as
//! confirmed by the holder.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use buildcert_bc1::Sex;

/// A field of an official-format certificate, named as in the entry form.
/// The serialised name (snake_case) is stable and used by the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// 姓名 — holder name.
    Name,
    /// 性别 — sex.
    Sex,
    /// 出生日期 — date of birth.
    Dob,
    /// 注册编号 — registration number.
    Reg,
    /// 聘用企业 — employer.
    Employer,
    /// 统一社会信用代码 — the employer's unified social credit code (USCC).
    Uscc,
    /// 公民身份号码 — resident ID number.
    Idn,
    /// 注册专业 — registered specialties and their validity.
    Specialties,
    /// 发证日期 — date of issue.
    Issued,
    /// 使用有效期 (first day) — usage period start.
    UseFrom,
    /// 使用有效期 (last day) — usage period end.
    UseTo,
}

impl Field {
    /// Every field, in the order the certificate prints them.
    pub const ALL: [Field; 11] = [
        Field::Name,
        Field::Sex,
        Field::Dob,
        Field::Reg,
        Field::Employer,
        Field::Uscc,
        Field::Idn,
        Field::Specialties,
        Field::Issued,
        Field::UseFrom,
        Field::UseTo,
    ];

    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Sex => "sex",
            Field::Dob => "dob",
            Field::Reg => "reg",
            Field::Employer => "employer",
            Field::Uscc => "uscc",
            Field::Idn => "idn",
            Field::Specialties => "specialties",
            Field::Issued => "issued",
            Field::UseFrom => "use_from",
            Field::UseTo => "use_to",
        }
    }

    /// The label in Chinese (terms.md).
    pub fn zh(self) -> &'static str {
        match self {
            Field::Name => "姓名",
            Field::Sex => "性别",
            Field::Dob => "出生日期",
            Field::Reg => "注册编号",
            Field::Employer => "聘用企业",
            Field::Uscc => "统一社会信用代码",
            Field::Idn => "公民身份号码",
            Field::Specialties => "注册专业",
            Field::Issued => "发证日期",
            Field::UseFrom => "使用有效期（起）",
            Field::UseTo => "使用有效期（止）",
        }
    }

    /// The label in English (terms.md).
    pub fn en(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Sex => "sex",
            Field::Dob => "date of birth",
            Field::Reg => "registration number",
            Field::Employer => "employer",
            Field::Uscc => "unified social credit code (USCC)",
            Field::Idn => "resident ID number",
            Field::Specialties => "registered specialties",
            Field::Issued => "date of issue",
            Field::UseFrom => "usage period (first day)",
            Field::UseTo => "usage period (last day)",
        }
    }

    /// Whether a certificate must print this field for an entry to be
    /// complete. The USCC and the ID number are not always printed.
    pub fn printed_always(self) -> bool {
        !matches!(self, Field::Uscc | Field::Idn)
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One registered specialty (注册专业) and its specialty validity (有效期).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfficialSpecialty {
    /// The specialty, e.g. 建筑工程.
    pub name: String,
    /// First day of the specialty validity.
    pub from: NaiveDate,
    /// Last day of the specialty validity.
    pub to: NaiveDate,
}

/// The fields read off an official-format certificate, before the holder
/// confirms them. Everything is optional: what the page did not show (or
/// showed in a form that could not be read) is `None` / empty.
///
/// `Debug` masks the ID number; serialisation keeps it as printed (it is
/// usually printed masked already). Show [`OfficialFields::masked`] to people.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfficialFields {
    /// 姓名.
    pub name: Option<String>,
    /// 性别.
    pub sex: Option<Sex>,
    /// 出生日期.
    pub dob: Option<NaiveDate>,
    /// 注册编号.
    pub reg: Option<String>,
    /// 聘用企业.
    pub employer: Option<String>,
    /// 统一社会信用代码 of the employer, when printed.
    pub uscc: Option<String>,
    /// 公民身份号码 as printed (usually masked, `3201**********002X`), when printed.
    pub idn: Option<String>,
    /// 注册专业 with 有效期, in printed order.
    pub specialties: Vec<OfficialSpecialty>,
    /// 发证日期.
    pub issued: Option<NaiveDate>,
    /// 使用有效期, first day.
    pub use_from: Option<NaiveDate>,
    /// 使用有效期, last day.
    pub use_to: Option<NaiveDate>,
    /// Texts of the QR codes on the file that are not BC1 (typically the URL
    /// of the official online query page). Shown to people; never opened
    /// automatically.
    pub query_urls: Vec<String>,
}

impl OfficialFields {
    /// A copy with the ID number masked, for display and logs.
    pub fn masked(&self) -> OfficialFields {
        OfficialFields { idn: self.idn.as_deref().map(mask_any_id), ..self.clone() }
    }

    /// The fields a certificate always prints ([`Field::printed_always`])
    /// that are not here.
    pub fn missing(&self) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|f| f.printed_always())
            .filter(|f| match f {
                Field::Name => self.name.is_none(),
                Field::Sex => self.sex.is_none(),
                Field::Dob => self.dob.is_none(),
                Field::Reg => self.reg.is_none(),
                Field::Employer => self.employer.is_none(),
                Field::Specialties => self.specialties.is_empty(),
                Field::Issued => self.issued.is_none(),
                Field::UseFrom => self.use_from.is_none(),
                Field::UseTo => self.use_to.is_none(),
                Field::Uscc | Field::Idn => false,
            })
            .collect()
    }

    /// Whether nothing at all was read.
    pub fn is_empty(&self) -> bool {
        self.missing().len() == Field::ALL.iter().filter(|f| f.printed_always()).count()
            && self.uscc.is_none()
            && self.idn.is_none()
    }
}

impl std::fmt::Debug for OfficialFields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let m = self.masked();
        f.debug_struct("OfficialFields")
            .field("name", &m.name)
            .field("sex", &m.sex)
            .field("dob", &m.dob)
            .field("reg", &m.reg)
            .field("employer", &m.employer)
            .field("uscc", &m.uscc)
            .field("idn", &m.idn)
            .field("specialties", &m.specialties)
            .field("issued", &m.issued)
            .field("use_from", &m.use_from)
            .field("use_to", &m.use_to)
            .field("query_urls", &m.query_urls)
            .finish()
    }
}

/// Masks an ID number for display, whether it is full or already partly
/// masked: only the last 4 characters stay (`**************123X`).
pub fn mask_any_id(idn: &str) -> String {
    buildcert_bc1::rules::mask_id(idn)
}
