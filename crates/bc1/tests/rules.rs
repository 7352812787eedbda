//! Every rule of BC1 §2–§8 at its edges: the last valid day, the first
//! invalid day, 29 February birthdays, use.from = today. Each test would fail
//! if the rule it names were wrong.

use buildcert_bc1::cert::{Certificate, Specialty};
use buildcert_bc1::codec::{self, cbor_encode, sign_cose_sign1, to_qr_text};
use buildcert_bc1::date::{add_days, cst_midnight, parse_date};
use buildcert_bc1::testkit::{self, idn, seed_key, uscc, ISS, SEAL};
use buildcert_bc1::{
    build_certificate, choose_document_payload, encode, verify, verify_document, CheckContext, Code, IssueRequest,
    Policy, Severity, Sex, SigningKey, Status, Thresholds, TrustList, Verdict,
};
use chrono::NaiveDate;
use ciborium::Value;

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

fn issuer() -> SigningKey {
    seed_key("issuer-public")
}

fn root() -> SigningKey {
    seed_key("root-public")
}

fn base_trust() -> TrustList {
    TrustList {
        seq: 1,
        issued: cst_midnight(d("2026-01-01")),
        next: cst_midnight(d("2036-01-01")),
        keys: vec![TrustList::key_entry(&issuer().verifying_key(), ISS, SEAL, 0, cst_midnight(d("2036-01-01")))],
        rl: vec![],
        rr: vec![],
        root_kid: String::new(),
        raw: vec![],
        demo: false,
    }
}

fn trust_of(tl: &TrustList) -> TrustList {
    TrustList::decode_verified(&tl.sign(&root()), &[root().verifying_key()]).unwrap()
}

fn ctx(at: &str) -> CheckContext {
    CheckContext::new(d(at), cst_midnight(d(at)) + 12 * 3600)
}

fn req() -> IssueRequest {
    testkit::sample_request()
}

fn cert_of(r: &IssueRequest) -> Certificate {
    build_certificate(r).unwrap()
}

fn check(c: &Certificate, at: &str) -> Verdict {
    verify(&encode(c, &issuer()), &trust_of(&base_trust()), &ctx(at))
}

fn codes(v: &Verdict) -> Vec<&'static str> {
    let mut c: Vec<_> = v.reasons.iter().map(|r| r.code.as_str()).collect();
    c.sort();
    c
}

fn ew(v: &Verdict) -> Vec<&'static str> {
    let mut c: Vec<_> = v.error_and_warning_codes().iter().map(|c| c.as_str()).collect();
    c.sort();
    c
}

// ---------- §4 usage period and its cap ----------

#[test]
fn issuer_sets_use_to_to_the_180_day_cap() {
    let c = cert_of(&req());
    assert_eq!(c.usage.from, d("2026-09-01"));
    assert_eq!(c.usage.to, d("2027-02-27"), "180 days counting the first day");
    assert_eq!(c.exp, cst_midnight(d("2027-02-28")));
}

#[test]
fn use_from_today_is_valid_and_day_before_is_not_yet_valid() {
    let c = cert_of(&req());
    assert_eq!(check(&c, "2026-09-01").status, Status::Valid);
    let v = check(&c, "2026-08-31");
    assert_eq!(ew(&v), ["not_yet_valid"]);
    assert_eq!(v.status, Status::Invalid);
}

#[test]
fn last_usage_day_is_valid_and_next_day_expired() {
    let c = cert_of(&req());
    let v = check(&c, "2027-02-27");
    assert_eq!(v.status, Status::Warning);
    assert_eq!(ew(&v), ["usage_expiring"]);
    assert!(v.reasons[0].zh.contains("今天是最后一天"));
    let v = check(&c, "2027-02-28");
    assert_eq!(ew(&v), ["usage_expired"]);
    assert_eq!(v.status, Status::Invalid);
}

