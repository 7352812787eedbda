//! Official-format (non-BC1) entries: today's PDFs from the national
//! government service platform, stored after the holder confirmed (or
//! corrected) the fields read off the file.
//!
//! Such an entry is kind `official` in the `certs` table and is always
//! [`TrustState::OfficialUnverified`] — 未验证（官方格式） / unverified
//! (official format): BuildCert never verifies its signature or seal. The
//! BC1 date rules (§1, §4's cap, §6 steps 6–7, §7) run on it through
//! [`buildcert_official::evaluate`], so alerts and the .ics export work
//! for it like for a BC1 certificate.
//!
//! Copies of one person are grouped with BC1 copies: same registration
//! number and holder. The holder key is the one BC1 copies use (a hash of
//! the full resident ID number) when the entry has the full number, or the
//! key of a stored copy with the same registration number, name, birth date
//! (and masked ID number when printed); otherwise a provisional key that a
//! later BC1 import of that person adopts. The current copy is the one with
//! the latest download instant (for an official entry: 00:00 UTC+08:00 of
//! its usage start), whatever its kind.

use buildcert_bc1::date::{cst_midnight, format_date};
use buildcert_bc1::rules::id_number_valid;
use buildcert_bc1::{Certificate, Specialty, Usage};
use buildcert_official::{edited_fields, evaluate, ConfirmedEntry, Field, OfficialFields, OfficialVerdict};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::certs::{json, superseded_reason, CertDetail, CertSummary, TrustState, MAX_ORIGINAL_BYTES};
use crate::db::write_tx;
use crate::error::{Result, WalletError};
use crate::Wallet;

/// What storing (or correcting) an official-format entry did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfficialImport {
    /// Wallet id of the entry.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// `false` when the same entry (registration, usage period, date of
    /// issue) was already stored: nothing was added.
    pub added: bool,
    /// Registration number (注册编号).
    pub registration: String,
    /// Holder name.
    pub holder_name: String,
    /// Resident ID number, masked (empty when not given).
    pub id_masked: String,
    /// Always [`TrustState::OfficialUnverified`].
    pub trust_state: TrustState,
    /// The date rules at the date of `now` (status always `unverified`).
    pub verdict: OfficialVerdict,
    /// A newer copy of this registration and holder is stored.
    pub superseded: bool,
    /// Ids of older copies (of either kind) this one supersedes.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub supersedes: Vec<i64>,
    /// Fields the holder typed or changed compared with what was read off the file.
    pub edited: Vec<Field>,
}

/// The download instant an official entry is ordered by among copies:
/// 00:00 UTC+08:00 of its usage start.
pub fn official_iat(entry: &ConfirmedEntry) -> i64 {
    cst_midnight(entry.use_from)
}

fn provisional_key(reg: &str, name: &str, dob: NaiveDate) -> String {
    let h = Sha256::digest(format!("buildcert-provisional:{reg}\u{1f}{name}\u{1f}{}", format_date(dob)).as_bytes());
    format!("p:{}", hex::encode(&h[..16]))
}

/// The holder key of an entry (see the module documentation), inside a transaction.
fn entry_holder_key(
    c: &Connection,
    secret: &[u8; 32],
    e: &ConfirmedEntry,
    id_masked: &str,
    exclude: Option<i64>,
) -> Result<String> {
    if let Some(idn) = e.idn.as_deref().map(str::trim).filter(|i| id_number_valid(i)) {
        return Ok(crate::profile::holder_key(secret, &idn.to_ascii_uppercase()));
    }
    let (reg, name) = (e.reg.trim(), e.name.trim());
    let found: Option<String> = c
        .query_row(
            "SELECT holder_key FROM certs WHERE reg = ?1 AND name = ?2 AND dob = ?3
               AND (?4 = '' OR id_masked = '' OR id_masked = ?4) AND holder_key NOT LIKE 'p:%'
               AND id IS NOT ?5
             ORDER BY kind = 'bc1' DESC, iat DESC LIMIT 1",
            params![reg, name, format_date(e.dob), id_masked, exclude],
            |r| r.get(0),
        )
        .optional()?;
    Ok(found.unwrap_or_else(|| provisional_key(reg, name, e.dob)))
}

/// Called when a BC1 copy is stored: official entries of the same person
/// that only had a provisional holder key take the BC1 copy's key, so they
/// group with it.
pub(crate) fn adopt_provisional(
    c: &Connection,
    reg: &str,
    name: &str,
    dob: NaiveDate,
    id_masked: &str,
    hk: &str,
) -> Result<()> {
    c.execute(
        "UPDATE certs SET holder_key = ?1 WHERE kind = 'official' AND holder_key = ?2
           AND (id_masked = '' OR id_masked = ?3)",
        params![hk, provisional_key(reg.trim(), name.trim(), dob), id_masked],
    )?;
    Ok(())
}

