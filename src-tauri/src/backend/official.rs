//! 未验证（官方格式） / Official-format certificates: the entry form's
//! values are parsed and checked by `buildcert-official` (field rules of BC1
//! §4, date forms), and stored by the wallet, which keeps them unverified.

use buildcert_official::{
    edited_fields, mask_any_id, parse_date_any, ConfirmedEntry, Extraction, Field, FieldError, OfficialFields,
    OfficialSpecialty, Sex,
};
use chrono::NaiveDate;

use crate::types::{OfficialForm, OfficialSpecialtyForm};

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

/// A date of the form: `Ok(None)` when empty (reported as required by the caller).
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

/// The form filled with what was read off a file (empty values for the rest).
/// The ID number is masked (as it is usually printed); the holder may type
/// the full one.
pub fn form_from_fields(f: &OfficialFields) -> OfficialForm {
    OfficialForm {
        name: f.name.clone().unwrap_or_default(),
        sex: f.sex.map(|s| s.as_str().to_string()).unwrap_or_default(),
        dob: fmt(f.dob),
        idn: f.idn.as_deref().map(mask_any_id).unwrap_or_default(),
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

/// The form from a reading (empty when nothing could be read).
pub fn form_from_extraction(x: &Extraction) -> OfficialForm {
    x.fields().map(form_from_fields).unwrap_or_default()
}

/// Turns the form into an entry, or lists every problem (values that cannot
/// be parsed or are missing, then the crate's field rules). `read` is what
/// the file printed (to record what the holder changed); `query_urls` the
/// file's non-BC1 QR texts.
pub fn entry_from_form(
    form: &OfficialForm,
    read: Option<&OfficialFields>,
    query_urls: &[String],
    now: i64,
) -> Result<ConfirmedEntry, Vec<FieldError>> {
    let mut errors = Vec::new();
    let sex = match form.sex.trim() {
        "M" | "男" => Some(Sex::M),
        "F" | "女" => Some(Sex::F),
        _ => {
            errors.push(required(Field::Sex));
            None
        }
    };
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
    let idn = Some(form.idn.trim().to_string()).filter(|s| !s.is_empty());
    let mut entry = ConfirmedEntry {
        name: form.name.trim().to_string(),
        sex,
        dob,
        reg: form.reg.trim().to_string(),
        employer: form.employer.trim().to_string(),
        uscc: form.uscc.trim().to_ascii_uppercase(),
        idn,
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
    }

    #[test]
    fn the_crates_field_rules_apply() {
        let mut f = good();
        f.uscc = "91110000100000000X".into();
        f.reg = "京123".into();
        let errs = entry_from_form(&f, None, &[], 0).unwrap_err();
        let codes: Vec<_> = errs.iter().filter_map(|e| e.code).collect();
        assert!(codes.contains(&buildcert_bc1::Code::UsccInvalid), "{errs:?}");
        assert!(codes.contains(&buildcert_bc1::Code::RegistrationNumberInvalid), "{errs:?}");
    }

    #[test]
    fn the_form_is_filled_from_what_was_read_with_the_id_masked() {
        let read = OfficialFields {
            name: Some("王五".into()),
            sex: Some(Sex::F),
            idn: Some("110101198506151220".into()),
            use_to: NaiveDate::from_ymd_opt(2027, 2, 27),
            ..OfficialFields::default()
        };
        let form = form_from_fields(&read);
        assert_eq!((form.name.as_str(), form.sex.as_str(), form.use_to.as_str()), ("王五", "F", "2027-02-27"));
        assert!(form.idn.starts_with("**************") && form.idn.ends_with("1220"), "{}", form.idn);
        assert_eq!(form.dob, "");
        // Confirming exactly what was read marks no field as edited.
        let mut full = good();
        full.name = "王五".into();
        let read = OfficialFields { name: Some("王五".into()), ..OfficialFields::default() };
        let e = entry_from_form(&full, Some(&read), &[], 0).unwrap();
        assert!(!e.edited.contains(&Field::Name), "{:?}", e.edited);
    }
}

#[cfg(test)]
mod backend_tests {
    use std::path::PathBuf;

    use crate::backend::tests::with_sample;
    use crate::error::ErrorCode;
    use crate::types::{EntryKind, Verdict};

    fn fixture(name: &str) -> String {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/official").join(name).display().to_string()
    }

    #[test]
    fn an_official_pdf_gives_the_form_then_an_unverified_entry() {
        let (_dir, b, _) = with_sample();
        let path = fixture("fullwidth-iso-2spec.pdf");
        let imported = b.wallet_import_file(&path).unwrap();
        assert!(imported.entry.is_none());
        let draft = imported.official.expect("entry form offered");
        assert_eq!(draft.file_name, "fullwidth-iso-2spec.pdf");
        assert!(!draft.form.name.is_empty() && !draft.form.reg.is_empty(), "{:?}", draft.form);
        assert_eq!(draft.form.specialties.len(), 2);
        assert!(draft.reading.date_check.is_some());
        // The USCC is not printed on this layout: the form says so.
        let mut form = draft.form.clone();
        if form.uscc.is_empty() {
            let e = b.official_add(Some(&path), &form).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidInput);
            assert!(e.message.contains("统一社会信用代码"), "{}", e.message);
            form.uscc = buildcert_bc1::testkit::uscc("91110000100000000");
        }
        let entry = b.official_add(Some(&path), &form).unwrap();
        assert_eq!(entry.kind, EntryKind::Official);
        assert_eq!(entry.verdict, Verdict::Unverified, "never verified");
        assert!(!entry.demo);
        let off = entry.official.as_ref().unwrap();
        assert!(off.date_check.explanation.zh.contains("未验证"));
        assert!(!off.query_urls.is_empty(), "the QR's query page is kept");
        assert_eq!(entry.file_name.as_deref(), Some("fullwidth-iso-2spec.pdf"));
        assert!(b.wallet_list().unwrap().iter().any(|e| e.id == entry.id && e.kind == EntryKind::Official));
        // Correcting it later keeps it unverified.
        let mut again = b.official_form(&entry.id).unwrap();
        again.employer = "更正后的企业有限公司".into();
        let updated = b.official_update(&entry.id, &again).unwrap();
        assert_eq!(updated.certificate.employer, "更正后的企业有限公司");
        assert_eq!(updated.verdict, Verdict::Unverified);
    }

    #[test]
    fn an_image_only_pdf_gives_an_empty_form_and_says_why() {
        let (_dir, b, _) = with_sample();
        let draft = b.wallet_import_file(&fixture("scan-image-only.pdf")).unwrap().official.expect("entry form");
        assert_eq!(draft.form.name, "");
        assert!(draft.reading.message.zh.contains("只有图像"), "{}", draft.reading.message.zh);
        assert!(draft.reading.message.en.contains("only images"), "{}", draft.reading.message.en);
    }

    #[test]
    fn verify_shows_an_official_pdf_as_unverified_with_its_fields() {
        let (_dir, b, _) = with_sample();
        let o = b
            .verify_file(&crate::types::VerifyFileRequest { path: fixture("usage-beyond-cap.pdf"), check_date: None })
            .unwrap();
        assert_eq!(o.verdict, Verdict::Unverified);
        assert!(o.certificate.is_none());
        let r = o.official.expect("fields read");
        let check = r.date_check.expect("date rules ran");
        assert!(check.reasons.iter().any(|x| x.code == "usage_inconsistent"), "{:?}", check.reasons);
        assert!(o
            .other_code_details
            .iter()
            .any(|c| matches!(c.kind, buildcert_official::OtherCodeKind::WebLink { .. })));
    }
}
