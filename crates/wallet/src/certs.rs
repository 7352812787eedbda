//! Importing, listing, showing and removing e-certificates, and re-verifying
//! everything stored when a trust list arrives.

use buildcert_bc1::date::{format_date, parse_date, today_cst};
use buildcert_bc1::messages::reason;
use buildcert_bc1::Localized;
use buildcert_bc1::{
    choose_document_payload, peek_unverified, verify, Certificate, CheckContext, Code, Reason, Severity, Specialty,
    TrustList, Verdict,
};
use buildcert_check::{OutcomeStatus, Reading};
use buildcert_official::{ConfirmedEntry, OfficialVerdict};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

use crate::db::write_tx;
use crate::error::{Result, WalletError};
use crate::{unix_now, Wallet};

/// The largest original file the wallet keeps (20 MiB).
pub const MAX_ORIGINAL_BYTES: u64 = 20 << 20;

/// How far a stored certificate is trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TrustState {
    /// Signature verified under the current trust list; no status or content error.
    Verified,
    /// 未验证: signed by a key the trust list does not know (yet), or no
    /// trust list yet. Its content is shown only as unverified.
    Unverified,
    /// Verified once, but a later trust list or check found an error that
    /// is not about time (revoked, key revoked, registration cancelled …).
    /// Kept, clearly marked, with the reasons.
    Rejected,
    /// 未验证（官方格式） / unverified (official format): an entry the holder
    /// confirmed from today's official-format certificate (kind `official`).
    /// Its signature and seal are never verified by BuildCert; only the
    /// date rules run on it. Stored as `unverified` in the `trust_state`
    /// column and told apart by the `kind` column.
    OfficialUnverified,
}

impl TrustState {
    /// The stable string.
    pub fn as_str(self) -> &'static str {
        match self {
            TrustState::Verified => "verified",
            TrustState::Unverified => "unverified",
            TrustState::Rejected => "rejected",
            TrustState::OfficialUnverified => "official_unverified",
        }
    }

    /// The value of the `trust_state` column (official entries are stored
    /// as `unverified`; the `kind` column tells them apart).
    pub(crate) fn column(self) -> &'static str {
        match self {
            TrustState::OfficialUnverified => "unverified",
            s => s.as_str(),
        }
    }

    fn parse(s: &str) -> TrustState {
        match s {
            "verified" => TrustState::Verified,
            "rejected" => TrustState::Rejected,
            _ => TrustState::Unverified,
        }
    }

    /// The state of a row from its `kind` and `trust_state` columns.
    pub(crate) fn of_row(kind: &str, state: &str) -> TrustState {
        if kind == "official" {
            TrustState::OfficialUnverified
        } else {
            TrustState::parse(state)
        }
    }

    /// 已验证 / 未验证 / 无效 with the English word (terms.md).
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            TrustState::Verified => ("已验证", "Verified"),
            TrustState::Unverified => ("未验证", "Not verified"),
            TrustState::Rejected => ("无效", "Not valid"),
            TrustState::OfficialUnverified => (buildcert_official::TERM_ZH, buildcert_official::TERM_EN),
        }
    }
}

/// Codes about time: a copy that only has these is still genuine and is
/// kept as verified (its alerts say what to do).
const TIME_CODES: [Code; 4] = [Code::NotYetValid, Code::UsageExpired, Code::AgeLimitReached, Code::NoValidSpecialty];

/// The trust state a verdict gives a stored copy.
pub fn classify(v: &Verdict) -> TrustState {
    let errors: Vec<Code> = v.reasons.iter().filter(|r| r.severity == Severity::Error).map(|r| r.code).collect();
    if errors.iter().all(|c| TIME_CODES.contains(c) || matches!(c, Code::EmployerMismatch | Code::SpecialtyMissing)) {
        TrustState::Verified
    } else if errors.iter().all(|c| *c == Code::UnknownKey) {
        TrustState::Unverified
    } else {
        TrustState::Rejected
    }
}

/// One row of the wallet's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CertSummary {
    /// Wallet id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// `bc1` or `official`.
    pub kind: String,
    /// E-licence identifier (证照标识).
    pub lid: Option<String>,
    /// Registration number (注册编号).
    pub registration: String,
    /// Holder name.
    pub holder_name: String,
    /// Resident ID number, masked (**************123X).
    pub id_masked: String,
    /// Employer (聘用企业).
    pub employer: String,
    /// Employer's USCC.
    pub uscc: String,
    /// Download time (iat), epoch seconds.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub iat: i64,
    /// Download date (UTC+08:00).
    pub downloaded: Option<NaiveDate>,
    /// Date of birth.
    pub dob: NaiveDate,
    /// Usage period, first day.
    pub usage_from: NaiveDate,
    /// Usage period, last day.
    pub usage_to: NaiveDate,
    /// Registered specialties and their validity.
    pub specialties: Vec<Specialty>,
    /// Verified / unverified / rejected / official_unverified (kind `official`).
    pub trust_state: TrustState,
    /// A newer copy of the same registration and holder is stored.
    pub superseded: bool,
    /// seq of the trust list it was last checked under.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub trust_seq: Option<u64>,
    /// Epoch seconds when it was added.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub added_at: i64,
    /// Original file name.
    pub file_name: Option<String>,
}

