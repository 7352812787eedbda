//! Official-format entries (issue 8): stored after the holder confirms,
//! never verified, grouped with BC1 copies, date rules at edge dates,
//! alerts and the .ics export.

use buildcert_bc1::date::{add_days, parse_date};
use buildcert_bc1::rules::{mask_id, usage_cap};
use buildcert_bc1::{CheckContext, Code, Sex};
use buildcert_official::{ConfirmedEntry, DateStatus, Field, OfficialFields, OfficialSpecialty, OfficialStatus};
use buildcert_wallet::testutil::{issuer, request, root_hex, text, trust_bytes};
use buildcert_wallet::{AlertState, AlertSubject, ListFilter, TrustState, Wallet};
use chrono::NaiveDate;

const NOW: i64 = 1_790_000_000;

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

/// Holder 1 of the test kit (same registration, name, birth date and ID as
/// `testutil::request(1, …)`), as an official-format entry whose usage
/// period starts on `use_from` and ends at §4's cap plus `beyond` days.
fn entry(use_from: NaiveDate, beyond: i64) -> ConfirmedEntry {
    let r = request(1, 1, use_from);
    let spec = vec![OfficialSpecialty { name: "建筑工程".into(), from: d("2023-03-01"), to: d("2028-12-31") }];
    let cap = usage_cap(use_from, spec.iter().map(|s| s.to), r.dob);
    ConfirmedEntry {
        name: r.name.clone(),
        sex: Sex::M,
        dob: r.dob,
        reg: r.reg.clone(),
        employer: r.emp.clone(),
        uscc: r.uscc.clone(),
        idn: Some(mask_id(&r.idn)),
        specialties: spec,
        issued: d("2023-03-01"),
        use_from,
        use_to: add_days(cap, beyond),
        query_urls: vec!["https://zjy.example.invalid/query?lid=1".into()],
        confirmed_at: NOW,
        edited: vec![],
    }
}

fn as_read(e: &ConfirmedEntry) -> OfficialFields {
    OfficialFields {
        name: Some(e.name.clone()),
        sex: Some(e.sex),
        dob: Some(e.dob),
        reg: Some(e.reg.clone()),
        employer: Some(e.employer.clone()),
        uscc: Some(e.uscc.clone()),
        idn: e.idn.clone(),
        specialties: e.specialties.clone(),
        issued: Some(e.issued),
        use_from: Some(e.use_from),
        use_to: Some(e.use_to),
        query_urls: e.query_urls.clone(),
    }
}

fn ctx(date: NaiveDate) -> CheckContext {
    CheckContext::new(date, NOW)
}

fn wallet() -> (tempfile::TempDir, Wallet) {
    let dir = tempfile::tempdir().unwrap();
    let w = Wallet::open(dir.path()).unwrap();
    (dir, w)
}

#[test]
fn stored_with_its_file_listed_and_never_verified() {
    let (_d, w) = wallet();
    let e = entry(d("2026-09-01"), 0);
    let pdf = b"%PDF-1.7 official certificate bytes".to_vec();
    let r = w.add_official(&e, Some(&as_read(&e)), Some(("证书.pdf", &pdf)), NOW).unwrap();
    assert!(r.added);
    assert_eq!(r.trust_state, TrustState::OfficialUnverified);
    assert_eq!(r.verdict.status, OfficialStatus::Unverified);
    assert!(r.edited.is_empty(), "confirmed as read: {:?}", r.edited);
    assert!(r.id_masked.contains("**********"));
    // The same entry again: not stored twice.
    let again = w.add_official(&e, Some(&as_read(&e)), Some(("copy.pdf", &pdf)), NOW).unwrap();
    assert!(!again.added);
    assert_eq!(again.id, r.id);
    assert_eq!(w.count().unwrap(), 1);
    assert_eq!(w.original_file(r.id).unwrap(), ("证书.pdf".to_string(), pdf.clone()));

    let list = w.list(&ListFilter::default()).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].kind, "official");
    assert_eq!(list[0].trust_state, TrustState::OfficialUnverified);
    assert_ne!(list[0].trust_state, TrustState::Verified);
    assert_eq!(list[0].trust_state.words(), ("未验证（官方格式）", "Unverified (official format)"));
    let json = serde_json::to_value(&list[0]).unwrap();
    assert_eq!(json["trust_state"], "official_unverified");
    assert_eq!(json["kind"], "official");

    let detail = w.show(r.id, None, &ctx(d("2026-10-01"))).unwrap();
    assert!(detail.verdict.is_none(), "no BC1 verdict for an official entry");
    let v = detail.official_verdict.as_ref().unwrap();
    assert_eq!(v.status, OfficialStatus::Unverified);
    assert_eq!(serde_json::to_value(v).unwrap()["status"], "unverified");
    assert_eq!(v.date_status, DateStatus::Valid);
    assert!(v.explanation_zh.contains("未验证（官方格式）"));
    let shown = detail.official.as_ref().unwrap();
    assert_eq!(shown.idn.as_deref(), Some(mask_id(&request(1, 1, d("2026-09-01")).idn).as_str()));
    assert!(detail.certificate.iss.contains("未验证（官方格式）"));
    assert!(detail.certificate.lid.is_empty());
    // A BC1 trust list never makes it verified.
    w.pin_root(&root_hex(), "演示根密钥", true).unwrap();
    w.import_trust_list(&trust_bytes(1, &[issuer().verifying_key()], &[]), &[], NOW).unwrap();
    let tl = w.current_trust_list(&[]).unwrap().unwrap();
    let detail = w.show(r.id, Some(&tl), &ctx(d("2026-10-01"))).unwrap();
    assert!(detail.verdict.is_none());
    assert_eq!(detail.summary.trust_state, TrustState::OfficialUnverified);
    let sum = w.reverify_all(NOW).unwrap();
    assert_eq!(sum.checked, 0, "official entries are not re-verified as BC1");
    assert_eq!(w.summary(r.id).unwrap().trust_state, TrustState::OfficialUnverified);
}

