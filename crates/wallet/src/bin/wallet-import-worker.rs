//! Test helper for the crash and concurrency tests (not for users): imports
//! test certificates into a wallet in a loop, with a trust-list import
//! (which re-verifies everything stored) every 7th step.
//!
//! `wallet-import-worker DIR START COUNT [official]` — prints `ok N` after
//! each committed import. With `official`, each step stores an
//! official-format entry with its original file instead of a BC1 copy. Exit 0 when done, 3 when the wallet was busy, 2 on any
//! other error.

use buildcert_bc1::date::add_days;
use buildcert_bc1::CheckContext;
use buildcert_wallet::testutil::{day0, issuer, root_hex, text, trust_bytes};
use buildcert_wallet::{Wallet, WalletError};
use std::io::Write;

fn run() -> Result<(), WalletError> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 && !(args.len() == 5 && args[4] == "official") {
        eprintln!("usage: wallet-import-worker DIR START COUNT [official]");
        std::process::exit(2);
    }
    let dir = std::path::PathBuf::from(&args[1]);
    let start: u64 = args[2].parse().unwrap_or(0);
    let count: u64 = args[3].parse().unwrap_or(0);
    let w = Wallet::open(&dir)?;
    w.pin_root(&root_hex(), "test root", true)?;
    let now = 1_790_000_000;
    let mut out = std::io::stdout();
    if args.len() == 5 {
        for i in start..start + count {
            // (holder, usage start) is different for every i below 20,000.
            let from = add_days(day0(), (i / 50) as i64 % 400);
            let e = buildcert_wallet::testutil::official_entry((i % 50) as u32, from);
            let pdf = format!("%PDF-1.7 official {i}");
            w.add_official(&e, None, Some((&format!("official-{i}.pdf"), pdf.as_bytes())), now)?;
            let _ = writeln!(out, "ok {i}");
            let _ = out.flush();
        }
        return Ok(());
    }
    for i in start..start + count {
        if i % 7 == 0 {
            // Two workers may race for the same next seq: the loser is
            // (rightly) refused as a rollback or conflict, and tries again
            // with the seq now kept.
            for attempt in 0..5 {
                let seq = w.trust_history()?.iter().map(|t| t.seq).max().unwrap_or(0) + 1;
                match w.import_trust_list(&trust_bytes(seq, &[issuer().verifying_key()], &[]), &[], now) {
                    Ok(_) => {
                        let _ = writeln!(out, "trust {seq}");
                        break;
                    }
                    Err(e) if attempt < 4 && matches!(e.code(), "trust_list_rollback" | "trust_list_conflict") => {
                        continue
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        let tl = w.current_trust_list(&[])?;
        let download = add_days(day0(), (i / 50) as i64 % 60);
        let t = text((i % 50) as u32, 5_000_000 + i, download);
        let ctx = CheckContext::new(add_days(download, 1), now);
        w.import(&format!("cert-{i}.txt"), t.as_bytes(), tl.as_ref(), &ctx, true)?;
        let _ = writeln!(out, "ok {i}");
        let _ = out.flush();
    }
    Ok(())
}

fn main() {
    match run() {
        Ok(()) => {}
        Err(e) => {
            eprintln!("[{}] {e}", e.code());
            std::process::exit(if e.code() == "wallet_busy" { 3 } else { 2 });
        }
    }
}
