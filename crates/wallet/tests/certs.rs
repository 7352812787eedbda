//! Importing, grouping, refusing, re-verifying, removing; alerts; log;
//! settings; backup and restore.

use buildcert_bc1::date::{add_days, parse_date};
use buildcert_bc1::testkit::seed_key;
use buildcert_bc1::{CheckContext, Code, TrustList};
use buildcert_wallet::testutil::{day0, issuer, root_hex, text, text_by, trust_bytes};
use buildcert_wallet::{AlertState, ListFilter, Settings, TrustState, Wallet};
use chrono::NaiveDate;

const NOW: i64 = 1_790_000_000;

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

fn ctx(date: &str) -> CheckContext {
    CheckContext::new(d(date), NOW)
}

fn setup() -> (tempfile::TempDir, Wallet, TrustList) {
    let dir = tempfile::tempdir().unwrap();
    let w = Wallet::open(dir.path()).unwrap();
    w.pin_root(&root_hex(), "演示根密钥", true).unwrap();
    w.import_trust_list(&trust_bytes(1, &[issuer().verifying_key()], &[]), &[], NOW).unwrap();
    let tl = w.current_trust_list(&[]).unwrap().unwrap();
    (dir, w, tl)
}

#[test]
fn import_text_dedupe_and_show_masked() {
    let (_d, w, tl) = setup();
    let t = text(1, 1, day0());
    let r = w.import("qr.txt", t.as_bytes(), Some(&tl), &ctx("2026-10-01"), false).unwrap();
    assert!(r.added);
    assert_eq!(r.trust_state, TrustState::Verified);
    assert_eq!(r.status, "valid");
    assert!(r.id_masked.contains("**********"), "{}", r.id_masked);
    // The same lid again (with a trailing newline from a USB scanner): not stored twice.
    let again = w.import("again.txt", format!("{t}\r\n").as_bytes(), Some(&tl), &ctx("2026-10-01"), false).unwrap();
    assert!(!again.added);
    assert_eq!(again.id, r.id);
    assert_eq!(w.count().unwrap(), 1);
    let detail = w.show(r.id, Some(&tl), &ctx("2026-10-01")).unwrap();
    assert_eq!(detail.certificate.idn, r.id_masked);
    let v = detail.verdict.unwrap();
    assert_eq!(v.status.as_str(), "valid");
    assert!(v.certificate.unwrap().idn.contains('*'));
    // Nothing shown carries the full ID number.
    let json = serde_json::to_string(&w.list(&ListFilter::default()).unwrap()).unwrap();
    let full_id = buildcert_wallet::testutil::request(1, 1, day0()).idn;
    assert!(!json.contains(&full_id));
    assert_eq!(w.qr_text(r.id).unwrap().unwrap(), t);
    let (name, bytes) = w.original_file(r.id).unwrap();
    assert_eq!(name, "qr.txt");
    assert_eq!(bytes, t.as_bytes());
    assert_eq!(w.resolve(&r.lid).unwrap(), r.id);
    assert_eq!(w.resolve("nope").unwrap_err().code(), "not_found");
}