/// Everything about one stored certificate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CertDetail {
    /// The list row.
    pub summary: CertSummary,
    /// The certificate, ID number masked. Unverified when `trust_state` is not verified.
    /// For an official-format entry (kind `official`) these are the
    /// holder-confirmed fields in the same shape, for display only: `iss`
    /// is the words 未验证（官方格式） / Unverified (official format), `lid`
    /// is empty and `iat` is 00:00 UTC+08:00 of the usage start. Use
    /// `official` and `official_verdict` for such entries.
    pub certificate: Certificate,
    /// Reasons of the last stored check (import or trust-list import).
    pub stored_reasons: Vec<Reason>,
    /// A fresh verdict at the requested date under the given trust list
    /// (with `superseded` added for older copies); `None` without a trust list.
    pub verdict: Option<Verdict>,
    /// Size of the original file in bytes.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub file_size: Option<u64>,
    /// SHA-256 of the original file, hex.
    pub file_sha256: Option<String>,
    /// For an official-format entry: the holder-confirmed entry, ID number masked.
    pub official: Option<ConfirmedEntry>,
    /// For an official-format entry: the BC1 date rules at the requested
    /// date (status always `unverified`; `usage_inconsistent` when the
    /// printed usage end is beyond §4's cap; `superseded` for an older copy).
    pub official_verdict: Option<OfficialVerdict>,
}

/// Filters for [`Wallet::list`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ListFilter {
    /// Text found in the name, registration number, employer, USCC or lid.
    pub query: Option<String>,
    /// Also list superseded copies (default: only current ones).
    pub include_superseded: bool,
}

/// What importing one input did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportResult {
    /// Wallet id of the certificate.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// `false` when a copy with the same e-licence identifier was already stored.
    pub added: bool,
    /// E-licence identifier.
    pub lid: String,
    /// Registration number.
    pub registration: String,
    /// Holder name.
    pub holder_name: String,
    /// Masked ID number.
    pub id_masked: String,
    /// Verified or unverified.
    pub trust_state: TrustState,
    /// The verdict status at the check date (`unverified` when not verified).
    pub status: String,
    /// Reasons of the check (warnings and infos; for an unverified copy, why).
    pub reasons: Vec<Reason>,
    /// A newer copy of this registration is already stored.
    pub superseded: bool,
    /// Ids of older copies this one supersedes.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub supersedes: Vec<i64>,
    /// Further BC1 codes in the same file that were not imported.
    pub other_codes_ignored: usize,
}

/// Summary of re-verifying every stored certificate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReverifySummary {
    /// Certificates checked.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub checked: u64,
    /// Verified now.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub verified: u64,
    /// Still unverified (key unknown).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub unverified: u64,
    /// Rejected now.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub rejected: u64,
    /// Ids that were not verified before and are now.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub newly_verified: Vec<i64>,
    /// Ids that were not rejected before and are now.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub newly_rejected: Vec<i64>,
}

/// Columns of a list row (in the order [`summary_row`] reads them).
const BASE_COLS: &str = "c.id AS id, c.kind AS kind, c.lid AS lid, c.reg AS reg, c.name AS name, \
     c.id_masked AS id_masked, c.emp AS emp, c.uscc AS uscc, c.iat AS iat, c.dob AS dob, c.use_from AS use_from, \
     c.use_to AS use_to, c.spec_json AS spec_json, c.trust_state AS trust_state, c.trust_seq AS trust_seq, \
     c.added_at AS added_at, f.name AS file_name";

/// The rule of [`mark_superseded`] in SQL, for copy `c` and newer copy `n`.
pub(crate) const SUPERSEDES: &str = "n.reg = c.reg AND n.holder_key = c.holder_key AND n.iat > c.iat \
     AND n.trust_state != 'rejected' \
     AND (c.trust_state != 'verified' OR c.kind != 'bc1' OR (n.trust_state = 'verified' AND n.kind = 'bc1'))";

