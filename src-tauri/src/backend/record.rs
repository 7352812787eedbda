//! 现场核查记录 / The inspection record: every check made on the Verify
//! screen is kept in memory (the session, `buildcert_service::Session`)
//! and exported as a PDF drawn by `buildcert-service`, for the last check
//! or the whole session.

use std::sync::{Arc, Mutex, MutexGuard};

use buildcert_bc1::{Localized, TrustList};
use buildcert_check::{Outcome, OutcomeStatus};
use buildcert_service::record::{datetime_cst, RecordScope, RecordedCheck, Session, TrustStamp};
use buildcert_service::OfficialPart;

use super::files::output_path;
use super::Backend;
use crate::error::{AppError, ErrorCode};
use crate::types::{RecordExport, RecordExportRequest, RecordSession};

/// The checks of a session, shared by the backends of one profile (the
/// session outlives a switch to the demo and back).
pub type SharedSession = Arc<Mutex<Session>>;

/// File extension of the record.
pub const RECORD_EXT: &str = "pdf";

impl Backend {
    fn session_lock(&self) -> MutexGuard<'_, Session> {
        // Pushing a check cannot leave the list half changed: a poisoned lock is safe.
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The session this backend records into.
    pub fn session(&self) -> SharedSession {
        self.session.clone()
    }

    /// Records into `session` from now on (the profile's session kept by the app state).
    pub fn with_session(mut self, session: SharedSession) -> Backend {
        self.session = session;
        self
    }

    /// Keeps one check of the Verify screen for the record: `input` names
    /// what was checked; an official-format reading makes it unverified.
    pub(crate) fn remember(
        &self,
        input: Localized,
        o: &Outcome,
        tl: &TrustList,
        demo: bool,
        official: Option<OfficialPart>,
    ) {
        let stamp = TrustStamp { demo: demo || tl.demo, ..TrustStamp::of(tl) };
        let mut check = RecordedCheck::new(input, self.now(), o, Some(stamp));
        if official.is_some() {
            check.outcome.status = OutcomeStatus::Unverified;
            check.outcome.error = None;
        }
        self.session_lock().push(check.with_official(official));
    }

    /// How many checks the session holds, since when, and a file to save its record to.
    pub fn record_session(&self) -> RecordSession {
        let s = self.session_lock();
        let dir = dirs::document_dir().or_else(dirs::home_dir).unwrap_or_else(|| self.data_dir().to_path_buf());
        let stamp = datetime_cst(self.now()).replace([' ', ':'], "-");
        RecordSession {
            checks: u32::try_from(s.len()).unwrap_or(u32::MAX),
            started: datetime_cst(s.started()),
            suggestion: dir.join(format!("buildcert-inspection-record-{stamp}.{RECORD_EXT}")).display().to_string(),
        }
    }

    /// Writes the inspection record of the last check or of the session to
    /// the PDF at `req.path` (replaced through a temporary file beside it).
    /// The ID number is masked unless the settings show it in full.
    pub fn record_export(&self, req: &RecordExportRequest) -> Result<RecordExport, AppError> {
        let path = output_path(&req.path, RECORD_EXT)?;
        let scope = if req.session { RecordScope::Session } else { RecordScope::Last };
        let reveal_id = !self.prefs().mask_id_numbers;
        let record = self.session_lock().record(scope, req.note.as_deref(), reveal_id);
        if record.checks.is_empty() {
            return Err(AppError::invalid_input(
                "还没有核验任何证书：请先核验，再导出核查记录",
                "nothing has been checked yet: check a certificate first, then export the record",
            ));
        }
        let fonts = buildcert_pdfgen::Fonts::discover().map_err(|e| {
            let m = e.localized();
            AppError::new(
                ErrorCode::Report,
                &format!("找不到可用的中文字体，无法生成核查记录（{}）", m.zh),
                &format!("no Chinese font found for the inspection record ({})", m.en),
            )
        })?;
        buildcert_service::write_record_pdf(&record, self.now(), &fonts, &path)?;
        Ok(RecordExport {
            path: path.display().to_string(),
            checks: u32::try_from(record.checks.len()).unwrap_or(u32::MAX),
        })
    }
}
