//! The issuer's demo set through `buildcert verify --json`: every
//! certificate as QR text, PNG and PDF gives the verdict the demo manifest
//! expects, with both of its trust lists. (The issuer is a dev-dependency,
//! so this always runs with `cargo test -p buildcert-cli`.)

use std::process::Command;

#[test]
fn demo_certificates_verify_as_the_manifest_says() {
    let d = tempfile::tempdir().unwrap();
    let dp = d.path();
    let data = tempfile::tempdir().unwrap();
    let fonts = buildcert_pdfgen::Fonts::discover()
        .expect("a CJK font must be installed for the tests (fonts-noto-cjk; `make deps`)");
    // A fixed day; the CLI's clock is set to the set's own "now"
    // (BUILDCERT_NOW, debug builds only) so it agrees with the trust list's issue time.
    let opts = buildcert_issuer::DemoOptions {
        seed: 3,
        today: buildcert_bc1::date::parse_date("2027-02-28").unwrap(),
        count: 12,
        scanned: vec![],
        official: 0,
        random_keys: false,
    };
    let manifest = buildcert_issuer::demo(dp, &opts, &fonts).unwrap();
    let files: Vec<_> =
        manifest.files.iter().filter(|f| matches!(f.kind.as_str(), "qr_text" | "qr_png" | "certificate_pdf")).collect();
    assert_eq!(files.len(), 36);
    for (trust, second) in [("trust.bctl", false), ("trust-2.bctl", true)] {
        let o = Command::new(env!("CARGO_BIN_EXE_buildcert"))
            .env("BUILDCERT_DATA_DIR", data.path())
            .env("BUILDCERT_NOW", manifest.now.to_string())
            .args(["verify", "--json", "--at", &manifest.today, "--root-key", &manifest.root.public, "--trust-list"])
            .arg(dp.join(trust))
            .args(files.iter().map(|f| dp.join(&f.path)))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&o.stdout);
        let lines: Vec<serde_json::Value> =
            stdout.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
        assert_eq!(lines.len(), files.len(), "stderr: {}", String::from_utf8_lossy(&o.stderr));
        for (f, v) in files.iter().zip(&lines) {
            let e = if second { f.expected_with_trust_2.as_ref() } else { f.expected.as_ref() }.unwrap();
            assert!(v["input"].as_str().unwrap().ends_with(&f.path), "{v}");
            assert_eq!(v["status"], e.status.as_str(), "{} with {trust}", f.path);
            let mut codes: Vec<String> = v["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["severity"] != "info")
                .map(|r| r["code"].as_str().unwrap().to_string())
                .collect();
            codes.sort();
            codes.dedup();
            assert_eq!(codes, e.codes, "{} with {trust}", f.path);
            // The ID number stays masked.
            if let Some(idn) = v["certificate"]["idn"].as_str() {
                assert!(idn.contains("**********"), "{idn}");
            }
        }
    }
}
