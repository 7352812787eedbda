//! Holder data: the file `issue` reads (TOML or JSON) and its conversion
//! into a BC1 [`IssueRequest`].
//!
//! ```toml
//! name = "张伟"                      # 姓名
//! sex = "男"                         # 性别: 男 / 女 / M / F
//! dob = "1985-06-15"                 # 出生日期
//! id_number = "110101198506151236"   # 公民身份号码 (check digit per GB 11643)
//! reg = "京111082000001"            # 注册编号
//! employer = "中建示范第一工程局有限公司" # 聘用企业
//! uscc = "91110000MA00000001"        # 统一社会信用代码 (check character per GB 32100)
//! issued = "2024-03-01"              # 发证日期
//! download = "2026-09-01T10:00:00+08:00" # when the holder downloads; a date means 09:00 UTC+08:00
//! # use_from / use_to: optional, default per BC1 §4 (download day, 180-day cap)
//! # lid: optional e-licence identifier, default derived from reg and download time
//! # signature = "sig.png"           # optional 个人签名 image, relative to this file
//!
//! [[specialties]]                   # 注册专业 with 有效期, 1 to 10
//! name = "建筑工程"
//! from = "2024-03-01"
//! to = "2027-02-28"
//! ```
//!
//! Dates are `YYYY-MM-DD` strings (TOML dates without quotes work too).

use std::path::{Path, PathBuf};

use buildcert_bc1::date::{cst_midnight, parse_date};
use buildcert_bc1::{IssueRequest, Sex, Specialty};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{IssuerError, Result};
use crate::files;

/// One registered specialty (注册专业) and its validity (有效期) as written in the holder file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolderSpecialty {
    /// The specialty, one of the ten of BC1 §4.
    #[serde(alias = "n")]
    pub name: String,
    /// First day of validity, `YYYY-MM-DD`.
    pub from: String,
    /// Last day of validity, `YYYY-MM-DD`.
    pub to: String,
}

/// Holder data as written in a TOML or JSON file. See the module docs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holder {
    /// 姓名.
    pub name: String,
    /// 性别: 男, 女, M or F.
    pub sex: String,
    /// 出生日期, `YYYY-MM-DD`.
    pub dob: String,
    /// 公民身份号码.
    #[serde(alias = "idn")]
    pub id_number: String,
    /// 注册编号.
    #[serde(alias = "registration_number")]
    pub reg: String,
    /// 聘用企业.
    #[serde(alias = "emp")]
    pub employer: String,
    /// The employer's 统一社会信用代码.
    pub uscc: String,
    /// 发证日期, `YYYY-MM-DD`.
    pub issued: String,
    /// 注册专业 with 有效期.
    #[serde(alias = "spec")]
    pub specialties: Vec<HolderSpecialty>,
    /// Download instant: `YYYY-MM-DD` (09:00 UTC+08:00), RFC 3339, or epoch seconds as a string.
    pub download: String,
    /// First day of the usage period (default: the download day).
    #[serde(default)]
    pub use_from: Option<String>,
    /// Last day of the usage period (default: the §4 cap).
    #[serde(default)]
    pub use_to: Option<String>,
    /// E-licence identifier (default: derived from `reg` and the download instant).
    #[serde(default)]
    pub lid: Option<String>,
    /// 个人签名 image (PNG or JPEG), relative to the holder file.
    #[serde(default)]
    pub signature: Option<PathBuf>,
}

/// Parses a `YYYY-MM-DD` field with a message naming the field.
pub fn date_field(field: &str, s: &str) -> Result<NaiveDate> {
    parse_date(s.trim()).ok_or_else(|| {
        IssuerError::invalid(
            field,
            format!("“{s}”不是有效日期，应为 YYYY-MM-DD，如 2026-09-01"),
            format!("'{s}' is not a valid date; write YYYY-MM-DD, e.g. 2026-09-01"),
        )
    })
}

/// Parses an instant: `YYYY-MM-DD` (at `default_hour`:00 UTC+08:00), RFC 3339
/// (`2026-09-01T10:00:00+08:00`), or epoch seconds.
pub fn instant_field(field: &str, s: &str, default_hour: i64) -> Result<i64> {
    let t = s.trim();
    if let Some(d) = parse_date(t) {
        return Ok(cst_midnight(d) + default_hour * 3600);
    }
    if let Ok(n) = t.parse::<i64>() {
        return Ok(n);
    }
    chrono::DateTime::parse_from_rfc3339(t).map(|dt| dt.timestamp()).map_err(|_| {
        IssuerError::invalid(
            field,
            format!("“{s}”不是有效时间，应为 YYYY-MM-DD、RFC 3339（如 2026-09-01T10:00:00+08:00）或 Unix 秒数"),
            format!("'{s}' is not a valid time; write YYYY-MM-DD, RFC 3339 (e.g. 2026-09-01T10:00:00+08:00) or epoch seconds"),
        )
    })
}

/// Parses 男/女/M/F.
pub fn sex_field(s: &str) -> Result<Sex> {
    match s.trim() {
        "M" | "m" | "男" => Ok(Sex::M),
        "F" | "f" | "女" => Ok(Sex::F),
        other => Err(IssuerError::invalid(
            "sex / 性别",
            format!("“{other}”无效，应为 男、女、M 或 F"),
            format!("'{other}' is not valid; write 男, 女, M or F"),
        )),
    }
}

