//! The demo keys ([`DemoKeys`], seeded or random) and the two demo trust
//! lists they sign.

use buildcert_bc1::codec::key_id;
use buildcert_bc1::date::{add_days, add_years, cst_midnight};
use buildcert_bc1::{SigningKey, TrustList};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::{DemoCert, DemoState, DEMO_ISS, DEMO_SEAL};

/// The three demo keys, derived from the seed (public: demo only).
#[derive(Debug, Clone)]
pub struct DemoKeys {
    /// Root key: signs the demo trust lists.
    pub root: SigningKey,
    /// Issuer key: in the trust list, signs the demo certificates.
    pub issuer: SigningKey,
    /// A key that is not in the trust list (for `unknown_key`).
    pub untrusted: SigningKey,
}

impl DemoKeys {
    /// Three fresh keys from the operating system's CSPRNG.
    pub fn random() -> DemoKeys {
        let mut rng = rand_core::OsRng;
        DemoKeys {
            root: SigningKey::generate(&mut rng),
            issuer: SigningKey::generate(&mut rng),
            untrusted: SigningKey::generate(&mut rng),
        }
    }
}

/// The demo keys for `seed`: seed = SHA-256("buildcert-demo-key|SEED|ROLE").
/// Anyone can derive them: for reproducible test output only, never pinned.
pub fn demo_keys(seed: u64) -> DemoKeys {
    let k = |role: &str| {
        SigningKey::from_bytes(&Sha256::digest(format!("buildcert-demo-key|{seed}|{role}").as_bytes()).into())
    };
    DemoKeys { root: k("root"), issuer: k("issuer"), untrusted: k("untrusted") }
}

/// The demo trust lists: seq 1 (`trust.bctl`) and seq 2 (`trust-2.bctl`,
/// additionally revoking the [`DemoState::RevokedInSeq2`] certificate).
pub fn demo_trust_lists(keys: &DemoKeys, today: NaiveDate, certs: &[DemoCert]) -> (TrustList, TrustList) {
    let lids = |pred: &dyn Fn(DemoState) -> bool| -> Vec<[u8; 16]> {
        let mut v: Vec<[u8; 16]> =
            certs.iter().filter(|c| pred(c.state)).map(|c| buildcert_bc1::codec::hash16(&c.request.lid)).collect();
        v.sort_unstable();
        v
    };
    let mut rr: Vec<[u8; 16]> = certs
        .iter()
        .filter(|c| c.state == DemoState::RegistrationCancelled)
        .map(|c| buildcert_bc1::codec::hash16(&c.request.reg))
        .collect();
    rr.sort_unstable();
    let key = TrustList::key_entry(
        &keys.issuer.verifying_key(),
        DEMO_ISS,
        DEMO_SEAL,
        cst_midnight(add_years(today, -6)),
        cst_midnight(add_years(today, 5)),
    );
    let first = TrustList {
        seq: 1,
        issued: cst_midnight(add_days(today, -1)),
        next: cst_midnight(add_days(today, 365)),
        keys: vec![key],
        rl: lids(&|s| s == DemoState::Revoked),
        rr,
        root_kid: hex::encode(key_id(&keys.root.verifying_key().to_bytes())),
        raw: Vec::new(),
        demo: false,
    };
    let second = TrustList {
        seq: 2,
        issued: cst_midnight(today),
        rl: lids(&|s| s == DemoState::Revoked || s == DemoState::RevokedInSeq2),
        ..first.clone()
    };
    (first, second)
}
