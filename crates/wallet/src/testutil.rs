//! Deterministic certificates for tests, the crash harness and benchmarks
//! (public test keys from `buildcert_bc1::testkit`: never trust them).

use buildcert_bc1::date::{cst_midnight, parse_date};
use buildcert_bc1::testkit::{idn, sample_request, seed_key, trust_list, uscc};
use buildcert_bc1::{build_certificate, encode, IssueRequest, SigningKey, VerifyingKey};
use chrono::NaiveDate;

const NAMES: [&str; 8] = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄丽"];
const EMPLOYERS: [&str; 4] = ["北京建工示范有限公司", "上海城建示范集团", "广东路桥示范有限公司", "四川水利示范工程局"];

/// The test root key ("root-public").
pub fn root() -> SigningKey {
    seed_key("root-public")
}

/// The test issuer key ("issuer-public").
pub fn issuer() -> SigningKey {
    seed_key("issuer-public")
}

/// The root public key as hex.
pub fn root_hex() -> String {
    hex::encode(root().verifying_key().to_bytes())
}

/// A trust list of `seq` trusting `issuers`, with revoked lids `rl`.
pub fn trust_bytes(seq: u64, issuers: &[VerifyingKey], rl: &[&str]) -> Vec<u8> {
    if issuers.len() == 1 && rl.is_empty() {
        return trust_list(&root(), &issuers[0], seq);
    }
    let far = cst_midnight(parse_date("2036-01-01").expect("date"));
    buildcert_bc1::TrustList {
        seq,
        issued: cst_midnight(parse_date("2026-01-01").expect("date")),
        next: far,
        keys: issuers
            .iter()
            .map(|k| {
                buildcert_bc1::TrustList::key_entry(
                    k,
                    buildcert_bc1::testkit::ISS,
                    buildcert_bc1::testkit::SEAL,
                    0,
                    far,
                )
            })
            .collect(),
        rl: rl.iter().map(|l| buildcert_bc1::codec::hash16(l)).collect(),
        rr: vec![],
        root_kid: String::new(),
        raw: vec![],
        demo: false,
    }
    .sign(&root())
}

/// The request for holder number `holder` (registration, name, ID and
/// employer derived from it), downloaded on `download` with e-licence id `lid`.
pub fn request(holder: u32, lid: u64, download: NaiveDate) -> IssueRequest {
    let mut r = sample_request();
    r.lid = format!("{lid:016}");
    r.reg = format!("京1{:015}", 110_020_230_000_000u64 + u64::from(holder));
    r.name = format!("{}{}", NAMES[holder as usize % NAMES.len()], holder);
    // 17th digit odd: male, as in the sample.
    r.idn = idn(&format!("11010119850615{:02}{}", holder % 100, (holder % 5) * 2 + 1));
    r.emp = EMPLOYERS[holder as usize % EMPLOYERS.len()].to_string();
    r.uscc = uscc("91110000100000000");
    r.iat = cst_midnight(download) + 10 * 3600;
    r
}

/// A signed QR text for [`request`] by `key`.
pub fn text_by(holder: u32, lid: u64, download: NaiveDate, key: &SigningKey) -> String {
    encode(&build_certificate(&request(holder, lid, download)).expect("valid request"), key)
}

/// A signed QR text for [`request`] by the test issuer.
pub fn text(holder: u32, lid: u64, download: NaiveDate) -> String {
    text_by(holder, lid, download, &issuer())
}

/// 2026-09-01, the sample's download day.
pub fn day0() -> NaiveDate {
    parse_date("2026-09-01").expect("date")
}

/// An official-format entry for holder number `holder` (the same person as
/// [`request`]: registration, name, birth date, masked ID), whose usage
/// period starts on `use_from` and ends at §4's cap.
pub fn official_entry(holder: u32, use_from: NaiveDate) -> buildcert_official::ConfirmedEntry {
    let r = request(holder, 0, use_from);
    let spec = vec![buildcert_official::OfficialSpecialty {
        name: "建筑工程".into(),
        from: parse_date("2023-03-01").expect("date"),
        to: parse_date("2028-12-31").expect("date"),
    }];
    let cap = buildcert_bc1::rules::usage_cap(use_from, spec.iter().map(|s| s.to), r.dob);
    buildcert_official::ConfirmedEntry {
        name: r.name.clone(),
        sex: r.sex,
        dob: r.dob,
        reg: r.reg.clone(),
        employer: r.emp.clone(),
        uscc: r.uscc.clone(),
        idn: Some(buildcert_bc1::rules::mask_id(&r.idn)),
        specialties: spec,
        issued: parse_date("2023-03-01").expect("date"),
        use_from,
        use_to: cap,
        query_urls: vec![],
        confirmed_at: 0,
        edited: vec![],
    }
}