#[test]
fn newer_copy_supersedes_older_never_dropped() {
    let (_d, w, tl) = setup();
    let old = w.import("a", text(7, 10, day0()).as_bytes(), Some(&tl), &ctx("2026-10-01"), false).unwrap();
    let newer = w.import("b", text(7, 11, d("2026-10-01")).as_bytes(), Some(&tl), &ctx("2026-10-02"), false).unwrap();
    assert_eq!(newer.supersedes, vec![old.id]);
    assert!(!newer.superseded);
    // Another holder is a different group.
    w.import("c", text(8, 12, day0()).as_bytes(), Some(&tl), &ctx("2026-10-01"), false).unwrap();
    let current = w.list(&ListFilter::default()).unwrap();
    assert_eq!(current.len(), 2);
    assert!(current.iter().all(|c| !c.superseded));
    let all = w.list(&ListFilter { include_superseded: true, ..Default::default() }).unwrap();
    assert_eq!(all.len(), 3);
    assert!(all.iter().find(|c| c.id == old.id).unwrap().superseded);
    // Importing the older copy after the newer one reports it as superseded.
    let older2 = w.import("d", text(7, 9, d("2026-08-01")).as_bytes(), Some(&tl), &ctx("2026-08-02"), false).unwrap();
    assert!(older2.superseded);
    let detail = w.show(old.id, Some(&tl), &ctx("2026-10-02")).unwrap();
    assert!(detail.verdict.unwrap().has(Code::Superseded));
    let alerts = w.alerts(d("2026-10-02"), NOW).unwrap();
    let sup: Vec<_> = alerts.iter().filter(|a| a.code == Code::Superseded).map(|a| a.cert_id).collect();
    assert_eq!(sup.len(), 2);
    assert!(sup.contains(&old.id) && sup.contains(&older2.id));
}

#[test]
fn failing_certificates_are_refused_with_reasons() {
    let (_d, w, tl) = setup();
    // Tampered: one character of the Base45 changed.
    let t = text(2, 20, day0());
    let mut chars: Vec<char> = t.chars().collect();
    let i = chars.len() - 10;
    chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
    let bad: String = chars.into_iter().collect();
    let e = w.import("bad", bad.as_bytes(), Some(&tl), &ctx("2026-10-01"), true).unwrap_err();
    assert_eq!(e.code(), "certificate_refused", "{e}");
    // Past the usage period at the check date: refused, the reason says why.
    let e = w.import("old", t.as_bytes(), Some(&tl), &ctx("2027-06-01"), false).unwrap_err();
    match &e {
        buildcert_wallet::WalletError::Refused { reasons } => {
            assert!(reasons.iter().any(|r| r.code == Code::UsageExpired))
        }
        other => panic!("{other}"),
    }
    assert!(e.zh().contains("未存入") && e.en().contains("not stored"));
    // Not a certificate at all.
    assert_eq!(w.import("x", b"   ", Some(&tl), &ctx("2026-10-01"), false).unwrap_err().code(), "unreadable");
    assert_eq!(
        w.import("u", b"https://example.invalid/query?id=1", Some(&tl), &ctx("2026-10-01"), false).unwrap_err().code(),
        "not_bc1"
    );
    assert_eq!(w.count().unwrap(), 0);
}

#[test]
fn unknown_key_kept_unverified_then_verified_by_a_trust_list() {
    let (_d, w, tl) = setup();
    let newkey = seed_key("issuer-2027");
    let t = text_by(3, 30, day0(), &newkey);
    let e = w.import("n", t.as_bytes(), Some(&tl), &ctx("2026-10-01"), false).unwrap_err();
    assert_eq!(e.code(), "certificate_refused");
    let r = w.import("n", t.as_bytes(), Some(&tl), &ctx("2026-10-01"), true).unwrap();
    assert_eq!(r.trust_state, TrustState::Unverified);
    assert_eq!(r.status, "unverified");
    let alerts = w.alerts(d("2026-10-01"), NOW).unwrap();
    assert!(alerts.iter().any(|a| a.cert_id == r.id && a.code == Code::UnknownKey));
    // A list that adds the key verifies it.
    let imp = w
        .import_trust_list(&trust_bytes(2, &[issuer().verifying_key(), newkey.verifying_key()], &[]), &[], NOW)
        .unwrap();
    assert_eq!(imp.reverified.newly_verified, vec![r.id]);
    assert_eq!(w.summary(r.id).unwrap().trust_state, TrustState::Verified);
    assert_eq!(w.summary(r.id).unwrap().trust_seq, Some(2));
    // A later list revoking its lid marks it rejected, kept with the reason.
    let imp = w
        .import_trust_list(&trust_bytes(3, &[issuer().verifying_key(), newkey.verifying_key()], &[&r.lid]), &[], NOW)
        .unwrap();
    assert_eq!(imp.reverified.newly_rejected, vec![r.id]);
    assert_eq!(w.summary(r.id).unwrap().trust_state, TrustState::Rejected);
    let alerts = w.alerts(d("2026-10-01"), NOW).unwrap();
    let mine: Vec<_> = alerts.iter().filter(|a| a.cert_id == r.id).collect();
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(mine[0].code, Code::Revoked);
}

