//! Making signed trust lists (BC1 §5) from a TOML spec.
//!
//! ```toml
//! seq = 2                          # strictly greater than the last list made for this output
//! issued = "2026-09-01"            # YYYY-MM-DD (00:00 UTC+08:00), RFC 3339 or epoch seconds
//! next = "2026-10-01"              # a newer list is promised before this
//! revoked_lids = ["1A2B3C4D5E6F7081"]       # 撤销的电子证书（证照标识）
//! cancelled_regs = ["京111082000001"]      # 注销的注册编号
//! # revoked_lid_hashes / cancelled_reg_hashes: already-hashed entries (32 hex chars)
//!
//! [[keys]]
//! pub_file = "issuer.pub.hex"      # or: pub = "64 hex characters"; relative to this file
//! iss = "中华人民共和国住房和城乡建设部"
//! seal = "中华人民共和国住房和城乡建设部一级建造师行政许可专用章"
//! nbf = "2026-01-01"
//! exp = "2031-01-01"
//! # revoked = "2026-09-15"         # present: every certificate of this key is invalid
//! ```
//!
//! The last seq made is remembered in `OUTPUT.seq` beside the output (one
//! decimal number); a spec whose seq is not greater is refused. When the
//! output file already exists and verifies under the root key, its seq counts too.

use std::path::{Path, PathBuf};

use buildcert_bc1::codec::hash16;
use buildcert_bc1::{Localized, SigningKey, TrustList};
use serde::Deserialize;

use crate::error::{IssuerError, Result};
use crate::files;
use crate::holder::instant_field;
use crate::keys;

/// One key entry of a trust-list spec.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeySpec {
    /// The public key, 64 hex characters.
    #[serde(default, rename = "pub")]
    pub public: Option<String>,
    /// A `.pub.hex` file holding the public key (relative to the spec).
    #[serde(default)]
    pub pub_file: Option<PathBuf>,
    /// Issuing authority name.
    pub iss: String,
    /// Seal name shown to users.
    pub seal: String,
    /// Not before (date, RFC 3339 or epoch seconds).
    pub nbf: String,
    /// Not after.
    pub exp: String,
    /// Revocation instant, when revoked.
    #[serde(default)]
    pub revoked: Option<String>,
}

/// A trust-list spec. See the module docs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustSpec {
    /// Publication number.
    pub seq: u64,
    /// Publication time.
    pub issued: String,
    /// Time before which a newer list is promised.
    pub next: String,
    /// Trusted issuer keys.
    #[serde(default)]
    pub keys: Vec<KeySpec>,
    /// Revoked e-certificates by lid.
    #[serde(default)]
    pub revoked_lids: Vec<String>,
    /// Cancelled registrations by registration number.
    #[serde(default)]
    pub cancelled_regs: Vec<String>,
    /// Revoked lids already hashed (32 hex characters each).
    #[serde(default)]
    pub revoked_lid_hashes: Vec<String>,
    /// Cancelled registrations already hashed (32 hex characters each).
    #[serde(default)]
    pub cancelled_reg_hashes: Vec<String>,
}