#[test]
fn the_full_id_given_by_the_holder_is_kept_but_never_listed() {
    let (_d, w) = wallet();
    let mut e = entry(d("2026-09-01"), 0);
    let full = request(1, 1, d("2026-09-01")).idn;
    e.idn = Some(full.clone());
    let r = w.add_official(&e, None, None, NOW).unwrap();
    assert_eq!(r.edited, Field::ALL.to_vec(), "typed by hand: every field counts as edited");
    assert_eq!(w.official_entry(r.id).unwrap().idn.as_deref(), Some(full.as_str()));
    let listed = serde_json::to_string(&w.list(&ListFilter::default()).unwrap()).unwrap();
    let shown = serde_json::to_string(&w.show(r.id, None, &ctx(d("2026-10-01"))).unwrap()).unwrap();
    assert!(!listed.contains(&full) && !shown.contains(&full));
}

#[test]
fn bad_fields_are_refused_with_every_field_named() {
    let (_d, w) = wallet();
    let mut e = entry(d("2026-09-01"), 0);
    e.reg = "京123".into();
    e.uscc = "91110000100000000A".into();
    let err = w.add_official(&e, None, None, NOW).unwrap_err();
    assert_eq!(err.code(), "invalid_entry");
    assert!(err.zh().contains("注册编号") && err.zh().contains("统一社会信用代码"), "{}", err.zh());
    assert!(
        err.en().contains("registration number") && err.en().contains("unified social credit code"),
        "{}",
        err.en()
    );
    assert_eq!(w.count().unwrap(), 0);
    // update_official refuses the same way and leaves the stored entry alone.
    let good = w.add_official(&entry(d("2026-09-01"), 0), None, None, NOW).unwrap();
    assert_eq!(w.update_official(good.id, &e, NOW).unwrap_err().code(), "invalid_entry");
    assert_eq!(w.official_entry(good.id).unwrap().reg, entry(d("2026-09-01"), 0).reg);
}

#[test]
fn holder_corrects_a_field_later() {
    let (_d, w) = wallet();
    let e = entry(d("2026-09-01"), 0);
    let pdf = b"%PDF original".to_vec();
    let r = w.add_official(&e, Some(&as_read(&e)), Some(("a.pdf", &pdf)), NOW).unwrap();
    let mut fixed = w.official_entry(r.id).unwrap();
    fixed.employer = "四川水利示范工程局".into();
    let u = w.update_official(r.id, &fixed, NOW + 60).unwrap();
    assert_eq!(u.id, r.id);
    assert_eq!(u.edited, vec![Field::Employer]);
    let stored = w.official_entry(r.id).unwrap();
    assert_eq!(stored.employer, "四川水利示范工程局");
    assert_eq!(w.summary(r.id).unwrap().employer, "四川水利示范工程局");
    assert_eq!(w.original_file(r.id).unwrap().1, pdf, "the original file stays");
    // A BC1 certificate cannot be edited as an official entry.
    w.pin_root(&root_hex(), "演示根密钥", true).unwrap();
    w.import_trust_list(&trust_bytes(1, &[issuer().verifying_key()], &[]), &[], NOW).unwrap();
    let tl = w.current_trust_list(&[]).unwrap().unwrap();
    let b = w.import("b.txt", text(2, 2, d("2026-09-01")).as_bytes(), Some(&tl), &ctx(d("2026-10-01")), false).unwrap();
    assert_eq!(w.official_entry(b.id).unwrap_err().code(), "not_official");
    assert_eq!(w.update_official(b.id, &fixed, NOW).unwrap_err().code(), "not_official");
}

