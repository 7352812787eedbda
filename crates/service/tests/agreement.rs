//! The agreements that used to drift between the app and the command line,
//! pinned on one wallet, with the same settings and the same date (a fixed
//! clock, never today's):
//!
//! - status: the app's list (`wallet_overview`, what `wallet_list` shows)
//!   and the command line's `wallet show` (`Wallet::show` under
//!   `check_context`, then `entry_status`) say the same of every copy;
//! - grouping: older copies sit under the current copy of the same
//!   registration and holder key, the wallet's rule, also when the holder's
//!   name is spelt differently, and exactly the copies `wallet list --all`
//!   marks superseded are grouped;
//! - alerts: both read the wallet's reminders, and "usage expiring" starts
//!   at the same day as the warning status;
//! - the official-format form: typed in the app or given with `--set`, the
//!   same entry.

use buildcert_bc1::date::parse_date;
use buildcert_bc1::{build_certificate, encode, Code};
use buildcert_service::form::{entry_from_form, form_with_sets};
use buildcert_service::settings::{set_usage_warning_days, usage_warning_days};
use buildcert_service::status::alerts;
use buildcert_service::{
    check_context, entry_status, wallet_overview, Clock, EntryStatus, FixedClock, OfficialForm, OfficialSpecialtyForm,
};
use buildcert_wallet::{testutil, ListFilter, Wallet};
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

/// The check date: 48 and 62 days before the usage ends of the copies (2027-02-27, 2027-03-13).
fn clock() -> FixedClock {
    FixedClock::at_noon(d("2027-01-10"))
}

/// A wallet with the test root and list, holder 1 downloaded twice (the
/// newer copy with the name spelt differently), and holder 2 once.
fn wallet(dir: &std::path::Path) -> Wallet {
    let w = Wallet::open(dir).unwrap();
    w.pin_root(&testutil::root_hex(), "test root", false).unwrap();
    let list = testutil::trust_bytes(1, &[testutil::issuer().verifying_key()], &[]);
    w.import_trust_list(&list, &[], clock().now()).unwrap();
    let tl = w.current_trust_list(&[]).unwrap();
    let ctx = check_context(&w, clock().today(), clock().now()).unwrap();
    let older = testutil::text(1, 1, d("2026-09-01"));
    let mut renamed = testutil::request(1, 2, d("2026-09-15"));
    renamed.name = format!("{}新", renamed.name);
    let newer = encode(&build_certificate(&renamed).unwrap(), &testutil::issuer());
    let other = testutil::text(2, 3, d("2026-09-02"));
    for (name, text) in [("a.txt", older), ("b.txt", newer), ("c.txt", other)] {
        w.import(name, text.as_bytes(), tl.as_ref(), &ctx, false).unwrap();
    }
    w
}

/// What the command line says of one copy: `wallet show` at the date.
fn cli_status(w: &Wallet, id: i64) -> EntryStatus {
    let tl = w.current_trust_list(&[]).unwrap();
    let ctx = check_context(w, clock().today(), clock().now()).unwrap();
    entry_status(&w.show(id, tl.as_ref(), &ctx).unwrap())
}

