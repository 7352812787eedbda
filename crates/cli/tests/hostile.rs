//! Issue 16: every hostile input ends in a clear refusal, in bounded time and
//! memory, through the real `buildcert` binary; none of them changes the
//! installed trust list.
//!
//! Each run is waited for with `wait4`, which gives that child's own peak
//! resident memory (`ru_maxrss`). Wall times are only checked against the
//! time budget (10 s per file) with generous slack.
#![cfg(unix)]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Generous: the budget is 10 s per file; debug builds and a loaded machine
/// are slower.
const WALL_LIMIT: Duration = Duration::from_secs(90);
const MEMORY_LIMIT_KIB: i64 = 1 << 20; // 1 GiB

fn vectors() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/vectors")
}

fn root_hex() -> String {
    let cases: serde_json::Value =
        serde_json::from_slice(&std::fs::read(vectors().join("cases.json")).unwrap()).unwrap();
    cases["root_public_key_hex"].as_str().unwrap().to_string()
}

struct Run {
    /// The exit status, or `None` when a signal ended it.
    code: Option<i32>,
    signal: Option<i32>,
    wall: Duration,
    max_rss_kib: i64,
    stdout: String,
    stderr: String,
}

/// Runs `buildcert ARGS` with its own peak memory, killed past [`WALL_LIMIT`].
// The child is reaped by wait4(2) below (which also gives its own rusage),
// not by Child::wait, so clippy cannot see the wait.
#[allow(clippy::zombie_processes)]
fn run(data: &Path, args: &[&str]) -> Run {
    let out = tempfile::NamedTempFile::new().unwrap();
    let err = tempfile::NamedTempFile::new().unwrap();
    let start = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_buildcert"))
        .args(args)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env("BUILDCERT_DATA_DIR", data)
        .stdin(Stdio::null())
        .stdout(out.reopen().unwrap())
        .stderr(err.reopen().unwrap())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if done_rx.recv_timeout(WALL_LIMIT).is_err() {
            // SAFETY: kill(2) on our own child, not yet reaped.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    });
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value to be filled in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; `status` and `usage` are valid for writes.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4 failed");
    let wall = start.elapsed();
    let _ = done_tx.send(());
    watchdog.join().unwrap();
    let exited = libc::WIFEXITED(status);
    Run {
        code: exited.then(|| libc::WEXITSTATUS(status)),
        signal: libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status)),
        wall,
        max_rss_kib: usage.ru_maxrss,
        stdout: std::fs::read_to_string(out.path()).unwrap_or_default(),
        stderr: std::fs::read_to_string(err.path()).unwrap_or_default(),
    }
}

fn assert_refused(what: &str, r: &Run) {
    eprintln!("{what}: exit {:?} in {:.2?}, peak {} MiB", r.code, r.wall, r.max_rss_kib >> 10);
    assert_eq!(r.signal, None, "{what}: ended by signal {:?}; stderr: {}", r.signal, r.stderr);
    assert!(matches!(r.code, Some(1..=3)), "{what}: exit {:?}; stdout {} stderr {}", r.code, r.stdout, r.stderr);
    assert!(r.wall < WALL_LIMIT, "{what}: took {:?}", r.wall);
    assert!(r.max_rss_kib < MEMORY_LIMIT_KIB, "{what}: peak memory {} MiB", r.max_rss_kib >> 10);
    assert!(!r.stderr.contains("panicked"), "{what}: {}", r.stderr);
}

