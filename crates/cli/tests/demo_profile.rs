//! The demo as `make demo-data` / `make run` install it (`buildcert demo
//! install`): it lives in its own profile, every verdict there says DEMO,
//! and nothing signed with a key derivable from the code is ever valid.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use buildcert_bc1::date::{cst_midnight, parse_date};
use buildcert_bc1::{build_certificate, encode, SigningKey};
use sha2::{Digest, Sha256};

const TODAY: &str = "2026-11-25";

fn run(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_buildcert"))
        .args(args)
        .env("LANG", "C")
        .env_remove("BUILDCERT_PROFILE")
        .env("BUILDCERT_DATA_DIR", data)
        .output()
        .expect("run buildcert")
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}\n{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
    })
}

fn install(data: &Path) -> PathBuf {
    let o = run(data, &["demo", "install", "--today", TODAY]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let dir = PathBuf::from(String::from_utf8_lossy(&run(data, &["demo", "path"]).stdout).trim());
    assert!(dir.starts_with(data) && dir != data);
    dir.join("set")
}

/// A certificate for an invented person at an invented company, signed with
/// a key anyone can derive from a constant in the code.
fn forged(dir: &Path, key: &SigningKey, n: usize) -> PathBuf {
    let mut req = buildcert_bc1::testkit::sample_request();
    req.name = "冒名者".into();
    req.emp = "虚构建设有限公司".into();
    req.iat = cst_midnight(parse_date("2026-11-20").unwrap()) + 3600;
    let text = encode(&build_certificate(&req).unwrap(), key);
    let p = dir.join(format!("forged-{n}.txt"));
    std::fs::write(&p, text).unwrap();
    p
}

fn derivable_keys() -> Vec<SigningKey> {
    let old = |seed: u64, role: &str| {
        SigningKey::from_bytes(&Sha256::digest(format!("buildcert-demo-key|{seed}|{role}").as_bytes()).into())
    };
    vec![
        old(1, "issuer"),
        old(1, "root"),
        buildcert_issuer::demo_keys(1).issuer,
        buildcert_bc1::testkit::seed_key("issuer-public"),
    ]
}

#[test]
fn forged_certificates_are_never_valid_on_a_machine_with_the_demo_installed() {
    let data = tempfile::tempdir().unwrap();
    install(data.path());
    let work = tempfile::tempdir().unwrap();
    for (n, key) in derivable_keys().iter().enumerate() {
        let f = forged(work.path(), key, n);
        let f = f.to_str().unwrap();
        // The real profile has no trust list at all: an error, never valid.
        let o = run(data.path(), &["verify", "--json", "--at", TODAY, f]);
        assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stdout));
        assert!(!String::from_utf8_lossy(&o.stdout).contains("\"valid\""));
        // The demo profile does not know the key either.
        let o = run(data.path(), &["--profile", "demo", "verify", "--json", "--at", TODAY, f]);
        assert_eq!(o.status.code(), Some(1));
        let v = json(&o);
        assert_eq!(v["status"], "invalid");
        assert_eq!(v["reasons"][0]["code"], "unknown_key");
        for profile in [&[][..], &["--profile", "demo"][..]] {
            let mut args: Vec<&str> = profile.to_vec();
            args.extend(["tender", "--json", "--date", TODAY, "--uscc", "91110000100000000R"]);
            args.extend(["--role", "项目经理=建筑工程", f]);
            let o = run(data.path(), &args);
            assert_ne!(o.status.code(), Some(0), "tender passed a forged certificate");
            if let Ok(r) = serde_json::from_slice::<serde_json::Value>(&o.stdout) {
                assert_eq!(r["passed"], false);
            }
        }
    }
}