#[test]
fn status_grouping_and_alerts_agree_under_the_wallets_settings() {
    let dir = tempfile::tempdir().unwrap();
    let w = wallet(dir.path());
    let (today, now) = (clock().today(), clock().now());

    // Default reminders (30, 7, 1): 48 and 62 days left are valid for both.
    let app = wallet_overview(&w, &[], today, now).unwrap();
    assert_eq!(app.len(), 2, "two people, one current copy each");
    for e in &app {
        assert_eq!(e.status, cli_status(&w, e.detail.summary.id));
        assert_eq!(e.status, EntryStatus::Valid);
    }
    assert!(!alerts(&w, today, now).unwrap().iter().any(|a| a.code == Code::UsageExpiring));

    // The app's "warn from 90 days" is the wallet's first reminder: both
    // now say warning, and the reminder is due the same day.
    let mut s = w.settings().unwrap();
    set_usage_warning_days(&mut s, 90).unwrap();
    w.set_settings(&s).unwrap();
    assert_eq!(w.settings().unwrap().thresholds().usage_expiring_days, usage_warning_days(&s));
    let app = wallet_overview(&w, &[], today, now).unwrap();
    for e in &app {
        assert_eq!(e.status, EntryStatus::Warning, "{:?}", e.detail.verdict);
        assert_eq!(e.status, cli_status(&w, e.detail.summary.id));
        assert!(e.detail.verdict.as_ref().unwrap().reasons.iter().any(|r| r.code == Code::UsageExpiring));
    }
    let alerts = alerts(&w, today, now).unwrap();
    assert_eq!(alerts, w.alerts(today, now).unwrap(), "one alert rule");
    for e in &app {
        assert!(
            alerts.iter().any(|a| a.cert_id == e.detail.summary.id && a.code == Code::UsageExpiring),
            "a copy in warning has its usage reminder: {alerts:?}"
        );
    }

    // Grouping: the older copy of holder 1 sits under the renamed newer
    // copy (same registration and holder key), and it is exactly the copy
    // the command line's `wallet list --all` marks superseded.
    let listed = w.list(&ListFilter { query: None, include_superseded: true }).unwrap();
    let superseded: Vec<i64> = listed.iter().filter(|c| c.superseded).map(|c| c.id).collect();
    let grouped: Vec<i64> = app.iter().flat_map(|e| e.older.iter().map(|o| o.id)).collect();
    assert_eq!(grouped, superseded);
    assert_eq!(grouped.len(), 1);
    let holder1 = app.iter().find(|e| !e.older.is_empty()).unwrap();
    assert_ne!(holder1.detail.summary.holder_name, holder1.older[0].holder_name, "names differ, holder key agrees");
    assert_eq!(holder1.detail.summary.registration, holder1.older[0].registration);
    let current: Vec<i64> = listed.iter().filter(|c| !c.superseded).map(|c| c.id).collect();
    assert_eq!(app.iter().map(|e| e.detail.summary.id).collect::<Vec<_>>(), current, "same order, newest first");
}

#[test]
fn an_official_form_typed_in_the_app_or_given_with_set_is_the_same_entry() {
    // The app sends the form as the UI filled it.
    let app_form = OfficialForm {
        name: "王五".into(),
        sex: "女".into(),
        dob: "1985-06-15".into(),
        idn: buildcert_bc1::testkit::idn("11010119850615014").to_lowercase(),
        reg: "京1110020230000001".into(),
        employer: "北京建工示范有限公司".into(),
        uscc: buildcert_bc1::testkit::uscc("91110000100000000").to_lowercase(),
        specialties: vec![OfficialSpecialtyForm {
            name: "建筑工程".into(),
            from: "2023-01-01".into(),
            to: "2028年12月31日".into(),
        }],
        issued: "2026-09-01".into(),
        use_from: "2026-9-1".into(),
        use_to: "2027-02-27".into(),
    };
    // The command line: nothing could be read, every field given with --set.
    let uscc = buildcert_bc1::testkit::uscc("91110000100000000");
    let sets: Vec<String> = [
        "name=王五".to_string(),
        "sex=female".into(),
        "dob=1985年6月15日".into(),
        format!("idn={}", buildcert_bc1::testkit::idn("11010119850615014")),
        "reg=京1110020230000001".into(),
        "employer=北京建工示范有限公司".into(),
        format!("uscc={uscc}"),
        "specialties=建筑工程:2023-01-01:2028-12-31".into(),
        "issued=2026-09-01".into(),
        "use_from=2026-09-01".into(),
        "use-to=2027-2-27".into(),
    ]
    .into();
    let cli_form = form_with_sets(None, &sets).unwrap();
    let now = clock().now();
    let from_app = entry_from_form(&app_form, None, &[], now).unwrap();
    let from_cli = entry_from_form(&cli_form, None, &[], now).unwrap();
    assert_eq!(from_app, from_cli);
    let full = buildcert_bc1::testkit::idn("11010119850615014");
    assert_eq!(from_app.idn.as_deref(), Some(full.as_str()));
    assert!(full.ends_with('X'), "{full}");
    assert_eq!(from_app.sex, buildcert_bc1::Sex::F);

    // And the wallet stores either the same way.
    let dir = tempfile::tempdir().unwrap();
    let w = Wallet::open(dir.path()).unwrap();
    let a = w.add_official(&from_app, None, None, now).unwrap();
    let b = w.add_official(&from_cli, None, None, now).unwrap();
    assert_eq!(a.id, b.id);
    assert!(a.added && !b.added, "the second is the same entry");
}
