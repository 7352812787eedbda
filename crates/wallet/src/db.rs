//! Opening the database file: corruption check, pragmas, versioned migrations.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Result, WalletError};

/// `PRAGMA application_id` of a wallet file ("BCWT").
pub const APPLICATION_ID: i64 = 0x4243_5754;

/// How long a write waits for another process before reporting "busy".
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Migrations, append-only: migration `i` (0-based) brings the file to
/// `user_version = i + 1`. Never edit a released entry; add a new one (other
/// features, e.g. saved tenders, add their tables the same way).
pub const MIGRATIONS: &[&str] = &[
    // 1: roots, trust lists, files, certificates, alert states, settings, log.
    r#"
    CREATE TABLE pinned_roots (
        public_hex TEXT PRIMARY KEY NOT NULL,
        label      TEXT NOT NULL,
        demo       INTEGER NOT NULL DEFAULT 0,
        added_at   INTEGER NOT NULL
    );
    CREATE TABLE trust_lists (
        seq         INTEGER PRIMARY KEY NOT NULL,
        bytes       BLOB NOT NULL,
        sha256      TEXT NOT NULL,
        root_kid    TEXT NOT NULL,
        issued      INTEGER NOT NULL,
        next        INTEGER NOT NULL,
        keys        INTEGER NOT NULL,
        revoked     INTEGER NOT NULL,
        cancelled   INTEGER NOT NULL,
        accepted_at INTEGER NOT NULL
    );
    CREATE TABLE files (
        id       INTEGER PRIMARY KEY,
        sha256   TEXT NOT NULL UNIQUE,
        name     TEXT NOT NULL,
        size     INTEGER NOT NULL,
        bytes    BLOB NOT NULL,
        added_at INTEGER NOT NULL
    );
    CREATE TABLE certs (
        id          INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('bc1', 'official')),
        lid         TEXT UNIQUE,
        qr_text     TEXT,
        file_id     INTEGER REFERENCES files(id) ON DELETE RESTRICT,
        reg         TEXT NOT NULL,
        name        TEXT NOT NULL,
        holder_key  TEXT NOT NULL,
        id_masked   TEXT NOT NULL,
        emp         TEXT NOT NULL,
        uscc        TEXT NOT NULL,
        iat         INTEGER NOT NULL,
        dob         TEXT NOT NULL,
        use_from    TEXT NOT NULL,
        use_to      TEXT NOT NULL,
        spec_json   TEXT NOT NULL,
        cert_json   TEXT NOT NULL,
        trust_state TEXT NOT NULL CHECK (trust_state IN ('verified', 'unverified', 'rejected')),
        reasons_json TEXT NOT NULL DEFAULT '[]',
        trust_seq   INTEGER,
        checked_at  INTEGER NOT NULL,
        added_at    INTEGER NOT NULL
    );
    CREATE INDEX certs_group ON certs(reg, holder_key, iat);
    CREATE INDEX certs_file ON certs(file_id);
    CREATE TABLE alert_state (
        cert_id     INTEGER NOT NULL REFERENCES certs(id) ON DELETE CASCADE,
        subject     TEXT NOT NULL,
        step        TEXT NOT NULL,
        notified_at INTEGER NOT NULL,
        PRIMARY KEY (cert_id, subject, step)
    );
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    );
    CREATE TABLE inspector_log (
        id          INTEGER PRIMARY KEY,
        at          INTEGER NOT NULL,
        verdict     TEXT NOT NULL,
        codes       TEXT NOT NULL,
        lid_hash    TEXT,
        name_masked TEXT
    );
    "#,
    // 2: saved tender checks (投标核查): the tender, its last result as JSON
    // (rows keep the verified QR texts so the tender can be re-checked
    // without its files), and a few columns for the list.
    r#"
    CREATE TABLE tenders (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL,
        bid_date    TEXT NOT NULL,
        checked_at  INTEGER NOT NULL,
        saved_at    INTEGER NOT NULL,
        passed      INTEGER NOT NULL,
        counts_json TEXT NOT NULL,
        tender_json TEXT NOT NULL,
        result_json TEXT NOT NULL
    );
    CREATE INDEX tenders_saved ON tenders(saved_at);
    "#,
    // 3: the wallet's own values (holder secret, profile), and whether a
    // kept trust list was signed by a demo root (演示).
    r#"
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    );
    ALTER TABLE trust_lists ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;
    "#,
];

