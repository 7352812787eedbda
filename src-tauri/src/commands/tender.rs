//! 投标核查 / Tender check.

use tauri::State;

use crate::error::AppError;
use crate::state::AppState;
use crate::types::{TenderReport, TenderRequest};

/// Checks wallet certificates against a tender's employer and specialties at
/// the bid date, and returns the check report (核查报告).
#[tauri::command]
pub async fn tender_check(
    state: State<'_, AppState>,
    request: TenderRequest,
) -> Result<TenderReport, AppError> {
    state.backend.tender_check(&request)
}
