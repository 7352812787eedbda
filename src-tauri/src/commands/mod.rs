//! Tauri commands, one thin module per screen area. Each command only
//! unpacks its input, calls [`crate::backend::Backend`] and returns
//! `Result<T, AppError>`; all are `async` so they run off the UI thread.

pub mod settings;
pub mod tender;
pub mod verify;
pub mod wallet;

use std::sync::Arc;

use crate::backend::Backend;
use crate::error::AppError;
use crate::state::AppState;

/// Expands the command list (`list.rs`) into [`COMMANDS`] and [`handler`].
macro_rules! command_list {
    ($($module:ident :: $name:ident),* $(,)?) => {
        /// Every command the UI may call, by name, in the order of `list.rs`.
        pub const COMMANDS: &[&str] = &[$(stringify!($name)),*];

        /// The invoke handler of every command in [`COMMANDS`].
        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($module::$name),*]
        }
    };
}

include!("list.rs");

/// Runs heavy backend work (file parsing, a tender run, backup and restore,
/// a trust list update) on a blocking thread, so that every other command
/// keeps answering. The backend of the profile open when the command came
/// is used for the whole run.
pub(crate) async fn on_blocking<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&Backend) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let backend: Arc<Backend> = state.backend();
    tauri::async_runtime::spawn_blocking(move || f(&backend))
        .await
        .map_err(|e| AppError::internal(&format!("background task failed: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::COMMANDS;

    /// The capability file allows exactly the commands of `list.rs`, each once.
    #[test]
    fn the_capability_allows_exactly_the_commands() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/capabilities/main.json");
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut allowed: Vec<String> = v["permissions"]
            .as_array()
            .expect("permissions")
            .iter()
            .filter_map(|p| p.as_str()?.strip_prefix("allow-").map(|c| c.replace('-', "_")))
            .collect();
        allowed.sort();
        let mut commands: Vec<String> = COMMANDS.iter().map(|c| c.to_string()).collect();
        commands.sort();
        let before = commands.len();
        commands.dedup();
        assert_eq!(commands.len(), before, "a command is listed twice in commands/list.rs");
        assert_eq!(allowed, commands, "capabilities/main.json must allow exactly the commands of commands/list.rs");
    }
}