/// The entry in the BC1 shape, for [`CertDetail::certificate`] (display only).
fn display_certificate(e: &ConfirmedEntry) -> Certificate {
    let m = e.masked();
    Certificate {
        iss: format!("{} / {}", buildcert_official::TERM_ZH, buildcert_official::TERM_EN),
        iat: official_iat(e),
        exp: cst_midnight(buildcert_bc1::date::add_days(e.use_to, 1)),
        lid: String::new(),
        reg: m.reg.trim().to_string(),
        name: m.name.trim().to_string(),
        sex: m.sex,
        dob: m.dob,
        idn: m.idn.unwrap_or_default(),
        emp: m.employer.trim().to_string(),
        uscc: m.uscc.trim().to_string(),
        issued: m.issued,
        spec: specs(e),
        usage: Usage { from: e.use_from, to: e.use_to },
    }
}

/// The columns an official-format entry fills, shared by the INSERT of a
/// new entry and the UPDATE of a corrected one so the two cannot drift.
struct EntryColumns {
    /// One value per name in [`EntryColumns::NAMES`], in that order.
    values: Vec<Value>,
}

impl EntryColumns {
    const NAMES: [&'static str; 13] = [
        "reg",
        "name",
        "holder_key",
        "id_masked",
        "emp",
        "uscc",
        "iat",
        "dob",
        "use_from",
        "use_to",
        "spec_json",
        "cert_json",
        "reasons_json",
    ];

    fn of(e: &ConfirmedEntry, holder_key: &str, id_masked: &str, verdict: &OfficialVerdict) -> Result<Self> {
        let values: Vec<Value> = vec![
            e.reg.trim().to_string().into(),
            e.name.trim().to_string().into(),
            holder_key.to_string().into(),
            id_masked.to_string().into(),
            e.employer.trim().to_string().into(),
            e.uscc.trim().to_string().into(),
            official_iat(e).into(),
            format_date(e.dob).into(),
            format_date(e.use_from).into(),
            format_date(e.use_to).into(),
            json(&specs(e))?.into(),
            json(e)?.into(),
            json(&verdict.reasons)?.into(),
        ];
        debug_assert_eq!(values.len(), Self::NAMES.len());
        Ok(Self { values })
    }

    /// `?first`, `?first+1`, … one numbered placeholder per column.
    fn placeholders(first: usize) -> Vec<String> {
        (first..first + Self::NAMES.len()).map(|i| format!("?{i}")).collect()
    }
}

fn specs(e: &ConfirmedEntry) -> Vec<Specialty> {
    e.specialties.iter().map(|s| Specialty { n: s.name.trim().to_string(), from: s.from, to: s.to }).collect()
}

fn id_masked_of(e: &ConfirmedEntry) -> String {
    e.idn.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(buildcert_official::mask_any_id).unwrap_or_default()
}

fn validate(entry: &ConfirmedEntry) -> Result<()> {
    entry.validate().map_err(|e| match e {
        buildcert_official::OfficialError::InvalidEntry(fields) => WalletError::InvalidEntry(fields),
        other => WalletError::unreadable(other.localized()),
    })
}

