//! 我的证书 / My certificates: the wallet (证书夹).

use tauri::State;

use crate::error::{AppError, ErrorCode};
use crate::state::AppState;
use crate::types::WalletEntry;

/// All certificates in the wallet, each verified today.
#[tauri::command]
pub async fn wallet_list(state: State<'_, AppState>) -> Result<Vec<WalletEntry>, AppError> {
    state.backend().wallet_list()
}

/// One certificate of the wallet.
#[tauri::command]
pub async fn wallet_get(state: State<'_, AppState>, id: String) -> Result<WalletEntry, AppError> {
    state.backend().wallet_get(&id)
}

/// Adds a certificate from its QR text.
#[tauri::command]
pub async fn wallet_import_text(state: State<'_, AppState>, text: String) -> Result<WalletEntry, AppError> {
    state.backend().wallet_import_text(&text)
}

/// Adds a certificate from an image or PDF file; a PDF without a BC1 code
/// (official format) gives the entry form to confirm instead.
#[tauri::command]
pub async fn wallet_import_file(
    state: State<'_, AppState>,
    path: String,
) -> Result<crate::types::WalletImport, AppError> {
    super::on_blocking(&state, move |b| b.wallet_import_file(&path)).await
}

/// Checks the official-format entry form: the problems, field by field
/// (empty when it may be saved).
#[tauri::command]
pub async fn official_check(form: crate::types::OfficialForm) -> Result<Vec<buildcert_official::FieldError>, AppError> {
    Ok(buildcert_service::entry_from_form(&form, None, &[], 0).err().unwrap_or_default())
}

/// Removes a certificate from the wallet.
#[tauri::command]
pub async fn wallet_remove(state: State<'_, AppState>, id: String) -> Result<(), AppError> {
    state.backend().wallet_remove(&id)
}

/// Writes the wallet's reminders as an iCalendar file; returns its path.
#[tauri::command]
pub async fn wallet_export_ics(state: State<'_, AppState>, path: Option<String>) -> Result<String, AppError> {
    state.backend().wallet_export_ics(path.as_deref())
}

/// Installs the demo data (演示) into its own profile (fresh random keys,
/// its own wallet and trust store) and opens that profile. Runs on a
/// blocking thread (it draws PDFs).
#[tauri::command]
pub async fn demo_install(app: tauri::AppHandle) -> Result<crate::types::DemoInstall, AppError> {
    use tauri::Manager;
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let r = state.backend().demo_install()?;
        let demo = state.switch(buildcert_wallet::Profile::Demo)?;
        Ok(crate::types::DemoInstall {
            added: r.added,
            refused: r.refused,
            folder: r.dir.display().to_string(),
            info: demo.app_info()?,
        })
    })
    .await
    .map_err(|e| AppError::internal(&format!("demo thread: {e}")))?
}

/// Leaves the demo (or enters it): opens `profile` (`real` or `demo`) and
/// returns the app facts of the profile now open.
#[tauri::command]
pub async fn profile_switch(state: State<'_, AppState>, profile: String) -> Result<crate::types::AppInfo, AppError> {
    let p = match profile.as_str() {
        "real" => buildcert_wallet::Profile::Real,
        "demo" => buildcert_wallet::Profile::Demo,
        other => {
            return Err(AppError::invalid_input(&format!("未知的配置：{other}"), &format!("unknown profile: {other}")))
        }
    };
    state.switch(p)?.app_info()
}

/// Deletes the demo profile with everything in it, after opening the real
/// profile; returns the real profile's app facts.
#[tauri::command]
pub async fn demo_remove(app: tauri::AppHandle) -> Result<crate::types::AppInfo, AppError> {
    use tauri::Manager;
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let real = state.switch(buildcert_wallet::Profile::Real)?;
        buildcert_service::remove_demo(state.base()).map_err(|e| AppError::new(ErrorCode::Demo, &e.zh(), &e.en()))?;
        real.app_info()
    })
    .await
    .map_err(|e| AppError::internal(&format!("demo thread: {e}")))?
}

/// Stores an official-format entry the holder confirmed (with its file when
/// `path` is given); it stays 未验证（官方格式）.
#[tauri::command]
pub async fn official_add(
    state: State<'_, AppState>,
    path: Option<String>,
    form: crate::types::OfficialForm,
) -> Result<WalletEntry, AppError> {
    super::on_blocking(&state, move |b| b.official_add(path.as_deref(), &form)).await
}

/// The stored fields of an official-format entry, for correcting them.
#[tauri::command]
pub async fn official_form(state: State<'_, AppState>, id: String) -> Result<crate::types::OfficialForm, AppError> {
    state.backend().official_form(&id)
}

/// Corrects the fields of a stored official-format entry.
#[tauri::command]
pub async fn official_update(
    state: State<'_, AppState>,
    id: String,
    form: crate::types::OfficialForm,
) -> Result<WalletEntry, AppError> {
    state.backend().official_update(&id, &form)
}
