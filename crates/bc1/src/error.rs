//! The one error type of this crate.

use crate::verdict::Code;

/// Everything that can go wrong while decoding, encoding or checking BC1 data.
///
/// Each variant maps to a stable reason [`Code`] (see [`Error::code`]) and
/// renders a message in Chinese and English (see [`Error::message`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The QR text, its Base45, zlib, CBOR or COSE structure, or the
    /// certificate map is not what BC1 §2–§4 allow. The string says where.
    #[error("malformed: {0}")]
    Malformed(String),
    /// `alg` in the protected header is missing or not -8 (EdDSA).
    #[error("unsupported signature algorithm: {0}")]
    UnsupportedAlgorithm(String),
    /// No trusted key has the certificate's kid.
    #[error("no trusted key with kid {0}")]
    UnknownKey(String),
    /// A trusted key with the kid exists, but the signature does not verify.
    #[error("signature does not verify")]
    SignatureInvalid,
    /// A trust list could not be accepted (bad signature, unknown root,
    /// rollback, conflicting bytes for the same seq, malformed content).
    #[error("trust list refused: {0}")]
    TrustList(TrustListError),
    /// Input data for encoding (issuing) breaks a §4 rule.
    #[error("cannot issue: {0}")]
    Issue(String),
}

/// Why a trust list was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrustListError {
    /// The file is not a well-formed BC1 trust list.
    #[error("malformed trust list: {0}")]
    Malformed(String),
    /// No pinned root key has the list's kid.
    #[error("signed by a root key that is not pinned (kid {0})")]
    UnknownRoot(String),
    /// The root signature does not verify.
    #[error("root signature does not verify")]
    SignatureInvalid,
    /// `seq` is lower than the kept list's.
    #[error("rollback: seq {offered} is lower than the kept seq {kept}")]
    Rollback {
        /// seq of the refused list
        offered: u64,
        /// seq of the list kept
        kept: u64,
    },
    /// Same `seq` as the kept list, but different bytes.
    #[error("seq {0} is already kept with different content")]
    Conflict(u64),
}

impl Error {
    /// The reason code this error is reported under in a verdict.
    pub fn code(&self) -> Code {
        match self {
            Error::Malformed(_) | Error::Issue(_) | Error::TrustList(_) => Code::Malformed,
            Error::UnsupportedAlgorithm(_) => Code::UnsupportedAlgorithm,
            Error::UnknownKey(_) => Code::UnknownKey,
            Error::SignatureInvalid => Code::SignatureInvalid,
        }
    }

    /// A message for people: what is wrong and what to do, in both languages.
    pub fn message(&self) -> (String, String) {
        match self {
            Error::TrustList(t) => t.message(),
            Error::Issue(s) => (
                format!("无法签发：{s}。请更正输入数据后重试。"),
                format!("Cannot issue: {s}. Correct the input data and try again."),
            ),
            Error::UnknownKey(kid) => (
                format!("签发密钥不在信任列表中（kid {kid}）：请先更新信任列表；若更新后仍如此，该证书不是由受信任的机关签发的，不得使用"),
                format!("Issuer key not in the trust list (kid {kid}): update the trust list first; if it stays so, the certificate was not issued by a trusted authority and must not be used"),
            ),
            Error::SignatureInvalid => (
                "签名无效（证书可能被篡改）：二维码内容与签发机关的签名不符，不得使用，请向持证人索取原始电子证书".into(),
                "Signature invalid (may be tampered): the QR content does not match the issuer's signature; do not accept it, ask the holder for the original e-certificate".into(),
            ),
            _ => {
                let zh = crate::messages::short_zh(self.code());
                let en = crate::messages::short_en(self.code());
                (format!("{zh}（{self}）"), format!("{en} ({self})"))
            }
        }
    }
}

impl TrustListError {
    /// A message for people, Chinese and English.
    pub fn message(&self) -> (String, String) {
        match self {
            TrustListError::Malformed(s) => (
                format!("信任列表文件格式错误（{s}）。请重新获取信任列表文件。"),
                format!("The trust list file is malformed ({s}). Get the trust list file again."),
            ),
            TrustListError::UnknownRoot(k) => (
                format!("信任列表不是由已配置的根密钥签名的（kid {k}）。请确认文件来源，或配置正确的根密钥。"),
                format!("The trust list is not signed by a configured root key (kid {k}). Check where the file came from, or configure the right root key."),
            ),
            TrustListError::SignatureInvalid => (
                "信任列表的根签名无效，文件可能被篡改。已保留原信任列表。".into(),
                "The trust list's root signature is invalid; the file may have been tampered with. The previous trust list is kept.".into(),
            ),
            TrustListError::Rollback { offered, kept } => (
                format!("拒绝回滚：该信任列表序号 {offered} 低于当前序号 {kept}。已保留当前信任列表。"),
                format!("Rollback refused: this trust list has seq {offered}, lower than the current seq {kept}. The current trust list is kept."),
            ),
            TrustListError::Conflict(seq) => (
                format!("序号 {seq} 的信任列表已存在且内容不同，已拒绝。请向发布方核实。"),
                format!("A trust list with seq {seq} is already kept with different content; refused. Check with the publisher."),
            ),
        }
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