#[test]
fn usage_expiring_threshold_edges_and_configurable() {
    let c = cert_of(&req());
    assert_eq!(ew(&check(&c, "2027-01-28")), Vec::<&str>::new(), "30 days left: no warning");
    let v = check(&c, "2027-01-29");
    assert_eq!(ew(&v), ["usage_expiring"], "29 days left");
    assert!(v.reasons[0].zh.contains("还剩 29 天") && v.reasons[0].en.contains("29 days left"));
    let mut cx = ctx("2027-02-20");
    cx.thresholds = Thresholds { usage_expiring_days: 7, ..Thresholds::default() };
    let t = trust_of(&base_trust());
    assert!(!verify(&encode(&c, &issuer()), &t, &cx).has(Code::UsageExpiring), "7 left, threshold 7");
    cx.date = d("2027-02-21");
    assert!(verify(&encode(&c, &issuer()), &t, &cx).has(Code::UsageExpiring), "6 left, threshold 7");
}

#[test]
fn usage_inconsistent_at_each_cap_term() {
    // 180-day term.
    let mut r = req();
    r.use_to = Some(d("2027-02-27"));
    assert!(!check(&cert_of_unchecked(&r), "2026-10-01").has(Code::UsageInconsistent));
    r.use_to = Some(d("2027-02-28"));
    assert_eq!(ew(&check(&cert_of_unchecked(&r), "2026-10-01")), ["usage_inconsistent"]);
    // Specialty-end term.
    let mut r = req();
    r.spec[0].to = d("2026-12-31");
    assert_eq!(cert_of(&r).usage.to, d("2026-12-31"));
    r.use_to = Some(d("2027-01-01"));
    assert!(check(&cert_of_unchecked(&r), "2026-10-01").has(Code::UsageInconsistent));
    // 65th birthday term, 29 February born: birthday65 = 2029-02-28.
    let r = leap_born_request();
    assert_eq!(cert_of(&r).usage.to, d("2029-02-28"));
    let mut r2 = r.clone();
    r2.use_to = Some(d("2029-03-01"));
    assert!(check(&cert_of_unchecked(&r2), "2028-12-10").has(Code::UsageInconsistent));
    // And the issuer refuses to issue it.
    assert!(build_certificate(&r2).is_err());
}

/// Builds the certificate the way a careless issuer would (no §4 check).
fn cert_of_unchecked(r: &IssueRequest) -> Certificate {
    let mut ok = r.clone();
    ok.use_to = None;
    let mut c = cert_of(&ok);
    if let Some(to) = r.use_to {
        c.usage.to = to;
        c.exp = cst_midnight(add_days(to, 1));
    }
    if let Some(from) = r.use_from {
        c.usage.from = from;
    }
    c
}

fn leap_born_request() -> IssueRequest {
    let mut r = req();
    r.dob = d("1964-02-29");
    r.idn = idn("11010119640229123");
    r.iat = cst_midnight(d("2028-12-01")) + 3600;
    r.spec = vec![Specialty { n: "公路工程".into(), from: d("2026-01-01"), to: d("2030-12-31") }];
    r
}

// ---------- §1 / §6 age limit ----------

#[test]
fn age_limit_with_29_february_birthday() {
    let c = cert_of(&leap_born_request());
    let v = check(&c, "2029-02-28");
    assert_ne!(v.status, Status::Invalid, "the 65th birthday itself is still valid: {:?}", v.reasons);
    assert!(v.has(Code::AgeLimitApproaching));
    let v = check(&c, "2029-03-01");
    assert_eq!(ew(&v), ["age_limit_reached", "usage_expired"]);
}

#[test]
fn age_limit_approaching_is_info_at_180_days() {
    let mut r = req();
    r.dob = d("1962-03-01"); // birthday65 2027-03-01, after use.to 2027-02-27
    r.idn = idn("11010119620301123");
    let c = cert_of(&r);
    assert_eq!(c.usage.to, d("2027-02-27"));
    // 2027-03-01 − 180 days = 2026-09-02.
    assert!(!check(&c, "2026-09-01").has(Code::AgeLimitApproaching), "181 days before");
    let v = check(&c, "2026-09-02");
    assert!(v.has(Code::AgeLimitApproaching), "180 days before");
    assert_eq!(v.status, Status::Valid, "info only");
}

// ---------- §6 specialties and §7 renewal ----------

fn two_specialties() -> Certificate {
    let mut r = req();
    r.spec = vec![
        Specialty { n: "建筑工程".into(), from: d("2023-03-01"), to: d("2028-12-31") },
        Specialty { n: "机电工程".into(), from: d("2023-03-01"), to: d("2026-12-31") },
    ];
    cert_of(&r)
}

