//! Backup of the whole wallet to one file, and restore from it.
//!
//! A backup is a compact SQLite copy (`VACUUM INTO`) of the wallet. Restore
//! checks the file completely (header, `application_id`, schema version,
//! `PRAGMA integrity_check`, migration to this version on a scratch copy)
//! before anything is replaced, then copies it over the wallet in one
//! SQLite backup step, which commits atomically.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::db::{integrity_rows, migrate, schema_version, APPLICATION_ID};
use crate::error::{Result, WalletError};
use crate::Wallet;

/// What a backup file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupInfo {
    /// The backup file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// Certificates in it.
    pub certificates: u64,
    /// Trust lists in it.
    pub trust_lists: u64,
    /// Its schema version.
    pub schema_version: i64,
}

fn counts(c: &Connection) -> rusqlite::Result<(u64, u64)> {
    let certs: i64 = c.query_row("SELECT count(*) FROM certs", [], |r| r.get(0))?;
    let tls: i64 = c.query_row("SELECT count(*) FROM trust_lists", [], |r| r.get(0))?;
    Ok((certs as u64, tls as u64))
}

fn scratch_path(dir: &Path, stem: &str) -> PathBuf {
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    dir.join(format!(".{stem}.{}.{n}.tmp", std::process::id()))
}

fn remove_quietly(p: &Path) {
    let _ = std::fs::remove_file(p);
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut s = p.as_os_str().to_owned();
        s.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(s));
    }
}

impl Wallet {
    /// Writes the whole wallet (certificates, files, trust lists, roots,
    /// settings, alert states, log) to `dest`, replacing it if present. The
    /// file is written beside `dest` first and renamed into place, so a
    /// half-written backup never has the final name.
    pub fn backup(&self, dest: &Path) -> Result<BackupInfo> {
        let dir = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| WalletError::io(dir, e))?;
        let tmp = scratch_path(dir, "buildcert-backup");
        let r: Result<()> = (|| {
            let tmp_str = tmp.to_str().ok_or_else(|| WalletError::Io {
                path: tmp.clone(),
                detail: "path is not valid Unicode".into(),
            })?;
            self.conn.execute("VACUUM INTO ?1", [tmp_str])?;
            std::fs::rename(&tmp, dest).map_err(|e| WalletError::io(dest, e))?;
            Ok(())
        })();
        if r.is_err() {
            remove_quietly(&tmp);
        }
        r?;
        let (certificates, trust_lists) = counts(&self.conn)?;
        let bytes = std::fs::metadata(dest).map_err(|e| WalletError::io(dest, e))?.len();
        Ok(BackupInfo { path: dest.to_path_buf(), bytes, certificates, trust_lists, schema_version: self.schema_version()? })
    }

    /// Checks a backup file without changing anything: it must be an intact
    /// BuildCert wallet of this or an older version.
    pub fn check_backup(src: &Path) -> Result<BackupInfo> {
        let bad = |s: String| WalletError::BadBackup(s);
        let meta = std::fs::metadata(src).map_err(|e| WalletError::io(src, e))?;
        let mut head = [0u8; 16];
        {
            use std::io::Read;
            let mut f = std::fs::File::open(src).map_err(|e| WalletError::io(src, e))?;
            f.read_exact(&mut head).map_err(|_| bad("file too short".into()))?;
        }
        if &head != b"SQLite format 3\0" {
            return Err(bad("not a wallet backup (bad header)".into()));
        }
        let c = Connection::open_with_flags(src, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| bad(e.to_string()))?;
        let app: i64 = c.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(|e| bad(e.to_string()))?;
        if app != APPLICATION_ID {
            return Err(bad(format!("not a BuildCert wallet (application_id {app:#x})")));
        }
        let version: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| bad(e.to_string()))?;
        if version < 1 || version > schema_version() {
            return Err(bad(format!("schema version {version}, this build reads 1–{}", schema_version())));
        }
        let rows = integrity_rows(&c, "integrity_check").map_err(|e| bad(e.to_string()))?;
        if rows.first().map(String::as_str) != Some("ok") {
            return Err(bad(format!("integrity check failed: {}", rows.join("; "))));
        }
        let (certificates, trust_lists) = counts(&c).map_err(|e| bad(e.to_string()))?;
        Ok(BackupInfo { path: src.to_path_buf(), bytes: meta.len(), certificates, trust_lists, schema_version: version })
    }

    /// Replaces the whole wallet with the backup in `src`, after
    /// [`Wallet::check_backup`] and a migration of a scratch copy to this
    /// version passed. On any error the wallet is unchanged.
    pub fn restore(&mut self, src: &Path) -> Result<BackupInfo> {
        let info = Self::check_backup(src)?;
        let dir = self.path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let scratch = scratch_path(&dir, "buildcert-restore");
        let r: Result<()> = (|| {
            std::fs::copy(src, &scratch).map_err(|e| WalletError::io(&scratch, e))?;
            let staged = Connection::open(&scratch)?;
            migrate(&staged).map_err(|e| WalletError::BadBackup(e.to_string()))?;
            let rows = integrity_rows(&staged, "integrity_check")?;
            if rows.first().map(String::as_str) != Some("ok") {
                return Err(WalletError::BadBackup(rows.join("; ")));
            }
            let backup = rusqlite::backup::Backup::new(&staged, &mut self.conn)?;
            // One step copies every page in a single write transaction.
            match backup.step(-1)? {
                rusqlite::backup::StepResult::Done => Ok(()),
                rusqlite::backup::StepResult::Busy | rusqlite::backup::StepResult::Locked => Err(WalletError::Busy),
                other => Err(WalletError::Db(format!("restore stopped: {other:?}"))),
            }
        })();
        remove_quietly(&scratch);
        r?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        Ok(BackupInfo { path: src.to_path_buf(), ..info })
    }
}