impl Wallet {
    /// Stores an official-format entry the holder confirmed.
    ///
    /// - `entry` must pass [`ConfirmedEntry::validate`], else
    ///   [`WalletError::InvalidEntry`] lists every field to correct (zh + en).
    /// - `read`: the fields read off the file, when it could be read; the
    ///   entry's `edited` list is recomputed from it (all fields when `None`).
    /// - `original`: the original file (name, bytes, ≤ 20 MiB), kept with the entry.
    ///
    /// One transaction. The same entry stored again (same registration,
    /// holder, usage period and date of issue) is not stored twice
    /// (`added: false`). The entry is grouped with other copies of the same
    /// registration and holder, BC1 copies included; the newest download
    /// counts and the others are superseded.
    pub fn add_official(
        &self,
        entry: &ConfirmedEntry,
        read: Option<&OfficialFields>,
        original: Option<(&str, &[u8])>,
        now: i64,
    ) -> Result<OfficialImport> {
        validate(entry)?;
        if let Some((_, bytes)) = original {
            if bytes.len() as u64 > MAX_ORIGINAL_BYTES {
                return Err(WalletError::TooLarge { size: bytes.len() as u64, max: MAX_ORIGINAL_BYTES });
            }
        }
        let mut entry = entry.clone();
        entry.edited = match read {
            Some(f) => edited_fields(f, &entry),
            None => Field::ALL.to_vec(),
        };
        let id_masked = id_masked_of(&entry);
        let settings = self.settings()?;
        let at = buildcert_bc1::date::today_cst(now);
        write_tx(&self.conn, |c| {
            let hk = entry_holder_key(c, &self.holder_secret, &entry, &id_masked, None)?;
            let existing: Option<i64> = c
                .query_row(
                    "SELECT id FROM certs WHERE kind = 'official' AND reg = ?1 AND holder_key = ?2
                       AND use_from = ?3 AND use_to = ?4 AND json_extract(cert_json, '$.issued') = ?5",
                    params![
                        entry.reg.trim(),
                        hk,
                        format_date(entry.use_from),
                        format_date(entry.use_to),
                        format_date(entry.issued)
                    ],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(id) = existing {
                let stored = Self::official_entry_in(c, id)?;
                let mut verdict = evaluate(&stored, at, &settings.thresholds());
                let superseded = Self::is_superseded_in(c, id)?;
                if superseded {
                    verdict.reasons.push(superseded_reason());
                }
                return Ok(OfficialImport {
                    id,
                    added: false,
                    registration: stored.reg.clone(),
                    holder_name: stored.name.clone(),
                    id_masked: id_masked_of(&stored),
                    trust_state: TrustState::OfficialUnverified,
                    verdict,
                    superseded,
                    supersedes: vec![],
                    edited: stored.edited.clone(),
                });
            }
            let file_id = match original {
                Some((name, bytes)) => {
                    let sha = hex::encode(Sha256::digest(bytes));
                    c.execute(
                        "INSERT INTO files(sha256, name, size, bytes, added_at) VALUES (?1, ?2, ?3, ?4, ?5)
                         ON CONFLICT(sha256) DO NOTHING",
                        params![sha, name, bytes.len() as i64, bytes, now],
                    )?;
                    Some(c.query_row("SELECT id FROM files WHERE sha256 = ?1", [&sha], |r| r.get::<_, i64>(0))?)
                }
                None => None,
            };
            let verdict = evaluate(&entry, at, &settings.thresholds());
            let cols = EntryColumns::of(&entry, &hk, &id_masked, &verdict)?;
            c.execute(
                &format!(
                    "INSERT INTO certs(kind, lid, qr_text, trust_seq, file_id, trust_state, checked_at, added_at, {})
                     VALUES ('official', NULL, NULL, NULL, ?1, ?2, ?3, ?3, {})",
                    EntryColumns::NAMES.join(", "),
                    EntryColumns::placeholders(4).join(", "),
                ),
                rusqlite::params_from_iter(
                    [
                        Value::from(file_id),
                        Value::from(TrustState::OfficialUnverified.column().to_string()),
                        Value::from(now),
                    ]
                    .into_iter()
                    .chain(cols.values),
                ),
            )?;
            let id = c.last_insert_rowid();
            let superseded = Self::is_superseded_in(c, id)?;
            let supersedes = {
                let mut st = c.prepare_cached(&format!(
                    "SELECT c.id FROM certs c, certs n WHERE n.id = ?1 AND c.id != n.id AND {} ORDER BY c.iat",
                    crate::certs::SUPERSEDES
                ))?;
                let ids = st.query_map(params![id], |r| r.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
                ids
            };
            let mut verdict = verdict;
            if superseded {
                verdict.reasons.push(superseded_reason());
            }
            Ok(OfficialImport {
                id,
                added: true,
                registration: entry.reg.trim().to_string(),
                holder_name: entry.name.trim().to_string(),
                id_masked: id_masked.clone(),
                trust_state: TrustState::OfficialUnverified,
                verdict,
                superseded,
                supersedes,
                edited: entry.edited.clone(),
            })
        })
    }

    /// The stored entry of an official-format certificate, as the holder
    /// confirmed it (the ID number as given: show it masked unless asked).
    /// [`WalletError::NotOfficial`] for a BC1 certificate.
    pub fn official_entry(&self, id: i64) -> Result<ConfirmedEntry> {
        Self::official_entry_in(&self.conn, id)
    }

    fn official_entry_in(c: &Connection, id: i64) -> Result<ConfirmedEntry> {
        let row: Option<(String, String)> = c
            .query_row("SELECT kind, cert_json FROM certs WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((kind, text)) = row else { return Err(WalletError::NotFound(id.to_string())) };
        if kind != "official" {
            return Err(WalletError::NotOfficial(id));
        }
        serde_json::from_str(&text).map_err(|e| WalletError::Db(format!("stored official entry unreadable: {e}")))
    }

    /// Replaces the fields of a stored official-format entry (the holder
    /// corrects them later). Validated like [`Wallet::add_official`]; the
    /// original file stays; `edited` grows by the fields changed now. One
    /// transaction; the entry is grouped again (its holder or dates may have
    /// changed).
    pub fn update_official(&self, id: i64, entry: &ConfirmedEntry, now: i64) -> Result<OfficialImport> {
        validate(entry)?;
        let settings = self.settings()?;
        let at = buildcert_bc1::date::today_cst(now);
        write_tx(&self.conn, |c| {
            let old = Self::official_entry_in(c, id)?;
            let mut entry = entry.clone();
            let mut edited = old.edited.clone();
            let old_as_read = OfficialFields {
                name: Some(old.name.clone()),
                sex: Some(old.sex),
                dob: Some(old.dob),
                reg: Some(old.reg.clone()),
                employer: Some(old.employer.clone()),
                uscc: Some(old.uscc.clone()),
                idn: old.idn.clone(),
                specialties: old.specialties.clone(),
                issued: Some(old.issued),
                use_from: Some(old.use_from),
                use_to: Some(old.use_to),
                query_urls: old.query_urls.clone(),
            };
            for f in edited_fields(&old_as_read, &entry) {
                if !edited.contains(&f) {
                    edited.push(f);
                }
            }
            edited.sort();
            entry.edited = edited;
            if entry.query_urls.is_empty() {
                entry.query_urls = old.query_urls.clone();
            }
            let id_masked = id_masked_of(&entry);
            let hk = entry_holder_key(c, &self.holder_secret, &entry, &id_masked, Some(id))?;
            let verdict = evaluate(&entry, at, &settings.thresholds());
            let cols = EntryColumns::of(&entry, &hk, &id_masked, &verdict)?;
            let set: Vec<String> = EntryColumns::NAMES
                .iter()
                .zip(EntryColumns::placeholders(3))
                .map(|(name, p)| format!("{name} = {p}"))
                .collect();
            c.execute(
                &format!("UPDATE certs SET checked_at = ?2, {} WHERE id = ?1", set.join(", ")),
                rusqlite::params_from_iter([Value::from(id), Value::from(now)].into_iter().chain(cols.values)),
            )?;
            let superseded = Self::is_superseded_in(c, id)?;
            let mut verdict = verdict;
            if superseded {
                verdict.reasons.push(superseded_reason());
            }
            Ok(OfficialImport {
                id,
                added: false,
                registration: entry.reg.trim().to_string(),
                holder_name: entry.name.trim().to_string(),
                id_masked,
                trust_state: TrustState::OfficialUnverified,
                verdict,
                superseded,
                supersedes: vec![],
                edited: entry.edited.clone(),
            })
        })
    }

    fn is_superseded_in(c: &Connection, id: i64) -> Result<bool> {
        Ok(c.query_row(
            "SELECT EXISTS (SELECT 1 FROM certs n, certs c WHERE c.id = ?1 AND n.reg = c.reg
               AND n.holder_key = c.holder_key AND n.iat > c.iat AND n.trust_state != 'rejected')",
            [id],
            |r| r.get(0),
        )?)
    }

    /// [`Wallet::show`] for an official-format entry.
    pub(crate) fn show_official(&self, summary: CertSummary, ctx: &buildcert_bc1::CheckContext) -> Result<CertDetail> {
        let entry = self.official_entry(summary.id)?;
        let (size, sha): (Option<i64>, Option<String>) = self.conn.query_row(
            "SELECT f.size, f.sha256 FROM certs c LEFT JOIN files f ON f.id = c.file_id WHERE c.id = ?1",
            [summary.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut verdict = evaluate(&entry, ctx.date, &ctx.thresholds);
        if summary.superseded {
            verdict.reasons.push(superseded_reason());
        }
        Ok(CertDetail {
            certificate: display_certificate(&entry),
            stored_reasons: verdict.reasons.clone(),
            verdict: None,
            file_size: size.map(|s| s as u64),
            file_sha256: sha,
            official: Some(entry.masked()),
            official_verdict: Some(verdict),
            summary,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provisional_keys_differ_by_person() {
        let d = NaiveDate::from_ymd_opt(1985, 6, 15).unwrap();
        let a = provisional_key("京1110020230000001", "张伟", d);
        assert!(a.starts_with("p:"));
        assert_ne!(a, provisional_key("京1110020230000002", "张伟", d));
        assert_ne!(a, provisional_key("京1110020230000001", "张伟", d.succ_opt().unwrap()));
        assert_eq!(a, provisional_key("京1110020230000001", "张伟", d));
    }
}
