//! `buildcert` end to end against the fixtures: every public vector through
//! `verify --json`, exit statuses, trust import/show, hostile inputs.

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

fn root_hex() -> String {
    cases()["root_public_key_hex"].as_str().unwrap().to_string()
}

fn run(data: &Path, args: &[&str]) -> Output {
    bin().env("BUILDCERT_DATA_DIR", data).args(args).output().unwrap()
}

fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(o.stdout.clone()).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn every_public_vector_through_verify_json() {
    let data = tempfile::tempdir().unwrap();
    let root = root_hex();
    for case in cases()["cases"].as_array().unwrap() {
        let file = vectors().join(case["file"].as_str().unwrap());
        let tl = vectors().join(case["trust_list"].as_str().unwrap());
        let o = run(
            data.path(),
            &[
                "verify",
                "--json",
                "--at",
                case["at"].as_str().unwrap(),
                "--trust-list",
                tl.to_str().unwrap(),
                "--root-key",
                &root,
                file.to_str().unwrap(),
            ],
        );
        let lines = json_lines(&o);
        assert_eq!(lines.len(), 1);
        let v = &lines[0];
        let want_status = case["status"].as_str().unwrap();
        assert_eq!(v["status"], want_status, "{file:?}: {v}");
        let mut got: Vec<String> = v["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["severity"] != "info")
            .map(|r| r["code"].as_str().unwrap().to_string())
            .collect();
        got.sort();
        got.dedup();
        let mut want: Vec<String> =
            case["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
        want.sort();
        assert_eq!(got, want, "{file:?}");
        let exit = o.status.code().unwrap();
        assert_eq!(exit, if want_status == "invalid" { 1 } else { 0 }, "{file:?}");
        for r in v["reasons"].as_array().unwrap() {
            assert!(r["message"].as_str().unwrap().len() > 3);
        }
        if want_status != "invalid" {
            let idn = v["certificate"]["idn"].as_str().unwrap();
            assert!(idn.contains("**********"), "ID masked by default: {idn}");
        }
    }
}

#[test]
fn stdin_lang_and_human_output() {
    let data = tempfile::tempdir().unwrap();
    let text = std::fs::read(vectors().join("valid.txt")).unwrap();
    let mut child = bin()
        .env("BUILDCERT_DATA_DIR", data.path())
        .args([
            "--lang",
            "zh",
            "verify",
            "--at",
            "2026-10-01",
            "--trust-list",
            vectors().join("trust.bctl").to_str().unwrap(),
            "--root-key",
            &root_hex(),
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&[&text[..], b"\r\n"].concat()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let s = String::from_utf8(o.stdout).unwrap();
    assert!(s.starts_with("✓ 有效"), "{s}");
    assert!(s.contains("**********"), "masked ID: {s}");
    assert!(s.contains("手写签名"), "print reminder: {s}");
    // English via LANG
    let o = bin()
        .env("BUILDCERT_DATA_DIR", data.path())
        .env("LANG", "en_US.UTF-8")
        .args([
            "verify",
            "--at",
            "2027-02-28",
            "--trust-list",
            vectors().join("trust.bctl").to_str().unwrap(),
            "--root-key",
            &root_hex(),
        ])
        .arg(vectors().join("expired.txt"))
        .output()
        .unwrap();
    let s = String::from_utf8(o.stdout).unwrap();
    assert!(s.starts_with("✕ Not valid"), "{s}");
    assert!(s.contains("download a new e-certificate"), "{s}");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn exit_statuses_for_errors_and_arguments() {
    let data = tempfile::tempdir().unwrap();
    let tl = vectors().join("trust.bctl");
    let base = ["verify", "--json", "--trust-list", tl.to_str().unwrap(), "--root-key"];
    // missing file → error, exit 2, and the other input still reported
    let o = run(
        data.path(),
        &[
            &base[..],
            &[&root_hex(), "/nonexistent/x.txt", vectors().join("valid.txt").to_str().unwrap(), "--at", "2026-10-01"],
        ]
        .concat(),
    );
    assert_eq!(o.status.code(), Some(2));
    let lines = json_lines(&o);
    assert_eq!(lines[0]["status"], "error");
    assert!(lines[0]["certificate"].is_null());
    assert_eq!(lines[1]["status"], "valid");
    // bad date
    let o = run(
        data.path(),
        &[&base[..], &[&root_hex(), "--at", "2026-13-01", vectors().join("valid.txt").to_str().unwrap()]].concat(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("YYYY-MM-DD"));
    // bad root key
    let o = run(data.path(), &[&base[..], &["abcd", vectors().join("valid.txt").to_str().unwrap()]].concat());
    assert_eq!(o.status.code(), Some(2));
    // unknown flag
    assert_eq!(run(data.path(), &["verify", "--nope"]).status.code(), Some(2));
    // no trust list installed: clear message
    let o = run(data.path(), &["verify", vectors().join("valid.txt").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("trust import"), "{err}");
    // a trust list signed by another root
    let other = "e644ad8e9670f1a361613e0bad8458323d62d423ec2315301de289974c4fd39d";
    let o = run(
        data.path(),
        &[
            "verify",
            "--trust-list",
            tl.to_str().unwrap(),
            "--root-key",
            other,
            vectors().join("valid.txt").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn malformed_text_is_invalid_and_a_link_is_unverified() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.txt");
    std::fs::write(&junk, "BC1:THIS IS NOT BASE45 ~~").unwrap();
    let link = dir.path().join("link.txt");
    std::fs::write(&link, "https://zwfw.example.invalid/query?id=123\n").unwrap();
    let tl = vectors().join("trust.bctl");
    let o = run(
        data.path(),
        &["verify", "--json", "--trust-list", tl.to_str().unwrap(), "--root-key", &root_hex(), junk.to_str().unwrap()],
    );
    let v = &json_lines(&o)[0];
    assert_eq!(v["status"], "invalid");
    assert_eq!(v["reasons"][0]["code"], "malformed");
    assert_eq!(o.status.code(), Some(1));
    let o = run(
        data.path(),
        &["verify", "--json", "--trust-list", tl.to_str().unwrap(), "--root-key", &root_hex(), link.to_str().unwrap()],
    );
    let v = &json_lines(&o)[0];
    assert_eq!(v["status"], "unverified");
    assert_eq!(o.status.code(), Some(3));
}

#[test]
fn hostile_inputs_never_panic() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut files = vec![];
    let mut add = |name: &str, bytes: Vec<u8>| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        files.push(p);
    };
    let mut seed = 0x1234_5678u64;
    let random: Vec<u8> = (0..4096)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect();
    add("random.bin", random);
    let valid = std::fs::read_to_string(vectors().join("valid.txt")).unwrap();
    add("truncated.txt", valid.as_bytes()[..valid.len() / 2].to_vec());
    add("long.txt", [b"BC1:".as_slice(), &vec![b'A'; 10 << 20]].concat());
    {
        use std::io::Write;
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(&vec![0u8; 50 << 20]).unwrap();
        add("bomb.txt", format!("BC1:{}", base45::encode(e.finish().unwrap())).into_bytes());
    }
    add("fake.pdf", b"%PDF-1.7\n1 0 obj << /Length 99999999 >> stream\n garbage".to_vec());
    add("fake.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xff\xff\xff\xff\xff\xff\xff\x08\x02\0\0\0".to_vec());
    let tl = vectors().join("trust.bctl");
    for f in &files {
        let o = run(
            data.path(),
            &["verify", "--json", "--trust-list", tl.to_str().unwrap(), "--root-key", &root_hex(), f.to_str().unwrap()],
        );
        let code = o.status.code();
        assert!(matches!(code, Some(1) | Some(2)), "{f:?}: {code:?} {}", String::from_utf8_lossy(&o.stderr));
        let v = &json_lines(&o)[0];
        assert!(v["status"] == "invalid" || v["status"] == "error", "{f:?}: {v}");
        assert!(!String::from_utf8_lossy(&o.stderr).contains("panicked"));
    }
}

#[test]
fn trust_import_show_and_rollback() {
    let data = tempfile::tempdir().unwrap();
    let root = buildcert_bc1::testkit::seed_key("root-public");
    let issuer = buildcert_bc1::testkit::seed_key("issuer-public").verifying_key();
    let dir = tempfile::tempdir().unwrap();
    let v1 = dir.path().join("v1.bctl");
    let v2 = dir.path().join("v2.bctl");
    std::fs::write(&v1, buildcert_bc1::testkit::trust_list(&root, &issuer, 1)).unwrap();
    std::fs::write(&v2, buildcert_bc1::testkit::trust_list(&root, &issuer, 2)).unwrap();
    let rh = root_hex();
    // import without any root: refused
    let o = run(data.path(), &["trust", "import", v1.to_str().unwrap()]);
    assert_ne!(o.status.code(), Some(0));
    // pin and import
    assert_eq!(run(data.path(), &["trust", "pin", &rh, "--label", "test"]).status.code(), Some(0));
    assert_eq!(run(data.path(), &["trust", "import", v2.to_str().unwrap()]).status.code(), Some(0));
    // rollback refused, the kept list unchanged
    let o = run(data.path(), &["trust", "import", v1.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(data.path(), &["trust", "show", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["seq"], 2);
    assert_eq!(v["keys"].as_array().unwrap().len(), 1);
    // forgery refused
    let mut forged = std::fs::read(&v2).unwrap();
    let n = forged.len();
    forged[n - 1] ^= 1;
    let f = dir.path().join("forged.bctl");
    std::fs::write(&f, forged).unwrap();
    assert_eq!(run(data.path(), &["trust", "import", f.to_str().unwrap()]).status.code(), Some(1));
    // a root given with --root-key is pinned, so the stored list keeps working
    let data2 = tempfile::tempdir().unwrap();
    assert_eq!(run(data2.path(), &["trust", "import", v1.to_str().unwrap(), "--root-key", &rh]).status.code(), Some(0));
    let o =
        run(data2.path(), &["verify", "--json", "--at", "2026-10-01", vectors().join("valid.txt").to_str().unwrap()]);
    assert_eq!(json_lines(&o)[0]["status"], "valid", "{}", String::from_utf8_lossy(&o.stderr));
    // the installed list is used by verify without --trust-list
    let o =
        run(data.path(), &["verify", "--json", "--at", "2026-10-01", vectors().join("valid.txt").to_str().unwrap()]);
    assert_eq!(json_lines(&o)[0]["status"], "valid");
}

#[test]
fn official_format_pdf_is_unverified_with_its_fields() {
    let data = tempfile::tempdir().unwrap();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/official");
    let tl = vectors().join("trust.bctl");
    let args = |f: &str| -> Vec<String> {
        [
            "verify",
            "--json",
            "--at",
            "2026-11-25",
            "--trust-list",
            tl.to_str().unwrap(),
            "--root-key",
            &root_hex(),
            dir.join(f).to_str().unwrap(),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let o = bin().env("BUILDCERT_DATA_DIR", data.path()).args(args("fullwidth-iso-2spec.pdf")).output().unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", String::from_utf8_lossy(&o.stderr));
    let v = &json_lines(&o)[0];
    assert_eq!(v["status"], "unverified");
    assert!(v["certificate"].is_null(), "never shown as a verified certificate");
    assert!(v["official"]["fields"]["name"].as_str().unwrap().chars().count() >= 2, "{v}");
    assert_eq!(v["official"]["verdict"]["status"], "unverified");
    let o = bin().env("BUILDCERT_DATA_DIR", data.path()).args(args("usage-beyond-cap.pdf")).output().unwrap();
    let v = &json_lines(&o)[0];
    assert!(v["reasons"].as_array().unwrap().iter().any(|r| r["code"] == "usage_inconsistent"), "{v}");
    assert_eq!(o.status.code(), Some(3));
}

fn official(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/official").join(name)
}

#[test]
fn wallet_import_of_an_official_pdf_shows_the_fields_masked_and_waits_for_confirm() {
    let data = tempfile::tempdir().unwrap();
    let pdf = official("fullwidth-iso-2spec.pdf");
    let o = run(data.path(), &["--lang", "en", "wallet", "import", pdf.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Unverified (official format)"), "{out}");
    assert!(out.contains("李四") && out.contains("苏1320180123456789"), "{out}");
    assert!(out.contains("**************0028") && !out.contains("320102198503090028"), "{out}");
    assert!(out.contains("--confirm"), "{out}");
    let o = run(data.path(), &["--lang", "zh", "wallet", "import", pdf.to_str().unwrap(), "--confirm"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("已存入（未验证（官方格式））"), "{out}");
    assert!(out.contains("本软件未核验该证书的电子签名"), "{out}");
    let o = run(data.path(), &["wallet", "list", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list[0]["trust_state"], "official_unverified");
    assert_eq!(list[0]["kind"], "official");
}

#[test]
fn wallet_import_of_a_scan_says_every_field_must_be_given() {
    let data = tempfile::tempdir().unwrap();
    let scan = official("scan-image-only.pdf");
    for (lang, words) in [("en", "every field must be given with --set"), ("zh", "每一项都须用 --set")] {
        let o = run(data.path(), &["--lang", lang, "wallet", "import", scan.to_str().unwrap(), "--confirm"]);
        assert_eq!(o.status.code(), Some(1));
        let all = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
        assert!(all.contains(words), "{all}");
    }
}

/// `buildcert verify --json … | head -c 600`: once `head` has closed the
/// pipe, the program ends quietly (no panic message) with an exit status,
/// not a signal. The output is well over a pipe buffer (64 KiB), so the
/// write that meets the closed pipe surely happens.
#[cfg(unix)]
#[test]
fn closed_stdout_ends_quietly() {
    let data = tempfile::tempdir().unwrap();
    let case = &cases()["cases"][0];
    let file = vectors().join(case["file"].as_str().unwrap());
    let tl = vectors().join(case["trust_list"].as_str().unwrap());
    let mut args: Vec<String> = ["verify", "--json", "--trust-list", tl.to_str().unwrap(), "--root-key", &root_hex()]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.extend(std::iter::repeat_n(file.to_str().unwrap().to_string(), 400));
    let script = r#""$0" "$@" 2>"$ERR" | head -c 600 >/dev/null; echo "${PIPESTATUS[0]}""#;
    let err = data.path().join("stderr.txt");
    let o = Command::new("bash")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_buildcert"))
        .args(&args)
        .env("BUILDCERT_DATA_DIR", data.path())
        .env("ERR", &err)
        .output()
        .unwrap();
    let status: i32 = String::from_utf8_lossy(&o.stdout).trim().parse().unwrap();
    let stderr = std::fs::read_to_string(&err).unwrap();
    assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{stderr}");
    assert!(status < 128, "killed by a signal: status {status}");
    assert_eq!(status, 0, "{stderr}");
}

/// Every command's JSON error is `{"code","message":{"zh","en"}}`: each
/// language whole, as `verify` gives it, never one string split later.
#[test]
fn wallet_json_errors_carry_both_languages() {
    let data = tempfile::tempdir().unwrap();
    for args in [
        &["wallet", "show", "999", "--json"][..],
        &["wallet", "export", "--json"][..],
        &["wallet", "settings", "--set", "usage_warning_days=0", "--json"][..],
    ] {
        let o = run(data.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let v = &json_lines(&o)[0]["error"];
        assert!(v["code"].as_str().is_some_and(|c| !c.is_empty()), "{args:?}: {v}");
        let zh = v["message"]["zh"].as_str().unwrap_or_default();
        let en = v["message"]["en"].as_str().unwrap_or_default();
        assert!(
            buildcert_l10n::check_pair(v["code"].as_str().unwrap(), &buildcert_l10n::Localized::new(zh, en)).is_ok(),
            "{args:?}: {v}"
        );
    }
}
