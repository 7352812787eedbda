//! The trust model: demo roots and the demo profile, pinning, restore that
//! never rolls trust back, unverified copies that never hide verified
//! ones, keyed holder keys, and a private data folder.

use buildcert_bc1::date::parse_date;
use buildcert_bc1::testkit::{seed_key, trust_list};
use buildcert_bc1::{verify, CheckContext};
use buildcert_wallet::profile::fingerprint;
use buildcert_wallet::testutil::{day0, issuer, root, root_hex, text, text_by, trust_bytes};
use buildcert_wallet::{ListFilter, RestoreOptions, TrustState, Wallet};
use chrono::NaiveDate;

const NOW: i64 = 1_790_000_000;

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

fn ctx() -> CheckContext {
    CheckContext::new(d("2026-10-01"), NOW)
}

fn opts(accept: &[String]) -> RestoreOptions {
    RestoreOptions { accept_roots: accept.to_vec(), now: NOW }
}

fn real_wallet() -> (tempfile::TempDir, Wallet) {
    let dir = tempfile::tempdir().unwrap();
    let w = Wallet::open(dir.path()).unwrap();
    w.pin_root(&root_hex(), "正式根密钥", false).unwrap();
    w.import_trust_list(&trust_bytes(1, &[issuer().verifying_key()], &[]), &[], NOW).unwrap();
    (dir, w)
}

fn sql(dir: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join(buildcert_wallet::DB_FILE)).unwrap()
}

#[test]
fn every_list_in_the_demo_profile_is_demo_and_so_is_every_verdict_under_it() {
    let dir = tempfile::tempdir().unwrap();
    let demo_dir = buildcert_wallet::profile_dir(dir.path(), buildcert_wallet::Profile::Demo);
    let w = Wallet::open_demo(&demo_dir).unwrap();
    assert!(w.is_demo_profile().unwrap());
    // Even a root pinned as "real" there gives demo verdicts.
    w.pin_root(&root_hex(), "root", false).unwrap();
    w.import_trust_list(&trust_bytes(1, &[issuer().verifying_key()], &[]), &[], NOW).unwrap();
    let tl = w.current_trust_list(&[]).unwrap().unwrap();
    assert!(tl.demo);
    assert!(w.trust_history().unwrap()[0].demo);
    let v = verify(&text(1, 1, day0()), &tl, &ctx());
    assert!(v.demo && v.status.as_str() == "valid");
    // The real profile, next to it, is untouched and not demo.
    let real = Wallet::open(dir.path()).unwrap();
    assert!(!real.is_demo_profile().unwrap());
    assert!(real.current_trust_list(&[]).unwrap().is_none() && real.pinned_roots().unwrap().is_empty());
}

#[test]
fn a_list_under_a_root_pinned_as_demo_gives_demo_verdicts_and_a_real_one_does_not() {
    let (_d, w) = real_wallet();
    let tl = w.current_trust_list(&[]).unwrap().unwrap();
    assert!(!tl.demo && !verify(&text(1, 1, day0()), &tl, &ctx()).demo);
    let dir = tempfile::tempdir().unwrap();
    let w = Wallet::open(dir.path()).unwrap();
    w.pin_root(&root_hex(), "演示根密钥", true).unwrap();
    w.import_trust_list(&trust_bytes(1, &[issuer().verifying_key()], &[]), &[], NOW).unwrap();
    let tl = w.current_trust_list(&[]).unwrap().unwrap();
    assert!(tl.demo && verify(&text(1, 1, day0()), &tl, &ctx()).demo);
    // A certificate that does not verify under it is not a demo verdict.
    assert!(!verify(&text_by(1, 1, day0(), &seed_key("stranger")), &tl, &ctx()).demo);
}

#[test]
fn pinning_a_demo_root_again_as_real_needs_its_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let w = Wallet::open(dir.path()).unwrap();
    w.pin_root(&root_hex(), "演示根密钥", true).unwrap();
    w.import_trust_list(&trust_bytes(1, &[issuer().verifying_key()], &[]), &[], NOW).unwrap();
    let e = w.pin_root(&root_hex(), "正式", false).unwrap_err();
    assert_eq!(e.code(), "demo_root_needs_confirm");
    let fp = fingerprint(&root().verifying_key().to_bytes());
    assert!(e.zh().contains(&fp) && e.en().contains(&fp), "{e}");
    assert!(w.pinned_roots().unwrap()[0].demo, "still demo");
    assert!(w.current_trust_list(&[]).unwrap().unwrap().demo);
    // A wrong fingerprint changes nothing either.
    assert!(w.pin_root_confirmed(&root_hex(), "正式", false, Some("00")).is_err());
    // Unpinning and pinning again does not clear it: the kept list was demo.
    w.unpin_root(&root_hex()).unwrap();
    assert_eq!(w.pin_root(&root_hex(), "正式", false).unwrap_err().code(), "demo_root_needs_confirm");
    w.pin_root_confirmed(&root_hex(), "正式", false, Some(&fp.to_uppercase())).unwrap();
    assert!(!w.pinned_roots().unwrap()[0].demo);
    assert!(!w.current_trust_list(&[]).unwrap().unwrap().demo);
}