impl TrustSpec {
    /// Reads a spec file (TOML; JSON when it ends in `.json`). Relative
    /// `pub_file` paths are resolved against the spec's directory.
    pub fn from_file(path: &Path) -> Result<TrustSpec> {
        let text = files::read_text(path)?;
        let parse_err = |reason: String| IssuerError::parse(path, "trust-list", reason);
        let mut spec: TrustSpec = if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
            serde_json::from_str(&text).map_err(|e| parse_err(e.to_string()))?
        } else {
            // TOML dates without quotes become strings.
            let v: toml::Value = toml::from_str(&text).map_err(|e| parse_err(e.to_string()))?;
            let v = stringify_dates(v);
            v.try_into().map_err(|e: toml::de::Error| parse_err(e.to_string()))?
        };
        if let Some(dir) = path.parent() {
            for k in &mut spec.keys {
                if let Some(f) = &k.pub_file {
                    if f.is_relative() {
                        k.pub_file = Some(dir.join(f));
                    }
                }
            }
        }
        Ok(spec)
    }

    /// The trust list this spec describes (not yet signed).
    pub fn to_trust_list(&self) -> Result<TrustList> {
        let mut keys = Vec::with_capacity(self.keys.len());
        for (i, k) in self.keys.iter().enumerate() {
            let field = |f: &str| format!("keys[{i}].{f}");
            let public = match (&k.public, &k.pub_file) {
                (Some(h), None) => keys::parse_public_hex(h, Path::new(&field("pub")))?,
                (None, Some(f)) => keys::read_public_key(f)?,
                _ => {
                    return Err(IssuerError::invalid(
                        field("pub"),
                        "每个密钥须且只能给出 pub 或 pub_file 之一",
                        "give exactly one of pub or pub_file for each key",
                    ))
                }
            };
            let nbf = instant_field(&field("nbf"), &k.nbf, 0)?;
            let exp = instant_field(&field("exp"), &k.exp, 0)?;
            if nbf > exp {
                return Err(IssuerError::invalid(field("nbf"), "nbf 晚于 exp", "nbf is after exp"));
            }
            let mut entry = TrustList::key_entry(&public, &k.iss, &k.seal, nbf, exp);
            entry.revoked = k.revoked.as_deref().map(|r| instant_field(&field("revoked"), r, 0)).transpose()?;
            keys.push(entry);
        }
        let hashes = |plain: &[String], hashed: &[String], field: &str| -> Result<Vec<[u8; 16]>> {
            let mut v: Vec<[u8; 16]> = plain.iter().map(|s| hash16(s.trim())).collect();
            for h in hashed {
                let b = hex::decode(h.trim()).ok().and_then(|b| <[u8; 16]>::try_from(b).ok()).ok_or_else(|| {
                    IssuerError::invalid(
                        field,
                        format!("“{h}”应为 32 位十六进制字符"),
                        format!("'{h}' must be 32 hexadecimal characters"),
                    )
                })?;
                v.push(b);
            }
            v.sort_unstable();
            v.dedup();
            Ok(v)
        };
        let issued = instant_field("issued", &self.issued, 0)?;
        let next = instant_field("next", &self.next, 0)?;
        if next <= issued {
            return Err(IssuerError::invalid("next", "next 必须晚于 issued", "next must be later than issued"));
        }
        Ok(TrustList {
            seq: self.seq,
            issued,
            next,
            keys,
            rl: hashes(&self.revoked_lids, &self.revoked_lid_hashes, "revoked_lid_hashes")?,
            rr: hashes(&self.cancelled_regs, &self.cancelled_reg_hashes, "cancelled_reg_hashes")?,
            root_kid: String::new(),
            raw: Vec::new(),
            demo: false,
        })
    }
}

const TIME_KEYS: [&str; 5] = ["issued", "next", "nbf", "exp", "revoked"];

fn stringify_dates(v: toml::Value) -> toml::Value {
    match v {
        toml::Value::Datetime(d) => toml::Value::String(d.to_string()),
        toml::Value::Array(a) => toml::Value::Array(a.into_iter().map(stringify_dates).collect()),
        toml::Value::Table(t) => toml::Value::Table(
            t.into_iter()
                .map(|(k, v)| match v {
                    // Times may be given as epoch seconds.
                    toml::Value::Integer(i) if TIME_KEYS.contains(&k.as_str()) => {
                        (k, toml::Value::String(i.to_string()))
                    }
                    v => (k, stringify_dates(v)),
                })
                .collect(),
        ),
        other => other,
    }
}

/// The state file remembering the last seq made for `out`: `OUT.seq`.
pub fn seq_state_path(out: &Path) -> PathBuf {
    files::with_suffix(out, ".seq")
}

/// The last seq made for `out`: the larger of the state file's number and
/// the seq of an existing `out` that verifies under `root`.
pub fn last_seq(out: &Path, root: &SigningKey) -> Result<Option<u64>> {
    let state = seq_state_path(out);
    let mut last = None;
    if state.exists() {
        let text = files::read_text(&state)?;
        let n: u64 = text.trim().parse().map_err(|_| IssuerError::Parse {
            path: state.clone(),
            command: "trust-list",
            reason: Localized::new(
                format!("应为一个十进制数字，收到“{}”", text.trim()),
                format!("expected one decimal number, found '{}'", text.trim()),
            ),
        })?;
        last = Some(n);
    }
    if out.exists() {
        let bytes = files::read(out)?;
        if let Ok(tl) = TrustList::decode_verified(&bytes, &[root.verifying_key()]) {
            last = Some(last.map_or(tl.seq, |l: u64| l.max(tl.seq)));
        }
    }
    Ok(last)
}

/// Signs `list` with `root`, refusing a seq not greater than the last made
/// for `out`, writes `out` atomically and records the seq in `OUT.seq`.
/// Returns the file's bytes.
pub fn write_trust_list(list: &TrustList, root: &SigningKey, out: &Path) -> Result<Vec<u8>> {
    if let Some(last) = last_seq(out, root)? {
        if list.seq <= last {
            return Err(IssuerError::SeqNotIncreasing {
                offered: list.seq,
                last,
                next: last + 1,
                state: seq_state_path(out),
            });
        }
    }
    let bytes = list.sign(root);
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        files::create_dir_all(dir)?;
    }
    files::write_replace(out, &bytes, false)?;
    files::write_replace(&seq_state_path(out), format!("{}\n", list.seq).as_bytes(), false)?;
    Ok(bytes)
}