#[test]
fn without_a_trust_list_only_unverified() {
    let dir = tempfile::tempdir().unwrap();
    let w = Wallet::open(dir.path()).unwrap();
    let t = text(4, 40, day0());
    assert_eq!(w.import("t", t.as_bytes(), None, &ctx("2026-10-01"), false).unwrap_err().code(), "certificate_refused");
    let r = w.import("t", t.as_bytes(), None, &ctx("2026-10-01"), true).unwrap();
    assert_eq!(r.trust_state, TrustState::Unverified);
    w.pin_root(&root_hex(), "demo", true).unwrap();
    let imp = w.import_trust_list(&trust_bytes(1, &[issuer().verifying_key()], &[]), &[], NOW).unwrap();
    assert_eq!(imp.reverified.verified, 1);
}

#[test]
fn search_remove_and_remove_all() {
    let (_d, w, tl) = setup();
    let mut ids = vec![];
    for h in 0..8u32 {
        ids.push(
            w.import("f", text(h, 100 + h as u64, day0()).as_bytes(), Some(&tl), &ctx("2026-10-01"), false).unwrap().id,
        );
    }
    let q = |s: &str| w.list(&ListFilter { query: Some(s.into()), include_superseded: false }).unwrap().len();
    assert_eq!(q("张伟0"), 1);
    assert_eq!(q("上海城建"), 2);
    assert_eq!(q("京1110020230000003"), 1);
    assert_eq!(q("nobody"), 0);
    w.remove(ids[0]).unwrap();
    assert_eq!(w.count().unwrap(), 7);
    assert_eq!(w.remove(ids[0]).unwrap_err().code(), "not_found");
    assert_eq!(w.remove_all().unwrap(), 7);
    assert_eq!(w.count().unwrap(), 0);
    // Trust is kept.
    assert!(w.current_trust_list(&[]).unwrap().is_some());
    w.integrity_check().unwrap();
}

#[test]
fn usage_alerts_step_through_and_are_announced_once() {
    let (_d, w, tl) = setup();
    let r = w.import("a", text(5, 50, day0()).as_bytes(), Some(&tl), &ctx("2026-09-01"), false).unwrap();
    let use_to = w.summary(r.id).unwrap().usage_to;
    assert_eq!(use_to, d("2027-02-27"));
    let usage = |at: NaiveDate| {
        w.alerts(at, NOW)
            .unwrap()
            .into_iter()
            .filter(|a| a.code == Code::UsageExpiring || a.code == Code::UsageExpired)
            .collect::<Vec<_>>()
    };
    assert!(usage(add_days(use_to, -31)).is_empty());
    let a = usage(add_days(use_to, -30));
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].step, "expiring@30");
    assert_eq!(a[0].state, AlertState::Expiring);
    assert_eq!(a[0].days_left, 30);
    assert!(a[0].zh.contains("重新下载") && a[0].en.contains("download a new e-certificate"));
    // Announced once per step.
    let first = w.take_new_alerts(add_days(use_to, -30), NOW).unwrap();
    assert!(first.iter().any(|a| a.step == "expiring@30"));
    assert!(w.take_new_alerts(add_days(use_to, -20), NOW + 1).unwrap().is_empty());
    let seven = w.take_new_alerts(add_days(use_to, -7), NOW + 2).unwrap();
    assert_eq!(seven.iter().map(|a| a.step.as_str()).collect::<Vec<_>>(), vec!["expiring@7"]);
    assert_eq!(usage(add_days(use_to, -7))[0].notified_at, Some(NOW + 2));
    let one = w.take_new_alerts(add_days(use_to, -1), NOW + 3).unwrap();
    assert_eq!(one.iter().map(|a| a.step.as_str()).collect::<Vec<_>>(), vec!["expiring@1"]);
    let last = usage(use_to);
    assert_eq!(last[0].step, "expiring@1");
    assert!(last[0].zh.contains("最后一天"));
    let gone = w.take_new_alerts(add_days(use_to, 1), NOW + 4).unwrap();
    assert_eq!(gone.len(), 1);
    assert_eq!(gone[0].code, Code::UsageExpired);
    assert_eq!(gone[0].state, AlertState::Expired);
    assert_eq!(gone[0].severity, buildcert_bc1::Severity::Error);
}

