//! `buildcert trust import|show|pin`, and how every command finds its trust list.

use buildcert_bc1::date::format_epoch as date;
use buildcert_bc1::{parse_root_key, Lang, TrustList, VerifyingKey};
use clap::{Args, Subcommand};

use crate::lang::{error, pick};

/// Where the trust list comes from.
#[derive(Args, Clone, Default, Debug)]
pub struct TrustArgs {
    /// Use this trust list file (verified under the pinned root keys) instead of the installed one.
    #[arg(long, value_name = "FILE")]
    pub trust_list: Option<String>,
    /// Pin a root key (64 hex characters) for this run (repeatable).
    #[arg(long = "root-key", value_name = "HEX")]
    pub root_keys: Vec<String>,
}

/// A trust list ready to use, and whether it is the demo one.
pub struct LoadedTrust {
    /// The verified list.
    pub list: TrustList,
    /// Signed by a root pinned as demo (演示).
    pub demo: bool,
}

/// `buildcert trust …`
#[derive(Subcommand)]
pub enum TrustCmd {
    /// Verify a trust list file under the pinned root keys and install it (refuses rollbacks and forgeries).
    Import {
        /// The .bctl file.
        file: String,
        /// Root keys for this import (64 hex characters, repeatable); pinned when the import succeeds.
        #[arg(long = "root-key", value_name = "HEX")]
        root_keys: Vec<String>,
    },
    /// Show the installed trust list.
    Show {
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Pin a root key permanently (trust lists must be signed by a pinned root).
    Pin {
        /// The root public key, 64 hex characters.
        hex: String,
        /// A label shown with it.
        #[arg(long, default_value = "")]
        label: String,
        /// Mark it as a demo key (演示 / DEMO).
        #[arg(long)]
        demo: bool,
        /// Turn a key pinned as demo (or that signed the installed demo list)
        /// into a real root: give its fingerprint (SHA-256 of the key, hex), as
        /// the refusal shows it, after checking it.
        #[arg(long, value_name = "FINGERPRINT")]
        confirm_not_demo: Option<String>,
    },
}

fn parse_roots(hexes: &[String], lang: Lang) -> Result<Vec<VerifyingKey>, i32> {
    hexes
        .iter()
        .map(|h| {
            parse_root_key(h).map_err(|_| {
                error(
                    lang,
                    &format!("--root-key 需要 64 位十六进制字符（Ed25519 公钥），收到 {h:?}"),
                    &format!("--root-key takes 64 hexadecimal characters (an Ed25519 public key), got {h:?}"),
                );
                2
            })
        })
        .collect()
}

fn wallet(lang: Lang) -> Result<buildcert_wallet::Wallet, i32> {
    let dir = buildcert_wallet::data_dir();
    buildcert_wallet::Wallet::open(&dir).map_err(|e| {
        error(lang, &e.zh(), &e.en());
        2
    })
}

/// Loads the trust list for a check: `--trust-list FILE` verified under the
/// pinned and given roots, else the one installed in the data directory.
pub fn load_trust(a: &TrustArgs, lang: Lang) -> Result<LoadedTrust, i32> {
    let extra = parse_roots(&a.root_keys, lang)?;
    let w = wallet(lang);
    let pinned = match &w {
        Ok(w) => w.pinned_roots().unwrap_or_default(),
        Err(_) => vec![],
    };
    let demo_profile = w.as_ref().ok().and_then(|w| w.is_demo_profile().ok()).unwrap_or(false);
    let demo_of = |list: &TrustList| {
        pinned.iter().any(|p| p.demo && hex::encode(buildcert_bc1::codec::key_id(&p.key.to_bytes())) == list.root_kid)
    };
    let mut roots: Vec<VerifyingKey> = pinned.iter().map(|p| p.key).collect();
    roots.extend(extra.iter().copied());
    if let Some(path) = &a.trust_list {
        // Only a regular file, and refused past the trust list cap unread.
        let bytes = read_trust_file(path).map_err(|e| {
            error(
                lang,
                &format!("无法读取信任列表文件 {path}：{e}"),
                &format!("cannot read the trust list file {path}: {e}"),
            );
            2
        })?;
        if roots.is_empty() {
            error(
                lang,
                "没有可用的根密钥：请用 --root-key HEX 指定，或先运行 buildcert trust pin HEX",
                "No root key to verify the trust list: pass --root-key HEX, or run buildcert trust pin HEX first",
            );
            return Err(2);
        }
        return match TrustList::decode_verified(&bytes, &roots) {
            Ok(mut list) => {
                list.demo = demo_of(&list) || demo_profile;
                Ok(LoadedTrust { demo: list.demo, list })
            }
            Err(e) => {
                let (zh, en) = e.message();
                error(lang, &zh, &en);
                Err(2)
            }
        };
    }
    let w = w?;
    match w.current_trust_list(&extra) {
        Ok(Some(mut list)) => {
            list.demo = list.demo || demo_of(&list);
            Ok(LoadedTrust { demo: list.demo, list })
        }
        Ok(None) => {
            error(
                lang,
                "尚未安装信任列表：请运行 buildcert trust import 文件.bctl --root-key 根公钥，或用 --trust-list 指定文件",
                "No trust list installed: run `buildcert trust import FILE.bctl --root-key ROOT_HEX`, or pass --trust-list FILE",
            );
            Err(2)
        }
        Err(e) => {
            error(lang, &e.zh(), &e.en());
            Err(2)
        }
    }
}

/// Runs `buildcert trust …`.
pub fn run(cmd: TrustCmd, lang: Lang, now: i64) -> i32 {
    let w = match wallet(lang) {
        Ok(w) => w,
        Err(c) => return c,
    };
    match cmd {
        TrustCmd::Import { file, root_keys } => {
            let extra = match parse_roots(&root_keys, lang) {
                Ok(r) => r,
                Err(c) => return c,
            };
            let bytes = match read_trust_file(&file) {
                Ok(b) => b,
                Err(e) => {
                    error(lang, &format!("无法读取 {file}：{e}"), &format!("cannot read {file}: {e}"));
                    return 2;
                }
            };
            match w.import_trust_list(&bytes, &extra, now) {
                Ok(r) => {
                    // A root given for the import is pinned, so later checks
                    // (which verify the stored list again) still trust it.
                    let pinned: Vec<String> =
                        w.pinned_roots().unwrap_or_default().into_iter().map(|p| p.public_hex).collect();
                    for k in &extra {
                        let h = hex::encode(k.to_bytes());
                        if pinned.contains(&h) {
                            continue; // keep its label and DEMO mark as they are
                        }
                        if let Err(e) = w.pin_root(&h, "", false) {
                            error(lang, &e.zh(), &e.en());
                            return 2;
                        }
                    }
                    let i = &r.info;
                    if r.replaced {
                        println!(
                            "{}",
                            match lang {
                                Lang::Zh => format!("已安装信任列表 #{}（发布于 {}，签发密钥 {} 个，撤销 {}，注销 {}）；已重新核验证书夹中的证书", i.seq, date(i.issued), i.keys, i.revoked, i.cancelled),
                                Lang::En => format!("Trust list #{} installed (issued {}, {} issuer keys, {} revoked, {} cancelled); the wallet was re-verified", i.seq, date(i.issued), i.keys, i.revoked, i.cancelled),
                            }
                        );
                    } else {
                        println!(
                            "{}",
                            pick(
                                lang,
                                "该信任列表已安装，无变化",
                                "This trust list is already installed; nothing changed"
                            )
                        );
                    }
                    0
                }
                Err(e) => {
                    error(lang, &e.zh(), &e.en());
                    1
                }
            }
        }
        TrustCmd::Pin { hex, label, demo, confirm_not_demo } => {
            match w.pin_root_confirmed(&hex, &label, demo, confirm_not_demo.as_deref()) {
                Ok(()) => {
                    println!("{}", pick(lang, "已固定根密钥", "Root key pinned"));
                    0
                }
                Err(e) => {
                    error(lang, &e.zh(), &e.en());
                    2
                }
            }
        }
        TrustCmd::Show { json } => {
            let loaded = match load_trust(&TrustArgs::default(), lang) {
                Ok(l) => l,
                Err(c) => return c,
            };
            let t = &loaded.list;
            let age_days = (now - t.issued).div_euclid(86_400);
            if json {
                let keys: Vec<_> = t
                    .keys
                    .iter()
                    .map(|k| {
                        serde_json::json!({
                            "kid": hex::encode(k.kid), "pub": hex::encode(k.public), "iss": k.iss, "seal": k.seal,
                            "nbf": date(k.nbf), "exp": date(k.exp), "revoked": k.revoked.map(date),
                        })
                    })
                    .collect();
                let v = serde_json::json!({
                    "seq": t.seq, "issued": date(t.issued), "next": date(t.next), "age_days": age_days,
                    "stale": now > t.next, "demo": loaded.demo, "root_kid": t.root_kid,
                    "keys": keys, "revoked_certificates": t.rl.len(), "cancelled_registrations": t.rr.len(),
                });
                println!("{v}");
            } else {
                let demo = if loaded.demo { pick(lang, "【演示】", " [DEMO]") } else { "" };
                println!("{} #{}{demo}", pick(lang, "信任列表", "Trust list"), t.seq);
                println!(
                    "  {} {}（{} {age_days} {}）",
                    pick(lang, "发布于", "issued"),
                    date(t.issued),
                    pick(lang, "已发布", "age"),
                    pick(lang, "天", "days")
                );
                println!(
                    "  {} {}{}",
                    pick(lang, "下次更新", "next update by"),
                    date(t.next),
                    if now > t.next {
                        pick(lang, "（已过期，请更新）", " (out of date: update it)")
                    } else {
                        ""
                    }
                );
                println!("  {} {}", pick(lang, "根密钥 kid", "root kid"), t.root_kid);
                println!("  {} {}", pick(lang, "签发密钥", "issuer keys"), t.keys.len());
                for k in &t.keys {
                    let rev = k
                        .revoked
                        .map(|r| format!(" {} {}", pick(lang, "已撤销于", "revoked"), date(r)))
                        .unwrap_or_default();
                    println!(
                        "    {} {} · {} · {} {} {}{rev}",
                        hex::encode(k.kid),
                        k.iss,
                        k.seal,
                        date(k.nbf),
                        pick(lang, "至", "to"),
                        date(k.exp)
                    );
                }
                println!("  {} {}", pick(lang, "已撤销电子证书", "revoked e-certificates"), t.rl.len());
                println!("  {} {}", pick(lang, "已注销注册", "cancelled registrations"), t.rr.len());
            }
            0
        }
    }
}

/// Reads a trust list file: only a regular file (a FIFO or device is refused
/// before it is opened), and one over the trust list cap is refused unread.
fn read_trust_file(path: &str) -> Result<Vec<u8>, buildcert_check::ReadError> {
    buildcert_check::read_file(std::path::Path::new(path), buildcert_bc1::trust::MAX_TRUST_LIST_BYTES as u64)
}
