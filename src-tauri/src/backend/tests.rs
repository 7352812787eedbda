//! The backend's own tests, at a fixed date (no test depends on today's).

use std::sync::Arc;

use buildcert_service::FixedClock;
use buildcert_wallet::Profile;

use super::files::read_file;
use super::*;
use crate::types::{FrameFormat, Language, VerifyFileRequest, VerifyTextRequest};

/// 2026-10-01 at noon, UTC+08:00: the test kit's sample (usage to
/// 2027-02-27) is in its usage period.
pub(crate) fn day() -> chrono::NaiveDate {
    buildcert_bc1::date::parse_date("2026-10-01").unwrap()
}

/// A backend on `dir` whose clock says [`day`].
pub(crate) fn open_fixed(dir: &std::path::Path) -> Backend {
    Backend::open_with_clock(dir, Profile::Real, Arc::new(FixedClock::at_noon(day()))).unwrap()
}

#[test]
fn settings_default_then_persist_and_reload() {
    let dir = tempfile::tempdir().unwrap();
    let b = Backend::open(dir.path()).unwrap();
    assert_eq!(b.settings(), Settings::default());
    let new = Settings { language: Language::En, ..Settings::default() };
    b.set_settings(new.clone()).unwrap();
    let again = Backend::open(dir.path()).unwrap();
    assert_eq!(again.settings(), new);
    let text = std::fs::read_to_string(dir.path().join(SETTINGS_FILE)).unwrap();
    assert!(text.contains("\"language\": \"en\""), "{text}");
}

#[test]
fn damaged_settings_file_falls_back_to_defaults() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(SETTINGS_FILE), b"{not json").unwrap();
    let b = Backend::open(dir.path()).unwrap();
    assert_eq!(b.settings(), Settings::default());
}

#[test]
fn one_settings_store_the_warning_and_the_log_live_in_the_wallet() {
    let dir = tempfile::tempdir().unwrap();
    let b = open_fixed(dir.path());
    let s = Settings { expiring_threshold_days: 60, verification_log: true, ..Settings::default() };
    b.set_settings(s.clone()).unwrap();
    let ws = b.wallet().unwrap().settings().unwrap();
    assert_eq!(ws.usage_reminder_days, vec![60, 30, 7, 1]);
    assert_eq!(ws.thresholds().usage_expiring_days, 60, "the CLI's rule gives the same warning");
    assert!(ws.inspector_log);
    let file = std::fs::read_to_string(dir.path().join(SETTINGS_FILE)).unwrap();
    assert!(!file.contains("expiring_threshold_days") && !file.contains("verification_log"), "{file}");
    // What the command line changes in the wallet, the app shows.
    {
        let w = b.wallet().unwrap();
        let mut ws = w.settings().unwrap();
        ws.usage_reminder_days = vec![45, 7];
        ws.inspector_log = false;
        w.set_settings(&ws).unwrap();
    }
    let shown = b.settings();
    assert_eq!((shown.expiring_threshold_days, shown.verification_log), (45, false));
}

#[test]
fn an_older_settings_file_moves_its_threshold_into_the_wallet_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(SETTINGS_FILE),
        br#"{"language":"en","mask_id_numbers":false,"expiring_threshold_days":90,"verification_log":false}"#,
    )
    .unwrap();
    let b = open_fixed(dir.path());
    let s = b.settings();
    assert_eq!((s.language, s.mask_id_numbers, s.expiring_threshold_days), (Language::En, false, 90));
    let file = std::fs::read_to_string(dir.path().join(SETTINGS_FILE)).unwrap();
    assert!(!file.contains("expiring_threshold_days"), "{file}");
}

#[test]
fn rejects_out_of_range_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let b = Backend::open(dir.path()).unwrap();
    let bad = Settings { expiring_threshold_days: 0, ..Settings::default() };
    assert_eq!(b.set_settings(bad).unwrap_err().code, ErrorCode::InvalidInput);
}

