//! # buildcert-update
//!
//! Fetches a trust list (信任列表, BC1 §5) from an address the user
//! configured, when the computer is online. Updating this way is never
//! required: a trust list file can always be imported by hand.
//!
//! This crate only moves bytes. It does **not** decide whether a list is
//! acceptable: the wallet's `import_trust_list` verifies the signature
//! under the pinned root keys and applies BC1 §5's seq rule (a lower seq is
//! a rollback and is refused). A hostile server can therefore at most
//! withhold an update, never plant one.
//!
//! Rules applied here:
//! - the address must be `https://…`; plain `http://` is accepted only for
//!   a host on this computer (`localhost`, `127.0.0.0/8`, `::1`), which the
//!   tests use ([`check_url`]);
//! - no user name or password in the address;
//! - at most [`MAX_BYTES`] are read, enforced while reading, not trusted
//!   from `Content-Length`;
//! - connecting and each wait for data time out after [`TIMEOUT`], and the
//!   whole fetch after [`TOTAL_TIMEOUT`];
//! - at most [`MAX_REDIRECTS`] redirects, each checked by the same rules
//!   before it is followed: a redirect to plain `http://` is refused
//!   (between two loopback addresses it is allowed, for the tests);
//! - no proxy for loopback addresses; others use the system proxy
//!   variables (`HTTPS_PROXY`, `NO_PROXY`, …).
//!
//! Errors ([`UpdateError`]) say what happened and what to do, in Chinese
//! and English, with a stable [`UpdateError::code`].
//!
//! ```no_run
//! let fetched = buildcert_update::fetch_trust_list("https://example.invalid/trust.bctl").unwrap();
//! // hand fetched.bytes to Wallet::import_trust_list
//! # let _ = fetched;
//! ```
#![warn(missing_docs)]

use std::net::IpAddr;
use std::time::Duration;

/// Largest trust list accepted, in bytes (1 MiB; a list with 10,000
/// revocations is about 200 KB).
pub const MAX_BYTES: u64 = 1 << 20;

/// Timeout for connecting and for each wait for data.
pub const TIMEOUT: Duration = Duration::from_secs(15);

/// Timeout for the whole fetch, redirects included.
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(60);

/// Redirects followed at most.
pub const MAX_REDIRECTS: u32 = 5;

/// Longest address accepted, in bytes.
pub const MAX_URL_LEN: usize = 2048;

/// Limits of one fetch. [`Limits::default`] gives the constants above.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest body accepted, in bytes.
    pub max_bytes: u64,
    /// Timeout for connecting and for each wait for data.
    pub timeout: Duration,
    /// Timeout for the whole fetch.
    pub total_timeout: Duration,
    /// Redirects followed at most.
    pub max_redirects: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_bytes: MAX_BYTES, timeout: TIMEOUT, total_timeout: TOTAL_TIMEOUT, max_redirects: MAX_REDIRECTS }
    }
}

/// A fetched trust list, not yet verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The body as received.
    pub bytes: Vec<u8>,
    /// The address it finally came from (after redirects).
    pub url: String,
}

