//! `buildcert wallet backup` and `restore`.

use std::path::{Path, PathBuf};

use buildcert_wallet::{BackupInfo, RestoreOptions, RestoreReport, Wallet, WalletError};

use super::print::Printer;

/// A backup written.
pub struct BackedUp {
    /// Where.
    pub path: PathBuf,
    /// What it holds.
    pub info: BackupInfo,
}

/// Backs the whole wallet up to `out`.
pub fn backup(w: &Wallet, out: &Path) -> Result<BackedUp, WalletError> {
    w.backup(out).map(|info| BackedUp { path: out.to_path_buf(), info })
}

/// A wallet restored.
pub struct Restored(pub RestoreReport);

/// Replaces the wallet with the backup `file` (with `yes`; without it, only
/// checks the backup and says what restoring would do).
pub fn restore(w: &mut Wallet, file: &Path, yes: bool, accept_roots: Vec<String>, now: i64, p: &Printer) -> i32 {
    if !yes {
        return match w.inspect_backup(file) {
            Ok(info) => {
                let (zh, en) = would_restore(&info);
                p.usage(&zh, &en)
            }
            Err(e) => p.error(&e),
        };
    }
    // The app's restore: this computer's verification log switch stays.
    p.done(buildcert_service::restore_backup(w, file, &RestoreOptions { accept_roots, now }).map(Restored))
}

/// What restoring the backup would do, and what to add to confirm.
fn would_restore(info: &BackupInfo) -> (String, String) {
    let roots: Vec<String> = info
        .new_roots
        .iter()
        .map(|r| format!("{} ({}{})", r.fingerprint, r.label, if r.demo { ", DEMO" } else { "" }))
        .collect();
    let (mut zh, mut en) = (
        format!(
            "备份文件完好（{} 份电子证书，{} 个信任列表）。恢复会替换整个证书夹，请加 --yes 确认。",
            info.certificates, info.trust_lists
        ),
        format!(
            "The backup is intact ({} e-certificates, {} trust lists). Restoring replaces the whole wallet: add --yes to confirm.",
            info.certificates, info.trust_lists
        ),
    );
    if !roots.is_empty() {
        zh += &format!("备份中有本机未信任的根密钥，须逐个用 --accept-root 指纹 确认：{}", roots.join("，"));
        en += &format!(
            " The backup holds root keys this computer does not trust; confirm each with --accept-root FINGERPRINT: {}",
            roots.join(", ")
        );
    }
    (zh, en)
}
