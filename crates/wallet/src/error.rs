//! The one error type of the wallet.

use std::path::PathBuf;

use buildcert_bc1::{Reason, TrustListError};

/// Everything that can go wrong in the wallet.
///
/// `Display` gives the message in Chinese then English; [`WalletError::zh`]
/// and [`WalletError::en`] give one language; [`WalletError::code`] is a
/// stable string the app serialises as `{code, message}`.
#[derive(Debug, thiserror::Error)]
pub enum WalletError {
    /// The database file exists but is damaged. It is left untouched.
    #[error("证书夹数据库已损坏（{path}：{detail}）。原文件未作任何改动。请从备份恢复，或把该文件移到别处后重新打开证书夹。 / The wallet database is damaged ({path}: {detail}). The file has not been changed. Restore a backup, or move the file elsewhere and open the wallet again.")]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// What SQLite reported.
        detail: String,
    },
    /// The database was written by a newer BuildCert.
    #[error("证书夹数据库版本 {found} 比本程序支持的版本 {supported} 新。请升级 BuildCert。 / The wallet database has version {found}, newer than the supported {supported}. Update BuildCert.")]
    TooNew {
        /// user_version of the file.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// Another process holds the wallet for too long.
    #[error("证书夹正被另一个程序使用（忙），请稍后重试。 / The wallet is busy: another program is using it. Try again in a moment.")]
    Busy,
    /// A file or folder could not be read or written.
    #[error("无法读写 {path}：{detail}。请检查路径和权限。 / Cannot read or write {path}: {detail}. Check the path and permissions.")]
    Io {
        /// The path.
        path: PathBuf,
        /// The OS error.
        detail: String,
    },
    /// Any other database error.
    #[error("证书夹数据库出错：{0}。请重试；如仍失败，请从备份恢复。 / Wallet database error: {0}. Try again; if it keeps failing, restore a backup.")]
    Db(String),
    /// A root key given to pin is not a valid Ed25519 public key.
    #[error("根密钥无效：{0}。根密钥应为 64 位十六进制字符。 / Invalid root key: {0}. A root key is 64 hexadecimal characters.")]
    BadRootKey(String),
    /// No root key is pinned and none was given.
    #[error("尚未配置根密钥，无法核验信任列表。请先配置根密钥（buildcert trust pin 或 --root）。 / No root key is configured, so the trust list cannot be verified. Pin a root key first (buildcert trust pin or --root).")]
    NoRootKey,
    /// A trust list was refused (BC1 §5). What is kept has not changed.
    #[error("{}", trust_message(.0))]
    TrustRefused(TrustListError),
    /// The kept trust list no longer verifies under the configured root keys.
    #[error("已保存的信任列表（序号 {seq}）无法用当前根密钥核验：{detail}。请重新导入信任列表或检查根密钥配置。 / The stored trust list (seq {seq}) does not verify under the configured root keys: {detail}. Import the trust list again or check the root keys.")]
    StoredTrustInvalid {
        /// seq of the stored list.
        seq: u64,
        /// Why.
        detail: String,
    },
    /// The input could not be read as a certificate (no code, unreadable file).
    #[error("无法读取：{zh} / Could not read: {en}")]
    Unreadable {
        /// Why, in Chinese.
        zh: String,
        /// Why, in English.
        en: String,
    },
    /// The input holds a QR code that is not BC1 (e.g. an official-format link).
    #[error("该文件的二维码不是 BC1 电子证书（未验证（官方格式）），暂不能存入证书夹。 / The file's QR code is not a BC1 e-certificate (unverified, official format); it cannot be stored in the wallet yet.")]
    NotBc1,
    /// Verification failed: the certificate is refused.
    #[error("电子证书核验未通过，未存入证书夹：{} / The e-certificate failed verification and was not stored: {}", join(.reasons, true), join(.reasons, false))]
    Refused {
        /// Every reason found.
        reasons: Vec<Reason>,
    },
    /// The input is larger than the wallet keeps.
    #[error("文件过大（{size} 字节，上限 {max} 字节），未存入证书夹。 / The file is too large ({size} bytes, limit {max}); not stored.")]
    TooLarge {
        /// Size of the input.
        size: u64,
        /// Limit.
        max: u64,
    },
    /// No certificate with that id or e-licence identifier.
    #[error("证书夹中没有该电子证书（{0}）。请用 buildcert wallet list 查看编号。 / No such e-certificate in the wallet ({0}). Use buildcert wallet list to see the ids.")]
    NotFound(String),
    /// A backup file is not a wallet backup or is damaged; nothing was replaced.
    #[error("备份文件无效（{zh}），证书夹未作改动。请选择由 BuildCert 生成的完好备份文件。 / The backup file is not valid ({en}); the wallet was not changed. Choose an intact backup made by BuildCert.")]
    BadBackup {
        /// Why, in Chinese.
        zh: String,
        /// Why, in English.
        en: String,
    },
    /// An official-format entry breaks field rules; every field to correct is listed.
    #[error("{}", invalid_entry_message(.0))]
    InvalidEntry(Vec<buildcert_official::FieldError>),
    /// The certificate is a BC1 one, but an official-format entry was asked for.
    #[error("证书夹中编号 {0} 的是 BC1 电子证书，不是官方格式录入的证书，不能按官方格式修改。 / Wallet entry {0} is a BC1 e-certificate, not an official-format entry; it cannot be edited as one.")]
    NotOfficial(i64),
    /// No saved tender with that id.
    #[error("证书夹中没有编号为 {0} 的已保存投标核查。请用 buildcert tender --list 查看编号。 / No saved tender check with id {0} in the wallet. Use buildcert tender --list to see the ids.")]
    TenderNotFound(i64),
    /// Pinning would turn a demo root (演示) into a real one without the
    /// user's explicit confirmation of its fingerprint.
    #[error("该根密钥已标记为演示根密钥，或签发了已安装的演示信任列表（指纹 {fingerprint}）。演示密钥不能证明任何真实证书。如确需改为正式根密钥，请核对指纹后明确确认（命令行：--confirm-not-demo {fingerprint}）。 / This root key is pinned as a demo root, or signed the installed demo trust list (fingerprint {fingerprint}). A demo key proves nothing about real certificates. To make it a real root, check the fingerprint and confirm explicitly (command line: --confirm-not-demo {fingerprint}).")]
    DemoRootNeedsConfirm {
        /// SHA-256 fingerprint of the key, hex.
        fingerprint: String,
    },
    /// A backup would add root keys the user has not confirmed.
    #[error("备份中含有本机尚未信任的根密钥：{}。恢复会信任这些根密钥签发的一切，故须逐个核对指纹后明确确认（命令行：--accept-root 指纹）；--yes 不包括此项。证书夹未作改动。 / The backup holds root keys this computer does not trust yet: {}. Restoring would trust everything they sign, so confirm each one explicitly after checking its fingerprint (command line: --accept-root FINGERPRINT); --yes does not cover this. The wallet was not changed.", .roots.join("，"), .roots.join(", "))]
    RestoreRootsNeedConfirm {
        /// "fingerprint (label)" of each root the backup would add.
        roots: Vec<String>,
        /// The fingerprints alone.
        fingerprints: Vec<String>,
    },
    /// A setting has a value out of range.
    #[error("设置无效：{zh}。请改正后重试。 / Invalid setting: {en}. Correct it and try again.")]
    BadSetting {
        /// What is wrong, in Chinese.
        zh: String,
        /// What is wrong, in English.
        en: String,
    },
}

