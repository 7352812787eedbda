//! The one error type of the issuer.

use std::path::PathBuf;

/// Everything that can go wrong while making keys, trust lists, certificates
/// or demo data. Every message says what is wrong and what to do, in Chinese
/// and in English.
#[derive(Debug, thiserror::Error)]
pub enum IssuerError {
    /// A file could not be read or written.
    #[error("无法{action}文件 {path}：{source}。请检查路径和权限 / Cannot {action_en} {path}: {source}. Check the path and the permissions")]
    Io {
        /// 读取 / 写入 …
        action: &'static str,
        /// read / write …
        action_en: &'static str,
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The output file exists and would be overwritten.
    #[error("文件 {0} 已存在，为防止覆盖密钥已停止。请换一个输出路径或先移走旧文件 / {0} already exists; refusing to overwrite it. Choose another output path or move the old file away")]
    Exists(PathBuf),
    /// A key file is not an Ed25519 key in the documented format.
    #[error("密钥文件 {path} 无效：{reason}。私钥应为 PKCS#8 PEM（-----BEGIN PRIVATE KEY-----），公钥应为 64 位十六进制字符，可用 `buildcert-issuer keygen` 生成 / Key file {path} is not valid: {reason}. A private key is PKCS#8 PEM (-----BEGIN PRIVATE KEY-----), a public key 64 hexadecimal characters; make one with `buildcert-issuer keygen`")]
    Key {
        /// The file (or the field naming the key).
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// An input file (holder data, trust-list spec) cannot be parsed.
    #[error("无法解析 {path}：{reason}。请对照 `buildcert-issuer {command} --help` 中的格式说明修改 / Cannot parse {path}: {reason}. Fix it following the format in `buildcert-issuer {command} --help`")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The subcommand whose help documents the format.
        command: &'static str,
        /// What the parser said.
        reason: String,
    },
    /// A field has a value that is not allowed.
    #[error("输入无效（{field}）：{zh} / Invalid input ({field}): {en}")]
    Invalid {
        /// Which field or option.
        field: String,
        /// What is wrong and what is allowed, in Chinese.
        zh: String,
        /// What is wrong and what is allowed, in English.
        en: String,
    },
    /// The holder data breaks a BC1 §4 rule (bad ID check digit, unknown specialty, …).
    #[error("{zh} / {en}")]
    Rules {
        /// The message in Chinese.
        zh: String,
        /// The message in English.
        en: String,
    },
    /// The trust-list seq is not greater than the one made before.
    #[error("拒绝签发：信任列表序号 {offered} 不大于上次签发的序号 {last}（记录在 {state}）。序号必须严格递增，请在说明文件中把 seq 改为至少 {next} / Refused: trust-list seq {offered} is not greater than the last seq made, {last} (recorded in {state}). seq must strictly increase; set seq to at least {next} in the spec")]
    SeqNotIncreasing {
        /// seq asked for.
        offered: u64,
        /// seq made last time.
        last: u64,
        /// seq + 1.
        next: u64,
        /// Where the last seq is recorded.
        state: PathBuf,
    },
    /// Drawing the PDF or the QR code, or finding the font, failed.
    #[error(transparent)]
    Pdf(#[from] buildcert_pdfgen::PdfGenError),
}

impl IssuerError {
    pub(crate) fn read(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        IssuerError::Io { action: "读取", action_en: "read", path: path.into(), source }
    }
    pub(crate) fn write(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        IssuerError::Io { action: "写入", action_en: "write", path: path.into(), source }
    }
    pub(crate) fn invalid(field: impl Into<String>, zh: impl Into<String>, en: impl Into<String>) -> Self {
        IssuerError::Invalid { field: field.into(), zh: zh.into(), en: en.into() }
    }
}

impl From<buildcert_bc1::Error> for IssuerError {
    fn from(e: buildcert_bc1::Error) -> Self {
        match e {
            // bc1 lists every broken rule as "中文；… / English; …".
            buildcert_bc1::Error::Issue(both) => IssuerError::Rules {
                zh: format!("无法签发，数据不符合 BC1 §4：{both}。请更正持证人数据后重试"),
                en: "Cannot issue: the data breaks BC1 §4 (see above). Correct the holder data and try again".into(),
            },
            other => {
                let (zh, en) = other.message();
                IssuerError::Rules { zh, en }
            }
        }
    }
}

/// Result type of this crate.
pub type Result<T, E = IssuerError> = std::result::Result<T, E>;
