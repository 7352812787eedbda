//! Demo data (演示): keys, two trust lists and synthetic first-class
//! constructors in every state the app must show, deterministic from
//! (seed, today, count).
//!
//! Everything here is labelled 演示 / DEMO: the issuing authority, the seal,
//! the watermark on every page.
//!
//! Keys: with a seed ([`demo_keys`]) they are derived from a public formula,
//! so anyone can sign with them: that is only for reproducible test output
//! written with `--out`, which nothing pins. A demo that is installed (the
//! app's demo offer, `buildcert demo install`, `make run`) takes
//! [`DemoOptions::random_keys`]: fresh keys from the operating system's
//! CSPRNG, and no private key is written anywhere; they are dropped (and
//! zeroed) once the set is signed.
//!
//! The synthetic people and their certificates are in `people`, the demo
//! keys and trust lists in `trust`, the manifest's types in `manifest`, and
//! the writing of a set in `write`; this module holds the states they show.

mod manifest;
mod people;
mod trust;
mod write;

use serde::{Deserialize, Serialize};

pub use manifest::{CertEntry, Expected, FileEntry, KeyEntry, Manifest, OfficialEntry, TrustEntry};
pub use people::{demo_certificates, employer_uscc, DemoCert, EMPLOYERS};
pub use trust::{demo_keys, demo_trust_lists, DemoKeys};
pub use write::{demo, DemoOptions};

/// Issuing authority of demo certificates and of the demo key.
pub const DEMO_ISS: &str = "住房和城乡建设部（演示）";
/// Seal name of the demo key, printed on demo pages.
pub const DEMO_SEAL: &str = "演示用一级建造师行政许可专用章 DEMO";
/// Seal printed on the demo official-layout pages.
pub const DEMO_OFFICIAL_SEAL: &str = "住房和城乡建设部（演示）电子印章 DEMO";
/// The label shown wherever demo data appears.
pub const DEMO_LABEL: &str = "演示 / DEMO";
/// Manifest format identifier.
pub const MANIFEST_FORMAT: &str = "buildcert-demo-manifest/1";

/// A state the app must show. The first [`STATE_ORDER`]`.len()` demo
/// certificates have these states in this order; further ones cycle through
/// [`EXTRA_CYCLE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DemoState {
    /// Valid, nothing to note.
    Valid,
    /// Usage period ends in 3–25 days (`usage_expiring`).
    UsageExpiring,
    /// Usage period over 5–60 days ago (`usage_expired`).
    UsageExpired,
    /// One specialty ends in 5–25 days (`renewal_window_open`).
    RenewalWindow,
    /// One specialty ended 10–60 days ago (`specialty_expired`), another is valid.
    SpecialtyLapsed,
    /// The 65th birthday is 100–150 days away (`age_limit_approaching`, info).
    Near65,
    /// The e-certificate is revoked in both trust lists (`revoked`).
    Revoked,
    /// The registration is cancelled (`registration_cancelled`).
    RegistrationCancelled,
    /// An older download of the next certificate's registration (the wallet shows `superseded`).
    Superseded,
    /// The newer download that supersedes the previous certificate.
    NewerCopy,
    /// Signed by a key that is not in the trust list (`unknown_key`).
    UnknownKey,
    /// Valid under trust list seq 1, revoked in seq 2 (`trust-2.bctl`).
    RevokedInSeq2,
}

/// The states of demo certificates 1, 2, … in order.
pub const STATE_ORDER: [DemoState; 12] = [
    DemoState::Valid,
    DemoState::UsageExpiring,
    DemoState::UsageExpired,
    DemoState::RenewalWindow,
    DemoState::SpecialtyLapsed,
    DemoState::Near65,
    DemoState::Revoked,
    DemoState::RegistrationCancelled,
    DemoState::Superseded,
    DemoState::NewerCopy,
    DemoState::UnknownKey,
    DemoState::RevokedInSeq2,
];

/// States of certificates after the first twelve (for large sets, e.g. benchmarks).
pub const EXTRA_CYCLE: [DemoState; 8] = [
    DemoState::Valid,
    DemoState::Valid,
    DemoState::UsageExpiring,
    DemoState::RenewalWindow,
    DemoState::Valid,
    DemoState::SpecialtyLapsed,
    DemoState::UsageExpired,
    DemoState::Near65,
];

/// The fewest certificates that cover every state.
pub const MIN_COUNT: usize = STATE_ORDER.len();

impl DemoState {
    /// The state of demo certificate `number` (1-based).
    pub fn of(number: usize) -> DemoState {
        let i = number.saturating_sub(1);
        if i < STATE_ORDER.len() {
            STATE_ORDER[i]
        } else {
            EXTRA_CYCLE[(i - STATE_ORDER.len()) % EXTRA_CYCLE.len()]
        }
    }

    /// The file-name form (`usage-expiring`).
    pub fn slug(self) -> &'static str {
        match self {
            DemoState::Valid => "valid",
            DemoState::UsageExpiring => "usage-expiring",
            DemoState::UsageExpired => "usage-expired",
            DemoState::RenewalWindow => "renewal-window",
            DemoState::SpecialtyLapsed => "specialty-lapsed",
            DemoState::Near65 => "near-65",
            DemoState::Revoked => "revoked",
            DemoState::RegistrationCancelled => "registration-cancelled",
            DemoState::Superseded => "superseded",
            DemoState::NewerCopy => "newer-copy",
            DemoState::UnknownKey => "unknown-key",
            DemoState::RevokedInSeq2 => "revoked-in-seq2",
        }
    }

    /// What the state shows, in Chinese and English (terms.md wording).
    pub fn describe(self) -> (&'static str, &'static str) {
        match self {
            DemoState::Valid => ("有效", "valid"),
            DemoState::UsageExpiring => ("使用有效期即将届满", "usage period ending soon"),
            DemoState::UsageExpired => ("使用有效期已过，请重新下载", "usage period over: download a new copy"),
            DemoState::RenewalWindow => ("请在有效期届满前申请延续注册", "apply for continuation registration now"),
            DemoState::SpecialtyLapsed => ("注册专业已过有效期", "specialty validity ended"),
            DemoState::Near65 => ("即将年满65周岁", "65th birthday approaching"),
            DemoState::Revoked => ("电子证书已被撤销", "e-certificate revoked"),
            DemoState::RegistrationCancelled => ("注册已注销", "registration cancelled"),
            DemoState::Superseded => ("已有更新的下载版本", "a newer copy exists"),
            DemoState::NewerCopy => ("较新的下载版本", "the newer copy"),
            DemoState::UnknownKey => ("签发密钥不在信任列表中", "issuer key not in the trust list"),
            DemoState::RevokedInSeq2 => ("在信任列表序号2中被撤销", "revoked in trust list seq 2"),
        }
    }
}
