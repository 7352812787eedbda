//! IPC types of the wallet (我的证书) and the tender check (投标核查).

use super::*;
use serde::{Deserialize, Serialize};
#[cfg(test)]
use ts_rs::TS;

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

/// The official-format entry form and its specialty rows: the one form
/// the app and the command line parse (`buildcert_service::form`).
pub use buildcert_service::{OfficialForm, OfficialSpecialtyForm};

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
