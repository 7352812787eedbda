//! Every type that crosses the IPC boundary, in one place.
//!
//! The UI's TypeScript types in `ui/src/lib/bindings/` are generated from
//! these with ts-rs (see `bindings.rs`; `make bindings` rewrites them and
//! `make check-bindings` fails on drift). When the backend switches from the
//! placeholder to the real crates, only the conversions into these types
//! change, not the UI contract.
//!
//! Dates are `YYYY-MM-DD` strings (UTC+08:00 calendar dates, BC1 §1).

use serde::{Deserialize, Serialize};
#[cfg(test)]
use ts_rs::TS;

mod record;
mod settings;
mod wallet;

pub use record::*;
pub use settings::*;
pub use wallet::*;

/// Outcome of a verification, as shown to a person (terms.md, "Verdicts"):
/// buildcert-check's own type, the one verdict type of the CLI's JSON, the
/// tender rows and the app (`OutcomeStatus` in the bindings).
pub use buildcert_check::OutcomeStatus as Verdict;

/// Severity of one reason (BC1 §6): buildcert-bc1's own type (`error`,
/// `warning`, `info`), shared with the tender rows.
pub use buildcert_bc1::Severity;

/// A text in both languages the app shows (the crates' one type,
/// `buildcert-l10n`).
pub use buildcert_bc1::Localized;

/// One reason behind a verdict: a stable code (BC1 §6, terms.md) and a
/// message with the details (days left, specialty name, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct Reason {
    /// Stable reason code, e.g. `usage_expiring`.
    pub code: String,
    /// How much the reason weighs.
    pub severity: Severity,
    /// Message with details, in both languages.
    pub message: Localized,
}

/// A from–to period of calendar dates, both ends included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct Period {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD`.
    pub to: String,
}

/// A registered specialty (注册专业) and its validity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct Specialty {
    /// Specialty name in Chinese, e.g. `建筑工程`.
    pub name: String,
    /// Specialty validity (注册专业有效期).
    pub validity: Period,
}

/// Certificate fields as shown to a person. Only ever built from a payload
/// whose signature verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct CertificateView {
    /// E-licence identifier (证照标识).
    pub lid: String,
    /// Registration number (注册编号).
    pub reg: String,
    /// Holder name (姓名).
    pub name: String,
    /// `M` or `F`.
    pub sex: String,
    /// Date of birth (出生日期).
    pub dob: String,
    /// Resident ID number, masked (`**************123X`) unless the user
    /// turned masking off in the settings.
    pub id_number: String,
    /// Whether `id_number` is masked.
    pub id_number_masked: bool,
    /// The full resident ID number, shown only when the user clicks to
    /// reveal it (never logged).
    pub id_number_full: String,
    /// Employer (聘用企业).
    pub employer: String,
    /// Employer's unified social credit code (统一社会信用代码).
    pub uscc: String,
    /// Date of issue (发证日期).
    pub issued: String,
    /// Issuing authority (CWT `iss`).
    pub issuer: String,
    /// Seal name from the trust list (行政许可专用章), when known.
    pub seal: Option<String>,
    /// Registered specialties with their validity.
    pub specialties: Vec<Specialty>,
    /// Usage period (使用有效期).
    pub usage: Period,
}

/// Where a verified QR text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Typed, pasted or sent by a USB scanner in keyboard mode.
    Text,
    /// An image file.
    Image,
    /// A PDF file.
    Pdf,
    /// A camera frame.
    Camera,
    /// A certificate kept in the wallet.
    Wallet,
}