#[test]
fn a_demo_list_never_blocks_a_real_one() {
    let dir = tempfile::tempdir().unwrap();
    let w = Wallet::open(dir.path()).unwrap();
    let demo_root = seed_key("demo-root");
    w.pin_root(&hex::encode(demo_root.verifying_key().to_bytes()), "演示", true).unwrap();
    w.import_trust_list(&trust_list(&demo_root, &issuer().verifying_key(), 9), &[], NOW).unwrap();
    w.pin_root(&root_hex(), "正式", false).unwrap();
    let r = w.import_trust_list(&trust_bytes(1, &[issuer().verifying_key()], &[]), &[], NOW).unwrap();
    assert!(r.replaced);
    let tl = w.current_trust_list(&[]).unwrap().unwrap();
    assert_eq!(tl.seq, 1);
    assert!(!tl.demo);
    assert_eq!(w.trust_history().unwrap().len(), 1, "the demo lists went");
}

#[test]
fn restoring_an_older_backup_keeps_the_newer_trust_list() {
    let (dir, mut w) = real_wallet();
    w.import("a", text(1, 1, day0()).as_bytes(), w.current_trust_list(&[]).unwrap().as_ref(), &ctx(), false).unwrap();
    let backup = dir.path().join("old.bcbackup");
    w.backup(&backup).unwrap();
    // seq 2 revokes the certificate.
    let lid = buildcert_wallet::testutil::request(1, 1, day0()).lid;
    w.import_trust_list(&trust_bytes(2, &[issuer().verifying_key()], &[&lid]), &[], NOW).unwrap();
    let r = w.restore(&backup, &opts(&[])).unwrap();
    assert_eq!(r.kept_newer_trust_seq, Some(2));
    assert_eq!(w.current_trust_list(&[]).unwrap().unwrap().seq, 2);
    // The restored copy is judged under the kept list: still revoked.
    let list = w.list(&ListFilter::default()).unwrap();
    assert_eq!(list[0].trust_state, TrustState::Rejected);
    // And an older list still cannot come back by import.
    assert!(w.import_trust_list(&trust_bytes(1, &[issuer().verifying_key()], &[]), &[], NOW).is_err());
}

#[test]
fn a_restore_that_adds_a_root_asks_for_it_by_fingerprint() {
    let (dir, w) = real_wallet();
    let backup = dir.path().join("b.bcbackup");
    w.backup(&backup).unwrap();
    let other = tempfile::tempdir().unwrap();
    let mut fresh = Wallet::open(other.path()).unwrap();
    let info = fresh.inspect_backup(&backup).unwrap();
    let fp = fingerprint(&root().verifying_key().to_bytes());
    assert_eq!(info.new_roots.len(), 1);
    assert_eq!(info.new_roots[0].fingerprint, fp);
    let e = fresh.restore(&backup, &opts(&[])).unwrap_err();
    assert_eq!(e.code(), "restore_roots_need_confirm");
    assert!(e.en().contains(&fp) && e.zh().contains(&fp), "{e}");
    assert!(fresh.pinned_roots().unwrap().is_empty() && fresh.count().unwrap() == 0, "nothing changed");
    assert!(fresh.restore(&backup, &opts(&["deadbeef".into()])).is_err());
    let r = fresh.restore(&backup, &opts(std::slice::from_ref(&fp))).unwrap();
    assert_eq!(r.added_roots.len(), 1);
    assert_eq!(fresh.pinned_roots().unwrap().len(), 1);
}