#[test]
fn empty_text_is_invalid_input_and_no_trust_list_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let b = Backend::open(dir.path()).unwrap();
    let empty = VerifyTextRequest { text: " \r\n".into(), check_date: None };
    assert_eq!(b.verify_text(&empty).unwrap_err().code, ErrorCode::InvalidInput);
    let some = VerifyTextRequest { text: "BC1:XYZ\r\n".into(), check_date: None };
    assert_eq!(b.verify_text(&some).unwrap_err().code, ErrorCode::NoTrustList);
}

/// A backend with the bc1 test kit's root pinned (demo) and its trust list imported.
pub(crate) fn with_sample() -> (tempfile::TempDir, Backend, String) {
    let dir = tempfile::tempdir().unwrap();
    let b = open_fixed(dir.path());
    let (trust, root, text) = buildcert_bc1::testkit::sample();
    b.trust_pin_root(&hex::encode(root.to_bytes()), "test root", true).unwrap();
    let tl = dir.path().join("trust.bctl");
    std::fs::write(&tl, trust).unwrap();
    let info = b.trust_import(&tl.display().to_string()).unwrap();
    let t = info.trust_list.expect("trust list in use");
    assert_eq!((t.seq, t.demo), (1, true));
    (dir, b, text)
}

#[test]
fn verifies_through_the_crates_and_the_check_date_matters() {
    let (_dir, b, text) = with_sample();
    let at = |d: &str| VerifyTextRequest { text: format!("  {text}\n"), check_date: Some(d.into()) };
    let ok = b.verify_text(&at("2026-10-01")).unwrap();
    assert_eq!(ok.verdict, crate::types::Verdict::Valid, "{:?}", ok.reasons);
    let cert = ok.certificate.expect("verified certificate");
    assert!(cert.id_number.contains('*') && !cert.id_number_full.contains('*'));
    assert!(ok.facts.is_some() && ok.trust_list.is_some() && ok.demo);
    let late = b.verify_text(&at("2027-03-01")).unwrap();
    assert_eq!(late.verdict, crate::types::Verdict::Invalid);
    assert!(late.reasons.iter().any(|r| r.code == "usage_expired"));
    let bad = b.verify_text(&VerifyTextRequest { text: "BC1:???".into(), check_date: None }).unwrap();
    assert_eq!(bad.verdict, crate::types::Verdict::Invalid);
    let url = b.verify_text(&VerifyTextRequest { text: "https://example.invalid/q".into(), check_date: None }).unwrap();
    assert_eq!(url.verdict, crate::types::Verdict::Unverified);
    assert_eq!(url.other_codes, vec!["https://example.invalid/q".to_string()]);
    let e = b.verify_text(&at("2026-13-01")).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
}

#[test]
fn wallet_import_list_get_remove_and_ics() {
    let (dir, b, text) = with_sample();
    let added = b.wallet_import_text(&text).unwrap();
    let list = b.wallet_list().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, added.id);
    assert_eq!(b.wallet_get(&added.id).unwrap().certificate.reg, "京1110020230000001");
    let ics = b.wallet_export_ics(None).unwrap();
    assert!(ics.starts_with(&dir.path().display().to_string()));
    b.wallet_remove(&added.id).unwrap();
    assert!(b.wallet_list().unwrap().is_empty());
    assert_eq!(b.wallet_get(&added.id).unwrap_err().code, ErrorCode::NotFound);
}

#[test]
fn frame_size_must_match_data() {
    assert!(Frame::new(4, 2, FrameFormat::Luma, vec![0; 8]).is_ok());
    assert!(Frame::new(4, 2, FrameFormat::Rgba, vec![0; 32]).is_ok());
    assert!(Frame::new(4, 2, FrameFormat::Rgba, vec![0; 8]).is_err());
    assert!(Frame::new(0, 2, FrameFormat::Luma, vec![]).is_err());
    assert!(Frame::new(4000, 4000, FrameFormat::Luma, vec![0; 16_000_000]).is_err());
}

