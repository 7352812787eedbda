//! The pure parts: reading text, the entry form's field rules, and the BC1
//! date rules on confirmed entries at edge dates.

use buildcert_bc1::date::{add_days, parse_date};
use buildcert_bc1::rules::{continuation_end, id_check_char, uscc_check_char};
use buildcert_official::*;
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

fn fields(text: &str) -> (OfficialFields, Vec<Field>, Vec<Notice>) {
    match parse_text(&[text.to_string()]) {
        Extraction::Fields { fields, missing, notices } => (fields, missing, notices),
        other => panic!("not fields: {other:?}"),
    }
}

const PAGE: &str = "中华人民共和国一级建造师注册证书
姓名：李  四
性别：女
出生日期：１９８５年３月９日
注册编号：苏1320180123456789
聘用企业：江苏某某 建设集团有限公司
统一社会信用代码：91320000134567890x
公民身份号码：3201**********002x
注册专业：
建筑工程  有效期：2024-01-01至2026-12-31
机电工程
有效期：2025-2-3 至 2028-2-2
发证日期：2026-09-01
使用有效期：2026-09-01至2027-02-27
个人签名：
扫码查询";

#[test]
fn text_with_awkward_spacing_widths_and_rows() {
    let (f, missing, notices) = fields(PAGE);
    assert_eq!(f.name.as_deref(), Some("李四"));
    assert_eq!(f.sex, Some(Sex::F));
    assert_eq!(f.dob, Some(d("1985-03-09")));
    assert_eq!(f.reg.as_deref(), Some("苏1320180123456789"));
    assert_eq!(f.employer.as_deref(), Some("江苏某某建设集团有限公司"));
    assert_eq!(f.uscc.as_deref(), Some("91320000134567890X"));
    assert_eq!(f.idn.as_deref(), Some("3201**********002X"));
    assert_eq!(
        f.specialties,
        vec![
            OfficialSpecialty { name: "建筑工程".into(), from: d("2024-01-01"), to: d("2026-12-31") },
            OfficialSpecialty { name: "机电工程".into(), from: d("2025-02-03"), to: d("2028-02-02") },
        ]
    );
    assert_eq!((f.issued, f.use_from, f.use_to), (Some(d("2026-09-01")), Some(d("2026-09-01")), Some(d("2027-02-27"))));
    assert!(missing.is_empty() && notices.is_empty(), "{missing:?} {notices:?}");
    assert!(f.query_urls.is_empty(), "parse_text never invents links");
}

#[test]
fn several_labels_on_one_line_and_specialty_after_its_label() {
    let (f, missing, _) = fields(
        "姓名:王五 性别:男 出生日期:1962-7-5\n注册编号:京1110020190012345 聘用企业:北京某某市政工程有限公司\n\
         注册专业:市政公用工程 有效期:2024-11-20至2027-11-19\n注册专业:公路工程 2023年5月10日至2026年5月9日\n\
         发证日期:2027-3-5 使用有效期:2027-3-5至2027-7-5",
    );
    assert_eq!(f.name.as_deref(), Some("王五"));
    assert_eq!(f.sex, Some(Sex::M));
    assert_eq!(f.dob, Some(d("1962-07-05")));
    assert_eq!(f.employer.as_deref(), Some("北京某某市政工程有限公司"));
    assert_eq!(f.specialties.len(), 2);
    assert_eq!(f.specialties[0].name, "市政公用工程");
    assert_eq!(
        f.specialties[1],
        OfficialSpecialty { name: "公路工程".into(), from: d("2023-05-10"), to: d("2026-05-09") }
    );
    assert_eq!(f.use_to, Some(d("2027-07-05")));
    assert!(missing.is_empty());
}

