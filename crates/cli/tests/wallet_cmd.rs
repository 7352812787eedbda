//! `buildcert wallet …` and `buildcert alerts`, driven through the command
//! module of the CLI's library.

use buildcert_bc1::Lang;
use buildcert_cli::wallet::{run_alerts, run_wallet, AlertsArgs, WalletCommand};
use buildcert_wallet::testutil::{day0, issuer, root_hex, text, trust_bytes};
use buildcert_wallet::{ListFilter, Wallet};
use clap::Parser;

const NOW: i64 = 1_790_000_000; // 2026-09-21

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    cmd: Top,
}

#[derive(clap::Subcommand)]
enum Top {
    #[command(subcommand)]
    Wallet(WalletCommand),
    Alerts(AlertsArgs),
}

fn run(dir: &std::path::Path, args: &[&str]) -> i32 {
    let mut argv = vec!["buildcert"];
    argv.extend_from_slice(args);
    match Cli::try_parse_from(argv).expect("arguments parse").cmd {
        Top::Wallet(c) => run_wallet(c, dir, Lang::En, NOW),
        Top::Alerts(a) => run_alerts(a, dir, Lang::Zh, NOW),
    }
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let w = Wallet::open(dir.path()).unwrap();
    w.pin_root(&root_hex(), "demo", true).unwrap();
    w.import_trust_list(&trust_bytes(1, &[issuer().verifying_key()], &[]), &[], NOW).unwrap();
    dir
}

#[test]
fn import_list_show_export_remove() {
    let dir = setup();
    let f1 = dir.path().join("a.txt");
    std::fs::write(&f1, text(1, 1, day0())).unwrap();
    let f2 = dir.path().join("b.txt");
    std::fs::write(&f2, "BC1:NOTREALLY").unwrap();
    let (p1, p2) = (f1.to_str().unwrap(), f2.to_str().unwrap());
    // One stored, one refused: exit 1.
    assert_eq!(run(dir.path(), &["wallet", "import", p1, p2, "--json"]), 1);
    assert_eq!(run(dir.path(), &["wallet", "import", p1]), 0, "already present is fine");
    assert_eq!(run(dir.path(), &["wallet", "import", "/no/such/file"]), 2);
    assert_eq!(run(dir.path(), &["wallet", "list"]), 0);
    assert_eq!(run(dir.path(), &["wallet", "list", "--json", "-s", "张伟", "--all"]), 0);
    assert_eq!(run(dir.path(), &["wallet", "show", "1", "--json"]), 0);
    assert_eq!(run(dir.path(), &["wallet", "show", "0000000000000001"]), 0);
    assert_eq!(run(dir.path(), &["wallet", "show", "999"]), 2);
    let out = dir.path().join("orig.txt");
    assert_eq!(run(dir.path(), &["wallet", "export", "1", "--out", out.to_str().unwrap()]), 0);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text(1, 1, day0()));
    let ics = dir.path().join("r.ics");
    assert_eq!(run(dir.path(), &["wallet", "export", "--ics", ics.to_str().unwrap(), "--json"]), 0);
    assert!(std::fs::read_to_string(&ics).unwrap().contains("BEGIN:VEVENT"));
    assert_eq!(run(dir.path(), &["wallet", "export"]), 2);
    assert_eq!(run(dir.path(), &["wallet", "remove", "--all"]), 2, "needs --yes");
    assert_eq!(run(dir.path(), &["wallet", "remove", "1", "--json"]), 0);
    assert_eq!(Wallet::open(dir.path()).unwrap().count().unwrap(), 0);
}

#[test]
fn alerts_at_a_date_and_announced_once() {
    let dir = setup();
    let f = dir.path().join("a.txt");
    std::fs::write(&f, text(2, 2, day0())).unwrap();
    assert_eq!(run(dir.path(), &["wallet", "import", f.to_str().unwrap(), "--at", "2026-09-02"]), 0);
    // 2027-02-20: 7 days before use.to — a warning, exit 0.
    assert_eq!(run(dir.path(), &["alerts", "--at", "2027-02-20"]), 0);
    assert_eq!(run(dir.path(), &["alerts", "--at", "2027-02-20", "--new", "--json"]), 0);
    let w = Wallet::open(dir.path()).unwrap();
    assert!(w.take_new_alerts(buildcert_bc1::date::parse_date("2027-02-20").unwrap(), NOW).unwrap().is_empty());
    // After use.to: usage_expired is an error — exit 1.
    assert_eq!(run(dir.path(), &["alerts", "--at", "2027-03-01"]), 1);
    assert_eq!(run(dir.path(), &["alerts", "--at", "someday"]), 2);
}

