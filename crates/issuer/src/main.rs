//! `buildcert-issuer`: the reference BC1 issuer's command line. A thin
//! wrapper around the `buildcert_issuer` library.

use std::path::PathBuf;
use std::process::ExitCode;

use buildcert_bc1::rules::mask_id;
use buildcert_bc1::TrustList;
use buildcert_issuer::keys::{self, KeyKind};
use buildcert_issuer::{demo, files, holder, issue_pdf, load_fonts, trustlist, DemoOptions, PageOptions, Result};
use clap::{Parser, Subcommand};

const HOLDER_HELP: &str = "\
Holder file (TOML, or JSON with the same keys):

  name = \"张伟\"                       # 姓名
  sex = \"男\"                          # 性别: 男 / 女 / M / F
  dob = \"1985-06-15\"                  # 出生日期
  id_number = \"11010119850615123X\"    # 公民身份号码
  reg = \"京111082000001\"             # 注册编号
  employer = \"中建示范第一工程局有限公司\" # 聘用企业
  uscc = \"91110000MA00000001\"         # 统一社会信用代码
  issued = \"2024-03-01\"               # 发证日期
  download = \"2026-09-01\"             # download: date (09:00 +08:00), RFC 3339 or epoch seconds
  # use_from, use_to                  # optional; default BC1 §4 (180 days, capped)
  # lid                               # optional e-licence identifier
  # signature = \"sig.png\"             # optional 个人签名 image, relative to this file
  [[specialties]]                     # 注册专业, 1 to 10
  name = \"建筑工程\"
  from = \"2024-03-01\"
  to = \"2027-02-28\"

Writes PREFIX.pdf, PREFIX.png, PREFIX.svg and PREFIX.txt (the QR text).";

const TRUST_HELP: &str = "\
Spec file (TOML):

  seq = 2                              # must be greater than the last seq made for this output
  issued = \"2026-09-01\"                # date (00:00 +08:00), RFC 3339 or epoch seconds
  next = \"2026-10-01\"
  revoked_lids = [\"1A2B3C4D5E6F7081\"]    # 撤销的电子证书
  cancelled_regs = [\"京111082000001\"]   # 注销的注册
  [[keys]]
  pub_file = \"issuer.pub.hex\"          # or pub = \"<64 hex>\"; relative to the spec
  iss = \"中华人民共和国住房和城乡建设部\"
  seal = \"中华人民共和国住房和城乡建设部一级建造师行政许可专用章\"
  nbf = \"2026-01-01\"
  exp = \"2031-01-01\"
  # revoked = \"2026-09-15\"

The last seq made is kept in OUT.seq beside the output.";

/// BC1 reference issuer (建造师证书夹 签发工具): keys, trust lists, certificates, demo data.
#[derive(Parser)]
#[command(name = "buildcert-issuer", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Make an Ed25519 key pair: PREFIX.key.pem (PKCS#8 PEM, mode 0600) and PREFIX.pub.hex.
    Keygen {
        /// Output prefix, e.g. `keys/issuer-2026`.
        #[arg(long)]
        out: PathBuf,
        /// What the key is for (only changes what is printed).
        #[arg(long, value_enum, default_value_t = KeyKind::Issuer)]
        kind: KeyKind,
    },
    /// Sign a trust list (.bctl) with a root key.
    #[command(after_help = TRUST_HELP)]
    TrustList {
        /// The spec (TOML or JSON).
        #[arg(long)]
        spec: PathBuf,
        /// The root private key (PKCS#8 PEM).
        #[arg(long)]
        root_key: PathBuf,
        /// Output file, e.g. `trust.bctl`.
        #[arg(long)]
        out: PathBuf,
    },
    /// Issue one certificate: PDF, QR code as PNG and SVG, and the QR text.
    #[command(after_help = HOLDER_HELP)]
    Issue {
        /// Holder data (TOML or JSON).
        #[arg(long)]
        holder: PathBuf,
        /// The issuer private key (PKCS#8 PEM).
        #[arg(long)]
        key: PathBuf,
        /// Output prefix: writes PREFIX.pdf, .png, .svg, .txt.
        #[arg(long)]
        out: PathBuf,
        /// Issuing authority written into the certificate; must equal the key's `iss` in the trust list.
        #[arg(long, default_value = "中华人民共和国住房和城乡建设部")]
        iss: String,
        /// Seal name printed on the page.
        #[arg(long, default_value = "中华人民共和国住房和城乡建设部一级建造师行政许可专用章")]
        seal: String,
        /// Mark the page 演示 DEMO (watermark).
        #[arg(long)]
        demo: bool,
        /// Draw the QR code as vector rectangles instead of an image.
        #[arg(long)]
        vector_qr: bool,
        /// CJK font file (PATH or PATH#INDEX for a .ttc); default: search the system.
        #[arg(long)]
        font: Option<String>,
    },
    /// Write a demo set (演示): keys, trust lists, certificates in every state, manifest.json.
    ///
    /// With the default --seed the keys (and their private key files) are
    /// derived from a public formula: reproducible test output that must never
    /// be pinned. To try the app on demo data use `buildcert demo install`
    /// (fresh random keys, its own demo profile).
    Demo {
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
        /// Fresh random keys; no private key file is written.
        #[arg(long)]
        random_keys: bool,
        /// Number of certificates (at least 12, which covers every state).
        #[arg(long, default_value_t = 12)]
        count: usize,
        /// Seed: the same seed gives the same keys and people.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Date the states are relative to (default: today in UTC+08:00).
        #[arg(long)]
        today: Option<String>,
        /// Also write scan and photo images of these certificate numbers.
        #[arg(long, value_delimiter = ',', default_value = "1,7")]
        scanned: Vec<usize>,
        /// CJK font file (PATH or PATH#INDEX); default: search the system.
        #[arg(long)]
        font: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Each language on its own line (the tool has no language option).
            let m = e.localized();
            eprintln!("错误：{}", m.zh);
            eprintln!("error: {}", m.en);
            ExitCode::FAILURE
        }
    }
}

