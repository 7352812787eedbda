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
//!   tests use ([`check_url`]). Addresses are read by the `url` crate (the
//!   WHATWG URL standard browsers use), never by hand;
//! - no user name or password in the address;
//! - at most [`MAX_BYTES`] are read, enforced while reading, not trusted
//!   from `Content-Length`;
//! - connecting and each wait for data time out after [`TIMEOUT`], and the
//!   whole fetch after [`TOTAL_TIMEOUT`];
//! - at most [`MAX_REDIRECTS`] redirects, each resolved by the `url` crate
//!   and checked by the same rules before it is followed: a redirect to
//!   plain `http://` is refused (between two loopback addresses it is
//!   allowed, for the tests);
//! - **certificates** ([`TrustStore`]): the server's certificate is checked
//!   against the operating system's certificate store first (Windows'
//!   CryptoAPI, macOS' Security framework, on Linux the distribution's CA
//!   bundle or `SSL_CERT_FILE`/`SSL_CERT_DIR`), then against the Mozilla
//!   roots built into the program, then against [`Options::extra_roots`]
//!   if any. The connection is accepted when one of them vouches for it.
//!   An office that inspects TLS installs its own root certificate in the
//!   system store; that is how such a network works here too;
//! - **proxy**: a host on this computer is never reached through a proxy,
//!   whatever is configured. Any other host goes through the proxy from
//!   `ALL_PROXY`, `HTTPS_PROXY` or `HTTP_PROXY` (upper or lower case, in
//!   that order), or on Windows the one set in Internet Options, unless
//!   `NO_PROXY` names it (see [`Options`] for the exact `NO_PROXY` rules).
//!   HTTP CONNECT proxies only; a SOCKS proxy is refused with a message.
//!
//! Errors ([`UpdateError`]) have an English `Display`, a stable
//! [`UpdateError::code`] and a message in Chinese and English
//! ([`UpdateError::localized`]) that says what to do.
//!
//! ```no_run
//! let fetched = buildcert_update::fetch_trust_list("https://example.invalid/trust.bctl").unwrap();
//! // hand fetched.bytes to Wallet::import_trust_list
//! # let _ = fetched;
//! ```
#![warn(missing_docs)]

use std::net::IpAddr;
use std::time::{Duration, Instant};

use buildcert_l10n::Localized;
use url::{Host, Url};

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

/// Everything one fetch can be told. [`Options::default`] is what
/// [`fetch_trust_list`] uses.
///
/// The proxy is not an option: it comes from the system (see the crate
/// documentation). `NO_PROXY` (or `no_proxy`) is a list separated by commas
/// or spaces; an entry is `*` (no proxy at all), a domain (`example.org`,
/// `.example.org` or `*.example.org`, each matching the domain and every
/// name under it; a `:port` is ignored), an IP address, or an IP range in
/// CIDR form (`10.0.0.0/8`, `fd00::/8`). This is what curl does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Limits of size, time and redirects.
    pub limits: Limits,
    /// Root certificates (DER) trusted in addition to the system's store and
    /// the built-in roots, tried last: for a caller that was handed an
    /// office's own CA certificate as a file rather than having it installed
    /// in the system. Empty by default.
    pub extra_roots: Vec<Vec<u8>>,
}

/// Where a server certificate's root may come from, in the order tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrustStore {
    /// The operating system's store, through its own verifier where it has
    /// one (`rustls-platform-verifier`): Windows and macOS ask the system;
    /// Linux reads the distribution's CA bundle, or `SSL_CERT_FILE` /
    /// `SSL_CERT_DIR` when set.
    System,
    /// The Mozilla root certificates built into the program (`webpki-roots`),
    /// for a computer whose own store is missing or out of date.
    Bundled,
    /// [`Options::extra_roots`].
    Extra,
}

/// The stores an `https://` fetch with these options tries, in order.
pub fn trust_stores(options: &Options) -> Vec<TrustStore> {
    let mut stores = vec![TrustStore::System, TrustStore::Bundled];
    if !options.extra_roots.is_empty() {
        stores.push(TrustStore::Extra);
    }
    stores
}

/// A fetched trust list, not yet verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The body as received.
    pub bytes: Vec<u8>,
    /// The address it finally came from (after redirects), as the `url`
    /// crate writes it.
    pub url: String,
}

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

fn bad_url(zh: &str, en: &str) -> UpdateError {
    UpdateError::BadUrl { zh: zh.to_string(), en: en.to_string() }
}

