//! The verification log (核验记录) as a file, and restoring a backup: one
//! writer and one rule for the app and the command line.

use std::path::Path;

use buildcert_wallet::{RestoreOptions, RestoreReport, Wallet, WalletError};

use crate::ServiceError;

/// The UTF-8 byte order mark the log CSV starts with, so that spreadsheet
/// programs read the Chinese names.
pub const CSV_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The verification log as CSV bytes (BOM, then [`Wallet::log_csv`]) and
/// the number of entries.
pub fn log_csv_bytes(w: &Wallet) -> Result<(Vec<u8>, u64), WalletError> {
    let entries = w.log_entries()?.len() as u64;
    let mut bytes = CSV_BOM.to_vec();
    bytes.extend_from_slice(w.log_csv()?.as_bytes());
    Ok((bytes, entries))
}

/// Writes the verification log as CSV to `path` (replacing it, through a
/// temporary file beside it); returns the number of entries.
pub fn write_log_csv(w: &Wallet, path: &Path) -> Result<u64, ServiceError> {
    let (bytes, entries) = log_csv_bytes(w)?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = std::path::PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).map_err(|e| ServiceError::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        ServiceError::io(path, e)
    })?;
    Ok(entries)
}

/// Replaces the wallet with the backup at `path` (checked completely
/// first; on any error nothing changes). This computer's verification log
/// switch stays as it was: a backup never turns the log on or off.
pub fn restore_backup(w: &mut Wallet, path: &Path, opts: &RestoreOptions) -> Result<RestoreReport, WalletError> {
    let log_on = w.settings()?.inspector_log;
    let report = w.restore(path, opts)?;
    let mut s = w.settings()?;
    if s.inspector_log != log_on {
        s.inspector_log = log_on;
        w.set_settings(&s)?;
    }
    Ok(report)
}