#[test]
fn renewal_upcoming_and_window_edges() {
    let c = two_specialties();
    assert_eq!(c.usage.to, d("2027-02-27"), "the later specialty carries the cap");
    assert!(!check(&c, "2026-10-01").has(Code::RenewalUpcoming), "91 days before");
    let v = check(&c, "2026-10-02");
    assert!(v.has(Code::RenewalUpcoming) && v.status == Status::Valid, "90 days before: info");
    let v = check(&c, "2026-11-30");
    assert!(v.has(Code::RenewalUpcoming) && !v.has(Code::RenewalWindowOpen), "31 days before");
    let v = check(&c, "2026-12-01");
    assert!(v.has(Code::RenewalWindowOpen) && !v.has(Code::RenewalUpcoming), "30 days before");
    assert_eq!(v.status, Status::Warning);
    let r = v.reasons.iter().find(|r| r.code == Code::RenewalWindowOpen).unwrap();
    assert!(r.zh.contains("机电工程") && r.zh.contains("2026-12-31") && r.zh.contains("2029-11-30"), "{}", r.zh);
    let v = check(&c, "2026-12-31");
    assert!(v.has(Code::RenewalWindowOpen) && !v.has(Code::SpecialtyExpired), "last day");
    let v = check(&c, "2027-01-01");
    assert_eq!(ew(&v), ["specialty_expired"], "first day after: warning, the other specialty still valid");
    assert!(v.reasons[0].zh.contains("机电工程"));
    let f = v.facts.unwrap();
    assert_eq!(f.specialties[1].state, buildcert_bc1::SpecialtyState::Expired);
    assert_eq!(f.specialties[0].state, buildcert_bc1::SpecialtyState::Valid);
}

#[test]
fn no_valid_specialty_when_all_ended() {
    let mut r = req();
    r.spec[0].to = d("2026-12-31");
    let c = cert_of(&r);
    assert_eq!(c.usage.to, d("2026-12-31"));
    let v = check(&c, "2026-12-31");
    assert_eq!(ew(&v), ["renewal_window_open", "usage_expiring"]);
    let v = check(&c, "2027-01-01");
    assert_eq!(ew(&v), ["no_valid_specialty", "specialty_expired", "usage_expired"]);
}

#[test]
fn specialty_not_started_gives_no_valid_specialty() {
    let mut r = req();
    r.spec[0].from = d("2026-10-01");
    let c = cert_of(&r);
    assert!(check(&c, "2026-09-30").has(Code::NoValidSpecialty));
    assert!(!check(&c, "2026-10-01").has(Code::NoValidSpecialty));
}

#[test]
fn usage_end_cause_explains_the_day() {
    use buildcert_bc1::UsageEndCause::*;
    assert_eq!(check(&cert_of(&req()), "2026-10-01").facts.unwrap().usage_end_cause, Days180);
    let mut r = req();
    r.spec[0].to = d("2026-12-31");
    assert_eq!(check(&cert_of(&r), "2026-10-01").facts.unwrap().usage_end_cause, SpecialtyEnd);
    assert_eq!(check(&cert_of(&leap_born_request()), "2028-12-10").facts.unwrap().usage_end_cause, Birthday65);
}

// ---------- §4 field rules ----------

#[test]
fn id_number_rules() {
    let mut c = cert_of(&req());
    let good = c.idn.clone();
    let last = good.chars().last().unwrap();
    let wrong = if last == '1' { '2' } else { '1' };
    c.idn = format!("{}{}", &good[..17], wrong);
    assert_eq!(ew(&check(&c, "2026-10-01")), ["id_number_invalid"]);
    c.idn = good[..17].to_string();
    assert_eq!(ew(&check(&c, "2026-10-01")), ["id_number_invalid"], "17 characters: no mismatch check");
    // dob differs from characters 7–14
    let mut c = cert_of(&req());
    c.dob = d("1985-06-16");
    assert_eq!(ew(&check(&c, "2026-10-01")), ["id_mismatch"]);
    // sex differs from the 17th digit (3, odd → M)
    let mut c = cert_of(&req());
    c.sex = Sex::F;
    assert_eq!(ew(&check(&c, "2026-10-01")), ["id_mismatch"]);
    // a valid female ID
    let mut r = req();
    r.sex = Sex::F;
    r.idn = idn("11010119850615124");
    assert_eq!(check(&cert_of(&r), "2026-10-01").status, Status::Valid);
}

