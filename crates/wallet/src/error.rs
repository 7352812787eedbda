//! The one error type of the wallet.

use std::path::PathBuf;

use buildcert_bc1::{Lang, Localized, Reason, TrustListError};

/// Everything that can go wrong in the wallet.
///
/// `Display` is English; [`WalletError::localized`] gives Chinese and
/// English, written where the error is made; [`WalletError::code`] is a
/// stable string the app serialises as `{code, message: {zh, en}}`.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.localized().en)]
pub enum WalletError {
    /// The database file exists but is damaged. It is left untouched.
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// What SQLite reported.
        detail: String,
    },
    /// The database was written by a newer BuildCert.
    TooNew {
        /// user_version of the file.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// Another process holds the wallet for too long.
    Busy,
    /// A file or folder could not be read or written.
    Io {
        /// The path.
        path: PathBuf,
        /// The OS error.
        detail: String,
    },
    /// Any other database error.
    Db(String),
    /// A root key given to pin is not a valid Ed25519 public key.
    BadRootKey(String),
    /// No root key is pinned and none was given.
    NoRootKey,
    /// A trust list was refused (BC1 §5). What is kept has not changed.
    TrustRefused(TrustListError),
    /// The kept trust list no longer verifies under the configured root keys.
    StoredTrustInvalid {
        /// seq of the stored list.
        seq: u64,
        /// Why, in both languages.
        detail: Localized,
    },
    /// The input could not be read as a certificate (no code, unreadable file).
    Unreadable {
        /// Why, in Chinese.
        zh: String,
        /// Why, in English.
        en: String,
    },
    /// The input holds a QR code that is not BC1 (e.g. an official-format link).
    NotBc1,
    /// Verification failed: the certificate is refused.
    Refused {
        /// Every reason found.
        reasons: Vec<Reason>,
    },
    /// The input is larger than the wallet keeps.
    TooLarge {
        /// Size of the input.
        size: u64,
        /// Limit.
        max: u64,
    },
    /// No certificate with that id or e-licence identifier.
    NotFound(String),
    /// A backup file is not a wallet backup or is damaged; nothing was replaced.
    BadBackup {
        /// Why, in Chinese.
        zh: String,
        /// Why, in English.
        en: String,
    },
    /// An official-format entry breaks field rules; every field to correct is listed.
    InvalidEntry(Vec<buildcert_official::FieldError>),
    /// The certificate is a BC1 one, but an official-format entry was asked for.
    NotOfficial(i64),
    /// No saved tender with that id.
    TenderNotFound(i64),
    /// Pinning would turn a demo root (演示) into a real one without the
    /// user's explicit confirmation of its fingerprint.
    DemoRootNeedsConfirm {
        /// SHA-256 fingerprint of the key, hex.
        fingerprint: String,
    },
    /// A backup would add root keys the user has not confirmed.
    RestoreRootsNeedConfirm {
        /// "fingerprint (label)" of each root the backup would add.
        roots: Vec<String>,
        /// The fingerprints alone.
        fingerprints: Vec<String>,
    },
    /// A setting has a value out of range.
    BadSetting {
        /// What is wrong, in Chinese.
        zh: String,
        /// What is wrong, in English.
        en: String,
    },
}

fn join(reasons: &[Reason], lang: Lang) -> String {
    let sep = match lang {
        Lang::Zh => "；",
        Lang::En => "; ",
    };
    reasons.iter().map(|r| r.message(lang)).collect::<Vec<_>>().join(sep)
}

