//! The official-format entry form (未验证（官方格式）): one parser for the
//! app's form and the command line's `--set FIELD=VALUE`, so that a form
//! typed in either becomes the same entry. The values are text as typed;
//! [`entry_from_form`] parses them (every date form of
//! [`buildcert_official::parse_date_any`]; sex as 男/女, M/F or male/female
//! in any case; USCC and ID number upper-cased) and applies the field
//! rules of BC1 §4 ([`ConfirmedEntry::field_errors`]).

use buildcert_official::{
    edited_fields, mask_any_id, parse_date_any, ConfirmedEntry, Extraction, Field, FieldError, OfficialFields,
    OfficialSpecialty, Sex,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Localized;

/// The official-format entry form (未验证（官方格式）) as typed: every value a
/// string, so that Rust parses and checks it (`YYYY-MM-DD`, `YYYY年M月D日` …)
/// and answers with field errors instead of a decoding failure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfficialForm {
    /// 姓名.
    pub name: String,
    /// 性别: `M`, `F` or empty.
    pub sex: String,
    /// 出生日期.
    pub dob: String,
    /// 公民身份号码, full or masked as printed; empty when not printed.
    pub idn: String,
    /// 注册编号.
    pub reg: String,
    /// 聘用企业.
    pub employer: String,
    /// 统一社会信用代码 of the employer.
    pub uscc: String,
    /// 注册专业 and their validity.
    pub specialties: Vec<OfficialSpecialtyForm>,
    /// 发证日期.
    pub issued: String,
    /// 使用有效期, first day.
    pub use_from: String,
    /// 使用有效期, last day.
    pub use_to: String,
}

/// One specialty row of the entry form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfficialSpecialtyForm {
    /// Specialty name.
    pub name: String,
    /// First day of validity.
    pub from: String,
    /// Last day of validity.
    pub to: String,
}

/// The sex as typed: 男/女, M/F or male/female (any case, spaces around
/// ignored); `None` for anything else.
pub fn parse_sex(text: &str) -> Option<Sex> {
    match text.trim().to_lowercase().as_str() {
        "男" | "m" | "male" => Some(Sex::M),
        "女" | "f" | "female" => Some(Sex::F),
        _ => None,
    }
}

/// The ID number as typed: trimmed and upper-cased (a final check
/// character `x` is `X`); `None` when empty.
pub fn normalize_idn(text: &str) -> Option<String> {
    Some(text.trim().to_uppercase()).filter(|s| !s.is_empty())
}

fn required(field: Field) -> FieldError {
    FieldError {
        field, code: None, zh: format!("请填写“{}”", field.zh()), en: format!("fill in the {}", field.en())
    }
}

fn bad_date(field: Field, text: &str) -> FieldError {
    FieldError {
        field,
        code: None,
        zh: format!("“{}”的日期“{text}”无法识别，请写作 YYYY-MM-DD（如 2026-03-01）", field.zh()),
        en: format!("the {} \"{text}\" is not a date; write it as YYYY-MM-DD (e.g. 2026-03-01)", field.en()),
    }
}

/// A date of the form; reported as required when empty.
fn date(field: Field, text: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    let t = text.trim();
    if t.is_empty() {
        errors.push(required(field));
        return None;
    }
    let d = parse_date_any(t);
    if d.is_none() {
        errors.push(bad_date(field, t));
    }
    d
}

fn fmt(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default()
}

/// The form filled with what was read off a file (empty values for the
/// rest). With `mask_id` the ID number is masked (the app's form shows it
/// so; the holder may type the full one).
pub fn form_from_fields(f: &OfficialFields, mask_id: bool) -> OfficialForm {
    OfficialForm {
        name: f.name.clone().unwrap_or_default(),
        sex: f.sex.map(|s| s.as_str().to_string()).unwrap_or_default(),
        dob: fmt(f.dob),
        idn: f.idn.as_deref().map(|i| if mask_id { mask_any_id(i) } else { i.to_string() }).unwrap_or_default(),
        reg: f.reg.clone().unwrap_or_default(),
        employer: f.employer.clone().unwrap_or_default(),
        uscc: f.uscc.clone().unwrap_or_default(),
        specialties: f
            .specialties
            .iter()
            .map(|s| OfficialSpecialtyForm { name: s.name.clone(), from: fmt(Some(s.from)), to: fmt(Some(s.to)) })
            .collect(),
        issued: fmt(f.issued),
        use_from: fmt(f.use_from),
        use_to: fmt(f.use_to),
    }
}