fn run(cmd: Command) -> Result<()> {
    match cmd {
        Command::Keygen { out, kind } => {
            let key = keys::generate();
            let f = keys::write_key_pair(&out, &key)?;
            println!("{}", kind.label());
            println!("public key / 公钥: {}", hex::encode(f.verifying.to_bytes()));
            println!("kid: {}", keys::kid_hex(&f.verifying));
            println!("private key / 私钥: {} (PKCS#8 PEM, 0600)", f.private.display());
            println!("public key file / 公钥文件: {}", f.public.display());
            Ok(())
        }
        Command::TrustList { spec, root_key, out } => {
            let root = keys::read_private_key(&root_key)?;
            let list = trustlist::TrustSpec::from_file(&spec)?.to_trust_list()?;
            let bytes = trustlist::write_trust_list(&list, &root, &out)?;
            // Read back as a verifier would.
            let tl = TrustList::decode_verified(&bytes, &[root.verifying_key()])?;
            println!("信任列表 / trust list: {} ({} bytes)", out.display(), bytes.len());
            println!(
                "seq {}, root kid {}, {} key(s), {} revoked, {} cancelled",
                tl.seq,
                tl.root_kid,
                tl.keys.len(),
                tl.rl.len(),
                tl.rr.len()
            );
            for k in &tl.keys {
                println!(
                    "  kid {}  {}  {}{}",
                    hex::encode(k.kid),
                    k.iss,
                    k.seal,
                    if k.revoked.is_some() { "  [revoked / 已撤销]" } else { "" }
                );
            }
            Ok(())
        }
        Command::Issue { holder, key, out, iss, seal, demo, vector_qr, font } => {
            let h = holder::Holder::from_file(&holder)?;
            let req = h.to_request(&iss)?;
            let signing = keys::read_private_key(&key)?;
            let signature_png = h.signature.as_deref().map(files::read).transpose()?;
            let page = PageOptions {
                seal,
                demo,
                signature_png,
                qr_style: if vector_qr { buildcert_pdfgen::QrStyle::Vector } else { buildcert_pdfgen::QrStyle::Image },
            };
            let fonts = load_fonts(font.as_deref())?;
            let issued = issue_pdf(&req, &signing, &page, &fonts)?;
            let p = issued.write(&out)?;
            let c = &issued.certificate;
            println!("已签发 / issued: {} {} ({}), 注册编号 {}", c.name, mask_id(&c.idn), c.sex.zh(), c.reg);
            println!("证照标识 / lid: {}", c.lid);
            println!(
                "使用有效期 / usage period: {} 至 {}",
                buildcert_bc1::date::format_date(c.usage.from),
                buildcert_bc1::date::format_date(c.usage.to)
            );
            println!("kid: {}", keys::kid_hex(&signing.verifying_key()));
            for path in [&p.pdf, &p.png, &p.svg, &p.txt] {
                println!("  {}", path.display());
            }
            Ok(())
        }
        Command::Demo { out, random_keys, count, seed, today, scanned, font } => {
            let dir = out;
            let today = match today {
                Some(t) => holder::date_field("today", &t)?,
                None => buildcert_issuer::today_cst(),
            };
            let fonts = load_fonts(font.as_deref())?;
            let opts = DemoOptions { seed, today, count, scanned, official: 3, random_keys };
            let started = std::time::Instant::now();
            let m = demo(&dir, &opts, &fonts)?;
            println!("演示数据 / demo set ({}): {}", m.label, dir.display());
            println!(
                "today {}, seed {}, {} certificates, {} files, {:.1} s",
                m.today,
                m.seed,
                m.count,
                m.files.len(),
                started.elapsed().as_secs_f32()
            );
            if random_keys {
                println!("root key (random, DEMO only) / 演示根公钥: {}  kid {}", m.root.public, m.root.kid);
            } else {
                println!(
                    "root key (derived from --seed: public, test output only, never pin it) / 演示根公钥（由种子推导，仅供测试，切勿固定）: {}  kid {}",
                    m.root.public, m.root.kid
                );
            }
            for c in &m.certificates {
                println!(
                    "  {:>2} {:<22} {:<8} {:<8} {}{}",
                    c.number,
                    c.state,
                    c.expected.status,
                    c.name,
                    c.expected.codes.join(","),
                    if c.expected_with_trust_2 != c.expected {
                        format!(
                            "  (trust-2: {} {})",
                            c.expected_with_trust_2.status,
                            c.expected_with_trust_2.codes.join(",")
                        )
                    } else {
                        String::new()
                    }
                );
            }
            Ok(())
        }
    }
}
