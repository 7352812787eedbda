//! Entry point of the BuildCert desktop app.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    let started = std::time::Instant::now();
    lean_webview_defaults();
    buildcert_app::run(started);
}

/// On Linux (WebKitGTK), turns off accelerated compositing unless the user
/// chose otherwise. The UI is forms and tables; compositing buys nothing
/// there, and with it the web process kept ~90 MiB more (PSS 310 → 221 MiB
/// for all app processes, measured with `make measure`) and first paint came
/// later. Set `WEBKIT_DISABLE_COMPOSITING_MODE=0` to bring it back.
///
/// Runs first thing in `main`, before any thread exists, so changing the
/// environment is sound.
fn lean_webview_defaults() {
    #[cfg(target_os = "linux")]
    for (key, value) in [("WEBKIT_DISABLE_COMPOSITING_MODE", "1"), ("WEBKIT_DISABLE_DMABUF_RENDERER", "1")] {
        if std::env::var_os(key).is_none() {
            std::env::set_var(key, value);
        }
    }
}
