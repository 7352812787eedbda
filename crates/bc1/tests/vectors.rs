//! The public BC1 vectors (copied from the spec into tests/fixtures/vectors)
//! through the library: each case must give exactly its expected status and
//! error/warning codes.

use std::path::PathBuf;

use buildcert_bc1::{
    date::{cst_midnight, parse_date},
    parse_root_key, verify, CheckContext, TrustList,
};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/vectors")
}

#[test]
fn every_public_vector_gives_its_expected_verdict() {
    let cases: serde_json::Value = serde_json::from_slice(&std::fs::read(dir().join("cases.json")).unwrap()).unwrap();
    let root = parse_root_key(cases["root_public_key_hex"].as_str().unwrap()).unwrap();
    let list = cases["cases"].as_array().unwrap();
    assert!(list.len() >= 8);
    for case in list {
        let file = case["file"].as_str().unwrap();
        let trust = TrustList::decode_verified(
            &std::fs::read(dir().join(case["trust_list"].as_str().unwrap())).unwrap(),
            &[root],
        )
        .unwrap();
        let text = std::fs::read_to_string(dir().join(file)).unwrap();
        let at = parse_date(case["at"].as_str().unwrap()).unwrap();
        let ctx = CheckContext::new(at, cst_midnight(at) + 12 * 3600);
        let v = verify(&text, &trust, &ctx);
        let mut want: Vec<String> =
            case["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
        want.sort();
        let mut got: Vec<String> = v.error_and_warning_codes().iter().map(|c| c.as_str().to_string()).collect();
        got.sort();
        assert_eq!(v.status.as_str(), case["status"].as_str().unwrap(), "{file}: {:?}", v.reasons);
        assert_eq!(got, want, "{file}");
        // A bad signature shows no certificate data.
        if want.iter().any(|c| c == "signature_invalid" || c == "unknown_key") {
            assert!(v.certificate.is_none(), "{file}");
        } else {
            assert!(v.certificate.is_some(), "{file}");
        }
    }
}

#[test]
fn vector_trust_list_contents() {
    let cases: serde_json::Value = serde_json::from_slice(&std::fs::read(dir().join("cases.json")).unwrap()).unwrap();
    let root = parse_root_key(cases["root_public_key_hex"].as_str().unwrap()).unwrap();
    let tl = TrustList::decode_verified(&std::fs::read(dir().join("trust.bctl")).unwrap(), &[root]).unwrap();
    let issuer = cases["issuer_public_key_hex"].as_str().unwrap();
    assert!(tl.keys.iter().any(|k| hex::encode(k.public) == issuer));
    // The root key is the SHA-256("root-public") test key.
    assert_eq!(root.to_bytes(), buildcert_bc1::testkit::seed_key("root-public").verifying_key().to_bytes());
}
