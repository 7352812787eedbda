//! IPC types of the inspection record (现场核查记录) on the Verify screen.

use serde::{Deserialize, Serialize};
#[cfg(test)]
use ts_rs::TS;

/// What to put in the inspection record and where to write it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct RecordExportRequest {
    /// The PDF to write, by its full path (`.pdf` added when missing;
    /// replaced when it exists).
    pub path: String,
    /// The inspector's note printed on the record.
    pub note: Option<String>,
    /// Every check since the app started (`false`: the last check only,
    /// the verdict on screen).
    pub session: bool,
}

/// What exporting the record wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct RecordExport {
    /// The PDF written.
    pub path: String,
    /// Checks in it.
    pub checks: u32,
}

/// The checks made since the app started (in the profile open), kept in
/// memory only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct RecordSession {
    /// How many.
    pub checks: u32,
    /// When the session started, `YYYY-MM-DD HH:MM` (UTC+08:00).
    pub started: String,
    /// A default file to save the record to (documents folder).
    pub suggestion: String,
}
