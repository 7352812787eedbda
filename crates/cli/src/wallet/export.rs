//! `buildcert wallet export`: a certificate's original file or QR text, the
//! reminders calendar, the verification log as CSV.

use std::path::{Path, PathBuf};

use buildcert_wallet::{Wallet, WalletError};
use chrono::NaiveDate;
use serde_json::{json, Map, Value};

use super::print::Printer;

/// What to export (the arguments).
pub struct What {
    /// The certificate, for `out` and `qr`.
    pub id: Option<String>,
    /// Write its original file here.
    pub out: Option<PathBuf>,
    /// Print its QR text.
    pub qr: bool,
    /// Write the reminders calendar here.
    pub ics: Option<PathBuf>,
    /// Write the verification log as CSV here.
    pub log_csv: Option<PathBuf>,
}

/// What was exported, by kind (`original`, `ics`, `log_csv`, with `--json`
/// also `qr_text`); the QR text; the error that stopped the rest.
pub struct Exported {
    /// Each file written: `{"path", …}` by kind.
    pub files: Map<String, Value>,
    /// The QR text asked for.
    pub qr_text: Option<String>,
    /// What stopped the export (what was done before it stays done).
    pub error: Option<WalletError>,
}

/// Exports what `what` asks for, with the calendar from `date`.
pub fn run(w: &Wallet, what: What, date: NaiveDate, p: &Printer) -> i32 {
    if what.out.is_none() && !what.qr && what.ics.is_none() && what.log_csv.is_none() {
        return p.usage("请指定 --out、--qr、--ics 或 --log-csv", "Give --out, --qr, --ics or --log-csv");
    }
    if (what.out.is_some() || what.qr) && what.id.is_none() {
        return p.usage("--out 和 --qr 需要证书编号", "--out and --qr need a certificate id");
    }
    let mut done = Exported { files: Map::new(), qr_text: None, error: None };
    done.error = export(w, &what, date, &mut done).err();
    p.reply(&done)
}

fn export(w: &Wallet, what: &What, date: NaiveDate, done: &mut Exported) -> Result<(), WalletError> {
    let write = |p: &Path, bytes: &[u8]| {
        std::fs::write(p, bytes).map_err(|e| WalletError::Io { path: p.to_path_buf(), detail: e.to_string() })
    };
    if let Some(id) = &what.id {
        let i = w.resolve(id)?;
        if let Some(p) = &what.out {
            let (name, bytes) = w.original_file(i)?;
            write(p, &bytes)?;
            done.files.insert("original".into(), json!({"path": p, "name": name, "bytes": bytes.len()}));
        }
        if what.qr {
            done.qr_text = Some(w.qr_text(i)?.unwrap_or_default());
        }
    }
    if let Some(p) = &what.ics {
        let cal = w.alerts_ics(date)?;
        write(p, cal.as_bytes())?;
        done.files.insert("ics".into(), json!({"path": p, "events": cal.matches("BEGIN:VEVENT").count()}));
    }
    if let Some(p) = &what.log_csv {
        // The app's log file: a UTF-8 BOM (spreadsheets read the Chinese
        // names), written through a temporary file.
        let entries = buildcert_service::write_log_csv(w, p).map_err(|e| match e {
            buildcert_service::ServiceError::Wallet(e) => e,
            other => WalletError::Io { path: p.clone(), detail: other.to_string() },
        })?;
        done.files.insert("log_csv".into(), json!({"path": p, "entries": entries}));
    }
    Ok(())
}
