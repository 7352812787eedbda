//! The inspection record through the backend: every check of the Verify
//! screen is kept, and `record_export` writes the last one or the session
//! as a PDF, read back here. At a fixed date and time (never today's).

use std::path::Path;
use std::sync::Arc;

use buildcert_service::FixedClock;
use buildcert_wallet::Profile;

use super::tests::{day, open_fixed, with_sample};
use super::Backend;
use crate::error::ErrorCode;
use crate::types::{RecordExportRequest, Settings, VerifyFileRequest, VerifyTextRequest};

/// A backend at [`day`] noon trusting the test kit's list under a real (not demo) root.
fn real_backend() -> (tempfile::TempDir, Backend, String) {
    let dir = tempfile::tempdir().unwrap();
    let b = open_fixed(dir.path());
    let (trust, root, text) = buildcert_bc1::testkit::sample();
    b.trust_pin_root(&hex::encode(root.to_bytes()), "test root", false).unwrap();
    let tl = dir.path().join("trust.bctl");
    std::fs::write(&tl, trust).unwrap();
    assert!(!b.trust_import(&tl.display().to_string()).unwrap().trust_list.unwrap().demo);
    (dir, b, text)
}

fn text_req(text: &str) -> VerifyTextRequest {
    VerifyTextRequest { text: text.to_string(), check_date: None }
}

fn export(b: &Backend, path: &Path, note: Option<&str>, session: bool) -> crate::types::RecordExport {
    let req = RecordExportRequest { path: path.display().to_string(), note: note.map(str::to_string), session };
    b.record_export(&req).unwrap()
}

/// The PDF's text without white space (the reader may split lines).
fn read_back(path: &Path) -> String {
    let pages = buildcert_scan::pdf_text(&std::fs::read(path).unwrap(), &buildcert_scan::Limits::default()).unwrap();
    pages.join("\n").chars().filter(|c| !c.is_whitespace()).collect()
}

/// The public vector with one bit of its signature flipped (signed by the
/// test kit's issuer key).
fn tampered() -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/vectors/bad_signature.txt");
    std::fs::read_to_string(p).unwrap()
}

#[test]
fn each_check_is_kept_and_the_record_of_the_last_or_of_all_is_written() {
    let (dir, b, text) = real_backend();
    assert_eq!(b.record_session().checks, 0);
    let none = b.record_export(&RecordExportRequest {
        path: dir.path().join("r.pdf").display().to_string(),
        note: None,
        session: false,
    });
    assert_eq!(none.unwrap_err().code, ErrorCode::InvalidInput, "nothing checked yet");

    let ok = b.verify_text(&text_req(&text)).unwrap();
    assert_eq!(ok.verdict, crate::types::Verdict::Valid);
    let cert = ok.certificate.unwrap();
    let (masked, full) = (cert.id_number, cert.id_number_full);
    assert!(masked.starts_with("**************") && !full.contains('*'));
    let bad = b.verify_text(&text_req(&tampered())).unwrap();
    assert_eq!(bad.verdict, crate::types::Verdict::Invalid);
    let file = dir.path().join("张伟.txt");
    std::fs::write(&file, &text).unwrap();
    let req = VerifyFileRequest { path: file.display().to_string(), check_date: Some("2027-03-01".into()) };
    assert_eq!(b.verify_file(&req).unwrap().verdict, crate::types::Verdict::Invalid, "past its usage period");
    let s = b.record_session();
    assert_eq!((s.checks, s.started.as_str()), (3, "2026-10-01 12:00"));
    assert!(s.suggestion.ends_with(".pdf") && Path::new(&s.suggestion).is_absolute(), "{}", s.suggestion);

    // The last check: the file, expired, at the check date asked for.
    let last = dir.path().join("last");
    let out = export(&b, &last, Some("东门 gate"), false);
    assert_eq!(out.checks, 1);
    assert!(out.path.ends_with("last.pdf"), ".pdf is added: {}", out.path);
    let t = read_back(Path::new(&out.path));
    assert!(t.contains("现场核查记录Inspectionrecord") && t.contains("张伟.txt"), "{t}");
    assert!(t.contains("核查时间：2026-10-0112:00") && t.contains("核验日期2027-03-01"), "{t}");
    assert!(t.contains("使用有效期已过") && t.contains("Usageperiodover"), "{t}");
    assert!(t.contains("东门gate") && t.contains("信任列表：第1版"), "{t}");
    assert!(t.contains(&masked) && !t.contains(&full), "the ID number masked: {t}");
    assert!(!t.contains("演示"), "a real root: no demo mark: {t}");

    // The session: the three checks, in order.
    let all = dir.path().join("session.pdf");
    std::fs::write(&all, "an older file").unwrap();
    assert_eq!(export(&b, &all, None, true).checks, 3);
    let t = read_back(&all);
    assert!(t.contains("共3次核查：有效1，有效（需注意）0，无效2"), "{t}");
    assert!(t.contains("二维码内容（扫码枪、粘贴或输入）") && t.contains("签名无效"), "{t}");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(!left.iter().any(|n| n.to_string_lossy().contains(".tmp")), "{left:?}");

    // With ID masking off in the settings, the record shows the number in full.
    b.set_settings(Settings { mask_id_numbers: false, ..Settings::default() }).unwrap();
    let full_pdf = dir.path().join("full.pdf");
    export(&b, &full_pdf, None, false);
    assert!(read_back(&full_pdf).contains(&full));
}

#[test]
fn a_path_that_is_not_a_full_one_or_is_a_folder_is_refused() {
    let (dir, b, text) = real_backend();
    b.verify_text(&text_req(&text)).unwrap();
    for bad in ["record.pdf".to_string(), dir.path().display().to_string(), "/no/such/folder/r.pdf".to_string()] {
        let e = b.record_export(&RecordExportRequest { path: bad.clone(), note: None, session: true }).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput, "{bad}");
    }
    let long = RecordExportRequest {
        path: dir.path().join("r.pdf").display().to_string(),
        note: Some("字".repeat(buildcert_service::record::MAX_NOTE_CHARS + 1)),
        session: false,
    };
    assert_eq!(b.record_export(&long).unwrap_err().code, ErrorCode::InvalidInput, "a note past the limit");
}

#[test]
fn a_check_under_the_demo_root_says_demo_on_the_record() {
    let (dir, b, text) = with_sample();
    assert!(b.verify_text(&text_req(&text)).unwrap().demo);
    let p = dir.path().join("demo.pdf");
    export(&b, &p, None, false);
    let t = read_back(&p);
    assert!(t.contains("【演示DEMO】现场核查记录") && t.contains("【演示】"), "{t}");
    assert!(t.contains("[DEMO]") && t.contains("本记录基于演示"), "{t}");
}

#[test]
fn a_profile_keeps_its_session_across_a_switch_to_the_demo_and_back() {
    let (dir, b, text) = real_backend();
    b.verify_text(&text_req(&text)).unwrap();
    let sessions = std::sync::Mutex::new(vec![(Profile::Real, b.session())]);
    let clock = || Arc::new(FixedClock::at_noon(day()));
    let demo = Backend::open_with_clock(dir.path(), Profile::Demo, clock()).unwrap();
    let demo = crate::state::keep_session(&sessions, Profile::Demo, demo);
    assert_eq!(demo.record_session().checks, 0, "the demo starts its own session");
    let back = Backend::open_with_clock(dir.path(), Profile::Real, clock()).unwrap();
    assert_eq!(back.record_session().checks, 0);
    let back = crate::state::keep_session(&sessions, Profile::Real, back);
    assert_eq!(back.record_session().checks, 1, "the real profile's checks are still there");
}
