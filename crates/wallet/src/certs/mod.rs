//! Importing, listing, showing and removing e-certificates, and re-verifying
//! everything stored when a trust list arrives.
//!
//! Importing is in `import`, listing, showing and removing in `list`,
//! re-verifying in `reverify`, and the rule of which copy supersedes which
//! in `superseded`; this module holds the types they share.

mod import;
mod list;
mod reverify;
mod superseded;

use buildcert_bc1::{Certificate, Code, Reason, Severity, Specialty, Verdict};
use buildcert_official::{ConfirmedEntry, OfficialVerdict};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Result, WalletError};

pub(crate) use superseded::{mark_superseded, superseded_reason, SUPERSEDES};

/// The largest original file the wallet keeps (20 MiB).
pub const MAX_ORIGINAL_BYTES: u64 = 20 << 20;

/// How far a stored certificate is trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TrustState {
    /// Signature verified under the current trust list; no status or content error.
    Verified,
    /// 未验证: signed by a key the trust list does not know (yet), or no
    /// trust list yet. Its content is shown only as unverified.
    Unverified,
    /// Verified once, but a later trust list or check found an error that
    /// is not about time (revoked, key revoked, registration cancelled …).
    /// Kept, clearly marked, with the reasons.
    Rejected,
    /// 未验证（官方格式） / unverified (official format): an entry the holder
    /// confirmed from today's official-format certificate (kind `official`).
    /// Its signature and seal are never verified by BuildCert; only the
    /// date rules run on it. Stored as `unverified` in the `trust_state`
    /// column and told apart by the `kind` column.
    OfficialUnverified,
}

impl TrustState {
    /// The stable string.
    pub fn as_str(self) -> &'static str {
        match self {
            TrustState::Verified => "verified",
            TrustState::Unverified => "unverified",
            TrustState::Rejected => "rejected",
            TrustState::OfficialUnverified => "official_unverified",
        }
    }

    /// The value of the `trust_state` column (official entries are stored
    /// as `unverified`; the `kind` column tells them apart).
    pub(crate) fn column(self) -> &'static str {
        match self {
            TrustState::OfficialUnverified => "unverified",
            s => s.as_str(),
        }
    }

    fn parse(s: &str) -> TrustState {
        match s {
            "verified" => TrustState::Verified,
            "rejected" => TrustState::Rejected,
            _ => TrustState::Unverified,
        }
    }

    /// The state of a row from its `kind` and `trust_state` columns.
    pub(crate) fn of_row(kind: &str, state: &str) -> TrustState {
        if kind == "official" {
            TrustState::OfficialUnverified
        } else {
            TrustState::parse(state)
        }
    }

    /// 已验证 / 未验证 / 无效 with the English word (terms.md).
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            TrustState::Verified => ("已验证", "Verified"),
            TrustState::Unverified => ("未验证", "Not verified"),
            TrustState::Rejected => ("无效", "Not valid"),
            TrustState::OfficialUnverified => (buildcert_official::TERM_ZH, buildcert_official::TERM_EN),
        }
    }
}

/// Codes about time: a copy that only has these is still genuine and is
/// kept as verified (its alerts say what to do).
const TIME_CODES: [Code; 4] = [Code::NotYetValid, Code::UsageExpired, Code::AgeLimitReached, Code::NoValidSpecialty];

/// The trust state a verdict gives a stored copy.
pub fn classify(v: &Verdict) -> TrustState {
    let errors: Vec<Code> = v.reasons.iter().filter(|r| r.severity == Severity::Error).map(|r| r.code).collect();
    if errors.iter().all(|c| TIME_CODES.contains(c) || matches!(c, Code::EmployerMismatch | Code::SpecialtyMissing)) {
        TrustState::Verified
    } else if errors.iter().all(|c| *c == Code::UnknownKey) {
        TrustState::Unverified
    } else {
        TrustState::Rejected
    }
}

