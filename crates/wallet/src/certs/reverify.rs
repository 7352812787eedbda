//! Re-verifying every stored certificate when a trust list arrives.

use buildcert_bc1::date::today_cst;
use buildcert_bc1::{verify, CheckContext, TrustList};
use rusqlite::{params, Connection, OptionalExtension};

use super::{classify, json, ReverifySummary, TrustState};
use crate::db::write_tx;
use crate::error::Result;
use crate::Wallet;

impl Wallet {
    /// Re-verifies every stored certificate under the current trust list
    /// (at the date of `now`), in one transaction.
    pub fn reverify_all(&self, now: i64) -> Result<ReverifySummary> {
        let tl = self.current_trust_list(&[])?;
        write_tx(&self.conn, |c| self.reverify_all_in(c, tl.as_ref(), now))
    }

    pub(crate) fn reverify_all_in(
        &self,
        c: &Connection,
        trust: Option<&TrustList>,
        now: i64,
    ) -> Result<ReverifySummary> {
        let mut sum = ReverifySummary::default();
        let Some(tl) = trust else { return Ok(sum) };
        let settings = self.settings_in(c)?;
        let mut ctx = CheckContext::new(today_cst(now), now);
        ctx.thresholds = settings.thresholds();
        let rows: Vec<(i64, String, String)> = {
            let mut st =
                c.prepare("SELECT id, qr_text, trust_state FROM certs WHERE kind = 'bc1' AND qr_text IS NOT NULL")?;
            let rows =
                st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
            rows
        };
        let mut up = c.prepare(
            "UPDATE certs SET trust_state = ?2, reasons_json = ?3, trust_seq = ?4, checked_at = ?5 WHERE id = ?1",
        )?;
        for (id, text, old) in rows {
            let v = verify(&text, tl, &ctx);
            let state = classify(&v);
            let old = TrustState::parse(&old);
            sum.checked += 1;
            match state {
                TrustState::Verified => sum.verified += 1,
                TrustState::Unverified => sum.unverified += 1,
                TrustState::Rejected => sum.rejected += 1,
                TrustState::OfficialUnverified => {}
            }
            if state == TrustState::Verified && old != TrustState::Verified {
                sum.newly_verified.push(id);
            }
            if state == TrustState::Rejected && old != TrustState::Rejected {
                sum.newly_rejected.push(id);
            }
            let seq = if state == TrustState::Unverified { None } else { Some(tl.seq as i64) };
            up.execute(params![id, state.as_str(), json(&v.reasons)?, seq, now])?;
        }
        Ok(sum)
    }

    pub(crate) fn settings_in(&self, c: &Connection) -> Result<crate::Settings> {
        let v: Option<String> =
            c.query_row("SELECT value FROM settings WHERE key = 'settings'", [], |r| r.get(0)).optional()?;
        Ok(v.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default())
    }
}
