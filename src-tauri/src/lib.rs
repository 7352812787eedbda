//! BuildCert (建造师证书夹) desktop app: the Tauri shell.
//!
//! This crate holds no business rule. Commands (`commands/*`) unpack their
//! input and call [`backend::Backend`], which holds the app's state and
//! calls `buildcert-service` (the use-cases the command line shares) and the
//! BuildCert crates. All IPC types are in [`types`];
//! the UI's TypeScript types are generated from them (see `bindings.rs`).

#![warn(missing_docs)]

pub mod backend;
pub mod camera;
pub mod commands;
pub mod error;
pub mod notify;
pub mod state;
pub mod types;
pub mod webview_env;

#[cfg(test)]
mod bindings;
#[cfg(test)]
mod fixtures;

use std::time::Instant;

use state::AppState;

/// Builds and runs the app. `started` is the instant `main` began, for the
/// start-up trace.
pub fn run(started: Instant) {
    let data_dir = match state::data_dir_from_env() {
        Ok(d) => d,
        Err(e) => fail(&e),
    };
    let profile = state::profile_at_start(std::env::args(), std::env::var_os(state::PROFILE_ENV));
    let app_state = match AppState::open(data_dir, profile, started) {
        Ok(s) => s,
        Err(e) => fail(&e),
    };
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .manage(app_state)
        .setup(|app| {
            use tauri::Manager;
            if let Some(window) = app.get_webview_window("main") {
                camera::enable(&window);
            }
            notify::start(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::wallet::wallet_list,
            commands::wallet::wallet_get,
            commands::wallet::wallet_import_text,
            commands::wallet::wallet_import_file,
            commands::wallet::wallet_remove,
            commands::wallet::wallet_export_ics,
            commands::settings::trust_import,
            commands::settings::trust_pin_root,
            commands::verify::verify_text,
            commands::verify::verify_file,
            commands::verify::verify_frame,
            commands::verify::record_export,
            commands::verify::record_session,
            commands::wallet::demo_install,
            commands::wallet::demo_remove,
            commands::wallet::profile_switch,
            commands::wallet::official_check,
            commands::wallet::official_add,
            commands::wallet::official_form,
            commands::wallet::official_update,
            commands::verify::open_web_url,
            commands::tender::tender_specialties,
            commands::tender::tender_run,
            commands::tender::tender_cancel,
            commands::tender::tender_export,
            commands::tender::tender_save,
            commands::tender::tender_saved,
            commands::tender::tender_open,
            commands::tender::tender_recheck,
            commands::tender::tender_delete,
            commands::settings::settings_get,
            commands::settings::settings_set,
            commands::settings::app_info,
            commands::settings::ui_ready,
            commands::settings::maintenance_info,
            commands::settings::trust_url_set,
            commands::settings::trust_update,
            commands::settings::backup_create,
            commands::settings::backup_inspect,
            commands::settings::backup_restore,
            commands::settings::log_export,
            commands::settings::log_clear,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("建造师证书夹无法启动 / BuildCert could not start: {e}");
        std::process::exit(1);
    }
}

fn fail(e: &error::AppError) -> ! {
    eprintln!("建造师证书夹无法启动 / BuildCert could not start: {}", e.message.en);
    std::process::exit(1);
}
