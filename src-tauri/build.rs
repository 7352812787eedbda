//! Build script: generates the Tauri context and the ACL for the app's own
//! commands, so the capability file can list exactly which commands the
//! window may call.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "wallet_list",
        "wallet_get",
        "wallet_import_text",
        "wallet_import_file",
        "wallet_remove",
        "wallet_export_ics",
        "trust_import",
        "trust_pin_root",
        "verify_text",
        "verify_file",
        "verify_frame",
        "demo_install",
        "demo_remove",
        "profile_switch",
        "official_check",
        "official_add",
        "official_form",
        "official_update",
        "open_web_url",
        "tender_specialties",
        "tender_run",
        "tender_cancel",
        "tender_export",
        "tender_save",
        "tender_saved",
        "tender_open",
        "tender_recheck",
        "tender_delete",
        "settings_get",
        "settings_set",
        "app_info",
        "ui_ready",
        "maintenance_info",
        "trust_url_set",
        "trust_update",
        "backup_create",
        "backup_inspect",
        "backup_restore",
        "log_export",
        "log_clear",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)).expect("failed to run tauri-build");
}
