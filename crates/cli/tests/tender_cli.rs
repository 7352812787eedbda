//! `buildcert tender` through the binary: arguments and exit status. The
//! command's behaviour with certificates is tested in
//! crates/tender/tests/cli_module.rs, which compiles src/tender_cmd.rs.

use std::process::Command;

fn buildcert(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_buildcert")).args(args).env("LANG", "C").output().expect("run buildcert")
}

#[test]
fn help_lists_the_tender_options() {
    let out = buildcert(&["tender", "--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for opt in [
        "--date",
        "--valid-until",
        "--uscc",
        "--company",
        "--role",
        "--report",
        "--json",
        "--save",
        "--list",
        "--recheck",
        "--delete",
        "FILE_OR_DIR",
    ] {
        assert!(help.contains(opt), "{opt} missing from:\n{help}");
    }
}

#[test]
fn wrong_arguments_exit_2() {
    // No inputs, a bad date, no --uscc.
    assert_eq!(buildcert(&["tender", "--date", "2026-10-01", "--uscc", "91110000100000000R"]).status.code(), Some(2));
    assert_eq!(
        buildcert(&["tender", "--date", "2026-13-01", "--uscc", "91110000100000000R", "x.pdf"]).status.code(),
        Some(2)
    );
    assert_eq!(buildcert(&["tender", "--date", "2026-10-01", "x.pdf"]).status.code(), Some(2));
}

#[test]
fn save_list_recheck_delete() {
    let data = tempfile::tempdir().unwrap();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let cases: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixtures.join("vectors/cases.json")).unwrap()).unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_buildcert"))
            .args(args)
            .env("LANG", "C")
            .env("BUILDCERT_DATA_DIR", data.path())
            .output()
            .unwrap()
    };
    let tl = fixtures.join("vectors/trust.bctl");
    let root = cases["root_public_key_hex"].as_str().unwrap();
    assert!(run(&["trust", "import", tl.to_str().unwrap(), "--root-key", root]).status.success());
    let pdf = fixtures.join("official/fullwidth-iso-2spec.pdf");
    // The only certificate is official-format: the role is not covered for real (exit 1), but the run is saved.
    let o = run(&[
        "tender",
        "--date",
        "2026-10-01",
        "--uscc",
        "91320000134567890Y",
        "--role",
        "项目经理=建筑工程",
        "--name",
        "一号标段",
        "--save",
        "--json",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).expect("--save keeps --json one document");
    assert_eq!(r["roles"][0]["unverified_only"], true);
    let o = run(&["tender", "--list", "--json"]);
    assert!(o.status.success());
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(
        (list[0]["id"].as_i64(), list[0]["name"].as_str(), list[0]["passed"].as_bool()),
        (Some(1), Some("一号标段"), Some(false))
    );
    // Re-checked at a later date without the file: usage period over.
    let o = run(&["tender", "--recheck", "1", "--date", "2027-03-01", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(r["rows"][0]["reasons"].as_array().unwrap().iter().any(|x| x["code"] == "usage_expired"), "{r}");
    assert!(run(&["tender", "--delete", "1"]).status.success());
    assert_eq!(run(&["tender", "--recheck", "1"]).status.code(), Some(2));
    assert_eq!(run(&["tender", "--delete", "1"]).status.code(), Some(2));
    // --list with files is a usage error.
    assert_eq!(run(&["tender", "--list", pdf.to_str().unwrap()]).status.code(), Some(2));
}