#[test]
fn specialty_and_age_alerts_say_what_to_do() {
    let (_d, w, tl) = setup();
    let r = w.import("a", text(6, 60, day0()).as_bytes(), Some(&tl), &ctx("2026-09-01"), false).unwrap();
    // 建筑工程 valid to 2028-12-31; holder born 1985-06-15.
    let spec =
        |at: &str| w.alerts(d(at), NOW).unwrap().into_iter().filter(|a| a.specialty.is_some()).collect::<Vec<_>>();
    assert!(spec("2028-10-01").is_empty());
    let up = spec("2028-10-02");
    assert_eq!(up[0].code, Code::RenewalUpcoming);
    assert!(up[0].zh.contains("继续教育") && up[0].zh.contains("2028-12-01"), "{}", up[0].zh);
    let win = spec("2028-12-10");
    assert_eq!(win[0].code, Code::RenewalWindowOpen);
    // §7: approved 2028-12-10 runs to 2031-12-09.
    assert!(win[0].zh.contains("延续注册") && win[0].zh.contains("2031-12-09"), "{}", win[0].zh);
    assert!(win[0].en.contains("continuation registration") && win[0].en.contains("2031-12-09"));
    let ended = spec("2029-01-01");
    assert_eq!(ended[0].code, Code::SpecialtyExpired);
    let all = w.alerts(d("2029-01-01"), NOW).unwrap();
    assert!(all.iter().any(|a| a.code == Code::NoValidSpecialty && a.cert_id == r.id));
    // 65th birthday 2050-06-15.
    let age = w.alerts(d("2050-01-01"), NOW).unwrap();
    assert!(age.iter().any(|a| a.code == Code::AgeLimitApproaching && a.due == d("2050-06-15")));
    // Thresholds come from the settings.
    let mut s = w.settings().unwrap();
    s.renewal_upcoming_days = 120;
    w.set_settings(&s).unwrap();
    assert_eq!(spec("2028-09-10")[0].code, Code::RenewalUpcoming);
}

#[test]
fn ics_export_is_rfc5545() {
    let (_d, w, tl) = setup();
    w.import("a", text(1, 70, day0()).as_bytes(), Some(&tl), &ctx("2026-09-01"), false).unwrap();
    let ics = w.alerts_ics(d("2026-09-02")).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    // usage end, renewal window, specialty end, 65th birthday.
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 4);
    assert!(ics.contains("DTSTART;VALUE=DATE:20270227"));
    assert!(ics.contains("TRIGGER:-P7D"));
    assert_eq!(ics.matches("BEGIN:VALARM").count(), ics.matches("END:VALARM").count());
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "line of {} octets", line.len());
    }
    assert!(!ics.replace("\r\n", "").contains('\n'));
    assert_eq!(ics, w.alerts_ics(d("2026-09-02")).unwrap(), "deterministic");
}

