//! App state shared by the commands, and where the app keeps its data.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use buildcert_wallet::Profile;

use crate::backend::{Backend, SharedSession};
use crate::error::{AppError, ErrorCode};

/// Environment variable that overrides the app data dir.
pub const DATA_DIR_ENV: &str = "BUILDCERT_DATA_DIR";

/// Folder name under the platform data dir.
pub const APP_DIR_NAME: &str = "BuildCert";

/// Environment variable that opens a profile at start (`demo`).
pub const PROFILE_ENV: &str = "BUILDCERT_PROFILE";

/// State managed by Tauri and handed to every command.
pub struct AppState {
    /// Wallet, verification, tender checks and settings of the profile
    /// open; replaced whole when the user enters or leaves the demo.
    backend: RwLock<Arc<Backend>>,
    /// The base data folder.
    base: PathBuf,
    /// When the process started (for the start-up trace).
    pub started: Instant,
    /// Set once the UI reported its first paint.
    pub first_paint_seen: AtomicBool,
    /// Each profile's checks since the app started (the inspection
    /// record's session), kept across switches to the demo and back.
    sessions: Mutex<Vec<(Profile, SharedSession)>>,
}

impl AppState {
    /// Opens the state on a base data folder, in `profile`.
    pub fn open(base: PathBuf, profile: Profile, started: Instant) -> Result<AppState, AppError> {
        let backend = Backend::open_profile(&base, profile)?;
        let sessions = Mutex::new(vec![(profile, backend.session())]);
        Ok(AppState {
            backend: RwLock::new(Arc::new(backend)),
            base,
            started,
            first_paint_seen: AtomicBool::new(false),
            sessions,
        })
    }

    /// The backend of the profile open. A command keeps the one it got
    /// for its whole run, even when the profile changes meanwhile.
    pub fn backend(&self) -> Arc<Backend> {
        // A panic while switching cannot leave a half-made backend (the
        // new one is built before the swap), so a poisoned lock is safe.
        self.backend.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Opens `profile` and makes it the one every command uses.
    pub fn switch(&self, profile: Profile) -> Result<Arc<Backend>, AppError> {
        let next = keep_session(&self.sessions, profile, Backend::open_profile(&self.base, profile)?);
        let next = Arc::new(next);
        *self.backend.write().unwrap_or_else(|p| p.into_inner()) = next.clone();
        Ok(next)
    }

    /// The base data folder.
    pub fn base(&self) -> &std::path::Path {
        &self.base
    }
}

/// `backend` recording into the session `profile` had before, or its own
/// new one, kept from now on.
pub(crate) fn keep_session(
    sessions: &Mutex<Vec<(Profile, SharedSession)>>,
    profile: Profile,
    backend: Backend,
) -> Backend {
    let mut all = sessions.lock().unwrap_or_else(|p| p.into_inner());
    match all.iter().find(|(p, _)| *p == profile) {
        Some((_, s)) => backend.with_session(s.clone()),
        None => {
            all.push((profile, backend.session()));
            backend
        }
    }
}

/// The profile to open at start: `demo` when the command line holds
/// `--demo` or `BUILDCERT_PROFILE=demo` (what `make run` uses), else real.
pub fn profile_at_start(args: impl IntoIterator<Item = String>, env_value: Option<OsString>) -> Profile {
    let arg = args.into_iter().any(|a| a == "--demo");
    let env = env_value.is_some_and(|v| v.to_string_lossy().eq_ignore_ascii_case("demo"));
    if arg || env {
        Profile::Demo
    } else {
        Profile::Real
    }
}

/// The data dir: `$BUILDCERT_DATA_DIR` when set and not empty, else
/// `<platform data dir>/BuildCert` (`dirs::data_dir()`: XDG data home on
/// Linux, Application Support on macOS, Roaming AppData on Windows).
pub fn resolve_data_dir(env_value: Option<OsString>, platform_data_dir: Option<PathBuf>) -> Result<PathBuf, AppError> {
    if let Some(v) = env_value.filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(v));
    }
    platform_data_dir.map(|d| d.join(APP_DIR_NAME)).ok_or_else(|| {
        AppError::new(
            ErrorCode::DataDir,
            &format!("无法确定数据目录，请设置环境变量 {DATA_DIR_ENV}"),
            &format!("cannot find a data directory; set {DATA_DIR_ENV}"),
        )
    })
}

/// [`resolve_data_dir`] with the real environment and platform.
pub fn data_dir_from_env() -> Result<PathBuf, AppError> {
    resolve_data_dir(std::env::var_os(DATA_DIR_ENV), dirs::data_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_profile_opens_only_when_asked() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(profile_at_start(args(&["app"]), None), Profile::Real);
        assert_eq!(profile_at_start(args(&["app", "--demo"]), None), Profile::Demo);
        assert_eq!(profile_at_start(args(&["app"]), Some("demo".into())), Profile::Demo);
        assert_eq!(profile_at_start(args(&["app"]), Some("real".into())), Profile::Real);
    }

    #[test]
    fn env_wins_over_platform() {
        let d = resolve_data_dir(Some("/x/y".into()), Some("/home/a/.local/share".into()));
        assert_eq!(d.unwrap(), PathBuf::from("/x/y"));
    }

    #[test]
    fn empty_env_is_ignored() {
        let d = resolve_data_dir(Some("".into()), Some(PathBuf::from("base")));
        assert_eq!(d.unwrap(), PathBuf::from("base").join("BuildCert"));
    }

    #[test]
    fn no_platform_dir_is_an_error() {
        let e = resolve_data_dir(None, None).unwrap_err();
        assert_eq!(e.code, ErrorCode::DataDir);
        assert!(e.message.contains(DATA_DIR_ENV));
    }
}