/// What the `url` crate found wrong, in Chinese and English.
fn parse_problem(e: url::ParseError) -> UpdateError {
    use url::ParseError as P;
    match e {
        P::EmptyHost => bad_url("缺少主机名", "the host is missing"),
        P::InvalidPort => bad_url("端口号无效", "the port is not valid"),
        P::InvalidIpv4Address => bad_url("IPv4 地址无效", "the IPv4 address is not valid"),
        P::InvalidIpv6Address => bad_url("IPv6 地址无效", "the IPv6 address is not valid"),
        P::InvalidDomainCharacter | P::IdnaError => {
            bad_url("主机名含有不允许的字符", "the host has characters that are not allowed")
        }
        other => bad_url(&format!("无法解析（{other}）"), &format!("cannot be read: {other}")),
    }
}

/// A checked address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The address as the `url` crate writes it (scheme and host in lower
    /// case, default port and fragment dropped); this is what is fetched.
    pub url: String,
    /// `true` for `https://`.
    pub https: bool,
    /// The host, without brackets for IPv6, international names in their
    /// ASCII (punycode) form.
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
/// `http://` to a loopback host; no user info, no spaces, control
/// characters or backslashes, at most [`MAX_URL_LEN`] bytes. Connects to
/// nothing.
pub fn check_url(url: &str) -> Result<Target, UpdateError> {
    let raw = url.trim();
    if raw.is_empty() {
        return Err(UpdateError::NoUrl);
    }
    if raw.len() > MAX_URL_LEN {
        return Err(bad_url(&format!("超过 {MAX_URL_LEN} 字节"), &format!("longer than {MAX_URL_LEN} bytes")));
    }
    if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad_url("含有空格或控制字符", "contains spaces or control characters"));
    }
    // The URL standard reads `\` as `/` in web addresses, so
    // `https://a.example\@b.example/` goes to a.example: refuse it rather
    // than show the user one host and fetch from another.
    if raw.contains('\\') {
        return Err(bad_url("含有反斜杠 \\", "contains a backslash \\"));
    }
    // The standard also reads `https:host` and `https:///host` as
    // `https://host/`. An address someone typed is held to the plain form.
    let Some((scheme, rest)) = raw.split_once("://") else {
        return Err(match raw.split_once(':') {
            Some((s, _)) if !s.eq_ignore_ascii_case("https") && !s.eq_ignore_ascii_case("http") => {
                bad_url(&format!("不支持的协议 {s}"), &format!("unsupported scheme {s}"))
            }
            _ => bad_url("缺少 https://", "https:// is missing"),
        });
    };
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return Err(bad_url(&format!("不支持的协议 {scheme}"), &format!("unsupported scheme {scheme}")));
    }
    if rest.starts_with('/') {
        return Err(bad_url("缺少主机名", "the host is missing"));
    }
    let mut parsed = Url::parse(raw).map_err(parse_problem)?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(bad_url("地址中不能含用户名或密码", "no user name or password in the address"));
    }
    if parsed.port() == Some(0) {
        return Err(bad_url("端口号无效", "the port is not valid"));
    }
    let (host, loopback) = match parsed.host() {
        Some(Host::Domain(d)) => (d.to_string(), d == "localhost"),
        Some(Host::Ipv4(a)) => (a.to_string(), a.is_loopback()),
        Some(Host::Ipv6(a)) => (a.to_string(), a.is_loopback()),
        None => return Err(bad_url("缺少主机名", "the host is missing")),
    };
    let https = parsed.scheme() == "https";
    if !https && !loopback {
        return Err(UpdateError::NotHttps { url: raw.to_string() });
    }
    parsed.set_fragment(None);
    let origin = parsed.origin().ascii_serialization();
    Ok(Target { url: parsed.into(), https, host, origin, loopback })
}

/// Resolves a `Location` header against the current target with the `url`
/// crate (absolute, scheme-relative, absolute-path and relative references,
/// as RFC 9110 allows), then checks the result by [`check_url`]'s rules: it
/// must be `https://`, or plain `http://` between two loopback addresses.
fn redirect_target(from: &Target, location: &str) -> Result<Target, UpdateError> {
    let location = location.trim();
    let refused = |zh: String, en: String| UpdateError::Redirect { zh, en };
    if location.is_empty() {
        return Err(refused("重定向缺少 Location".into(), "redirect without Location".into()));
    }
    let base = Url::parse(&from.url).map_err(parse_problem)?;
    let next = base.join(location).map_err(|e| {
        refused(format!("无法解析重定向地址 {location}"), format!("cannot read the redirect address {location}: {e}"))
    })?;
    match check_url(next.as_str()) {
        Ok(t) if t.https || (from.loopback && t.loopback) => Ok(t),
        Ok(_) | Err(UpdateError::NotHttps { .. }) => {
            Err(refused(format!("重定向到非 https 地址 {next}"), format!("redirect to a non-https address {next}")))
        }
        Err(e) => {
            let m = e.localized();
            Err(refused(m.zh, m.en))
        }
    }
}

