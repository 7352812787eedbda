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
    for opt in ["--date", "--valid-until", "--uscc", "--company", "--role", "--report", "--json", "FILE_OR_DIR"] {
        assert!(help.contains(opt), "{opt} missing from:\n{help}");
    }
}

#[test]
fn wrong_arguments_exit_2() {
    // No inputs, a bad date, no --uscc.
    assert_eq!(buildcert(&["tender", "--date", "2026-10-01", "--uscc", "91110000100000000R"]).status.code(), Some(2));
    assert_eq!(buildcert(&["tender", "--date", "2026-13-01", "--uscc", "91110000100000000R", "x.pdf"]).status.code(), Some(2));
    assert_eq!(buildcert(&["tender", "--date", "2026-10-01", "x.pdf"]).status.code(), Some(2));
}
