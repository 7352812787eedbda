//! Backup of the whole wallet to one file, and restore from it.
//!
//! A backup file (`.bcbackup`) is a 64-byte header — the magic
//! `BUILDCERT-WALLET-BACKUP\n`, a format version, the length and the
//! SHA-256 of what follows — then a compact SQLite copy (`VACUUM INTO`) of
//! the wallet. The digest catches damage anywhere in the file (SQLite's own
//! check does not look inside stored files). Restore checks everything
//! (digest, `application_id`, schema version, `PRAGMA integrity_check`,
//! migration to this version on a scratch copy) before anything is
//! replaced, then copies it over the wallet in one SQLite backup step,
//! which commits atomically.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::db::{integrity_rows, migrate, schema_version, APPLICATION_ID};
use crate::error::{Result, WalletError};
use crate::Wallet;

/// What a backup file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupInfo {
    /// The backup file.
    pub path: PathBuf,
    /// Its size in bytes.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
    /// Certificates in it.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub certificates: u64,
    /// Trust lists in it.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub trust_lists: u64,
    /// Its schema version.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub schema_version: i64,
}

fn counts(c: &Connection) -> rusqlite::Result<(u64, u64)> {
    let certs: i64 = c.query_row("SELECT count(*) FROM certs", [], |r| r.get(0))?;
    let tls: i64 = c.query_row("SELECT count(*) FROM trust_lists", [], |r| r.get(0))?;
    Ok((certs as u64, tls as u64))
}

