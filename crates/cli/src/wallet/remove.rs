//! `buildcert wallet remove`: one certificate, or every one with `--all --yes`.

use buildcert_wallet::Wallet;

use super::print::Printer;

/// What was removed.
pub enum Removed {
    /// Every certificate (how many).
    All(u64),
    /// One (its wallet id).
    One(i64),
}

/// Removes `id`, or every certificate with `all` (which needs `yes`).
pub fn run(w: &Wallet, id: Option<String>, all: bool, yes: bool, p: &Printer) -> i32 {
    if all {
        if !yes {
            return p
                .usage("删除全部电子证书需要同时加 --yes 确认", "Removing every e-certificate needs --yes to confirm");
        }
        return p.done(w.remove_all().map(Removed::All));
    }
    let Some(id) = id else {
        return p.usage("请给出编号或证照标识，或用 --all --yes", "Give an id or e-licence identifier, or --all --yes");
    };
    p.done(w.resolve(&id).and_then(|i| w.remove(i).map(|_| Removed::One(i))))
}
