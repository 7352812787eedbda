//! The CLI's `tender` module driven through the library: argument parsing,
//! exit status, reports. The binary's own tests are tests/tender_cli.rs.
//! (This file was crates/tender/tests/cli_module.rs, which compiled
//! crates/cli/src/tender_cmd.rs in through `#[path]`.)

use buildcert_bc1::date::{cst_midnight, parse_date};
use buildcert_bc1::{build_certificate, encode, testkit, Lang, TrustList};
use buildcert_cli::tender_cmd;
use clap::Parser;

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    args: tender_cmd::TenderArgs,
}

fn parse(argv: &[&str]) -> Result<tender_cmd::TenderArgs, clap::Error> {
    Cli::try_parse_from(std::iter::once("tender").chain(argv.iter().copied())).map(|c| c.args)
}

fn setup() -> (TrustList, String, i64) {
    let root = testkit::seed_key("root-public");
    let issuer = testkit::seed_key("issuer-public");
    let trust =
        TrustList::decode_verified(&testkit::trust_list(&root, &issuer.verifying_key(), 1), &[root.verifying_key()])
            .unwrap();
    let text = encode(&build_certificate(&testkit::sample_request()).unwrap(), &issuer);
    (trust, text, cst_midnight(parse_date("2026-10-01").unwrap()) + 3600)
}

#[test]
fn exit_status_follows_role_coverage() {
    let (trust, text, now) = setup();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), &text).unwrap();
    let uscc = testkit::uscc("91110000100000000");
    let d = dir.path().to_str().unwrap();
    let csv = dir.path().join("out.csv");
    let xlsx = dir.path().join("out.xlsx");
    let a = parse(&[
        "--date",
        "2026-10-01",
        "--uscc",
        &uscc,
        "--role",
        "项目经理=建筑工程",
        "--report",
        csv.to_str().unwrap(),
        "--report",
        xlsx.to_str().unwrap(),
        d,
    ])
    .unwrap();
    assert_eq!(tender_cmd::run(a, Lang::Zh, now, Some(trust.clone())), 0);
    assert!(std::fs::read(&csv).unwrap().starts_with(&[0xEF, 0xBB, 0xBF]));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    // A role nobody covers: 1.
    let a = parse(&["--date", "2026-10-01", "--uscc", &uscc, "--role", "技术负责人=机电工程", "--json", d]).unwrap();
    assert_eq!(tender_cmd::run(a, Lang::En, now, Some(trust.clone())), 1);
    // After the usage period: 1.
    let a = parse(&["--date", "2027-03-01", "--uscc", &uscc, "--role", "项目经理=建筑工程", d]).unwrap();
    assert_eq!(tender_cmd::run(a, Lang::Zh, now, Some(trust.clone())), 1);
    // Wrong arguments and no trust list: 2.
    let a = parse(&["--date", "2026-10-01", "--uscc", "123", d]).unwrap();
    assert_eq!(tender_cmd::run(a, Lang::Zh, now, Some(trust.clone())), 2);
    let a = parse(&["--date", "2026-10-01", "--uscc", &uscc, "--role", "项目经理", d]).unwrap();
    assert_eq!(tender_cmd::run(a, Lang::Zh, now, Some(trust.clone())), 2);
    let a = parse(&["--date", "2026-10-01", "--uscc", &uscc, "--report", "x.doc", d]).unwrap();
    assert_eq!(tender_cmd::run(a, Lang::Zh, now, Some(trust.clone())), 2);
    let a = parse(&["--date", "2026-10-01", "--uscc", &uscc, d]).unwrap();
    assert_eq!(tender_cmd::run(a, Lang::Zh, now, None), 2);
    assert!(parse(&["--date", "2026-13-01", "--uscc", &uscc, d]).is_err());
    assert!(parse(&["--date", "2026-10-01", "--uscc", &uscc]).is_err(), "inputs are required");
}

#[test]
fn csv_encoding_flag() {
    let (trust, text, now) = setup();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), &text).unwrap();
    let uscc = testkit::uscc("91110000100000000");
    let d = dir.path().to_str().unwrap();
    let utf8 = dir.path().join("utf8.csv");
    let gb = dir.path().join("gb.csv");
    let base = ["--date", "2026-10-01", "--uscc", &uscc, "--name", "示范项目", "--role", "项目经理=建筑工程"];
    let a = parse(&[&base[..], &["--report", utf8.to_str().unwrap(), d]].concat()).unwrap();
    assert_eq!(a.csv_encoding, tender_cmd::CsvEncodingArg::Utf8, "utf8 is the default");
    assert_eq!(tender_cmd::run(a, Lang::Zh, now, Some(trust.clone())), 0);
    let a = parse(&[&base[..], &["--csv-encoding", "gb18030", "--report", gb.to_str().unwrap(), d]].concat()).unwrap();
    assert_eq!(tender_cmd::run(a, Lang::Zh, now, Some(trust.clone())), 0);
    let utf8 = std::fs::read(&utf8).unwrap();
    assert!(utf8.starts_with(&[0xEF, 0xBB, 0xBF]));
    let gb_bytes = std::fs::read(&gb).unwrap();
    assert!(!gb_bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "no BOM in GB18030");
    let o = std::process::Command::new("python3")
        .args(["-c", "import sys;print(open(sys.argv[1],encoding='gb18030').read())"])
        .arg(&gb)
        .output()
        .expect("python3 must be installed");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let back = String::from_utf8(o.stdout).unwrap();
    assert!(back.contains("投标核查报告") && back.contains("示范项目"), "{back}");
    // Same text as the UTF-8 report (Python's universal newlines turned CRLF into LF; print added one).
    let want = String::from_utf8(utf8[3..].to_vec()).unwrap().replace("\r\n", "\n") + "\n";
    assert_eq!(back, want);
    assert!(parse(&[&base[..], &["--csv-encoding", "gbk", d]].concat()).is_err());
}
