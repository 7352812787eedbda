//! Saved tender checks in the wallet: `buildcert tender … --save`,
//! `buildcert tender --list`, `buildcert tender --recheck ID [--date D]
//! [--save]`, `buildcert tender --delete ID`.
//!
//! Exit status: as `buildcert tender` for a re-check (0 passed, 1 not);
//! 0 for --list and --delete; 2 when the wallet cannot be used or the id
//! is unknown.

use std::path::Path;

use buildcert_bc1::date::{format_date, format_epoch};
use buildcert_bc1::{Lang, TrustList};
use buildcert_tender::TenderResult;
use buildcert_wallet::{Wallet, WalletError};
use serde_json::json;

use crate::tender_cmd::{report_and_print, TenderArgs};

fn pick<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn fail(e: &WalletError, lang: Lang, json: bool) -> i32 {
    if json {
        println!("{}", json!({"error": crate::wallet::print::coded(e.code(), &e.localized())}));
    } else {
        eprintln!("buildcert: {}", e.message(lang));
    }
    2
}

/// Saves a result in the wallet and says under which id (on standard
/// error, so that `--json` output stays one document). Returns 0, or 2
/// when the wallet cannot be used.
pub fn save(result: &TenderResult, data_dir: &Path, lang: Lang, now: i64) -> i32 {
    match Wallet::open(data_dir).and_then(|w| w.save_tender(&result.tender, result, now)) {
        Ok(id) => {
            eprintln!(
                "{}",
                match lang {
                    Lang::Zh => format!("已保存到证书夹，编号 {id}（buildcert tender --recheck {id} 可重新核查）"),
                    Lang::En =>
                        format!("Saved in the wallet as id {id} (buildcert tender --recheck {id} checks it again)"),
                }
            );
            0
        }
        Err(e) => fail(&e, lang, false),
    }
}

/// `--list` and `--delete ID`.
pub fn list_or_delete(args: &TenderArgs, data_dir: &Path, lang: Lang) -> i32 {
    let w = match Wallet::open(data_dir) {
        Ok(w) => w,
        Err(e) => return fail(&e, lang, args.json),
    };
    if let Some(id) = args.delete {
        return match w.delete_tender(id) {
            Ok(()) => {
                if args.json {
                    println!("{}", json!({"deleted": id}));
                } else {
                    println!(
                        "{}",
                        match lang {
                            Lang::Zh => format!("已删除保存的投标核查 {id}"),
                            Lang::En => format!("Deleted saved tender check {id}"),
                        }
                    );
                }
                0
            }
            Err(e) => fail(&e, lang, args.json),
        };
    }
    let list = match w.list_tenders() {
        Ok(l) => l,
        Err(e) => return fail(&e, lang, args.json),
    };
    if args.json {
        println!("{}", json!(list));
    } else if list.is_empty() {
        println!("{}", pick(lang, "证书夹中没有保存的投标核查", "No saved tender checks in the wallet"));
    } else {
        for t in &list {
            let verdict = if t.passed {
                pick(lang, "✓ 通过", "✓ passed")
            } else {
                pick(lang, "✕ 未通过", "✕ not passed")
            };
            let c = &t.counts;
            println!(
                "{:>4}  {}  {} {}  {}  {}  ({} {}, {} {})",
                t.id,
                t.name,
                pick(lang, "投标日", "bid date"),
                format_date(t.bid_date),
                verdict,
                match lang {
                    Lang::Zh => format!(
                        "{} 行：有效 {}、需注意 {}、无效 {}、无法读取 {}、未验证 {}",
                        c.rows, c.valid, c.warning, c.invalid, c.error, c.unverified
                    ),
                    Lang::En => format!(
                        "{} rows: valid {}, warning {}, not valid {}, could not read {}, not verified {}",
                        c.rows, c.valid, c.warning, c.invalid, c.error, c.unverified
                    ),
                },
                pick(lang, "核查于", "checked"),
                format_epoch(t.checked_at),
                pick(lang, "保存于", "saved"),
                format_epoch(t.saved_at),
            );
        }
    }
    0
}

/// `--recheck ID [--date D] [--save]`: the saved tender checked again with
/// `trust` (the wallet's current list unless --trust-list) at `now`, from
/// the kept QR texts (no file is read); reports and output as a fresh run.
pub fn recheck(args: &TenderArgs, id: i64, trust: &TrustList, data_dir: &Path, lang: Lang, now: i64) -> i32 {
    let w = match Wallet::open(data_dir) {
        Ok(w) => w,
        Err(e) => return fail(&e, lang, args.json),
    };
    let (mut tender, saved) = match w.load_tender(id) {
        Ok(x) => x,
        Err(e) => return fail(&e, lang, args.json),
    };
    if let Some(d) = args.date {
        tender.bid_date = d;
    }
    if args.valid_until.is_some() {
        tender.valid_until = args.valid_until;
    }
    let result = match buildcert_tender::recheck(&saved, Some(&tender), trust, now) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("buildcert: {}", e.localized().get(lang));
            return 2;
        }
    };
    let code = report_and_print(&result, &args.reports, args.csv_encoding.into(), args.json, lang);
    if args.save {
        if let Err(e) = w.update_tender_result(id, &result, now) {
            return fail(&e, lang, false);
        }
        eprintln!(
            "{}",
            match lang {
                Lang::Zh => format!("已更新保存的投标核查 {id}"),
                Lang::En => format!("Saved tender check {id} updated"),
            }
        );
    }
    code
}