#[test]
fn settings_log_backup_restore() {
    let dir = setup();
    assert_eq!(
        run(dir.path(), &["wallet", "settings", "--set", "inspector_log=on", "--set", "usage_reminder_days=14,3"]),
        0
    );
    assert_eq!(run(dir.path(), &["wallet", "settings", "--set", "renewal_window_days=0"]), 2);
    let w = Wallet::open(dir.path()).unwrap();
    assert!(w.settings().unwrap().inspector_log);
    assert_eq!(w.settings().unwrap().usage_reminder_days, vec![14, 3]);
    w.log_verification(NOW, "valid", &[], Some("l"), Some("王芳")).unwrap();
    assert_eq!(run(dir.path(), &["wallet", "log", "--json"]), 0);
    let f = dir.path().join("a.txt");
    std::fs::write(&f, text(3, 3, day0())).unwrap();
    assert_eq!(run(dir.path(), &["wallet", "import", f.to_str().unwrap()]), 0);
    let b = dir.path().join("w.bcbackup");
    assert_eq!(run(dir.path(), &["wallet", "backup", b.to_str().unwrap()]), 0);
    assert_eq!(run(dir.path(), &["wallet", "log", "--clear"]), 0);
    assert_eq!(run(dir.path(), &["wallet", "remove", "--all", "--yes"]), 0);
    assert_eq!(run(dir.path(), &["wallet", "restore", b.to_str().unwrap()]), 2, "needs --yes");
    assert_eq!(Wallet::open(dir.path()).unwrap().count().unwrap(), 0);
    assert_eq!(run(dir.path(), &["wallet", "restore", b.to_str().unwrap(), "--yes"]), 0);
    let w = Wallet::open(dir.path()).unwrap();
    assert_eq!(w.list(&ListFilter::default()).unwrap().len(), 1);
    assert_eq!(w.log_entries().unwrap().len(), 1);
    std::fs::write(&b, b"not a backup").unwrap();
    assert_eq!(run(dir.path(), &["wallet", "restore", b.to_str().unwrap(), "--yes"]), 1);
}

#[test]
fn damaged_wallet_is_reported_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(buildcert_wallet::DB_FILE), vec![7u8; 8192]).unwrap();
    assert_eq!(run(dir.path(), &["wallet", "list", "--json"]), 2);
    assert_eq!(std::fs::read(dir.path().join(buildcert_wallet::DB_FILE)).unwrap(), vec![7u8; 8192]);
}

fn official_fixture(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/official")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

#[test]
fn official_pdf_is_stored_only_when_confirmed() {
    let dir = setup();
    let pdf = official_fixture("fullwidth-iso-2spec.pdf");
    let w = || Wallet::open(dir.path()).unwrap();
    // Shown, not stored: exit 1.
    assert_eq!(run(dir.path(), &["wallet", "import", &pdf]), 1);
    assert_eq!(run(dir.path(), &["wallet", "import", &pdf, "--json", "--set", "employer=上海城建示范集团"]), 1);
    assert_eq!(w().count().unwrap(), 0);
    // A bad --set is a usage error before anything is read.
    assert_eq!(run(dir.path(), &["wallet", "import", &pdf, "--set", "colour=blue", "--confirm"]), 2);
    assert_eq!(run(dir.path(), &["wallet", "import", &pdf, "--set", "dob=1985-02-30", "--confirm"]), 2);
    assert_eq!(w().count().unwrap(), 0);
    // Confirmed as read.
    assert_eq!(run(dir.path(), &["wallet", "import", &pdf, "--confirm"]), 0);
    let list = w().list(&ListFilter::default()).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].kind.as_str(), list[0].holder_name.as_str()), ("official", "李四"));
    assert_eq!(list[0].trust_state, buildcert_wallet::TrustState::OfficialUnverified);
    let e = w().official_entry(list[0].id).unwrap();
    assert!(e.edited.is_empty(), "{:?}", e.edited);
    assert_eq!(w().original_file(list[0].id).unwrap().1, std::fs::read(&pdf).unwrap());
    // Again: already there, exit 0; show works and is not a verification.
    assert_eq!(run(dir.path(), &["wallet", "import", &pdf, "--confirm"]), 0);
    assert_eq!(w().count().unwrap(), 1);
    assert_eq!(run(dir.path(), &["wallet", "show", &list[0].id.to_string(), "--json"]), 0);
}