fn scratch_path(dir: &Path, stem: &str) -> PathBuf {
    let n = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
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

/// Magic at the start of a backup file.
pub const BACKUP_MAGIC: &[u8; 24] = b"BUILDCERT-WALLET-BACKUP\n";
const BACKUP_FORMAT: u32 = 1;
const HEADER_LEN: usize = 24 + 4 + 4 + 32;

fn bad(s: impl Into<String>) -> WalletError {
    WalletError::bad_backup(s.into())
}

/// Streams `from` into `to`, returning (bytes, SHA-256).
fn copy_hashing(from: &mut impl Read, to: &mut impl Write) -> std::io::Result<(u64, [u8; 32])> {
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut n = 0u64;
    loop {
        let k = from.read(&mut buf)?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        to.write_all(&buf[..k])?;
        n += k as u64;
    }
    Ok((n, h.finalize().into()))
}

/// Writes the backup container for the SQLite file `db` to `dest`.
fn pack(db: &Path, dest: &Path) -> Result<()> {
    let (len, digest) = {
        let mut f = std::fs::File::open(db).map_err(|e| WalletError::io(db, e))?;
        copy_hashing(&mut f, &mut std::io::sink()).map_err(|e| WalletError::io(db, e))?
    };
    let mut out = std::fs::File::create(dest).map_err(|e| WalletError::io(dest, e))?;
    let mut header = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(BACKUP_MAGIC);
    header.extend_from_slice(&BACKUP_FORMAT.to_be_bytes());
    header.extend_from_slice(&u32::try_from(len).map_err(|_| bad("wallet larger than 4 GiB"))?.to_be_bytes());
    header.extend_from_slice(&digest);
    out.write_all(&header).map_err(|e| WalletError::io(dest, e))?;
    let mut f = std::fs::File::open(db).map_err(|e| WalletError::io(db, e))?;
    let (n2, d2) = copy_hashing(&mut f, &mut out).map_err(|e| WalletError::io(dest, e))?;
    if n2 != len || d2 != digest {
        return Err(WalletError::Db("the wallet copy changed while the backup was written".into()));
    }
    out.sync_all().map_err(|e| WalletError::io(dest, e))?;
    Ok(())
}

/// Checks the container `src` and writes its SQLite part to `scratch`.
fn unpack(src: &Path, scratch: &Path) -> Result<()> {
    let mut f = std::fs::File::open(src).map_err(|e| WalletError::io(src, e))?;
    let mut header = [0u8; HEADER_LEN];
    f.read_exact(&mut header).map_err(|_| bad("file too short / 文件过短"))?;
    if &header[..24] != BACKUP_MAGIC {
        return Err(bad("not a BuildCert wallet backup / 不是 BuildCert 证书夹备份"));
    }
    let format = u32::from_be_bytes(header[24..28].try_into().expect("4 bytes"));
    if format != BACKUP_FORMAT {
        return Err(bad(format!("backup format {format}, this build reads {BACKUP_FORMAT}")));
    }
    let len = u64::from(u32::from_be_bytes(header[28..32].try_into().expect("4 bytes")));
    let mut out = std::fs::File::create(scratch).map_err(|e| WalletError::io(scratch, e))?;
    let (n, digest) = copy_hashing(&mut f.take(len + 1), &mut out).map_err(|e| WalletError::io(scratch, e))?;
    if n != len || digest[..] != header[32..] {
        return Err(bad("the file is damaged or incomplete (checksum mismatch) / 文件已损坏或不完整（校验和不符）"));
    }
    Ok(())
}

/// Checks an unpacked SQLite wallet copy.
fn check_sqlite(src: &Path) -> Result<BackupInfo> {
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
    let bytes = std::fs::metadata(src).map(|m| m.len()).unwrap_or(0);
    Ok(BackupInfo { path: src.to_path_buf(), bytes, certificates, trust_lists, schema_version: version })
}

impl Wallet {
    /// Writes the whole wallet (certificates, files, trust lists, roots,
    /// settings, alert states, log) to `dest`, replacing it if present. The
    /// file is written beside `dest` first and renamed into place, so a
    /// half-written backup never has the final name.
    pub fn backup(&self, dest: &Path) -> Result<BackupInfo> {
        let dir = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| WalletError::io(dir, e))?;
        let db_tmp = scratch_path(dir, "buildcert-backup-db");
        let out_tmp = scratch_path(dir, "buildcert-backup");
        let r: Result<()> = (|| {
            let db_str = db_tmp
                .to_str()
                .ok_or_else(|| WalletError::Io { path: db_tmp.clone(), detail: "path is not valid Unicode".into() })?;
            self.conn.execute("VACUUM INTO ?1", [db_str])?;
            pack(&db_tmp, &out_tmp)?;
            std::fs::rename(&out_tmp, dest).map_err(|e| WalletError::io(dest, e))?;
            Ok(())
        })();
        remove_quietly(&db_tmp);
        if r.is_err() {
            remove_quietly(&out_tmp);
        }
        r?;
        let (certificates, trust_lists) = counts(&self.conn)?;
        let bytes = std::fs::metadata(dest).map_err(|e| WalletError::io(dest, e))?.len();
        Ok(BackupInfo {
            path: dest.to_path_buf(),
            bytes,
            certificates,
            trust_lists,
            schema_version: self.schema_version()?,
        })
    }

    /// Checks a backup file without changing anything: an intact BuildCert
    /// wallet backup of this or an older version.
    pub fn check_backup(src: &Path) -> Result<BackupInfo> {
        let scratch = scratch_path(&std::env::temp_dir(), "buildcert-check");
        let r = unpack(src, &scratch).and_then(|_| check_sqlite(&scratch));
        remove_quietly(&scratch);
        let bytes = std::fs::metadata(src).map(|m| m.len()).unwrap_or(0);
        r.map(|info| BackupInfo { path: src.to_path_buf(), bytes, ..info })
    }

    /// Replaces the whole wallet with the backup in `src`, after its
    /// checksum, [`check_sqlite`]-style checks and a migration of a scratch
    /// copy to this version passed. On any error the wallet is unchanged.
    pub fn restore(&mut self, src: &Path) -> Result<BackupInfo> {
        let dir = self.path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let scratch = scratch_path(&dir, "buildcert-restore");
        let r: Result<BackupInfo> = (|| {
            unpack(src, &scratch)?;
            let info = check_sqlite(&scratch)?;
            let staged = Connection::open(&scratch)?;
            migrate(&staged).map_err(|e| bad(e.to_string()))?;
            let rows = integrity_rows(&staged, "integrity_check")?;
            if rows.first().map(String::as_str) != Some("ok") {
                return Err(bad(rows.join("; ")));
            }
            let backup = rusqlite::backup::Backup::new(&staged, &mut self.conn)?;
            // One step copies every page in a single write transaction.
            match backup.step(-1)? {
                rusqlite::backup::StepResult::Done => Ok(info),
                rusqlite::backup::StepResult::Busy | rusqlite::backup::StepResult::Locked => Err(WalletError::Busy),
                other => Err(WalletError::Db(format!("restore stopped: {other:?}"))),
            }
        })();
        remove_quietly(&scratch);
        let info = r?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        let bytes = std::fs::metadata(src).map(|m| m.len()).unwrap_or(0);
        Ok(BackupInfo { path: src.to_path_buf(), bytes, ..info })
    }
}