#[test]
fn unreadable_and_conflicting_values_are_noticed_not_guessed() {
    let (f, missing, notices) = fields(
        "姓名：张三\n姓名：张三丰\n性别：未知\n出生日期：1980-02-30\n注册专业：\n未知专业  有效期：2024-01-01至2027-01-01\n使用有效期：2026-09-01",
    );
    assert_eq!(f.name.as_deref(), Some("张三"), "the first value is kept");
    assert_eq!(f.sex, None);
    assert_eq!(f.dob, None, "an impossible date is not read");
    assert_eq!(f.use_from, None);
    assert_eq!(f.specialties.len(), 1);
    let codes: Vec<_> = notices.iter().map(|n| (n.code, n.field)).collect();
    assert!(codes.contains(&(NoticeCode::Conflicting, Some(Field::Name))), "{codes:?}");
    assert!(codes.contains(&(NoticeCode::Unreadable, Some(Field::Sex))));
    assert!(codes.contains(&(NoticeCode::Unreadable, Some(Field::Dob))));
    assert!(codes.contains(&(NoticeCode::Unreadable, Some(Field::UseTo))));
    assert!(codes.contains(&(NoticeCode::UnknownSpecialty, Some(Field::Specialties))));
    assert!(notices.iter().all(|n| !n.message.zh.is_empty() && !n.message.en.is_empty()));
    for f in [Field::Sex, Field::Dob, Field::Reg, Field::Employer, Field::Issued, Field::UseFrom, Field::UseTo] {
        assert!(missing.contains(&f), "{f} should be missing: {missing:?}");
    }
    assert!(!missing.contains(&Field::Uscc) && !missing.contains(&Field::Idn), "not always printed");
}

#[test]
fn a_full_id_number_never_shows_in_notices_or_debug() {
    let (f, _, notices) = fields("姓名：张三\n公民身份号码：11010519491231002X\n公民身份号码：110105194912310038");
    assert_eq!(f.idn.as_deref(), Some("11010519491231002X"));
    let shown = format!("{f:?} {notices:?}");
    assert!(!shown.contains("0519491231"), "{shown}");
    assert!(shown.contains("**************002X"));
}

#[test]
fn blank_and_foreign_text() {
    assert!(matches!(parse_text(&["  \n ".into(), String::new()]), Extraction::ImageOnly { .. }));
    assert!(matches!(parse_text(&[]), Extraction::ImageOnly { .. }));
    // The notes page mentions 使用有效期 without a colon: not a label.
    let notes = "注意事项\n二、本证书在使用有效期内有效，过期后请重新下载。\n发票号码：12345";
    assert!(matches!(parse_text(&[notes.into()]), Extraction::Unrecognised { .. }));
}

#[test]
fn parse_date_any_forms() {
    assert_eq!(parse_date_any("2024年1月9日"), Some(d("2024-01-09")));
    assert_eq!(parse_date_any("２０２４－１－９"), Some(d("2024-01-09")));
    assert_eq!(parse_date_any("2024-1-9"), Some(d("2024-01-09")));
    assert_eq!(parse_date_any("2025-02-29"), None);
}

// ---------------------------------------------------------------- entries

fn uscc(first17: &str) -> String {
    format!("{first17}{}", uscc_check_char(first17).unwrap())
}

fn idn(first17: &str) -> String {
    format!("{first17}{}", id_check_char(first17).unwrap())
}

fn entry() -> ConfirmedEntry {
    ConfirmedEntry {
        name: "李四".into(),
        sex: Sex::F,
        dob: d("1985-03-09"),
        reg: "苏1320180123456789".into(),
        employer: "江苏某某建设集团有限公司".into(),
        uscc: uscc("91320000134567890"),
        idn: Some(idn("32010219850309002")),
        specialties: vec![
            OfficialSpecialty { name: "建筑工程".into(), from: d("2024-01-01"), to: d("2026-12-31") },
            OfficialSpecialty { name: "机电工程".into(), from: d("2025-02-03"), to: d("2028-02-02") },
        ],
        issued: d("2026-09-01"),
        use_from: d("2026-09-01"),
        use_to: d("2027-02-27"),
        query_urls: vec!["https://zjy.example.invalid/q?x=1".into()],
        confirmed_at: 1_788_192_000,
        edited: vec![],
    }
}

fn errs(e: &ConfirmedEntry) -> Vec<(Field, Option<Code>)> {
    e.field_errors().into_iter().map(|x| (x.field, x.code)).collect()
}

