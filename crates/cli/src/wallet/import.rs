//! `buildcert wallet import`: each input verified and stored, refused, or
//! (an official-format PDF) shown and stored only when confirmed.

use std::io::Read;
use std::path::Path;

use buildcert_bc1::{CheckContext, TrustList, VerifyingKey};
use buildcert_wallet::{ImportResult, Wallet, WalletError};
use chrono::NaiveDate;

use super::official::{self, OfficialOpts};
use super::print::Printer;

/// What became of one input.
pub enum Item {
    /// The input could not be read.
    Unreadable(String, WalletError),
    /// Stored, or already in the wallet.
    Imported(String, ImportResult),
    /// Refused by the wallet.
    Refused(String, WalletError),
    /// An official-format certificate.
    Official(official::Shown),
}

/// Imports every file (`-` is standard input) at check date `date`; one
/// item each is printed as it is done. Returns the worst exit status.
#[allow(clippy::too_many_arguments)]
pub fn run(
    w: &Wallet,
    files: &[String],
    allow_unverified: bool,
    official: &OfficialOpts,
    date: NaiveDate,
    extra: &[VerifyingKey],
    now: i64,
    p: &mut Printer,
) -> i32 {
    let tl = match w.current_trust_list(extra) {
        Ok(t) => t,
        Err(e) => return p.error(&e),
    };
    // The app's check context: the thresholds of the wallet's settings.
    let ctx = match buildcert_service::check_context(w, date, now) {
        Ok(c) => c,
        Err(e) => return p.error(&e),
    };
    let mut code = 0;
    for f in files {
        let item = one(w, f, tl.as_ref(), &ctx, allow_unverified, official, now);
        code = code.max(p.item(&item));
    }
    p.items_done();
    code
}

/// Reads one input: its file name and bytes. Only a regular file is read: a
/// FIFO or device is refused before it is opened.
fn read(f: &str) -> Result<(String, Vec<u8>), WalletError> {
    if f == "-" {
        let mut b = vec![];
        std::io::stdin()
            .read_to_end(&mut b)
            .map_err(|e| WalletError::Io { path: "-".into(), detail: e.to_string() })?;
        return Ok(("stdin.txt".to_string(), b));
    }
    let b = buildcert_check::read_file(Path::new(f), buildcert_scan::Limits::default().max_file_bytes)
        .map_err(|e| WalletError::Io { path: f.into(), detail: e.to_string() })?;
    let name = Path::new(f).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| f.to_string());
    Ok((name, b))
}

fn one(
    w: &Wallet,
    f: &str,
    tl: Option<&TrustList>,
    ctx: &CheckContext,
    allow_unverified: bool,
    official: &OfficialOpts,
    now: i64,
) -> Item {
    let (name, bytes) = match read(f) {
        Ok(x) => x,
        Err(e) => return Item::Unreadable(f.to_string(), e),
    };
    if bytes.len() as u64 > buildcert_wallet::certs::MAX_ORIGINAL_BYTES {
        let e = WalletError::TooLarge { size: bytes.len() as u64, max: buildcert_wallet::certs::MAX_ORIGINAL_BYTES };
        return Item::Refused(f.to_string(), e);
    }
    // The app's rule (buildcert_service::intake), with one time budget for
    // the whole file: a file past a bound is refused saying which, never
    // sent on to the official-format reading.
    let limits = buildcert_scan::Limits::default().for_one_input();
    let reading = match buildcert_service::intake(&bytes, &limits) {
        buildcert_service::Intake::Read(r) => r,
        buildcert_service::Intake::OfficialPdf => {
            return Item::Official(official::import(w, f, &name, &bytes, &limits, official, now))
        }
        buildcert_service::Intake::Refused(e) => {
            return Item::Refused(f.to_string(), WalletError::unreadable(e.localized()))
        }
    };
    let result = w.import_reading(&name, &bytes, &reading, tl, ctx, allow_unverified);
    match result {
        Ok(r) => Item::Imported(f.to_string(), r),
        Err(e) => Item::Refused(f.to_string(), e),
    }
}
