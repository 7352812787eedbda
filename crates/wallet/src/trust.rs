//! Pinned root keys and trust lists (BC1 §5): every accepted list is kept
//! with the time it was accepted; the one with the greatest seq is current.

use buildcert_bc1::{decide_update, parse_root_key, Error as Bc1Error, TrustList, TrustUpdate, VerifyingKey};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::db::write_tx;
use crate::error::{Result, WalletError};
use crate::{unix_now, ReverifySummary, Wallet};

/// A root key pinned in the wallet: trust lists must verify under one of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PinnedRoot {
    /// The raw Ed25519 public key, 64 hex characters.
    pub public_hex: String,
    /// The parsed key.
    #[serde(skip)]
    pub key: VerifyingKey,
    /// kid (first 8 bytes of SHA-256 of the key), hex.
    pub kid: String,
    /// A label for people, e.g. "住房和城乡建设部 根密钥".
    pub label: String,
    /// A demo key (演示): never to be trusted for real certificates.
    pub demo: bool,
    /// Epoch seconds when it was pinned.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub added_at: i64,
}

/// One accepted trust list, as kept in the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrustListInfo {
    /// Publication number.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: u64,
    /// Epoch seconds of publication.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub issued: i64,
    /// Epoch seconds before which a newer list is promised.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub next: i64,
    /// kid of the root key that signed it, hex.
    pub root_kid: String,
    /// Number of issuer keys.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub keys: u64,
    /// Number of revoked e-certificates listed.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub revoked: u64,
    /// Number of cancelled registrations listed.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub cancelled: u64,
    /// SHA-256 of the file, hex.
    pub sha256: String,
    /// Epoch seconds when this wallet accepted it.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub accepted_at: i64,
    /// Whether it is the list in use (the greatest seq).
    pub current: bool,
    /// Signed by a demo root (演示) or kept in the demo profile.
    pub demo: bool,
}

/// What importing a trust list did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrustImport {
    /// The imported list.
    pub info: TrustListInfo,
    /// seq of the list kept before, if any.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub previous_seq: Option<u64>,
    /// `true` when it replaced the kept list; `false` when it was the same
    /// list again (no change).
    pub replaced: bool,
    /// The result of re-verifying every stored certificate under it.
    pub reverified: ReverifySummary,
}

impl Wallet {
    /// The pinned root keys, oldest first. A row whose key no longer parses
    /// (hand-edited file) is reported as a database error.
    pub fn pinned_roots(&self) -> Result<Vec<PinnedRoot>> {
        let mut st = self.conn.prepare_cached(
            "SELECT public_hex, label, demo, added_at FROM pinned_roots ORDER BY added_at, public_hex",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, bool>(2)?, r.get::<_, i64>(3)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(public_hex, label, demo, added_at)| {
                let key = parse_root_key(&public_hex)
                    .map_err(|_| WalletError::Db(format!("stored root key {public_hex} is not a valid key")))?;
                let kid = hex::encode(&Sha256::digest(key.to_bytes())[..8]);
                Ok(PinnedRoot { public_hex, key, kid, label, demo, added_at })
            })
            .collect()
    }

    /// Pins a root key (64 hex characters). Pinning the same key again
    /// updates its label, and its demo flag, with one exception: a key
    /// pinned as demo, or one that signed a demo trust list kept here,
    /// stays demo unless the change is confirmed with
    /// [`Wallet::pin_root_confirmed`] ([`WalletError::DemoRootNeedsConfirm`]).
    pub fn pin_root(&self, hex_key: &str, label: &str, demo: bool) -> Result<()> {
        self.pin_root_confirmed(hex_key, label, demo, None)
    }

    /// [`Wallet::pin_root`], where `confirm_not_demo` is the fingerprint
    /// ([`crate::profile::fingerprint`]) the user confirmed to turn a demo
    /// root into a real one.
    pub fn pin_root_confirmed(
        &self,
        hex_key: &str,
        label: &str,
        demo: bool,
        confirm_not_demo: Option<&str>,
    ) -> Result<()> {
        let key = parse_root_key(hex_key).map_err(|e| WalletError::BadRootKey(e.to_string()))?;
        let public_hex = hex::encode(key.to_bytes());
        let fingerprint = crate::profile::fingerprint(&key.to_bytes());
        let kid = hex::encode(&Sha256::digest(key.to_bytes())[..8]);
        write_tx(&self.conn, |c| {
            if !demo {
                let was_demo: bool = c.query_row(
                    "SELECT EXISTS (SELECT 1 FROM pinned_roots WHERE public_hex = ?1 AND demo = 1)
                         OR EXISTS (SELECT 1 FROM trust_lists WHERE root_kid = ?2 AND demo = 1)",
                    params![public_hex, kid],
                    |r| r.get(0),
                )?;
                let confirmed = confirm_not_demo.is_some_and(|f| f.trim().eq_ignore_ascii_case(&fingerprint));
                if was_demo && !confirmed {
                    return Err(WalletError::DemoRootNeedsConfirm { fingerprint: fingerprint.clone() });
                }
                if was_demo {
                    c.execute("UPDATE trust_lists SET demo = 0 WHERE root_kid = ?1", [&kid])?;
                }
            }
            c.execute(
                "INSERT INTO pinned_roots(public_hex, label, demo, added_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(public_hex) DO UPDATE SET label = excluded.label, demo = excluded.demo",
                params![public_hex, label, demo, unix_now()],
            )?;
            Ok(())
        })
    }

    /// Removes a pinned root key. Returns whether it was pinned.
    pub fn unpin_root(&self, hex_key: &str) -> Result<bool> {
        let key = parse_root_key(hex_key).map_err(|e| WalletError::BadRootKey(e.to_string()))?;
        write_tx(&self.conn, |c| {
            Ok(c.execute("DELETE FROM pinned_roots WHERE public_hex = ?1", [hex::encode(key.to_bytes())])? > 0)
        })
    }