#[test]
fn field_rules_name_the_field_and_the_code() {
    assert!(entry().validate().is_ok());
    let cases: Vec<(ConfirmedEntry, (Field, Option<Code>))> = vec![
        (
            ConfirmedEntry { reg: "苏132018012345678".into(), ..entry() },
            (Field::Reg, Some(Code::RegistrationNumberInvalid)),
        ),
        (ConfirmedEntry { uscc: "91320000134567890Z".into(), ..entry() }, (Field::Uscc, Some(Code::UsccInvalid))),
        (ConfirmedEntry { uscc: " ".into(), ..entry() }, (Field::Uscc, None)),
        (
            ConfirmedEntry { idn: Some("320102198503090021".into()), ..entry() },
            (Field::Idn, Some(Code::IdNumberInvalid)),
        ),
        (ConfirmedEntry { sex: Sex::M, ..entry() }, (Field::Idn, Some(Code::IdMismatch))),
        (ConfirmedEntry { dob: d("1985-03-10"), ..entry() }, (Field::Idn, Some(Code::IdMismatch))),
        (ConfirmedEntry { idn: Some("3201**********001X".into()), ..entry() }, (Field::Idn, Some(Code::IdMismatch))),
        (
            ConfirmedEntry { idn: Some("32010219850309***X".into()), dob: d("1984-03-09"), ..entry() },
            (Field::Idn, Some(Code::IdMismatch)),
        ),
        (ConfirmedEntry { name: "  ".into(), ..entry() }, (Field::Name, None)),
        (ConfirmedEntry { employer: String::new(), ..entry() }, (Field::Employer, None)),
        (ConfirmedEntry { specialties: vec![], ..entry() }, (Field::Specialties, None)),
        (
            ConfirmedEntry {
                specialties: vec![OfficialSpecialty {
                    name: "园林工程".into(),
                    from: d("2024-01-01"),
                    to: d("2027-01-01"),
                }],
                ..entry()
            },
            (Field::Specialties, Some(Code::Malformed)),
        ),
        (
            ConfirmedEntry {
                specialties: vec![entry().specialties[0].clone(), entry().specialties[0].clone()],
                ..entry()
            },
            (Field::Specialties, Some(Code::Malformed)),
        ),
        (
            ConfirmedEntry {
                specialties: vec![OfficialSpecialty {
                    name: "建筑工程".into(),
                    from: d("2027-01-01"),
                    to: d("2024-01-01"),
                }],
                ..entry()
            },
            (Field::Specialties, Some(Code::Malformed)),
        ),
        (ConfirmedEntry { use_from: d("2027-03-01"), ..entry() }, (Field::UseTo, Some(Code::Malformed))),
        (ConfirmedEntry { issued: d("2027-03-01"), ..entry() }, (Field::Issued, None)),
        (ConfirmedEntry { dob: d("2026-09-01"), idn: None, ..entry() }, (Field::Dob, None)),
    ];
    for (e, want) in cases {
        let got = errs(&e);
        assert_eq!(got, vec![want], "{e:?}");
        let err = e.validate().unwrap_err();
        let (zh, en) = err.message();
        assert!(zh.contains("更正") && en.contains("Correct"), "{zh} / {en}");
        assert!(!err.offers_form());
        assert!(!zh.contains("198503090") && !en.contains("198503090"), "ID masked in messages: {zh}");
    }
    // A masked ID consistent with the dates, or none at all, is fine.
    assert!(ConfirmedEntry { idn: Some("3201**********002X".into()), ..entry() }.validate().is_ok());
    assert!(ConfirmedEntry { idn: None, ..entry() }.validate().is_ok());
    // A printed usage end beyond the cap is confirmed as printed and flagged later.
    assert!(ConfirmedEntry { use_to: d("2027-02-28"), ..entry() }.validate().is_ok());
}

#[test]
fn from_fields_and_edits() {
    let (f, _, _) = fields(PAGE);
    let e = ConfirmedEntry::from_fields(&f, 5).unwrap();
    assert_eq!(e.uscc, "91320000134567890X");
    let fixed = ConfirmedEntry { uscc: uscc("91320000134567890"), name: "李四".into(), ..e.clone() };
    assert_eq!(edited_fields(&f, &fixed), if fixed.uscc == e.uscc { vec![] } else { vec![Field::Uscc] });
    let partial = OfficialFields { dob: None, ..f };
    assert!(ConfirmedEntry::from_fields(&partial, 5).is_none());
}