/// The schema version this build writes.
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

fn corrupt(path: &Path, detail: impl Into<String>) -> WalletError {
    WalletError::Corrupt { path: path.to_path_buf(), detail: detail.into() }
}

/// Maps an error met while checking an existing file: "not a database" and
/// "corrupt" become [`WalletError::Corrupt`].
fn check_err(path: &Path, e: rusqlite::Error) -> WalletError {
    use rusqlite::ErrorCode;
    if let rusqlite::Error::SqliteFailure(f, _) = &e {
        if matches!(f.code, ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) {
            return corrupt(path, e.to_string());
        }
    }
    e.into()
}

/// Opens (creating if absent) a database file, refusing a damaged one
/// without writing to it, then applies pending migrations.
pub fn open_file(path: &Path, quick_check: bool) -> Result<Connection> {
    let existing = std::fs::metadata(path).map(|m| m.len() > 0).unwrap_or(false);
    if existing {
        // Look at the header ourselves before SQLite gets a chance to write.
        let mut head = [0u8; 16];
        use std::io::Read;
        let mut f = std::fs::File::open(path).map_err(|e| WalletError::io(path, e))?;
        if f.read_exact(&mut head).is_err() || &head != SQLITE_HEADER {
            return Err(corrupt(path, "not an SQLite database (bad header)"));
        }
    }
    let flags = if existing {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let conn = Connection::open_with_flags(path, flags).map_err(|e| check_err(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    if existing {
        let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(|e| check_err(path, e))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| check_err(path, e))?;
        if app_id != APPLICATION_ID && (app_id != 0 || version != 0) {
            return Err(corrupt(path, format!("not a BuildCert wallet (application_id {app_id:#x})")));
        }
        if quick_check {
            let problems = integrity_rows(&conn, "quick_check").map_err(|e| check_err(path, e))?;
            if problems.first().map(String::as_str) != Some("ok") {
                return Err(corrupt(path, problems.join("; ")));
            }
        }
    }
    conn.pragma_update(None, "foreign_keys", true)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(|e| check_err(path, e))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(WalletError::Db(format!("cannot switch to WAL journal mode (got {mode})")));
    }
    // In WAL mode NORMAL keeps every commit atomic and survives a killed
    // process; only a power cut may lose the last commits (never corrupt).
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // Page cache up to 16 MiB (SQLite's default is 2 MiB), taken only as
    // pages are read, and the file read through a memory map where the
    // platform allows: a wallet of 10,000 certificates is ~30 MiB of rows,
    // and with the defaults every full listing re-read most of them with
    // read calls (wallet benchmark, 10k/list_all: 73 ms → 37 ms with this
    // and the in-memory `superseded` pass).
    conn.pragma_update(None, "cache_size", -16_384)?;
    conn.pragma_update(None, "mmap_size", 256i64 << 20)?;
    migrate(&conn)?;
    Ok(conn)
}

/// Rows of `PRAGMA quick_check` / `integrity_check` ("ok" when fine).
pub fn integrity_rows(conn: &Connection, pragma: &str) -> rusqlite::Result<Vec<String>> {
    let mut st = conn.prepare(&format!("PRAGMA {pragma}"))?;
    let rows = st.query_map([], |r| r.get::<_, String>(0))?;
    rows.collect()
}

/// Applies the migrations the file does not have yet, each in its own
/// transaction together with its `user_version`.
pub fn migrate(conn: &Connection) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > schema_version() {
        return Err(WalletError::TooNew { found: version, supported: schema_version() });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        write_tx(conn, |c| {
            // Another process may have migrated while we waited for the lock.
            let v: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if v > i as i64 {
                return Ok(());
            }
            c.execute_batch(sql)?;
            c.pragma_update(None, "application_id", APPLICATION_ID)?;
            c.pragma_update(None, "user_version", (i + 1) as i64)?;
            Ok(())
        })?;
    }
    Ok(())
}

/// Runs `f` in a write transaction (`BEGIN IMMEDIATE`, so a second writer
/// waits up to [`BUSY_TIMEOUT`] and then gets [`WalletError::Busy`]).
/// Commits when `f` succeeds, rolls back otherwise.
pub fn write_tx<T>(conn: &Connection, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    match f(conn) {
        Ok(v) => match conn.execute_batch("COMMIT") {
            Ok(()) => Ok(v),
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                Err(e.into())
            }
        },
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}