/// The form showing a stored entry (ID number masked).
pub fn form_from_entry(e: &ConfirmedEntry) -> OfficialForm {
    OfficialForm {
        name: e.name.clone(),
        sex: e.sex.as_str().to_string(),
        dob: fmt(Some(e.dob)),
        idn: e.idn.as_deref().map(mask_any_id).unwrap_or_default(),
        reg: e.reg.clone(),
        employer: e.employer.clone(),
        uscc: e.uscc.clone(),
        specialties: e
            .specialties
            .iter()
            .map(|s| OfficialSpecialtyForm { name: s.name.clone(), from: fmt(Some(s.from)), to: fmt(Some(s.to)) })
            .collect(),
        issued: fmt(Some(e.issued)),
        use_from: fmt(Some(e.use_from)),
        use_to: fmt(Some(e.use_to)),
    }
}

/// The app's form from a reading (ID number masked; empty when nothing
/// could be read).
pub fn form_from_extraction(x: &Extraction) -> OfficialForm {
    x.fields().map(|f| form_from_fields(f, true)).unwrap_or_default()
}

/// Turns the form into an entry, or lists every problem (values that cannot
/// be parsed or are missing, then the field rules of BC1 §4). `read` is
/// what the file printed (to record what the holder changed); `query_urls`
/// the file's non-BC1 QR texts; `now` the confirmation time.
pub fn entry_from_form(
    form: &OfficialForm,
    read: Option<&OfficialFields>,
    query_urls: &[String],
    now: i64,
) -> Result<ConfirmedEntry, Vec<FieldError>> {
    let mut errors = Vec::new();
    let sex = parse_sex(&form.sex);
    if sex.is_none() {
        errors.push(required(Field::Sex));
    }
    let dob = date(Field::Dob, &form.dob, &mut errors);
    let issued = date(Field::Issued, &form.issued, &mut errors);
    let use_from = date(Field::UseFrom, &form.use_from, &mut errors);
    let use_to = date(Field::UseTo, &form.use_to, &mut errors);
    let mut specialties = Vec::new();
    for s in form
        .specialties
        .iter()
        .filter(|s| !(s.name.trim().is_empty() && s.from.trim().is_empty() && s.to.trim().is_empty()))
    {
        let from = date(Field::Specialties, &s.from, &mut errors);
        let to = date(Field::Specialties, &s.to, &mut errors);
        if s.name.trim().is_empty() {
            errors.push(required(Field::Specialties));
        }
        if let (Some(from), Some(to)) = (from, to) {
            specialties.push(OfficialSpecialty { name: s.name.trim().to_string(), from, to });
        }
    }
    let (Some(sex), Some(dob), Some(issued), Some(use_from), Some(use_to)) = (sex, dob, issued, use_from, use_to)
    else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut entry = ConfirmedEntry {
        name: form.name.trim().to_string(),
        sex,
        dob,
        reg: form.reg.trim().to_string(),
        employer: form.employer.trim().to_string(),
        uscc: form.uscc.trim().to_ascii_uppercase(),
        idn: normalize_idn(&form.idn),
        specialties,
        issued,
        use_from,
        use_to,
        query_urls: query_urls.to_vec(),
        confirmed_at: now,
        edited: Vec::new(),
    };
    entry.edited = match read {
        Some(r) => edited_fields(r, &entry),
        None => Field::ALL.to_vec(),
    };
    let rule_errors = entry.field_errors();
    if rule_errors.is_empty() {
        Ok(entry)
    } else {
        Err(rule_errors)
    }
}

/// The field named as on the command line (`use_from`, `use-from`, any case).
pub fn field_by_name(name: &str) -> Option<Field> {
    let n = name.trim().to_ascii_lowercase().replace('-', "_");
    Field::ALL.into_iter().find(|f| f.as_str() == n)
}

