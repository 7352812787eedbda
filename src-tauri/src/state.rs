//! App state shared by the commands, and where the app keeps its data.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use crate::backend::Backend;
use crate::error::{AppError, ErrorCode};

/// Environment variable that overrides the app data dir.
pub const DATA_DIR_ENV: &str = "BUILDCERT_DATA_DIR";

/// Folder name under the platform data dir.
pub const APP_DIR_NAME: &str = "BuildCert";

/// State managed by Tauri and handed to every command.
pub struct AppState {
    /// Wallet, verification, tender checks and settings.
    pub backend: Backend,
    /// When the process started (for the start-up trace).
    pub started: Instant,
    /// Set once the UI reported its first paint.
    pub first_paint_seen: AtomicBool,
}

impl AppState {
    /// Opens the state on a data dir.
    pub fn open(data_dir: PathBuf, started: Instant) -> Result<AppState, AppError> {
        Ok(AppState { backend: Backend::open(&data_dir)?, started, first_paint_seen: AtomicBool::new(false) })
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
