//! The one error type of the issuer.

use std::path::PathBuf;

use buildcert_bc1::Localized;

/// Everything that can go wrong while making keys, trust lists, certificates
/// or demo data. `Display` is English; [`IssuerError::localized`] says what
/// is wrong and what to do, in Chinese and in English.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.localized().en)]
pub enum IssuerError {
    /// A file could not be read or written.
    Io {
        /// 读取 / 写入 …
        action: &'static str,
        /// read / write …
        action_en: &'static str,
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// The output file exists and would be overwritten.
    Exists(PathBuf),
    /// A key file is not an Ed25519 key in the documented format.
    Key {
        /// The file (or the field naming the key).
        path: PathBuf,
        /// What is wrong, in both languages.
        reason: Localized,
    },
    /// An input file (holder data, trust-list spec) cannot be parsed.
    Parse {
        /// The file.
        path: PathBuf,
        /// The subcommand whose help documents the format.
        command: &'static str,
        /// What the parser said, in both languages (a parser's own message
        /// is the same in both).
        reason: Localized,
    },
    /// A field has a value that is not allowed.
    Invalid {
        /// Which field or option.
        field: String,
        /// What is wrong and what is allowed, in Chinese.
        zh: String,
        /// What is wrong and what is allowed, in English.
        en: String,
    },
    /// The holder data breaks a BC1 §4 rule (bad ID check digit, unknown specialty, …).
    Rules {
        /// The message in Chinese.
        zh: String,
        /// The message in English.
        en: String,
    },
    /// The trust-list seq is not greater than the one made before.
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
    /// A parser's message, the same in both languages.
    pub(crate) fn parse(path: impl Into<PathBuf>, command: &'static str, reason: String) -> Self {
        IssuerError::Parse { path: path.into(), command, reason: Localized { zh: reason.clone(), en: reason } }
    }

    /// A stable code for programs.
    pub fn code(&self) -> &'static str {
        match self {
            IssuerError::Io { .. } => "io",
            IssuerError::Exists(_) => "exists",
            IssuerError::Key { .. } => "bad_key",
            IssuerError::Parse { .. } => "parse",
            IssuerError::Invalid { .. } => "invalid_input",
            IssuerError::Rules { .. } => "rules",
            IssuerError::SeqNotIncreasing { .. } => "seq_not_increasing",
            IssuerError::Pdf(e) => e.code(),
        }
    }

    /// What is wrong and what to do, in Chinese and in English.
    pub fn localized(&self) -> Localized {
        let (zh, en) = match self {
            IssuerError::Io { action, action_en, path, source } => (
                format!("无法{action}文件 {}：{source}。请检查路径和权限", path.display()),
                format!("Cannot {action_en} {}: {source}. Check the path and the permissions", path.display()),
            ),
            IssuerError::Exists(p) => (
                format!("文件 {} 已存在，为防止覆盖密钥已停止。请换一个输出路径或先移走旧文件", p.display()),
                format!("{} already exists; refusing to overwrite it. Choose another output path or move the old file away", p.display()),
            ),
            IssuerError::Key { path, reason } => (
                format!("密钥文件 {} 无效：{}。私钥应为 PKCS#8 PEM（-----BEGIN PRIVATE KEY-----），公钥应为 64 位十六进制字符，可用 `buildcert-issuer keygen` 生成", path.display(), reason.zh),
                format!("Key file {} is not valid: {}. A private key is PKCS#8 PEM (-----BEGIN PRIVATE KEY-----), a public key 64 hexadecimal characters; make one with `buildcert-issuer keygen`", path.display(), reason.en),
            ),
            IssuerError::Parse { path, command, reason } => (
                format!("无法解析 {}：{}。请对照 `buildcert-issuer {command} --help` 中的格式说明修改", path.display(), reason.zh),
                format!("Cannot parse {}: {}. Fix it following the format in `buildcert-issuer {command} --help`", path.display(), reason.en),
            ),
            IssuerError::Invalid { field, zh, en } => {
                (format!("输入无效（{field}）：{zh}"), format!("Invalid input ({field}): {en}"))
            }
            IssuerError::Rules { zh, en } => (zh.clone(), en.clone()),
            IssuerError::SeqNotIncreasing { offered, last, next, state } => (
                format!("拒绝签发：信任列表序号 {offered} 不大于上次签发的序号 {last}（记录在 {}）。序号必须严格递增，请在说明文件中把 seq 改为至少 {next}", state.display()),
                format!("Refused: trust-list seq {offered} is not greater than the last seq made, {last} (recorded in {}). seq must strictly increase; set seq to at least {next} in the spec", state.display()),
            ),
            IssuerError::Pdf(e) => return e.localized(),
        };
        Localized { zh, en }
    }
}

impl From<buildcert_bc1::Error> for IssuerError {
    fn from(e: buildcert_bc1::Error) -> Self {
        match e {
            // bc1 lists every broken rule, in each language.
            buildcert_bc1::Error::Issue(m) => IssuerError::Rules {
                zh: format!("无法签发，数据不符合 BC1 §4：{}。请更正持证人数据后重试", m.zh),
                en: format!("Cannot issue: the data breaks BC1 §4: {}. Correct the holder data and try again", m.en),
            },
            other => {
                let Localized { zh, en } = other.localized();
                IssuerError::Rules { zh, en }
            }
        }
    }
}

/// Result type of this crate.
pub type Result<T, E = IssuerError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    /// One of every variant; the match has no wildcard, so a new variant does
    /// not compile until it is listed here.
    fn every_error() -> Vec<IssuerError> {
        let all = vec![
            IssuerError::read("holder.toml", std::io::Error::other("permission denied")),
            IssuerError::Exists("root.pem".into()),
            IssuerError::Key { path: "root.pem".into(), reason: Localized::new("不是私钥", "not a private key") },
            IssuerError::parse("holder.toml", "issue", "expected `=` at line 2".into()),
            IssuerError::invalid("--seq", "应为正整数", "must be a positive number"),
            IssuerError::from(buildcert_bc1::Error::Issue(Localized::new(
                "身份证号码校验位错误",
                "the ID number's check digit is wrong",
            ))),
            IssuerError::SeqNotIncreasing { offered: 1, last: 2, next: 3, state: "state.json".into() },
            IssuerError::Pdf(buildcert_pdfgen::PdfGenError::QrTooLong { len: 5000 }),
        ];
        for e in &all {
            match e {
                IssuerError::Io { .. }
                | IssuerError::Exists(_)
                | IssuerError::Key { .. }
                | IssuerError::Parse { .. }
                | IssuerError::Invalid { .. }
                | IssuerError::Rules { .. }
                | IssuerError::SeqNotIncreasing { .. }
                | IssuerError::Pdf(_) => {}
            }
        }
        all
    }

    #[test]
    fn every_error_speaks_both_languages() {
        buildcert_bc1::l10n::check_errors(&every_error(), |e| e.code(), |e| e.localized()).unwrap();
    }
}
