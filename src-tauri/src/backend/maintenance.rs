//! 设置 / Settings upkeep: the trust list update address and the update
//! from it, backup and restore of the wallet, and the verification log
//! (核验记录). Each method only checks its input and calls
//! `buildcert-update` or `buildcert-wallet`; the wallet verifies trust
//! lists and applies the seq rule, and checks backups before restoring.
//!
//! The log file and restoring a backup are `buildcert-service`'s, shared
//! with the command line.

use std::path::Path;

use buildcert_bc1::date::format_epoch;

use super::files::{input_path, output_path, same_file};
use super::Backend;
use crate::error::{AppError, ErrorCode};
use crate::types::{BackupSummary, IssuerKeyInfo, LogExport, MaintenanceInfo, TrustUpdateOutcome};

/// File extension of wallet backups.
pub const BACKUP_EXT: &str = "bcbackup";
/// File extension of the exported verification log.
pub const LOG_EXT: &str = "csv";

fn small(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<buildcert_update::UpdateError> for AppError {
    fn from(e: buildcert_update::UpdateError) -> Self {
        use buildcert_update::UpdateError as U;
        let code = match e {
            U::NoUrl | U::BadUrl { .. } | U::NotHttps { .. } => ErrorCode::TrustUrlInvalid,
            _ => ErrorCode::TrustUpdateFailed,
        };
        AppError { code, message: e.localized() }
    }
}

fn summary(info: buildcert_wallet::backup::BackupInfo, path: &Path) -> BackupSummary {
    BackupSummary {
        path: path.display().to_string(),
        bytes: small(info.bytes),
        certificates: small(info.certificates),
        trust_lists: small(info.trust_lists),
        schema_version: u32::try_from(info.schema_version).unwrap_or(0),
        new_roots: info
            .new_roots
            .into_iter()
            .map(|r| crate::types::NewRootView { fingerprint: r.fingerprint, label: r.label, demo: r.demo })
            .collect(),
        kept_newer_trust_seq: None,
    }
}

/// A default file in the user's documents folder (else home, else the data dir).
fn suggestion(data_dir: &Path, stem: &str, ext: &str, today: chrono::NaiveDate) -> String {
    let dir = dirs::document_dir().or_else(dirs::home_dir).unwrap_or_else(|| data_dir.to_path_buf());
    let day = buildcert_bc1::date::format_date(today);
    dir.join(format!("{stem}-{day}.{ext}")).display().to_string()
}

impl Backend {
    /// What the settings screen shows besides [`Backend::app_info`]: the
    /// update address, the trust list's issuer keys, the log's size and
    /// default file names.
    pub fn maintenance_info(&self) -> Result<MaintenanceInfo, AppError> {
        let w = self.wallet()?;
        let settings = w.settings()?;
        let issuer_keys = match w.current_trust_list(&[])? {
            None => vec![],
            Some(tl) => tl
                .keys
                .iter()
                .map(|k| IssuerKeyInfo {
                    kid: hex::encode(k.kid),
                    issuer: k.iss.clone(),
                    seal: k.seal.clone(),
                    valid_from: format_epoch(k.nbf),
                    valid_to: format_epoch(k.exp),
                    revoked: k.revoked.map(format_epoch),
                })
                .collect(),
        };
        let data_dir = self.data_dir();
        Ok(MaintenanceInfo {
            trust_list_url: settings.trust_list_url,
            issuer_keys,
            log_entries: small(w.log_entries()?.len() as u64),
            backup_suggestion: suggestion(data_dir, "buildcert-backup", BACKUP_EXT, self.today()),
            log_suggestion: suggestion(data_dir, "buildcert-verification-log", LOG_EXT, self.today()),
        })
    }

    /// Sets (or with `None` / blank clears) the trust list update address,
    /// checked by the wallet's settings rule. Nothing is fetched.
    pub fn trust_url_set(&self, url: Option<&str>) -> Result<MaintenanceInfo, AppError> {
        let url = url.map(str::trim).filter(|u| !u.is_empty());
        if let Some(u) = url {
            // The fetcher's own check, for its clearer message.
            buildcert_update::check_url(u)?;
        }
        {
            let w = self.wallet()?;
            let mut s = w.settings()?;
            s.trust_list_url = url.map(str::to_owned);
            w.set_settings(&s)?;
        }
        self.maintenance_info()
    }

    /// Fetches the trust list from the configured address and imports it
    /// (the wallet verifies it and refuses a rollback). Blocking: up to the
    /// fetch timeouts; the wallet is not locked while fetching.
    pub fn trust_update(&self) -> Result<TrustUpdateOutcome, AppError> {
        let url = self.wallet()?.settings()?.trust_list_url;
        let url = url.ok_or(buildcert_update::UpdateError::NoUrl)?;
        let fetched = buildcert_update::fetch_trust_list(&url)?;
        let imported = self.wallet()?.import_trust_list(&fetched.bytes, &[], self.now())?;
        Ok(TrustUpdateOutcome {
            url: fetched.url,
            previous_seq: imported.previous_seq.map(|s| u32::try_from(s).unwrap_or(u32::MAX)),
            seq: u32::try_from(imported.info.seq).unwrap_or(u32::MAX),
            replaced: imported.replaced,
            newly_rejected: small(imported.reverified.newly_rejected.len() as u64),
            info: self.app_info()?,
            maintenance: self.maintenance_info()?,
        })
    }

    /// Writes a backup of the whole wallet to `path` (`.bcbackup` added
    /// when missing; an existing file is replaced).
    pub fn backup_create(&self, path: &str) -> Result<BackupSummary, AppError> {
        // Always ends in .bcbackup, so it can never name the wallet's own file.
        let p = output_path(path, BACKUP_EXT)?;
        let w = self.wallet()?;
        let info = w.backup(&p)?;
        Ok(summary(info, &p))
    }

    /// Checks a backup file and says what it holds, changing nothing (for
    /// the confirmation before a restore).
    pub fn backup_inspect(&self, path: &str) -> Result<BackupSummary, AppError> {
        let p = input_path(path)?;
        let info = self.wallet()?.inspect_backup(&p)?;
        Ok(summary(info, &p))
    }

    /// Replaces the whole wallet with the backup at `path` after the
    /// wallet's checks (on any error nothing changes); this computer's
    /// verification log switch stays as it was (`buildcert_service::restore_backup`).
    ///
    /// Trust never rolls back: a newer trust list of this computer is kept.
    /// Root keys only the backup has are added only when their fingerprints
    /// are in `accept_roots` (the confirmation lists them).
    pub fn backup_restore(&self, path: &str, accept_roots: &[String]) -> Result<BackupSummary, AppError> {
        let p = input_path(path)?;
        let mut w = self.wallet()?;
        if same_file(&p, w.path()) {
            return Err(AppError::invalid_input(
                "这是正在使用的证书夹数据库，不是备份文件",
                "this is the wallet database in use, not a backup file",
            ));
        }
        let opts = buildcert_wallet::RestoreOptions { accept_roots: accept_roots.to_vec(), now: self.now() };
        let report = buildcert_service::restore_backup(&mut w, &p, &opts)?;
        let mut out = summary(report.info.clone(), &p);
        out.kept_newer_trust_seq = report.kept_newer_trust_seq.map(|s| u32::try_from(s).unwrap_or(u32::MAX));
        Ok(out)
    }

    /// Writes the verification log as CSV to `path` (`.csv` added when
    /// missing), with the BOM spreadsheet programs need
    /// (`buildcert_service::write_log_csv`, the command line's writer too).
    pub fn log_export(&self, path: &str) -> Result<LogExport, AppError> {
        let p = output_path(path, LOG_EXT)?;
        let entries = buildcert_service::write_log_csv(&*self.wallet()?, &p)?;
        Ok(LogExport { path: p.display().to_string(), entries: small(entries) })
    }

    /// Deletes every verification log entry; returns how many.
    pub fn log_clear(&self) -> Result<u32, AppError> {
        Ok(small(self.wallet()?.clear_log()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Settings;
    use std::collections::HashMap;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    fn backend() -> (tempfile::TempDir, Backend) {
        let dir = tempfile::tempdir().unwrap();
        let b = crate::backend::tests::open_fixed(dir.path());
        b.trust_pin_root(&buildcert_wallet::testutil::root_hex(), "test root", true).unwrap();
        (dir, b)
    }

    fn list(seq: u64) -> Vec<u8> {
        buildcert_wallet::testutil::trust_bytes(seq, &[buildcert_wallet::testutil::issuer().verifying_key()], &[])
    }

    /// Serves `routes` (path → body; anything else 404) on 127.0.0.1.
    fn serve(routes: HashMap<&'static str, Vec<u8>>) -> String {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", l.local_addr().unwrap());
        std::thread::spawn(move || {
            for mut c in l.incoming().flatten() {
                let mut r = BufReader::new(c.try_clone().unwrap());
                let mut line = String::new();
                let _ = r.read_line(&mut line);
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
                loop {
                    let mut h = String::new();
                    if r.read_line(&mut h).map(|n| n == 0).unwrap_or(true) || h == "\r\n" {
                        break;
                    }
                }
                let (status, body) = match routes.get(path.as_str()) {
                    Some(b) => ("200 OK", b.clone()),
                    None => ("404 Not Found", b"no".to_vec()),
                };
                let _ = write!(c, "HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n", body.len());
                let _ = c.write_all(&body);
            }
        });
        base
    }

    #[test]
    fn update_from_the_configured_address_then_refuse_a_rollback() {
        let (_dir, b) = backend();
        assert_eq!(b.trust_update().unwrap_err().code, ErrorCode::TrustUrlInvalid, "no address yet");
        let e = b.trust_url_set(Some("http://example.org/t.bctl")).unwrap_err();
        assert_eq!(e.code, ErrorCode::TrustUrlInvalid);
        assert!(e.message.contains("https://"), "{:?}", e.message);

        let base = serve(HashMap::from([("/new.bctl", list(3)), ("/old.bctl", list(2))]));
        let m = b.trust_url_set(Some(&format!("  {base}/new.bctl "))).unwrap();
        assert_eq!(m.trust_list_url.as_deref(), Some(format!("{base}/new.bctl").as_str()));
        let out = b.trust_update().unwrap();
        assert_eq!((out.previous_seq, out.seq, out.replaced), (None, 3, true));
        assert_eq!(out.info.trust_list.as_ref().map(|t| t.seq), Some(3));
        assert_eq!(out.maintenance.issuer_keys.len(), 1);
        assert_eq!(out.maintenance.issuer_keys[0].issuer, buildcert_bc1::testkit::ISS);
        // The same list again: no change.
        assert!(!b.trust_update().unwrap().replaced);

        b.trust_url_set(Some(&format!("{base}/old.bctl"))).unwrap();
        let e = b.trust_update().unwrap_err();
        assert_eq!(e.code, ErrorCode::TrustListRefused, "{:?}", e.message);
        assert_eq!(b.app_info().unwrap().trust_list.map(|t| t.seq), Some(3));

        b.trust_url_set(Some(&format!("{base}/gone.bctl"))).unwrap();
        let e = b.trust_update().unwrap_err();
        assert_eq!(e.code, ErrorCode::TrustUpdateFailed);
        assert!(e.message.contains("404"), "{:?}", e.message);

        assert_eq!(b.trust_url_set(None).unwrap().trust_list_url, None);
        assert_eq!(b.trust_url_set(Some("   ")).unwrap().trust_list_url, None);
    }

    #[test]
    fn backup_then_restore_brings_back_what_was_there() {
        let (dir, b) = backend();
        let tl = dir.path().join("t.bctl");
        std::fs::write(&tl, list(1)).unwrap();
        b.trust_import(&tl.display().to_string()).unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();

        // Path checks.
        assert_eq!(b.backup_create("relative.bcbackup").unwrap_err().code, ErrorCode::InvalidInput);
        assert_eq!(b.backup_create(&out.display().to_string()).unwrap_err().code, ErrorCode::InvalidInput);
        let no_dir = out.join("missing").join("x.bcbackup");
        assert_eq!(b.backup_create(&no_dir.display().to_string()).unwrap_err().code, ErrorCode::InvalidInput);
        // The wallet's own file name gets the extension added: it is never overwritten.
        let over_db = dir.path().join(buildcert_wallet::DB_FILE);
        let beside = b.backup_create(&over_db.display().to_string()).unwrap();
        assert!(beside.path.ends_with(".sqlite3.bcbackup"), "{}", beside.path);

        let made = b.backup_create(&out.join("mine").display().to_string()).unwrap();
        assert!(made.path.ends_with("mine.bcbackup"), "{}", made.path);
        assert_eq!((made.trust_lists, made.certificates), (1, 0));

        // Change the wallet: a second list; restoring the older backup keeps
        // it (trust never rolls back) and says so.
        std::fs::write(&tl, list(2)).unwrap();
        b.trust_import(&tl.display().to_string()).unwrap();
        assert_eq!(b.app_info().unwrap().trust_list.map(|t| t.seq), Some(2));
        let seen = b.backup_inspect(&made.path).unwrap();
        assert_eq!(seen.trust_lists, 1);
        assert_eq!(b.app_info().unwrap().trust_list.map(|t| t.seq), Some(2), "inspect changes nothing");
        let restored = b.backup_restore(&made.path, &[]).unwrap();
        assert_eq!(restored.trust_lists, 1);
        assert_eq!(restored.kept_newer_trust_seq, Some(2));
        assert_eq!(b.app_info().unwrap().trust_list.map(|t| t.seq), Some(2));

        // Not a backup: refused, wallet unchanged.
        let e = b.backup_restore(&tl.display().to_string(), &[]).unwrap_err();
        assert_eq!(e.code, ErrorCode::BackupRefused, "{:?}", e.message);
        assert_eq!(b.app_info().unwrap().trust_list.map(|t| t.seq), Some(2));
        assert_eq!(b.backup_restore(&out.display().to_string(), &[]).unwrap_err().code, ErrorCode::InvalidInput);
        assert_eq!(b.backup_restore(&over_db.display().to_string(), &[]).unwrap_err().code, ErrorCode::InvalidInput);
    }

    #[test]
    fn restore_keeps_the_log_switch_of_the_app() {
        let (dir, b) = backend();
        let file = dir.path().join("b.bcbackup");
        b.backup_create(&file.display().to_string()).unwrap();
        b.set_settings(Settings { verification_log: true, ..Settings::default() }).unwrap();
        b.backup_restore(&file.display().to_string(), &[]).unwrap();
        assert!(b.wallet().unwrap().settings().unwrap().inspector_log);
    }

    #[test]
    fn log_count_export_and_clear() {
        let (dir, b) = backend();
        b.set_settings(Settings { verification_log: true, ..Settings::default() }).unwrap();
        {
            let w = b.wallet().unwrap();
            assert!(w.log_verification(1_790_000_000, "valid", &["usage_expiring"], Some("L1"), Some("张三")).unwrap());
            assert!(w.log_verification(1_790_000_060, "invalid", &["revoked"], Some("L2"), Some("李四")).unwrap());
        }
        assert_eq!(b.maintenance_info().unwrap().log_entries, 2);
        let out = b.log_export(&dir.path().join("log").display().to_string()).unwrap();
        assert_eq!(out.entries, 2);
        assert!(out.path.ends_with("log.csv"));
        let text = std::fs::read_to_string(&out.path).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(text.lines().count(), 3, "{text}");
        assert!(text.contains("张*") && !text.contains("张三"), "{text}");
        assert_eq!(b.log_export("log.csv").unwrap_err().code, ErrorCode::InvalidInput);
        assert_eq!(b.log_clear().unwrap(), 2);
        assert_eq!(b.maintenance_info().unwrap().log_entries, 0);
    }

    #[test]
    fn update_errors_map_to_their_codes() {
        use buildcert_update::UpdateError as U;
        assert_eq!(AppError::from(U::NoUrl).code, ErrorCode::TrustUrlInvalid);
        assert_eq!(AppError::from(U::NotHttps { url: "http://x".into() }).code, ErrorCode::TrustUrlInvalid);
        let e = AppError::from(U::Offline { host: "x".into(), detail: "refused".into() });
        assert_eq!(e.code, ErrorCode::TrustUpdateFailed);
        assert!(e.message.contains("手动导入") && e.message.contains("by hand"), "{:?}", e.message);
        assert_eq!(AppError::from(U::Status { status: 500 }).code, ErrorCode::TrustUpdateFailed);
    }
}
