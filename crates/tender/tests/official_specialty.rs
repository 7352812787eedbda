//! Issue 19: an official-format certificate that prints the validity in
//! brackets right after the specialty (`建筑工程(2024-01-01至…)`) is read as
//! 建筑工程 exactly, so the tender role `项目经理=建筑工程` matches it.

use buildcert_bc1::date::{cst_midnight, parse_date};
use buildcert_bc1::{testkit, TrustList};
use buildcert_check::OutcomeStatus;
use buildcert_official::{parse_text, ConfirmedEntry, Extraction};
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

/// The entry read off a page whose specialty rows are `rows`.
fn entry(rows: &str) -> ConfirmedEntry {
    let page = format!(
        "姓名：李四\n性别：女\n出生日期：1985-03-09\n注册编号：苏1320180123456789\n\
         聘用企业：北京建工示范有限公司\n统一社会信用代码：{}\n{rows}\n发证日期：2026-09-01\n\
         使用有效期：2026-09-01至2027-02-27",
        testkit::uscc("91110000100000000")
    );
    let Extraction::Fields { fields, .. } = parse_text(&[page]) else { panic!("not fields") };
    ConfirmedEntry::from_fields(&fields, 0).unwrap()
}

/// An official-format row as `run_tender` builds it from an entry.
fn row(e: ConfirmedEntry) -> Row {
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
fn a_role_matches_specialties_read_from_bracketed_layouts() {
    let t = Tender {
        name: "专业名称".into(),
        bid_date: d("2026-10-01"),
        valid_until: None,
        company: None,
        uscc: testkit::uscc("91110000100000000"),
        roles: vec!["项目经理=建筑工程".parse().unwrap()],
        inputs: vec![],
    };
    for rows in [
        "注册专业：建筑工程(2024-01-01至2028-12-31)",
        "注册专业：\n建筑工程（有效期：2024年1月1日至2028年12月31日）",
        "注册专业：\n1. 建筑 有效期：2024-01-01至2028-12-31",
        "注册专业：\n【建 筑 工 程】 2024-01-01 至 2028-12-31",
    ] {
        let e = entry(rows);
        assert_eq!(e.specialties[0].name, "建筑工程", "{rows}");
        let r = assess(&t, vec![row(e)], &trust(), cst_midnight(d("2026-10-01")), false);
        assert_eq!(r.rows[0].role.as_deref(), Some("项目经理"), "{rows}: {:?}", r.rows[0].reasons);
        assert_eq!(r.roles[0].row, Some(1), "{rows}");
        assert!(r.roles[0].unverified_only, "{rows}: matched, though only by an unverified certificate");
    }
}