#[test]
fn a_backup_with_a_bad_setting_is_refused_with_a_clear_message() {
    let (dir, w) = real_wallet();
    sql(dir.path())
        .execute(
            "INSERT OR REPLACE INTO settings(key, value) VALUES ('settings', ?1)",
            [r#"{"usage_reminder_days":[-5]}"#],
        )
        .unwrap();
    let backup = dir.path().join("bad.bcbackup");
    w.backup(&backup).unwrap();
    let other = tempfile::tempdir().unwrap();
    let mut fresh = Wallet::open(other.path()).unwrap();
    let e = fresh.restore(&backup, &opts(&[fingerprint(&root().verifying_key().to_bytes())])).unwrap_err();
    assert_eq!(e.code(), "bad_setting", "{e}");
    assert!(e.zh().contains("使用有效期提醒天数") && e.en().contains("usage_reminder_days"), "{e}");
    assert_eq!(fresh.count().unwrap(), 0);
}

#[test]
fn a_later_unverified_copy_does_not_hide_the_verified_one_in_the_list_or_the_alerts() {
    let (_dir, w) = real_wallet();
    let tl = w.current_trust_list(&[]).unwrap();
    w.import("old.txt", text(1, 1, day0()).as_bytes(), tl.as_ref(), &ctx(), false).unwrap();
    // A later download signed by a key the list does not know: kept as unverified.
    let stranger = text_by(1, 2, d("2026-09-20"), &seed_key("stranger"));
    let u = w.import("new.txt", stranger.as_bytes(), tl.as_ref(), &ctx(), true).unwrap();
    assert_eq!(u.trust_state, TrustState::Unverified);
    let list = w.list(&ListFilter::default()).unwrap();
    assert_eq!(list.len(), 2, "both copies are current: {list:#?}");
    assert!(list.iter().all(|c| !c.superseded));
    assert!(list.iter().any(|c| c.trust_state == TrustState::Verified));
    // The verified copy still gets its alerts (usage ends 2027-02-27).
    let alerts = w.alerts(d("2027-02-20"), NOW).unwrap();
    let verified_id = list.iter().find(|c| c.trust_state == TrustState::Verified).unwrap().id;
    assert!(alerts.iter().any(|a| a.cert_id == verified_id && a.code.as_str() == "usage_expiring"), "{alerts:#?}");
    assert!(!alerts.iter().any(|a| a.cert_id == verified_id && a.code.as_str() == "superseded"));
    // A later verified copy still supersedes it.
    w.import("newest.txt", text(1, 3, d("2026-09-25")).as_bytes(), tl.as_ref(), &ctx(), false).unwrap();
    let list = w.list(&ListFilter { include_superseded: true, ..Default::default() }).unwrap();
    let old = list.iter().find(|c| c.id == verified_id).unwrap();
    assert!(old.superseded);
}

#[test]
fn holder_keys_are_keyed_per_wallet_and_older_wallets_are_upgraded_once() {
    let (dir, w) = real_wallet();
    let tl = w.current_trust_list(&[]).unwrap();
    w.import("a", text(1, 1, day0()).as_bytes(), tl.as_ref(), &ctx(), false).unwrap();
    drop(w);
    let key = |dir: &std::path::Path| -> String {
        sql(dir).query_row("SELECT holder_key FROM certs", [], |r| r.get(0)).unwrap()
    };
    let first = key(dir.path());
    let idn = buildcert_wallet::testutil::request(1, 1, day0()).idn;
    let plain = {
        use sha2::Digest;
        hex::encode(&sha2::Sha256::digest(format!("buildcert-holder:{idn}").as_bytes())[..16])
    };
    assert_ne!(first, plain, "not the plain hash of the ID number");
    // Another wallet holding the same person has another key.
    let (dir2, w2) = real_wallet();
    w2.import("a", text(1, 1, day0()).as_bytes(), w2.current_trust_list(&[]).unwrap().as_ref(), &ctx(), false).unwrap();
    drop(w2);
    assert_ne!(key(dir2.path()), first);
    // A wallet as older versions wrote it (plain key, first-4 mask, demo
    // root and demo list in the real wallet): opened once, it is upgraded.
    {
        let c = sql(dir.path());
        c.execute("DELETE FROM meta", []).unwrap();
        c.execute("UPDATE certs SET holder_key = ?1, id_masked = '1101**********' || substr(id_masked, -4)", [&plain])
            .unwrap();
        c.execute("UPDATE pinned_roots SET demo = 1", []).unwrap();
    }
    let w = Wallet::open(dir.path()).unwrap();
    let k = key(dir.path());
    assert_ne!(k, plain);
    let masked: String = sql(dir.path()).query_row("SELECT id_masked FROM certs", [], |r| r.get(0)).unwrap();
    assert!(masked.starts_with("**************"), "{masked}");
    assert!(w.pinned_roots().unwrap().is_empty(), "the demo root left the real wallet");
    assert!(w.current_trust_list(&[]).unwrap().is_none(), "and so did its list");
    assert_eq!(w.list(&ListFilter::default()).unwrap()[0].trust_state, TrustState::Unverified);
}

#[cfg(unix)]
#[test]
fn the_data_folder_and_its_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("data");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let w = Wallet::open(&dir).unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join(buildcert_wallet::DB_FILE)), 0o600);
    let b = base.path().join("w.bcbackup");
    w.backup(&b).unwrap();
    assert_eq!(mode(&b), 0o600);
}

#[test]
fn the_calendar_of_a_demo_wallet_says_demo_in_every_event() {
    let (_d, real) = real_wallet();
    let tl = real.current_trust_list(&[]).unwrap();
    real.import("a", text(1, 1, day0()).as_bytes(), tl.as_ref(), &ctx(), false).unwrap();
    let ics = real.alerts_ics(d("2026-10-01")).unwrap();
    assert!(ics.contains("SUMMARY:") && !ics.contains("演示"));
    let dir = tempfile::tempdir().unwrap();
    let demo = Wallet::open_demo(dir.path()).unwrap();
    demo.pin_root(&root_hex(), "演示", true).unwrap();
    demo.import_trust_list(&trust_bytes(1, &[issuer().verifying_key()], &[]), &[], NOW).unwrap();
    let tl = demo.current_trust_list(&[]).unwrap();
    demo.import("a", text(1, 1, day0()).as_bytes(), tl.as_ref(), &ctx(), false).unwrap();
    let ics = demo.alerts_ics(d("2026-10-01")).unwrap();
    let summaries: Vec<&str> = ics.lines().filter(|l| l.starts_with("SUMMARY:")).collect();
    assert!(!summaries.is_empty());
    assert!(summaries.iter().all(|l| l.contains("【演示 DEMO】")), "{summaries:?}");
}
