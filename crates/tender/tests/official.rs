//! Official-format certificate PDFs in a tender (issues 7 and 8): rows with
//! the fields read, the BC1 date rules at the bid date, the employer rule,
//! never verified, never passing a role.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use buildcert_bc1::date::{add_days, cst_midnight, parse_date};
use buildcert_bc1::rules::uscc_check_char;
use buildcert_bc1::{build_certificate, encode, testkit, Code, Lang, Sex, Specialty, TrustList};
use buildcert_check::OutcomeStatus;
use buildcert_official::{ConfirmedEntry, OfficialSpecialty};
use buildcert_tender::*;
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

fn trust() -> TrustList {
    let root = testkit::seed_key("root-public");
    let issuer = testkit::seed_key("issuer-public");
    TrustList::decode_verified(&testkit::trust_list(&root, &issuer.verifying_key(), 1), &[root.verifying_key()])
        .unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/official").join(name)
}

/// The fullwidth-iso-2spec.pdf fixture's employer USCC (tests/fixtures/official/README.md).
fn lisi_uscc() -> String {
    format!("91320000134567890{}", uscc_check_char("91320000134567890").unwrap())
}

const LISI_USE_TO: &str = "2027-02-27";

fn tender(bid: &str, uscc: &str, roles: &[&str]) -> Tender {
    Tender {
        name: "官方格式测试".into(),
        bid_date: d(bid),
        valid_until: None,
        company: None,
        uscc: uscc.into(),
        roles: roles.iter().map(|r| r.parse().unwrap()).collect(),
        inputs: vec![],
    }
}

fn run(t: &Tender, files: &[PathBuf]) -> TenderResult {
    let now = cst_midnight(t.bid_date) + 9 * 3600;
    run_tender(
        t,
        files,
        &trust(),
        now,
        &RunOptions { threads: 1, ..RunOptions::default() },
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}

#[test]
fn an_official_pdf_is_an_unverified_row_that_fills_no_role_for_real() {
    let t = tender("2026-10-01", &lisi_uscc(), &["项目经理=建筑工程"]);
    let r = run(&t, &[fixture("fullwidth-iso-2spec.pdf")]);
    let row = &r.rows[0];
    assert!(row.is_official());
    assert_eq!(row.status, OutcomeStatus::Unverified);
    assert_eq!(row.certificate_status, OutcomeStatus::Unverified);
    assert_eq!(row.name.as_deref(), Some("李四"));
    assert_eq!(row.registration.as_deref(), Some("苏1320180123456789"));
    assert_eq!(row.id_masked.as_deref(), Some("**************0028"));
    assert_eq!(row.usage_to, Some(d(LISI_USE_TO)));
    assert_eq!(row.specialties.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), vec!["建筑工程", "机电工程"]);
    assert_eq!(row.employer_match, Some(true));
    assert!(row.other_codes.iter().any(|c| c.starts_with("https://zjy.example.invalid/")));
    assert!(row.reasons.iter().any(|x| x.code == ReasonCode::Tender(TenderCode::UnverifiedFormat)));
    // Matched to the role, but the role is only covered by an unverified certificate.
    assert_eq!(row.role.as_deref(), Some("项目经理"));
    let role = &r.roles[0];
    assert!(!role.covered);
    assert!(role.unverified_only);
    assert_eq!(role.row, Some(1));
    assert_eq!(role.status, OutcomeStatus::Unverified);
    assert!(role.reasons.iter().any(|x| x.code == ReasonCode::Tender(TenderCode::CoveredByUnverified)));
    assert!(!r.passed, "a tender never passes on an unverified certificate");
    assert_eq!(r.counts.unverified, 1);
    assert_eq!(r.counts.valid + r.counts.warning, 0);
    // With no roles either: not passed.
    assert!(!run(&tender("2026-10-01", &lisi_uscc(), &[]), &[fixture("fullwidth-iso-2spec.pdf")]).passed);

    // Every report marks it.
    let csv = String::from_utf8(csv_bytes(&r, Lang::Zh)).unwrap();
    assert!(csv.contains(",i 未验证（官方格式）,"), "{csv}");
    assert!(csv.contains("项目经理（未验证，不计为已核验）"), "{csv}");
    assert!(csv.contains(UNVERIFIED_ROW_ZH), "{csv}");
    assert!(csv.contains("仅由未验证（官方格式）证书担任"), "{csv}");
    let en = String::from_utf8(csv_bytes(&r, Lang::En)).unwrap();
    assert!(en.contains("Unverified (official format)") && en.contains("covered only by an unverified"), "{en}");
    let (_, rows) = report_rows(&r, Lang::Zh, false);
    assert_eq!(rows[0].1, OutcomeStatus::Unverified);
    assert!(rows[0].0[9].contains("未验证"), "role cell: {}", rows[0].0[9]);
    assert!(xlsx_bytes(&r, Lang::Zh).unwrap().starts_with(b"PK"));
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains("\"status\":\"valid\""), "nothing in it says valid");
}