#[test]
fn usage_period_last_day_and_first_day_after() {
    let (_d, w) = wallet();
    let e = entry(d("2026-09-01"), 0);
    let last = e.use_to;
    let r = w.add_official(&e, None, None, NOW).unwrap();
    let on_last = w.show(r.id, None, &ctx(last)).unwrap().official_verdict.unwrap();
    assert_ne!(on_last.date_status, DateStatus::Invalid, "{:?}", on_last.reasons);
    assert!(!on_last.has(Code::UsageExpired));
    assert!(on_last.has(Code::UsageExpiring));
    let after = w.show(r.id, None, &ctx(add_days(last, 1))).unwrap().official_verdict.unwrap();
    assert_eq!(after.date_status, DateStatus::Invalid);
    assert!(after.has(Code::UsageExpired));
    assert_eq!(after.status, OfficialStatus::Unverified, "even expired it is unverified, not 'invalid'");
    // Before the first day: not yet valid; on it: fine.
    let before = w.show(r.id, None, &ctx(add_days(e.use_from, -1))).unwrap().official_verdict.unwrap();
    assert!(before.has(Code::NotYetValid));
    let first = w.show(r.id, None, &ctx(e.use_from)).unwrap().official_verdict.unwrap();
    assert!(!first.has(Code::NotYetValid));

    // Alerts: the last day is "expiring", the day after "expired", both marked unverified.
    let usage = |at: NaiveDate| {
        w.alerts(at, NOW).unwrap().into_iter().find(|a| a.cert_id == r.id && a.subject == AlertSubject::Usage).unwrap()
    };
    let a = usage(last);
    assert_eq!((a.state, a.code, a.days_left), (AlertState::Expiring, Code::UsageExpiring, 0));
    assert!(
        a.zh.starts_with("【未验证（官方格式）】") && a.en.starts_with("[Unverified (official format)]"),
        "{} / {}",
        a.zh,
        a.en
    );
    let a = usage(add_days(last, 1));
    assert_eq!((a.state, a.code), (AlertState::Expired, Code::UsageExpired));
    assert!(a.zh.contains("未验证（官方格式）"));
}

#[test]
fn specialty_end_and_renewal_window_alerts() {
    let (_d, w) = wallet();
    let e = entry(d("2028-08-01"), 0);
    let spec_to = e.specialties[0].to;
    let r = w.add_official(&e, None, None, NOW).unwrap();
    let spec_alert = |at: NaiveDate| {
        w.alerts(at, NOW)
            .unwrap()
            .into_iter()
            .find(|a| a.cert_id == r.id && a.subject == AlertSubject::Specialty && a.specialty.is_some())
    };
    // Window opens 30 days before the end (inclusive), the day before it is "upcoming".
    assert_eq!(spec_alert(add_days(spec_to, -30)).unwrap().code, Code::RenewalWindowOpen);
    assert_eq!(spec_alert(add_days(spec_to, -31)).unwrap().code, Code::RenewalUpcoming);
    assert_eq!(spec_alert(spec_to).unwrap().code, Code::RenewalWindowOpen);
    let after = spec_alert(add_days(spec_to, 1)).unwrap();
    assert_eq!((after.code, after.state), (Code::SpecialtyExpired, AlertState::Expired));
    assert!(after.en.starts_with("[Unverified (official format)]"));
}