/// Why a fetch failed. `Display` gives `中文 / English`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UpdateError {
    /// No address is configured.
    #[error("尚未设置信任列表更新地址。请在“设置”中填写 https:// 地址，或从文件手动导入信任列表。 / No trust list address is set. Enter an https:// address in Settings, or import the trust list file by hand.")]
    NoUrl,
    /// The address cannot be read.
    #[error("信任列表更新地址无效（{zh}）。请填写完整的 https:// 地址。 / The trust list address is not valid ({en}). Enter a full https:// address.")]
    BadUrl {
        /// What is wrong, in Chinese.
        zh: String,
        /// What is wrong, in English.
        en: String,
    },
    /// Plain http to a host that is not this computer.
    #[error("信任列表更新地址须以 https:// 开头（明文 http 仅允许本机地址）：{url} / The trust list address must start with https:// (plain http only for this computer): {url}")]
    NotHttps {
        /// The address refused.
        url: String,
    },
    /// The server could not be reached (no network, unknown host, refused).
    #[error("无法连接信任列表服务器 {host}（{detail}）。请检查网络后重试，或从文件手动导入信任列表。 / Cannot reach the trust list server {host} ({detail}). Check the network and try again, or import the trust list file by hand.")]
    Offline {
        /// The host.
        host: String,
        /// What the system reported.
        detail: String,
    },
    /// No answer in time.
    #[error("信任列表服务器 {host} 在 {secs} 秒内没有响应。请稍后重试，或从文件手动导入信任列表。 / The trust list server {host} did not answer within {secs} s. Try again later, or import the trust list file by hand.")]
    Timeout {
        /// The host.
        host: String,
        /// The timeout, in seconds.
        secs: u64,
    },
    /// The secure connection failed (certificate not trusted, …).
    #[error("与 {host} 的安全连接失败（{detail}）。请检查地址和本机时间，或从文件手动导入信任列表。 / The secure connection to {host} failed ({detail}). Check the address and this computer's clock, or import the trust list file by hand.")]
    Tls {
        /// The host.
        host: String,
        /// What TLS reported.
        detail: String,
    },
    /// The server answered with an HTTP error.
    #[error("信任列表服务器返回 HTTP {status}。请检查地址是否正确，或从文件手动导入信任列表。 / The trust list server answered HTTP {status}. Check the address, or import the trust list file by hand.")]
    Status {
        /// The HTTP status.
        status: u16,
    },
    /// The body is larger than the limit.
    #[error("服务器返回的文件超过 {limit} 字节，不是信任列表，已停止下载。请检查地址。 / The server sent more than {limit} bytes; that is not a trust list, so the download was stopped. Check the address.")]
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// A redirect was refused (to plain http, unreadable, too many).
    #[error("信任列表服务器的重定向被拒绝（{zh}）。请填写最终的 https:// 地址，或从文件手动导入信任列表。 / The trust list server's redirect was refused ({en}). Enter the final https:// address, or import the trust list file by hand.")]
    Redirect {
        /// Why, in Chinese.
        zh: String,
        /// Why, in English.
        en: String,
    },
    /// Anything else in the HTTP exchange.
    #[error("下载信任列表失败（{detail}）。请稍后重试，或从文件手动导入信任列表。 / Downloading the trust list failed ({detail}). Try again later, or import the trust list file by hand.")]
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
            UpdateError::Status { .. } => "trust_update_http_status",
            UpdateError::TooLarge { .. } => "trust_update_too_large",
            UpdateError::Redirect { .. } => "trust_update_redirect",
            UpdateError::Failed { .. } => "trust_update_failed",
        }
    }

    /// The message in Chinese.
    pub fn zh(&self) -> String {
        self.halves().0
    }

    /// The message in English.
    pub fn en(&self) -> String {
        self.halves().1
    }

    /// Splits `中文 / English` at the first ` / ` after which no Chinese
    /// follows (a detail from the system may hold a ` / ` of its own).
    fn halves(&self) -> (String, String) {
        let s = self.to_string();
        let cjk = |t: &str| t.chars().any(|c| (c as u32) >= 0x2e80);
        for (i, _) in s.match_indices(" / ") {
            if !cjk(&s[i + 3..]) {
                return (s[..i].to_string(), s[i + 3..].to_string());
            }
        }
        (s.clone(), s)
    }
}

fn bad_url(zh: &str, en: &str) -> UpdateError {
    UpdateError::BadUrl { zh: zh.to_string(), en: en.to_string() }
}

/// A checked address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The address, as given (trimmed).
    pub url: String,
    /// `true` for `https://`.
    pub https: bool,
    /// The host, without brackets for IPv6.
    pub host: String,
    /// Scheme, host and port, e.g. `https://example.org:8443`.
    pub origin: String,
    /// The host is this computer.
    pub loopback: bool,
}

/// Whether `host` (without brackets) names this computer: `localhost`, an
/// address in `127.0.0.0/8`, or `::1`.
pub fn is_loopback_host(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().map(|ip| ip.is_loopback()).unwrap_or(false)
}

