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
        .invoke_handler(commands::handler())
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
