//! Listing, finding, showing and removing stored certificates.

use buildcert_bc1::date::parse_date;
use buildcert_bc1::{verify, Certificate, CheckContext, Reason, Specialty, TrustList};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};

use super::{mark_superseded, superseded_reason, CertDetail, CertSummary, ListFilter, TrustState, SUPERSEDES};
use crate::db::write_tx;
use crate::error::{Result, WalletError};
use crate::Wallet;

/// Columns of a list row (in the order [`summary_row`] reads them).
const BASE_COLS: &str = "c.id AS id, c.kind AS kind, c.lid AS lid, c.reg AS reg, c.name AS name, \
     c.id_masked AS id_masked, c.emp AS emp, c.uscc AS uscc, c.iat AS iat, c.dob AS dob, c.use_from AS use_from, \
     c.use_to AS use_to, c.spec_json AS spec_json, c.trust_state AS trust_state, c.trust_seq AS trust_seq, \
     c.added_at AS added_at, f.name AS file_name";

fn date_col(r: &Row, i: usize) -> rusqlite::Result<NaiveDate> {
    let s: String = r.get(i)?;
    parse_date(&s)
        .ok_or_else(|| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, "bad date".into()))
}

fn summary_row(r: &Row) -> rusqlite::Result<CertSummary> {
    let spec_json: String = r.get(12)?;
    let specialties: Vec<Specialty> = serde_json::from_str(&spec_json)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(12, rusqlite::types::Type::Text, Box::new(e)))?;
    let iat: i64 = r.get(8)?;
    Ok(CertSummary {
        id: r.get(0)?,
        kind: r.get(1)?,
        lid: r.get(2)?,
        registration: r.get(3)?,
        holder_name: r.get(4)?,
        id_masked: r.get(5)?,
        employer: r.get(6)?,
        uscc: r.get(7)?,
        iat,
        downloaded: buildcert_bc1::date::cst_date_of(iat),
        dob: date_col(r, 9)?,
        usage_from: date_col(r, 10)?,
        usage_to: date_col(r, 11)?,
        specialties,
        trust_state: TrustState::of_row(&r.get::<_, String>(1)?, &r.get::<_, String>(13)?),
        trust_seq: r.get::<_, Option<i64>>(14)?.map(|s| s as u64),
        added_at: r.get(15)?,
        file_name: r.get(16)?,
        superseded: r.get(17)?,
    })
}

