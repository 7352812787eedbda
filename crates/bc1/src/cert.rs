//! The certificate carried in a BC1 payload (§4) and its CBOR mapping.

use chrono::NaiveDate;
use ciborium::Value;
use serde::{Deserialize, Serialize};

use crate::date::{format_date, parse_date};
use crate::error::{Error, Result};

/// CWT claim key of the certificate map.
pub const CLAIM_CERT: i64 = -70001;
/// CWT claim key `iss`.
pub const CLAIM_ISS: i64 = 1;
/// CWT claim key `exp`.
pub const CLAIM_EXP: i64 = 4;
/// CWT claim key `iat`.
pub const CLAIM_IAT: i64 = 6;

/// Sex as written in the certificate (`"M"` / `"F"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Sex {
    /// 男
    M,
    /// 女
    F,
}

impl Sex {
    /// The CBOR/JSON string.
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::M => "M",
            Sex::F => "F",
        }
    }
    /// 男 / 女.
    pub fn zh(self) -> &'static str {
        match self {
            Sex::M => "男",
            Sex::F => "女",
        }
    }
}

/// A registered specialty (注册专业) and its validity (有效期).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Specialty {
    /// Name, one of [`crate::rules::SPECIALTIES`].
    pub n: String,
    /// First day of validity.
    pub from: NaiveDate,
    /// Last day of validity.
    pub to: NaiveDate,
}

/// The usage period (使用有效期).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Usage {
    /// First day the copy may be used (the download day).
    pub from: NaiveDate,
    /// Last day the copy may be used.
    pub to: NaiveDate,
}

/// A first-class constructor e-certificate: the CWT claims and the
/// certificate map of BC1 §4, with field names as in the payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Certificate {
    /// Issuing authority (CWT `iss`).
    pub iss: String,
    /// Epoch seconds when the holder downloaded the copy (CWT `iat`).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub iat: i64,
    /// Epoch seconds of 00:00 UTC+08:00 on the day after `use.to` (CWT `exp`).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub exp: i64,
    /// E-licence identifier (证照标识), unique per issued file.
    pub lid: String,
    /// Registration number (注册编号).
    pub reg: String,
    /// Holder name (姓名).
    pub name: String,
    /// Sex (性别).
    pub sex: Sex,
    /// Date of birth (出生日期).
    pub dob: NaiveDate,
    /// Resident ID number (公民身份号码). Mask it before showing it.
    pub idn: String,
    /// Employer (聘用企业).
    pub emp: String,
    /// Employer's unified social credit code.
    pub uscc: String,
    /// Date of issue (发证日期).
    pub issued: NaiveDate,
    /// Registered specialties.
    pub spec: Vec<Specialty>,
    /// Usage period.
    #[serde(rename = "use")]
    pub usage: Usage,
}

impl Certificate {
    /// A copy with the ID number masked (`**************123X`), for display and logs.
    pub fn masked(&self) -> Certificate {
        Certificate { idn: crate::rules::mask_id(&self.idn), ..self.clone() }
    }

    /// The CBOR certificate map (§4, key `-70001`), keys in the spec's order.
    pub fn to_cert_map(&self) -> Value {
        let t = |s: &str| Value::Text(s.to_string());
        let date = |d: NaiveDate| Value::Text(format_date(d));
        let spec = self
            .spec
            .iter()
            .map(|s| Value::Map(vec![(t("n"), t(&s.n)), (t("from"), date(s.from)), (t("to"), date(s.to))]))
            .collect();
        Value::Map(vec![
            (t("v"), Value::Integer(1.into())),
            (t("lid"), t(&self.lid)),
            (t("reg"), t(&self.reg)),
            (t("name"), t(&self.name)),
            (t("sex"), t(self.sex.as_str())),
            (t("dob"), date(self.dob)),
            (t("idn"), t(&self.idn)),
            (t("emp"), t(&self.emp)),
            (t("uscc"), t(&self.uscc)),
            (t("issued"), date(self.issued)),
            (t("spec"), Value::Array(spec)),
            (t("use"), Value::Map(vec![(t("from"), date(self.usage.from)), (t("to"), date(self.usage.to))])),
        ])
    }

    /// The whole CWT claims map (iss, iat, exp, certificate).
    pub fn to_cwt(&self) -> Value {
        Value::Map(vec![
            (Value::Integer(CLAIM_ISS.into()), Value::Text(self.iss.clone())),
            (Value::Integer(CLAIM_IAT.into()), Value::Integer(self.iat.into())),
            (Value::Integer(CLAIM_EXP.into()), Value::Integer(self.exp.into())),
            (Value::Integer(CLAIM_CERT.into()), self.to_cert_map()),
        ])
    }

