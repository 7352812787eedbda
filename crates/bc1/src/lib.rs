//! # buildcert-bc1
//!
//! The BC1 format of signed, offline-verifiable first-class constructor
//! (一级建造师) e-certificates: the codec (Base45, zlib, COSE_Sign1, CWT),
//! trust lists, and every verification and date rule of BC1 §1–§8.
//!
//! Pure: no file or network I/O, and no system clock — the check date and
//! the current instant are always passed in ([`CheckContext`]).
//!
//! ```
//! use buildcert_bc1::{verify, CheckContext, TrustList, date::parse_date};
//! # let (trust_bytes, root, text) = buildcert_bc1::testkit::sample();
//! let trust = TrustList::decode_verified(&trust_bytes, &[root]).unwrap();
//! let ctx = CheckContext::new(parse_date("2026-10-01").unwrap(), 1_790_000_000);
//! let verdict = verify(&text, &trust, &ctx);
//! assert_eq!(verdict.status.as_str(), "valid");
//! ```
#![warn(missing_docs)]

pub mod cert;
pub mod codec;
pub mod date;
pub mod error;
pub mod issue;
pub mod messages;
pub mod rules;
#[cfg(any(test, feature = "test-support"))]
#[doc(hidden)]
pub mod testkit;
pub mod trust;
pub mod verdict;
pub mod verify;

pub use buildcert_l10n as l10n;
pub use buildcert_l10n::{CodedMessage, Localized};
pub use cert::{Certificate, Sex, Specialty, Usage};
pub use error::{Error, Result, TrustListError};
pub use issue::{build_certificate, encode, IssueRequest};
pub use trust::{decide_update, parse_root_key, TrustList, TrustUpdate, TrustedKey};
pub use verdict::{
    Code, Facts, Lang, Reason, Severity, SignerInfo, SpecialtyState, SpecialtyStatus, Status, UsageEndCause, Verdict,
};
pub use verify::{
    choose_document_payload, peek_unverified, verify, verify_document, CheckContext, DocumentChoice, Policy, Thresholds,
};

/// Re-export of the Ed25519 key types used in this API.
pub use ed25519_dalek::{SigningKey, VerifyingKey};