fn trust_show(data: &Path) -> String {
    let r = run(data, &["trust", "show", "--json"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    r.stdout
}

#[test]
fn hostile_inputs_end_in_a_refusal_within_their_budget() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let rh = root_hex();
    let tl = vectors().join("trust.bctl");
    // An installed trust list that none of the inputs may change.
    let r = run(data.path(), &["trust", "import", tl.to_str().unwrap(), "--root-key", &rh]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let installed = trust_show(data.path());
    let db = std::fs::read_dir(data.path())
        .unwrap()
        .flatten()
        .map(|e| (e.file_name(), std::fs::read(e.path()).unwrap_or_default()))
        .collect::<Vec<_>>();

    let mut files = support::hostile_files::write_all(dir.path());
    if let Some(out) = std::env::var_os("BUILDCERT_HOSTILE_OUT") {
        // For measuring with a release build: keep a copy of the set.
        std::fs::create_dir_all(&out).unwrap();
        for f in &files {
            std::fs::copy(f, Path::new(&out).join(f.file_name().unwrap())).unwrap();
        }
    }
    let fifo = dir.path().join("fifo.pdf");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    files.push(fifo.clone());

    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let r = run(data.path(), &["verify", "--json", f.to_str().unwrap()]);
        assert_refused(&format!("verify {name}"), &r);
        let v: serde_json::Value = serde_json::from_str(r.stdout.lines().next().unwrap_or("{}")).unwrap();
        assert!(v["status"] == "error" || v["status"] == "invalid", "{name}: {v}");
        if v["status"] == "error" {
            // {code, message: {zh, en}}: each language on its own.
            let e = &v["error"];
            assert!(e["code"].as_str().is_some_and(|c| !c.is_empty()), "{name}: {e}");
            let zh = e["message"]["zh"].as_str().unwrap_or_default();
            let en = e["message"]["en"].as_str().unwrap_or_default();
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{name}: Chinese: {zh}");
            assert!(
                !en.is_empty() && !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{name}: English: {en}"
            );
        }
        if name.ends_with(".pdf") {
            let r = run(data.path(), &["wallet", "import", f.to_str().unwrap()]);
            assert_refused(&format!("wallet import {name}"), &r);
            if v["status"] == "error" && v["error"]["code"] != "no_code" {
                // The same reason as `verify` (the bound it broke), not a
                // detour through the official-format reading.
                let zh = v["error"]["message"]["zh"].as_str().unwrap_or_default();
                let en = v["error"]["message"]["en"].as_str().unwrap_or_default();
                let said = format!("{}{}", r.stdout, r.stderr);
                assert!(said.contains(zh) || said.contains(en), "wallet import {name} does not say \"{en}\":\n{said}");
            }
        }
        if name.ends_with(".bctl") {
            let r = run(data.path(), &["trust", "import", f.to_str().unwrap()]);
            assert_refused(&format!("trust import {name}"), &r);
            let valid = vectors().join("valid.txt");
            let r = run(
                data.path(),
                &["verify", "--trust-list", f.to_str().unwrap(), "--root-key", &rh, valid.to_str().unwrap()],
            );
            assert_refused(&format!("verify --trust-list {name}"), &r);
        }
    }
    // The FIFO is refused before it is opened: nothing is left waiting on it.
    let r = run(data.path(), &["verify", fifo.to_str().unwrap()]);
    assert!(r.stderr.contains("FIFO") || r.stdout.contains("FIFO"), "{} {}", r.stdout, r.stderr);
    let r = run(data.path(), &["trust", "import", fifo.to_str().unwrap()]);
    assert_refused("trust import of a FIFO", &r);
    assert!(r.stderr.contains("FIFO"), "{}", r.stderr);

    // A tender folder with links back up the tree (l1 -> ., l2 -> ..) and a
    // file that is no certificate: the links are not followed, the run ends.
    let folder = dir.path().join("bid");
    std::fs::create_dir_all(folder.join("sub")).unwrap();
    std::fs::write(folder.join("sub/cert.txt"), "not a certificate").unwrap();
    for (link, to) in [("l1", "."), ("l2", ".."), ("sub/l3", ".."), ("sub/l4", "../..")] {
        std::os::unix::fs::symlink(to, folder.join(link)).unwrap();
    }
    let r = run(
        data.path(),
        &[
            "tender",
            "--date",
            "2026-10-01",
            "--uscc",
            "91320000134567890Y",
            "--role",
            "项目经理=建筑工程",
            "--json",
            folder.to_str().unwrap(),
        ],
    );
    assert_refused("tender with symlink loops", &r);

    assert_eq!(trust_show(data.path()), installed, "the installed trust list changed");
    let after = std::fs::read_dir(data.path())
        .unwrap()
        .flatten()
        .filter(|e| db.iter().any(|(n, _)| *n == e.file_name()))
        .map(|e| (e.file_name(), std::fs::read(e.path()).unwrap_or_default()))
        .collect::<Vec<_>>();
    assert_eq!(after.len(), db.len());
}
