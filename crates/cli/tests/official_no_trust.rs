//! Reading an official-format (non-BC1) PDF never depends on a trust list:
//! on a machine with none it is `unverified`, exit 3, with the fields read,
//! as on a machine with one. A BC1 text with no trust list is still an error.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_buildcert"));
    c.env_remove("LANG").env_remove("LC_ALL").env_remove("LC_MESSAGES");
    c
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn run(data: &Path, args: &[&str]) -> Output {
    bin().env("BUILDCERT_DATA_DIR", data).args(args).output().unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_str(String::from_utf8(o.stdout.clone()).unwrap().lines().next().unwrap()).unwrap()
}

#[test]
fn official_pdf_with_no_trust_list_is_unverified_with_its_fields() {
    let empty = tempfile::tempdir().unwrap();
    let pdf = fixtures().join("official/fullwidth-iso-2spec.pdf");
    let o = run(empty.path(), &["verify", "--json", "--at", "2026-11-25", pdf.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3), "{}", String::from_utf8_lossy(&o.stderr));
    let v = json(&o);
    assert_eq!(v["status"], "unverified", "{v}");
    assert!(v["certificate"].is_null());
    assert_eq!(v["official"]["verdict"]["status"], "unverified", "{v}");

    // The same fields as on a machine with a trust list.
    let cases: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixtures().join("vectors/cases.json")).unwrap()).unwrap();
    let tl = fixtures().join("vectors/trust.bctl");
    let with = tempfile::tempdir().unwrap();
    let o2 = run(
        with.path(),
        &[
            "verify",
            "--json",
            "--at",
            "2026-11-25",
            "--trust-list",
            tl.to_str().unwrap(),
            "--root-key",
            cases["root_public_key_hex"].as_str().unwrap(),
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(o2.status.code(), Some(3));
    let w = json(&o2);
    assert_eq!(v["official"], w["official"]);
    assert_eq!(v["reasons"], w["reasons"]);
    assert!(v["official"]["fields"]["name"].as_str().unwrap().chars().count() >= 2, "{v}");

    // Human output too.
    let o = run(empty.path(), &["--lang", "en", "verify", "--at", "2026-11-25", pdf.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!String::from_utf8_lossy(&o.stderr).contains("No trust list"));
}

#[test]
fn bc1_text_with_no_trust_list_is_still_an_error() {
    let empty = tempfile::tempdir().unwrap();
    let txt = fixtures().join("vectors/valid.txt");
    let o = run(empty.path(), &["--lang", "en", "verify", "--json", "--at", "2026-10-01", txt.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("No trust list installed"), "{o:?}");
}
