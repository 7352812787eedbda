//! What the app and the command line both say about the wallet at a date:
//! the check context (one threshold rule, from the wallet's settings), each
//! current copy's status with its older copies grouped under it, and the
//! alerts. Pinned by `tests/agreement.rs`.

use buildcert_bc1::{CheckContext, Status, TrustList, VerifyingKey};
use buildcert_wallet::{Alert, CertDetail, CertSummary, Profile, TrustState, Wallet, WalletError};
use chrono::NaiveDate;
use serde::Serialize;

/// The check context for the check date `date` at `now`, with the
/// thresholds of the wallet's settings ([`buildcert_wallet::Settings::thresholds`]:
/// the usage warning starts at the largest usage reminder). The app and the
/// command line use this one rule.
pub fn check_context(w: &Wallet, date: NaiveDate, now: i64) -> Result<CheckContext, WalletError> {
    let mut ctx = CheckContext::new(date, now);
    ctx.thresholds = w.settings()?.thresholds();
    Ok(ctx)
}

/// A check date as typed (`YYYY-MM-DD`, spaces around ignored); `today`
/// when none or blank. `Err` holds the text that is not a date.
pub fn check_date(text: Option<&str>, today: NaiveDate) -> Result<NaiveDate, String> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(today),
        Some(t) => buildcert_bc1::date::parse_date(t).ok_or_else(|| t.to_string()),
    }
}

/// How a stored copy stands at the check date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    /// 有效.
    Valid,
    /// 有效（需注意）.
    Warning,
    /// 无效.
    Invalid,
    /// 未验证: signed by a key the trust list does not know, no trust list,
    /// or an official-format entry (never verified, whatever its dates say).
    Unverified,
}

impl EntryStatus {
    /// The stable string (`valid`, `warning`, `invalid`, `unverified`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntryStatus::Valid => "valid",
            EntryStatus::Warning => "warning",
            EntryStatus::Invalid => "invalid",
            EntryStatus::Unverified => "unverified",
        }
    }
}

/// The status of a stored copy from [`Wallet::show`]'s answer.
pub fn entry_status(d: &CertDetail) -> EntryStatus {
    if d.official.is_some() || d.summary.trust_state == TrustState::OfficialUnverified {
        return EntryStatus::Unverified;
    }
    match &d.verdict {
        None => EntryStatus::Unverified,
        Some(_) if d.summary.trust_state == TrustState::Unverified => EntryStatus::Unverified,
        Some(v) => match v.status {
            Status::Valid => EntryStatus::Valid,
            Status::Warning => EntryStatus::Warning,
            Status::Invalid => EntryStatus::Invalid,
        },
    }
}

/// One current copy in the wallet at a check date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryView {
    /// The copy, checked afresh at the date ([`Wallet::show`]).
    pub detail: CertDetail,
    /// Its status ([`entry_status`]).
    pub status: EntryStatus,
    /// A demo (演示) certificate: verified under a list on a demo root.
    pub demo: bool,
    /// The older copies it supersedes, newest first, grouped by
    /// registration and holder key ([`Wallet::list_groups`]).
    pub older: Vec<CertSummary>,
}

/// The trust list in use (with `extra_roots`), `None` before one is imported.
pub fn trust_list(w: &Wallet, extra_roots: &[VerifyingKey]) -> Result<Option<TrustList>, WalletError> {
    w.current_trust_list(extra_roots)
}

/// One stored copy at the check date of `ctx`, under `trust`.
pub fn entry_view(
    w: &Wallet,
    id: i64,
    trust: Option<&TrustList>,
    ctx: &CheckContext,
) -> Result<EntryView, WalletError> {
    let detail = w.show(id, trust, ctx)?;
    let status = entry_status(&detail);
    let demo = detail.official.is_none()
        && trust.is_some_and(|t| t.demo)
        && detail.summary.trust_state != TrustState::Unverified;
    Ok(EntryView { detail, status, demo, older: Vec::new() })
}

/// Every current copy at the check date `date` (at `now`), newest download
/// first, with its status and its older copies: the wallet as the app's
/// list and the command line's show it.
pub fn wallet_overview(
    w: &Wallet,
    extra_roots: &[VerifyingKey],
    date: NaiveDate,
    now: i64,
) -> Result<Vec<EntryView>, WalletError> {
    let ctx = check_context(w, date, now)?;
    let trust = w.current_trust_list(extra_roots)?;
    let mut out = Vec::new();
    for (current, older) in w.list_groups()? {
        let mut v = entry_view(w, current.id, trust.as_ref(), &ctx)?;
        v.older = older;
        out.push(v);
    }
    Ok(out)
}

/// Every alert at `date` (the wallet's settings decide the reminders).
pub fn alerts(w: &Wallet, date: NaiveDate, now: i64) -> Result<Vec<Alert>, WalletError> {
    w.alerts(date, now)
}

/// The alerts at `date` not announced before; they count as announced from `now`.
pub fn take_new_alerts(w: &Wallet, date: NaiveDate, now: i64) -> Result<Vec<Alert>, WalletError> {
    w.take_new_alerts(date, now)
}

/// Whether to offer the demo (演示): the real profile, an empty wallet and
/// no trust list yet.
pub fn demo_offer(profile: Profile, w: &Wallet) -> Result<bool, WalletError> {
    Ok(profile == Profile::Real && w.count()? == 0 && w.current_trust_list(&[])?.is_none())
}