/// `host:port` of a proxy, for messages (never its user name or password).
fn proxy_name(proxy: &ureq::Proxy) -> String {
    let host = proxy.host();
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]:{}", proxy.port())
    } else {
        format!("{host}:{}", proxy.port())
    }
}

/// Whether the `NO_PROXY` list `list` names `host` (rules in [`Options`]).
fn no_proxy_matches(host: &str, list: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let host_ip = host.parse::<IpAddr>().ok();
    list.split(|c: char| c == ',' || c.is_whitespace()).filter(|e| !e.is_empty()).any(|entry| {
        let entry = entry.to_ascii_lowercase();
        if entry == "*" {
            return true;
        }
        if let Some((net, bits)) = entry.split_once('/') {
            let (Ok(net), Ok(bits), Some(ip)) = (net.parse::<IpAddr>(), bits.parse::<u32>(), host_ip) else {
                return false;
            };
            return in_range(ip, net, bits);
        }
        let bare = entry.trim_start_matches('[');
        if let Some((v6, _port)) = bare.split_once(']') {
            return v6.parse::<IpAddr>().ok().is_some_and(|ip| Some(ip) == host_ip);
        }
        if let Ok(ip) = entry.parse::<IpAddr>() {
            return Some(ip) == host_ip;
        }
        let domain = match entry.rsplit_once(':') {
            Some((d, port)) if port.chars().all(|c| c.is_ascii_digit()) => d,
            _ => entry.as_str(),
        };
        if let Ok(ip) = domain.parse::<IpAddr>() {
            return Some(ip) == host_ip;
        }
        let domain = domain.trim_start_matches('*').trim_start_matches('.').trim_end_matches('.');
        !domain.is_empty() && (host == domain || host.strip_suffix(domain).is_some_and(|s| s.ends_with('.')))
    })
}

/// Whether `ip` lies in `net/bits` (same address family only).
fn in_range(ip: IpAddr, net: IpAddr, bits: u32) -> bool {
    fn prefix_eq(a: u128, b: u128, bits: u32, width: u32) -> bool {
        if bits > width {
            return false;
        }
        let shift = width - bits;
        shift >= width || (a >> shift) == (b >> shift)
    }
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(b)) => prefix_eq(u32::from(a).into(), u32::from(b).into(), bits, 32),
        (IpAddr::V6(a), IpAddr::V6(b)) => prefix_eq(a.into(), b.into(), bits, 128),
        _ => false,
    }
}

/// The `NO_PROXY` list from the environment (`NO_PROXY`, else `no_proxy`).
fn no_proxy_env() -> String {
    std::env::var("NO_PROXY").or_else(|_| std::env::var("no_proxy")).unwrap_or_default()
}

/// The proxy to reach `target` through, if any: never for a loopback host;
/// otherwise the system's (environment, or Windows' Internet Options)
/// unless `NO_PROXY` names the host.
fn proxy_for(target: &Target) -> Result<Option<ureq::Proxy>, UpdateError> {
    if target.loopback {
        return Ok(None);
    }
    let Some(proxy) = ureq::Proxy::try_from_env() else {
        return Ok(None);
    };
    if no_proxy_matches(&target.host, &no_proxy_env()) || proxy.is_no_proxy(&target_uri(target)) {
        return Ok(None);
    }
    if !matches!(proxy.protocol(), ureq::ProxyProtocol::Http | ureq::ProxyProtocol::Https) {
        return Err(UpdateError::Proxy {
            proxy: proxy_name(&proxy),
            detail: "a SOCKS proxy is not supported; an HTTP proxy is needed".into(),
        });
    }
    Ok(Some(proxy))
}

fn target_uri(target: &Target) -> ureq::http::Uri {
    target.url.parse().unwrap_or_default()
}