// ---------------------------------------------------------------- date rules

fn codes(v: &OfficialVerdict) -> Vec<Code> {
    v.error_and_warning_codes()
}

#[test]
fn usage_period_last_day_and_first_day_after() {
    let e = entry();
    let th = Thresholds::default();
    let last = evaluate(&e, d("2027-02-27"), &th);
    assert_eq!(last.status, OfficialStatus::Unverified);
    assert_eq!(last.date_status, DateStatus::Warning);
    assert!(last.has(Code::UsageExpiring) && !last.has(Code::UsageExpired));
    assert_eq!(last.facts.usage_days_left, 0);
    let after = evaluate(&e, d("2027-02-28"), &th);
    assert_eq!(after.date_status, DateStatus::Invalid);
    assert!(after.has(Code::UsageExpired) && !after.has(Code::UsageExpiring));
    let before = evaluate(&e, d("2026-08-31"), &th);
    assert!(before.has(Code::NotYetValid));
    // 31 days left: no warning at all about the usage period; the first specialty
    // ended → specialty_expired, the other still valid.
    let quiet = evaluate(&e, add_days(d("2027-02-27"), -30), &th);
    assert!(!quiet.has(Code::UsageExpiring), "{:?}", codes(&quiet));
    assert!(quiet.has(Code::SpecialtyExpired));
}

#[test]
fn printed_usage_end_one_day_beyond_the_cap_is_flagged() {
    let th = Thresholds::default();
    let ok = evaluate(&entry(), d("2026-09-01"), &th);
    assert!(!ok.has(Code::UsageInconsistent));
    assert_eq!(ok.date_status, DateStatus::Valid);
    assert_eq!(ok.facts.usage_cap, d("2027-02-27"));
    let beyond = evaluate(&ConfirmedEntry { use_to: d("2027-02-28"), ..entry() }, d("2026-09-01"), &th);
    assert_eq!(codes(&beyond), vec![Code::UsageInconsistent]);
    assert_eq!(beyond.date_status, DateStatus::Invalid);
    assert_eq!(beyond.facts.usage_end_cause, buildcert_bc1::UsageEndCause::ExceedsCap);
    // Capped by the specialty end: one day beyond it is flagged too.
    let e = ConfirmedEntry {
        specialties: vec![OfficialSpecialty {
            name: "建筑工程".into(), from: d("2024-01-01"), to: d("2026-12-31")
        }],
        use_to: d("2026-12-31"),
        ..entry()
    };
    assert!(!evaluate(&e, d("2026-09-01"), &th).has(Code::UsageInconsistent));
    let e = ConfirmedEntry { use_to: d("2027-01-01"), ..e };
    assert!(evaluate(&e, d("2026-09-01"), &th).has(Code::UsageInconsistent));
}

#[test]
fn born_on_29_february() {
    // 65th birthday in a non-leap year is 28 February.
    let e = ConfirmedEntry {
        dob: d("1960-02-29"),
        idn: Some(idn("32010219600229002")),
        use_from: d("2024-10-01"),
        use_to: d("2025-02-28"),
        issued: d("2024-10-01"),
        specialties: vec![OfficialSpecialty {
            name: "建筑工程".into(), from: d("2023-01-01"), to: d("2025-12-31")
        }],
        ..entry()
    };
    e.validate().unwrap();
    let th = Thresholds::default();
    let v = evaluate(&e, d("2024-10-01"), &th);
    assert_eq!(v.facts.birthday65, d("2025-02-28"));
    assert_eq!(v.facts.usage_end_cause, buildcert_bc1::UsageEndCause::Birthday65);
    assert!(!v.has(Code::UsageInconsistent));
    let on = evaluate(&e, d("2025-02-28"), &th);
    assert!(!on.has(Code::AgeLimitReached) && on.has(Code::AgeLimitApproaching));
    let after = evaluate(&e, d("2025-03-01"), &th);
    assert!(after.has(Code::AgeLimitReached) && after.has(Code::UsageExpired));
    // Printed to 1 March (as if the birthday were 1 March): beyond the cap.
    let wrong = ConfirmedEntry { use_to: d("2025-03-01"), ..e };
    assert!(evaluate(&wrong, d("2024-10-01"), &th).has(Code::UsageInconsistent));
}

