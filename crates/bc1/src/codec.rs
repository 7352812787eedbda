//! The BC1 decode pipeline (§2–§3) as a chain of small steps, and its inverse.
//!
//! ```text
//! QR text ─trim/prefix─▶ Base45 ─decode─▶ bytes ─inflate (≤16 KiB)─▶ COSE_Sign1 ─parse─▶ CoseSign1
//! ```

use std::io::Read;

use ciborium::Value;
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The prefix of every BC1 QR text.
pub const PREFIX: &str = "BC1:";
/// The longest QR text allowed (§2), in characters.
pub const MAX_QR_TEXT_CHARS: usize = 4296;
/// The largest inflated COSE_Sign1 allowed (§2).
pub const MAX_INFLATED_BYTES: usize = 16 * 1024;
/// COSE header label `alg`.
pub const HEADER_ALG: i64 = 1;
/// COSE header label `kid`.
pub const HEADER_KID: i64 = 4;
/// COSE algorithm identifier of EdDSA (Ed25519).
pub const ALG_EDDSA: i64 = -8;
/// CBOR tag of COSE_Sign1.
pub const TAG_COSE_SIGN1: u64 = 18;

/// A parsed COSE_Sign1 structure (signature not yet checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoseSign1 {
    /// The protected header exactly as received (it is signed as-is).
    pub protected_raw: Vec<u8>,
    /// `alg` from the protected header, if any.
    pub alg: Option<i64>,
    /// `kid`: from the protected header, else from the unprotected one.
    pub kid: Option<Vec<u8>>,
    /// The payload bytes (a CBOR-encoded CWT or trust list).
    pub payload: Vec<u8>,
    /// The 64-byte Ed25519 signature.
    pub signature: [u8; 64],
}

/// Step 1: trims surrounding whitespace (a scanner may append CR/LF), checks
/// the length limit and the `BC1:` prefix, and returns the Base45 part.
pub fn strip_prefix(text: &str) -> Result<&str> {
    let t = text.trim();
    // Count characters only up to the limit: a 10 MB line is refused fast.
    if t.len() > MAX_QR_TEXT_CHARS && t.chars().take(MAX_QR_TEXT_CHARS + 1).count() > MAX_QR_TEXT_CHARS {
        return Err(Error::Malformed(format!("QR text longer than {MAX_QR_TEXT_CHARS} characters")));
    }
    t.strip_prefix(PREFIX)
        .ok_or_else(|| Error::Malformed("the text does not start with \"BC1:\"; it is not a BC1 certificate".into()))
}

/// Folds a QR text that arrived as key presses (a USB scanner in keyboard
/// mode, a paste) back to what the code holds (§2): full-width forms
/// U+FF01–U+FF5E (`：` `％` `＊` `．` `／` `＋` `－` `＄` …) and the
/// ideographic space U+3000 become their ASCII characters; then, when the
/// text holds no upper-case ASCII letter at all (Caps Lock), lower-case
/// letters become upper case. Mixed case is left alone: it is not what Caps
/// Lock does, and the decoder then refuses it as it stands.
///
/// Returns the folded text and whether anything changed. Lossless, as the
/// Base45 alphabet has no lower-case letters and no full-width forms; the
/// signature is still checked on the folded characters, so a fold never
/// makes a text verify that the code's own characters would not.
///
/// For typed text only: never apply it to what a camera or image decoder read.
pub fn fold_typed_text(text: &str) -> (String, bool) {
    let mut out: String = text
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect();
    if !out.bytes().any(|b| b.is_ascii_uppercase()) {
        out.make_ascii_uppercase();
    }
    let folded = out != text;
    (out, folded)
}

/// Step 2: Base45 (RFC 9285) to bytes.
pub fn base45_decode(b45: &str) -> Result<Vec<u8>> {
    base45::decode(b45).map_err(|_| Error::Malformed("not valid Base45".into()))
}

/// Whether `bytes` starts with a zlib (RFC 1950) header.
pub fn is_zlib(bytes: &[u8]) -> bool {
    bytes.len() >= 2
        && bytes[0] & 0x0f == 8
        && bytes[0] >> 4 <= 7
        && (u16::from(bytes[0]) << 8 | u16::from(bytes[1])) % 31 == 0
}

