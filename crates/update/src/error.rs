//! [`UpdateError`]: why a fetch failed, with a stable code and a message in
//! Chinese and English that says what to do.

use buildcert_l10n::Localized;

/// Why a fetch failed. `Display` is English; [`UpdateError::localized`]
/// gives the message in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateError {
    /// No address is configured.
    NoUrl,
    /// The address cannot be read.
    BadUrl {
        /// What is wrong, in Chinese.
        zh: String,
        /// What is wrong, in English.
        en: String,
    },
    /// Plain http to a host that is not this computer.
    NotHttps {
        /// The address refused.
        url: String,
    },
    /// The server could not be reached (no network, unknown host, refused).
    Offline {
        /// The host.
        host: String,
        /// What the system reported.
        detail: String,
    },
    /// No answer in time.
    Timeout {
        /// The host.
        host: String,
        /// The timeout, in seconds.
        secs: u64,
    },
    /// The secure connection failed: no trusted store vouches for the
    /// server's certificate (an office proxy inspecting TLS, a wrong clock,
    /// a wrong address), or the TLS handshake itself failed.
    Tls {
        /// The host.
        host: String,
        /// What TLS reported (for the first store tried: the system's).
        detail: String,
    },
    /// The proxy could not be reached, refused the connection, or is of a
    /// kind not supported.
    Proxy {
        /// The proxy, as `host:port` (never with its password).
        proxy: String,
        /// What went wrong.
        detail: String,
    },
    /// The server answered with an HTTP error.
    Status {
        /// The HTTP status.
        status: u16,
    },
    /// The body is larger than the limit.
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// A redirect was refused (to plain http, unreadable, too many).
    Redirect {
        /// Why, in Chinese.
        zh: String,
        /// Why, in English.
        en: String,
    },
    /// Anything else in the HTTP exchange.
    Failed {
        /// What went wrong.
        detail: String,
    },
}

impl UpdateError {
    /// A stable code for the app and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            UpdateError::NoUrl => "trust_url_missing",
            UpdateError::BadUrl { .. } => "trust_url_invalid",
            UpdateError::NotHttps { .. } => "trust_url_not_https",
            UpdateError::Offline { .. } => "trust_update_offline",
            UpdateError::Timeout { .. } => "trust_update_timeout",
            UpdateError::Tls { .. } => "trust_update_tls",
            UpdateError::Proxy { .. } => "trust_update_proxy",
            UpdateError::Status { .. } => "trust_update_http_status",
            UpdateError::TooLarge { .. } => "trust_update_too_large",
            UpdateError::Redirect { .. } => "trust_update_redirect",
            UpdateError::Failed { .. } => "trust_update_failed",
        }
    }

    /// The message for people: what happened and what to do, in Chinese
    /// and in English, each written whole.
    pub fn localized(&self) -> Localized {
        const BY_HAND_ZH: &str = "或从文件手动导入信任列表。";
        const BY_HAND_EN: &str = "or import the trust list file by hand.";
        let (zh, en) = match self {
            UpdateError::NoUrl => (
                format!("尚未设置信任列表更新地址。请在“设置”中填写 https:// 地址，{BY_HAND_ZH}"),
                format!("No trust list address is set. Enter an https:// address in Settings, {BY_HAND_EN}"),
            ),
            UpdateError::BadUrl { zh, en } => (
                format!("信任列表更新地址无效（{zh}）。请填写完整的 https:// 地址。"),
                format!("The trust list address is not valid ({en}). Enter a full https:// address."),
            ),
            UpdateError::NotHttps { url } => (
                format!("信任列表更新地址须以 https:// 开头（明文 http 仅允许本机地址）：{url}"),
                format!("The trust list address must start with https:// (plain http only for this computer): {url}"),
            ),
            UpdateError::Offline { host, detail } => (
                format!("无法连接信任列表服务器 {host}（{detail}）。请检查网络后重试，{BY_HAND_ZH}"),
                format!("Cannot reach the trust list server {host} ({detail}). Check the network and try again, {BY_HAND_EN}"),
            ),
            UpdateError::Timeout { host, secs } => (
                format!("信任列表服务器 {host} 在 {secs} 秒内没有响应。请稍后重试，{BY_HAND_ZH}"),
                format!("The trust list server {host} did not answer within {secs} s. Try again later, {BY_HAND_EN}"),
            ),
            UpdateError::Tls { host, detail } => (
                format!(
                    "与 {host} 的安全连接失败：本机不信任对方的证书或加密握手失败（{detail}）。\
                     在单位网络中，这通常是单位的代理服务器在检查加密流量。\
                     请联系单位 IT 部门，请他们把代理的根证书安装到本机的系统证书库；\
                     {BY_HAND_ZH}另请确认本机的日期和时间正确。"
                ),
                format!(
                    "The secure connection to {host} failed: this computer does not trust the server's \
                     certificate, or the handshake failed ({detail}). On an office network this is \
                     usually a proxy that inspects encrypted traffic. Ask your IT department to install \
                     the proxy's root certificate in this computer's certificate store, {BY_HAND_EN} \
                     Also check that this computer's date and time are right."
                ),
            ),
            UpdateError::Proxy { proxy, detail } => (
                format!(
                    "经代理服务器 {proxy} 连接失败（{detail}）。请向单位 IT 部门确认代理设置\
                     （系统代理，或环境变量 HTTPS_PROXY、NO_PROXY），{BY_HAND_ZH}"
                ),
                format!(
                    "The connection through the proxy server {proxy} failed ({detail}). Check the proxy \
                     setting (the system proxy, or the HTTPS_PROXY and NO_PROXY environment variables) \
                     with your IT department, {BY_HAND_EN}"
                ),
            ),
            UpdateError::Status { status } => (
                format!("信任列表服务器返回 HTTP {status}。请检查地址是否正确，{BY_HAND_ZH}"),
                format!("The trust list server answered HTTP {status}. Check the address, {BY_HAND_EN}"),
            ),
            UpdateError::TooLarge { limit } => (
                format!("服务器返回的文件超过 {limit} 字节，不是信任列表，已停止下载。请检查地址。"),
                format!("The server sent more than {limit} bytes; that is not a trust list, so the download was stopped. Check the address."),
            ),
            UpdateError::Redirect { zh, en } => (
                format!("信任列表服务器的重定向被拒绝（{zh}）。请填写最终的 https:// 地址，{BY_HAND_ZH}"),
                format!("The trust list server's redirect was refused ({en}). Enter the final https:// address, {BY_HAND_EN}"),
            ),
            UpdateError::Failed { detail } => (
                format!("下载信任列表失败（{detail}）。请稍后重试，{BY_HAND_ZH}"),
                format!("Downloading the trust list failed ({detail}). Try again later, {BY_HAND_EN}"),
            ),
        };
        Localized { zh, en }
    }

    /// The message in Chinese ([`UpdateError::localized`]).
    pub fn zh(&self) -> String {
        self.localized().zh
    }

    /// The message in English ([`UpdateError::localized`]).
    pub fn en(&self) -> String {
        self.localized().en
    }
}

