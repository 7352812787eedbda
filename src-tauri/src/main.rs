//! Entry point of the BuildCert desktop app.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    #[allow(unused_mut)]
    let mut started = std::time::Instant::now();
    #[cfg(target_os = "linux")]
    if let Some(ago) = webkit_processes_without_speech() {
        started = started.checked_sub(ago).unwrap_or(started);
    }
    lean_webview_defaults();
    buildcert_app::run(started);
}

/// On Linux, gives the app's WebKit processes a stub in place of the speech
/// libraries they never use (see `buildcert_app::webkit_stubs`); this may
/// start the app again in this process. Once running on the stub, returns
/// how long ago the first start began.
#[cfg(target_os = "linux")]
fn webkit_processes_without_speech() -> Option<std::time::Duration> {
    use buildcert_app::webkit_stubs::{self, Outcome, Skipped};
    // SAFETY: first thing in `main`; no other thread exists yet.
    match unsafe { webkit_stubs::start() } {
        Outcome::Active(ago) => Some(ago),
        Outcome::Skipped(Skipped::OptedOut) => None,
        Outcome::Skipped(why) => {
            eprintln!("buildcert-app: WebKit loads the speech libraries ({why:?})");
            None
        }
        Outcome::ChildrenOnly(why) => {
            eprintln!("buildcert-app: only the web and network processes run without the speech libraries ({why})");
            None
        }
    }
}

/// On Linux (WebKitGTK), sets the environment defaults that keep the web
/// view lean (see `buildcert_app::webview_env`); a value the user already set
/// wins. The web and network processes inherit them.
///
/// Runs in `main` before any thread exists, so changing the environment is
/// sound.
fn lean_webview_defaults() {
    #[cfg(target_os = "linux")]
    for (key, value) in buildcert_app::webview_env::defaults(|k| std::env::var(k).ok()) {
        std::env::set_var(key, value);
    }
}