#[test]
fn uscc_and_registration_rules() {
    let mut c = cert_of(&req());
    let mut u: Vec<char> = c.uscc.chars().collect();
    u[17] = if u[17] == '0' { '1' } else { '0' };
    c.uscc = u.into_iter().collect();
    assert_eq!(ew(&check(&c, "2026-10-01")), ["uscc_invalid"]);
    let mut c = cert_of(&req());
    c.reg = "京111002023000001".into();
    assert_eq!(ew(&check(&c, "2026-10-01")), ["registration_number_invalid"]);
    c.reg = "沪144192012123".into();
    assert_eq!(check(&c, "2026-10-01").status, Status::Valid, "1 + 11 digits is allowed");
}

#[test]
fn specialty_list_rules_are_malformed_but_reported_with_others() {
    let mut c = cert_of(&req());
    c.spec.push(Specialty { n: "航天工程".into(), from: d("2023-01-01"), to: d("2028-01-01") });
    let v = check(&c, "2026-10-01");
    assert_eq!(ew(&v), ["malformed"]);
    assert!(v.certificate.is_some(), "field-level malformed does not stop the check");
    let mut c = cert_of(&req());
    c.spec.push(c.spec[0].clone());
    assert_eq!(ew(&check(&c, "2026-10-01")), ["malformed"], "duplicate");
    let mut c = cert_of(&req());
    c.spec = buildcert_bc1::rules::SPECIALTIES
        .iter()
        .map(|n| Specialty { n: n.to_string(), from: d("2023-01-01"), to: d("2028-12-31") })
        .collect();
    assert_eq!(check(&c, "2026-10-01").status, Status::Valid, "all ten is fine");
    c.spec.push(c.spec[0].clone());
    assert!(check(&c, "2026-10-01").has(Code::Malformed), "eleven");
    let mut c = cert_of(&req());
    c.spec[0].from = d("2029-01-01");
    assert!(check(&c, "2026-10-01").has(Code::Malformed), "spec from > to");
    // several failures reported together
    let mut c = cert_of(&req());
    c.uscc = "X".into();
    c.reg = "X".into();
    assert_eq!(ew(&check(&c, "2026-10-01")), ["registration_number_invalid", "uscc_invalid"]);
}

#[test]
fn use_and_iat_and_exp_rules() {
    let mut c = cert_of(&req());
    c.usage.from = d("2027-03-01");
    assert!(check(&c, "2026-10-01").has(Code::Malformed), "use.from > use.to");
    // iat on use.from (23:59:59 +08:00) is fine; one second later is not.
    let mut c = cert_of(&req());
    c.iat = cst_midnight(d("2026-09-02")) - 1;
    assert_eq!(check(&c, "2026-10-01").status, Status::Valid);
    c.iat = cst_midnight(d("2026-09-02"));
    assert_eq!(ew(&check(&c, "2026-10-01")), ["malformed"]);
    // exp must be exactly 00:00 +08:00 of the day after use.to.
    let mut c = cert_of(&req());
    c.exp += 1;
    assert_eq!(ew(&check(&c, "2026-10-01")), ["malformed"]);
    c.exp -= 2;
    assert_eq!(ew(&check(&c, "2026-10-01")), ["malformed"]);
}

// ---------- unreadable certificate map stops the check ----------

fn sign_cwt(cwt: Value) -> String {
    to_qr_text(&sign_cose_sign1(cbor_encode(&cwt), &issuer()))
}

fn cert_map_edit(edit: impl FnOnce(&mut Vec<(Value, Value)>)) -> String {
    let c = cert_of(&req());
    let Value::Map(mut claims) = c.to_cwt() else { unreachable!() };
    let Value::Map(ref mut m) = claims[3].1 else { unreachable!() };
    edit(m);
    sign_cwt(Value::Map(claims))
}

