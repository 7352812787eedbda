//! `buildcert wallet list`: the wallet as the app's list shows it, from the
//! same use-case ([`buildcert_service::wallet_overview`]): every current
//! copy checked at the date with its status (有效 / 有效（需注意）/ 无效 /
//! 未验证, and 演示), its older copies grouped under it by registration and
//! holder key.

use std::collections::HashSet;

use buildcert_service::{wallet_overview, EntryView};
use buildcert_wallet::{ListFilter, Wallet, WalletError};
use chrono::NaiveDate;

/// The certificates listed.
pub struct Listed {
    /// Current copies, newest download first, each with its older copies.
    pub entries: Vec<EntryView>,
    /// Whether the person asked to see the older copies (`--all`).
    pub all: bool,
}

/// Lists the current copies at `date` (at `now`); with `search`, only the
/// groups where the current copy or an older one matches it.
pub fn run(w: &Wallet, search: Option<String>, all: bool, date: NaiveDate, now: i64) -> Result<Listed, WalletError> {
    let mut entries = wallet_overview(w, &[], date, now)?;
    if let Some(q) = search.filter(|q| !q.trim().is_empty()) {
        let hits: HashSet<i64> =
            w.list(&ListFilter { query: Some(q), include_superseded: true })?.into_iter().map(|c| c.id).collect();
        entries.retain(|e| hits.contains(&e.detail.summary.id) || e.older.iter().any(|o| hits.contains(&o.id)));
    }
    Ok(Listed { entries, all })
}