/// The result of one verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct VerifyOutcome {
    /// Overall verdict.
    pub verdict: Verdict,
    /// All reasons, errors first.
    pub reasons: Vec<Reason>,
    /// Certificate data; `None` when the signature did not verify.
    pub certificate: Option<CertificateView>,
    /// The check date used (核验日期), `YYYY-MM-DD`.
    pub check_date: String,
    /// Where the QR text came from.
    pub source: Source,
    /// Whether the signing key is a demo key (演示).
    pub demo: bool,
    /// Dates derived from the certificate (countdown, why it ends, …).
    pub facts: Option<CertFacts>,
    /// The trust list the check used, with its age.
    pub trust_list: Option<TrustListInfo>,
    /// QR codes that are not BC1 (e.g. a web link): shown, never followed.
    pub other_codes: Vec<String>,
    /// Why the input could not be read (verdict `error`), in both languages.
    pub message: Option<Localized>,
    /// Corners of the QR code in the frame (camera only), clockwise from top-left.
    pub corners: Vec<Point>,
    /// `other_codes` described (a web link and its host, or plain text).
    pub other_code_details: Vec<buildcert_official::OtherCode>,
    /// For a PDF without a BC1 code: what an official-format certificate
    /// shows (未验证 / unverified), read from its text layer.
    pub official: Option<OfficialReading>,
    /// Typed text only: whether it was folded back before it was read (BC1
    /// §2: Caps Lock lower case, full-width forms of a Chinese input method).
    pub typed_text_folded: bool,
}

/// What was read off an official-format (non-BC1) certificate PDF. It is
/// never verified: the date rules run on the printed fields only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct OfficialReading {
    /// The fields read (ID number masked), or why none could be read.
    pub extraction: buildcert_official::Extraction,
    /// What happened and what to do next.
    pub message: Localized,
    /// The date rules on the fields read, when every field they need was read.
    pub date_check: Option<OfficialDateCheck>,
}

/// The date rules (BC1 §1, §4's cap, §6 steps 6–7, §7) on an official-format
/// certificate's fields. Not a verification: the certificate stays 未验证.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct OfficialDateCheck {
    /// What the dates alone say: `valid` (no problem), `warning` or `invalid`.
    pub date_status: Verdict,
    /// Words for `date_status` that never say "valid" on their own.
    pub date_words: Localized,
    /// Reasons of the date rules, errors first.
    pub reasons: Vec<Reason>,
    /// Derived dates (countdown, why the usage period ends then, specialties).
    pub facts: Option<CertFacts>,
    /// The check date, `YYYY-MM-DD`.
    pub check_date: String,
    /// What 未验证（官方格式） means and how to check it online.
    pub explanation: Localized,
}

/// A point in a camera frame, in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct Point {
    /// From the left.
    pub x: f32,
    /// From the top.
    pub y: f32,
}

impl Eq for Point {}

/// One specialty's state at the check date (from buildcert-bc1's facts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct SpecialtyFact {
    /// Specialty name.
    pub name: String,
    /// First day of validity.
    pub from: String,
    /// Last day of validity.
    pub to: String,
    /// `not_yet_valid`, `valid`, `renewal_upcoming`, `renewal_window` or `expired`.
    pub state: String,
    /// Days until `to` (negative once ended).
    pub days_left: i32,
    /// First day of the continuation-registration window.
    pub renewal_window_from: String,
}

/// Dates derived from a certificate for display (BC1 §4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct CertFacts {
    /// Days until the end of the usage period (negative once over).
    pub usage_days_left: i32,
    /// Why the usage period ends when it does: `days180`, `specialty_end`,
    /// `birthday65`, `earlier` or `exceeds_cap`.
    pub usage_end_cause: String,
    /// The latest end the rules allow.
    pub usage_cap: String,
    /// The 65th birthday.
    pub birthday65: String,
    /// Each specialty's state.
    pub specialties: Vec<SpecialtyFact>,
}

/// Input to `verify_text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct VerifyTextRequest {
    /// QR text as typed, pasted or scanned (surrounding whitespace allowed).
    pub text: String,
    /// Check date `YYYY-MM-DD`; `None` means today in UTC+08:00.
    pub check_date: Option<String>,
}

/// Input to `verify_file`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct VerifyFileRequest {
    /// Path of an image or PDF file chosen by the user.
    pub path: String,
    /// Check date `YYYY-MM-DD`; `None` means today in UTC+08:00.
    pub check_date: Option<String>,
}

/// Pixel layout of a camera frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum FrameFormat {
    /// One byte per pixel (grey).
    Luma,
    /// Four bytes per pixel, R G B A.
    Rgba,
}