/// Step 3: inflates zlib data, refusing more than [`MAX_INFLATED_BYTES`]
/// without inflating further; data without a zlib header is returned as is.
pub fn inflate(bytes: Vec<u8>) -> Result<Vec<u8>> {
    if !is_zlib(&bytes) {
        if bytes.len() > MAX_INFLATED_BYTES {
            return Err(Error::Malformed(format!("COSE data larger than {MAX_INFLATED_BYTES} bytes")));
        }
        return Ok(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len() * 2);
    let dec = flate2::read::ZlibDecoder::new(&bytes[..]);
    dec.take(MAX_INFLATED_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| Error::Malformed(format!("zlib data is corrupt ({e})")))?;
    if out.len() > MAX_INFLATED_BYTES {
        return Err(Error::Malformed(format!("inflated size exceeds {MAX_INFLATED_BYTES} bytes")));
    }
    Ok(out)
}

/// Decodes exactly one CBOR item that fills all of `bytes`.
pub fn cbor_decode(bytes: &[u8]) -> Result<Value> {
    cbor_decode_bounded(bytes, CBOR_MAX_ITEMS, CBOR_MAX_DEPTH)
}

/// Most CBOR data items [`cbor_decode`] accepts in one input.
pub const CBOR_MAX_ITEMS: usize = 1 << 20;
/// Deepest nesting of arrays, maps and tags [`cbor_decode`] accepts.
pub const CBOR_MAX_DEPTH: usize = 32;

/// Decodes exactly one CBOR item, after checking its structure without
/// building anything ([`cbor_scan`]): at most `max_items` items nested at
/// most `max_depth` deep, every length within the input. A hostile input
/// therefore costs neither a deep recursion nor a value tree larger than
/// what the caller allowed.
pub fn cbor_decode_bounded(bytes: &[u8], max_items: usize, max_depth: usize) -> Result<Value> {
    let end = cbor_scan(bytes, max_items, max_depth)?;
    if end != bytes.len() {
        return Err(Error::Malformed(format!("{} trailing bytes after the CBOR item", bytes.len() - end)));
    }
    cbor_decode_unbounded(bytes)
}

/// Walks the structure of the CBOR item at the start of `bytes` (item heads
/// only; nothing is allocated but a stack of at most `max_depth` entries)
/// and returns where it ends. Refuses more than `max_items` items, nesting
/// deeper than `max_depth`, lengths past the end, reserved and stray codes.
pub fn cbor_scan(bytes: &[u8], max_items: usize, max_depth: usize) -> Result<usize> {
    enum Frame {
        /// Items still to come in a definite-length array, map (2 per pair) or tag (1).
        Left(u64),
        /// An indefinite-length array, map or string: until a break (0xff).
        Open,
    }
    let bad = |s: &str| Error::Malformed(format!("invalid CBOR ({s})"));
    let mut stack: Vec<Frame> = Vec::new();
    let mut pos = 0usize;
    let mut items = 0usize;
    loop {
        let b = *bytes.get(pos).ok_or_else(|| bad("truncated"))?;
        pos += 1;
        if b == 0xff {
            match stack.pop() {
                Some(Frame::Open) => {}
                _ => return Err(bad("a break code outside an indefinite-length item")),
            }
        } else {
            items += 1;
            if items > max_items {
                return Err(bad(&format!("more than {max_items} data items")));
            }
            let (major, ai) = (b >> 5, b & 31);
            let arg = match ai {
                0..=23 => Some(ai as u64),
                24..=27 => {
                    let n = 1usize << (ai - 24);
                    let a = bytes.get(pos..pos + n).ok_or_else(|| bad("truncated"))?;
                    pos += n;
                    Some(a.iter().fold(0u64, |acc, &x| (acc << 8) | x as u64))
                }
                31 => None,
                _ => return Err(bad("reserved additional information")),
            };
            let left = (bytes.len() - pos) as u64;
            let push = |stack: &mut Vec<Frame>, f: Frame| {
                if stack.len() >= max_depth {
                    return Err(bad(&format!("nested more than {max_depth} deep")));
                }
                stack.push(f);
                Ok(())
            };
            match (major, arg) {
                (0 | 1 | 7, Some(_)) => {}
                (2 | 3, Some(n)) => {
                    if n > left {
                        return Err(bad("a string longer than the input"));
                    }
                    pos += n as usize;
                }
                (2..=5, None) => {
                    push(&mut stack, Frame::Open)?;
                    continue;
                }
                (4 | 5, Some(n)) => {
                    let n = if major == 5 { n.saturating_mul(2) } else { n };
                    if n > left {
                        return Err(bad("more elements than bytes left"));
                    }
                    if n > 0 {
                        push(&mut stack, Frame::Left(n))?;
                        continue;
                    }
                }
                (6, Some(_)) => {
                    push(&mut stack, Frame::Left(1))?;
                    continue;
                }
                _ => return Err(bad("an indefinite length on a number, tag or simple value")),
            }
        }
        // One item is complete: count it against the open definite frames.
        loop {
            match stack.last_mut() {
                None => return Ok(pos),
                Some(Frame::Open) => break,
                Some(Frame::Left(k)) => {
                    *k -= 1;
                    if *k == 0 {
                        stack.pop();
                    } else {
                        break;
                    }
                }
            }
        }
    }
}

fn cbor_decode_unbounded(bytes: &[u8]) -> Result<Value> {
    let mut rest = bytes;
    let v: Value = ciborium::de::from_reader(&mut rest).map_err(|e| Error::Malformed(format!("invalid CBOR ({e})")))?;
    if !rest.is_empty() {
        return Err(Error::Malformed(format!("{} trailing bytes after the CBOR item", rest.len())));
    }
    Ok(v)
}

/// Encodes a CBOR value.
pub fn cbor_encode(v: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::ser::into_writer(v, &mut out).expect("writing CBOR to a Vec cannot fail");
    out
}

fn header_int(m: &[(Value, Value)], label: i64) -> Option<&Value> {
    crate::cert::cbor::int_key(m, label)
}

/// Most CBOR items in a COSE_Sign1 envelope, or in its protected header.
const COSE_MAX_ITEMS: usize = 256;

/// Step 4: parses a COSE_Sign1, tagged (18) or untagged. A missing or
/// non-EdDSA `alg` in the protected header is [`Error::UnsupportedAlgorithm`].
pub fn parse_cose_sign1(bytes: &[u8]) -> Result<CoseSign1> {
    // The envelope is a handful of items (the payload is one byte string):
    // refuse anything bigger before building a value of it.
    let mut v = cbor_decode_bounded(bytes, COSE_MAX_ITEMS, 8)?;
    if let Value::Tag(tag, inner) = v {
        if tag != TAG_COSE_SIGN1 {
            return Err(Error::Malformed(format!("CBOR tag {tag} is not COSE_Sign1 (18)")));
        }
        v = *inner;
    }
    let Value::Array(items) = v else { return Err(Error::Malformed("COSE_Sign1 must be an array".into())) };
    let [protected, unprotected, payload, signature]: [Value; 4] =
        items.try_into().map_err(|_| Error::Malformed("COSE_Sign1 must have 4 elements".into()))?;
    let Value::Bytes(protected_raw) = protected else {
        return Err(Error::Malformed("COSE protected header must be a byte string".into()));
    };
    let protected_map: Vec<(Value, Value)> = if protected_raw.is_empty() {
        Vec::new()
    } else {
        match cbor_decode_bounded(&protected_raw, COSE_MAX_ITEMS, 4)? {
            Value::Map(m) => m,
            _ => return Err(Error::Malformed("COSE protected header must encode a map".into())),
        }
    };
    let Value::Map(unprotected_map) = unprotected else {
        return Err(Error::Malformed("COSE unprotected header must be a map".into()));
    };
    let Value::Bytes(payload) = payload else {
        return Err(Error::Malformed("COSE payload must be a byte string".into()));
    };
    let Value::Bytes(sig) = signature else {
        return Err(Error::Malformed("COSE signature must be a byte string".into()));
    };
    let signature: [u8; 64] =
        sig.try_into().map_err(|s: Vec<u8>| Error::Malformed(format!("signature is {} bytes, not 64", s.len())))?;

    let kid_of = |m: &[(Value, Value)]| -> Result<Option<Vec<u8>>> {
        match header_int(m, HEADER_KID) {
            None => Ok(None),
            Some(Value::Bytes(b)) => Ok(Some(b.clone())),
            Some(_) => Err(Error::Malformed("kid must be a byte string".into())),
        }
    };
    let kid = match kid_of(&protected_map)? {
        Some(k) => Some(k),
        None => kid_of(&unprotected_map)?,
    };
    let alg = match header_int(&protected_map, HEADER_ALG) {
        None => None,
        Some(Value::Integer(i)) => i64::try_from(i128::from(*i)).ok(),
        Some(_) => return Err(Error::UnsupportedAlgorithm("alg is not an integer".into())),
    };
    match alg {
        Some(ALG_EDDSA) => {}
        Some(a) => return Err(Error::UnsupportedAlgorithm(format!("alg {a}; only -8 (EdDSA/Ed25519) is allowed"))),
        None => return Err(Error::UnsupportedAlgorithm("no alg in the protected header".into())),
    }
    Ok(CoseSign1 { protected_raw, alg, kid, payload, signature })
}

/// The bytes signed by COSE_Sign1: `["Signature1", protected, h'', payload]`.
pub fn sig_structure(protected_raw: &[u8], payload: &[u8]) -> Vec<u8> {
    cbor_encode(&Value::Array(vec![
        Value::Text("Signature1".into()),
        Value::Bytes(protected_raw.to_vec()),
        Value::Bytes(Vec::new()),
        Value::Bytes(payload.to_vec()),
    ]))
}

impl CoseSign1 {
    /// Strict Ed25519 verification (rejects non-canonical and small-order inputs).
    pub fn verify_with(&self, key: &VerifyingKey) -> bool {
        let sig = ed25519_dalek::Signature::from_bytes(&self.signature);
        key.verify_strict(&sig_structure(&self.protected_raw, &self.payload), &sig).is_ok()
    }
}

/// kid of a public key: the first 8 bytes of SHA-256 of the 32 raw bytes.
pub fn key_id(public: &[u8; 32]) -> [u8; 8] {
    let h = Sha256::digest(public);
    let mut kid = [0u8; 8];
    kid.copy_from_slice(&h[..8]);
    kid
}

/// First 16 bytes of SHA-256 of a UTF-8 string (for `rl` / `rr`, §5).
pub fn hash16(s: &str) -> [u8; 16] {
    let h = Sha256::digest(s.as_bytes());
    let mut out = [0u8; 16];
    out.copy_from_slice(&h[..16]);
    out
}

/// Signs `payload` as a tagged COSE_Sign1 with `{1: -8, 4: kid}` protected.
pub fn sign_cose_sign1(payload: Vec<u8>, key: &SigningKey) -> Vec<u8> {
    let kid = key_id(&key.verifying_key().to_bytes());
    let protected_raw = cbor_encode(&Value::Map(vec![
        (Value::Integer(HEADER_ALG.into()), Value::Integer(ALG_EDDSA.into())),
        (Value::Integer(HEADER_KID.into()), Value::Bytes(kid.to_vec())),
    ]));
    let sig = key.sign(&sig_structure(&protected_raw, &payload));
    cbor_encode(&Value::Tag(
        TAG_COSE_SIGN1,
        Box::new(Value::Array(vec![
            Value::Bytes(protected_raw),
            Value::Map(Vec::new()),
            Value::Bytes(payload),
            Value::Bytes(sig.to_bytes().to_vec()),
        ])),
    ))
}

/// zlib-compresses (best compression) and Base45-encodes COSE bytes into QR text.
pub fn to_qr_text(cose: &[u8]) -> String {
    use std::io::Write;
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(cose).expect("writing to a Vec cannot fail");
    let z = enc.finish().expect("writing to a Vec cannot fail");
    format!("{PREFIX}{}", base45::encode(z))
}

/// Steps 1–4 in one call: QR text to a parsed COSE_Sign1.
pub fn decode_qr_text(text: &str) -> Result<CoseSign1> {
    let b45 = strip_prefix(text)?;
    let raw = base45_decode(b45)?;
    let cose = inflate(raw)?;
    parse_cose_sign1(&cose)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SigningKey {
        SigningKey::from_bytes(&Sha256::digest(b"issuer-public").into())
    }

    #[test]
    fn prefix_and_whitespace() {
        assert_eq!(strip_prefix("  BC1:ABC\r\n").unwrap(), "ABC");
        assert!(matches!(strip_prefix("HC1:ABC"), Err(Error::Malformed(_))));
        assert!(matches!(strip_prefix("bc1:ABC"), Err(Error::Malformed(_))));
        assert!(matches!(strip_prefix("xBC1:ABC"), Err(Error::Malformed(_))));
        let long = format!("BC1:{}", "A".repeat(MAX_QR_TEXT_CHARS - 4));
        assert!(strip_prefix(&long).is_ok(), "exactly 4,296 characters is allowed");
        let too_long = format!("BC1:{}", "A".repeat(MAX_QR_TEXT_CHARS - 3));
        assert!(strip_prefix(&too_long).is_err(), "4,297 characters is refused");
    }

    #[test]
    fn base45_rejects_bad_alphabet() {
        assert_eq!(base45_decode("%69 VD92EX0").unwrap(), b"Hello!!");
        assert!(base45_decode("abc").is_err());
        assert!(base45_decode("GGW").is_err(), "value over 65535");
    }

    #[test]
    fn inflate_limit_and_passthrough() {
        use std::io::Write;
        let z = |data: &[u8]| {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        };
        assert_eq!(inflate(z(&[7u8; MAX_INFLATED_BYTES])).unwrap().len(), MAX_INFLATED_BYTES);
        assert!(inflate(z(&[7u8; MAX_INFLATED_BYTES + 1])).is_err());
        // A bomb: 100 MB of zeros compresses to ~100 KB; refused after 16 KiB.
        let bomb = z(&vec![0u8; 20_000_000]);
        let t = std::time::Instant::now();
        assert!(inflate(bomb).is_err());
        assert!(t.elapsed().as_secs() < 5);
        // Uncompressed COSE (0xD2 tag or 0x84 array) passes through.
        assert_eq!(inflate(vec![0xd2, 0x84]).unwrap(), vec![0xd2, 0x84]);
        assert!(!is_zlib(&[0xd2, 0x84]));
        assert!(is_zlib(&[0x78, 0xda]));
        // Corrupt zlib body.
        assert!(inflate(vec![0x78, 0x9c, 0xff, 0xff, 0xff]).is_err());
    }

    #[test]
    fn cose_round_trip_tagged_and_untagged() {
        let k = key();
        let cose = sign_cose_sign1(b"payload".to_vec(), &k);
        let p = parse_cose_sign1(&cose).unwrap();
        assert_eq!(p.kid.as_deref(), Some(&key_id(&k.verifying_key().to_bytes())[..]));
        assert!(p.verify_with(&k.verifying_key()));
        // Untagged: strip the tag byte 0xD2.
        assert_eq!(cose[0], 0xd2);
        let p2 = parse_cose_sign1(&cose[1..]).unwrap();
        assert!(p2.verify_with(&k.verifying_key()));
        // Another tag is refused.
        let mut other = cose.clone();
        other[0] = 0xd1;
        assert!(matches!(parse_cose_sign1(&other), Err(Error::Malformed(_))));
    }

    fn build(protected: Value, unprotected: Value, sig_len: usize) -> Vec<u8> {
        let p = cbor_encode(&protected);
        cbor_encode(&Value::Array(vec![
            Value::Bytes(p),
            unprotected,
            Value::Bytes(vec![1]),
            Value::Bytes(vec![0; sig_len]),
        ]))
    }

    fn int(i: i64) -> Value {
        Value::Integer(i.into())
    }

    #[test]
    fn alg_and_kid_rules() {
        let kid_a = Value::Bytes(vec![0xaa; 8]);
        let kid_b = Value::Bytes(vec![0xbb; 8]);
        // alg missing
        let e = parse_cose_sign1(&build(Value::Map(vec![(int(4), kid_a.clone())]), Value::Map(vec![]), 64));
        assert!(matches!(e, Err(Error::UnsupportedAlgorithm(_))));
        // alg -7 (ES256)
        let e = parse_cose_sign1(&build(Value::Map(vec![(int(1), int(-7))]), Value::Map(vec![]), 64));
        assert!(matches!(e, Err(Error::UnsupportedAlgorithm(_))));
        // alg only in the unprotected header does not count
        let e = parse_cose_sign1(&build(Value::Map(vec![]), Value::Map(vec![(int(1), int(-8))]), 64));
        assert!(matches!(e, Err(Error::UnsupportedAlgorithm(_))));
        // kid in the unprotected header is used
        let p = parse_cose_sign1(&build(
            Value::Map(vec![(int(1), int(-8))]),
            Value::Map(vec![(int(4), kid_b.clone())]),
            64,
        ))
        .unwrap();
        assert_eq!(p.kid, Some(vec![0xbb; 8]));
        // the protected kid wins
        let p = parse_cose_sign1(&build(
            Value::Map(vec![(int(1), int(-8)), (int(4), kid_a)]),
            Value::Map(vec![(int(4), kid_b)]),
            64,
        ))
        .unwrap();
        assert_eq!(p.kid, Some(vec![0xaa; 8]));
        // signature length
        let e = parse_cose_sign1(&build(Value::Map(vec![(int(1), int(-8))]), Value::Map(vec![]), 63));
        assert!(matches!(e, Err(Error::Malformed(_))));
    }

    #[test]
    fn trailing_bytes_refused() {
        let mut cose = sign_cose_sign1(b"x".to_vec(), &key());
        cose.push(0);
        assert!(matches!(parse_cose_sign1(&cose), Err(Error::Malformed(_))));
    }

    #[test]
    fn kid_and_hash16() {
        let k = key();
        let pubk = k.verifying_key().to_bytes();
        assert_eq!(hex::encode(pubk), "e644ad8e9670f1a361613e0bad8458323d62d423ec2315301de289974c4fd39d");
        assert_eq!(key_id(&pubk).len(), 8);
        assert_eq!(hex::encode(hash16("abc")), "ba7816bf8f01cfea414140de5dae2223");
    }
}
