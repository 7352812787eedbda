//! Deterministic keys and certificates for tests, examples and benchmarks.
//! The keys are public test keys (seed = SHA-256 of a label, as in the BC1
//! public vectors): never trust them in production.

use ed25519_dalek::{SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::cert::{Sex, Specialty};
use crate::date::{cst_midnight, parse_date};
use crate::issue::{build_certificate, encode, IssueRequest};
use crate::rules::{id_check_char, uscc_check_char};
use crate::trust::TrustList;

/// The authority named in test certificates.
pub const ISS: &str = "中华人民共和国住房和城乡建设部";
/// The seal name in test trust lists.
pub const SEAL: &str = "中华人民共和国住房和城乡建设部一级建造师行政许可专用章";

/// A key whose 32-byte seed is SHA-256 of `label`.
pub fn seed_key(label: &str) -> SigningKey {
    SigningKey::from_bytes(&Sha256::digest(label.as_bytes()).into())
}

/// Completes 17 ID digits with their check character.
pub fn idn(first17: &str) -> String {
    format!("{first17}{}", id_check_char(first17).expect("17 digits"))
}

/// Completes 17 USCC characters with their check character.
pub fn uscc(first17: &str) -> String {
    format!("{first17}{}", uscc_check_char(first17).expect("17 USCC characters"))
}

/// A valid request: downloaded 2026-09-01 10:00 +08:00, 建筑工程 valid to 2028-12-31.
pub fn sample_request() -> IssueRequest {
    let d = |s| parse_date(s).expect("date");
    IssueRequest {
        iss: ISS.into(),
        iat: cst_midnight(d("2026-09-01")) + 10 * 3600,
        lid: "1100000000000001".into(),
        reg: "京1110020230000001".into(),
        name: "张伟".into(),
        sex: Sex::M,
        dob: d("1985-06-15"),
        idn: idn("11010119850615123"),
        emp: "北京建工示范有限公司".into(),
        uscc: uscc("91110000100000000"),
        issued: d("2023-03-01"),
        spec: vec![Specialty { n: "建筑工程".into(), from: d("2023-03-01"), to: d("2028-12-31") }],
        use_from: None,
        use_to: None,
    }
}

/// A trust list (seq 1) trusting `issuer`, signed by `root`.
pub fn trust_list(root: &SigningKey, issuer: &VerifyingKey, seq: u64) -> Vec<u8> {
    TrustList {
        seq,
        issued: cst_midnight(parse_date("2026-01-01").expect("date")),
        next: cst_midnight(parse_date("2036-01-01").expect("date")),
        keys: vec![TrustList::key_entry(issuer, ISS, SEAL, 0, cst_midnight(parse_date("2036-01-01").expect("date")))],
        rl: vec![],
        rr: vec![],
        root_kid: String::new(),
        raw: vec![],
        demo: false,
    }
    .sign(root)
}

/// (trust list bytes, root public key, a valid QR text for 2026-09-01..2027-02-27).
pub fn sample() -> (Vec<u8>, VerifyingKey, String) {
    let root = seed_key("root-public");
    let issuer = seed_key("issuer-public");
    let cert = build_certificate(&sample_request()).expect("valid sample");
    (trust_list(&root, &issuer.verifying_key(), 1), root.verifying_key(), encode(&cert, &issuer))
}
