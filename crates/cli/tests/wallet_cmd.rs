//! `buildcert wallet …` and `buildcert alerts`, driven through the command
//! module itself (it only uses library crates, so the test compiles it in).

#[path = "../src/wallet_cmd.rs"]
#[allow(dead_code)]
mod wallet_cmd;

use buildcert_bc1::Lang;
use buildcert_wallet::testutil::{day0, issuer, root_hex, text, trust_bytes};
use buildcert_wallet::{ListFilter, Wallet};
use clap::Parser;
use wallet_cmd::{run_alerts, run_wallet, AlertsArgs, WalletCommand};

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
    assert_eq!(run(dir.path(), &["wallet", "settings", "--set", "inspector_log=on", "--set", "usage_reminder_days=14,3"]), 0);
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