/// Applies one `FIELD=VALUE` (the command line's `--set`) to the form.
/// Dates and the sex are checked here, so a wrong value is said before any
/// file is read; `specialties` takes `NAME:FROM:TO;NAME:FROM:TO` (full-width
/// `：` and `；` too) and replaces every row.
pub fn set_form_field(form: &mut OfficialForm, kv: &str) -> Result<(), Localized> {
    let names: Vec<&str> = Field::ALL.iter().map(|f| f.as_str()).collect();
    let err = |zh: String, en: String| Localized { zh, en };
    let Some((k, v)) = kv.split_once('=').or_else(|| kv.split_once('＝')) else {
        return Err(err(
            format!("--set 需要 字段=值（字段：{}），收到“{kv}”", names.join(" ")),
            format!("--set takes FIELD=VALUE (fields: {}), got \"{kv}\"", names.join(" ")),
        ));
    };
    let Some(field) = field_by_name(k) else {
        return Err(err(
            format!("--set：未知字段“{}”，可用字段：{}", k.trim(), names.join(" ")),
            format!("--set: unknown field \"{}\"; the fields are: {}", k.trim(), names.join(" ")),
        ));
    };
    let v = v.trim().to_string();
    let check_date = |v: &str| {
        parse_date_any(v).map(|_| ()).ok_or_else(|| {
            err(
                format!("--set {}：“{v}”不是日期，应为 YYYY-MM-DD、YYYY-M-D 或 YYYY年M月D日", field.as_str()),
                format!("--set {}: \"{v}\" is not a date; use YYYY-MM-DD, YYYY-M-D or YYYY年M月D日", field.as_str()),
            )
        })
    };
    match field {
        Field::Name => form.name = v,
        Field::Reg => form.reg = v,
        Field::Employer => form.employer = v,
        Field::Uscc => form.uscc = v.to_ascii_uppercase(),
        Field::Idn => form.idn = normalize_idn(&v).unwrap_or_default(),
        Field::Sex => {
            let Some(sex) = parse_sex(&v) else {
                return Err(err(
                    format!("--set sex：应为 男 或 女（M 或 F），收到“{v}”"),
                    format!("--set sex: 男 or 女 (M or F), got \"{v}\""),
                ));
            };
            form.sex = sex.as_str().to_string();
        }
        Field::Dob | Field::Issued | Field::UseFrom | Field::UseTo => {
            check_date(&v)?;
            match field {
                Field::Dob => form.dob = v,
                Field::Issued => form.issued = v,
                Field::UseFrom => form.use_from = v,
                _ => form.use_to = v,
            }
        }
        Field::Specialties => {
            let mut rows = Vec::new();
            for part in v.split([';', '；']).map(str::trim).filter(|p| !p.is_empty()) {
                let bits: Vec<&str> = part.split([':', '：']).map(str::trim).collect();
                let bad = || {
                    err(
                        format!("--set specialties：“{part}”应为 专业:起始日:截止日，多个专业用分号分隔"),
                        format!(
                            "--set specialties: \"{part}\" should be NAME:FROM:TO, several separated by semicolons"
                        ),
                    )
                };
                if bits.len() != 3 || bits[0].is_empty() || parse_date_any(bits[1]).is_none() {
                    return Err(bad());
                }
                if parse_date_any(bits[2]).is_none() {
                    return Err(bad());
                }
                rows.push(OfficialSpecialtyForm { name: bits[0].into(), from: bits[1].into(), to: bits[2].into() });
            }
            form.specialties = rows;
        }
    }
    Ok(())
}

/// The form the command line starts from: what was read off the file
/// (ID number as read, not masked), then every `--set` applied in order.
pub fn form_with_sets(read: Option<&OfficialFields>, sets: &[String]) -> Result<OfficialForm, Localized> {
    let mut form = read.map(|f| form_from_fields(f, false)).unwrap_or_default();
    for kv in sets {
        set_form_field(&mut form, kv)?;
    }
    Ok(form)
}

