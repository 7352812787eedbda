//! Build script: generates the Tauri context and the ACL for the app's own
//! commands, so the capability file can list exactly which commands the
//! window may call.

/// The command names from the one list (`src/commands/list.rs`).
macro_rules! command_list {
    ($($module:ident :: $name:ident),* $(,)?) => {
        const COMMANDS: &[&str] = &[$(stringify!($name)),*];
    };
}

include!("src/commands/list.rs");

fn main() {
    println!("cargo:rerun-if-changed=src/commands/list.rs");
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)).expect("failed to run tauri-build");
}