#[test]
fn inspector_log_is_opt_in_and_minimal() {
    let (_d, w, _tl) = setup();
    assert!(!w.settings().unwrap().inspector_log);
    assert!(!w.log_verification(NOW, "valid", &[], Some("1100000000000001"), Some("张伟")).unwrap());
    assert!(w.log_entries().unwrap().is_empty());
    let s = Settings { inspector_log: true, ..Default::default() };
    w.set_settings(&s).unwrap();
    assert!(w.log_verification(NOW, "warning", &["usage_expiring"], Some("1100000000000001"), Some("张伟")).unwrap());
    assert!(w.log_verification(NOW + 1, "invalid", &["signature_invalid"], None, None).unwrap());
    let csv = w.log_csv().unwrap();
    assert!(csv.starts_with("time,verdict,codes,lid_hash,name\r\n"));
    assert!(csv.contains(",张*\r\n"), "{csv}");
    assert!(!csv.contains("1100000000000001"));
    assert!(csv.contains("\r\n2026-09-21T22:13:20+08:00,warning,"), "{csv}");
    assert_eq!(csv.lines().count(), 3);
    assert_eq!(w.clear_log().unwrap(), 2);
    assert!(w.log_entries().unwrap().is_empty());
}

#[test]
fn settings_are_validated() {
    let (_d, w, _tl) = setup();
    let mut s = Settings { renewal_upcoming_days: 10, ..Default::default() };
    assert_eq!(w.set_settings(&s).unwrap_err().code(), "bad_setting");
    s = Settings::default();
    s.usage_reminder_days = vec![];
    assert!(w.set_settings(&s).is_err());
    assert_eq!(w.settings().unwrap(), Settings::default());
}

/// Everything a person can see of the wallet, for comparing states.
fn opts() -> buildcert_wallet::RestoreOptions {
    buildcert_wallet::RestoreOptions { now: NOW, ..Default::default() }
}

fn snapshot(w: &Wallet) -> String {
    let list = w.list(&ListFilter { include_superseded: true, ..Default::default() }).unwrap();
    let mut files = vec![];
    for c in &list {
        files.push(w.original_file(c.id).unwrap());
    }
    serde_json::to_string(&(
        list,
        files,
        w.trust_history().unwrap(),
        w.pinned_roots().unwrap(),
        w.settings().unwrap(),
        w.log_entries().unwrap(),
        w.alerts(d("2027-02-20"), NOW).unwrap(),
    ))
    .unwrap()
}

#[test]
fn backup_restores_the_same_state_and_bad_backups_change_nothing() {
    let (dir, mut w, tl) = setup();
    let s = Settings { inspector_log: true, ..Default::default() };
    w.set_settings(&s).unwrap();
    for h in 0..5u32 {
        w.import("f", text(h, 200 + h as u64, day0()).as_bytes(), Some(&tl), &ctx("2026-10-01"), false).unwrap();
    }
    w.take_new_alerts(d("2027-02-20"), NOW).unwrap();
    w.log_verification(NOW, "valid", &[], Some("x"), Some("王芳")).unwrap();
    let before = snapshot(&w);
    let backup = dir.path().join("backups").join("wallet-backup.bcw");
    let info = w.backup(&backup).unwrap();
    assert_eq!(info.certificates, 5);
    // Change everything, then restore.
    w.remove_all().unwrap();
    w.set_settings(&Settings::default()).unwrap();
    assert_ne!(snapshot(&w), before);
    let restored = w.restore(&backup, &opts()).unwrap();
    assert_eq!(restored.info.certificates, 5);
    assert_eq!(restored.kept_newer_trust_seq, None);
    assert_eq!(snapshot(&w), before);
    w.integrity_check().unwrap();
    // Reopening sees the restored state too.
    drop(w);
    let mut w = Wallet::open(dir.path()).unwrap();
    assert_eq!(snapshot(&w), before);
    // A damaged or foreign file is refused before anything is replaced.
    let junk = dir.path().join("junk.bcw");
    std::fs::write(&junk, b"SQLite format 3\0 but not really").unwrap();
    assert_eq!(w.restore(&junk, &opts()).unwrap_err().code(), "bad_backup");
    let mut damaged = std::fs::read(&backup).unwrap();
    let n = damaged.len();
    for b in &mut damaged[n / 2..n / 2 + 200] {
        *b ^= 0x5A;
    }
    let damaged_path = dir.path().join("damaged.bcw");
    std::fs::write(&damaged_path, &damaged).unwrap();
    assert!(w.restore(&damaged_path, &opts()).is_err());
    let foreign = dir.path().join("foreign.sqlite");
    rusqlite_free_foreign(&foreign);
    assert_eq!(w.restore(&foreign, &opts()).unwrap_err().code(), "bad_backup");
    assert_eq!(snapshot(&w), before);
}