/// What [`mark_superseded`] needs of one stored copy: its registration, its
/// holder key, its download time (iat) and its trust state.
pub(crate) type CopyKey<'a> = (&'a str, &'a str, i64, TrustState);

/// Marks which stored copies are superseded, for the whole table in one
/// pass: a copy is superseded when the wallet holds a newer download
/// (greater iat) of the same registration and holder that is not rejected,
/// and, for a verified copy, that is verified too. An unverified or
/// official-format copy never hides a verified one: both stay current.
/// `key` reads a row's [`CopyKey`]; `mark` stores the answer in it.
///
/// The same rule as [`SUPERSEDED_EXISTS`], done in memory for listings of
/// every row: a window query in SQLite sorted every wide row twice and took
/// most of the 10,000-certificate listing's time (wallet benchmark).
pub(crate) fn mark_superseded<T>(rows: &mut [T], key: fn(&T) -> CopyKey<'_>, mark: fn(&mut T, bool)) {
    let flags = superseded_flags(rows.iter().map(key));
    for (row, superseded) in rows.iter_mut().zip(flags) {
        mark(row, superseded);
    }
}

/// One flag per copy, in order: whether a newer copy of the same
/// registration and holder supersedes it (see [`mark_superseded`]).
fn superseded_flags<'a>(copies: impl Iterator<Item = CopyKey<'a>> + Clone) -> Vec<bool> {
    // Per (registration, holder): the newest unrejected and the newest verified download.
    let mut newest: HashMap<_, (Option<i64>, Option<i64>)> = HashMap::with_capacity(copies.size_hint().0);
    for (reg, holder, iat, state) in copies.clone() {
        if state != TrustState::Rejected {
            let n = newest.entry((reg, holder)).or_default();
            n.0 = Some(n.0.map_or(iat, |v| v.max(iat)));
            if state == TrustState::Verified {
                n.1 = Some(n.1.map_or(iat, |v| v.max(iat)));
            }
        }
    }
    copies
        .map(|(reg, holder, iat, state)| {
            let (any, verified) = newest.get(&(reg, holder)).copied().unwrap_or_default();
            let by = if state == TrustState::Verified { verified } else { any };
            by.is_some_and(|n| n > iat)
        })
        .collect()
}

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

pub(crate) fn superseded_reason() -> Reason {
    reason(
        Code::Superseded,
        "证书夹中有同一注册编号更新的下载版本，请使用最新版本",
        "the wallet holds a newer download of this registration; use the newest copy",
    )
}

pub(crate) fn json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| WalletError::Db(e.to_string()))
}

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
        let now = unix_now();
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

/// Masks a holder name for logs: the first character stays (张**).
pub fn mask_name(name: &str) -> String {
    let mut it = name.chars();
    match it.next() {
        Some(f) => std::iter::once(f).chain(it.map(|_| '*')).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::superseded_flags;
    use super::TrustState::{OfficialUnverified as O, Rejected as R, Unverified as U, Verified as V};

    #[test]
    fn a_copy_is_superseded_only_by_a_newer_unrejected_copy_of_the_same_holder_and_registration() {
        let copies = [
            ("京A", "h1", 100, V), // older: superseded by the 200 below
            ("京A", "h1", 200, V), // newest: current
            ("京A", "h1", 300, R), // newer but rejected: supersedes nothing, and is not superseded
            ("京A", "h2", 50, V),  // other holder, same registration: current
            ("京B", "h1", 10, V),  // other registration: current
            ("京C", "h3", 70, V),  // same iat twice: neither supersedes the other
            ("京C", "h3", 70, V),
            ("京D", "h4", 5, R), // a rejected copy older than a current one is superseded
            ("京D", "h4", 6, V),
        ];
        let flags = superseded_flags(copies.into_iter());
        assert_eq!(flags, [true, false, false, false, false, false, false, true, false]);
    }

    #[test]
    fn an_unverified_copy_never_hides_a_verified_one() {
        let copies = [
            ("京A", "h1", 100, V), // verified; the newer copies are not: it stays current
            ("京A", "h1", 200, U), // unverified, newer: current beside it
            ("京A", "h1", 300, O), // official-format, newer still: current, and supersedes the unverified one
            ("京B", "h2", 10, U),  // unverified, older than a verified copy: superseded
            ("京B", "h2", 20, V),
            ("京C", "h3", 10, V), // verified, then a newer verified copy: superseded as before
            ("京C", "h3", 20, U),
            ("京C", "h3", 30, V),
        ];
        let flags = superseded_flags(copies.into_iter());
        assert_eq!(flags, [false, true, false, true, false, true, true, false]);
    }
}
