//! Profiles (the real one and the demo), the wallet's own secret, and a
//! private data folder.
//!
//! - **Profiles.** Demo data (演示) lives in its own data folder,
//!   [`profile_dir`]`(base, Profile::Demo)`, with its own wallet and trust
//!   store; a wallet made there is marked as a demo wallet, and every trust
//!   list it holds counts as demo. The real profile is `base` itself.
//! - **The holder secret.** Copies of one holder are grouped by a holder key,
//!   an HMAC-SHA-256 of the ID number under a random secret kept in this
//!   wallet (table `meta`): the key says nothing about the ID number to
//!   anyone without the wallet file.
//! - **Once per wallet** (when the secret is first made), older wallets are
//!   brought up to these rules: holder keys are recomputed, stored masked ID
//!   numbers keep only their last 4 characters, and a real wallet loses the
//!   demo roots and demo trust lists that older versions put into it.
//! - **Privacy.** On Unix the data folder is made 0700 and the wallet's files
//!   0600; on Windows the platform's defaults apply (the user's profile).

use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::db::write_tx;
use crate::error::{Result, WalletError};

/// Which data folder is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// The user's own certificates and trust store.
    Real,
    /// Demo data (演示), apart from the real profile.
    Demo,
}

/// Folder of the demo profile inside the base data folder.
pub const DEMO_PROFILE_DIR: &str = "demo-profile";

/// The data folder of `profile` under the base data folder (see
/// [`crate::data_dir`]).
pub fn profile_dir(base: &Path, profile: Profile) -> PathBuf {
    match profile {
        Profile::Real => base.to_path_buf(),
        Profile::Demo => base.join(DEMO_PROFILE_DIR),
    }
}

/// A 32-byte secret from the operating system's CSPRNG.
pub fn random_secret() -> [u8; 32] {
    use rand_core::RngCore;
    let mut b = [0u8; 32];
    rand_core::OsRng.fill_bytes(&mut b);
    b
}

/// The holder key of an ID number under a wallet's secret (hex, 16 bytes).
pub(crate) fn holder_key(secret: &[u8; 32], idn: &str) -> String {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC takes any key length");
    m.update(b"buildcert-holder:");
    m.update(idn.as_bytes());
    hex::encode(&m.finalize().into_bytes()[..16])
}

/// The fingerprint of a root key shown to people: SHA-256 of the raw key, hex.
pub fn fingerprint(public: &[u8; 32]) -> String {
    hex::encode(Sha256::digest(public))
}

/// A masked ID number as stored before this version (first 4 and last 4
/// shown) brought to today's mask (last 4 only).
pub(crate) fn remask(masked: &str) -> String {
    let chars: Vec<char> = masked.chars().collect();
    if chars.len() >= 12 {
        "*".repeat(chars.len() - 4) + &chars[chars.len() - 4..].iter().collect::<String>()
    } else {
        masked.to_string()
    }
}

