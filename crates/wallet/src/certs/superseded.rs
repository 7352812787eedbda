//! Which stored copy supersedes which: a newer download of the same
//! registration and holder, in SQL ([`SUPERSEDES`]) and in memory
//! ([`mark_superseded`]), and the `superseded` reason shown for it.

use std::collections::HashMap;

use buildcert_bc1::messages::reason;
use buildcert_bc1::{Code, Reason};

use super::TrustState;

/// The rule of [`mark_superseded`] in SQL, for copy `c` and newer copy `n`.
pub(crate) const SUPERSEDES: &str = "n.reg = c.reg AND n.holder_key = c.holder_key AND n.iat > c.iat \
     AND n.trust_state != 'rejected' \
     AND (c.trust_state != 'verified' OR c.kind != 'bc1' OR (n.trust_state = 'verified' AND n.kind = 'bc1'))";

/// What [`mark_superseded`] needs of one stored copy: its registration, its
/// holder key, its download time (iat) and its trust state.
pub(crate) type CopyKey<'a> = (&'a str, &'a str, i64, TrustState);

/// Marks which stored copies are superseded, for the whole table in one
/// pass: a copy is superseded when the wallet holds a newer download
/// (greater iat) of the same registration and holder that is not rejected,
/// and, for a verified copy, that is verified too. An unverified or
/// official-format copy never hides a verified one: both stay current.
/// `key` reads a row's [`CopyKey`]; `mark` stores the answer in it.
///
/// The same rule as [`SUPERSEDED_EXISTS`], done in memory for listings of
/// every row: a window query in SQLite sorted every wide row twice and took
/// most of the 10,000-certificate listing's time (wallet benchmark).
pub(crate) fn mark_superseded<T>(rows: &mut [T], key: fn(&T) -> CopyKey<'_>, mark: fn(&mut T, bool)) {
    let flags = superseded_flags(rows.iter().map(key));
    for (row, superseded) in rows.iter_mut().zip(flags) {
        mark(row, superseded);
    }
}

/// One flag per copy, in order: whether a newer copy of the same
/// registration and holder supersedes it (see [`mark_superseded`]).
fn superseded_flags<'a>(copies: impl Iterator<Item = CopyKey<'a>> + Clone) -> Vec<bool> {
    // Per (registration, holder): the newest unrejected and the newest verified download.
    let mut newest: HashMap<_, (Option<i64>, Option<i64>)> = HashMap::with_capacity(copies.size_hint().0);
    for (reg, holder, iat, state) in copies.clone() {
        if state != TrustState::Rejected {
            let n = newest.entry((reg, holder)).or_default();
            n.0 = Some(n.0.map_or(iat, |v| v.max(iat)));
            if state == TrustState::Verified {
                n.1 = Some(n.1.map_or(iat, |v| v.max(iat)));
            }
        }
    }
    copies
        .map(|(reg, holder, iat, state)| {
            let (any, verified) = newest.get(&(reg, holder)).copied().unwrap_or_default();
            let by = if state == TrustState::Verified { verified } else { any };
            by.is_some_and(|n| n > iat)
        })
        .collect()
}

pub(crate) fn superseded_reason() -> Reason {
    reason(
        Code::Superseded,
        "证书夹中有同一注册编号更新的下载版本，请使用最新版本",
        "the wallet holds a newer download of this registration; use the newest copy",
    )
}

#[cfg(test)]
mod tests {
    use super::superseded_flags;
    use super::TrustState::{OfficialUnverified as O, Rejected as R, Unverified as U, Verified as V};

    #[test]
    fn a_copy_is_superseded_only_by_a_newer_unrejected_copy_of_the_same_holder_and_registration() {
        let copies = [
            ("京A", "h1", 100, V), // older: superseded by the 200 below
            ("京A", "h1", 200, V), // newest: current
            ("京A", "h1", 300, R), // newer but rejected: supersedes nothing, and is not superseded
            ("京A", "h2", 50, V),  // other holder, same registration: current
            ("京B", "h1", 10, V),  // other registration: current
            ("京C", "h3", 70, V),  // same iat twice: neither supersedes the other
            ("京C", "h3", 70, V),
            ("京D", "h4", 5, R), // a rejected copy older than a current one is superseded
            ("京D", "h4", 6, V),
        ];
        let flags = superseded_flags(copies.into_iter());
        assert_eq!(flags, [true, false, false, false, false, false, false, true, false]);
    }

    #[test]
    fn an_unverified_copy_never_hides_a_verified_one() {
        let copies = [
            ("京A", "h1", 100, V), // verified; the newer copies are not: it stays current
            ("京A", "h1", 200, U), // unverified, newer: current beside it
            ("京A", "h1", 300, O), // official-format, newer still: current, and supersedes the unverified one
            ("京B", "h2", 10, U),  // unverified, older than a verified copy: superseded
            ("京B", "h2", 20, V),
            ("京C", "h3", 10, V), // verified, then a newer verified copy: superseded as before
            ("京C", "h3", 20, U),
            ("京C", "h3", 30, V),
        ];
        let flags = superseded_flags(copies.into_iter());
        assert_eq!(flags, [false, true, false, true, false, true, true, false]);
    }
}
