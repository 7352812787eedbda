//! Trust lists (BC1 §5): a COSE_Sign1 signed by a pinned root key listing
//! the issuer keys, revoked e-certificates and cancelled registrations.

use ciborium::Value;
use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::cert::cbor::{as_map, int, str_key, text};
use crate::codec::{cbor_decode_bounded, cbor_encode, hash16, key_id, parse_cose_sign1, sign_cose_sign1};
use crate::error::{Error, Result, TrustListError};

/// The largest trust-list file accepted, checked before anything is decoded.
/// A list with 1,000 keys is about 150 KiB; each revoked certificate or
/// cancelled registration takes 18 bytes, so 4 MiB still holds some 200,000
/// of them.
pub const MAX_TRUST_LIST_BYTES: usize = 4 * 1024 * 1024;
/// Most CBOR items in a trust list's payload (decoded only after its
/// signature verified).
const MAX_TRUST_LIST_ITEMS: usize = 1 << 20;
/// Deepest nesting in a trust list's payload (it needs 3: map, array, map).
const MAX_TRUST_LIST_DEPTH: usize = 8;

/// One issuer key in a trust list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrustedKey {
    /// kid (first 8 bytes of SHA-256 of `pub`).
    #[serde(with = "hex_bytes")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub kid: [u8; 8],
    /// Raw Ed25519 public key.
    #[serde(rename = "pub", with = "hex_bytes")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub public: [u8; 32],
    /// Issuing authority name, compared with the certificate's `iss`.
    pub iss: String,
    /// Seal name shown to users.
    pub seal: String,
    /// Certificates signed by this key must have `nbf ≤ iat`.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub nbf: i64,
    /// Certificates signed by this key must have `iat ≤ exp`.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub exp: i64,
    /// When present, every certificate signed by this key is invalid.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub revoked: Option<i64>,
}

/// A decoded, verified trust list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustList {
    /// Strictly increasing publication number.
    pub seq: u64,
    /// Epoch seconds of publication.
    pub issued: i64,
    /// Epoch seconds before which a newer list is promised.
    pub next: i64,
    /// Trusted issuer keys.
    pub keys: Vec<TrustedKey>,
    /// Truncated hashes of revoked lids.
    #[serde(skip)]
    pub rl: Vec<[u8; 16]>,
    /// Truncated hashes of cancelled registration numbers.
    #[serde(skip)]
    pub rr: Vec<[u8; 16]>,
    /// kid of the root key that signed the list (hex).
    pub root_kid: String,
    /// The file's bytes as accepted.
    #[serde(skip)]
    pub raw: Vec<u8>,
    /// Signed by a root the user pinned as a demo root (演示), or loaded in
    /// the demo profile: every verdict resting on this list is a demo
    /// verdict and must say so. Not part of the signed list: whoever loads
    /// the list sets it from what the user pinned.
    #[serde(default)]
    pub demo: bool,
}

mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer, const N: usize>(b: &[u8; N], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(b))
    }
    pub fn deserialize<'de, D: Deserializer<'de>, const N: usize>(d: D) -> Result<[u8; N], D::Error> {
        let s = String::deserialize(d)?;
        let v = hex::decode(s).map_err(serde::de::Error::custom)?;
        v.try_into().map_err(|_| serde::de::Error::custom("wrong length"))
    }
}

fn tl_err(s: impl Into<String>) -> Error {
    Error::TrustList(TrustListError::Malformed(s.into()))
}

/// Parses a 64-character hex string into an Ed25519 public key.
pub fn parse_root_key(hex_str: &str) -> Result<VerifyingKey> {
    let bytes = hex::decode(hex_str.trim()).map_err(|_| tl_err("a root key must be 64 hexadecimal characters"))?;
    let arr: [u8; 32] =
        bytes.try_into().map_err(|_| tl_err("a root key must be 64 hexadecimal characters (32 bytes)"))?;
    VerifyingKey::from_bytes(&arr).map_err(|_| tl_err("not a valid Ed25519 public key"))
}