    fn roots(&self, extra: &[VerifyingKey]) -> Result<Vec<VerifyingKey>> {
        let mut roots: Vec<VerifyingKey> = self.pinned_roots()?.into_iter().map(|p| p.key).collect();
        roots.extend(extra.iter().copied());
        Ok(roots)
    }

    /// Imports a trust list file.
    ///
    /// It must verify under a pinned root or one of `extra_roots`; BC1 §5's
    /// rule is applied against the kept list (a lower seq is a rollback, the
    /// same seq with other bytes a conflict — both refused, nothing changes).
    /// An accepted list is kept in the history with `now`, and every stored
    /// certificate is re-verified under it, all in one transaction.
    pub fn import_trust_list(&self, bytes: &[u8], extra_roots: &[VerifyingKey], now: i64) -> Result<TrustImport> {
        let roots = self.roots(extra_roots)?;
        if roots.is_empty() {
            return Err(WalletError::NoRootKey);
        }
        let mut tl = TrustList::decode_verified(bytes, &roots).map_err(bc1_trust_err)?;
        let demo = self.is_demo_profile()? || self.pinned_roots()?.iter().any(|p| p.demo && p.kid == tl.root_kid);
        tl.demo = demo;
        write_tx(&self.conn, |c| {
            if !demo {
                // A demo list never blocks a real one: its seq counts only
                // among demo lists, and a real list replaces them all.
                c.execute("DELETE FROM trust_lists WHERE demo = 1", [])?;
            }
            let kept: Option<(i64, Vec<u8>)> = c
                .query_row("SELECT seq, bytes FROM trust_lists ORDER BY seq DESC LIMIT 1", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            let previous_seq = kept.as_ref().map(|(s, _)| *s as u64);
            let decision = decide_update(kept.as_ref().map(|(s, b)| (*s as u64, b.as_slice())), (tl.seq, bytes))
                .map_err(bc1_trust_err)?;
            let replaced = decision == TrustUpdate::Replace;
            if replaced {
                c.execute(
                    "INSERT INTO trust_lists(seq, bytes, sha256, root_kid, issued, next, keys, revoked, cancelled, accepted_at, demo)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                    params![
                        tl.seq as i64,
                        bytes,
                        hex::encode(Sha256::digest(bytes)),
                        tl.root_kid,
                        tl.issued,
                        tl.next,
                        tl.keys.len() as i64,
                        tl.rl.len() as i64,
                        tl.rr.len() as i64,
                        now,
                        demo
                    ],
                )?;
            }
            // Every import re-verifies everything stored (also a repeated one:
            // cheap, and it repairs nothing-changed states consistently).
            let reverified = self.reverify_all_in(c, Some(&tl), now)?;
            let info = Self::history_in(c)?
                .into_iter()
                .find(|i| i.seq == tl.seq)
                .ok_or_else(|| WalletError::Db("trust list just stored is missing".into()))?;
            Ok(TrustImport { info, previous_seq, replaced, reverified })
        })
    }

    /// The trust list in use (the greatest seq kept), verified again under
    /// the pinned roots and `extra_roots`; `None` when none was imported.
    pub fn current_trust_list(&self, extra_roots: &[VerifyingKey]) -> Result<Option<TrustList>> {
        let kept: Option<(i64, Vec<u8>)> = self
            .conn
            .query_row("SELECT seq, bytes FROM trust_lists ORDER BY seq DESC LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let Some((seq, bytes)) = kept else { return Ok(None) };
        let pinned = self.pinned_roots()?;
        let roots = self.roots(extra_roots)?;
        let mut tl = TrustList::decode_verified(&bytes, &roots)
            .map_err(|e| WalletError::StoredTrustInvalid { seq: seq as u64, detail: e.localized() })?;
        let stored_demo: bool =
            self.conn.query_row("SELECT demo FROM trust_lists WHERE seq = ?1", [seq], |r| r.get(0)).unwrap_or(false);
        tl.demo = stored_demo || self.is_demo_profile()? || pinned.iter().any(|p| p.demo && p.kid == tl.root_kid);
        Ok(Some(tl))
    }

    /// Every accepted trust list, newest first.
    pub fn trust_history(&self) -> Result<Vec<TrustListInfo>> {
        Self::history_in(&self.conn)
    }

    fn history_in(c: &rusqlite::Connection) -> Result<Vec<TrustListInfo>> {
        let mut st = c.prepare_cached(
            "SELECT seq, issued, next, root_kid, keys, revoked, cancelled, sha256, accepted_at,
                    demo OR EXISTS (SELECT 1 FROM meta WHERE key = 'profile' AND value = 'demo')
             FROM trust_lists ORDER BY seq DESC",
        )?;
        let mut first = true;
        let rows = st
            .query_map([], |r| {
                let info = TrustListInfo {
                    seq: r.get::<_, i64>(0)? as u64,
                    issued: r.get(1)?,
                    next: r.get(2)?,
                    root_kid: r.get(3)?,
                    keys: r.get::<_, i64>(4)? as u64,
                    revoked: r.get::<_, i64>(5)? as u64,
                    cancelled: r.get::<_, i64>(6)? as u64,
                    sha256: r.get(7)?,
                    accepted_at: r.get(8)?,
                    current: first,
                    demo: r.get(9)?,
                };
                first = false;
                Ok(info)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

fn bc1_trust_err(e: Bc1Error) -> WalletError {
    match e {
        Bc1Error::TrustList(t) => WalletError::TrustRefused(t),
        other => WalletError::TrustRefused(buildcert_bc1::TrustListError::Malformed(other.to_string())),
    }
}
