//! `buildcert verify --report FILE.pdf`: the inspection record (现场核查记录)
//! of every input of the run, read back from the PDF; the verdicts printed
//! are the same as without it. Fixed dates and a fixed clock
//! (`BUILDCERT_NOW`), never today's.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn vectors() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/vectors")
}

fn root_hex() -> String {
    let cases: serde_json::Value =
        serde_json::from_slice(&std::fs::read(vectors().join("cases.json")).unwrap()).unwrap();
    cases["root_public_key_hex"].as_str().unwrap().to_string()
}

/// 2026-10-01 09:30 in UTC+08:00.
const NOW: &str = "1790818200";

fn verify(data: &Path, extra: &[&str], files: &[&str]) -> Output {
    let tl = vectors().join("trust.bctl");
    let mut c = Command::new(env!("CARGO_BIN_EXE_buildcert"));
    c.env_remove("LANG").env_remove("LC_ALL").env_remove("LC_MESSAGES");
    c.env("BUILDCERT_DATA_DIR", data).env("BUILDCERT_NOW", NOW);
    c.args(["--lang", "zh", "verify", "--at", "2026-10-01", "--trust-list", tl.to_str().unwrap(), "--root-key"]);
    c.arg(root_hex()).args(extra);
    for f in files {
        c.arg(vectors().join(f));
    }
    c.output().unwrap()
}

fn pdf_text(path: &Path) -> String {
    let pages = buildcert_scan::pdf_text(&std::fs::read(path).unwrap(), &buildcert_scan::Limits::default()).unwrap();
    pages.join("\n").chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_record_of_a_run_is_written_and_read_back() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("核查记录.pdf");
    std::fs::write(&report, "an older record is replaced").unwrap();
    let files = ["valid.txt", "bad_signature.txt", "unknown_key.txt"];
    let note = "东门 第二批 batch 2";
    let with = verify(data.path(), &["--report", report.to_str().unwrap(), "--note", note], &files);
    let without = verify(data.path(), &[], &files);
    assert_eq!(with.status.code(), Some(1), "{}", String::from_utf8_lossy(&with.stderr));
    assert_eq!(with.stdout, without.stdout, "--report leaves the verdicts printed as they were");
    assert_eq!(with.stderr, without.stderr);
    let left: Vec<_> = std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 1, "only the record, no temporary file: {left:?}");

    let text = pdf_text(&report);
    assert!(text.contains("现场核查记录（3次核查）"), "{text}");
    assert!(text.contains("共3次核查：有效1，有效（需注意）0，无效2，无法读取0，未验证0"), "{text}");
    for f in files {
        assert!(text.contains(f), "{f}: {text}");
    }
    // The check time (the run's clock), the trust list, the note.
    assert!(text.contains("2026-10-0109:30"), "{text}");
    assert!(text.contains("信任列表：第") && text.contains("发布于2026-01-01"), "{text}");
    let note_squeezed: String = note.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(text.contains(&note_squeezed), "{text}");
    assert!(text.contains("签名无效") && text.contains("Signatureinvalid"), "the reasons: {text}");
    // The ID number as the printed verdict shows it (masked), never in full.
    let printed = String::from_utf8(without.stdout).unwrap();
    let masked = printed.lines().find(|l| l.contains("身份号码")).unwrap().split_whitespace().last().unwrap();
    assert!(masked.starts_with("**************"), "{masked}");
    assert!(text.contains(masked), "{masked}: {text}");
    let json = verify(data.path(), &["--json", "--reveal-id"], &["valid.txt"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let full = v["certificate"]["idn"].as_str().unwrap();
    assert!(!full.contains('*') && !text.contains(full), "the full ID number is not on the record");
}

#[test]
fn a_report_that_is_not_a_pdf_is_refused_before_anything_is_checked() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("record.txt");
    let o = verify(data.path(), &["--report", report.to_str().unwrap()], &["valid.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(String::from_utf8_lossy(&o.stderr).contains(".pdf"));
    assert!(!report.exists());
    // --note needs --report.
    let o = verify(data.path(), &["--note", "x"], &["valid.txt"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_record_that_cannot_be_written_makes_the_run_fail_after_the_verdicts() {
    let data = tempfile::tempdir().unwrap();
    let missing = data.path().join("no-such-folder").join("r.pdf");
    let o = verify(data.path(), &["--report", missing.to_str().unwrap()], &["valid.txt"]);
    assert_eq!(o.status.code(), Some(2), "a valid input, but the record was not written");
    assert!(String::from_utf8_lossy(&o.stdout).contains("有效"), "the verdict is printed first");
    assert!(String::from_utf8_lossy(&o.stderr).contains("no-such-folder"));
}
