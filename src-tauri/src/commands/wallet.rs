//! 我的证书 / My certificates: the wallet (证书夹).

use tauri::State;

use crate::error::AppError;
use crate::state::AppState;
use crate::types::WalletEntry;

/// All certificates in the wallet, each verified today.
#[tauri::command]
pub async fn wallet_list(state: State<'_, AppState>) -> Result<Vec<WalletEntry>, AppError> {
    state.backend.wallet_list()
}

/// One certificate of the wallet.
#[tauri::command]
pub async fn wallet_get(state: State<'_, AppState>, id: String) -> Result<WalletEntry, AppError> {
    state.backend.wallet_get(&id)
}

/// Adds a certificate from its QR text.
#[tauri::command]
pub async fn wallet_import_text(
    state: State<'_, AppState>,
    text: String,
) -> Result<WalletEntry, AppError> {
    state.backend.wallet_import_text(&text)
}

/// Adds a certificate from an image or PDF file.
#[tauri::command]
pub async fn wallet_import_file(
    state: State<'_, AppState>,
    path: String,
) -> Result<WalletEntry, AppError> {
    state.backend.wallet_import_file(&path)
}

/// Removes a certificate from the wallet.
#[tauri::command]
pub async fn wallet_remove(state: State<'_, AppState>, id: String) -> Result<(), AppError> {
    state.backend.wallet_remove(&id)
}

/// Writes the wallet's reminders as an iCalendar file; returns its path.
#[tauri::command]
pub async fn wallet_export_ics(state: State<'_, AppState>, path: Option<String>) -> Result<String, AppError> {
    state.backend.wallet_export_ics(path.as_deref())
}