/// Checks an address against the rules: `https://host[:port]/…`, or
/// `http://` to a loopback host; no user info, no spaces or control
/// characters, at most [`MAX_URL_LEN`] bytes. Connects to nothing.
pub fn check_url(url: &str) -> Result<Target, UpdateError> {
    let url = url.trim();
    if url.is_empty() {
        return Err(UpdateError::NoUrl);
    }
    if url.len() > MAX_URL_LEN {
        return Err(bad_url(&format!("超过 {MAX_URL_LEN} 字节"), &format!("longer than {MAX_URL_LEN} bytes")));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad_url("含有空格或控制字符", "contains spaces or control characters"));
    }
    let (scheme, rest) = url.split_once("://").ok_or_else(|| bad_url("缺少 https://", "https:// is missing"))?;
    let https = match scheme.to_ascii_lowercase().as_str() {
        "https" => true,
        "http" => false,
        _ => return Err(bad_url(&format!("不支持的协议 {scheme}"), &format!("unsupported scheme {scheme}"))),
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    if authority.contains('@') {
        return Err(bad_url("地址中不能含用户名或密码", "no user name or password in the address"));
    }
    let (host, _port) = split_host_port(authority)?;
    if host.is_empty() {
        return Err(bad_url("缺少主机名", "the host is missing"));
    }
    if !host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '_')) {
        return Err(bad_url("主机名含有不允许的字符", "the host has characters that are not allowed"));
    }
    let loopback = is_loopback_host(host);
    if !https && !loopback {
        return Err(UpdateError::NotHttps { url: url.to_string() });
    }
    let origin = format!("{}://{}", if https { "https" } else { "http" }, authority.to_ascii_lowercase());
    Ok(Target { url: url.to_string(), https, host: host.to_string(), origin, loopback })
}

/// Splits `host[:port]` or `[v6][:port]`; checks the port.
fn split_host_port(authority: &str) -> Result<(&str, Option<u16>), UpdateError> {
    let bad_port = || bad_url("端口号无效", "the port is not valid");
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (h, after) = rest.split_once(']').ok_or_else(|| bad_url("IPv6 地址缺少 ]", "the IPv6 address lacks ]"))?;
        if h.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(bad_url("IPv6 地址无效", "the IPv6 address is not valid"));
        }
        match after {
            "" => (h, None),
            p => (h, Some(p.strip_prefix(':').ok_or_else(bad_port)?)),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    let port = match port {
        None => None,
        Some(p) => Some(p.parse::<u16>().ok().filter(|p| *p != 0).ok_or_else(bad_port)?),
    };
    if host.contains(':') && !authority.starts_with('[') {
        return Err(bad_url("IPv6 地址须写在 [ ] 中", "an IPv6 address must be written in [ ]"));
    }
    Ok((host, port))
}

/// Resolves a `Location` header against the current target: an absolute
/// `http(s)://` address or an absolute path (`/…`); anything else is refused.
fn redirect_target(from: &Target, location: &str) -> Result<Target, UpdateError> {
    let location = location.trim();
    let next = if location.starts_with('/') && !location.starts_with("//") {
        format!("{}{location}", from.origin)
    } else if location.contains("://") {
        location.to_string()
    } else {
        return Err(UpdateError::Redirect {
            zh: format!("不支持的重定向地址 {location}"),
            en: format!("unsupported redirect address {location}"),
        });
    };
    match check_url(&next) {
        Ok(t) if t.https || (from.loopback && t.loopback) => Ok(t),
        Ok(_) | Err(UpdateError::NotHttps { .. }) => Err(UpdateError::Redirect {
            zh: format!("重定向到非 https 地址 {next}"),
            en: format!("redirect to a non-https address {next}"),
        }),
        Err(e) => Err(UpdateError::Redirect { zh: e.zh(), en: e.en() }),
    }
}

