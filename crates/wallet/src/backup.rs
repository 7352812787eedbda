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

use rusqlite::{Connection, OpenFlags, OptionalExtension};
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
    /// Root keys the backup holds that the wallet checked against does not
    /// trust yet: a restore adds them only when each is confirmed.
    pub new_roots: Vec<NewRoot>,
}

/// A root key a backup would add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewRoot {
    /// SHA-256 of the raw key, hex: what the user confirms.
    pub fingerprint: String,
    /// The raw key, hex.
    pub public_hex: String,
    /// Its label in the backup.
    pub label: String,
    /// Pinned there as a demo root.
    pub demo: bool,
}

/// What the user confirmed for a restore.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RestoreOptions {
    /// Fingerprints of the backup's new root keys the user accepted.
    pub accept_roots: Vec<String>,
    /// Now, epoch seconds (to re-verify the restored copies).
    pub now: i64,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RestoreReport {
    /// The backup restored.
    pub info: BackupInfo,
    /// The newest trust list kept from before the restore, when it was newer
    /// than every list in the backup (trust never rolls back).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub kept_newer_trust_seq: Option<u64>,
    /// Root keys added from the backup (confirmed).
    pub added_roots: Vec<NewRoot>,
}

/// Opens a backup's SQLite copy for reading in defensive mode, with
/// `trusted_schema` off: a crafted file cannot run SQL functions through
/// its schema (triggers, views, defaults) or write to its own structure.
fn open_untrusted(path: &Path, flags: OpenFlags) -> Result<Connection> {
    let c =
        Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX).map_err(|e| bad(e.to_string()))?;
    c.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true).map_err(|e| bad(e.to_string()))?;
    c.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)
        .map_err(|e| bad(e.to_string()))?;
    c.pragma_update(None, "trusted_schema", false).map_err(|e| bad(e.to_string()))?;
    Ok(c)
}

fn roots_of(c: &Connection) -> rusqlite::Result<Vec<(String, String, bool)>> {
    let mut st = c.prepare("SELECT public_hex, label, demo FROM pinned_roots ORDER BY added_at, public_hex")?;
    let r = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect();
    r
}

/// The backup's roots that `known` (public keys, hex) lacks.
fn new_roots(backup: &Connection, known: &[String]) -> Result<Vec<NewRoot>> {
    let mut out = Vec::new();
    for (public_hex, label, demo) in roots_of(backup).map_err(|e| bad(e.to_string()))? {
        if known.iter().any(|k| k.eq_ignore_ascii_case(&public_hex)) {
            continue;
        }
        let raw: [u8; 32] = hex::decode(&public_hex).ok().and_then(|v| v.try_into().ok()).ok_or_else(|| {
            WalletError::bad_backup(
                format!("备份中的一个根密钥已损坏：{public_hex}"),
                format!("a root key in the backup is damaged: {public_hex}"),
            )
        })?;
        out.push(NewRoot { fingerprint: crate::profile::fingerprint(&raw), public_hex, label, demo });
    }
    Ok(out)
}