fn agent(limits: &Limits, remaining: Duration, proxy: Option<ureq::Proxy>, roots: ureq::tls::RootCerts) -> ureq::Agent {
    let tls = ureq::tls::TlsConfig::builder().root_certs(roots).build();
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_connect(Some(limits.timeout))
        .timeout_per_read(Some(limits.timeout))
        .timeout_recv_response(Some(limits.timeout))
        .timeout_global(Some(remaining))
        .user_agent(concat!("BuildCert/", env!("CARGO_PKG_VERSION")))
        .accept("application/octet-stream, */*;q=0.5")
        .proxy(proxy)
        .tls_config(tls)
        .build()
        .new_agent()
}

fn roots(store: TrustStore, options: &Options) -> ureq::tls::RootCerts {
    match store {
        TrustStore::System => ureq::tls::RootCerts::PlatformVerifier,
        TrustStore::Bundled => ureq::tls::RootCerts::WebPki,
        TrustStore::Extra => ureq::tls::RootCerts::new_with_certs(
            &options.extra_roots.iter().map(|der| ureq::tls::Certificate::from_der(der).to_owned()).collect::<Vec<_>>(),
        ),
    }
}

/// The TLS error inside an I/O error, if that is what it is: rustls reports
/// a refused certificate during the handshake as `InvalidData` carrying a
/// `rustls::Error`.
fn tls_inside(io: &std::io::Error) -> Option<String> {
    let inner = io.get_ref()?;
    inner.downcast_ref::<rustls::Error>().map(|e| e.to_string())
}

fn map_err(e: ureq::Error, target: &Target, proxy: Option<&ureq::Proxy>, limits: &Limits) -> UpdateError {
    let host = target.host.clone();
    let timeout = || UpdateError::Timeout { host: target.host.clone(), secs: limits.timeout.as_secs().max(1) };
    // Through a proxy, the only connection this computer makes is to the
    // proxy: failing to reach anything means failing to reach the proxy.
    let unreachable = |detail: String| match proxy {
        Some(p) => UpdateError::Proxy { proxy: proxy_name(p), detail },
        None => UpdateError::Offline { host: target.host.clone(), detail },
    };
    match e {
        ureq::Error::HostNotFound => unreachable("host not found".into()),
        ureq::Error::ConnectionFailed => unreachable("connection failed".into()),
        ureq::Error::ConnectProxyFailed(detail) => match proxy {
            Some(p) => UpdateError::Proxy { proxy: proxy_name(p), detail },
            None => UpdateError::Failed { detail },
        },
        ureq::Error::InvalidProxyUrl => {
            UpdateError::Proxy { proxy: "?".into(), detail: "the proxy address cannot be read".into() }
        }
        ureq::Error::Timeout(_) => timeout(),
        ureq::Error::Io(io) => {
            if let Some(detail) = tls_inside(&io) {
                return UpdateError::Tls { host, detail };
            }
            // A name that does not resolve comes back from getaddrinfo as an
            // uncategorised I/O error ("failed to lookup address
            // information"; WSAHOST_NOT_FOUND / WSANO_DATA on Windows).
            if io.to_string().contains("lookup address")
                || matches!(io.raw_os_error(), Some(11001 | 11004)) && cfg!(windows)
            {
                return unreachable(format!("host not found: {io}"));
            }
            match io.kind() {
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => timeout(),
                std::io::ErrorKind::ConnectionRefused
                | std::io::ErrorKind::ConnectionReset
                | std::io::ErrorKind::ConnectionAborted
                | std::io::ErrorKind::NotConnected
                | std::io::ErrorKind::AddrNotAvailable
                | std::io::ErrorKind::NetworkUnreachable
                | std::io::ErrorKind::HostUnreachable
                | std::io::ErrorKind::NetworkDown => unreachable(io.to_string()),
                _ => UpdateError::Failed { detail: io.to_string() },
            }
        }
        ureq::Error::BodyExceedsLimit(_) => UpdateError::TooLarge { limit: limits.max_bytes },
        ureq::Error::Tls(s) => UpdateError::Tls { host, detail: s.to_string() },
        ureq::Error::Rustls(r) => UpdateError::Tls { host, detail: r.to_string() },
        ureq::Error::Pem(p) => UpdateError::Tls { host, detail: p.to_string() },
        ureq::Error::TlsRequired | ureq::Error::RequireHttpsOnly(_) => {
            UpdateError::NotHttps { url: target.url.clone() }
        }
        ureq::Error::StatusCode(status) => UpdateError::Status { status },
        ureq::Error::BadUri(s) => bad_url(&format!("无法解析（{s}）"), &s),
        other => UpdateError::Failed { detail: other.to_string() },
    }
}

