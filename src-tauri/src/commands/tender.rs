//! 投标核查 / Tender check: run (on a blocking thread, with progress
//! events), cancel, report export, specialties for the role form.

use tauri::{AppHandle, Emitter, Manager, State};

use crate::error::AppError;
use crate::state::AppState;
use crate::types::{TenderProgress, TenderRun, TenderRunRequest};

/// Name of the event carrying [`TenderProgress`] during a run.
pub const TENDER_PROGRESS_EVENT: &str = "tender-progress";

/// The registered specialties a role may require (from buildcert-bc1).
#[tauri::command]
pub async fn tender_specialties(state: State<'_, AppState>) -> Result<Vec<String>, AppError> {
    Ok(state.backend().tender_specialties())
}

/// Checks a tender: every file (folders expanded) and chosen wallet entry is
/// read and verified at the bid date on all cores, then matched to the roles.
/// Emits `tender-progress` after each file.
#[tauri::command]
pub async fn tender_run(app: AppHandle, request: TenderRunRequest) -> Result<TenderRun, AppError> {
    let handle = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let state = handle.state::<AppState>();
        let emit = |p: TenderProgress| {
            let _ = handle.emit(TENDER_PROGRESS_EVENT, p);
        };
        state.backend().tender_run(&request, &emit)
    })
    .await
    .map_err(|e| crate::error::AppError::internal(&format!("tender thread: {e}")))?
}

/// Stops the running tender check after the files being read.
#[tauri::command]
pub async fn tender_cancel(state: State<'_, AppState>) -> Result<(), AppError> {
    state.backend().tender_cancel();
    Ok(())
}

/// Writes the check report of the result shown (CSV, XLSX or PDF by the
/// file name's extension; a CSV in `csv_encoding`, UTF-8 when absent);
/// returns the path written.
#[tauri::command]
pub async fn tender_export(
    app: AppHandle,
    path: String,
    csv_encoding: Option<buildcert_tender::CsvEncoding>,
) -> Result<String, AppError> {
    let csv = csv_encoding.unwrap_or_default();
    tauri::async_runtime::spawn_blocking(move || app.state::<AppState>().backend().tender_export(&path, csv))
        .await
        .map_err(|e| crate::error::AppError::internal(&format!("export thread: {e}")))?
}

/// Saves the result shown in the wallet; returns the saved tender's id.
#[tauri::command]
pub async fn tender_save(state: State<'_, AppState>) -> Result<i64, AppError> {
    state.backend().tender_save()
}

/// The saved tenders, newest first.
#[tauri::command]
pub async fn tender_saved(state: State<'_, AppState>) -> Result<Vec<buildcert_wallet::SavedTender>, AppError> {
    state.backend().tender_saved()
}

/// Reopens a saved tender's result.
#[tauri::command]
pub async fn tender_open(state: State<'_, AppState>, id: i64) -> Result<TenderRun, AppError> {
    state.backend().tender_open(id)
}

/// Re-checks a saved tender with today's trust list (no files needed).
#[tauri::command]
pub async fn tender_recheck(app: AppHandle, id: i64) -> Result<TenderRun, AppError> {
    tauri::async_runtime::spawn_blocking(move || app.state::<AppState>().backend().tender_recheck(id))
        .await
        .map_err(|e| crate::error::AppError::internal(&format!("recheck thread: {e}")))?
}

/// Deletes a saved tender.
#[tauri::command]
pub async fn tender_delete(state: State<'_, AppState>, id: i64) -> Result<(), AppError> {
    state.backend().tender_delete(id)
}