#[test]
fn usage_period_last_day_and_first_day_after_at_the_bid_date() {
    // 建筑工程 ended 2026-12-31; 机电工程 runs to 2028-02-02; usage to 2027-02-27.
    let last = d(LISI_USE_TO);
    let on_last =
        run(&tender(LISI_USE_TO, &lisi_uscc(), &["技术负责人=机电工程"]), &[fixture("fullwidth-iso-2spec.pdf")]);
    let row = &on_last.rows[0];
    assert!(row.reasons.iter().any(|x| x.code == ReasonCode::Bc1(Code::UsageExpiring)));
    assert!(!row.reasons.iter().any(|x| x.code == ReasonCode::Bc1(Code::UsageExpired)));
    assert!(on_last.roles[0].unverified_only);
    let after = add_days(last, 1).format("%Y-%m-%d").to_string();
    let r = run(&tender(&after, &lisi_uscc(), &["技术负责人=机电工程"]), &[fixture("fullwidth-iso-2spec.pdf")]);
    let row = &r.rows[0];
    assert_eq!(row.status, OutcomeStatus::Unverified, "still unverified, with the error as a reason");
    assert!(row.reasons.iter().any(|x| x.code == ReasonCode::Bc1(Code::UsageExpired)));
    assert!(row.role.is_none());
    assert!(!r.roles[0].unverified_only && !r.roles[0].covered);
    // A specialty that ended the day before the bid date covers nothing.
    let r = run(&tender("2027-01-01", &lisi_uscc(), &["项目经理=建筑工程"]), &[fixture("fullwidth-iso-2spec.pdf")]);
    assert!(r.rows[0].role.is_none());
    let r = run(&tender("2026-12-31", &lisi_uscc(), &["项目经理=建筑工程"]), &[fixture("fullwidth-iso-2spec.pdf")]);
    assert_eq!(r.rows[0].role.as_deref(), Some("项目经理"));
}

#[test]
fn a_printed_uscc_of_another_company_is_an_employer_mismatch() {
    let other = testkit::uscc("91110000100000000");
    let r = run(&tender("2026-10-01", &other, &["项目经理=建筑工程"]), &[fixture("fullwidth-iso-2spec.pdf")]);
    let row = &r.rows[0];
    assert_eq!(row.employer_match, Some(false));
    assert!(row.reasons.iter().any(|x| x.code == ReasonCode::Bc1(Code::EmployerMismatch)));
    assert!(row.role.is_none());
    assert!(!r.roles[0].unverified_only);
}

#[test]
fn printed_usage_end_beyond_the_cap_is_flagged_and_fills_no_role() {
    let uscc = format!("91510000201900002{}", uscc_check_char("91510000201900002").unwrap());
    let r = run(&tender("2026-10-01", &uscc, &["项目经理=铁路工程"]), &[fixture("usage-beyond-cap.pdf")]);
    assert!(r.rows[0].reasons.iter().any(|x| x.code == ReasonCode::Bc1(Code::UsageInconsistent)));
    assert!(r.rows[0].role.is_none());
}