#[test]
fn renewal_window_and_continuation_end() {
    let e = entry(); // 建筑工程 ends 2026-12-31
    let th = Thresholds::default();
    let open = evaluate(&e, d("2026-12-01"), &th);
    assert!(open.has(Code::RenewalWindowOpen), "{:?}", codes(&open));
    let r = open.reasons.iter().find(|r| r.code == Code::RenewalWindowOpen).unwrap();
    let end = continuation_end(d("2026-12-01"), e.dob);
    assert!(r.zh.contains(&end.format("%Y-%m-%d").to_string()), "§7 end named: {}", r.zh);
    let upcoming = evaluate(&e, d("2026-11-30"), &th);
    assert!(!upcoming.has(Code::RenewalWindowOpen));
    assert!(upcoming.reasons.iter().any(|r| r.code == Code::RenewalUpcoming));
    assert_eq!(upcoming.date_status, DateStatus::Valid, "info only");
    assert_eq!(upcoming.facts.specialties[0].state, buildcert_bc1::SpecialtyState::RenewalUpcoming);
}

#[test]
fn tender_policy_applies_employer_and_specialty_rules() {
    let e = entry();
    let th = Thresholds::default();
    let p = Policy {
        employer_uscc: Some(uscc("91110000MA0012345")),
        required_specialties: vec!["公路工程".into(), "机电工程".into()],
    };
    let v = evaluate_with_policy(&e, d("2026-10-01"), &th, Some(&p));
    assert_eq!(v.status, OfficialStatus::Unverified);
    assert_eq!(codes(&v), vec![Code::EmployerMismatch, Code::SpecialtyMissing]);
    let p = Policy { employer_uscc: Some(e.uscc.clone()), required_specialties: vec!["机电工程".into()] };
    let v = evaluate_with_policy(&e, d("2026-10-01"), &th, Some(&p));
    assert!(codes(&v).is_empty());
}

#[test]
fn the_verdict_never_reads_as_verified() {
    let v = evaluate(&entry(), d("2026-10-01"), &Thresholds::default());
    assert_eq!(v.date_status, DateStatus::Valid);
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["status"], "unverified");
    assert_eq!(json["date_status"], "valid");
    assert_eq!(json["explanation_zh"], EXPLANATION_ZH);
    assert_eq!(json["explanation_en"], EXPLANATION_EN);
    assert!(json.get("certificate").is_none() && json.get("signer").is_none());
    assert_eq!(json["query_links"][0]["kind"]["type"], "web_link");
    // A verified BC1 verdict's status cannot be deserialised into this type.
    let mut fake = json.clone();
    fake["status"] = "valid".into();
    assert!(serde_json::from_value::<OfficialVerdict>(fake).is_err());
    for s in [DateStatus::Valid, DateStatus::Warning, DateStatus::Invalid] {
        let (zh, en) = s.words();
        assert!(!zh.contains("有效") && !en.to_lowercase().contains("valid"), "{zh} / {en}");
    }
    assert!(EXPLANATION_ZH.starts_with(TERM_ZH) && EXPLANATION_EN.starts_with(TERM_EN));
}

// ---------------------------------------------------------------- no network

#[test]
fn this_crate_has_no_network_or_browser_code() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    for dep in ["reqwest", "ureq", "hyper", "curl", "isahc", "surf", "attohttpc", "open =", "webbrowser", "opener"] {
        assert!(!manifest.contains(dep), "Cargo.toml must not depend on {dep}");
    }
    for entry in std::fs::read_dir(root.join("src")).unwrap() {
        let p = entry.unwrap().path();
        let src = std::fs::read_to_string(&p).unwrap();
        for bad in ["std::net", "TcpStream", "UdpSocket", "ToSocketAddrs", "process::Command", "Command::new"] {
            assert!(!src.contains(bad), "{} uses {bad}", p.display());
        }
    }
}
