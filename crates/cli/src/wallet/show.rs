//! `buildcert wallet show`: one certificate with a fresh verification.

use buildcert_bc1::VerifyingKey;
use buildcert_wallet::{CertDetail, Wallet, WalletError};
use chrono::NaiveDate;

/// One certificate, verified again at the check date.
pub struct Shown(pub CertDetail);

/// Shows the certificate `key` (wallet id or e-licence identifier) at `date`.
pub fn run(w: &Wallet, key: &str, date: NaiveDate, extra: &[VerifyingKey], now: i64) -> Result<Shown, WalletError> {
    let id = w.resolve(key)?;
    let tl = w.current_trust_list(extra)?;
    let ctx = buildcert_service::check_context(w, date, now)?;
    w.show(id, tl.as_ref(), &ctx).map(Shown)
}
