//! `buildcert wallet list`: the current copies, and with `--all` the older ones.

use buildcert_wallet::{CertSummary, ListFilter, Wallet, WalletError};

/// The certificates listed.
pub struct Listed(pub Vec<CertSummary>);

/// Lists the certificates matching `search`; `all` adds superseded copies.
pub fn run(w: &Wallet, search: Option<String>, all: bool) -> Result<Listed, WalletError> {
    w.list(&ListFilter { query: search, include_superseded: all }).map(Listed)
}
