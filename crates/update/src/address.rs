//! Checking an address ([`check_url`]) and a redirect's `Location` against
//! the rules, with the `url` crate: https only (plain http for this
//! computer), no user info, bounded length.

use std::net::IpAddr;

use url::{Host, Url};

use crate::error::bad_url;
use crate::{UpdateError, MAX_URL_LEN};

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
pub(crate) fn redirect_target(from: &Target, location: &str) -> Result<Target, UpdateError> {
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
}
