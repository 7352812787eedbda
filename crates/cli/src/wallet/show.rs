//! `buildcert wallet show`: one certificate with a fresh verification, and
//! its status as the app shows it ([`buildcert_service::entry_view`]).

use buildcert_bc1::VerifyingKey;
use buildcert_service::EntryView;
use buildcert_wallet::{Wallet, WalletError};
use chrono::NaiveDate;

/// One certificate, verified again at the check date.
pub struct Shown(pub EntryView);

/// Shows the certificate `key` (wallet id or e-licence identifier) at `date`.
pub fn run(w: &Wallet, key: &str, date: NaiveDate, extra: &[VerifyingKey], now: i64) -> Result<Shown, WalletError> {
    let id = w.resolve(key)?;
    let tl = w.current_trust_list(extra)?;
    let ctx = buildcert_service::check_context(w, date, now)?;
    buildcert_service::status::entry_view(w, id, tl.as_ref(), &ctx).map(Shown)
}
