//! 设置 / Settings, plus app facts and the start-up trace; the trust list
//! update, backup and restore, and the verification log (`maintenance.rs`).

use std::sync::atomic::Ordering;

use tauri::{AppHandle, State};

use crate::error::AppError;
use crate::state::AppState;
use crate::types::{AppInfo, BackupSummary, LogExport, MaintenanceInfo, Settings, TrustUpdateOutcome};

/// Environment variable: when set, the app prints the time to first paint
/// on stderr (a diagnostic line; it changes nothing else).
pub const STARTUP_TRACE_ENV: &str = "BUILDCERT_STARTUP_TRACE";
/// Environment variable: when set, the app quits right after the first paint.
/// Only in a build with the `measure` feature (`make measure`'s start-up
/// runs); the app as shipped has no such hook.
#[cfg(feature = "measure")]
pub const EXIT_AFTER_FIRST_PAINT_ENV: &str = "BUILDCERT_EXIT_AFTER_FIRST_PAINT";

/// Current settings.
#[tauri::command]
pub async fn settings_get(state: State<'_, AppState>) -> Result<Settings, AppError> {
    Ok(state.backend().settings())
}

/// Saves new settings and returns them.
#[tauri::command]
pub async fn settings_set(state: State<'_, AppState>, settings: Settings) -> Result<Settings, AppError> {
    state.backend().set_settings(settings)
}

/// Version, data dir and trust list facts.
#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, AppError> {
    state.backend().app_info()
}

/// Imports a trust list file (信任列表, `.bctl`) verified under the pinned roots.
#[tauri::command]
pub async fn trust_import(state: State<'_, AppState>, path: String) -> Result<AppInfo, AppError> {
    super::on_blocking(&state, move |b| b.trust_import(&path)).await
}

/// Pins a root key (64 hex characters); `demo` marks it 演示.
#[tauri::command]
pub async fn trust_pin_root(
    state: State<'_, AppState>,
    hex: String,
    label: String,
    demo: bool,
) -> Result<AppInfo, AppError> {
    state.backend().trust_pin_root(&hex, &label, demo)
}

/// Called by the UI once, after its first paint. Returns the milliseconds
/// since the process started.
#[tauri::command]
pub async fn ui_ready(app: AppHandle, state: State<'_, AppState>) -> Result<u32, AppError> {
    let ms = u32::try_from(state.started.elapsed().as_millis()).unwrap_or(u32::MAX);
    let first = !state.first_paint_seen.swap(true, Ordering::SeqCst);
    if first && std::env::var_os(STARTUP_TRACE_ENV).is_some() {
        eprintln!("buildcert-app: first paint {ms} ms after start");
    }
    #[cfg(feature = "measure")]
    if first && std::env::var_os(EXIT_AFTER_FIRST_PAINT_ENV).is_some() {
        app.exit(0);
    }
    #[cfg(not(feature = "measure"))]
    let _ = app;
    Ok(ms)
}

/// Runs blocking backend work (network, file copies) off the async runtime.
async fn blocking<T: Send + 'static>(
    app: AppHandle,
    f: impl FnOnce(&AppState) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    use tauri::Manager;
    tauri::async_runtime::spawn_blocking(move || f(&app.state::<AppState>())).await.map_err(|e| {
        AppError::new(
            crate::error::ErrorCode::Internal,
            &format!("程序内部错误：后台任务失败：{e}"),
            &format!("internal error: background task failed: {e}"),
        )
    })?
}

/// The trust list update address, issuer keys, log size and default files.
#[tauri::command]
pub async fn maintenance_info(state: State<'_, AppState>) -> Result<MaintenanceInfo, AppError> {
    state.backend().maintenance_info()
}

/// Sets the trust list update address (`null` or blank clears it). Fetches nothing.
#[tauri::command]
pub async fn trust_url_set(state: State<'_, AppState>, url: Option<String>) -> Result<MaintenanceInfo, AppError> {
    state.backend().trust_url_set(url.as_deref())
}

/// Fetches the trust list from the configured address and imports it.
/// Only when the user asks; never runs by itself.
#[tauri::command]
pub async fn trust_update(app: AppHandle) -> Result<TrustUpdateOutcome, AppError> {
    blocking(app, |s| s.backend().trust_update()).await
}

/// Writes a backup of the whole wallet (`.bcbackup`) to `path`.
#[tauri::command]
pub async fn backup_create(app: AppHandle, path: String) -> Result<BackupSummary, AppError> {
    blocking(app, move |s| s.backend().backup_create(&path)).await
}

/// Checks a backup file and says what it holds (changes nothing).
#[tauri::command]
pub async fn backup_inspect(app: AppHandle, path: String) -> Result<BackupSummary, AppError> {
    blocking(app, move |s| s.backend().backup_inspect(&path)).await
}

/// Replaces the wallet with a checked backup.
#[tauri::command]
pub async fn backup_restore(
    app: AppHandle,
    path: String,
    accept_roots: Option<Vec<String>>,
) -> Result<BackupSummary, AppError> {
    blocking(app, move |s| s.backend().backup_restore(&path, &accept_roots.unwrap_or_default())).await
}

/// Writes the verification log (核验记录) as CSV to `path`.
#[tauri::command]
pub async fn log_export(state: State<'_, AppState>, path: String) -> Result<LogExport, AppError> {
    super::on_blocking(&state, move |b| b.log_export(&path)).await
}

/// Deletes every verification log entry; returns how many.
#[tauri::command]
pub async fn log_clear(state: State<'_, AppState>) -> Result<u32, AppError> {
    state.backend().log_clear()
}
