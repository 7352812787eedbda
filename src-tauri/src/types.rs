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

/// Outcome of a verification, as shown to a person (terms.md, "Verdicts").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// 有效 / Valid.
    Valid,
    /// 有效（需注意） / Valid, with warnings.
    Warning,
    /// 无效 / Not valid.
    Invalid,
    /// 无法读取 / Could not read.
    Error,
    /// 未验证 / Not verified (e.g. a non-BC1 official-format certificate).
    Unverified,
}

/// Severity of one reason (BC1 §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Makes the verdict `invalid`.
    Error,
    /// Makes the verdict `warning` when there is no error.
    Warning,
    /// Shown, does not change the verdict.
    Info,
}

/// A text in both languages the app shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct Localized {
    /// Simplified Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

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
    /// Resident ID number, masked (`1101**********123X`) unless the user
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
    /// Why the input could not be read (verdict `error`), `中文 / English`.
    pub message: Option<String>,
    /// Corners of the QR code in the frame (camera only), clockwise from top-left.
    pub corners: Vec<Point>,
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

/// An older download of the same registration, kept folded under the current one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct WalletCopy {
    /// Wallet-local identifier.
    pub id: String,
    /// E-licence identifier.
    pub lid: String,
    /// Download day, `YYYY-MM-DD`, when known.
    pub downloaded: Option<String>,
    /// Usage period.
    pub usage: Period,
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

/// One certificate kept in the wallet (证书夹).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct WalletEntry {
    /// Wallet-local identifier.
    pub id: String,
    /// The certificate (signature verified when it was added).
    pub certificate: CertificateView,
    /// Verdict today.
    pub verdict: Verdict,
    /// Reasons for the verdict today.
    pub reasons: Vec<Reason>,
    /// When it was added, `YYYY-MM-DD`.
    pub added: String,
    /// Signed with a demo key (演示).
    pub demo: bool,
    /// Dates derived from the certificate today.
    pub facts: Option<CertFacts>,
    /// Older downloads of the same registration (superseded).
    pub older_copies: Vec<WalletCopy>,
    /// Name of the imported file, when it came from one.
    pub file_name: Option<String>,
}

/// Input to `tender_check` (投标核查).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct TenderRequest {
    /// Bidding company's unified social credit code.
    pub employer_uscc: String,
    /// Specialties the tender requires.
    pub required_specialties: Vec<String>,
    /// Bid date (投标截止日 / 开标日), `YYYY-MM-DD`, used as the check date.
    pub bid_date: String,
    /// Wallet entries to check.
    pub entry_ids: Vec<String>,
}

/// One row of a check report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct TenderRow {
    /// Wallet entry checked.
    pub entry_id: String,
    /// Holder name.
    pub name: String,
    /// Registration number.
    pub reg: String,
    /// Verdict at the bid date under the tender policy.
    pub verdict: Verdict,
    /// Reasons.
    pub reasons: Vec<Reason>,
}

/// Check report (核查报告) of a tender check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct TenderReport {
    /// The request that was checked.
    pub request: TenderRequest,
    /// One row per certificate.
    pub rows: Vec<TenderRow>,
    /// Worst verdict of all rows.
    pub overall: Verdict,
}

/// Display language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
pub enum Language {
    /// Simplified Chinese (default).
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en")]
    En,
}

/// User settings, kept in the app data dir.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct Settings {
    /// Display language.
    pub language: Language,
    /// Mask resident ID numbers (default on).
    pub mask_id_numbers: bool,
    /// Days before the end of the usage period from which to warn (default 30).
    pub expiring_threshold_days: u32,
    /// Keep a verification log (核验记录); opt-in.
    pub verification_log: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: Language::ZhCn,
            mask_id_numbers: true,
            expiring_threshold_days: 30,
            verification_log: false,
        }
    }
}

/// Summary of the trust list (信任列表) in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct TrustListInfo {
    /// Sequence number.
    pub seq: u32,
    /// Issued, `YYYY-MM-DD`.
    pub issued: String,
    /// A newer list is promised before this date, `YYYY-MM-DD`.
    pub next: String,
    /// `next` has passed.
    pub stale: bool,
    /// Number of issuer keys.
    pub keys: u32,
    /// Number of revoked e-certificates.
    pub revoked: u32,
    /// Number of cancelled registrations.
    pub cancelled: u32,
    /// Days since it was issued.
    pub age_days: i32,
    /// Signed by a root pinned as demo (演示).
    pub demo: bool,
    /// kid of the root key that signed it.
    pub root_kid: String,
}

/// A pinned root key (根密钥).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct RootKeyInfo {
    /// kid, hex.
    pub kid: String,
    /// Label.
    pub label: String,
    /// Demo key (演示).
    pub demo: bool,
}

/// Facts about the running app shown in the settings screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct AppInfo {
    /// App version.
    pub version: String,
    /// App data directory in use.
    pub data_dir: String,
    /// Trust list in use, if any.
    pub trust_list: Option<TrustListInfo>,
    /// Whether the verification engine is the phase-1 placeholder.
    pub placeholder_backend: bool,
    /// Pinned root keys.
    pub roots: Vec<RootKeyInfo>,
    /// Number of certificates in the wallet.
    pub wallet_count: u32,
}
