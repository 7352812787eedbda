//! Choosing the proxy for a target: none for this computer, else the
//! system's unless `NO_PROXY` names the host (curl's rules).

use std::net::IpAddr;

use crate::{Target, UpdateError};

/// `host:port` of a proxy, for messages (never its user name or password).
pub(crate) fn proxy_name(proxy: &ureq::Proxy) -> String {
    let host = proxy.host();
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]:{}", proxy.port())
    } else {
        format!("{host}:{}", proxy.port())
    }
}

/// Whether the `NO_PROXY` list `list` names `host` (rules in [`Options`](crate::Options)).
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
pub(crate) fn proxy_for(target: &Target) -> Result<Option<ureq::Proxy>, UpdateError> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
