//! The verification log (核验记录): off by default. When switched on in the
//! settings it keeps, per check, only the time, the verdict, the reason
//! codes, a hash of the e-licence identifier and the masked name — never the
//! ID number, the QR text or the file.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::certs::mask_name;
use crate::db::write_tx;
use crate::error::Result;
use crate::Wallet;

/// One entry of the verification log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LogEntry {
    /// Entry id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// Epoch seconds of the check.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub at: i64,
    /// valid / warning / invalid / error / unverified.
    pub verdict: String,
    /// Reason codes, space-separated.
    pub codes: String,
    /// First 16 bytes of SHA-256 of the e-licence identifier, hex.
    pub lid_hash: Option<String>,
    /// The holder name with all but the first character masked (张**).
    pub name_masked: Option<String>,
}

/// The hash of a lid kept in the log.
pub fn lid_hash(lid: &str) -> String {
    hex::encode(&Sha256::digest(lid.as_bytes())[..16])
}

impl Wallet {
    /// Records one check, only when the log is switched on in the settings.
    /// Returns whether it was recorded.
    pub fn log_verification(
        &self,
        at: i64,
        verdict: &str,
        codes: &[&str],
        lid: Option<&str>,
        name: Option<&str>,
    ) -> Result<bool> {
        if !self.settings()?.inspector_log {
            return Ok(false);
        }
        write_tx(&self.conn, |c| {
            c.execute(
                "INSERT INTO inspector_log(at, verdict, codes, lid_hash, name_masked) VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![at, verdict, codes.join(" "), lid.map(lid_hash), name.map(mask_name)],
            )?;
            Ok(true)
        })
    }

    /// The log, oldest first.
    pub fn log_entries(&self) -> Result<Vec<LogEntry>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, at, verdict, codes, lid_hash, name_masked FROM inspector_log ORDER BY at, id",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok(LogEntry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    verdict: r.get(2)?,
                    codes: r.get(3)?,
                    lid_hash: r.get(4)?,
                    name_masked: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The log as CSV (RFC 4180, CRLF, a header line; time in UTC+08:00).
    pub fn log_csv(&self) -> Result<String> {
        let mut out = String::from("time,verdict,codes,lid_hash,name\r\n");
        for e in self.log_entries()? {
            let time = chrono::DateTime::from_timestamp(e.at, 0)
                .map(|t| {
                    t.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset"))
                        .format("%Y-%m-%dT%H:%M:%S%:z")
                        .to_string()
                })
                .unwrap_or_else(|| e.at.to_string());
            let row = [time, e.verdict, e.codes, e.lid_hash.unwrap_or_default(), e.name_masked.unwrap_or_default()];
            buildcert_pdfgen::csv::csv_line(&mut out, &row);
        }
        Ok(out)
    }

    /// Deletes every log entry. Returns how many.
    pub fn clear_log(&self) -> Result<u64> {
        write_tx(&self.conn, |c| Ok(c.execute("DELETE FROM inspector_log", [])? as u64))
    }
}
