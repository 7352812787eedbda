//! The HTTP exchange: one GET per trust store with ureq, redirects followed
//! by hand and checked, the body read within the limits, and ureq's errors
//! turned into [`UpdateError`]s.

use std::time::{Duration, Instant};

use crate::address::redirect_target;
use crate::error::bad_url;
use crate::proxy::{proxy_for, proxy_name};
use crate::tls::{roots, tls_inside};
use crate::{check_url, trust_stores, Fetched, Limits, Options, Target, TrustStore, UpdateError};

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