#[test]
fn unreadable_map_is_malformed_and_stops() {
    let t = trust_of(&base_trust());
    let cx = ctx("2030-01-01"); // would also be usage_expired if the check went on
    let cases: Vec<(&str, String)> = vec![
        ("missing name", cert_map_edit(|m| m.retain(|(k, _)| k != &Value::Text("name".into())))),
        ("v = 2", cert_map_edit(|m| m[0].1 = Value::Integer(2.into()))),
        ("dob as int", cert_map_edit(|m| m[5].1 = Value::Integer(19850615.into()))),
        ("bad date", cert_map_edit(|m| m[5].1 = Value::Text("1985-6-15".into()))),
        ("sex X", cert_map_edit(|m| m[4].1 = Value::Text("X".into()))),
        ("empty spec", cert_map_edit(|m| m[10].1 = Value::Array(vec![]))),
    ];
    for (what, text) in cases {
        let v = verify(&text, &t, &cx);
        assert_eq!(codes(&v), ["malformed"], "{what}");
        assert!(v.certificate.is_none(), "{what}");
    }
    // missing claim iat
    let c = cert_of(&req());
    let Value::Map(mut claims) = c.to_cwt() else { unreachable!() };
    claims.remove(1);
    assert_eq!(codes(&verify(&sign_cwt(Value::Map(claims)), &t, &cx)), ["malformed"]);
}

#[test]
fn unknown_keys_are_ignored() {
    let text = cert_map_edit(|m| m.push((Value::Text("future".into()), Value::Integer(7.into()))));
    assert_eq!(verify(&text, &trust_of(&base_trust()), &ctx("2026-10-01")).status, Status::Valid);
}

// ---------- §2/§3 decoding variants ----------

#[test]
fn decoding_variants_are_accepted() {
    let t = trust_of(&base_trust());
    let c = cert_of(&req());
    let cose = sign_cose_sign1(cbor_encode(&c.to_cwt()), &issuer());
    // uncompressed COSE
    let raw = format!("BC1:{}", base45::encode(&cose));
    assert_eq!(verify(&raw, &t, &ctx("2026-10-01")).status, Status::Valid);
    // untagged
    assert_eq!(verify(&to_qr_text(&cose[1..]), &t, &ctx("2026-10-01")).status, Status::Valid);
    // surrounding whitespace from a keyboard-mode scanner
    let text = format!(" \t{}\r\n", to_qr_text(&cose));
    assert_eq!(verify(&text, &t, &ctx("2026-10-01")).status, Status::Valid);
    // kid only in the unprotected header
    let kid = codec::key_id(&issuer().verifying_key().to_bytes());
    let protected = cbor_encode(&Value::Map(vec![(Value::Integer(1.into()), Value::Integer((-8).into()))]));
    let payload = cbor_encode(&c.to_cwt());
    use ed25519_dalek::Signer;
    let sig = issuer().sign(&codec::sig_structure(&protected, &payload));
    let cose2 = cbor_encode(&Value::Array(vec![
        Value::Bytes(protected),
        Value::Map(vec![(Value::Integer(4.into()), Value::Bytes(kid.to_vec()))]),
        Value::Bytes(payload),
        Value::Bytes(sig.to_bytes().to_vec()),
    ]));
    assert_eq!(verify(&to_qr_text(&cose2), &t, &ctx("2026-10-01")).status, Status::Valid);
}

#[test]
fn decode_failures_stop_with_one_reason() {
    let t = trust_of(&base_trust());
    for bad in ["", "BC1:", "HC1:ABC", "BC1:abc", "BC1:%%%", "BC1:ABCD", "hello world"] {
        let v = verify(bad, &t, &ctx("2026-10-01"));
        assert_eq!(codes(&v), ["malformed"], "{bad:?}");
        assert!(v.reasons[0].zh.contains("二维码内容格式错误"));
    }
    // ES256 alg
    let c = cert_of(&req());
    let protected = cbor_encode(&Value::Map(vec![(Value::Integer(1.into()), Value::Integer((-7).into()))]));
    let cose = cbor_encode(&Value::Array(vec![
        Value::Bytes(protected),
        Value::Map(vec![]),
        Value::Bytes(cbor_encode(&c.to_cwt())),
        Value::Bytes(vec![0; 64]),
    ]));
    assert_eq!(codes(&verify(&to_qr_text(&cose), &t, &ctx("2026-10-01"))), ["unsupported_algorithm"]);
    // inflated size over 16 KiB
    let mut big = c.clone();
    big.emp = "企".repeat(6000);
    let v = verify(&encode(&big, &issuer()), &t, &ctx("2026-10-01"));
    assert_eq!(codes(&v), ["malformed"]);
}