#[test]
fn printed_usage_end_beyond_the_cap_is_flagged() {
    let (_d, w) = wallet();
    let at = d("2026-10-01");
    let ok = w.add_official(&entry(d("2026-09-01"), 0), None, None, NOW).unwrap();
    let mut beyond = entry(d("2026-09-01"), 1);
    beyond.reg = "京1110020230009999".into();
    let bad = w.add_official(&beyond, None, None, NOW).unwrap();
    assert!(bad.verdict.has(Code::UsageInconsistent));
    assert!(!ok.verdict.has(Code::UsageInconsistent), "exactly at the cap is consistent");
    let v = w.show(bad.id, None, &ctx(at)).unwrap().official_verdict.unwrap();
    assert!(v.has(Code::UsageInconsistent));
    assert_eq!(v.date_status, DateStatus::Invalid);
    let alerts = w.alerts(at, NOW).unwrap();
    let flagged: Vec<i64> = alerts.iter().filter(|a| a.code == Code::UsageInconsistent).map(|a| a.cert_id).collect();
    assert_eq!(flagged, vec![bad.id]);
}

fn bc1_wallet() -> (tempfile::TempDir, Wallet, buildcert_bc1::TrustList) {
    let (dir, w) = wallet();
    w.pin_root(&root_hex(), "演示根密钥", true).unwrap();
    w.import_trust_list(&trust_bytes(1, &[issuer().verifying_key()], &[]), &[], NOW).unwrap();
    let tl = w.current_trust_list(&[]).unwrap().unwrap();
    (dir, w, tl)
}

#[test]
fn a_newer_official_copy_never_hides_an_older_verified_bc1_copy() {
    let (_d, w, tl) = bc1_wallet();
    let b = w.import("b.txt", text(1, 7, d("2026-09-01")).as_bytes(), Some(&tl), &ctx(d("2026-09-02")), false).unwrap();
    let o = w.add_official(&entry(d("2026-10-01"), 0), None, None, NOW).unwrap();
    assert!(o.supersedes.is_empty(), "an unverified copy supersedes no verified one");
    assert!(!o.superseded);
    // Both are current: the official entry is shown beside the verified copy.
    let current = w.list(&ListFilter::default()).unwrap();
    let mut ids: Vec<i64> = current.iter().map(|c| c.id).collect();
    ids.sort();
    assert_eq!(ids, vec![b.id, o.id]);
    // The verified copy keeps its own alerts (usage ends 2027-02-27), not a superseded one.
    let alerts = w.alerts(d("2027-02-20"), NOW).unwrap();
    assert!(alerts.iter().any(|a| a.cert_id == b.id && a.code == Code::UsageExpiring), "{alerts:#?}");
    assert!(!alerts.iter().any(|a| a.cert_id == b.id && a.code == Code::Superseded));
}

#[test]
fn newer_bc1_copy_supersedes_an_official_entry_stored_before() {
    let (_d, w, tl) = bc1_wallet();
    // Official first: only the masked ID is known, so the holder key is provisional…
    let o = w.add_official(&entry(d("2026-09-01"), 0), None, None, NOW).unwrap();
    // … and the BC1 copy of the same person, downloaded later, adopts it.
    let b = w.import("b.txt", text(1, 8, d("2026-10-01")).as_bytes(), Some(&tl), &ctx(d("2026-10-02")), false).unwrap();
    assert_eq!(b.supersedes, vec![o.id]);
    assert!(w.summary(o.id).unwrap().superseded);
    assert!(!w.summary(b.id).unwrap().superseded);
    let detail = w.show(o.id, None, &ctx(d("2026-10-02"))).unwrap();
    assert!(detail.official_verdict.unwrap().has(Code::Superseded));
    // Another person with the same name does not join the group.
    let mut other = entry(d("2026-11-01"), 0);
    other.reg = "京1110020230000099".into();
    let x = w.add_official(&other, None, None, NOW).unwrap();
    assert!(x.supersedes.is_empty());
    assert!(!w.summary(b.id).unwrap().superseded);
}

#[test]
fn ics_export_covers_official_entries_with_the_mark() {
    let (_d, w) = wallet();
    let e = entry(d("2026-09-01"), 0);
    w.add_official(&e, None, None, NOW).unwrap();
    let ics = w.alerts_ics(d("2026-10-01")).unwrap().replace("\r\n ", "");
    assert!(ics.contains(&format!("DTSTART;VALUE=DATE:{}", e.use_to.format("%Y%m%d"))), "{ics}");
    assert!(ics.contains("未验证（官方格式）"));
    let usage_line = ics.lines().find(|l| l.starts_with("SUMMARY:使用有效期届满")).unwrap();
    assert!(usage_line.contains("Unverified (official format)"), "{usage_line}");
    // The continuation window and specialty end are there too.
    assert!(ics.contains("DTSTART;VALUE=DATE:20281201") && ics.contains("DTSTART;VALUE=DATE:20281231"), "{ics}");
}
