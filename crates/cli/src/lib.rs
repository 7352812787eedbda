//! `buildcert` — verify first-class constructor e-certificates offline,
//! read QR codes from images and PDFs, and manage the trust list.
//!
//! The command line as a library: the argument parser ([`Cli`]) and
//! [`run`], which the `buildcert` binary (src/main.rs) calls, and each
//! subcommand's module, which tests drive directly.
//!
//! Exit status: 0 every input valid or warning; 1 any invalid; 2 any input
//! could not be read, or wrong arguments; 3 any unverified (a QR code that is
//! not BC1) and none of the above.

pub mod demo_cmd;
pub mod lang;
pub mod output;
pub mod scan_cmd;
pub mod tender_cmd;
pub mod tender_saved;
pub mod trust_cmd;
pub mod verify_cmd;
pub mod wallet;

use clap::{Parser, Subcommand};

/// 建造师证书夹 BuildCert — offline verification of first-class constructor e-certificates.
#[derive(Parser)]
#[command(name = "buildcert", version, about, long_about = None)]
pub struct Cli {
    /// Language of messages: zh or en (default: from LANG).
    #[arg(long, global = true, value_parser = ["zh", "en"])]
    lang: Option<String>,
    /// Profile: `real` (default) or `demo`, the demo's own wallet and trust
    /// store (演示; also BUILDCERT_PROFILE=demo). Every verdict there says DEMO.
    #[arg(long, global = true, value_parser = ["real", "demo"])]
    profile: Option<String>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Verify certificates (QR text, image or PDF files, or - for standard input).
    Verify(verify_cmd::VerifyArgs),
    /// Print every QR code found in images or PDFs.
    Scan(scan_cmd::ScanArgs),
    /// Tender check (投标核查): a bid team's certificates at once, with reports.
    Tender(tender_cmd::TenderArgs),
    /// The wallet (证书夹): import, list, show, remove, export, backup, restore.
    #[command(subcommand)]
    Wallet(wallet::WalletCommand),
    /// Alerts: what runs out when, and what to do.
    Alerts(wallet::AlertsArgs),
    /// Import or show the trust list (信任列表).
    #[command(subcommand)]
    Trust(trust_cmd::TrustCmd),
    /// The demo (演示): install it into its own profile, or remove it.
    #[command(subcommand)]
    Demo(demo_cmd::DemoCmd),
}

/// Whether a panic is `println!`'s on a closed pipe ("failed printing to
/// stdout: Broken pipe (os error 32)"; on Windows "The pipe is being closed").
pub fn is_closed_stdout(payload: &(dyn std::any::Any + Send)) -> bool {
    let msg = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("");
    msg.starts_with("failed printing to stdout")
        && (msg.contains("Broken pipe") || msg.contains("os error 32") || msg.contains("os error 232"))
}

/// Parses the process's arguments and runs the command; returns the exit status.
pub fn run() -> i32 {
    let cli = Cli::parse();
    let lang = lang::resolve(cli.lang.as_deref());
    let now = lang::now();
    let base = buildcert_wallet::data_dir();
    if let Cmd::Demo(c) = cli.cmd {
        return demo_cmd::run(c, &base, lang, now);
    }
    let demo = match cli.profile.as_deref() {
        Some(p) => p == "demo",
        None => std::env::var("BUILDCERT_PROFILE").is_ok_and(|p| p.eq_ignore_ascii_case("demo")),
    };
    let profile = if demo { buildcert_wallet::Profile::Demo } else { buildcert_wallet::Profile::Real };
    // Opening the profile marks a demo wallet as the demo's and removes the
    // private keys older versions left behind; every command below then
    // works in that profile's folder.
    if let Err(e) = buildcert_service::open_profile(&base, profile) {
        lang::error(lang, &e.zh(), &e.en());
        return 2;
    }
    if demo {
        // Set before any thread starts; every command finds its folder
        // through buildcert_wallet::data_dir().
        std::env::set_var(buildcert_wallet::DATA_DIR_ENV, buildcert_wallet::profile_dir(&base, profile));
    }
    match cli.cmd {
        Cmd::Verify(a) => verify_cmd::run(a, lang, now),
        Cmd::Scan(a) => scan_cmd::run(a, lang),
        Cmd::Trust(c) => trust_cmd::run(c, lang, now),
        Cmd::Wallet(c) => wallet::run_wallet(c, &buildcert_wallet::data_dir(), lang, now),
        Cmd::Alerts(a) => wallet::run_alerts(a, &buildcert_wallet::data_dir(), lang, now),
        Cmd::Demo(_) => unreachable!("handled above"),
        Cmd::Tender(a) => {
            let data = buildcert_wallet::data_dir();
            if a.list || a.delete.is_some() {
                tender_saved::list_or_delete(&a, &data, lang)
            } else {
                let from = trust_cmd::TrustArgs { trust_list: a.trust_list.clone(), root_keys: a.root_keys.clone() };
                match trust_cmd::load_trust(&from, lang) {
                    Ok(t) => match a.recheck {
                        Some(id) => tender_saved::recheck(&a, id, &t.list, &data, lang, now),
                        None => {
                            let save = a.save;
                            let (result, code) = tender_cmd::run_keep(a, lang, now, Some(t.list));
                            match result {
                                Some(r) if save => code.max(tender_saved::save(&r, &data, lang, now)),
                                _ => code,
                            }
                        }
                    },
                    Err(code) => code,
                }
            }
        }
    }
}
