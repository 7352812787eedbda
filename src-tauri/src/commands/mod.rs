//! Tauri commands, one thin module per screen area. Each command only
//! unpacks its input, calls [`crate::backend::Backend`] and returns
//! `Result<T, AppError>`; all are `async` so they run off the UI thread.

pub mod settings;
pub mod tender;
pub mod verify;
pub mod wallet;

use std::sync::Arc;

use crate::backend::Backend;
use crate::error::AppError;
use crate::state::AppState;

/// Runs heavy backend work (file parsing, a tender run, backup and restore,
/// a trust list update) on a blocking thread, so that every other command
/// keeps answering. The backend of the profile open when the command came
/// is used for the whole run.
pub(crate) async fn on_blocking<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&Backend) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let backend: Arc<Backend> = state.backend();
    tauri::async_runtime::spawn_blocking(move || f(&backend))
        .await
        .map_err(|e| AppError::internal(&format!("background task failed: {e}")))?
}
