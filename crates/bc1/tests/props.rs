//! Property tests: issuer and verifier agree on §4 for any dates, and no
//! input makes the decoder panic.

use buildcert_bc1::cert::Specialty;
use buildcert_bc1::date::{add_days, cst_midnight, parse_date};
use buildcert_bc1::testkit::{idn, seed_key, ISS, SEAL};
use buildcert_bc1::{build_certificate, encode, verify, CheckContext, Code, Status, TrustList};
use chrono::NaiveDate;
use proptest::prelude::*;

fn trust() -> TrustList {
    let tl = TrustList {
        seq: 1,
        issued: 0,
        next: i64::MAX,
        keys: vec![TrustList::key_entry(&seed_key("issuer-public").verifying_key(), ISS, SEAL, 0, i64::MAX)],
        rl: vec![],
        rr: vec![],
        root_kid: String::new(),
        raw: vec![],
        demo: false,
    };
    TrustList::decode_verified(&tl.sign(&seed_key("root-public")), &[seed_key("root-public").verifying_key()]).unwrap()
}

fn day(n: i64) -> NaiveDate {
    add_days(parse_date("1950-01-01").unwrap(), n)
}

const NAMES: [&str; 10] = buildcert_bc1::rules::SPECIALTIES;

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn issuer_and_verifier_agree_on_the_cap(
        dob_n in 0i64..22_000,           // 1950..2010
        from_n in 25_000i64..31_000,     // ~2018..2034
        specs in proptest::collection::vec((0i64..4000, 0i64..4000), 1..4),
        secs in 0i64..86_400,
        male in any::<bool>(),
    ) {
        let dob = day(dob_n);
        let use_from = day(from_n);
        prop_assume!(dob < use_from && buildcert_bc1::date::birthday65(dob) >= use_from);
        let first17 = format!("110101{}12{}", dob.format("%Y%m%d"), if male { 3 } else { 4 });
        let spec: Vec<Specialty> = specs.iter().enumerate().map(|(i, (a, len))| {
            let from = add_days(use_from, -a);
            Specialty { n: NAMES[i].to_string(), from, to: add_days(from, *len) }
        }).collect();
        let mut req = buildcert_bc1::testkit::sample_request();
        req.iss = ISS.into();
        req.dob = dob;
        req.sex = if male { buildcert_bc1::Sex::M } else { buildcert_bc1::Sex::F };
        req.idn = idn(&first17);
        req.iat = cst_midnight(use_from) + secs;
        req.spec = spec;
        let cert = build_certificate(&req).unwrap();
        let t = trust();
        let text = encode(&cert, &seed_key("issuer-public"));
        let at_from = verify(&text, &t, &CheckContext::new(cert.usage.from, cst_midnight(cert.usage.from)));
        prop_assert!(!at_from.has(Code::UsageInconsistent) && !at_from.has(Code::Malformed), "{:?}", at_from.reasons);
        prop_assert!(!at_from.has(Code::NotYetValid));
        if cert.usage.to >= cert.usage.from {
            let at_to = verify(&text, &t, &CheckContext::new(cert.usage.to, cst_midnight(cert.usage.to)));
            prop_assert!(!at_to.has(Code::UsageExpired));
            let after = verify(&text, &t, &CheckContext::new(add_days(cert.usage.to, 1), 0));
            prop_assert!(after.has(Code::UsageExpired));
            prop_assert_eq!(after.status, Status::Invalid);
        }
        prop_assert!(cert.usage.to <= add_days(cert.usage.from, 179));
    }

    #[test]
    fn no_string_panics(s in ".{0,300}") {
        let _ = verify(&s, &trust(), &CheckContext::new(day(27_000), 0));
        let _ = verify(&format!("BC1:{s}"), &trust(), &CheckContext::new(day(27_000), 0));
    }

    #[test]
    fn no_base45_text_panics(s in "[0-9A-Z $%*+./:-]{0,600}") {
        let _ = verify(&format!("BC1:{s}"), &trust(), &CheckContext::new(day(27_000), 0));
    }

    #[test]
    fn no_byte_payload_panics(b in proptest::collection::vec(any::<u8>(), 0..800), zlib in any::<bool>()) {
        let bytes = if zlib {
            use std::io::Write;
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(&b).unwrap();
            e.finish().unwrap()
        } else { b.clone() };
        let _ = verify(&format!("BC1:{}", base45::encode(&bytes)), &trust(), &CheckContext::new(day(27_000), 0));
        let _ = TrustList::decode_verified(&b, &[seed_key("root-public").verifying_key()]);
    }

    #[test]
    fn no_single_character_mutation_verifies_as_something_else(pos in 4usize..500, ch in "[0-9A-Z $%*+./:-]") {
        let (tb, root, text) = buildcert_bc1::testkit::sample();
        let t = TrustList::decode_verified(&tb, &[root]).unwrap();
        let mut chars: Vec<char> = text.chars().collect();
        let pos = pos % chars.len();
        let c = ch.chars().next().unwrap();
        prop_assume!(chars[pos] != c);
        chars[pos] = c;
        let mutated: String = chars.into_iter().collect();
        let v = verify(&mutated, &t, &CheckContext::new(parse_date("2026-10-01").unwrap(), 1_790_000_000));
        prop_assert_eq!(v.status, Status::Invalid);
    }
}
