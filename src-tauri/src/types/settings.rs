//! IPC types of the settings screen: preferences, app facts, trust list
//! and root keys, the update, backup and restore, the log, the demo.

use serde::{Deserialize, Serialize};
#[cfg(test)]
use ts_rs::TS;

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