/// One row of the wallet's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CertSummary {
    /// Wallet id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// `bc1` or `official`.
    pub kind: String,
    /// E-licence identifier (证照标识).
    pub lid: Option<String>,
    /// Registration number (注册编号).
    pub registration: String,
    /// Holder name.
    pub holder_name: String,
    /// Resident ID number, masked (**************123X).
    pub id_masked: String,
    /// Employer (聘用企业).
    pub employer: String,
    /// Employer's USCC.
    pub uscc: String,
    /// Download time (iat), epoch seconds.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub iat: i64,
    /// Download date (UTC+08:00).
    pub downloaded: Option<NaiveDate>,
    /// Date of birth.
    pub dob: NaiveDate,
    /// Usage period, first day.
    pub usage_from: NaiveDate,
    /// Usage period, last day.
    pub usage_to: NaiveDate,
    /// Registered specialties and their validity.
    pub specialties: Vec<Specialty>,
    /// Verified / unverified / rejected / official_unverified (kind `official`).
    pub trust_state: TrustState,
    /// A newer copy of the same registration and holder is stored.
    pub superseded: bool,
    /// seq of the trust list it was last checked under.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub trust_seq: Option<u64>,
    /// Epoch seconds when it was added.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub added_at: i64,
    /// Original file name.
    pub file_name: Option<String>,
}

/// Everything about one stored certificate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CertDetail {
    /// The list row.
    pub summary: CertSummary,
    /// The certificate, ID number masked. Unverified when `trust_state` is not verified.
    /// For an official-format entry (kind `official`) these are the
    /// holder-confirmed fields in the same shape, for display only: `iss`
    /// is the words 未验证（官方格式） / Unverified (official format), `lid`
    /// is empty and `iat` is 00:00 UTC+08:00 of the usage start. Use
    /// `official` and `official_verdict` for such entries.
    pub certificate: Certificate,
    /// Reasons of the last stored check (import or trust-list import).
    pub stored_reasons: Vec<Reason>,
    /// A fresh verdict at the requested date under the given trust list
    /// (with `superseded` added for older copies); `None` without a trust list.
    pub verdict: Option<Verdict>,
    /// Size of the original file in bytes.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub file_size: Option<u64>,
    /// SHA-256 of the original file, hex.
    pub file_sha256: Option<String>,
    /// For an official-format entry: the holder-confirmed entry, ID number masked.
    pub official: Option<ConfirmedEntry>,
    /// For an official-format entry: the BC1 date rules at the requested
    /// date (status always `unverified`; `usage_inconsistent` when the
    /// printed usage end is beyond §4's cap; `superseded` for an older copy).
    pub official_verdict: Option<OfficialVerdict>,
}

/// Filters for [`Wallet::list`](crate::Wallet::list).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ListFilter {
    /// Text found in the name, registration number, employer, USCC or lid.
    pub query: Option<String>,
    /// Also list superseded copies (default: only current ones).
    pub include_superseded: bool,
}

/// What importing one input did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportResult {
    /// Wallet id of the certificate.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// `false` when a copy with the same e-licence identifier was already stored.
    pub added: bool,
    /// E-licence identifier.
    pub lid: String,
    /// Registration number.
    pub registration: String,
    /// Holder name.
    pub holder_name: String,
    /// Masked ID number.
    pub id_masked: String,
    /// Verified or unverified.
    pub trust_state: TrustState,
    /// The verdict status at the check date (`unverified` when not verified).
    pub status: String,
    /// Reasons of the check (warnings and infos; for an unverified copy, why).
    pub reasons: Vec<Reason>,
    /// A newer copy of this registration is already stored.
    pub superseded: bool,
    /// Ids of older copies this one supersedes.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub supersedes: Vec<i64>,
    /// Further BC1 codes in the same file that were not imported.
    pub other_codes_ignored: usize,
}

/// Summary of re-verifying every stored certificate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReverifySummary {
    /// Certificates checked.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub checked: u64,
    /// Verified now.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub verified: u64,
    /// Still unverified (key unknown).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub unverified: u64,
    /// Rejected now.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub rejected: u64,
    /// Ids that were not verified before and are now.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub newly_verified: Vec<i64>,
    /// Ids that were not rejected before and are now.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub newly_rejected: Vec<i64>,
}

pub(crate) fn json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| WalletError::Db(e.to_string()))
}

/// Masks a holder name for logs: the first character stays (张**).
pub fn mask_name(name: &str) -> String {
    let mut it = name.chars();
    match it.next() {
        Some(f) => std::iter::once(f).chain(it.map(|_| '*')).collect(),
        None => String::new(),
    }
}