impl Wallet {
    /// Lists stored certificates, newest download first (current copies
    /// only unless `include_superseded`).
    pub fn list(&self, filter: &ListFilter) -> Result<Vec<CertSummary>> {
        let Some(q) = filter.query.as_deref().map(str::trim).filter(|q| !q.is_empty()) else {
            return self.list_every(filter.include_superseded);
        };
        // Few matches: filter first, then look up newer copies per row.
        let sql = format!(
            "SELECT * FROM (SELECT {BASE_COLS}, EXISTS (SELECT 1 FROM certs n WHERE {SUPERSEDES}) AS superseded FROM certs c LEFT JOIN files f ON f.id = c.file_id
               WHERE instr(c.name, ?1) > 0 OR instr(c.reg, ?1) > 0 OR instr(c.emp, ?1) > 0
                     OR instr(c.uscc, ?1) > 0 OR c.lid = ?1) t
             WHERE (?2 OR NOT t.superseded)
             ORDER BY t.iat DESC, t.id DESC"
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows =
            st.query_map(params![q, filter.include_superseded], summary_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// [`Wallet::list`] without a search: every row read once in table
    /// order, `superseded` worked out in memory, then sorted newest first.
    fn list_every(&self, include_superseded: bool) -> Result<Vec<CertSummary>> {
        let sql = format!("SELECT {BASE_COLS}, 0, c.holder_key FROM certs c LEFT JOIN files f ON f.id = c.file_id");
        let mut st = self.conn.prepare_cached(&sql)?;
        let mut rows = st
            .query_map([], |r| Ok((summary_row(r)?, r.get::<_, String>(18)?)))?
            .collect::<rusqlite::Result<Vec<(CertSummary, String)>>>()?;
        mark_superseded(
            &mut rows,
            |(s, holder)| (&s.registration, holder, s.iat, s.trust_state),
            |(s, _), superseded| s.superseded = superseded,
        );
        let mut out: Vec<CertSummary> =
            rows.into_iter().map(|(s, _)| s).filter(|s| include_superseded || !s.superseded).collect();
        out.sort_by(|a, b| b.iat.cmp(&a.iat).then(b.id.cmp(&a.id)));
        Ok(out)
    }

    /// Every current copy, newest download first, each with the older
    /// copies it supersedes (newest first): grouped by registration and
    /// holder key, the wallet's rule ([`mark_superseded`]), never by the
    /// holder's name. An older verified copy goes under the newest verified
    /// copy; any other older copy under the newest copy that is not rejected.
    pub fn list_groups(&self) -> Result<Vec<(CertSummary, Vec<CertSummary>)>> {
        let sql = format!("SELECT {BASE_COLS}, 0, c.holder_key FROM certs c LEFT JOIN files f ON f.id = c.file_id");
        let mut st = self.conn.prepare_cached(&sql)?;
        let mut rows = st
            .query_map([], |r| Ok((summary_row(r)?, r.get::<_, String>(18)?)))?
            .collect::<rusqlite::Result<Vec<(CertSummary, String)>>>()?;
        mark_superseded(
            &mut rows,
            |(s, holder)| (&s.registration, holder, s.iat, s.trust_state),
            |(s, _), superseded| s.superseded = superseded,
        );
        rows.sort_by(|(a, _), (b, _)| b.iat.cmp(&a.iat).then(b.id.cmp(&a.id)));
        let (current, older): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(s, _)| !s.superseded);
        let mut groups: Vec<(CertSummary, Vec<CertSummary>)> =
            current.iter().map(|(s, _)| (s.clone(), Vec::new())).collect();
        for (o, holder) in older {
            // Newest first: the first match is the newest.
            let by = current.iter().position(|(c, h)| {
                c.registration == o.registration
                    && h == &holder
                    && c.iat > o.iat
                    && if o.trust_state == TrustState::Verified {
                        c.trust_state == TrustState::Verified
                    } else {
                        c.trust_state != TrustState::Rejected
                    }
            });
            if let Some(i) = by {
                groups[i].1.push(o);
            }
        }
        Ok(groups)
    }

    /// Finds a certificate by wallet id or e-licence identifier.
    pub fn resolve(&self, key: &str) -> Result<i64> {
        let key = key.trim();
        if let Ok(id) = key.parse::<i64>() {
            if let Some(id) =
                self.conn.query_row("SELECT id FROM certs WHERE id = ?1", [id], |r| r.get(0)).optional()?
            {
                return Ok(id);
            }
        }
        self.conn
            .query_row("SELECT id FROM certs WHERE lid = ?1", [key], |r| r.get(0))
            .optional()?
            .ok_or_else(|| WalletError::NotFound(key.to_string()))
    }

    /// The list row of one certificate.
    pub fn summary(&self, id: i64) -> Result<CertSummary> {
        let sql = format!("SELECT {BASE_COLS}, EXISTS (SELECT 1 FROM certs n WHERE {SUPERSEDES}) AS superseded FROM certs c LEFT JOIN files f ON f.id = c.file_id WHERE c.id = ?1");
        self.conn.query_row(&sql, [id], summary_row).optional()?.ok_or_else(|| WalletError::NotFound(id.to_string()))
    }

    /// Everything about one certificate, with a fresh verdict at `ctx`
    /// under `trust` when given (plus `superseded` for an older copy).
    pub fn show(&self, id: i64, trust: Option<&TrustList>, ctx: &CheckContext) -> Result<CertDetail> {
        let summary = self.summary(id)?;
        if summary.kind == "official" {
            return self.show_official(summary, ctx);
        }
        let (cert_json, reasons_json, qr, size, sha): (String, String, Option<String>, Option<i64>, Option<String>) =
            self.conn.query_row(
                "SELECT c.cert_json, c.reasons_json, c.qr_text, f.size, f.sha256
                 FROM certs c LEFT JOIN files f ON f.id = c.file_id WHERE c.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )?;
        let certificate: Certificate = serde_json::from_str(&cert_json)
            .map_err(|e| WalletError::Db(format!("stored certificate unreadable: {e}")))?;
        let stored_reasons: Vec<Reason> = serde_json::from_str(&reasons_json).unwrap_or_default();
        let verdict = match (trust, qr) {
            (Some(tl), Some(text)) => {
                let mut v = verify(&text, tl, ctx);
                if let Some(c) = v.certificate.as_mut() {
                    *c = c.masked();
                }
                if summary.superseded {
                    v.add_reasons([superseded_reason()]);
                }
                Some(v)
            }
            _ => None,
        };
        Ok(CertDetail {
            summary,
            certificate,
            stored_reasons,
            verdict,
            file_size: size.map(|s| s as u64),
            file_sha256: sha,
            official: None,
            official_verdict: None,
        })
    }

    /// The QR text of a stored certificate (carries the full ID number:
    /// hand it only to the holder, never log it).
    pub fn qr_text(&self, id: i64) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT qr_text FROM certs WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| WalletError::NotFound(id.to_string()))
    }

    /// The original file (name, bytes) of a stored certificate.
    pub fn original_file(&self, id: i64) -> Result<(String, Vec<u8>)> {
        self.conn
            .query_row(
                "SELECT f.name, f.bytes FROM certs c JOIN files f ON f.id = c.file_id WHERE c.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| WalletError::NotFound(id.to_string()))
    }

    /// Removes one certificate (its alert states, and its original file when
    /// no other certificate uses it).
    pub fn remove(&self, id: i64) -> Result<()> {
        write_tx(&self.conn, |c| {
            let file: Option<Option<i64>> =
                c.query_row("SELECT file_id FROM certs WHERE id = ?1", [id], |r| r.get(0)).optional()?;
            let Some(file) = file else { return Err(WalletError::NotFound(id.to_string())) };
            c.execute("DELETE FROM certs WHERE id = ?1", [id])?;
            if let Some(f) = file {
                c.execute(
                    "DELETE FROM files WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM certs WHERE file_id = ?1)",
                    [f],
                )?;
            }
            Ok(())
        })
    }

    /// Removes every certificate, original file, alert state and log entry.
    /// Root keys, trust lists and settings stay. Returns how many
    /// certificates were removed.
    pub fn remove_all(&self) -> Result<u64> {
        write_tx(&self.conn, |c| {
            let n = c.execute("DELETE FROM certs", [])?;
            c.execute("DELETE FROM files", [])?;
            c.execute("DELETE FROM inspector_log", [])?;
            Ok(n as u64)
        })
    }

    /// Number of stored certificates.
    pub fn count(&self) -> Result<u64> {
        Ok(self.conn.query_row("SELECT count(*) FROM certs", [], |r| r.get::<_, i64>(0))? as u64)
    }
}