/// One GET of `target`, trying each [`TrustStore`] in turn while the
/// failure is a TLS one. The first store's error is the one reported.
fn get(target: &Target, options: &Options, deadline: Instant) -> Result<ureq::http::Response<ureq::Body>, UpdateError> {
    let limits = &options.limits;
    let proxy = proxy_for(target)?;
    let stores = if target.https { trust_stores(options) } else { vec![TrustStore::Bundled] };
    let mut first_tls = None;
    for store in stores {
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            break;
        }
        let agent = agent(limits, remaining, proxy.clone(), roots(store, options));
        match agent.get(target.url.as_str()).call() {
            Ok(resp) => return Ok(resp),
            Err(e) => match map_err(e, target, proxy.as_ref(), limits) {
                tls @ UpdateError::Tls { .. } => {
                    first_tls.get_or_insert(tls);
                }
                other => return Err(other),
            },
        }
    }
    Err(first_tls
        .unwrap_or(UpdateError::Timeout { host: target.host.clone(), secs: limits.total_timeout.as_secs().max(1) }))
}

/// Fetches the trust list at `url` with the default [`Options`].
pub fn fetch_trust_list(url: &str) -> Result<Fetched, UpdateError> {
    fetch_with_options(url, &Options::default())
}

/// Fetches the trust list at `url` within `limits`.
pub fn fetch_with(url: &str, limits: &Limits) -> Result<Fetched, UpdateError> {
    fetch_with_options(url, &Options { limits: limits.clone(), ..Options::default() })
}

