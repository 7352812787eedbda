//! `buildcert wallet log`: the verification log (核验记录), or `--clear`.

use buildcert_wallet::{LogEntry, Wallet, WalletError};

/// The log, or how many entries were cleared.
pub enum Log {
    /// Every entry, and the same as CSV (what a person reads).
    Entries(Vec<LogEntry>, String),
    /// Entries deleted.
    Cleared(u64),
}

/// Shows the log, or clears it.
pub fn run(w: &Wallet, clear: bool) -> Result<Log, WalletError> {
    if clear {
        return w.clear_log().map(Log::Cleared);
    }
    let entries = w.log_entries()?;
    let csv = w.log_csv()?;
    Ok(Log::Entries(entries, csv))
}
