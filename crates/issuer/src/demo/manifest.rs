//! The types of a demo set's `manifest.json`: the expected verdicts, and
//! one entry per file, certificate, trust list, official page and key.

use buildcert_bc1::{Severity, Verdict};
use serde::{Deserialize, Serialize};

/// The expected outcome of verifying a file at the demo's check date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expected {
    /// `valid`, `warning` or `invalid` (BC1 §6).
    pub status: String,
    /// Error and warning codes, sorted.
    pub codes: Vec<String>,
    /// Info codes, sorted.
    pub info_codes: Vec<String>,
}

impl Expected {
    /// From a verdict.
    pub fn of(v: &Verdict) -> Expected {
        let mut info: Vec<String> =
            v.reasons.iter().filter(|r| r.severity == Severity::Info).map(|r| r.code.as_str().to_string()).collect();
        info.sort();
        info.dedup();
        Expected {
            status: v.status.as_str().to_string(),
            codes: v.error_and_warning_codes().iter().map(|c| c.as_str().to_string()).collect(),
            info_codes: info,
        }
    }
}

/// One file of the demo set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path relative to the demo directory, `/`-separated.
    pub path: String,
    /// `root_key`, `root_public_key`, `issuer_key`, `issuer_public_key`,
    /// `trust_list`, `qr_text`, `qr_png`, `qr_svg`, `certificate_pdf`,
    /// `scan_pdf`, `photo_jpg` or `official`.
    pub kind: String,
    /// The certificate's number, for certificate files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<usize>,
    /// The certificate's state (kebab-case), for certificate files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Verdict with `trust.bctl` (seq 1) at `today`/`now`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<Expected>,
    /// Verdict with `trust-2.bctl` (seq 2) at `today`/`now`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_with_trust_2: Option<Expected>,
}

/// One demo certificate in the manifest (ID number masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertEntry {
    /// 1-based number.
    pub number: usize,
    /// State (kebab-case).
    pub state: String,
    /// What the state shows, Chinese.
    pub state_zh: String,
    /// What the state shows, English.
    pub state_en: String,
    /// 姓名.
    pub name: String,
    /// 注册编号.
    pub reg: String,
    /// 公民身份号码, masked.
    pub id_masked: String,
    /// 聘用企业.
    pub employer: String,
    /// 统一社会信用代码.
    pub uscc: String,
    /// 证照标识.
    pub lid: String,
    /// 使用有效期 from.
    pub use_from: String,
    /// 使用有效期 to.
    pub use_to: String,
    /// 注册专业 `name from..to`.
    pub specialties: Vec<String>,
    /// Signed by the trusted issuer key.
    pub trusted_signer: bool,
    /// Verdict with trust list seq 1.
    pub expected: Expected,
    /// Verdict with trust list seq 2.
    pub expected_with_trust_2: Expected,
    /// Codes a wallet adds (holding the whole set): `superseded`.
    pub wallet_codes: Vec<String>,
    /// For a superseded copy: the number of the newer copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<usize>,
    /// Its files.
    pub files: Vec<String>,
}

/// One trust list of the demo set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustEntry {
    /// Path.
    pub path: String,
    /// seq.
    pub seq: u64,
    /// issued, epoch seconds.
    pub issued: i64,
    /// next, epoch seconds.
    pub next: i64,
    /// Numbers of the certificates revoked in it.
    pub revoked: Vec<usize>,
    /// Numbers of the certificates whose registration it cancels.
    pub cancelled: Vec<usize>,
    /// The certificates revoked here but not in the previous list.
    pub newly_revoked: Vec<usize>,
}

/// An official-layout page (today's government format, QR holds a URL, not BC1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficialEntry {
    /// Path.
    pub path: String,
    /// Always `official`.
    pub kind: String,
    /// 姓名.
    pub name: String,
    /// 性别 as printed.
    pub sex: String,
    /// 出生日期 (YYYY-MM-DD).
    pub dob: String,
    /// 注册编号.
    pub reg: String,
    /// 聘用企业.
    pub employer: String,
    /// 统一社会信用代码.
    pub uscc: String,
    /// 注册专业 (name, from, to; YYYY-MM-DD).
    pub specialties: Vec<[String; 3]>,
    /// 发证日期.
    pub issued: String,
    /// 使用有效期 from.
    pub use_from: String,
    /// 使用有效期 to.
    pub use_to: String,
    /// What the QR code holds.
    pub query_url: String,
    /// Label colon (`：` or `:`).
    pub colon: String,
    /// Date style: `iso`, `iso_short` or `chinese`.
    pub date_style: String,
    /// Number of pages.
    pub pages: usize,
    /// /Rotate of the pages.
    pub rotate: u16,
    /// The text lines exactly as printed, in reading order.
    pub lines: Vec<String>,
}

/// Public key information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyEntry {
    /// Raw public key, hex.
    pub public: String,
    /// kid, hex.
    pub kid: String,
}

/// `manifest.json` of a demo set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`MANIFEST_FORMAT`](super::MANIFEST_FORMAT).
    pub format: String,
    /// 演示 / DEMO.
    pub label: String,
    /// Seed.
    pub seed: u64,
    /// Check date the expectations hold for (YYYY-MM-DD).
    pub today: String,
    /// The instant the expectations hold for (12:00 UTC+08:00 on `today`), epoch seconds.
    pub now: i64,
    /// Number of certificates.
    pub count: usize,
    /// Issuing authority.
    pub iss: String,
    /// Seal name.
    pub seal: String,
    /// Root key (pin it to accept the demo trust lists).
    pub root: KeyEntry,
    /// Issuer key (in the trust lists).
    pub issuer: KeyEntry,
    /// The key not in the trust lists.
    pub untrusted: KeyEntry,
    /// Trust lists.
    pub trust_lists: Vec<TrustEntry>,
    /// Every state covered (kebab-case).
    pub states: Vec<String>,
    /// Certificates.
    pub certificates: Vec<CertEntry>,
    /// Official-layout pages.
    pub official: Vec<OfficialEntry>,
    /// Every file written (but this manifest).
    pub files: Vec<FileEntry>,
}
