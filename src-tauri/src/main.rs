//! Entry point of the BuildCert desktop app.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    let started = std::time::Instant::now();
    webview_defaults();
    buildcert_app::run(started);
}

/// On Linux (WebKitGTK), sets the web view's environment defaults (see
/// `buildcert_app::webview_env`); a value the user already set wins. The web
/// and network processes inherit them.
///
/// Runs first thing in `main`, before any thread exists, so changing the
/// environment is sound.
fn webview_defaults() {
    #[cfg(target_os = "linux")]
    for (key, value) in buildcert_app::webview_env::defaults(|k| std::env::var(k).ok()) {
        std::env::set_var(key, value);
    }
}