impl TrustList {
    /// Decodes `bytes` and verifies them under one of the pinned `roots`.
    /// Errors are [`Error::TrustList`].
    ///
    /// Hostile files are refused cheaply: over [`MAX_TRUST_LIST_BYTES`]
    /// before anything is decoded; the COSE envelope is decoded only when it
    /// is a handful of items (the payload stays one byte string); the root
    /// signature is checked over the raw payload bytes; only then is the
    /// payload decoded, bounded in items and nesting.
    pub fn decode_verified(bytes: &[u8], roots: &[VerifyingKey]) -> Result<TrustList> {
        if bytes.len() > MAX_TRUST_LIST_BYTES {
            return Err(tl_err(format!("file larger than {} MiB", MAX_TRUST_LIST_BYTES >> 20)));
        }
        let cose = parse_cose_sign1(bytes).map_err(|e| tl_err(e.to_string()))?;
        let kid = cose.kid.clone().unwrap_or_default();
        let candidates: Vec<&VerifyingKey> = roots.iter().filter(|r| key_id(&r.to_bytes())[..] == kid[..]).collect();
        if candidates.is_empty() {
            return Err(Error::TrustList(TrustListError::UnknownRoot(hex::encode(&kid))));
        }
        if !candidates.iter().any(|r| cose.verify_with(r)) {
            return Err(Error::TrustList(TrustListError::SignatureInvalid));
        }
        let mut tl = Self::from_payload(&cose.payload).map_err(|e| match e {
            Error::Malformed(s) => tl_err(s),
            other => other,
        })?;
        tl.root_kid = hex::encode(&kid);
        tl.raw = bytes.to_vec();
        Ok(tl)
    }

    /// Parses a trust list's payload WITHOUT any signature check: only for
    /// fuzzing the content parser (feature `fuzzing`, never in a release).
    #[cfg(feature = "fuzzing")]
    pub fn from_payload_unverified(payload: &[u8]) -> Result<TrustList> {
        Self::from_payload(payload)
    }

    fn from_payload(payload: &[u8]) -> Result<TrustList> {
        let v = cbor_decode_bounded(payload, MAX_TRUST_LIST_ITEMS, MAX_TRUST_LIST_DEPTH)?;
        let m = as_map(&v, "trust list")?;
        let get = |k: &str| str_key(m, k).ok_or_else(|| tl_err(format!("required key {k} is missing")));
        if int(get("v")?, "v")? != 1 {
            return Err(tl_err("version v must be 1"));
        }
        let seq = u64::try_from(int(get("seq")?, "seq")?).map_err(|_| tl_err("seq must be an unsigned integer"))?;
        let issued = int(get("issued")?, "issued")?;
        let next = int(get("next")?, "next")?;
        let Value::Array(keys_v) = get("keys")? else { return Err(tl_err("keys must be an array")) };
        let mut keys = Vec::with_capacity(keys_v.len().min(1 << 16));
        for k in keys_v {
            let km = as_map(k, "key entry")?;
            let g = |f: &str| str_key(km, f).ok_or_else(|| tl_err(format!("key entry misses {f}")));
            let kid: [u8; 8] = bytes_n(g("kid")?, "kid")?;
            let public: [u8; 32] = bytes_n(g("pub")?, "pub")?;
            if key_id(&public) != kid {
                return Err(tl_err(format!("kid {} does not match its public key", hex::encode(kid))));
            }
            let revoked = match str_key(km, "revoked") {
                None => None,
                Some(r) => Some(int(r, "revoked")?),
            };
            keys.push(TrustedKey {
                kid,
                public,
                iss: text(g("iss")?, "iss")?,
                seal: text(g("seal")?, "seal")?,
                nbf: int(g("nbf")?, "nbf")?,
                exp: int(g("exp")?, "exp")?,
                revoked,
            });
        }
        let hashes = |k: &str| -> Result<Vec<[u8; 16]>> {
            match get(k)? {
                Value::Array(a) => a.iter().map(|h| bytes_n::<16>(h, k)).collect(),
                _ => Err(tl_err(format!("{k} must be an array"))),
            }
        };
        let mut rl = hashes("rl")?;
        let mut rr = hashes("rr")?;
        rl.sort_unstable();
        rr.sort_unstable();
        Ok(TrustList { seq, issued, next, keys, rl, rr, root_kid: String::new(), raw: Vec::new(), demo: false })
    }

    /// Encodes and signs a trust list with a root key (used by issuers and tests).
    pub fn sign(&self, root: &SigningKey) -> Vec<u8> {
        let t = |s: &str| Value::Text(s.to_string());
        let i = |n: i64| Value::Integer(n.into());
        let keys = self
            .keys
            .iter()
            .map(|k| {
                let mut m = vec![
                    (t("kid"), Value::Bytes(k.kid.to_vec())),
                    (t("pub"), Value::Bytes(k.public.to_vec())),
                    (t("iss"), t(&k.iss)),
                    (t("seal"), t(&k.seal)),
                    (t("nbf"), i(k.nbf)),
                    (t("exp"), i(k.exp)),
                ];
                if let Some(r) = k.revoked {
                    m.push((t("revoked"), i(r)));
                }
                Value::Map(m)
            })
            .collect();
        let hashes = |h: &[[u8; 16]]| Value::Array(h.iter().map(|x| Value::Bytes(x.to_vec())).collect());
        let payload = Value::Map(vec![
            (t("v"), i(1)),
            (t("seq"), Value::Integer(self.seq.into())),
            (t("issued"), i(self.issued)),
            (t("next"), i(self.next)),
            (t("keys"), Value::Array(keys)),
            (t("rl"), hashes(&self.rl)),
            (t("rr"), hashes(&self.rr)),
        ]);
        sign_cose_sign1(cbor_encode(&payload), root)
    }