pub(crate) fn meta_get(c: &Connection, key: &str) -> Result<Option<String>> {
    Ok(c.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

pub(crate) fn meta_set(c: &Connection, key: &str, value: &str) -> Result<()> {
    c.execute(
        "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

const SECRET_KEY: &str = "holder_secret";
const PROFILE_KEY: &str = "profile";

fn parse_secret(s: &str) -> Result<[u8; 32]> {
    hex::decode(s)
        .ok()
        .and_then(|v| <[u8; 32]>::try_from(v).ok())
        .ok_or_else(|| WalletError::Db("stored holder secret is damaged".into()))
}

/// Whether the wallet is marked as the demo profile's.
pub(crate) fn is_demo(c: &Connection) -> Result<bool> {
    Ok(meta_get(c, PROFILE_KEY)?.as_deref() == Some("demo"))
}

/// Marks the wallet as the demo profile's.
pub(crate) fn mark_demo(c: &Connection) -> Result<()> {
    write_tx(c, |c| meta_set(c, PROFILE_KEY, "demo"))
}

/// The wallet's holder secret, made (with the one-time upgrade of older
/// wallets, see the module documentation) when the wallet has none.
/// Returns the secret and whether the upgrade removed demo trust data.
pub(crate) fn load_or_create_secret(c: &Connection) -> Result<([u8; 32], bool)> {
    if let Some(s) = meta_get(c, SECRET_KEY)? {
        return Ok((parse_secret(&s)?, false));
    }
    write_tx(c, |c| {
        // Another process may have made it while we waited for the lock.
        if let Some(s) = meta_get(c, SECRET_KEY)? {
            return Ok((parse_secret(&s)?, false));
        }
        let secret = random_secret();
        rekey_holders(c, &secret)?;
        c.execute(
            "UPDATE certs SET id_masked = substr('******************', 1, length(id_masked) - 4) || substr(id_masked, -4)
             WHERE length(id_masked) >= 12",
            [],
        )?;
        remask_saved_tenders(c)?;
        let purged = if is_demo(c)? { false } else { purge_demo_trust(c)? };
        meta_set(c, SECRET_KEY, &hex::encode(secret))?;
        Ok((secret, purged))
    })
}

/// Recomputes every holder key: from the ID number inside a BC1 copy's
/// stored QR text (verified when it was stored), or in an official entry's
/// fields; a copy that has neither but shared its old key with one that
/// has takes the same new key, so groups stay whole.
fn rekey_holders(c: &Connection, secret: &[u8; 32]) -> Result<()> {
    let rows: Vec<(i64, String, Option<String>, String)> = {
        let mut st =
            c.prepare("SELECT id, holder_key, qr_text, cert_json FROM certs WHERE holder_key NOT LIKE 'p:%'")?;
        let r = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        r
    };
    let idn_of = |qr: &Option<String>, json: &str| -> Option<String> {
        let from_qr = qr.as_deref().and_then(|t| {
            let cose = buildcert_bc1::codec::decode_qr_text(t).ok()?;
            let v = buildcert_bc1::codec::cbor_decode(&cose.payload).ok()?;
            buildcert_bc1::Certificate::from_cwt(&v).ok().map(|c| c.idn)
        });
        let from_json = || {
            let v: serde_json::Value = serde_json::from_str(json).ok()?;
            v.get("idn").and_then(|i| i.as_str()).map(str::to_string)
        };
        from_qr
            .or_else(from_json)
            .map(|s| s.trim().to_ascii_uppercase())
            .filter(|i| buildcert_bc1::rules::id_number_valid(i))
    };
    let mut renamed: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut pending = Vec::new();
    for (id, old, qr, json) in rows {
        match idn_of(&qr, &json) {
            Some(idn) => {
                let new = holder_key(secret, &idn);
                renamed.insert(old, new.clone());
                c.execute("UPDATE certs SET holder_key = ?1 WHERE id = ?2", params![new, id])?;
            }
            None => pending.push((id, old)),
        }
    }
    for (id, old) in pending {
        if let Some(new) = renamed.get(&old) {
            c.execute("UPDATE certs SET holder_key = ?1 WHERE id = ?2", params![new, id])?;
        }
    }
    Ok(())
}

/// Masked ID numbers inside saved tender results get today's mask.
fn remask_saved_tenders(c: &Connection) -> Result<()> {
    let rows: Vec<(i64, String)> = {
        let mut st = c.prepare("SELECT id, result_json FROM tenders")?;
        let r = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
        r
    };
    for (id, json) in rows {
        let Ok(mut v) = serde_json::from_str::<serde_json::Value>(&json) else { continue };
        let mut changed = false;
        if let Some(rows) = v.get_mut("rows").and_then(|r| r.as_array_mut()) {
            for row in rows {
                if let Some(m) = row.get_mut("id_masked") {
                    if let Some(s) = m.as_str() {
                        let n = remask(s);
                        if n != s {
                            *m = serde_json::Value::String(n);
                            changed = true;
                        }
                    }
                }
            }
        }
        if changed {
            c.execute("UPDATE tenders SET result_json = ?1 WHERE id = ?2", params![v.to_string(), id])?;
        }
    }
    Ok(())
}

/// Removes demo roots and the trust lists they signed from a real wallet
/// (older versions installed the demo there). Returns whether any went.
pub(crate) fn purge_demo_trust(c: &Connection) -> Result<bool> {
    let demo_keys: Vec<String> = {
        let mut st = c.prepare("SELECT public_hex FROM pinned_roots WHERE demo = 1")?;
        let r = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        r
    };
    let mut removed = 0;
    for k in &demo_keys {
        if let Ok(raw) = hex::decode(k) {
            let kid = hex::encode(&Sha256::digest(&raw)[..8]);
            removed += c.execute("DELETE FROM trust_lists WHERE root_kid = ?1", [kid])?;
        }
    }
    removed += c.execute("DELETE FROM trust_lists WHERE demo = 1", [])?;
    removed += c.execute("DELETE FROM pinned_roots WHERE demo = 1", [])?;
    Ok(removed > 0)
}

/// Makes a folder private to the user (0700 on Unix).
pub fn private_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(|e| WalletError::io(dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Makes a file private to the user (0600 on Unix). A missing file is fine.
pub fn private_file(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(WalletError::io(path, e)),
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Creates (or truncates) a file that only the user can read, for copies
/// of personal data (backups, scratch copies, staging files).
pub fn create_private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let f = o.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holder_keys_depend_on_the_wallet_secret() {
        let a = holder_key(&[1; 32], "11010519491231002X");
        assert_eq!(a, holder_key(&[1; 32], "11010519491231002X"));
        assert_ne!(a, holder_key(&[2; 32], "11010519491231002X"));
        // Not the plain hash of older versions.
        let plain = hex::encode(&Sha256::digest("buildcert-holder:11010519491231002X".as_bytes())[..16]);
        assert_ne!(a, plain);
        assert_ne!(random_secret(), random_secret());
    }

    #[test]
    fn remask_keeps_the_last_four() {
        assert_eq!(remask("1101**********002X"), "**************002X");
        assert_eq!(remask("**************002X"), "**************002X");
        assert_eq!(remask(""), "");
    }

    #[test]
    fn profiles_live_apart() {
        let base = Path::new("base");
        assert_eq!(profile_dir(base, Profile::Real), base);
        assert_eq!(profile_dir(base, Profile::Demo), base.join(DEMO_PROFILE_DIR));
    }
}