fn agent(target: &Target, limits: &Limits) -> ureq::Agent {
    let mut cfg = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_connect(Some(limits.timeout))
        .timeout_per_read(Some(limits.timeout))
        .timeout_recv_response(Some(limits.timeout))
        .timeout_global(Some(limits.total_timeout))
        .user_agent(concat!("BuildCert/", env!("CARGO_PKG_VERSION")))
        .accept("application/octet-stream, */*;q=0.5");
    if target.loopback {
        cfg = cfg.proxy(None);
    }
    cfg.build().new_agent()
}

fn map_err(e: ureq::Error, target: &Target, limits: &Limits) -> UpdateError {
    let host = target.host.clone();
    match e {
        ureq::Error::HostNotFound => UpdateError::Offline { host, detail: "host not found".into() },
        ureq::Error::ConnectionFailed => UpdateError::Offline { host, detail: "connection failed".into() },
        ureq::Error::Timeout(_) => {
            let secs = limits.timeout.as_secs().max(1);
            UpdateError::Timeout { host, secs }
        }
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                UpdateError::Timeout { host, secs: limits.timeout.as_secs().max(1) }
            }
            std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionReset
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::NotConnected
            | std::io::ErrorKind::AddrNotAvailable
            | std::io::ErrorKind::NetworkUnreachable
            | std::io::ErrorKind::HostUnreachable
            | std::io::ErrorKind::NetworkDown => UpdateError::Offline { host, detail: io.to_string() },
            _ => UpdateError::Failed { detail: io.to_string() },
        },
        ureq::Error::BodyExceedsLimit(_) => UpdateError::TooLarge { limit: limits.max_bytes },
        ureq::Error::Tls(s) => UpdateError::Tls { host, detail: s.to_string() },
        ureq::Error::Rustls(r) => UpdateError::Tls { host, detail: r.to_string() },
        ureq::Error::Pem(p) => UpdateError::Tls { host, detail: p.to_string() },
        ureq::Error::TlsRequired | ureq::Error::RequireHttpsOnly(_) => {
            UpdateError::NotHttps { url: target.url.clone() }
        }
        ureq::Error::StatusCode(status) => UpdateError::Status { status },
        ureq::Error::BadUri(s) => bad_url(&s, &s),
        other => UpdateError::Failed { detail: other.to_string() },
    }
}

/// Fetches the trust list at `url` with the default [`Limits`].
pub fn fetch_trust_list(url: &str) -> Result<Fetched, UpdateError> {
    fetch_with(url, &Limits::default())
}