    /// Reads the CWT claims map. Missing required keys, wrong types, `v`
    /// other than 1, an empty specialty list or a date that is not a
    /// `YYYY-MM-DD` date are [`Error::Malformed`]. Unknown keys are ignored.
    pub fn from_cwt(cwt: &Value) -> Result<Certificate> {
        let claims = as_map(cwt, "CWT claims")?;
        let iss = text(int_key(claims, CLAIM_ISS).ok_or_else(|| missing("iss (1)"))?, "iss")?;
        let iat = int(int_key(claims, CLAIM_IAT).ok_or_else(|| missing("iat (6)"))?, "iat")?;
        let exp = int(int_key(claims, CLAIM_EXP).ok_or_else(|| missing("exp (4)"))?, "exp")?;
        let cert = as_map(int_key(claims, CLAIM_CERT).ok_or_else(|| missing("certificate (-70001)"))?, "certificate")?;

        let field = |k: &str| str_key(cert, k).ok_or_else(|| missing(k));
        let v = int(field("v")?, "v")?;
        if v != 1 {
            return Err(Error::Malformed(format!("schema version v={v}, only 1 is supported")));
        }
        let sex = match text(field("sex")?, "sex")?.as_str() {
            "M" => Sex::M,
            "F" => Sex::F,
            other => return Err(Error::Malformed(format!("sex must be \"M\" or \"F\", found {other:?}"))),
        };
        let spec_v = match field("spec")? {
            Value::Array(a) => a,
            _ => return Err(wrong_type("spec", "array")),
        };
        if spec_v.is_empty() {
            return Err(Error::Malformed("spec must list at least one specialty".into()));
        }
        let mut spec = Vec::with_capacity(spec_v.len().min(64));
        for (i, s) in spec_v.iter().enumerate() {
            let m = as_map(s, "spec entry")?;
            let g = |k: &str| str_key(m, k).ok_or_else(|| missing(&format!("spec[{i}].{k}")));
            spec.push(Specialty {
                n: text(g("n")?, "spec.n")?,
                from: date(g("from")?, "spec.from")?,
                to: date(g("to")?, "spec.to")?,
            });
        }
        let use_m = as_map(field("use")?, "use")?;
        let ug = |k: &str| str_key(use_m, k).ok_or_else(|| missing(&format!("use.{k}")));
        Ok(Certificate {
            iss,
            iat,
            exp,
            lid: text(field("lid")?, "lid")?,
            reg: text(field("reg")?, "reg")?,
            name: text(field("name")?, "name")?,
            sex,
            dob: date(field("dob")?, "dob")?,
            idn: text(field("idn")?, "idn")?,
            emp: text(field("emp")?, "emp")?,
            uscc: text(field("uscc")?, "uscc")?,
            issued: date(field("issued")?, "issued")?,
            spec,
            usage: Usage { from: date(ug("from")?, "use.from")?, to: date(ug("to")?, "use.to")? },
        })
    }
}

fn missing(k: &str) -> Error {
    Error::Malformed(format!("required key {k} is missing"))
}

fn wrong_type(k: &str, want: &str) -> Error {
    Error::Malformed(format!("{k} must be {want}"))
}

pub(crate) fn as_map<'a>(v: &'a Value, what: &str) -> Result<&'a [(Value, Value)]> {
    match v {
        Value::Map(m) => Ok(m),
        _ => Err(wrong_type(what, "a map")),
    }
}

pub(crate) fn int_key(m: &[(Value, Value)], k: i64) -> Option<&Value> {
    m.iter().find(|(key, _)| matches!(key, Value::Integer(i) if i128::from(*i) == i128::from(k))).map(|(_, v)| v)
}

pub(crate) fn str_key<'a>(m: &'a [(Value, Value)], k: &str) -> Option<&'a Value> {
    m.iter().find(|(key, _)| matches!(key, Value::Text(t) if t == k)).map(|(_, v)| v)
}

pub(crate) fn text(v: &Value, k: &str) -> Result<String> {
    match v {
        Value::Text(t) => Ok(t.clone()),
        _ => Err(wrong_type(k, "a text string")),
    }
}

pub(crate) fn int(v: &Value, k: &str) -> Result<i64> {
    match v {
        Value::Integer(i) => i64::try_from(i128::from(*i)).map_err(|_| wrong_type(k, "a 64-bit integer")),
        _ => Err(wrong_type(k, "an integer")),
    }
}

fn date(v: &Value, k: &str) -> Result<NaiveDate> {
    let s = text(v, k)?;
    parse_date(&s).ok_or_else(|| Error::Malformed(format!("{k} must be a YYYY-MM-DD date, found {s:?}")))
}

/// Map helpers shared with the trust-list module.
pub(crate) mod cbor {
    pub(crate) use super::{as_map, int, int_key, str_key, text};
}
