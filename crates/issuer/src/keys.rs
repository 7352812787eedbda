//! Ed25519 key files.
//!
//! - Private key: `PREFIX.key.pem`, PKCS#8 v1 PEM (RFC 8410, `-----BEGIN
//!   PRIVATE KEY-----`), unencrypted, created with mode 0600 on Unix. OpenSSL
//!   reads it (`openssl pkey -in PREFIX.key.pem -noout -text`).
//! - Public key: `PREFIX.pub.hex`, the 32-byte raw public key as 64 lower-case
//!   hexadecimal characters and a newline — the form BC1 root keys are pinned in.
//!
//! The kid (BC1 §3) is the first 8 bytes of SHA-256 of the raw public key.

use std::path::{Path, PathBuf};

use buildcert_bc1::codec::key_id;
use buildcert_bc1::Localized;
use ed25519_dalek::pkcs8::{spki::der::pem::LineEnding, DecodePrivateKey, EncodePrivateKey};
use ed25519_dalek::{SigningKey, VerifyingKey};

use crate::error::{IssuerError, Result};
use crate::files;

/// What a key is for. Both are Ed25519 keys in the same file format; the kind
/// only changes what is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum KeyKind {
    /// 根密钥: signs trust lists; its public key is pinned in verifiers.
    Root,
    /// 签发密钥: signs certificates; listed in a trust list.
    #[default]
    Issuer,
}

impl KeyKind {
    /// 根密钥 / root key, 签发密钥 / issuer key.
    pub fn label(self) -> &'static str {
        match self {
            KeyKind::Root => "根密钥 / root key",
            KeyKind::Issuer => "签发密钥 / issuer key",
        }
    }
}

/// The files a key pair was written to.
#[derive(Debug, Clone)]
pub struct KeyFiles {
    /// `PREFIX.key.pem`.
    pub private: PathBuf,
    /// `PREFIX.pub.hex`.
    pub public: PathBuf,
    /// The public key.
    pub verifying: VerifyingKey,
}

/// A new key from the operating system's random number generator.
pub fn generate() -> SigningKey {
    SigningKey::generate(&mut rand_core::OsRng)
}

/// The PKCS#8 PEM text of a private key.
pub fn private_pem(key: &SigningKey) -> Result<String> {
    key.to_pkcs8_pem(LineEnding::LF).map(|z| z.to_string()).map_err(|e| IssuerError::Key {
        path: PathBuf::from("(new key)"),
        reason: Localized::new(e.to_string(), e.to_string()),
    })
}

/// `hex(pub)` and a newline.
pub fn public_hex(key: &VerifyingKey) -> String {
    format!("{}\n", hex::encode(key.to_bytes()))
}

/// The kid of a public key, hex.
pub fn kid_hex(key: &VerifyingKey) -> String {
    hex::encode(key_id(&key.to_bytes()))
}

/// Writes `PREFIX.key.pem` (mode 0600) and `PREFIX.pub.hex`, refusing to
/// overwrite either. The private key is never printed.
pub fn write_key_pair(prefix: &Path, key: &SigningKey) -> Result<KeyFiles> {
    let private = files::with_suffix(prefix, ".key.pem");
    let public = files::with_suffix(prefix, ".pub.hex");
    for p in [&private, &public] {
        if p.exists() {
            return Err(IssuerError::Exists(p.clone()));
        }
    }
    if let Some(dir) = prefix.parent().filter(|d| !d.as_os_str().is_empty()) {
        files::create_dir_all(dir)?;
    }
    let pem = private_pem(key)?;
    files::write_new(&private, pem.as_bytes(), true)?;
    files::write_new(&public, public_hex(&key.verifying_key()).as_bytes(), false)?;
    Ok(KeyFiles { private, public, verifying: key.verifying_key() })
}

/// Reads a PKCS#8 PEM private key written by [`write_key_pair`] (or OpenSSL's
/// `openssl genpkey -algorithm ed25519`).
pub fn read_private_key(path: &Path) -> Result<SigningKey> {
    let text = files::read_text(path)?;
    warn_if_readable_by_others(path);
    SigningKey::from_pkcs8_pem(&text).map_err(|e| IssuerError::Key {
        path: path.to_path_buf(),
        reason: Localized::new(
            format!("不是 Ed25519 PKCS#8 PEM 私钥（{e}）"),
            format!("not an Ed25519 PKCS#8 PEM private key ({e})"),
        ),
    })
}

/// Parses a public key given as 64 hexadecimal characters.
pub fn parse_public_hex(text: &str, origin: &Path) -> Result<VerifyingKey> {
    buildcert_bc1::parse_root_key(text).map_err(|_| IssuerError::Key {
        path: origin.to_path_buf(),
        reason: Localized::new(
            "公钥应为 64 位十六进制字符（32 字节 Ed25519 公钥）",
            "a public key is 64 hexadecimal characters (a 32-byte Ed25519 key)",
        ),
    })
}

/// Reads a `PREFIX.pub.hex` file.
pub fn read_public_key(path: &Path) -> Result<VerifyingKey> {
    parse_public_hex(&files::read_text(path)?, path)
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(m) = std::fs::metadata(path) {
        if m.permissions().mode() & 0o077 != 0 {
            eprintln!(
                "警告：私钥文件 {} 的权限为 {:o}，其他用户可读；请执行 chmod 600 / warning: private key file {} has mode {:o} and is readable by others; run chmod 600",
                path.display(),
                m.permissions().mode() & 0o777,
                path.display(),
                m.permissions().mode() & 0o777
            );
        }
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_path: &Path) {}