#[test]
fn official_pdf_with_a_corrected_field() {
    let dir = setup();
    let pdf = official_fixture("fullwidth-iso-2spec.pdf");
    assert_eq!(
        run(
            dir.path(),
            &["wallet", "import", &pdf, "--set", "employer=江苏某某建设集团有限公司南京分公司", "--confirm"]
        ),
        0
    );
    let w = Wallet::open(dir.path()).unwrap();
    let id = w.list(&ListFilter::default()).unwrap()[0].id;
    let e = w.official_entry(id).unwrap();
    assert_eq!(e.employer, "江苏某某建设集团有限公司南京分公司");
    assert_eq!(e.edited, vec![buildcert_official::Field::Employer]);
    // A wrong field is refused with exit 1 and nothing stored.
    let pdf2 = official_fixture("ascii-short-1spec.pdf");
    assert_eq!(run(dir.path(), &["wallet", "import", &pdf2, "--set", "reg=京123", "--confirm"]), 1);
    assert_eq!(w.count().unwrap(), 1);
}

#[test]
fn image_only_scan_needs_every_field() {
    let dir = setup();
    let scan = official_fixture("scan-image-only.pdf");
    assert_eq!(run(dir.path(), &["wallet", "import", &scan, "--confirm"]), 1, "nothing could be read");
    let w = Wallet::open(dir.path()).unwrap();
    assert_eq!(w.count().unwrap(), 0);
    let uscc = format!("91320000134567890{}", buildcert_bc1::rules::uscc_check_char("91320000134567890").unwrap());
    let sets = [
        "name=李四".to_string(),
        "sex=女".into(),
        "dob=1985年3月9日".into(),
        "reg=苏1320180123456789".into(),
        "employer=江苏某某建设集团有限公司".into(),
        format!("uscc={uscc}"),
        "idn=3201**********002X".into(),
        "specialties=建筑工程:2024-01-01:2026-12-31;机电工程:2025-02-03:2028-02-02".into(),
        "issued=2026-09-01".into(),
        "use_from=2026-09-01".into(),
        "use_to=2027-02-27".into(),
    ];
    let mut args = vec!["wallet", "import", scan.as_str(), "--confirm"];
    for s in &sets {
        args.push("--set");
        args.push(s);
    }
    assert_eq!(run(dir.path(), &args), 0);
    let list = w.list(&ListFilter::default()).unwrap();
    assert_eq!(list.len(), 1);
    let e = w.official_entry(list[0].id).unwrap();
    assert_eq!(e.specialties.len(), 2);
    assert_eq!(e.edited.len(), buildcert_official::Field::ALL.len(), "typed by hand: every field edited");
}

/// The rules the app follows too (`buildcert_service`): a restore keeps this
/// computer's verification log switch, the log file starts with a UTF-8
/// BOM, and "warn from N days" is the largest usage reminder.
#[test]
fn the_command_line_follows_the_app_rules() {
    let dir = setup();
    assert_eq!(run(dir.path(), &["wallet", "settings", "--set", "inspector_log=on"]), 0);
    let w = Wallet::open(dir.path()).unwrap();
    w.log_verification(NOW, "valid", &[], Some("l"), Some("王芳")).unwrap();
    drop(w);
    let b = dir.path().join("w.bcbackup");
    assert_eq!(run(dir.path(), &["wallet", "backup", b.to_str().unwrap()]), 0);
    assert_eq!(run(dir.path(), &["wallet", "settings", "--set", "inspector_log=off"]), 0);
    assert_eq!(run(dir.path(), &["wallet", "restore", b.to_str().unwrap(), "--yes"]), 0);
    let w = Wallet::open(dir.path()).unwrap();
    assert!(!w.settings().unwrap().inspector_log, "a backup never turns the log on");
    assert_eq!(w.log_entries().unwrap().len(), 1, "the backup's log came back");

    let csv = dir.path().join("log.csv");
    assert_eq!(run(dir.path(), &["wallet", "export", "--log-csv", csv.to_str().unwrap()]), 0);
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(buildcert_service::CSV_BOM), "no BOM: {:?}", &bytes[..8.min(bytes.len())]);
    assert_eq!(&bytes[3..], w.log_csv().unwrap().as_bytes());

    assert_eq!(run(dir.path(), &["wallet", "settings", "--set", "usage_warning_days=60"]), 0);
    let mut want = buildcert_wallet::Settings::default();
    buildcert_service::settings::set_usage_warning_days(&mut want, 60).unwrap();
    let got = Wallet::open(dir.path()).unwrap().settings().unwrap();
    assert_eq!(got.usage_reminder_days, want.usage_reminder_days);
    assert_eq!(buildcert_service::settings::usage_warning_days(&got), 60);
    assert_eq!(run(dir.path(), &["wallet", "settings", "--set", "usage_warning_days=0"]), 2);
    assert_eq!(Wallet::open(dir.path()).unwrap().settings().unwrap().usage_reminder_days, want.usage_reminder_days);
}