fn invalid_entry_message(fields: &[buildcert_official::FieldError]) -> String {
    // The official crate's message lists every field in both languages.
    let (zh, en) = buildcert_official::OfficialError::InvalidEntry(fields.to_vec()).message();
    format!("{} 未存入证书夹。 / {} Nothing was stored.", zh.replace(" / ", "／"), en)
}

fn join(reasons: &[Reason], zh: bool) -> String {
    let sep = if zh { "；" } else { "; " };
    reasons.iter().map(|r| if zh { r.zh.as_str() } else { r.en.as_str() }).collect::<Vec<_>>().join(sep)
}

/// Splits "a / b" into (Chinese, English) whichever order they come in; a
/// text without the separator is used for both.
fn split_pair(s: &str) -> (String, String) {
    let has_cjk = |t: &str| t.chars().any(|c| (c as u32) >= 0x2e80);
    match s.split_once(" / ") {
        Some((a, b)) if has_cjk(a) && !has_cjk(b) => (a.to_string(), b.to_string()),
        Some((a, b)) if has_cjk(b) && !has_cjk(a) => (b.to_string(), a.to_string()),
        // Keep " / " out of the Chinese part: it separates the languages.
        _ => (s.replace(" / ", "／"), s.to_string()),
    }
}

fn trust_message(e: &TrustListError) -> String {
    let (zh, en) = e.message();
    format!("{zh} / {en}")
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
            WalletError::TrustRefused(t) => match t {
                TrustListError::Malformed(_) => "trust_list_malformed",
                TrustListError::UnknownRoot(_) => "trust_list_unknown_root",
                TrustListError::SignatureInvalid => "trust_list_signature_invalid",
                TrustListError::Rollback { .. } => "trust_list_rollback",
                TrustListError::Conflict(_) => "trust_list_conflict",
            },
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

    /// The message in one language.
    pub fn message(&self, lang: buildcert_bc1::Lang) -> String {
        let full = self.to_string();
        // Every message is "中文 / English"; the Chinese part never holds " / ".
        match full.split_once(" / ") {
            Some((zh, en)) => match lang {
                buildcert_bc1::Lang::Zh => zh.to_string(),
                buildcert_bc1::Lang::En => en.to_string(),
            },
            None => full,
        }
    }

    /// The Chinese message.
    pub fn zh(&self) -> String {
        self.message(buildcert_bc1::Lang::Zh)
    }

    /// The English message.
    pub fn en(&self) -> String {
        self.message(buildcert_bc1::Lang::En)
    }

    /// An input that could not be read; `detail` may be "中文 / English".
    pub fn unreadable(detail: impl AsRef<str>) -> Self {
        let (zh, en) = split_pair(detail.as_ref());
        WalletError::Unreadable { zh, en }
    }

    /// A refused backup; `detail` may be "English / 中文" or "中文 / English".
    pub fn bad_backup(detail: impl AsRef<str>) -> Self {
        let (zh, en) = split_pair(detail.as_ref());
        WalletError::BadBackup { zh, en }
    }

    /// A refused setting; `detail` may be "English / 中文" or "中文 / English".
    pub fn bad_setting(detail: impl AsRef<str>) -> Self {
        let (zh, en) = split_pair(detail.as_ref());
        WalletError::BadSetting { zh, en }
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