/// Checks the backup's settings like settings the user types.
fn check_settings(c: &Connection) -> Result<()> {
    let v: Option<String> = c
        .query_row("SELECT value FROM settings WHERE key = 'settings'", [], |r| r.get(0))
        .optional()
        .map_err(|e| bad(e.to_string()))?;
    if let Some(v) = v {
        let s: crate::Settings = serde_json::from_str(&v).map_err(|e| {
            WalletError::bad_backup(
                format!("备份中的设置无法读取：{e}"),
                format!("the settings in the backup cannot be read: {e}"),
            )
        })?;
        s.validate()?;
    }
    Ok(())
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

/// A refused backup whose detail is technical (an SQLite or I/O message): the
/// same text in both languages.
fn bad(s: impl Into<String>) -> WalletError {
    let s = s.into();
    WalletError::bad_backup(s.clone(), s)
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
    let mut out = crate::profile::create_private_file(dest).map_err(|e| WalletError::io(dest, e))?;
    let mut header = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(BACKUP_MAGIC);
    header.extend_from_slice(&BACKUP_FORMAT.to_be_bytes());
    header.extend_from_slice(
        &u32::try_from(len)
            .map_err(|_| WalletError::bad_backup("证书夹超过 4 GiB", "wallet larger than 4 GiB"))?
            .to_be_bytes(),
    );
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
    f.read_exact(&mut header).map_err(|_| WalletError::bad_backup("文件过短", "file too short"))?;
    if &header[..24] != BACKUP_MAGIC {
        return Err(WalletError::bad_backup("不是 BuildCert 证书夹备份", "not a BuildCert wallet backup"));
    }
    let format = u32::from_be_bytes(header[24..28].try_into().expect("4 bytes"));
    if format != BACKUP_FORMAT {
        return Err(WalletError::bad_backup(
            format!("备份格式 {format}，本程序只能读取格式 {BACKUP_FORMAT}"),
            format!("backup format {format}, this build reads {BACKUP_FORMAT}"),
        ));
    }
    let len = u64::from(u32::from_be_bytes(header[28..32].try_into().expect("4 bytes")));
    let mut out = crate::profile::create_private_file(scratch).map_err(|e| WalletError::io(scratch, e))?;
    let (n, digest) = copy_hashing(&mut f.take(len + 1), &mut out).map_err(|e| WalletError::io(scratch, e))?;
    if n != len || digest[..] != header[32..] {
        return Err(WalletError::bad_backup(
            "文件已损坏或不完整（校验和不符）",
            "the file is damaged or incomplete (checksum mismatch)",
        ));
    }
    Ok(())
}

/// Checks an unpacked SQLite wallet copy.
fn check_sqlite(src: &Path, known_roots: &[String]) -> Result<BackupInfo> {
    let c = open_untrusted(src, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let app: i64 = c.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(|e| bad(e.to_string()))?;
    if app != APPLICATION_ID {
        return Err(WalletError::bad_backup(
            format!("不是 BuildCert 证书夹（application_id {app:#x}）"),
            format!("not a BuildCert wallet (application_id {app:#x})"),
        ));
    }
    let version: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| bad(e.to_string()))?;
    if version < 1 || version > schema_version() {
        return Err(WalletError::bad_backup(
            format!("数据库结构版本 {version}，本程序只能读取 1–{}", schema_version()),
            format!("schema version {version}, this build reads 1–{}", schema_version()),
        ));
    }
    let rows = integrity_rows(&c, "integrity_check").map_err(|e| bad(e.to_string()))?;
    if rows.first().map(String::as_str) != Some("ok") {
        return Err(WalletError::bad_backup(
            format!("完整性检查未通过：{}", rows.join("; ")),
            format!("integrity check failed: {}", rows.join("; ")),
        ));
    }
    let (certificates, trust_lists) = counts(&c).map_err(|e| bad(e.to_string()))?;
    check_settings(&c)?;
    let new_roots = new_roots(&c, known_roots)?;
    let bytes = std::fs::metadata(src).map(|m| m.len()).unwrap_or(0);
    Ok(BackupInfo { path: src.to_path_buf(), bytes, certificates, trust_lists, schema_version: version, new_roots })
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
            new_roots: Vec::new(),
        })
    }

    /// Checks a backup file without changing anything: an intact BuildCert
    /// wallet backup of this or an older version.
    pub fn check_backup(src: &Path) -> Result<BackupInfo> {
        Self::check_backup_against(src, &[])
    }

    /// [`Wallet::check_backup`], listing in `new_roots` the backup's root
    /// keys that this wallet does not pin.
    pub fn inspect_backup(&self, src: &Path) -> Result<BackupInfo> {
        let known: Vec<String> = self.pinned_roots()?.into_iter().map(|p| p.public_hex).collect();
        Self::check_backup_against(src, &known)
    }

    fn check_backup_against(src: &Path, known: &[String]) -> Result<BackupInfo> {
        let scratch = scratch_path(&std::env::temp_dir(), "buildcert-check");
        let r = unpack(src, &scratch).and_then(|_| check_sqlite(&scratch, known));
        remove_quietly(&scratch);
        let bytes = std::fs::metadata(src).map(|m| m.len()).unwrap_or(0);
        r.map(|info| BackupInfo { path: src.to_path_buf(), bytes, ..info })
    }

    /// Replaces the whole wallet with the backup in `src`, after its
    /// checksum, [`check_sqlite`]-style checks (settings validated like
    /// typed ones) and a migration of a scratch copy to this version passed.
    ///
    /// Trust never rolls back: every trust list of the wallet newer than the
    /// backup's newest is kept (with the roots that signed them), and so
    /// are all the roots pinned now. Roots that only the backup has are
    /// added only when their fingerprints are in `opts.accept_roots`, else
    /// [`WalletError::RestoreRootsNeedConfirm`] lists them. The profile
    /// (real or demo) stays the wallet's. Every copy is then re-verified.
    /// On any error the wallet is unchanged.
    pub fn restore(&mut self, src: &Path, opts: &RestoreOptions) -> Result<RestoreReport> {
        let dir = self.path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let scratch = scratch_path(&dir, "buildcert-restore");
        let known: Vec<String> = self.pinned_roots()?.into_iter().map(|p| p.public_hex).collect();
        let demo_profile = self.is_demo_profile()?;
        let r: Result<(BackupInfo, Option<u64>, Vec<NewRoot>)> = (|| {
            unpack(src, &scratch)?;
            let info = check_sqlite(&scratch, &known)?;
            let unconfirmed: Vec<&NewRoot> = info
                .new_roots
                .iter()
                .filter(|r| !opts.accept_roots.iter().any(|a| a.trim().eq_ignore_ascii_case(&r.fingerprint)))
                .collect();
            if !unconfirmed.is_empty() {
                return Err(WalletError::RestoreRootsNeedConfirm {
                    roots: unconfirmed
                        .iter()
                        .map(|r| format!("{} ({}{})", r.fingerprint, r.label, if r.demo { ", DEMO" } else { "" }))
                        .collect(),
                    fingerprints: unconfirmed.iter().map(|r| r.fingerprint.clone()).collect(),
                });
            }
            let staged = open_untrusted(&scratch, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
            migrate(&staged).map_err(|e| bad(e.to_string()))?;
            let kept_newer = carry_trust(&self.conn, &staged, demo_profile)?;
            let rows = integrity_rows(&staged, "integrity_check")?;
            if rows.first().map(String::as_str) != Some("ok") {
                return Err(bad(rows.join("; ")));
            }
            let backup = rusqlite::backup::Backup::new(&staged, &mut self.conn)?;
            // One step copies every page in a single write transaction.
            match backup.step(-1)? {
                rusqlite::backup::StepResult::Done => Ok((info.clone(), kept_newer, info.new_roots.clone())),
                rusqlite::backup::StepResult::Busy | rusqlite::backup::StepResult::Locked => Err(WalletError::Busy),
                other => Err(WalletError::Db(format!("restore stopped: {other:?}"))),
            }
        })();
        remove_quietly(&scratch);
        let (info, kept_newer_trust_seq, added_roots) = r?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        let (secret, _) = crate::profile::load_or_create_secret(&self.conn)?;
        self.holder_secret = secret;
        let current = self.current_trust_list(&[]).ok().flatten();
        crate::db::write_tx(&self.conn, |c| self.reverify_all_in(c, current.as_ref(), opts.now).map(|_| ()))?;
        let bytes = std::fs::metadata(src).map(|m| m.len()).unwrap_or(0);
        Ok(RestoreReport {
            info: BackupInfo { path: src.to_path_buf(), bytes, new_roots: Vec::new(), ..info },
            kept_newer_trust_seq,
            added_roots,
        })
    }
}

