//! Importing one input into the wallet: checked under the trust list (or
//! kept as unverified when allowed), stored with its original file in one
//! transaction.

use buildcert_bc1::date::format_date;
use buildcert_bc1::messages::reason;
use buildcert_bc1::Localized;
use buildcert_bc1::{
    choose_document_payload, peek_unverified, verify, Certificate, CheckContext, Code, Reason, Severity, TrustList,
};
use buildcert_check::{OutcomeStatus, Reading};
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use super::{classify, json, ImportResult, TrustState, MAX_ORIGINAL_BYTES, SUPERSEDES};
use crate::db::write_tx;
use crate::error::{Result, WalletError};
use crate::Wallet;

impl Wallet {
    /// Imports one input (QR text, image or PDF) read by `buildcert_check`.
    ///
    /// - verified under `trust` at `ctx`: stored (a warning verdict is fine);
    /// - any error: refused with the reasons ([`WalletError::Refused`]) —
    ///   except, with `allow_unverified`, when the only error is
    ///   `unknown_key` (or there is no trust list yet): then it is stored as
    ///   unverified, after the §4 content rules pass, and re-verified at
    ///   every trust-list import.
    ///
    /// The original bytes (≤ 20 MiB) and the QR text are stored in one
    /// transaction. A copy whose e-licence identifier is already stored is
    /// not stored twice (`added: false`).
    pub fn import(
        &self,
        original_name: &str,
        bytes: &[u8],
        trust: Option<&TrustList>,
        ctx: &CheckContext,
        allow_unverified: bool,
    ) -> Result<ImportResult> {
        if bytes.len() as u64 > MAX_ORIGINAL_BYTES {
            return Err(WalletError::TooLarge { size: bytes.len() as u64, max: MAX_ORIGINAL_BYTES });
        }
        let limits = buildcert_scan::Limits::default();
        let reading = buildcert_check::read(bytes, &limits).map_err(|e| WalletError::unreadable(e.localized()))?;
        self.import_reading(original_name, bytes, &reading, trust, ctx, allow_unverified)
    }