impl WalletError {
    /// A stable code for the app and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            WalletError::Corrupt { .. } => "wallet_corrupt",
            WalletError::TooNew { .. } => "wallet_too_new",
            WalletError::Busy => "wallet_busy",
            WalletError::Io { .. } => "io",
            WalletError::Db(_) => "db",
            WalletError::BadRootKey(_) => "bad_root_key",
            WalletError::NoRootKey => "no_root_key",
            WalletError::TrustRefused(t) => t.code(),
            WalletError::StoredTrustInvalid { .. } => "trust_list_stored_invalid",
            WalletError::Unreadable { .. } => "unreadable",
            WalletError::NotBc1 => "not_bc1",
            WalletError::Refused { .. } => "certificate_refused",
            WalletError::TooLarge { .. } => "too_large",
            WalletError::NotFound(_) => "not_found",
            WalletError::BadBackup { .. } => "bad_backup",
            WalletError::BadSetting { .. } => "bad_setting",
            WalletError::InvalidEntry(_) => "invalid_entry",
            WalletError::NotOfficial(_) => "not_official",
            WalletError::TenderNotFound(_) => "tender_not_found",
            WalletError::DemoRootNeedsConfirm { .. } => "demo_root_needs_confirm",
            WalletError::RestoreRootsNeedConfirm { .. } => "restore_roots_need_confirm",
        }
    }

    /// What is wrong and what to do, in Chinese and in English.
    pub fn localized(&self) -> Localized {
        let (zh, en) = match self {
            WalletError::Corrupt { path, detail } => (
                format!("证书夹数据库已损坏（{}：{detail}）。原文件未作任何改动。请从备份恢复，或把该文件移到别处后重新打开证书夹。", path.display()),
                format!("The wallet database is damaged ({}: {detail}). The file has not been changed. Restore a backup, or move the file elsewhere and open the wallet again.", path.display()),
            ),
            WalletError::TooNew { found, supported } => (
                format!("证书夹数据库版本 {found} 比本程序支持的版本 {supported} 新。请升级 BuildCert。"),
                format!("The wallet database has version {found}, newer than the supported {supported}. Update BuildCert."),
            ),
            WalletError::Busy => (
                "证书夹正被另一个程序使用（忙），请稍后重试。".to_string(),
                "The wallet is busy: another program is using it. Try again in a moment.".to_string(),
            ),
            WalletError::Io { path, detail } => (
                format!("无法读写 {}：{detail}。请检查路径和权限。", path.display()),
                format!("Cannot read or write {}: {detail}. Check the path and permissions.", path.display()),
            ),
            WalletError::Db(d) => (
                format!("证书夹数据库出错：{d}。请重试；如仍失败，请从备份恢复。"),
                format!("Wallet database error: {d}. Try again; if it keeps failing, restore a backup."),
            ),
            WalletError::BadRootKey(k) => (
                format!("根密钥无效：{k}。根密钥应为 64 位十六进制字符。"),
                format!("Invalid root key: {k}. A root key is 64 hexadecimal characters."),
            ),
            WalletError::NoRootKey => (
                "尚未配置根密钥，无法核验信任列表。请先配置根密钥（buildcert trust pin 或 --root）。".to_string(),
                "No root key is configured, so the trust list cannot be verified. Pin a root key first (buildcert trust pin or --root).".to_string(),
            ),
            WalletError::TrustRefused(t) => return t.localized(),
            WalletError::StoredTrustInvalid { seq, detail } => (
                format!("已保存的信任列表（序号 {seq}）无法用当前根密钥核验：{}。请重新导入信任列表或检查根密钥配置。", detail.zh),
                format!("The stored trust list (seq {seq}) does not verify under the configured root keys: {}. Import the trust list again or check the root keys.", detail.en),
            ),
            WalletError::Unreadable { zh, en } => (format!("无法读取：{zh}"), format!("Could not read: {en}")),
            WalletError::NotBc1 => (
                "该文件的二维码不是 BC1 电子证书（未验证（官方格式）），暂不能存入证书夹。".to_string(),
                "The file's QR code is not a BC1 e-certificate (unverified, official format); it cannot be stored in the wallet yet.".to_string(),
            ),
            WalletError::Refused { reasons } => (
                format!("电子证书核验未通过，未存入证书夹：{}", join(reasons, Lang::Zh)),
                format!("The e-certificate failed verification and was not stored: {}", join(reasons, Lang::En)),
            ),
            WalletError::TooLarge { size, max } => (
                format!("文件过大（{size} 字节，上限 {max} 字节），未存入证书夹。"),
                format!("The file is too large ({size} bytes, limit {max}); not stored."),
            ),
            WalletError::NotFound(id) => (
                format!("证书夹中没有该电子证书（{id}）。请用 buildcert wallet list 查看编号。"),
                format!("No such e-certificate in the wallet ({id}). Use buildcert wallet list to see the ids."),
            ),
            WalletError::BadBackup { zh, en } => (
                format!("备份文件无效（{zh}），证书夹未作改动。请选择由 BuildCert 生成的完好备份文件。"),
                format!("The backup file is not valid ({en}); the wallet was not changed. Choose an intact backup made by BuildCert."),
            ),
            WalletError::InvalidEntry(fields) => {
                // The official crate's message lists every field in both languages.
                let m = buildcert_official::OfficialError::InvalidEntry(fields.clone()).localized();
                (format!("{} 未存入证书夹。", m.zh), format!("{} Nothing was stored.", m.en))
            }
            WalletError::NotOfficial(id) => (
                format!("证书夹中编号 {id} 的是 BC1 电子证书，不是官方格式录入的证书，不能按官方格式修改。"),
                format!("Wallet entry {id} is a BC1 e-certificate, not an official-format entry; it cannot be edited as one."),
            ),
            WalletError::TenderNotFound(id) => (
                format!("证书夹中没有编号为 {id} 的已保存投标核查。请用 buildcert tender --list 查看编号。"),
                format!("No saved tender check with id {id} in the wallet. Use buildcert tender --list to see the ids."),
            ),
            WalletError::DemoRootNeedsConfirm { fingerprint } => (
                format!("该根密钥已标记为演示根密钥，或签发了已安装的演示信任列表（指纹 {fingerprint}）。演示密钥不能证明任何真实证书。如确需改为正式根密钥，请核对指纹后明确确认（命令行：--confirm-not-demo {fingerprint}）。"),
                format!("This root key is pinned as a demo root, or signed the installed demo trust list (fingerprint {fingerprint}). A demo key proves nothing about real certificates. To make it a real root, check the fingerprint and confirm explicitly (command line: --confirm-not-demo {fingerprint})."),
            ),
            WalletError::RestoreRootsNeedConfirm { roots, .. } => (
                format!("备份中含有本机尚未信任的根密钥：{}。恢复会信任这些根密钥签发的一切，故须逐个核对指纹后明确确认（命令行：--accept-root 指纹）；--yes 不包括此项。证书夹未作改动。", roots.join("，")),
                format!("The backup holds root keys this computer does not trust yet: {}. Restoring would trust everything they sign, so confirm each one explicitly after checking its fingerprint (command line: --accept-root FINGERPRINT); --yes does not cover this. The wallet was not changed.", roots.join(", ")),
            ),
            WalletError::BadSetting { zh, en } => (
                format!("设置无效：{zh}。请改正后重试。"),
                format!("Invalid setting: {en}. Correct it and try again."),
            ),
        };
        Localized { zh, en }
    }

    /// The message in one language (see [`WalletError::localized`]).
    pub fn message(&self, lang: Lang) -> String {
        self.localized().get(lang).to_string()
    }

    /// The Chinese message (see [`WalletError::localized`]).
    pub fn zh(&self) -> String {
        self.localized().zh
    }

    /// The English message (see [`WalletError::localized`]).
    pub fn en(&self) -> String {
        self.localized().en
    }

    /// An input that could not be read, with why in both languages.
    pub fn unreadable(why: Localized) -> Self {
        WalletError::Unreadable { zh: why.zh, en: why.en }
    }

    /// A refused backup, with why in Chinese and in English.
    pub fn bad_backup(zh: impl Into<String>, en: impl Into<String>) -> Self {
        WalletError::BadBackup { zh: zh.into(), en: en.into() }
    }

    /// A refused setting, with what is wrong in Chinese and in English.
    pub fn bad_setting(zh: impl Into<String>, en: impl Into<String>) -> Self {
        WalletError::BadSetting { zh: zh.into(), en: en.into() }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, e: std::io::Error) -> Self {
        WalletError::Io { path: path.into(), detail: e.to_string() }
    }
}

