//! Saved tender checks (投标核查): a [`Tender`] and its last
//! [`TenderResult`], stored to reopen and re-check later
//! (`buildcert_tender::recheck` works from the rows' kept QR texts, without
//! the files).
//!
//! The result is stored as JSON. Its rows keep the verified QR texts, which
//! encode full resident ID numbers, exactly like the wallet's certificates:
//! the wallet file is the holder's (or the HR office's) own, and nothing
//! printed from a saved tender shows an ID number unmasked.

use buildcert_bc1::date::format_date;
use buildcert_tender::{Counts, Tender, TenderResult};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::certs::json;
use crate::db::write_tx;
use crate::error::{Result, WalletError};
use crate::Wallet;

/// One saved tender check, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SavedTender {
    /// Wallet id of the saved tender.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The tender's name.
    pub name: String,
    /// The bid date (check date D).
    pub bid_date: NaiveDate,
    /// When it was saved, epoch seconds.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub saved_at: i64,
    /// When the saved result was checked, epoch seconds.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub checked_at: i64,
    /// Whether the saved result passed.
    pub passed: bool,
    /// Rows per status in the saved result.
    pub counts: Counts,
}

fn parse<T: for<'de> Deserialize<'de>>(what: &str, s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| WalletError::Db(format!("stored {what} unreadable: {e}")))
}

impl Wallet {
    /// Saves a tender and its result (one transaction); returns the new id.
    /// `tender` is what will be re-checked; `result` is shown when reopened.
    pub fn save_tender(&self, tender: &Tender, result: &TenderResult, now: i64) -> Result<i64> {
        let (tj, rj, cj) = (json(tender)?, json(result)?, json(&result.counts)?);
        write_tx(&self.conn, |c| {
            c.execute(
                "INSERT INTO tenders(name, bid_date, checked_at, saved_at, passed, counts_json, tender_json, result_json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![tender.name, format_date(tender.bid_date), result.checked_at, now, result.passed, cj, tj, rj],
            )?;
            Ok(c.last_insert_rowid())
        })
    }

    /// Replaces the stored result of a saved tender (after a re-check), in one transaction.
    pub fn update_tender_result(&self, id: i64, result: &TenderResult, now: i64) -> Result<()> {
        let (rj, cj) = (json(result)?, json(&result.counts)?);
        write_tx(&self.conn, |c| {
            let n = c.execute(
                "UPDATE tenders SET checked_at = ?2, saved_at = ?3, passed = ?4, counts_json = ?5, result_json = ?6
                 WHERE id = ?1",
                params![id, result.checked_at, now, result.passed, cj, rj],
            )?;
            if n == 0 {
                return Err(WalletError::TenderNotFound(id));
            }
            Ok(())
        })
    }

    /// Every saved tender, newest saved first.
    pub fn list_tenders(&self) -> Result<Vec<SavedTender>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, name, bid_date, saved_at, checked_at, passed, counts_json FROM tenders ORDER BY saved_at DESC, id DESC",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, bool>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, name, bid, saved_at, checked_at, passed, counts)| {
                Ok(SavedTender {
                    id,
                    name,
                    bid_date: buildcert_bc1::date::parse_date(&bid)
                        .ok_or_else(|| WalletError::Db(format!("stored tender {id} has a bad bid date")))?,
                    saved_at,
                    checked_at,
                    passed,
                    counts: parse("tender counts", &counts)?,
                })
            })
            .collect()
    }

    /// A saved tender and its stored result.
    pub fn load_tender(&self, id: i64) -> Result<(Tender, TenderResult)> {
        let row: Option<(String, String)> = self
            .conn
            .query_row("SELECT tender_json, result_json FROM tenders WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let (t, r) = row.ok_or(WalletError::TenderNotFound(id))?;
        Ok((parse("tender", &t)?, parse("tender result", &r)?))
    }

    /// Deletes a saved tender.
    pub fn delete_tender(&self, id: i64) -> Result<()> {
        write_tx(&self.conn, |c| {
            if c.execute("DELETE FROM tenders WHERE id = ?1", [id])? == 0 {
                return Err(WalletError::TenderNotFound(id));
            }
            Ok(())
        })
    }
}