fn alert(name: &str, zh: &str, en: &str) -> buildcert_wallet::Alert {
    buildcert_wallet::Alert {
        cert_id: 1,
        lid: None,
        registration: "京1110020230000001".into(),
        holder_name: name.into(),
        id_masked: "**************123X".into(),
        subject: buildcert_wallet::AlertSubject::Usage,
        specialty: None,
        code: buildcert_bc1::Code::UsageExpiring,
        severity: buildcert_bc1::Severity::Warning,
        state: buildcert_wallet::AlertState::Expiring,
        step: "expiring@30".into(),
        due: buildcert_bc1::date::parse_date("2026-10-30").unwrap(),
        days_left: 29,
        zh: zh.into(),
        en: en.into(),
        notified_at: None,
    }
}

#[test]
fn notifications_speak_the_ui_language_and_many_become_one() {
    let one = [alert("张伟", "使用有效期还剩 29 天，请重新下载", "29 days of usage left: download a new copy")];
    let zh = notifications(&one, false);
    assert_eq!(
        zh,
        vec![Notification {
            title: "建造师证书夹：张伟".into(), body: "使用有效期还剩 29 天，请重新下载".into()
        }]
    );
    let en = notifications(&one, true);
    assert_eq!(en[0].body, "29 days of usage left: download a new copy");
    let many: Vec<_> = ["张伟", "李娜", "张伟", "王强"].iter().map(|n| alert(n, "z", "e")).collect();
    let zh = notifications(&many, false);
    assert_eq!(zh.len(), 1);
    assert_eq!(zh[0].title, "建造师证书夹：4 条新提醒");
    assert!(zh[0].body.starts_with("张伟、李娜、王强。"), "{}", zh[0].body);
    assert!(notifications(&[], false).is_empty());
}

#[test]
fn new_alerts_are_notified_once() {
    let (_dir, b, text) = with_sample();
    b.wallet_import_text(&text).unwrap();
    {
        // Remind from 180 days before the usage period ends, so that the
        // sample (usage to 2027-02-27) has an alert today.
        let w = b.wallet().unwrap();
        let mut ws = w.settings().unwrap();
        ws.usage_reminder_days = vec![180];
        w.set_settings(&ws).unwrap();
    }
    let first = b.take_new_notifications().unwrap();
    assert!(!first.is_empty(), "no alert announced");
    // The test kit's root is pinned as a demo root: the reminder says so.
    assert!(first.iter().all(|n| n.title == "【演示】建造师证书夹：张伟"), "{first:?}");
    let again = b.take_new_notifications().unwrap();
    assert!(again.is_empty(), "announced twice: {again:?}");
}

#[test]
fn file_reads_need_an_absolute_path_to_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(read_file("relative.pdf").unwrap_err().code, ErrorCode::InvalidInput);
    assert_eq!(read_file(&dir.path().display().to_string()).unwrap_err().code, ErrorCode::InvalidInput);
    let f = dir.path().join("a.txt");
    std::fs::write(&f, b"BC1:X").unwrap();
    assert_eq!(read_file(&format!("  {}\n", f.display())).unwrap(), b"BC1:X");
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_before_it_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.pdf");
    let ok = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo (coreutils)");
    assert!(ok.success());
    // Opening it for reading would block forever: the check comes first.
    assert_eq!(read_file(&fifo.display().to_string()).unwrap_err().code, ErrorCode::InvalidInput);
}

#[test]
fn missing_file_is_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let b = Backend::open(dir.path()).unwrap();
    let req = VerifyFileRequest { path: dir.path().join("nope.pdf").display().to_string(), check_date: None };
    assert_eq!(b.verify_file(&req).unwrap_err().code, ErrorCode::Io);
}

