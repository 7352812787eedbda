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

mod address;
mod error;
mod fetch;
mod proxy;
mod tls;

use std::time::Duration;

pub use address::{check_url, is_loopback_host, Target};
pub use error::UpdateError;
pub use fetch::{fetch_trust_list, fetch_with, fetch_with_options};
pub use tls::{trust_stores, TrustStore};

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

/// A fetched trust list, not yet verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The body as received.
    pub bytes: Vec<u8>,
    /// The address it finally came from (after redirects), as the `url`
    /// crate writes it.
    pub url: String,
}
