//! # buildcert-wallet
//!
//! The wallet (证书夹): one SQLite file (`wallet.sqlite3`, WAL, foreign keys,
//! versioned append-only migrations) in the data directory, shared by the
//! CLI and the desktop app. It keeps
//!
//! - pinned root keys and every accepted trust list (BC1 §5), the newest in use;
//! - e-certificates imported from anything the verifier reads (QR text,
//!   image, PDF), with the original file and the QR text, deduplicated by
//!   e-licence identifier and grouped by registration and holder (older
//!   copies are `superseded`, never dropped);
//! - official-format entries (kind `official`, always 未验证（官方格式） /
//!   unverified (official format)): the fields the holder confirmed from
//!   today's PDF certificates, with the original file ([`Wallet::add_official`]);
//! - saved tender checks (投标核查), to reopen and re-check later;
//! - alert states (valid → expiring → expired, each step announced once);
//! - settings, and the opt-in verification log (核验记录).
//!
//! Every write is one transaction: a process killed at any point leaves the
//! wallet as it was or fully updated. A damaged file is reported and never
//! overwritten. A second writer waits up to [`db::BUSY_TIMEOUT`] and then
//! gets [`WalletError::Busy`].
//!
//! ```
//! # let dir = tempfile::tempdir().unwrap();
//! use buildcert_wallet::Wallet;
//! let (trust_bytes, root, _text) = buildcert_bc1::testkit::sample();
//! let w = Wallet::open(dir.path()).unwrap();
//! w.pin_root(&hex::encode(root.to_bytes()), "演示根密钥 / demo root", true).unwrap();
//! let imported = w.import_trust_list(&trust_bytes, &[], 1_790_000_000).unwrap();
//! assert_eq!(imported.info.seq, 1);
//! assert!(w.current_trust_list(&[]).unwrap().is_some());
//! ```
#![warn(missing_docs)]

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub mod alerts;
pub mod backup;
pub mod certs;
pub mod db;
pub mod error;
pub mod log;
pub mod official;
pub mod profile;
pub mod settings;
pub mod tenders;
#[cfg(any(test, feature = "test-support"))]
#[doc(hidden)]
pub mod testutil;
pub mod trust;

pub use alerts::{Alert, AlertState, AlertSubject};
pub use backup::{BackupInfo, NewRoot, RestoreOptions, RestoreReport};
pub use certs::{CertDetail, CertSummary, ImportResult, ListFilter, ReverifySummary, TrustState};
pub use error::{Result, WalletError};
pub use log::LogEntry;
pub use official::OfficialImport;
pub use profile::{profile_dir, Profile};
pub use settings::Settings;
pub use tenders::SavedTender;
pub use trust::{PinnedRoot, TrustImport, TrustListInfo};

/// Environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "BUILDCERT_DATA_DIR";

/// File name of the wallet database inside the data directory.
pub const DB_FILE: &str = "wallet.sqlite3";

/// The data directory: `$BUILDCERT_DATA_DIR` when set and not empty, else the
/// platform's data directory (`%APPDATA%`, `~/Library/Application Support`,
/// `$XDG_DATA_HOME` or `~/.local/share`) joined with `BuildCert`, else
/// `./BuildCert` when the platform has none.
pub fn data_dir() -> PathBuf {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(v) if !v.is_empty() => PathBuf::from(v),
        _ => dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join("BuildCert"),
    }
}

/// Seconds since the Unix epoch from the system clock (only for
/// bookkeeping times such as `added_at`; checks take `now` as input).
pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// An open wallet. Not `Sync`: the app keeps it behind a mutex, and other
/// processes may open the same file at the same time.
pub struct Wallet {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
    /// Key of the holder keys (see [`profile`]).
    pub(crate) holder_secret: [u8; 32],
}

impl std::fmt::Debug for Wallet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wallet").field("path", &self.path).finish()
    }
}

impl Wallet {
    /// Opens the wallet in `dir`, creating the folder and `wallet.sqlite3`
    /// when absent and applying pending migrations. An existing file is
    /// first checked (`PRAGMA quick_check`); a damaged one is reported as
    /// [`WalletError::Corrupt`] and left exactly as it is.
    ///
    /// The folder is made private (0700 on Unix) and the wallet's files
    /// 0600. A wallet opened for the first time by this version gets its
    /// holder secret and the one-time upgrade of [`profile`].
    pub fn open(dir: &Path) -> Result<Wallet> {
        std::fs::create_dir_all(dir).map_err(|e| WalletError::io(dir, e))?;
        profile::private_dir(dir)?;
        let path = dir.join(DB_FILE);
        let conn = db::open_file(&path, true)?;
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            profile::private_file(Path::new(&p))?;
        }
        let (holder_secret, purged) = profile::load_or_create_secret(&conn)?;
        let w = Wallet { conn, path, holder_secret };
        if purged {
            // Demo lists went: what is left (or nothing) decides every copy.
            let current = w.current_trust_list(&[]).ok().flatten();
            db::write_tx(&w.conn, |c| {
                if current.is_none() {
                    // Nothing left to verify against: what the demo verified is unverified now.
                    c.execute(
                        "UPDATE certs SET trust_state = 'unverified', trust_seq = NULL
                         WHERE kind = 'bc1' AND trust_state = 'verified'",
                        [],
                    )?;
                }
                w.reverify_all_in(c, current.as_ref(), unix_now()).map(|_| ())
            })?;
        }
        Ok(w)
    }

    /// Opens the demo profile's wallet in `dir` (演示), marking a new one
    /// as a demo wallet: every trust list in it counts as demo, so every
    /// verdict resting on it says so.
    pub fn open_demo(dir: &Path) -> Result<Wallet> {
        let w = Wallet::open(dir)?;
        profile::mark_demo(&w.conn)?;
        Ok(w)
    }

    /// Whether this is the demo profile's wallet.
    pub fn is_demo_profile(&self) -> Result<bool> {
        profile::is_demo(&self.conn)
    }

    /// The holder key of an ID number in this wallet.
    pub(crate) fn holder_key(&self, idn: &str) -> String {
        profile::holder_key(&self.holder_secret, idn)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `PRAGMA integrity_check` (the thorough one); `Ok(())` when it
    /// reports "ok", else [`WalletError::Corrupt`] with what it found.
    pub fn integrity_check(&self) -> Result<()> {
        let rows = db::integrity_rows(&self.conn, "integrity_check")?;
        if rows.first().map(String::as_str) == Some("ok") {
            Ok(())
        } else {
            Err(WalletError::Corrupt { path: self.path.clone(), detail: rows.join("; ") })
        }
    }

    /// The schema version of the open file (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }
}
