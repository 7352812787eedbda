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

/// Severity of one reason (BC1 §6): buildcert-bc1's own type (`error`,
/// `warning`, `info`), shared with the tender rows.
pub use buildcert_bc1::Severity;

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
    /// Why the input could not be read (verdict `error`), `中文 / English`.
    pub message: Option<String>,
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

/// What kind of certificate a wallet entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A BC1 e-certificate (its signature verified offline).
    Bc1,
    /// Today's official format (未验证（官方格式）): fields confirmed by the holder, never verified.
    Official,
}

/// What an official-format wallet entry adds to the card and detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct OfficialEntryView {
    /// The date rules today (never a verification).
    pub date_check: OfficialDateCheck,
    /// The file's QR texts (the online query page): opened only on a click.
    pub query_urls: Vec<String>,
    /// Fields the holder typed or changed compared with the file.
    pub edited: Vec<buildcert_official::Field>,
    /// Whether a resident ID number was given.
    pub id_given: bool,
}

/// One certificate kept in the wallet (证书夹).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct WalletEntry {
    /// Wallet-local identifier.
    pub id: String,
    /// BC1 or official format.
    pub kind: EntryKind,
    /// For an official-format entry: its date rules, query page, edited fields.
    pub official: Option<OfficialEntryView>,
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

/// Input to `tender_run` (投标核查): the tender (its `inputs` are the files
/// and folders chosen) and wallet entries to check with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct TenderRunRequest {
    /// Name, bid date, optional date the usage periods must cover, company,
    /// USCC, roles and the chosen files and folders.
    pub tender: buildcert_tender::Tender,
    /// Wallet entries (ids) checked along with the files.
    pub wallet_ids: Vec<String>,
}

/// The outcome of a tender check as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct TenderRun {
    /// Rows, roles, batch findings and counts (QR texts left out).
    pub result: buildcert_tender::TenderResult,
    /// Files found in the chosen folders that are not PDF, image or text (not checked).
    pub skipped: Vec<String>,
    /// The saved tender this result belongs to, when it was saved or reopened.
    #[cfg_attr(test, ts(type = "number | null"))]
    pub saved_id: Option<i64>,
}

/// Progress of a tender check, sent as the `tender-progress` event after each file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct TenderProgress {
    /// Files done.
    pub done: u32,
    /// Files in the run.
    pub total: u32,
    /// The file just finished.
    pub file: String,
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
    /// The demo data (演示) may be offered: the real profile is open, its
    /// wallet is empty and it has no trust list yet.
    pub demo_offer: bool,
    /// The profile open: `real`, or `demo` (演示模式: its own wallet and trust
    /// store; every verdict there is a demo verdict).
    pub profile: String,
    /// The demo profile exists (it can be opened or deleted).
    pub demo_installed: bool,
}

/// What installing the demo data (演示) did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct DemoInstall {
    /// Certificates put into the wallet.
    pub added: u32,
    /// Demo certificates the wallet refused (e.g. signed by an unknown key).
    pub refused: u32,
    /// The demo set's folder.
    pub folder: String,
    /// The app facts afterwards (trust list, roots, wallet count).
    pub info: AppInfo,
}

/// An issuer key (签发密钥) of the trust list in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct IssuerKeyInfo {
    /// kid, hex.
    pub kid: String,
    /// Issuing authority (签发机关).
    pub issuer: String,
    /// Seal name (行政许可专用章).
    pub seal: String,
    /// Certificates it signs must be issued on or after this day, `YYYY-MM-DD`.
    pub valid_from: String,
    /// … and on or before this day, `YYYY-MM-DD`.
    pub valid_to: String,
    /// Day it was revoked, when it was (every certificate it signed is then invalid).
    pub revoked: Option<String>,
}

