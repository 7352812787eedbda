//! 设置 / Settings, plus app facts and the start-up trace.

use std::sync::atomic::Ordering;

use tauri::{AppHandle, State};

use crate::error::AppError;
use crate::state::AppState;
use crate::types::{AppInfo, Settings};

/// Environment variable: when set, the app prints the time to first paint.
pub const STARTUP_TRACE_ENV: &str = "BUILDCERT_STARTUP_TRACE";
/// Environment variable: when set, the app quits right after the first paint
/// (for start-up measurements).
pub const EXIT_AFTER_FIRST_PAINT_ENV: &str = "BUILDCERT_EXIT_AFTER_FIRST_PAINT";

/// Current settings.
#[tauri::command]
pub async fn settings_get(state: State<'_, AppState>) -> Result<Settings, AppError> {
    Ok(state.backend.settings())
}

/// Saves new settings and returns them.
#[tauri::command]
pub async fn settings_set(
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<Settings, AppError> {
    state.backend.set_settings(settings)
}

/// Version, data dir and trust list facts.
#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, AppError> {
    state.backend.app_info()
}

/// Imports a trust list file (信任列表, `.bctl`) verified under the pinned roots.
#[tauri::command]
pub async fn trust_import(state: State<'_, AppState>, path: String) -> Result<AppInfo, AppError> {
    state.backend.trust_import(&path)
}

/// Pins a root key (64 hex characters); `demo` marks it 演示.
#[tauri::command]
pub async fn trust_pin_root(
    state: State<'_, AppState>,
    hex: String,
    label: String,
    demo: bool,
) -> Result<AppInfo, AppError> {
    state.backend.trust_pin_root(&hex, &label, demo)
}

/// Called by the UI once, after its first paint. Returns the milliseconds
/// since the process started.
#[tauri::command]
pub async fn ui_ready(app: AppHandle, state: State<'_, AppState>) -> Result<u32, AppError> {
    let ms = u32::try_from(state.started.elapsed().as_millis()).unwrap_or(u32::MAX);
    if !state.first_paint_seen.swap(true, Ordering::SeqCst) {
        if std::env::var_os(STARTUP_TRACE_ENV).is_some() {
            eprintln!("buildcert-app: first paint {ms} ms after start");
        }
        if std::env::var_os(EXIT_AFTER_FIRST_PAINT_ENV).is_some() {
            app.exit(0);
        }
    }
    Ok(ms)
}
