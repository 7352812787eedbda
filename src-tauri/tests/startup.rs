//! Starts the real binary where it must refuse to run, without a display.
//!
//! Also makes `cargo test` build the `buildcert-app` executable itself (with
//! the same features as the rest of the test run), which `make e2e` drives.

use std::process::Command;

#[test]
fn unusable_data_dir_stops_the_app_with_a_bilingual_message() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"not a directory").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_buildcert-app"))
        .env("BUILDCERT_DATA_DIR", file.join("data"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("建造师证书夹无法启动"), "{stderr}");
    assert!(stderr.contains("BuildCert could not start"), "{stderr}");
}