/// The form's problems as one sentence per language (the app's form shows
/// them field by field first).
pub fn field_errors_message(errors: &[FieldError]) -> Localized {
    let zh: Vec<&str> = errors.iter().map(|e| e.zh.as_str()).collect();
    let en: Vec<&str> = errors.iter().map(|e| e.en.as_str()).collect();
    Localized {
        zh: format!("请更正后再保存：{}", zh.join("；")),
        en: format!("correct these first: {}", en.join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> OfficialForm {
        OfficialForm {
            name: "王五".into(),
            sex: "M".into(),
            dob: "1985-06-15".into(),
            idn: "".into(),
            reg: "京1110020230000001".into(),
            employer: "北京建工示范有限公司".into(),
            uscc: buildcert_bc1::testkit::uscc("91110000100000000").to_lowercase(),
            specialties: vec![
                OfficialSpecialtyForm {
                    name: "建筑工程".into(),
                    from: "2023-01-01".into(),
                    to: "2028年12月31日".into(),
                },
                OfficialSpecialtyForm::default(),
            ],
            issued: "2026-09-01".into(),
            use_from: "2026-09-01".into(),
            use_to: "2027-2-27".into(),
        }
    }

    #[test]
    fn a_complete_form_becomes_an_entry_with_every_date_form() {
        let e = entry_from_form(&good(), None, &["https://q.example/1".into()], 42).unwrap();
        assert_eq!(e.use_to, NaiveDate::from_ymd_opt(2027, 2, 27).unwrap());
        assert_eq!(e.specialties.len(), 1, "the blank row is ignored");
        assert_eq!(e.specialties[0].to, NaiveDate::from_ymd_opt(2028, 12, 31).unwrap());
        assert_eq!(e.uscc, buildcert_bc1::testkit::uscc("91110000100000000"));
        assert_eq!(e.edited, Field::ALL.to_vec(), "typed by hand: every field counts as edited");
        assert_eq!((e.confirmed_at, e.query_urls.len()), (42, 1));
    }

    #[test]
    fn sex_words_and_the_id_case_follow_one_rule() {
        for (t, s) in
            [("男", Sex::M), (" m ", Sex::M), ("Male", Sex::M), ("女", Sex::F), ("F", Sex::F), ("FEMALE", Sex::F)]
        {
            assert_eq!(parse_sex(t), Some(s), "{t}");
        }
        assert_eq!(parse_sex("x"), None);
        let mut f = good();
        f.sex = "female".into();
        f.idn = " 11010119850615014x ".into();
        let e = entry_from_form(&f, None, &[], 0).unwrap();
        assert_eq!((e.sex, e.idn.as_deref()), (Sex::F, Some("11010119850615014X")));
    }

    #[test]
    fn missing_and_unparsable_values_are_listed_by_field() {
        let mut f = good();
        f.sex = "".into();
        f.use_to = "明年".into();
        f.dob = "".into();
        let errs = entry_from_form(&f, None, &[], 0).unwrap_err();
        let fields: Vec<Field> = errs.iter().map(|e| e.field).collect();
        assert!(
            fields.contains(&Field::Sex) && fields.contains(&Field::UseTo) && fields.contains(&Field::Dob),
            "{fields:?}"
        );
        assert!(errs.iter().any(|e| e.zh.contains("明年") && e.en.contains("YYYY-MM-DD")));
        let m = field_errors_message(&errs);
        assert!(m.zh.starts_with("请更正后再保存") && m.en.starts_with("correct these first"), "{m:?}");
    }

    #[test]
    fn the_field_rules_apply() {
        let mut f = good();
        f.uscc = "91110000100000000X".into();
        f.reg = "京123".into();
        let errs = entry_from_form(&f, None, &[], 0).unwrap_err();
        let codes: Vec<_> = errs.iter().filter_map(|e| e.code).collect();
        assert!(codes.contains(&buildcert_bc1::Code::UsccInvalid), "{errs:?}");
        assert!(codes.contains(&buildcert_bc1::Code::RegistrationNumberInvalid), "{errs:?}");
    }

    #[test]
    fn the_form_is_filled_from_what_was_read_with_the_id_masked_or_not() {
        let read = OfficialFields {
            name: Some("王五".into()),
            sex: Some(Sex::F),
            idn: Some("110101198506151220".into()),
            use_to: NaiveDate::from_ymd_opt(2027, 2, 27),
            ..OfficialFields::default()
        };
        let form = form_from_fields(&read, true);
        assert_eq!((form.name.as_str(), form.sex.as_str(), form.use_to.as_str()), ("王五", "F", "2027-02-27"));
        assert!(form.idn.ends_with("1220") && !form.idn.contains("19850615"), "{}", form.idn);
        assert_eq!(form_from_fields(&read, false).idn, "110101198506151220");
        assert_eq!(form.dob, "");
        // Confirming exactly what was read marks no field as edited.
        let mut full = good();
        full.name = "王五".into();
        let read = OfficialFields { name: Some("王五".into()), ..OfficialFields::default() };
        let e = entry_from_form(&full, Some(&read), &[], 0).unwrap();
        assert!(!e.edited.contains(&Field::Name), "{:?}", e.edited);
    }

    #[test]
    fn set_takes_field_value_pairs_and_says_what_is_wrong() {
        let mut f = OfficialForm::default();
        set_form_field(&mut f, "sex=male").unwrap();
        set_form_field(&mut f, "IDN＝11010119850615123x").unwrap();
        set_form_field(&mut f, "use-from=2026年9月1日").unwrap();
        set_form_field(&mut f, "specialties=建筑工程:2023-01-01:2028-12-31；机电工程：2024-1-1：2029-1-1").unwrap();
        assert_eq!((f.sex.as_str(), f.idn.as_str(), f.use_from.as_str()), ("M", "11010119850615123X", "2026年9月1日"));
        assert_eq!(f.specialties.len(), 2);
        for bad in ["sex=x", "dob=明年", "nope=1", "name", "specialties=建筑工程:2023"] {
            let e = set_form_field(&mut f, bad).unwrap_err();
            assert!(e.zh.contains("--set") && e.en.contains("--set"), "{bad}: {e:?}");
        }
    }
}