    /// [`Wallet::import`] for an input already read (the app reads once to
    /// show the verdict, then stores).
    pub fn import_reading(
        &self,
        original_name: &str,
        bytes: &[u8],
        reading: &Reading,
        trust: Option<&TrustList>,
        ctx: &CheckContext,
        allow_unverified: bool,
    ) -> Result<ImportResult> {
        if bytes.len() as u64 > MAX_ORIGINAL_BYTES {
            return Err(WalletError::TooLarge { size: bytes.len() as u64, max: MAX_ORIGINAL_BYTES });
        }
        if reading.bc1.is_empty() && reading.attachment.is_none() {
            return Err(if reading.other.is_empty() {
                WalletError::unreadable(buildcert_check::ReadError::NoCode.localized())
            } else {
                WalletError::NotBc1
            });
        }
        let other_codes_ignored = reading.bc1.len().saturating_sub(1);
        let (text, cert, state, status, reasons) = match trust {
            Some(tl) => {
                let outcome = buildcert_check::check(reading, tl, ctx);
                let verdict = match (outcome.status, outcome.verdict) {
                    (OutcomeStatus::Unverified, _) => return Err(WalletError::NotBc1),
                    (_, None) => {
                        let why = outcome.error.map(|e| e.message);
                        return Err(WalletError::unreadable(
                            why.unwrap_or_else(|| buildcert_check::ReadError::NoCode.localized()),
                        ));
                    }
                    (_, Some(v)) => v,
                };
                let text = outcome.qr_text.unwrap_or_default();
                match (verdict.status, verdict.certificate.clone()) {
                    (buildcert_bc1::Status::Invalid, _) => {
                        let only_unknown = verdict
                            .reasons
                            .iter()
                            .filter(|r| r.severity == Severity::Error)
                            .all(|r| r.code == Code::UnknownKey);
                        if allow_unverified && only_unknown {
                            self.unverified_parts(&text, verdict.reasons.clone())?
                        } else {
                            return Err(WalletError::Refused { reasons: verdict.reasons });
                        }
                    }
                    (s, Some(c)) => (text, c, TrustState::Verified, s.as_str().to_string(), verdict.reasons),
                    (_, None) => return Err(WalletError::Refused { reasons: verdict.reasons }),
                }
            }
            None => {
                let no_list = reason(
                    Code::UnknownKey,
                    "尚未导入信任列表，无法核验签名；请导入信任列表",
                    "no trust list has been imported, so the signature cannot be checked; import a trust list",
                );
                if !allow_unverified {
                    return Err(WalletError::Refused { reasons: vec![no_list] });
                }
                let choice = choose_document_payload(&reading.bc1, reading.attachment.as_deref())
                    .ok_or_else(|| WalletError::unreadable(buildcert_check::ReadError::NoCode.localized()))?;
                if choice.extra.iter().any(|r| r.severity == Severity::Error) {
                    return Err(WalletError::Refused { reasons: choice.extra });
                }
                let mut why = vec![no_list];
                why.extend(choice.extra);
                self.unverified_parts(&choice.text, why)?
            }
        };
        // The caller's clock (the app's and the CLI's injected one), as the
        // official-format import does: not the system clock.
        let now = ctx.now;
        let hk = self.holder_key(&cert.idn);
        let masked = cert.masked();
        write_tx(&self.conn, |c| {
            // Another process may have installed a newer trust list since
            // `trust` was loaded: check against the newest one, inside this
            // transaction, so nothing is stored under an outdated list.
            let newest: Option<(i64, Vec<u8>)> = c
                .query_row("SELECT seq, bytes FROM trust_lists ORDER BY seq DESC LIMIT 1", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            let (state, status, reasons, trust_seq) = match newest {
                Some((nseq, nbytes)) if trust.map(|t| t.seq as i64) != Some(nseq) => {
                    let roots: Vec<_> = self.pinned_roots()?.into_iter().map(|p| p.key).collect();
                    let newer = TrustList::decode_verified(&nbytes, &roots).map_err(|_| WalletError::Busy)?;
                    let v = verify(&text, &newer, ctx);
                    match classify(&v) {
                        TrustState::Verified if v.status != buildcert_bc1::Status::Invalid => {
                            (TrustState::Verified, v.status.as_str().to_string(), v.reasons, Some(nseq))
                        }
                        TrustState::Unverified if allow_unverified => {
                            (TrustState::Unverified, "unverified".to_string(), v.reasons, None)
                        }
                        _ => return Err(WalletError::Refused { reasons: v.reasons }),
                    }
                }
                _ => {
                    let seq = if state == TrustState::Verified { trust.map(|t| t.seq as i64) } else { None };
                    (state, status.clone(), reasons.clone(), seq)
                }
            };
            if let Some(id) =
                c.query_row("SELECT id FROM certs WHERE lid = ?1", [&cert.lid], |r| r.get::<_, i64>(0)).optional()?
            {
                let superseded = Self::is_superseded(c, id)?;
                return Ok(ImportResult {
                    id,
                    added: false,
                    lid: cert.lid.clone(),
                    registration: cert.reg.clone(),
                    holder_name: cert.name.clone(),
                    id_masked: masked.idn.clone(),
                    trust_state: TrustState::parse(&c.query_row(
                        "SELECT trust_state FROM certs WHERE id = ?1",
                        [id],
                        |r| r.get::<_, String>(0),
                    )?),
                    status: status.clone(),
                    reasons: reasons.clone(),
                    superseded,
                    supersedes: vec![],
                    other_codes_ignored,
                });
            }
            let sha = hex::encode(Sha256::digest(bytes));
            c.execute(
                "INSERT INTO files(sha256, name, size, bytes, added_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(sha256) DO NOTHING",
                params![sha, original_name, bytes.len() as i64, bytes, now],
            )?;
            let file_id: i64 = c.query_row("SELECT id FROM files WHERE sha256 = ?1", [&sha], |r| r.get(0))?;
            c.execute(
                "INSERT INTO certs(kind, lid, qr_text, file_id, reg, name, holder_key, id_masked, emp, uscc, iat, dob,
                   use_from, use_to, spec_json, cert_json, trust_state, reasons_json, trust_seq, checked_at, added_at)
                 VALUES ('bc1', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?19)",
                params![
                    cert.lid,
                    text,
                    file_id,
                    cert.reg,
                    cert.name,
                    hk,
                    masked.idn,
                    cert.emp,
                    cert.uscc,
                    cert.iat,
                    format_date(cert.dob),
                    format_date(cert.usage.from),
                    format_date(cert.usage.to),
                    json(&cert.spec)?,
                    json(&masked)?,
                    state.as_str(),
                    json(&reasons)?,
                    trust_seq,
                    now
                ],
            )?;
            let id = c.last_insert_rowid();
            // Official-format entries of this person stored before, whose
            // holder could not be keyed by a full ID number, join this group.
            crate::official::adopt_provisional(c, &cert.reg, &cert.name, cert.dob, &masked.idn, &hk)?;
            let superseded = Self::is_superseded(c, id)?;
            let supersedes = if state == TrustState::Verified || state == TrustState::Unverified {
                let mut st = c.prepare_cached(&format!(
                    "SELECT c.id FROM certs c, certs n WHERE n.id = ?1 AND c.id != n.id AND {SUPERSEDES} ORDER BY c.iat"
                ))?;
                let ids = st.query_map(params![id], |r| r.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
                ids
            } else {
                vec![]
            };
            Ok(ImportResult {
                id,
                added: true,
                lid: cert.lid.clone(),
                registration: cert.reg.clone(),
                holder_name: cert.name.clone(),
                id_masked: masked.idn.clone(),
                trust_state: state,
                status: status.clone(),
                reasons: reasons.clone(),
                superseded,
                supersedes,
                other_codes_ignored,
            })
        })
    }

    /// Reads an unverified copy: decodes without the signature, applies the
    /// §4 content rules (a content error refuses it anyway).
    fn unverified_parts(
        &self,
        text: &str,
        why: Vec<Reason>,
    ) -> Result<(String, Certificate, TrustState, String, Vec<Reason>)> {
        let (cert, _kid) = peek_unverified(text).map_err(|e| {
            let Localized { zh, en } = e.localized();
            let code = e.reason_code();
            WalletError::Refused { reasons: vec![Reason { code, severity: code.severity(), zh, en }] }
        })?;
        let mut content = Vec::new();
        buildcert_bc1::verify::check_content(&cert, &mut content);
        if content.iter().any(|r| r.severity == Severity::Error) {
            return Err(WalletError::Refused { reasons: content });
        }
        Ok((text.trim().to_string(), cert, TrustState::Unverified, "unverified".into(), why))
    }

    fn is_superseded(c: &Connection, id: i64) -> Result<bool> {
        Ok(c.query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM certs n, certs c WHERE c.id = ?1 AND {SUPERSEDES})"),
            [id],
            |r| r.get(0),
        )?)
    }
}