#[test]
fn an_image_only_scan_is_not_read_as_an_official_row() {
    let r = run(&tender("2026-10-01", &lisi_uscc(), &["项目经理=建筑工程"]), &[fixture("scan-image-only.pdf")]);
    assert!(!r.rows[0].is_official());
    assert!(r.rows[0].name.is_none());
    assert!(r.rows[0].role.is_none());
    assert!(!r.passed);
}

/// An official-format row as `run_tender` builds it, without a printed USCC.
fn official_row(no_uscc_employer: &str, reg: &str, spec: &str) -> Row {
    let e = ConfirmedEntry {
        name: "李四".into(),
        sex: Sex::F,
        dob: d("1985-03-09"),
        reg: reg.into(),
        employer: no_uscc_employer.into(),
        uscc: String::new(),
        idn: None,
        specialties: vec![OfficialSpecialty { name: spec.into(), from: d("2024-01-01"), to: d("2028-12-31") }],
        issued: d("2026-09-01"),
        use_from: d("2026-09-01"),
        use_to: d("2027-02-27"),
        query_urls: vec![],
        confirmed_at: 0,
        edited: vec![],
    };
    let mut r = Row::new("official.pdf", 0);
    r.certificate_status = OutcomeStatus::Unverified;
    r.name = Some(e.name.clone());
    r.registration = Some(e.reg.clone());
    r.employer = Some(e.employer.clone());
    r.specialties = e
        .specialties
        .iter()
        .map(|s| SpecialtyCell { name: s.name.clone(), from: s.from, to: s.to, valid_at_bid: true })
        .collect();
    r.usage_from = Some(e.use_from);
    r.usage_to = Some(e.use_to);
    r.downloaded = Some(cst_midnight(e.use_from));
    r.official = Some(e);
    r.recompute_status();
    r
}

#[test]
fn without_a_printed_uscc_the_employer_is_matched_by_company_name() {
    let company_uscc = testkit::uscc("91110000100000000");
    let mut t = tender("2026-10-01", &company_uscc, &["项目经理=建筑工程"]);
    let tl = trust();
    let rows = vec![official_row("北京建工示范有限公司", "苏1320180123456789", "建筑工程")];

    // No company name: cannot be decided, said so; still matched (unverified).
    let r = assess(&t, rows.clone(), &tl, 0, false);
    assert_eq!(r.rows[0].employer_match, None);
    assert!(r.rows[0].reasons.iter().any(|x| x.code == ReasonCode::Tender(TenderCode::EmployerNotConfirmed)));
    assert!(r.roles[0].unverified_only);

    // Same name (full-width brackets and spaces aside): matched.
    t.company = Some(" 北京建工示范有限公司 ".into());
    let r = assess(&t, rows.clone(), &tl, 0, false);
    assert_eq!(r.rows[0].employer_match, Some(true));
    assert!(!r.rows[0].reasons.iter().any(|x| matches!(
        x.code,
        ReasonCode::Tender(TenderCode::EmployerNotConfirmed) | ReasonCode::Bc1(Code::EmployerMismatch)
    )));
    // Re-assessing adds nothing twice.
    let again = assess(&t, r.rows.clone(), &tl, 0, false);
    assert_eq!(again.rows[0].reasons, r.rows[0].reasons);

    // Another name: employer_mismatch, no role.
    t.company = Some("上海城建示范集团".into());
    let r = assess(&t, rows, &tl, 0, false);
    assert_eq!(r.rows[0].employer_match, Some(false));
    assert_eq!(r.rows[0].reasons.iter().filter(|x| x.code == ReasonCode::Bc1(Code::EmployerMismatch)).count(), 1);
    assert!(r.rows[0].role.is_none());
    let again = assess(&t, r.rows.clone(), &tl, 0, false);
    assert_eq!(again.rows[0].reasons.iter().filter(|x| x.code == ReasonCode::Bc1(Code::EmployerMismatch)).count(), 1);
}