    /// Whether the e-certificate with this lid is revoked.
    pub fn is_revoked_lid(&self, lid: &str) -> bool {
        self.rl.binary_search(&hash16(lid)).is_ok()
    }

    /// Whether the registration with this number is cancelled.
    pub fn is_cancelled_reg(&self, reg: &str) -> bool {
        self.rr.binary_search(&hash16(reg)).is_ok()
    }

    /// The keys whose kid equals `kid` (a kid is a hint: several may match).
    pub fn keys_with_kid(&self, kid: &[u8]) -> Vec<&TrustedKey> {
        self.keys.iter().filter(|k| k.kid[..] == *kid).collect()
    }

    /// A new list with `keys` made from public keys (helper for issuers and tests).
    pub fn key_entry(public: &VerifyingKey, iss: &str, seal: &str, nbf: i64, exp: i64) -> TrustedKey {
        let p = public.to_bytes();
        TrustedKey { kid: key_id(&p), public: p, iss: iss.into(), seal: seal.into(), nbf, exp, revoked: None }
    }
}

fn bytes_n<const N: usize>(v: &Value, k: &str) -> Result<[u8; N]> {
    match v {
        Value::Bytes(b) => b.clone().try_into().map_err(|_| tl_err(format!("{k} must be {N} bytes"))),
        _ => Err(tl_err(format!("{k} must be a byte string"))),
    }
}

/// What to do with an offered trust list, given the one kept (§5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrustUpdate {
    /// Nothing kept yet, or a greater seq: replace.
    Replace,
    /// The same seq with the same bytes: nothing to do.
    NoOp,
}