/// Fetches the trust list at `url` within `limits`. The address (and each
/// redirect) is checked by [`check_url`] before anything is connected to.
pub fn fetch_with(url: &str, limits: &Limits) -> Result<Fetched, UpdateError> {
    let mut target = check_url(url)?;
    let mut redirects = 0u32;
    loop {
        let mut resp = agent(&target, limits).get(&target.url).call().map_err(|e| map_err(e, &target, limits))?;
        let status = resp.status().as_u16();
        if matches!(status, 301 | 302 | 303 | 307 | 308) {
            if redirects >= limits.max_redirects {
                return Err(UpdateError::Redirect {
                    zh: format!("重定向超过 {} 次", limits.max_redirects),
                    en: format!("more than {} redirects", limits.max_redirects),
                });
            }
            let location = resp
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| UpdateError::Redirect {
                    zh: "重定向缺少 Location".into(),
                    en: "redirect without Location".into(),
                })?
                .to_string();
            target = redirect_target(&target, &location)?;
            redirects += 1;
            continue;
        }
        if status != 200 {
            return Err(UpdateError::Status { status });
        }
        if resp.body().content_length().is_some_and(|n| n > limits.max_bytes) {
            return Err(UpdateError::TooLarge { limit: limits.max_bytes });
        }
        let bytes = resp
            .body_mut()
            .with_config()
            .limit(limits.max_bytes)
            .read_to_vec()
            .map_err(|e| map_err(e, &target, limits))?;
        if bytes.is_empty() {
            return Err(UpdateError::Failed { detail: "empty response".into() });
        }
        return Ok(Fetched { bytes, url: target.url });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_https_and_loopback_http_only() {
        for ok in [
            "https://example.org/trust.bctl",
            "HTTPS://Example.org:8443/a?b=c",
            "  https://example.org  ",
            "http://127.0.0.1:8080/trust.bctl",
            "http://localhost/trust.bctl",
            "http://[::1]:9/t",
            "https://[2001:db8::1]/t",
        ] {
            assert!(check_url(ok).is_ok(), "{ok}: {:?}", check_url(ok));
        }
        assert!(check_url("http://127.0.0.1/").unwrap().loopback);
        assert!(!check_url("https://example.org/").unwrap().loopback);
        for (bad, code) in [
            ("", "trust_url_missing"),
            ("   ", "trust_url_missing"),
            ("http://example.org/trust.bctl", "trust_url_not_https"),
            ("http://10.0.0.1/t", "trust_url_not_https"),
            ("http://[::ffff:127.0.0.1]/t", "trust_url_not_https"),
            ("http://localhost.example.org/t", "trust_url_not_https"),
            ("ftp://example.org/t", "trust_url_invalid"),
            ("example.org/trust.bctl", "trust_url_invalid"),
            ("https://user:pw@example.org/t", "trust_url_invalid"),
            ("https://exa mple.org/t", "trust_url_invalid"),
            ("https:///t", "trust_url_invalid"),
            ("https://example.org:0/t", "trust_url_invalid"),
            ("https://example.org:99999/t", "trust_url_invalid"),
            ("https://example.org:/t", "trust_url_invalid"),
            ("https://[::1/t", "trust_url_invalid"),
            ("https://::1/t", "trust_url_invalid"),
            ("https://exa%mple.org/", "trust_url_invalid"),
        ] {
            assert_eq!(check_url(bad).map_err(|e| e.code()), Err(code), "{bad:?}");
        }
        let long = format!("https://example.org/{}", "a".repeat(MAX_URL_LEN));
        assert_eq!(check_url(&long).unwrap_err().code(), "trust_url_invalid");
    }

    #[test]
    fn redirects_must_stay_https() {
        let from = check_url("https://example.org/a/trust.bctl").unwrap();
        assert_eq!(redirect_target(&from, "/b/trust.bctl").unwrap().url, "https://example.org/b/trust.bctl");
        assert!(redirect_target(&from, "https://mirror.example.org/t").is_ok());
        for bad in ["http://example.org/t", "http://127.0.0.1/t", "b/trust.bctl", "//evil.example/t", "ftp://x/y"] {
            assert_eq!(redirect_target(&from, bad).unwrap_err().code(), "trust_update_redirect", "{bad}");
        }
        let local = check_url("http://127.0.0.1:5/a").unwrap();
        assert_eq!(redirect_target(&local, "/b").unwrap().url, "http://127.0.0.1:5/b");
        assert!(redirect_target(&local, "http://example.org/b").is_err());
    }

    #[test]
    fn messages_are_bilingual_and_say_what_to_do() {
        let errors = [
            UpdateError::NoUrl,
            bad_url("缺少 https://", "https:// is missing"),
            UpdateError::NotHttps { url: "http://x".into() },
            UpdateError::Offline { host: "x".into(), detail: "refused".into() },
            UpdateError::Timeout { host: "x".into(), secs: 15 },
            UpdateError::Tls { host: "x".into(), detail: "unknown issuer".into() },
            UpdateError::Status { status: 404 },
            UpdateError::TooLarge { limit: 1 },
            UpdateError::Redirect { zh: "甲".into(), en: "a".into() },
            UpdateError::Failed { detail: "d".into() },
        ];
        let mut codes = std::collections::HashSet::new();
        for e in errors {
            assert!(codes.insert(e.code()), "duplicate code {}", e.code());
            let (zh, en) = (e.zh(), e.en());
            assert!(zh.chars().any(|c| c as u32 >= 0x4e00), "{zh}");
            assert!(!en.chars().any(|c| c as u32 >= 0x4e00), "{en}");
            assert_eq!(e.to_string(), format!("{zh} / {en}"));
        }
        let offline = UpdateError::Offline { host: "x".into(), detail: "refused".into() };
        assert!(offline.zh().contains("手动导入") && offline.en().contains("import the trust list file by hand"));
    }
}