// ---------- §6 steps 2, 3, 5 ----------

#[test]
fn signature_and_key_rules() {
    let c = cert_of(&req());
    let t = trust_of(&base_trust());
    // unknown key
    let other = seed_key("someone-else");
    let v = verify(&encode(&c, &other), &t, &ctx("2026-10-01"));
    assert_eq!(codes(&v), ["unknown_key"]);
    assert!(v.certificate.is_none());
    // tampered payload: same kid, signature fails
    let cose = sign_cose_sign1(cbor_encode(&c.to_cwt()), &issuer());
    let mut p = codec::parse_cose_sign1(&cose).unwrap();
    let pos = p.payload.windows(6).position(|w| w == "张伟".as_bytes()).unwrap();
    p.payload[pos + 3..pos + 6].copy_from_slice("三".as_bytes());
    let forged = cbor_encode(&Value::Tag(
        18,
        Box::new(Value::Array(vec![
            Value::Bytes(p.protected_raw.clone()),
            Value::Map(vec![]),
            Value::Bytes(p.payload.clone()),
            Value::Bytes(p.signature.to_vec()),
        ])),
    ));
    let v = verify(&to_qr_text(&forged), &t, &ctx("2026-10-01"));
    assert_eq!(codes(&v), ["signature_invalid"]);
    assert!(v.certificate.is_none() && v.facts.is_none(), "no data shown as if it were true");
}

#[test]
fn several_keys_sharing_a_kid_are_each_tried() {
    let c = cert_of(&req());
    let mut tl = base_trust();
    let real = tl.keys[0].clone();
    let mut decoy = TrustList::key_entry(&seed_key("decoy").verifying_key(), ISS, SEAL, 0, i64::MAX);
    decoy.kid = real.kid; // same kid, other key (built directly: a decoded list would refuse it)
    tl.keys = vec![decoy, real];
    let v = verify(&encode(&c, &issuer()), &tl, &ctx("2026-10-01"));
    assert_eq!(v.status, Status::Valid);
}

#[test]
fn key_revoked_window_and_issuer() {
    let c = cert_of(&req());
    let text = encode(&c, &issuer());
    let with = |f: &dyn Fn(&mut buildcert_bc1::TrustedKey)| {
        let mut tl = base_trust();
        f(&mut tl.keys[0]);
        verify(&text, &trust_of(&tl), &ctx("2030-01-01"))
    };
    let v = with(&|k| k.revoked = Some(cst_midnight(d("2027-01-01"))));
    assert_eq!(codes(&v), ["key_revoked"], "stops: no usage_expired");
    assert!(v.certificate.is_none());
    assert_eq!(with(&|k| k.nbf = c.iat).status, Status::Invalid, "2030 is past use.to anyway");
    assert!(!with(&|k| k.nbf = c.iat).has(Code::KeyNotValidAtIssuance), "nbf == iat");
    assert_eq!(codes(&with(&|k| k.nbf = c.iat + 1)), ["key_not_valid_at_issuance"]);
    assert!(!with(&|k| k.exp = c.iat).has(Code::KeyNotValidAtIssuance), "exp == iat");
    assert_eq!(codes(&with(&|k| k.exp = c.iat - 1)), ["key_not_valid_at_issuance"]);
    assert_eq!(codes(&with(&|k| k.iss = "另一机关".into())), ["issuer_mismatch"]);
}

#[test]
fn revocation_and_cancellation() {
    let c = cert_of(&req());
    let mut tl = base_trust();
    tl.rl = vec![codec::hash16(&c.lid)];
    let v = verify(&encode(&c, &issuer()), &trust_of(&tl), &ctx("2026-10-01"));
    assert_eq!(ew(&v), ["revoked"]);
    let mut tl = base_trust();
    tl.rr = vec![codec::hash16(&c.reg)];
    let v = verify(&encode(&c, &issuer()), &trust_of(&tl), &ctx("2026-10-01"));
    assert_eq!(ew(&v), ["registration_cancelled"]);
    // another lid is not affected
    let mut tl = base_trust();
    tl.rl = vec![codec::hash16("other")];
    assert_eq!(verify(&encode(&c, &issuer()), &trust_of(&tl), &ctx("2026-10-01")).status, Status::Valid);
}