impl std::fmt::Display for UpdateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.localized().en)
    }
}

impl std::error::Error for UpdateError {}

pub(crate) fn bad_url(zh: &str, en: &str) -> UpdateError {
    UpdateError::BadUrl { zh: zh.to_string(), en: en.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of every variant. The match has no wildcard, so a new variant
    /// does not compile until it is listed here.
    fn every_error() -> Vec<UpdateError> {
        let all = vec![
            UpdateError::NoUrl,
            bad_url("缺少 https://", "https:// is missing"),
            UpdateError::NotHttps { url: "http://x".into() },
            UpdateError::Offline { host: "x".into(), detail: "refused".into() },
            UpdateError::Timeout { host: "x".into(), secs: 15 },
            UpdateError::Tls { host: "x".into(), detail: "invalid peer certificate: UnknownIssuer".into() },
            UpdateError::Proxy { proxy: "proxy.example:8080".into(), detail: "proxy server responded 403".into() },
            UpdateError::Status { status: 404 },
            UpdateError::TooLarge { limit: 1 },
            UpdateError::Redirect { zh: "甲".into(), en: "a".into() },
            UpdateError::Failed { detail: "d".into() },
        ];
        for e in &all {
            match e {
                UpdateError::NoUrl
                | UpdateError::BadUrl { .. }
                | UpdateError::NotHttps { .. }
                | UpdateError::Offline { .. }
                | UpdateError::Timeout { .. }
                | UpdateError::Tls { .. }
                | UpdateError::Proxy { .. }
                | UpdateError::Status { .. }
                | UpdateError::TooLarge { .. }
                | UpdateError::Redirect { .. }
                | UpdateError::Failed { .. } => {}
            }
        }
        all
    }

    #[test]
    fn messages_are_bilingual_and_say_what_to_do() {
        let mut codes = std::collections::HashSet::new();
        for e in every_error() {
            assert!(codes.insert(e.code()), "duplicate code {}", e.code());
            let m = e.localized();
            buildcert_l10n::check_pair(e.code(), &m).unwrap();
            assert_eq!(e.to_string(), m.en, "Display is the English message");
            assert_eq!((e.zh(), e.en()), (m.zh.clone(), m.en.clone()));
        }
        let offline = UpdateError::Offline { host: "x".into(), detail: "refused".into() };
        assert!(offline.zh().contains("手动导入") && offline.en().contains("import the trust list file by hand"));
    }

    #[test]
    fn the_tls_message_names_the_office_proxy_and_both_ways_out() {
        let m = UpdateError::Tls { host: "trust.example.org".into(), detail: "UnknownIssuer".into() }.localized();
        for part in
            ["trust.example.org", "UnknownIssuer", "代理", "IT 部门", "系统证书库", "手动导入信任列表", "日期和时间"]
        {
            assert!(m.zh.contains(part), "zh lacks {part}: {}", m.zh);
        }
        for part in [
            "trust.example.org",
            "UnknownIssuer",
            "proxy",
            "IT department",
            "certificate store",
            "import the trust list file by hand",
            "date and time",
        ] {
            assert!(m.en.contains(part), "en lacks {part}: {}", m.en);
        }
    }
}
