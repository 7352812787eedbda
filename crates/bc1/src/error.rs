//! The one error type of this crate.

use buildcert_l10n::Localized;

use crate::verdict::Code;

/// Everything that can go wrong while decoding, encoding or checking BC1 data.
///
/// `Display` is English. Each variant has a stable [`Error::code`], maps to a
/// reason [`Code`] (see [`Error::reason_code`]) and has a message for people
/// in Chinese and English (see [`Error::localized`]).
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
    /// Input data for encoding (issuing) breaks a §4 rule; every broken rule
    /// is listed, in Chinese and in English.
    #[error("cannot issue: {}", .0.en)]
    Issue(Localized),
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
    /// A stable code for programs (JSON output, the app).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Malformed(_) => "malformed",
            Error::UnsupportedAlgorithm(_) => "unsupported_algorithm",
            Error::UnknownKey(_) => "unknown_key",
            Error::SignatureInvalid => "signature_invalid",
            Error::TrustList(t) => t.code(),
            Error::Issue(_) => "issue_refused",
        }
    }

    /// The reason code this error is reported under in a verdict.
    pub fn reason_code(&self) -> Code {
        match self {
            Error::Malformed(_) | Error::Issue(_) | Error::TrustList(_) => Code::Malformed,
            Error::UnsupportedAlgorithm(_) => Code::UnsupportedAlgorithm,
            Error::UnknownKey(_) => Code::UnknownKey,
            Error::SignatureInvalid => Code::SignatureInvalid,
        }
    }

    /// A message for people: what is wrong and what to do, in both languages.
    pub fn localized(&self) -> Localized {
        let (zh, en) = self.message();
        Localized { zh, en }
    }

    /// [`Error::localized`] as a pair (Chinese, English).
    pub fn message(&self) -> (String, String) {
        match self {
            Error::TrustList(t) => t.message(),
            Error::Issue(m) => (
                format!("无法签发：{}。请更正输入数据后重试。", m.zh),
                format!("Cannot issue: {}. Correct the input data and try again.", m.en),
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
                let zh = crate::messages::short_zh(self.reason_code());
                let en = crate::messages::short_en(self.reason_code());
                (format!("{zh}（{self}）"), format!("{en} ({self})"))
            }
        }
    }
}

impl TrustListError {
    /// A stable code for programs.
    pub fn code(&self) -> &'static str {
        match self {
            TrustListError::Malformed(_) => "trust_list_malformed",
            TrustListError::UnknownRoot(_) => "trust_list_unknown_root",
            TrustListError::SignatureInvalid => "trust_list_signature_invalid",
            TrustListError::Rollback { .. } => "trust_list_rollback",
            TrustListError::Conflict(_) => "trust_list_conflict",
        }
    }

    /// A message for people: what is wrong and what to do, in both languages.
    pub fn localized(&self) -> Localized {
        let (zh, en) = self.message();
        Localized { zh, en }
    }

    /// [`TrustListError::localized`] as a pair (Chinese, English).
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

#[cfg(test)]
mod tests {
    use super::*;

    /// One of every variant. The match below has no wildcard, so a new
    /// variant does not compile until it is listed here.
    fn every_error() -> Vec<Error> {
        let all = vec![
            Error::Malformed("not valid Base45".into()),
            Error::UnsupportedAlgorithm("alg -7".into()),
            Error::UnknownKey("0102".into()),
            Error::SignatureInvalid,
            Error::TrustList(TrustListError::Malformed("bad CBOR".into())),
            Error::TrustList(TrustListError::UnknownRoot("0a0b".into())),
            Error::TrustList(TrustListError::SignatureInvalid),
            Error::TrustList(TrustListError::Rollback { offered: 1, kept: 2 }),
            Error::TrustList(TrustListError::Conflict(3)),
            Error::Issue(Localized::new("身份证号码校验位错误", "the ID number's check digit is wrong")),
        ];
        for e in &all {
            match e {
                Error::Malformed(_)
                | Error::UnsupportedAlgorithm(_)
                | Error::UnknownKey(_)
                | Error::SignatureInvalid
                | Error::Issue(_) => {}
                Error::TrustList(t) => match t {
                    TrustListError::Malformed(_)
                    | TrustListError::UnknownRoot(_)
                    | TrustListError::SignatureInvalid
                    | TrustListError::Rollback { .. }
                    | TrustListError::Conflict(_) => {}
                },
            }
        }
        all
    }

    #[test]
    fn every_error_speaks_both_languages() {
        let mut codes = std::collections::BTreeSet::new();
        for e in every_error() {
            let m = e.localized();
            buildcert_l10n::check_pair(e.code(), &m).unwrap();
            assert!(!e.to_string().chars().any(buildcert_l10n::is_cjk), "Display is English: {e}");
            codes.insert(e.code());
        }
        assert_eq!(codes.len(), every_error().len(), "codes are distinct");
    }
}