/// Every ID-number-like run in `text` (18 of 0-9, X, *) is masked to its
/// last 4 characters: shown beside the birth date, a mask must leave at
/// least 10,000 numbers open (the count is in bc1's rules tests).
fn assert_ids_masked(what: &str, text: &str) {
    let chars: Vec<char> = text.chars().collect();
    let ok = |c: char| c.is_ascii_digit() || c == 'X' || c == '*';
    let mut i = 0;
    let mut seen = 0;
    while i < chars.len() {
        if !ok(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && ok(chars[i]) {
            i += 1;
        }
        let run: String = chars[start..i].iter().collect();
        if run.len() == 18 && run.contains('*') {
            seen += 1;
            assert!(run.starts_with("**************"), "{what}: {run} shows more than the last 4");
        }
        // A full ID number: 17 digits with a birth date at 7–14 (a USCC has none).
        let full_id = run.len() == 18
            && run.chars().take(17).all(|c| c.is_ascii_digit())
            && (run[6..8] == *"19" || run[6..8] == *"20")
            && matches!(run[10..12].parse::<u32>(), Ok(1..=12));
        assert!(!full_id, "{what}: full ID {run}");
    }
    assert!(seen > 0, "{what}: no masked ID at all");
}

#[test]
fn every_output_of_the_demo_profile_says_demo_and_the_real_profile_stays_empty() {
    let data = tempfile::tempdir().unwrap();
    let set = install(data.path());
    let valid = set.join("certs/01-valid.pdf");
    let valid = valid.to_str().unwrap();
    let o = run(data.path(), &["--profile", "demo", "verify", "--json", "--at", TODAY, valid]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v = json(&o);
    assert_eq!((v["status"].as_str(), v["demo"].as_bool()), (Some("valid"), Some(true)));
    assert!(v["certificate"]["dob"].is_string());
    assert_ids_masked("verify --json", &String::from_utf8_lossy(&o.stdout));
    assert!(v["demo_notice"].as_str().unwrap().contains("DEMO"));
    // Human output, both languages.
    let o = run(data.path(), &["--profile", "demo", "--lang", "zh", "verify", "--at", TODAY, valid]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.lines().next().unwrap().contains("【演示】"), "{text}");
    assert_ids_masked("verify (zh)", &text);
    let o = run(data.path(), &["--profile", "demo", "--lang", "en", "verify", "--at", TODAY, valid]);
    assert!(String::from_utf8_lossy(&o.stdout).lines().next().unwrap().contains("[DEMO]"));
    // The same file in the real profile: no trust list, so no verdict at all.
    let o = run(data.path(), &["verify", "--json", "--at", TODAY, valid]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("\"valid\""));
    // A tender of the valid demo certificate: demo per row and overall, reports marked.
    let uscc = v["certificate"]["uscc"].as_str().unwrap().to_string();
    let out = tempfile::tempdir().unwrap();
    let csv = out.path().join("team.csv");
    let o = run(
        data.path(),
        &[
            "--profile",
            "demo",
            "--lang",
            "zh",
            "tender",
            "--json",
            "--date",
            TODAY,
            "--uscc",
            &uscc,
            "--role",
            &format!("项目经理={}", v["certificate"]["spec"][0]["n"].as_str().unwrap()),
            "--report",
            csv.to_str().unwrap(),
            valid,
        ],
    );
    let r = json(&o);
    assert_eq!(r["demo"], true, "{r}");
    assert_ids_masked("tender --json", &String::from_utf8_lossy(&o.stdout));
    assert!(r["rows"].as_array().unwrap().iter().all(|row| row["demo"] == true));
    let csv = std::fs::read_to_string(&csv).unwrap();
    assert!(csv.contains("演示 DEMO") && !csv.contains("结论：✓ 通过"), "{csv}");
    assert_ids_masked("tender CSV", &csv);
    let o = run(data.path(), &["--profile", "demo", "wallet", "list", "--json"]);
    assert_ids_masked("wallet list --json", &String::from_utf8_lossy(&o.stdout));
    let o = run(data.path(), &["--profile", "demo", "--lang", "zh", "wallet", "list"]);
    assert_ids_masked("wallet list", &String::from_utf8_lossy(&o.stdout));
    // The human tender summary never says a plain 通过.
    let o = run(data.path(), &["--profile", "demo", "--lang", "zh", "tender", "--date", TODAY, "--uscc", &uscc, valid]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("演示") && !text.contains("结论：✓ 通过"), "{text}");
    // The real profile: nothing pinned, nothing stored.
    let o = run(data.path(), &["trust", "show", "--json"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(data.path(), &["wallet", "list", "--json"]);
    assert!(o.status.success());
    assert!(!String::from_utf8_lossy(&o.stdout).contains("演示"));
    // Removing the demo leaves the real profile.
    assert!(run(data.path(), &["demo", "remove"]).status.success());
    assert!(!set.exists());
    assert!(data.path().join(buildcert_wallet::DB_FILE).is_file());
}

#[test]
fn pinning_a_demo_root_as_real_needs_the_fingerprint() {
    let data = tempfile::tempdir().unwrap();
    let set = install(data.path());
    let root = std::fs::read_to_string(set.join("root.pub.hex")).unwrap();
    let root = root.trim();
    // In the real profile, a root pinned as demo …
    assert!(run(data.path(), &["trust", "pin", root, "--label", "演示", "--demo"]).status.success());
    // … stays demo when pinned again without the flag …
    let o = run(data.path(), &["trust", "pin", root, "--label", "正式"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--confirm-not-demo"), "{err}");
    let fp = hex::encode(Sha256::digest(hex::decode(root).unwrap()));
    assert!(err.contains(&fp), "the refusal shows the fingerprint: {err}");
    // … until its fingerprint is confirmed.
    let o = run(data.path(), &["trust", "pin", root, "--label", "正式", "--confirm-not-demo", &fp]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The demo profile's list is demo whatever is pinned there.
    let o = run(data.path(), &["--profile", "demo", "trust", "show", "--json"]);
    assert_eq!(json(&o)["demo"], true);
}
