//! `buildcert demo install|remove|path`: the demo profile (演示), apart from
//! the real one. `buildcert --profile demo …` runs any command in it.

use buildcert_bc1::date::{parse_date, today_cst};
use buildcert_bc1::Lang;
use clap::Subcommand;

use crate::lang::{error, pick};

/// `buildcert demo …`.
#[derive(Subcommand)]
pub enum DemoCmd {
    /// Install the demo into its own profile: demo certificates and a trust
    /// list signed with fresh random keys (no private key is kept). The real
    /// wallet and trust store are not touched.
    Install {
        /// The date the demo states are relative to (default: today, UTC+08:00).
        #[arg(long)]
        today: Option<String>,
    },
    /// Delete the demo profile with everything in it.
    Remove,
    /// Print the demo profile's folder.
    Path,
}

/// Runs `buildcert demo …` with the base data folder `base`.
pub fn run(cmd: DemoCmd, base: &std::path::Path, lang: Lang, now: i64) -> i32 {
    match cmd {
        DemoCmd::Install { today } => {
            let today = match today.as_deref().map(|t| parse_date(t.trim())) {
                None => today_cst(now),
                Some(Some(d)) => d,
                Some(None) => {
                    error(lang, "--today 需要 YYYY-MM-DD 格式的日期", "--today takes a date as YYYY-MM-DD");
                    return 2;
                }
            };
            match buildcert_service::install_demo(base, today, now) {
                Ok(r) if r.already => {
                    println!(
                        "{} {}",
                        pick(lang, "演示数据已安装，未改动：", "The demo is installed already, nothing changed:"),
                        r.dir.display()
                    );
                    0
                }
                Ok(r) => {
                    match lang {
                        Lang::Zh => println!(
                            "已安装演示数据（演示模式）：{}\n  {} 份演示证书已存入演示证书夹，{} 份未存入（演示的无效状态）\n  演示根密钥（随机生成，指纹 {}）只在演示配置中受信任；正式证书夹未改动\n  使用：buildcert --profile demo wallet list；删除：buildcert demo remove",
                            r.dir.display(), r.added, r.refused, r.root_fingerprint
                        ),
                        Lang::En => println!(
                            "Demo installed (demo mode): {}\n  {} demo certificates in the demo wallet, {} refused (the demo's invalid states)\n  The demo root (random, fingerprint {}) is trusted only in the demo profile; the real wallet is untouched\n  Use: buildcert --profile demo wallet list; remove: buildcert demo remove",
                            r.dir.display(), r.added, r.refused, r.root_fingerprint
                        ),
                    }
                    0
                }
                Err(e) => {
                    error(lang, &e.zh(), &e.en());
                    2
                }
            }
        }
        DemoCmd::Remove => match buildcert_service::remove_demo(base) {
            Ok(true) => {
                println!("{}", pick(lang, "已删除演示数据", "Demo data removed"));
                0
            }
            Ok(false) => {
                println!("{}", pick(lang, "没有演示数据", "No demo data to remove"));
                0
            }
            Err(e) => {
                error(lang, &e.zh(), &e.en());
                2
            }
        },
        DemoCmd::Path => {
            println!("{}", buildcert_service::demo_dir(base).display());
            0
        }
    }
}