/// What the settings screen shows besides [`AppInfo`]: the trust list
/// update address, the issuer keys, the verification log, default files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct MaintenanceInfo {
    /// Where "update now" fetches the trust list; `None` when not set.
    pub trust_list_url: Option<String>,
    /// Issuer keys of the trust list in use (empty without one).
    pub issuer_keys: Vec<IssuerKeyInfo>,
    /// Entries in the verification log (核验记录).
    pub log_entries: u32,
    /// A default backup file (documents folder, today's date).
    pub backup_suggestion: String,
    /// A default file for the exported verification log.
    pub log_suggestion: String,
}

/// What `trust_update` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct TrustUpdateOutcome {
    /// The address the list came from (after redirects).
    pub url: String,
    /// seq of the list kept before, if any.
    pub previous_seq: Option<u32>,
    /// seq of the fetched list.
    pub seq: u32,
    /// `false` when it was the list already in use (nothing changed).
    pub replaced: bool,
    /// Wallet certificates that became invalid under it (e.g. revoked).
    pub newly_rejected: u32,
    /// The app facts afterwards.
    pub info: AppInfo,
    /// The settings facts afterwards.
    pub maintenance: MaintenanceInfo,
}

/// A wallet backup file (`.bcbackup`) and what it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct BackupSummary {
    /// The file.
    pub path: String,
    /// Its size in bytes.
    pub bytes: u32,
    /// Certificates in it.
    pub certificates: u32,
    /// Trust lists in it.
    pub trust_lists: u32,
    /// Wallet schema version it was written with.
    pub schema_version: u32,
    /// Root keys the backup holds that this wallet does not trust: a
    /// restore adds each only when the user confirms its fingerprint.
    pub new_roots: Vec<NewRootView>,
    /// After a restore: this computer's trust list (seq) was newer than the
    /// backup's and was kept (trust never rolls back).
    pub kept_newer_trust_seq: Option<u32>,
}

/// A root key a backup would add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct NewRootView {
    /// SHA-256 of the key, hex: what the user checks and confirms.
    pub fingerprint: String,
    /// Its label in the backup.
    pub label: String,
    /// Pinned there as a demo root (演示).
    pub demo: bool,
}

/// What exporting the verification log wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct LogExport {
    /// The CSV file written.
    pub path: String,
    /// Entries in it.
    pub entries: u32,
}

/// The official-format entry form (未验证（官方格式）) as typed: every value a
/// string, so that Rust parses and checks it (`YYYY-MM-DD`, `YYYY年M月D日` …)
/// and answers with field errors instead of a decoding failure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct OfficialForm {
    /// 姓名.
    pub name: String,
    /// 性别: `M`, `F` or empty.
    pub sex: String,
    /// 出生日期.
    pub dob: String,
    /// 公民身份号码, full or masked as printed; empty when not printed.
    pub idn: String,
    /// 注册编号.
    pub reg: String,
    /// 聘用企业.
    pub employer: String,
    /// 统一社会信用代码 of the employer.
    pub uscc: String,
    /// 注册专业 and their validity.
    pub specialties: Vec<OfficialSpecialtyForm>,
    /// 发证日期.
    pub issued: String,
    /// 使用有效期, first day.
    pub use_from: String,
    /// 使用有效期, last day.
    pub use_to: String,
}

/// One specialty row of the entry form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct OfficialSpecialtyForm {
    /// Specialty name.
    pub name: String,
    /// First day of validity.
    pub from: String,
    /// Last day of validity.
    pub to: String,
}

/// A file that holds no BC1 code, offered for the official-format entry form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct OfficialDraft {
    /// The file chosen (kept as the original when the entry is stored).
    pub path: String,
    /// Its name.
    pub file_name: String,
    /// What was read off it and what to do next (the form is filled from it).
    pub reading: OfficialReading,
    /// The form filled with what was read (empty values for the rest).
    pub form: OfficialForm,
}

/// What importing a file into the wallet did: a BC1 certificate was added,
/// or the file has no BC1 code and the holder is offered the entry form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct WalletImport {
    /// The certificate added (BC1).
    pub entry: Option<WalletEntry>,
    /// The entry form to confirm (official format, no BC1 code in the file).
    pub official: Option<OfficialDraft>,
}
