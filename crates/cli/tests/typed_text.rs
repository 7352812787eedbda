//! BC1 §2 through the binary: a QR text typed by a keyboard-mode scanner
//! under Caps Lock or a Chinese input method gives the same verdict as the
//! clean text, and the output says it was corrected.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_buildcert"));
    c.env_remove("LANG").env_remove("LC_ALL").env_remove("LC_MESSAGES");
    c
}

fn vectors() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/vectors")
}

fn cases() -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(vectors().join("cases.json")).unwrap()).unwrap()
}

fn verify(data: &Path, case: &serde_json::Value, extra: &[&str], input: &Path) -> Output {
    let tl = vectors().join(case["trust_list"].as_str().unwrap());
    bin()
        .env("BUILDCERT_DATA_DIR", data)
        .args(["verify", "--at", case["at"].as_str().unwrap(), "--trust-list", tl.to_str().unwrap()])
        .args(["--root-key", cases()["root_public_key_hex"].as_str().unwrap()])
        .args(extra)
        .arg(input)
        .output()
        .unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_str(String::from_utf8(o.stdout.clone()).unwrap().lines().next().unwrap()).unwrap()
}

/// As a Chinese input method types it: Base45 punctuation in full width,
/// spaces as ideographic spaces.
fn full_width(t: &str) -> String {
    t.chars()
        .map(|c| match c {
            ':' | '%' | '*' | '.' | '/' | '+' | '-' | '$' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap(),
            ' ' => '\u{3000}',
            c => c,
        })
        .collect()
}

#[test]
fn typed_text_of_every_vector_gives_the_clean_verdict() {
    let data = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    for case in cases()["cases"].as_array().unwrap() {
        let file = vectors().join(case["file"].as_str().unwrap());
        let clean = verify(data.path(), case, &["--json"], &file);
        let want = json(&clean);
        assert!(want.get("typed_text_folded").is_none(), "{file:?}: {want}");
        let text = std::fs::read_to_string(&file).unwrap();
        for (label, typed) in [
            ("caps", text.to_ascii_lowercase()),
            ("ime", full_width(&text)),
            ("both", full_width(&text.to_ascii_lowercase())),
        ] {
            assert_ne!(typed, text);
            let p = tmp.path().join(format!("{label}-{}", case["file"].as_str().unwrap()));
            std::fs::write(&p, format!("{typed}\r\n")).unwrap();
            let o = verify(data.path(), case, &["--json"], &p);
            let got = json(&o);
            assert_eq!(got["status"], want["status"], "{label} {file:?}: {got}");
            assert_eq!(got["reasons"], want["reasons"], "{label} {file:?}");
            assert_eq!(o.status.code(), clean.status.code(), "{label} {file:?}");
            assert_eq!(got["typed_text_folded"], true, "{label} {file:?}: {got}");
        }
    }
}

#[test]
fn caps_lock_text_on_stdin_is_valid_and_the_notice_is_shown() {
    let data = tempfile::tempdir().unwrap();
    let case = cases()["cases"].as_array().unwrap().iter().find(|c| c["file"] == "valid.txt").unwrap().clone();
    let text = std::fs::read_to_string(vectors().join("valid.txt")).unwrap();
    for (lang, notice) in
        [("zh", "扫码枪输入已自动纠正（大写锁定/中文输入法）"), ("en", "scanner input corrected automatically")]
    {
        let tl = vectors().join("trust.bctl");
        let mut child = bin()
            .env("BUILDCERT_DATA_DIR", data.path())
            .args(["--lang", lang, "verify", "--at", case["at"].as_str().unwrap()])
            .args(["--trust-list", tl.to_str().unwrap()])
            .args(["--root-key", cases()["root_public_key_hex"].as_str().unwrap(), "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(format!("{}\r\n", text.trim().to_ascii_lowercase()).as_bytes()).unwrap();
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0));
        let s = String::from_utf8(o.stdout).unwrap();
        assert!(s.starts_with('✓'), "{s}");
        assert!(s.contains(notice), "{s}");
    }
}

#[test]
fn a_clean_text_has_no_notice_and_mixed_case_is_not_folded() {
    let data = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let case = cases()["cases"].as_array().unwrap().iter().find(|c| c["file"] == "valid.txt").unwrap().clone();
    let o = verify(data.path(), &case, &[], &vectors().join("valid.txt"));
    let s = String::from_utf8(o.stdout).unwrap();
    assert!(!s.contains("扫码枪") && !s.contains("scanner input"), "{s}");
    // Lower case with one upper-case letter left is not what Caps Lock does.
    let text = std::fs::read_to_string(vectors().join("valid.txt")).unwrap();
    let mixed = format!(
        "bc1:{}",
        text.trim()["BC1:".len()..].to_ascii_lowercase().replacen(|c: char| c.is_ascii_lowercase(), "Z", 1)
    );
    let p = tmp.path().join("mixed.txt");
    std::fs::write(&p, mixed).unwrap();
    let o = verify(data.path(), &case, &["--json"], &p);
    let v = json(&o);
    assert!(v.get("typed_text_folded").is_none(), "{v}");
    assert_ne!(v["status"], "valid", "{v}");
}
