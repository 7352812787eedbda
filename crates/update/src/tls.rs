//! Where a server certificate's root may come from ([`TrustStore`]): the
//! system's store, the built-in Mozilla roots, the caller's extra roots; and
//! reading a TLS failure out of an I/O error.

use crate::Options;

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

pub(crate) fn roots(store: TrustStore, options: &Options) -> ureq::tls::RootCerts {
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
pub(crate) fn tls_inside(io: &std::io::Error) -> Option<String> {
    let inner = io.get_ref()?;
    inner.downcast_ref::<rustls::Error>().map(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_roots_are_tried_last_and_only_when_given() {
        assert_eq!(trust_stores(&Options::default()), vec![TrustStore::System, TrustStore::Bundled]);
        let with = Options { extra_roots: vec![vec![0x30]], ..Options::default() };
        assert_eq!(trust_stores(&with), vec![TrustStore::System, TrustStore::Bundled, TrustStore::Extra]);
    }
}