/// A backup container, checksum right, holding an SQLite file that is not a wallet.
fn rusqlite_free_foreign(path: &std::path::Path) {
    use sha2::Digest;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("other.sqlite");
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
    drop(c);
    let body = std::fs::read(&db).unwrap();
    let mut out = buildcert_wallet::backup::BACKUP_MAGIC.to_vec();
    out.extend_from_slice(&1u32.to_be_bytes());
    out.extend_from_slice(&(body.len() as u32).to_be_bytes());
    out.extend_from_slice(&sha2::Sha256::digest(&body));
    out.extend_from_slice(&body);
    std::fs::write(path, out).unwrap();
}

fn pdf_of(t: &str, attachment: Option<String>) -> Option<Vec<u8>> {
    let fonts = match buildcert_pdfgen::Fonts::discover() {
        Ok(f) => f,
        Err(e) => {
            eprintln!("skipping the PDF part: no CJK font ({e})");
            return None;
        }
    };
    let cert = buildcert_bc1::peek_unverified(t).unwrap().0;
    let fmt = buildcert_bc1::date::format_date;
    let page = buildcert_pdfgen::CertificatePage {
        name: cert.name.clone(),
        sex: cert.sex.zh().into(),
        dob: fmt(cert.dob),
        reg: cert.reg.clone(),
        employer: cert.emp.clone(),
        uscc: cert.uscc.clone(),
        specialties: cert.spec.iter().map(|s| buildcert_pdfgen::Specialty::new(&s.n, fmt(s.from), fmt(s.to))).collect(),
        issued: fmt(cert.issued),
        use_from: fmt(cert.usage.from),
        use_to: fmt(cert.usage.to),
        seal_name: buildcert_bc1::testkit::SEAL.into(),
        qr_text: t.to_string(),
        attachment,
        demo: true,
        ..Default::default()
    };
    Some(buildcert_pdfgen::certificate_pdf(&page, &fonts).unwrap())
}

#[test]
fn import_from_image_and_issuer_pdf_keeps_the_original() {
    let (_d, w, tl) = setup();
    let t = text(9, 90, day0());
    let png = buildcert_pdfgen::qr_png(&t, 4).unwrap();
    let r = w.import("qr.png", &png, Some(&tl), &ctx("2026-10-01"), false).unwrap();
    assert!(r.added);
    assert_eq!(w.original_file(r.id).unwrap().1, png);
    assert_eq!(w.qr_text(r.id).unwrap().unwrap(), t);
    let t2 = text(10, 91, day0());
    let Some(pdf) = pdf_of(&t2, Some(t2.clone())) else { return };
    let r = w.import("证书.pdf", &pdf, Some(&tl), &ctx("2026-10-01"), false).unwrap();
    assert_eq!(r.trust_state, TrustState::Verified);
    assert_eq!(w.original_file(r.id).unwrap(), ("证书.pdf".to_string(), pdf));
    // A PDF whose bc1.txt differs from its QR code is refused (BC1 §8).
    let t3 = text(11, 92, day0());
    let forged = pdf_of(&t3, Some(text(11, 93, day0()))).unwrap();
    match w.import("forged.pdf", &forged, Some(&tl), &ctx("2026-10-01"), false).unwrap_err() {
        buildcert_wallet::WalletError::Refused { reasons } => {
            assert!(reasons.iter().any(|r| r.code == Code::PdfPayloadMismatch))
        }
        other => panic!("{other}"),
    }
}