/// The default e-licence identifier: 16 upper-case hex characters of
/// SHA-256(`reg` `|` `iat`), unique per registration and download instant.
pub fn default_lid(reg: &str, iat: i64) -> String {
    let h = Sha256::digest(format!("{reg}|{iat}").as_bytes());
    hex::encode_upper(&h[..8])
}

impl Holder {
    /// Reads a holder file: JSON when it ends in `.json` or starts with `{`,
    /// otherwise TOML.
    pub fn from_file(path: &Path) -> Result<Holder> {
        let text = files::read_text(path)?;
        let mut h = Self::parse(&text, path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")))
            .map_err(|reason| IssuerError::parse(path, "issue", reason))?;
        if let (Some(sig), Some(dir)) = (&h.signature, path.parent()) {
            if sig.is_relative() {
                h.signature = Some(dir.join(sig));
            }
        }
        Ok(h)
    }

    /// Parses holder data from TOML or JSON text.
    pub fn parse(text: &str, json: bool) -> std::result::Result<Holder, String> {
        if json || text.trim_start().starts_with('{') {
            serde_json::from_str(text).map_err(|e| e.to_string())
        } else {
            // TOML dates (unquoted) become strings, so both spellings work.
            let v: toml::Value = toml::from_str(text).map_err(|e| e.to_string())?;
            serde_json::from_value(toml_to_json(v)).map_err(|e| e.to_string())
        }
    }

    /// The BC1 issue request for this holder, signed by an authority named `iss`.
    /// Field formats are checked here; the §4 rules by [`buildcert_bc1::build_certificate`].
    pub fn to_request(&self, iss: &str) -> Result<IssueRequest> {
        let iat = instant_field("download / 下载时间", &self.download, 9)?;
        let spec = self
            .specialties
            .iter()
            .map(|s| {
                let f = format!("specialties[{}] / 注册专业", s.name);
                Ok(Specialty {
                    n: s.name.trim().to_string(),
                    from: date_field(&f, &s.from)?,
                    to: date_field(&f, &s.to)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let opt_date = |f: &str, v: &Option<String>| v.as_deref().map(|s| date_field(f, s)).transpose();
        Ok(IssueRequest {
            iss: iss.to_string(),
            iat,
            lid: self.lid.clone().unwrap_or_else(|| default_lid(self.reg.trim(), iat)),
            reg: self.reg.trim().to_string(),
            name: self.name.trim().to_string(),
            sex: sex_field(&self.sex)?,
            dob: date_field("dob / 出生日期", &self.dob)?,
            idn: self.id_number.trim().to_uppercase(),
            emp: self.employer.trim().to_string(),
            uscc: self.uscc.trim().to_uppercase(),
            issued: date_field("issued / 发证日期", &self.issued)?,
            spec,
            use_from: opt_date("use_from / 使用有效期起", &self.use_from)?,
            use_to: opt_date("use_to / 使用有效期至", &self.use_to)?,
        })
    }
}

fn toml_to_json(v: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::String(i.to_string()),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map(J::Number).unwrap_or(J::Null),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => J::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
name = "张伟"
sex = "男"
dob = 1985-06-15
id_number = "11010119850615123X"
reg = "京111082000001"
employer = "中建示范第一工程局有限公司"
uscc = "91110000MA00000001"
issued = "2024-03-01"
download = "2026-09-01"
[[specialties]]
name = "建筑工程"
from = "2024-03-01"
to = 2027-02-28
"#;

    #[test]
    fn toml_with_bare_dates_parses() {
        let h = Holder::parse(SAMPLE, false).unwrap();
        assert_eq!(h.dob, "1985-06-15");
        assert_eq!(h.specialties[0].to, "2027-02-28");
        let r = h.to_request("部").unwrap();
        assert_eq!(r.iat, cst_midnight(parse_date("2026-09-01").unwrap()) + 9 * 3600);
        assert_eq!(r.sex, Sex::M);
        assert_eq!(r.lid.len(), 16);
    }

    #[test]
    fn unknown_fields_and_bad_values_refused() {
        let bad = SAMPLE.replace("issued", "isued");
        assert!(Holder::parse(&bad, false).unwrap_err().contains("isued"));
        let h = Holder::parse(&SAMPLE.replace("\"男\"", "\"X\""), false).unwrap();
        assert!(h.to_request("部").unwrap_err().localized().zh.contains("性别"));
        let h = Holder::parse(&SAMPLE.replace("\"2024-03-01\"\ndownload", "\"2024-3-1\"\ndownload"), false).unwrap();
        assert!(h.to_request("部").unwrap_err().to_string().contains("YYYY-MM-DD"));
    }

    #[test]
    fn instants() {
        assert_eq!(instant_field("t", "2026-09-01T10:00:00+08:00", 9).unwrap(), 1788192000 + 36000);
        assert_eq!(instant_field("t", "1788192000", 9).unwrap(), 1788192000);
        assert!(instant_field("t", "yesterday", 9).is_err());
    }
}