#[test]
fn a_verified_certificate_is_preferred_and_then_the_tender_passes() {
    let tl = trust();
    let issuer = testkit::seed_key("issuer-public");
    let mut req = testkit::sample_request();
    req.spec = vec![Specialty { n: "建筑工程".into(), from: d("2023-03-01"), to: d("2028-12-31") }];
    let text = encode(&build_certificate(&req).unwrap(), &issuer);
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("bc1.txt");
    std::fs::write(&txt, &text).unwrap();
    let mut t = tender("2026-10-01", &req.uscc, &["项目经理=建筑工程"]);
    t.company = Some(req.emp.clone());
    let now = cst_midnight(t.bid_date) + 9 * 3600;
    let bc1_rows = check_file(
        &txt,
        &tl,
        &{
            let mut c = buildcert_bc1::CheckContext::new(t.bid_date, now);
            c.policy =
                Some(buildcert_bc1::Policy { employer_uscc: Some(req.uscc.clone()), required_specialties: vec![] });
            c
        },
        &buildcert_scan::Limits::default(),
    );
    // The official row first in file order: the verified one still wins the role.
    let mut rows = vec![official_row(&req.emp, "苏1320180123456789", "建筑工程")];
    rows.extend(bc1_rows);
    let r = assess(&t, rows, &tl, now, false);
    assert!(r.roles[0].covered && !r.roles[0].unverified_only);
    assert_eq!(r.roles[0].row, Some(2));
    assert!(r.passed);
    assert!(r.rows[0].role.is_none());
    assert!(r.rows[0].reasons.iter().any(|x| x.code == ReasonCode::Tender(TenderCode::NotAssigned)));
}

#[test]
fn a_saved_result_is_rechecked_at_another_date_without_the_file() {
    let t = tender("2026-10-01", &lisi_uscc(), &["技术负责人=机电工程"]);
    let r = run(&t, &[fixture("fullwidth-iso-2spec.pdf")]);
    let saved: TenderResult = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
    assert!(saved.rows[0].is_official(), "the fields read survive saving");
    let mut later = t.clone();
    later.bid_date = d("2027-03-01");
    let again = recheck(&saved, Some(&later), &trust(), cst_midnight(later.bid_date)).unwrap();
    assert!(again.rows[0].reasons.iter().any(|x| x.code == ReasonCode::Bc1(Code::UsageExpired)));
    assert_eq!(again.rows[0].status, OutcomeStatus::Unverified);
    assert!(!again.roles[0].unverified_only);
    // And at the same date it is as before.
    let same = recheck(&saved, None, &trust(), cst_midnight(t.bid_date)).unwrap();
    assert!(same.roles[0].unverified_only);
    assert_eq!(same.rows[0].reasons, r.rows[0].reasons);
}

#[test]
fn a_newer_official_copy_never_hides_the_verified_one() {
    let tl = trust();
    let issuer = testkit::seed_key("issuer-public");
    let mut req = testkit::sample_request();
    req.spec = vec![Specialty { n: "建筑工程".into(), from: d("2023-03-01"), to: d("2028-12-31") }];
    let text = encode(&build_certificate(&req).unwrap(), &issuer);
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("bc1.txt");
    std::fs::write(&txt, &text).unwrap();
    let mut t = tender("2026-10-01", &req.uscc, &["项目经理=建筑工程"]);
    t.company = Some(req.emp.clone());
    let now = cst_midnight(t.bid_date) + 9 * 3600;
    let bc1_rows =
        check_file(&txt, &tl, &buildcert_bc1::CheckContext::new(t.bid_date, now), &buildcert_scan::Limits::default());
    // The same registration, downloaded three weeks after the verified copy.
    let mut newer = official_row(&req.emp, &req.reg, "建筑工程");
    newer.usage_from = Some(d("2026-09-20"));
    newer.downloaded = Some(cst_midnight(d("2026-09-20")));
    let mut rows = bc1_rows;
    rows.push(newer);
    let r = assess(&t, rows, &tl, now, false);
    assert!(r.rows[0].counted, "the verified copy counts: {:#?}", r.rows);
    assert_eq!(r.rows[1].superseded_by, Some(1));
    let note = r.rows[1].reasons.iter().find(|x| x.code == ReasonCode::Bc1(Code::Superseded)).unwrap();
    assert!(note.message.zh.contains("未经验证") && note.message.en.contains("not verified"), "{note:?}");
    assert!(r.roles[0].covered && r.roles[0].row == Some(1) && r.passed);
}