// ---------- §6 step 8 ----------

#[test]
fn trust_freshness_edges() {
    let c = cert_of(&req());
    let text = encode(&c, &issuer());
    let t = trust_of(&base_trust());
    let at = |now: i64| verify(&text, &t, &CheckContext::new(d("2026-10-01"), now));
    assert!(!at(t.next).has(Code::TrustListStale), "now == next");
    let v = at(t.next + 1);
    assert_eq!(ew(&v), ["trust_list_stale"]);
    assert!(v.reasons[0].zh.contains("天前"));
    assert!(!at(t.issued - 86_400).has(Code::ClockSuspect), "exactly one day early");
    assert_eq!(ew(&at(t.issued - 86_401)), ["clock_suspect"]);
}

// ---------- §6 step 9 ----------

#[test]
fn tender_policy() {
    let c = two_specialties();
    let text = encode(&c, &issuer());
    let t = trust_of(&base_trust());
    let mut cx = ctx("2026-10-01");
    cx.policy = Some(Policy {
        employer_uscc: Some(c.uscc.clone()),
        required_specialties: vec!["建筑工程".into(), "机电工程".into()],
    });
    assert_eq!(verify(&text, &t, &cx).status, Status::Valid);
    cx.policy = Some(Policy {
        employer_uscc: Some(uscc("91310000200000000")),
        required_specialties: vec!["公路工程".into()],
    });
    assert_eq!(ew(&verify(&text, &t, &cx)), ["employer_mismatch", "specialty_missing"]);
    // present, but not valid at D
    cx.date = d("2027-01-01");
    cx.policy = Some(Policy { employer_uscc: None, required_specialties: vec!["机电工程".into()] });
    let v = verify(&text, &t, &cx);
    assert!(v.has(Code::SpecialtyMissing));
    assert!(v.reasons.iter().any(|r| r.code == Code::SpecialtyMissing && r.severity == Severity::Error));
}

// ---------- §8 ----------

#[test]
fn pdf_payload_rules() {
    let (tb, root, text) = testkit::sample();
    let t = TrustList::decode_verified(&tb, &[root]).unwrap();
    let cx = ctx("2026-10-01");
    let other = encode(&cert_of(&leap_born_request()), &issuer());
    // QR and the same attachment
    let v = verify_document(std::slice::from_ref(&text), Some(&format!("{text}\n")), &t, &cx).unwrap();
    assert_eq!(v.status, Status::Valid);
    // QR differs from attachment
    let v = verify_document(std::slice::from_ref(&text), Some(&other), &t, &cx).unwrap();
    assert_eq!(ew(&v), ["pdf_payload_mismatch"]);
    // no QR, attachment only
    let v = verify_document(&[], Some(&text), &t, &cx).unwrap();
    assert_eq!(ew(&v), ["qr_unreadable"]);
    assert_eq!(v.status, Status::Warning);
    // a non-BC1 QR (a URL) and the attachment
    let v = verify_document(&["https://example.invalid/q?id=1".into()], Some(&text), &t, &cx).unwrap();
    assert_eq!(ew(&v), ["qr_unreadable"]);
    // QR only
    assert_eq!(choose_document_payload(std::slice::from_ref(&text), None).unwrap().extra.len(), 0);
    // nothing
    assert!(verify_document(&[], None, &t, &cx).is_none());
}

#[test]
fn issuer_refuses_inputs_that_break_section_4() {
    let mut r = req();
    r.idn = format!("{}0", &r.idn[..17]);
    if buildcert_bc1::rules::id_number_valid(&r.idn) {
        r.idn = format!("{}1", &r.idn[..17]);
    }
    let e = build_certificate(&r).unwrap_err();
    assert!(e.message().0.contains("身份号码"), "{e}");
    let mut r = req();
    r.spec[0].n = "航天工程".into();
    assert!(build_certificate(&r).is_err());
    let mut r = req();
    r.spec.clear();
    assert!(build_certificate(&r).is_err());
}

#[test]
fn every_code_has_zh_and_en_messages_in_verdicts() {
    let c = cert_of(&req());
    let v = check(&c, "2027-02-28");
    for r in &v.reasons {
        assert!(!r.zh.is_empty() && !r.en.is_empty());
        assert!(r.zh.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)));
    }
}