impl From<rusqlite::Error> for WalletError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            match f.code {
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => return WalletError::Busy,
                _ => {}
            }
        }
        WalletError::Db(e.to_string())
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = WalletError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use buildcert_bc1::{Code, Severity};

    /// One of every variant (each trust-list refusal too); the match has no
    /// wildcard, so a new variant does not compile until it is listed here.
    fn every_error() -> Vec<WalletError> {
        let reason = Reason {
            code: Code::SignatureInvalid,
            severity: Severity::Error,
            zh: "签名无效".into(),
            en: "signature invalid".into(),
        };
        let field = buildcert_official::FieldError {
            field: buildcert_official::Field::Idn,
            code: None,
            zh: "身份证号码校验位错误".into(),
            en: "the ID number's check digit is wrong".into(),
        };
        let all = vec![
            WalletError::Corrupt { path: "w.db".into(), detail: "file is not a database".into() },
            WalletError::TooNew { found: 9, supported: 2 },
            WalletError::Busy,
            WalletError::Io { path: "w.db".into(), detail: "permission denied".into() },
            WalletError::Db("disk I/O error".into()),
            WalletError::BadRootKey("xyz".into()),
            WalletError::NoRootKey,
            WalletError::TrustRefused(TrustListError::Malformed("bad CBOR".into())),
            WalletError::TrustRefused(TrustListError::UnknownRoot("0a".into())),
            WalletError::TrustRefused(TrustListError::SignatureInvalid),
            WalletError::TrustRefused(TrustListError::Rollback { offered: 1, kept: 2 }),
            WalletError::TrustRefused(TrustListError::Conflict(2)),
            WalletError::StoredTrustInvalid { seq: 3, detail: Localized::new("签名无效", "signature invalid") },
            WalletError::unreadable(Localized::new("未找到二维码", "no QR code found")),
            WalletError::NotBc1,
            WalletError::Refused { reasons: vec![reason] },
            WalletError::TooLarge { size: 9, max: 8 },
            WalletError::NotFound("7".into()),
            WalletError::bad_backup("文件过短", "file too short"),
            WalletError::InvalidEntry(vec![field]),
            WalletError::NotOfficial(4),
            WalletError::TenderNotFound(5),
            WalletError::DemoRootNeedsConfirm { fingerprint: "ab12".into() },
            WalletError::RestoreRootsNeedConfirm {
                roots: vec!["ab12 (root A)".into()],
                fingerprints: vec!["ab12".into()],
            },
            WalletError::bad_setting("提醒天数应为 1 到 365", "reminder days must be 1 to 365"),
        ];
        for e in &all {
            match e {
                WalletError::Corrupt { .. }
                | WalletError::TooNew { .. }
                | WalletError::Busy
                | WalletError::Io { .. }
                | WalletError::Db(_)
                | WalletError::BadRootKey(_)
                | WalletError::NoRootKey
                | WalletError::TrustRefused(_)
                | WalletError::StoredTrustInvalid { .. }
                | WalletError::Unreadable { .. }
                | WalletError::NotBc1
                | WalletError::Refused { .. }
                | WalletError::TooLarge { .. }
                | WalletError::NotFound(_)
                | WalletError::BadBackup { .. }
                | WalletError::InvalidEntry(_)
                | WalletError::NotOfficial(_)
                | WalletError::TenderNotFound(_)
                | WalletError::DemoRootNeedsConfirm { .. }
                | WalletError::RestoreRootsNeedConfirm { .. }
                | WalletError::BadSetting { .. } => {}
            }
        }
        all
    }

    #[test]
    fn every_error_speaks_both_languages() {
        buildcert_bc1::l10n::check_errors(&every_error(), |e| e.code(), |e| e.localized()).unwrap();
        for e in every_error() {
            assert_eq!(e.message(Lang::Zh), e.localized().zh);
        }
    }
}