/// The §5 replacement rule as a pure function over `(seq, bytes)` pairs.
/// A lower seq is a rollback; the same seq with other bytes is a conflict.
pub fn decide_update(kept: Option<(u64, &[u8])>, offered: (u64, &[u8])) -> Result<TrustUpdate> {
    match kept {
        None => Ok(TrustUpdate::Replace),
        Some((kseq, kbytes)) => {
            if offered.0 > kseq {
                Ok(TrustUpdate::Replace)
            } else if offered.0 < kseq {
                Err(Error::TrustList(TrustListError::Rollback { offered: offered.0, kept: kseq }))
            } else if offered.1 == kbytes {
                Ok(TrustUpdate::NoOp)
            } else {
                Err(Error::TrustList(TrustListError::Conflict(kseq)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    fn sk(seed: &str) -> SigningKey {
        SigningKey::from_bytes(&Sha256::digest(seed.as_bytes()).into())
    }

    fn sample(seq: u64) -> TrustList {
        let issuer = sk("issuer-public");
        TrustList {
            seq,
            issued: 1_767_196_800,
            next: 1_800_000_000,
            keys: vec![TrustList::key_entry(&issuer.verifying_key(), "部", "章", 0, 2_000_000_000)],
            rl: vec![hash16("lid-1")],
            rr: vec![hash16("京1110020230000001")],
            root_kid: String::new(),
            raw: Vec::new(),
            demo: false,
        }
    }

    #[test]
    fn sign_and_verify_round_trip() {
        let root = sk("root-public");
        let bytes = sample(3).sign(&root);
        let tl = TrustList::decode_verified(&bytes, &[root.verifying_key()]).unwrap();
        assert_eq!(tl.seq, 3);
        assert!(tl.is_revoked_lid("lid-1"));
        assert!(!tl.is_revoked_lid("lid-2"));
        assert!(tl.is_cancelled_reg("京1110020230000001"));
        assert_eq!(tl.raw, bytes);
    }

    #[test]
    fn wrong_root_and_forgery_refused() {
        let root = sk("root-public");
        let other = sk("someone-else");
        let bytes = sample(3).sign(&other);
        assert!(matches!(
            TrustList::decode_verified(&bytes, &[root.verifying_key()]),
            Err(Error::TrustList(TrustListError::UnknownRoot(_)))
        ));
        // Same kid, flipped payload byte → signature invalid.
        let mut forged = sample(3).sign(&root);
        let n = forged.len();
        forged[n - 70] ^= 1;
        assert!(matches!(
            TrustList::decode_verified(&forged, &[root.verifying_key()]),
            Err(Error::TrustList(TrustListError::SignatureInvalid))
                | Err(Error::TrustList(TrustListError::Malformed(_)))
        ));
    }

    #[test]
    fn oversize_refused_before_decoding() {
        let root = sk("root-public");
        // Not even CBOR: refused on its size alone.
        let big = vec![0u8; MAX_TRUST_LIST_BYTES + 1];
        match TrustList::decode_verified(&big, &[root.verifying_key()]) {
            Err(Error::TrustList(TrustListError::Malformed(m))) => assert!(m.contains("MiB"), "{m}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn hostile_envelopes_refused_before_the_signature() {
        let root = sk("root-public");
        let roots = [root.verifying_key()];
        // 100,000 nested arrays, and a huge unprotected header map: refused
        // by the bounded scan, before any value tree is built.
        let mut deep = vec![0xd2u8]; // tag 18
        deep.extend(std::iter::repeat_n(0x81u8, 100_000));
        deep.push(0x00);
        let mut wide = vec![0xd2, 0x84, 0x40, 0xba, 0x00, 0x0f, 0x42, 0x40]; // map of 1,000,000 pairs
        wide.extend(std::iter::repeat_n(0x00u8, 2_000_000));
        wide.extend([0x40, 0x40]);
        for bytes in [deep, wide] {
            match TrustList::decode_verified(&bytes, &roots) {
                Err(Error::TrustList(TrustListError::Malformed(m))) => assert!(m.contains("CBOR"), "{m}"),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn signed_but_deeply_nested_payload_refused() {
        let root = sk("root-public");
        let mut payload = vec![0xa1u8, 0x61, b'v']; // {"v": [[[[…]]]]}
        payload.extend(std::iter::repeat_n(0x81u8, 1_000));
        payload.push(0x01);
        let bytes = sign_cose_sign1(payload, &root);
        match TrustList::decode_verified(&bytes, &[root.verifying_key()]) {
            Err(Error::TrustList(TrustListError::Malformed(m))) => assert!(m.contains("nested"), "{m}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_list_with_1000_keys_and_100000_revocations_is_accepted() {
        let root = sk("root-public");
        let mut tl = sample(7);
        tl.keys = (0..1000)
            .map(|i| {
                let k = sk(&format!("issuer-{i}"));
                TrustList::key_entry(&k.verifying_key(), "住房和城乡建设部", "电子证书专用章", 0, 2_000_000_000)
            })
            .collect();
        tl.rl = (0..100_000).map(|i| hash16(&format!("lid-{i}"))).collect();
        let bytes = tl.sign(&root);
        assert!(bytes.len() < MAX_TRUST_LIST_BYTES, "{}", bytes.len());
        let got = TrustList::decode_verified(&bytes, &[root.verifying_key()]).unwrap();
        assert_eq!(got.keys.len(), 1000);
        assert_eq!(got.rl.len(), 100_000);
    }

    #[test]
    fn kid_must_match_pub() {
        let root = sk("root-public");
        let mut tl = sample(1);
        tl.keys[0].kid = [0; 8];
        let bytes = tl.sign(&root);
        assert!(matches!(
            TrustList::decode_verified(&bytes, &[root.verifying_key()]),
            Err(Error::TrustList(TrustListError::Malformed(_)))
        ));
    }

    #[test]
    fn update_rule() {
        let a = [1u8, 2, 3];
        let b = [1u8, 2, 4];
        assert_eq!(decide_update(None, (1, &a)).unwrap(), TrustUpdate::Replace);
        assert_eq!(decide_update(Some((1, &a)), (2, &b)).unwrap(), TrustUpdate::Replace);
        assert_eq!(decide_update(Some((2, &a)), (2, &a)).unwrap(), TrustUpdate::NoOp);
        assert!(matches!(decide_update(Some((2, &a)), (2, &b)), Err(Error::TrustList(TrustListError::Conflict(2)))));
        assert!(matches!(
            decide_update(Some((2, &a)), (1, &b)),
            Err(Error::TrustList(TrustListError::Rollback { offered: 1, kept: 2 }))
        ));
    }

    #[test]
    fn root_key_parsing() {
        let k = parse_root_key("20e317b4d42a43f5b7c91ca19bf9d3d3ea37d76a474b3e539753cff0acec4186").unwrap();
        assert_eq!(k.to_bytes(), sk("root-public").verifying_key().to_bytes());
        assert!(parse_root_key("20e3").is_err());
        assert!(parse_root_key("zz").is_err());
    }
}
