//! QR codes that are not BC1: described for people, never followed.
//!
//! This crate has no network code. A web link is shown with its host so the
//! person can judge it; the app opens it in the browser only when asked.

use serde::{Deserialize, Serialize};

/// What a non-BC1 QR code holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OtherCodeKind {
    /// An `http://` or `https://` link (typically the official online query page).
    WebLink {
        /// The host the link goes to (after any `user@` part, without the port).
        host: String,
        /// Whether the link is `https://`.
        https: bool,
    },
    /// Any other text.
    Text,
}

/// A non-BC1 QR code found on a file, described for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OtherCode {
    /// The code's text, exactly as read (trimmed).
    pub text: String,
    /// What it is.
    pub kind: OtherCodeKind,
    /// What it is and what to do with it, in Chinese.
    pub zh: String,
    /// What it is and what to do with it, in English.
    pub en: String,
}

/// The host of a web link and whether it is https, read by the `url`
/// crate (WHATWG rules: user info, IPv6, `\\` as `/`, a host in
/// punycode); `None` for anything else.
fn link_host(text: &str) -> Option<(String, bool)> {
    let u = url::Url::parse(text).ok()?;
    let https = match u.scheme() {
        "https" => true,
        "http" => false,
        _ => return None,
    };
    // The WHATWG rules read "https:///x" as host "x": a link printed that
    // way names no host.
    let after = &text[text.find("://")? + 3..];
    if after.starts_with(['/', '\\']) {
        return None;
    }
    Some((u.host_str()?.to_ascii_lowercase(), https))
}

/// Describes a QR text that is not BC1. A web link is named with its host;
/// the messages say that BuildCert does not open it and how to use it.
pub fn describe_other_code(text: &str) -> OtherCode {
    let text = text.trim().to_string();
    match link_host(&text) {
        Some((host, https)) => {
            let (zh_plain, en_plain) = if https {
                (String::new(), String::new())
            } else {
                ("注意：该网址未加密（http）。".to_string(), " Note: the link is not encrypted (http).".to_string())
            };
            OtherCode {
                zh: format!(
                    "二维码内容是一个网址，指向 {host} 的在线查询页面，不是可离线核验的 BC1 签名数据。本软件不会自动打开它；如需在线核验，请确认该网址属于官方平台后，再自行在浏览器中打开。{zh_plain}"
                ),
                en: format!(
                    "The QR code holds a web link to an online query page on {host}, not BC1 signed data that can be verified offline. BuildCert does not open it; to check online, make sure the link belongs to the official platform, then open it in your browser yourself.{en_plain}"
                ),
                kind: OtherCodeKind::WebLink { host, https },
                text,
            }
        }
        None => OtherCode {
            zh: "二维码内容是一段文字，不是 BC1 签名数据，无法据此核验证书。".into(),
            en: "The QR code holds plain text, not BC1 signed data; it cannot be used to verify the certificate."
                .into(),
            kind: OtherCodeKind::Text,
            text,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        let c = describe_other_code(" https://zjy.example.invalid/query?lid=3F2A&code=8d1e\n");
        assert_eq!(c.text, "https://zjy.example.invalid/query?lid=3F2A&code=8d1e");
        assert_eq!(c.kind, OtherCodeKind::WebLink { host: "zjy.example.invalid".into(), https: true });
        assert!(c.zh.contains("不会自动打开") && c.en.contains("does not open it"));
        // The host is what follows user info: a deceptive link names the real host.
        let c = describe_other_code("https://gov.example.cn@evil.example:8443/x");
        assert_eq!(c.kind, OtherCodeKind::WebLink { host: "evil.example".into(), https: true });
        let c = describe_other_code("HTTP://Query.Example.CN?x=1");
        assert_eq!(c.kind, OtherCodeKind::WebLink { host: "query.example.cn".into(), https: false });
        assert!(c.en.contains("not encrypted"));
        assert_eq!(describe_other_code("https:///nohost").kind, OtherCodeKind::Text);
        // A backslash ends the host as a browser reads it.
        let c = describe_other_code("https://evil.example\\@gov.example.cn/x");
        assert_eq!(c.kind, OtherCodeKind::WebLink { host: "evil.example".into(), https: true });
        let c = describe_other_code("http://[::1]:8080/x");
        assert_eq!(c.kind, OtherCodeKind::WebLink { host: "[::1]".into(), https: false });
        assert_eq!(describe_other_code("ftp://x").kind, OtherCodeKind::Text);
        assert_eq!(describe_other_code("证书编号123").kind, OtherCodeKind::Text);
    }
}