/// `wallet list` and `wallet show` show what the app's list shows: for one wallet, the same
/// date and the same settings, each current copy's status, demo mark and
/// older copies come from `buildcert_service::wallet_overview`, the
/// use-case the app's `wallet_list` maps (src-tauri backend/wallet.rs).
#[test]
fn wallet_list_gives_the_apps_status_and_grouping() {
    let dir = setup();
    let day = |n: i64| day0() + chrono::Duration::days(n);
    // Holder 1 downloaded twice (the later copy supersedes the first), holder 2 once, before NOW.
    for (i, t) in [text(1, 1, day(-30)), text(1, 2, day0()), text(2, 3, day(-10))].iter().enumerate() {
        let f = dir.path().join(format!("{i}.txt"));
        std::fs::write(&f, t).unwrap();
        assert_eq!(run(dir.path(), &["wallet", "import", f.to_str().unwrap()]), 0);
    }
    let cli = |args: &[&str]| -> serde_json::Value {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_buildcert"))
            .env("BUILDCERT_DATA_DIR", dir.path())
            .env("BUILDCERT_NOW", NOW.to_string())
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let list = |at: &str| cli(&["wallet", "list", "--json", "--at", at]);
    // Within the usage periods (180 days from download); both within the
    // reminder days of their end; holder 2's ended (day 170), holder 1's not.
    let mut seen = std::collections::BTreeSet::new();
    let mut alerts_seen = 0;
    for at in [day(40), day(160), day(175)] {
        let got = list(&buildcert_bc1::date::format_date(at));
        let w = Wallet::open(dir.path()).unwrap();
        let want = buildcert_service::wallet_overview(&w, &[], at, NOW).unwrap();
        let got: Vec<(i64, String, bool, Vec<i64>)> = got
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let older = e["older"].as_array().unwrap().iter().map(|o| o["id"].as_i64().unwrap()).collect();
                (
                    e["id"].as_i64().unwrap(),
                    e["status"].as_str().unwrap().to_string(),
                    e["demo"].as_bool().unwrap(),
                    older,
                )
            })
            .collect();
        let want: Vec<(i64, String, bool, Vec<i64>)> = want
            .iter()
            .map(|e| {
                let older = e.older.iter().map(|o| o.id).collect();
                (e.detail.summary.id, e.status.as_str().to_string(), e.demo, older)
            })
            .collect();
        assert_eq!(got, want, "at {at}");
        // `wallet show` of each says the same status.
        for (id, status, demo, _) in &got {
            let shown =
                cli(&["wallet", "show", &id.to_string(), "--json", "--at", &buildcert_bc1::date::format_date(at)]);
            assert_eq!((shown["status"].as_str().unwrap(), shown["demo"].as_bool().unwrap()), (status.as_str(), *demo));
        }
        assert_eq!(got.len(), 2, "two people, the older copy folded under its current one");
        assert!(got.iter().any(|(_, _, _, older)| older.len() == 1));
        seen.extend(got.into_iter().map(|(_, s, _, _)| s));
        // `alerts` prints the service's alerts at that date (the app announces
        // the same ones: src-tauri backend tests). It exits 1 on an error alert.
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_buildcert"))
            .env("BUILDCERT_DATA_DIR", dir.path())
            .env("BUILDCERT_NOW", NOW.to_string())
            .args(["alerts", "--json", "--at", &buildcert_bc1::date::format_date(at)])
            .output()
            .unwrap();
        let printed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let want = buildcert_service::status::alerts(&w, at, NOW).unwrap();
        assert_eq!(printed["alerts"], serde_json::to_value(&want).unwrap(), "at {at}");
        alerts_seen += want.len();
    }
    // The dates above reach more than one status, so the comparison is not of constants.
    assert!(seen.len() >= 2, "{seen:?}");
    assert!(alerts_seen > 0, "and they reach alerts");
}