/// Fetches the trust list at `url` with `options`. The address (and each
/// redirect) is checked by [`check_url`] before anything is connected to.
pub fn fetch_with_options(url: &str, options: &Options) -> Result<Fetched, UpdateError> {
    let limits = &options.limits;
    let deadline = Instant::now() + limits.total_timeout;
    let mut target = check_url(url)?;
    let mut redirects = 0u32;
    loop {
        let mut resp = get(&target, options, deadline)?;
        let status = resp.status().as_u16();
        if matches!(status, 301 | 302 | 303 | 307 | 308) {
            if redirects >= limits.max_redirects {
                return Err(UpdateError::Redirect {
                    zh: format!("重定向超过 {} 次", limits.max_redirects),
                    en: format!("more than {} redirects", limits.max_redirects),
                });
            }
            let location = resp.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
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
        let proxy = proxy_for(&target)?;
        let bytes = resp
            .body_mut()
            .with_config()
            .limit(limits.max_bytes)
            .read_to_vec()
            .map_err(|e| map_err(e, &target, proxy.as_ref(), limits))?;
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
            // An empty port is the default port (URL standard).
            "https://example.org:/t",
            // An international name, fetched in its ASCII form.
            "https://证书.example/trust.bctl",
        ] {
            assert!(check_url(ok).is_ok(), "{ok}: {:?}", check_url(ok));
        }
        assert!(check_url("http://127.0.0.1/").unwrap().loopback);
        assert!(!check_url("https://example.org/").unwrap().loopback);
        let t = check_url("HTTPS://Example.org:8443/a?b=c#frag").unwrap();
        assert_eq!(
            (t.url.as_str(), t.host.as_str(), t.origin.as_str()),
            ("https://example.org:8443/a?b=c", "example.org", "https://example.org:8443")
        );
        assert_eq!(check_url("https://example.org:443/t").unwrap().url, "https://example.org/t");
        assert_eq!(check_url("https://[2001:db8::1]/t").unwrap().host, "2001:db8::1");
        let idn = check_url("https://证书.example/").unwrap().host;
        assert!(idn.starts_with("xn--") && idn.ends_with(".example") && idn.is_ascii(), "{idn}");
        for (bad, code) in [
            ("", "trust_url_missing"),
            ("   ", "trust_url_missing"),
            ("http://example.org/trust.bctl", "trust_url_not_https"),
            ("http://10.0.0.1/t", "trust_url_not_https"),
            ("http://[::ffff:127.0.0.1]/t", "trust_url_not_https"),
            ("http://localhost.example.org/t", "trust_url_not_https"),
            ("ftp://example.org/t", "trust_url_invalid"),
            ("example.org/trust.bctl", "trust_url_invalid"),
            ("https:example.org/t", "trust_url_invalid"),
            ("https:/example.org/t", "trust_url_invalid"),
            ("javascript:alert(1)", "trust_url_invalid"),
            ("https://user:pw@example.org/t", "trust_url_invalid"),
            ("https://user@example.org/t", "trust_url_invalid"),
            ("https://exa mple.org/t", "trust_url_invalid"),
            ("https:///t", "trust_url_invalid"),
            ("https://example.org\\@evil.example/t", "trust_url_invalid"),
            ("https://example.org:0/t", "trust_url_invalid"),
            ("https://example.org:99999/t", "trust_url_invalid"),
            ("https://[::1/t", "trust_url_invalid"),
            ("https://::1/t", "trust_url_invalid"),
            ("https://exa%mple.org/", "trust_url_invalid"),
            ("https://exa<mple.org/", "trust_url_invalid"),
        ] {
            assert_eq!(check_url(bad).map_err(|e| e.code()), Err(code), "{bad:?}");
        }
        let long = format!("https://example.org/{}", "a".repeat(MAX_URL_LEN));
        assert_eq!(check_url(&long).unwrap_err().code(), "trust_url_invalid");
    }

    #[test]
    fn redirects_must_stay_https() {
        let from = check_url("https://example.org/a/trust.bctl").unwrap();
        let to = |loc: &str| redirect_target(&from, loc).map(|t| t.url);
        assert_eq!(to("/b/trust.bctl").unwrap(), "https://example.org/b/trust.bctl");
        assert_eq!(to("b/trust.bctl").unwrap(), "https://example.org/a/b/trust.bctl");
        assert_eq!(to("../c?x=1").unwrap(), "https://example.org/c?x=1");
        assert_eq!(to("https://mirror.example.org/t").unwrap(), "https://mirror.example.org/t");
        // Scheme-relative keeps https.
        assert_eq!(to("//mirror.example.org/t").unwrap(), "https://mirror.example.org/t");
        for bad in [
            "http://example.org/t",
            "http://127.0.0.1/t",
            "//user:pw@mirror.example.org/t",
            "ftp://x/y",
            "data:text/plain,x",
            "",
            "https://[::1/t",
        ] {
            assert_eq!(redirect_target(&from, bad).unwrap_err().code(), "trust_update_redirect", "{bad:?}");
        }
        let local = check_url("http://127.0.0.1:5/a").unwrap();
        assert_eq!(redirect_target(&local, "/b").unwrap().url, "http://127.0.0.1:5/b");
        assert_eq!(redirect_target(&local, "http://localhost:6/c").unwrap().url, "http://localhost:6/c");
        assert!(redirect_target(&local, "http://example.org/b").is_err());
    }

    #[test]
    fn no_proxy_follows_curl() {
        let m = no_proxy_matches;
        assert!(m("example.org", "example.org"));
        assert!(m("trust.example.org", "example.org"), "a domain covers the names under it");
        assert!(m("trust.example.org", ".example.org"));
        assert!(m("trust.example.org", "*.example.org"));
        assert!(m("Trust.Example.ORG.", " foo.test , example.org "), "case, spaces, a trailing dot");
        assert!(m("example.org", "example.org:443"), "a port is ignored");
        assert!(!m("badexample.org", "example.org"), "only on a dot boundary");
        assert!(!m("example.org.evil.test", "example.org"));
        assert!(!m("example.org", ""));
        assert!(m("anything.test", "a.test,*"));
        assert!(m("10.1.2.3", "10.0.0.0/8"));
        assert!(!m("11.1.2.3", "10.0.0.0/8"));
        assert!(m("192.168.1.9", "192.168.1.9"));
        assert!(!m("192.168.1.10", "192.168.1.9"));
        assert!(m("fd00::5", "fd00::/8"));
        assert!(m("2001:db8::1", "[2001:db8::1]"));
        assert!(!m("2001:db8::1", "10.0.0.0/8"));
        assert!(m("10.1.2.3", "0.0.0.0/0"));
        assert!(!m("10.1.2.3", "10.0.0.0/33"));
        assert!(!m("trust.example.org", "10.0.0.0/8"));
    }

    #[test]
    fn extra_roots_are_tried_last_and_only_when_given() {
        assert_eq!(trust_stores(&Options::default()), vec![TrustStore::System, TrustStore::Bundled]);
        let with = Options { extra_roots: vec![vec![0x30]], ..Options::default() };
        assert_eq!(trust_stores(&with), vec![TrustStore::System, TrustStore::Bundled, TrustStore::Extra]);
    }

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