/// The app's list is the service's overview at the backend's date: the same
/// status, demo mark and grouping of older copies that `buildcert wallet
/// list` prints (crates/cli/tests/wallet_cmd.rs pins the CLI to the same
/// use-case), at dates that reach more than one status; and the alerts it
/// announces are the service's alerts, which `buildcert alerts` prints.
#[test]
fn the_wallet_list_is_the_services_overview_at_the_backends_date() {
    use crate::types::Verdict;
    use buildcert_wallet::testutil::{day0, issuer, root_hex, text, trust_bytes};
    let day = |n: i64| day0() + chrono::Duration::days(n);
    let mut seen = std::collections::BTreeSet::new();
    let mut alerts_seen = 0;
    for at in [day(40), day(160), day(175)] {
        let dir = tempfile::tempdir().unwrap();
        {
            // Stored while every copy is in its usage period...
            let b = Backend::open_with_clock(dir.path(), Profile::Real, Arc::new(FixedClock::at_noon(day0()))).unwrap();
            b.trust_pin_root(&root_hex(), "test root", true).unwrap();
            let tl = dir.path().join("trust.bctl");
            std::fs::write(&tl, trust_bytes(1, &[issuer().verifying_key()], &[])).unwrap();
            b.trust_import(&tl.display().to_string()).unwrap();
            // Holder 1 twice (the later copy supersedes the first), holder 2 once.
            for t in [text(1, 1, day(-30)), text(1, 2, day0()), text(2, 3, day(-10))] {
                b.wallet_import_text(&t).unwrap();
            }
        }
        // ...and listed by the app at `at`.
        let b = Backend::open_with_clock(dir.path(), Profile::Real, Arc::new(FixedClock::at_noon(at))).unwrap();
        let app: Vec<(String, Verdict, bool, Vec<String>)> = b
            .wallet_list()
            .unwrap()
            .into_iter()
            .map(|e| (e.id, e.verdict, e.demo, e.older_copies.into_iter().map(|o| o.id).collect()))
            .collect();
        let w = b.wallet().unwrap();
        let want: Vec<(String, Verdict, bool, Vec<String>)> = buildcert_service::wallet_overview(&w, &[], at, b.now())
            .unwrap()
            .iter()
            .map(|e| {
                let status = match e.status {
                    buildcert_service::EntryStatus::Valid => Verdict::Valid,
                    buildcert_service::EntryStatus::Warning => Verdict::Warning,
                    buildcert_service::EntryStatus::Invalid => Verdict::Invalid,
                    buildcert_service::EntryStatus::Unverified => Verdict::Unverified,
                };
                (e.detail.summary.id.to_string(), status, e.demo, e.older.iter().map(|o| o.id.to_string()).collect())
            })
            .collect();
        assert_eq!(app, want, "at {at}");
        assert_eq!(app.len(), 2, "two people, the older copy folded under its current one");
        assert!(app.iter().any(|(_, _, _, older)| older.len() == 1));
        let demo = app.iter().all(|(_, _, demo, _)| *demo);
        seen.extend(app.into_iter().map(|(_, v, _, _)| v.as_str()));
        // The same alerts: what the app announces is the service's alerts at
        // that date (the ones `buildcert alerts` prints), none announced yet.
        let service_alerts = buildcert_service::status::alerts(&w, at, b.now()).unwrap();
        drop(w); // the backend takes the wallet's lock itself
        let mut want = notifications(&service_alerts, false);
        // This test's root is pinned as a demo root: every reminder says so.
        assert!(demo);
        want.iter_mut().for_each(|n| n.title.insert_str(0, "【演示】"));
        assert_eq!(b.take_new_notifications().unwrap(), want, "at {at}");
        alerts_seen += service_alerts.len();
    }
    assert!(seen.len() >= 2, "{seen:?}");
    assert!(alerts_seen > 0, "the dates reach alerts, so the comparison is not of empty lists");
}