/// Brings what trust the wallet has now into the staged backup copy: every
/// pinned root (with its demo flag), every trust list newer than the
/// backup's newest, and the profile marker. Returns the seq of the newest
/// list kept from the wallet when it is newer than the backup's.
fn carry_trust(current: &Connection, staged: &Connection, demo_profile: bool) -> Result<Option<u64>> {
    let tx = |e: rusqlite::Error| WalletError::Db(e.to_string());
    staged.execute_batch("BEGIN IMMEDIATE").map_err(tx)?;
    let r: Result<Option<u64>> = (|| {
        for (public_hex, label, demo) in roots_of(current)? {
            staged.execute(
                "INSERT INTO pinned_roots(public_hex, label, demo, added_at) VALUES (?1, ?2, ?3, strftime('%s','now'))
                 ON CONFLICT(public_hex) DO UPDATE SET demo = max(demo, excluded.demo)",
                rusqlite::params![public_hex, label, demo],
            )?;
        }
        let backup_max: Option<i64> = staged.query_row("SELECT max(seq) FROM trust_lists", [], |r| r.get(0))?;
        let mut st = current.prepare(
            "SELECT seq, bytes, sha256, root_kid, issued, next, keys, revoked, cancelled, accepted_at, demo
             FROM trust_lists WHERE seq > ?1 ORDER BY seq",
        )?;
        let mut rows = st.query([backup_max.unwrap_or(-1)])?;
        let mut newest = None;
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            staged.execute(
                "INSERT INTO trust_lists(seq, bytes, sha256, root_kid, issued, next, keys, revoked, cancelled, accepted_at, demo)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                rusqlite::params![
                    seq,
                    r.get::<_, Vec<u8>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, i64>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get::<_, i64>(8)?,
                    r.get::<_, i64>(9)?,
                    r.get::<_, bool>(10)?
                ],
            )?;
            newest = Some(seq as u64);
        }
        staged.execute("DELETE FROM meta WHERE key = 'profile'", [])?;
        if demo_profile {
            staged.execute("INSERT INTO meta(key, value) VALUES ('profile', 'demo')", [])?;
        }
        Ok(newest)
    })();
    match r {
        Ok(v) => {
            staged.execute_batch("COMMIT").map_err(tx)?;
            Ok(v)
        }
        Err(e) => {
            let _ = staged.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}
