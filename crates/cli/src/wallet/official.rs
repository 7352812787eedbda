//! Importing an official-format certificate (未验证（官方格式）): the fields
//! read off the PDF are shown, corrected with `--set FIELD=VALUE`, and
//! stored only with `--confirm`.

use buildcert_official::{ConfirmedEntry, Field, OfficialFields, OfficialSpecialty, Sex};
use buildcert_wallet::{OfficialImport, Wallet, WalletError};
use chrono::NaiveDate;

/// What to do with an official-format certificate on import.
pub struct OfficialOpts<'a> {
    /// Store the fields (after corrections).
    pub confirm: bool,
    /// FIELD=VALUE corrections.
    pub set: &'a [String],
    /// Print the ID number unmasked.
    pub reveal_id: bool,
}

/// An official-format certificate shown, and what became of it.
pub struct Shown {
    /// The input as given.
    pub input: String,
    /// The fields after corrections (ID number masked unless `--reveal-id`).
    pub fields: OfficialFields,
    /// Whether anything could be read off the file.
    pub read: bool,
    /// What the reading says, in Chinese and in English.
    pub message: (String, String),
    /// Stored or not, and why.
    pub outcome: Outcome,
}

/// What became of an official-format certificate.
pub enum Outcome {
    /// Shown only: `--confirm` was not given.
    NotConfirmed,
    /// Not stored: these fields are missing.
    Missing(Vec<Field>),
    /// Stored (or already there); the ID number as shown.
    Stored(Box<OfficialImport>, String),
    /// The wallet refused it.
    Failed(WalletError),
}

/// Checks every `--set` before any file is read; what is wrong, in Chinese
/// and in English.
pub fn check_sets(set: &[String]) -> Result<(), (String, String)> {
    for kv in set {
        set_field(&mut OfficialFields::default(), kv)?;
    }
    Ok(())
}

/// Reads the official-format PDF `bytes` (file `name`, given as `input`),
/// applies the corrections and, with `--confirm`, stores it.
pub fn import(
    w: &Wallet,
    input: &str,
    name: &str,
    bytes: &[u8],
    limits: &buildcert_scan::Limits,
    o: &OfficialOpts,
    now: i64,
) -> Shown {
    let extraction = buildcert_official::extract_from_pdf(bytes, limits);
    let (read, message, urls) = match &extraction {
        Ok(ex) => (ex.fields().cloned(), ex.message(), ex.query_urls().to_vec()),
        Err(e) => (None, e.message(), vec![]),
    };
    let mut fields = read.clone().unwrap_or_default();
    if fields.query_urls.is_empty() {
        fields.query_urls = urls;
    }
    for kv in o.set {
        // Checked before any file was read; cannot fail here.
        let _ = set_field(&mut fields, kv);
    }
    let shown = if o.reveal_id { fields.clone() } else { fields.masked() };
    let mut out = Shown {
        input: input.to_string(),
        fields: shown,
        read: read.is_some(),
        message,
        outcome: Outcome::NotConfirmed,
    };
    if !o.confirm {
        return out;
    }
    let Some(entry) = ConfirmedEntry::from_fields(&fields, now) else {
        out.outcome = Outcome::Missing(fields.missing());
        return out;
    };
    out.outcome = match w.add_official(&entry, read.as_ref(), Some((name, bytes)), now) {
        Ok(r) => {
            let idm = if o.reveal_id { entry.idn.clone().unwrap_or_default() } else { r.id_masked.clone() };
            Outcome::Stored(Box::new(r), idm)
        }
        Err(e) => Outcome::Failed(e),
    };
    out
}

fn field_by_name(name: &str) -> Option<Field> {
    let n = name.trim().to_ascii_lowercase().replace('-', "_");
    Field::ALL.into_iter().find(|f| f.as_str() == n)
}

fn date_value(field: Field, v: &str) -> Result<NaiveDate, (String, String)> {
    buildcert_official::parse_date_any(v).ok_or_else(|| {
        (
            format!("--set {}：“{v}”不是日期，应为 YYYY-MM-DD、YYYY-M-D 或 YYYY年M月D日", field.as_str()),
            format!("--set {}: \"{v}\" is not a date; use YYYY-MM-DD, YYYY-M-D or YYYY年M月D日", field.as_str()),
        )
    })
}

/// Applies one `--set FIELD=VALUE` to the fields.
pub fn set_field(f: &mut OfficialFields, kv: &str) -> Result<(), (String, String)> {
    let names: Vec<&str> = Field::ALL.iter().map(|f| f.as_str()).collect();
    let Some((k, v)) = kv.split_once('=').or_else(|| kv.split_once('＝')) else {
        return Err((
            format!("--set 需要 字段=值（字段：{}），收到“{kv}”", names.join(" ")),
            format!("--set takes FIELD=VALUE (fields: {}), got \"{kv}\"", names.join(" ")),
        ));
    };
    let Some(field) = field_by_name(k) else {
        return Err((
            format!("--set：未知字段“{}”，可用字段：{}", k.trim(), names.join(" ")),
            format!("--set: unknown field \"{}\"; the fields are: {}", k.trim(), names.join(" ")),
        ));
    };
    let v = v.trim();
    let text = |v: &str| if v.is_empty() { None } else { Some(v.to_string()) };
    match field {
        Field::Name => f.name = text(v),
        Field::Reg => f.reg = text(v),
        Field::Employer => f.employer = text(v),
        Field::Uscc => f.uscc = text(&v.to_ascii_uppercase()),
        Field::Idn => f.idn = text(&v.to_ascii_uppercase()),
        Field::Sex => {
            f.sex = Some(match v.to_ascii_lowercase().as_str() {
                "男" | "m" | "male" => Sex::M,
                "女" | "f" | "female" => Sex::F,
                _ => {
                    return Err((
                        format!("--set sex：应为 男 或 女（M 或 F），收到“{v}”"),
                        format!("--set sex: 男 or 女 (M or F), got \"{v}\""),
                    ))
                }
            })
        }
        Field::Dob => f.dob = Some(date_value(field, v)?),
        Field::Issued => f.issued = Some(date_value(field, v)?),
        Field::UseFrom => f.use_from = Some(date_value(field, v)?),
        Field::UseTo => f.use_to = Some(date_value(field, v)?),
        Field::Specialties => {
            let mut out = Vec::new();
            for part in v.split([';', '；']).map(str::trim).filter(|p| !p.is_empty()) {
                let bits: Vec<&str> = part.split([':', '：']).map(str::trim).collect();
                let bad = || {
                    (
                        format!("--set specialties：“{part}”应为 专业:起始日:截止日，多个专业用分号分隔"),
                        format!(
                            "--set specialties: \"{part}\" should be NAME:FROM:TO, several separated by semicolons"
                        ),
                    )
                };
                if bits.len() != 3 || bits[0].is_empty() {
                    return Err(bad());
                }
                let from = buildcert_official::parse_date_any(bits[1]).ok_or_else(bad)?;
                let to = buildcert_official::parse_date_any(bits[2]).ok_or_else(bad)?;
                out.push(OfficialSpecialty { name: bits[0].to_string(), from, to });
            }
            f.specialties = out;
        }
    }
    Ok(())
}
