//! The demo installed as the app, `make run` and `buildcert demo install`
//! install it: apart from the real profile, with keys nobody can derive.

use buildcert_bc1::date::{cst_midnight, parse_date};
use buildcert_bc1::testkit::seed_key;
use buildcert_bc1::{build_certificate, encode, verify, CheckContext, SigningKey};
use buildcert_service::{demo_dir, install_demo, open_profile, remove_demo};
use buildcert_wallet::{ListFilter, Profile, Wallet};
use sha2::{Digest, Sha256};

fn today() -> chrono::NaiveDate {
    parse_date("2026-11-25").unwrap()
}

fn now() -> i64 {
    cst_midnight(today()) + 12 * 3600
}

/// Every key a stranger can derive from a constant in this code base.
fn public_keys() -> Vec<SigningKey> {
    let mut keys = vec![seed_key("issuer-public"), seed_key("root-public")];
    for seed in [0u64, 1, 2, 3, 7, 42] {
        for role in ["root", "issuer", "untrusted"] {
            keys.push(SigningKey::from_bytes(
                &Sha256::digest(format!("buildcert-demo-key|{seed}|{role}").as_bytes()).into(),
            ));
        }
        let k = buildcert_issuer::demo_keys(seed);
        keys.extend([k.root, k.issuer, k.untrusted]);
    }
    keys
}

fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn the_demo_lives_apart_and_nothing_derivable_verifies_anywhere() {
    let base = tempfile::tempdir().unwrap();
    let r = install_demo(base.path(), today(), now()).unwrap();
    assert!(!r.already && r.added >= 5, "{r:?}");
    assert_eq!(r.dir, demo_dir(base.path()));
    // The real profile: no root, no list, no certificate.
    let real = open_profile(base.path(), Profile::Real).unwrap();
    assert!(real.pinned_roots().unwrap().is_empty() && real.current_trust_list(&[]).unwrap().is_none());
    assert_eq!(real.count().unwrap(), 0);
    // The demo profile: demo everywhere.
    let w = open_profile(base.path(), Profile::Demo).unwrap();
    assert!(w.is_demo_profile().unwrap());
    let tl = w.current_trust_list(&[]).unwrap().unwrap();
    assert!(tl.demo);
    assert!(w.list(&ListFilter::default()).unwrap().len() as u32 >= r.added - 1);
    // A forged certificate signed with any key derivable from the code is not valid under it.
    let mut req = buildcert_bc1::testkit::sample_request();
    req.name = "冒名者".into();
    req.iat = now() - 3600 * 24;
    let cert = build_certificate(&req).unwrap();
    let ctx = CheckContext::new(today(), now());
    for k in public_keys() {
        let v = verify(&encode(&cert, &k), &tl, &ctx);
        assert_eq!(v.status.as_str(), "invalid", "a derivable key verified: {:?}", v.reasons);
        assert!(v.certificate.is_none());
    }
    // Nothing that can sign is left in any data folder.
    for f in files_under(base.path()) {
        let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
        assert!(!text.contains("PRIVATE KEY"), "{}", f.display());
    }
    // Installing again changes nothing; removing deletes only the demo.
    assert!(install_demo(base.path(), today(), now()).unwrap().already);
    drop(w);
    assert!(remove_demo(base.path()).unwrap());
    assert!(!demo_dir(base.path()).exists());
    assert!(base.path().join(buildcert_wallet::DB_FILE).is_file(), "the real wallet stays");
    assert!(!remove_demo(base.path()).unwrap());
}

#[test]
fn two_installs_get_different_keys() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let ra = install_demo(a.path(), today(), now()).unwrap();
    let rb = install_demo(b.path(), today(), now()).unwrap();
    assert_ne!(ra.root_fingerprint, rb.root_fingerprint);
    let wa = Wallet::open_demo(&ra.dir).unwrap();
    let wb = Wallet::open_demo(&rb.dir).unwrap();
    let ka = wa.current_trust_list(&[]).unwrap().unwrap().keys[0].public;
    let kb = wb.current_trust_list(&[]).unwrap().unwrap().keys[0].public;
    assert_ne!(ka, kb, "the issuer keys differ too");
}

#[test]
fn private_keys_older_versions_left_in_the_real_folder_are_removed() {
    let base = tempfile::tempdir().unwrap();
    let legacy = base.path().join("demo");
    std::fs::create_dir_all(&legacy).unwrap();
    std::fs::write(legacy.join("root.key.pem"), "-----BEGIN PRIVATE KEY-----").unwrap();
    std::fs::write(legacy.join("issuer.key.pem"), "-----BEGIN PRIVATE KEY-----").unwrap();
    open_profile(base.path(), Profile::Real).unwrap();
    assert!(!legacy.join("root.key.pem").exists() && !legacy.join("issuer.key.pem").exists());
}
