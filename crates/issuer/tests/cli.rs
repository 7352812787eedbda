//! The `buildcert-issuer` binary end to end: keygen, trust-list, issue,
//! refusals and the golden payload. Verification of the demo set through
//! the `buildcert` binary is in crates/cli/tests/issuer_demo.rs.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use buildcert_bc1::codec::decode_qr_text;
use buildcert_bc1::date::parse_date;
use buildcert_bc1::{CheckContext, SigningKey, TrustList};
use buildcert_issuer::holder::Holder;
use buildcert_issuer::{issue_pdf, PageOptions};
use common::*;

const BIN: &str = env!("CARGO_BIN_EXE_buildcert-issuer");

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("buildcert-issuer runs")
}

fn ok(args: &[&str]) -> String {
    let o = run(args);
    assert!(o.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

fn fails(args: &[&str]) -> String {
    let o = run(args);
    assert!(!o.status.success(), "{args:?} should fail");
    String::from_utf8(o.stderr).unwrap()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A valid holder file: 张伟, 1985-06-15, downloaded 2026-09-01.
const HOLDER: &str = r#"
name = "张伟"
sex = "男"
dob = "1985-06-15"
id_number = "11010119850615123X"
reg = "京111082000001"
employer = "中建示范第一工程局有限公司"
uscc = "91110000MA01ABCD3U"
issued = "2024-03-01"
download = "2026-09-01T10:00:00+08:00"

[[specialties]]
name = "建筑工程"
from = "2024-03-01"
to = "2027-02-28"

[[specialties]]
name = "市政公用工程"
from = "2025-01-10"
to = "2028-01-09"
"#;

fn holder_text() -> String {
    // Make the check characters right for whatever the sample says.
    let idn17 = "11010119850615123";
    let uscc17 = "91110000MA01ABCD3";
    HOLDER
        .replace("11010119850615123X", &format!("{idn17}{}", buildcert_bc1::rules::id_check_char(idn17).unwrap()))
        .replace("91110000MA01ABCD3U", &format!("{uscc17}{}", buildcert_bc1::rules::uscc_check_char(uscc17).unwrap()))
}

/// A scratch folder holding one key pair per name, made by `keygen`
/// (`NAME.key.pem`, `NAME.pub.hex`); the one named "root" is a root key.
fn scratch_with_keys(names: &[&str]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for name in names {
        let kind = if *name == "root" { "root" } else { "issuer" };
        ok(&["keygen", "--out", p(&d.path().join(name)), "--kind", kind]);
    }
    d
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn keygen_writes_pkcs8_pem_0600_never_prints_it_and_refuses_to_overwrite() {
    let d = tempfile::tempdir().unwrap();
    let prefix = d.path().join("keys/root");
    let out = ok(&["keygen", "--out", p(&prefix), "--kind", "root"]);
    let pem = std::fs::read_to_string(d.path().join("keys/root.key.pem")).unwrap();
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"), "{pem}");
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    assert!(!out.contains(&body) && !out.contains("PRIVATE KEY-----"), "private key printed: {out}");
    let key = buildcert_issuer::keys::read_private_key(&d.path().join("keys/root.key.pem")).unwrap();
    let pub_hex = std::fs::read_to_string(d.path().join("keys/root.pub.hex")).unwrap();
    assert_eq!(pub_hex, format!("{}\n", hex::encode(key.verifying_key().to_bytes())));
    assert!(out.contains(pub_hex.trim()) && out.contains(&buildcert_issuer::keys::kid_hex(&key.verifying_key())));
    assert!(out.contains("根密钥"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(d.path().join("keys/root.key.pem")).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let err = fails(&["keygen", "--out", p(&prefix)]);
    assert!(err.contains("已存在") && err.contains("already exists"), "{err}");
    // The old key is untouched.
    assert_eq!(std::fs::read_to_string(d.path().join("keys/root.key.pem")).unwrap(), pem);
    // Two keys differ (randomness from the OS).
    ok(&["keygen", "--out", p(&d.path().join("other"))]);
    assert_ne!(std::fs::read_to_string(d.path().join("other.pub.hex")).unwrap(), pub_hex);
}

#[test]
fn trust_list_issue_and_verify_round_trip_with_seq_refusal() {
    let d = scratch_with_keys(&["root", "issuer"]);
    let dp = d.path();
    let iss = "中华人民共和国住房和城乡建设部";
    let spec = |seq: u64, revoked: &str| {
        format!(
            "seq = {seq}\nissued = \"2026-08-01\"\nnext = 2027-08-01\nrevoked_lids = [{revoked}]\ncancelled_regs = []\n\
             [[keys]]\npub_file = \"issuer.pub.hex\"\niss = \"{iss}\"\nseal = \"中华人民共和国住房和城乡建设部一级建造师行政许可专用章\"\nnbf = \"2026-01-01\"\nexp = \"2031-01-01\"\n"
        )
    };
    let spec1 = write(dp, "spec.toml", &spec(1, ""));
    let tl = dp.join("trust.bctl");
    let out = ok(&["trust-list", "--spec", p(&spec1), "--root-key", p(&dp.join("root.key.pem")), "--out", p(&tl)]);
    assert!(out.contains("seq 1"), "{out}");
    assert_eq!(std::fs::read_to_string(dp.join("trust.bctl.seq")).unwrap().trim(), "1");

    let holder = write(dp, "holder.toml", &holder_text());
    let out = ok(&[
        "issue",
        "--holder",
        p(&holder),
        "--key",
        p(&dp.join("issuer.key.pem")),
        "--out",
        p(&dp.join("out/zhangwei")),
    ]);
    // The ID number is masked in the output.
    assert!(out.contains("**************") && !out.contains("110101198506151"), "{out}");
    for ext in ["pdf", "png", "svg", "txt"] {
        assert!(dp.join(format!("out/zhangwei.{ext}")).is_file(), "{ext}");
    }
    let root = buildcert_issuer::keys::read_public_key(&dp.join("root.pub.hex")).unwrap();
    let trust = TrustList::decode_verified(&std::fs::read(&tl).unwrap(), &[root]).unwrap();
    let ctx = CheckContext::new(parse_date("2026-10-01").unwrap(), 1_790_000_000);
    let text_v = verify_text(&dp.join("out/zhangwei.txt"), &trust, &ctx);
    assert_eq!(text_v.status.as_str(), "valid", "{:?}", text_v.reasons);
    for ext in ["png", "pdf"] {
        let v = verify_bytes(&std::fs::read(dp.join(format!("out/zhangwei.{ext}"))).unwrap(), &trust, &ctx);
        assert_eq!(v.status.as_str(), "valid", "{ext}: {:?}", v.reasons);
    }
    // Usage period by §4: 180 days from the download day.
    let c = text_v.certificate.unwrap();
    assert_eq!((c.usage.from.to_string(), c.usage.to.to_string()), ("2026-09-01".into(), "2027-02-27".into()));

    // Same seq again, or lower: refused, and the file is unchanged.
    let before = std::fs::read(&tl).unwrap();
    let err = fails(&["trust-list", "--spec", p(&spec1), "--root-key", p(&dp.join("root.key.pem")), "--out", p(&tl)]);
    assert!(err.contains("序号") && err.contains("seq 1 is not greater"), "{err}");
    assert_eq!(std::fs::read(&tl).unwrap(), before);
    // Even with the state file gone, the existing output's seq counts.
    std::fs::remove_file(dp.join("trust.bctl.seq")).unwrap();
    fails(&["trust-list", "--spec", p(&spec1), "--root-key", p(&dp.join("root.key.pem")), "--out", p(&tl)]);

    // seq 2 revokes the certificate.
    let spec2 = write(dp, "spec2.toml", &spec(2, &format!("\"{}\"", c.lid)));
    ok(&["trust-list", "--spec", p(&spec2), "--root-key", p(&dp.join("root.key.pem")), "--out", p(&tl)]);
    let trust2 = TrustList::decode_verified(&std::fs::read(&tl).unwrap(), &[root]).unwrap();
    assert_eq!(trust2.seq, 2);
    let v = verify_text(&dp.join("out/zhangwei.txt"), &trust2, &ctx);
    assert_eq!(v.status.as_str(), "invalid");
    assert!(v.has(buildcert_bc1::Code::Revoked));
}

#[test]
fn inputs_that_break_section_4_are_refused_with_a_clear_message() {
    let d = scratch_with_keys(&["issuer"]);
    let dp = d.path();
    let good = holder_text();
    let idn = good.split("id_number = \"").nth(1).unwrap()[..18].to_string();
    let bad_check = format!("{}{}", &idn[..17], if idn.ends_with('0') { '1' } else { '0' });
    let cases: Vec<(String, &str, &str)> = vec![
        (good.replace(&idn, &bad_check), "身份号码", "resident ID number"),
        (good.replace("市政公用工程", "土木工程"), "未知注册专业", "unknown specialty"),
        (good.replace("京111082000001", "京211082000001"), "注册编号", "Registration number"),
        (good.replace("sex = \"男\"", "sex = \"女\""), "性别", "sex"),
        (
            good.replace(
                "download = \"2026-09-01T10:00:00+08:00\"",
                "download = \"2026-09-01\"\nuse_to = \"2027-06-01\"",
            ),
            "上限",
            "allowed limit",
        ),
        (
            good.replace("[[specialties]]\nname = \"市政公用工程\"", "[[specialties]]\nname = \"建筑工程\""),
            "重复",
            "twice",
        ),
        (good.replace("dob = \"1985-06-15\"", "dob = \"1985-6-15\""), "YYYY-MM-DD", "YYYY-MM-DD"),
    ];
    for (i, (text, zh, en)) in cases.iter().enumerate() {
        let h = write(dp, &format!("bad{i}.toml"), text);
        let err = fails(&[
            "issue",
            "--holder",
            p(&h),
            "--key",
            p(&dp.join("issuer.key.pem")),
            "--out",
            p(&dp.join(format!("bad{i}"))),
        ]);
        assert!(err.contains(zh) && err.contains(en), "case {i}: {err}");
        assert!(!dp.join(format!("bad{i}.pdf")).exists(), "case {i} wrote a PDF");
        // The full ID number is never echoed.
        assert!(!err.contains(&idn[..14]), "case {i} printed the ID number: {err}");
    }
    // USCC check character.
    let uscc = good.split("uscc = \"").nth(1).unwrap()[..18].to_string();
    let bad = good.replace(&uscc, &format!("{}{}", &uscc[..17], if uscc.ends_with('0') { '1' } else { '0' }));
    let h = write(dp, "bad-uscc.toml", &bad);
    let err = fails(&["issue", "--holder", p(&h), "--key", p(&dp.join("issuer.key.pem")), "--out", p(&dp.join("x"))]);
    assert!(err.contains("uscc") || err.contains("USCC") || err.contains("信用代码"), "{err}");
    // A key file that is not a key.
    let junk = write(dp, "junk.pem", "hello");
    let h = write(dp, "good.toml", &good);
    let err = fails(&["issue", "--holder", p(&h), "--key", p(&junk), "--out", p(&dp.join("y"))]);
    assert!(err.contains("PKCS#8"), "{err}");
}

/// Fixed key, fixed holder → this exact payload and COSE_Sign1 (Ed25519 is deterministic).
#[test]
fn golden_payload_for_fixed_inputs() {
    let key = SigningKey::from_bytes(&[7u8; 32]);
    let h = Holder::parse(&holder_text(), false).unwrap();
    let req = h.to_request("中华人民共和国住房和城乡建设部").unwrap();
    let page = PageOptions { seal: "章".into(), ..Default::default() };
    let issued = issue_pdf(&req, &key, &page, &fonts()).unwrap();
    let cose = decode_qr_text(&issued.qr_text).unwrap();
    let payload = hex::encode(&cose.payload);
    assert_eq!(payload, GOLDEN_PAYLOAD, "payload changed:\n{payload}");
    assert_eq!(hex::encode(cose.signature), GOLDEN_SIGNATURE, "signature changed: {}", hex::encode(cose.signature));
    assert_eq!(issued.certificate.lid, GOLDEN_LID);
    assert_eq!(cose.kid.as_deref().map(hex::encode).as_deref(), Some(GOLDEN_KID));
    // The PDF, PNG and SVG all carry that text.
    assert_eq!(qr_texts(&issued.png), std::slice::from_ref(&issued.qr_text));
    assert!(qr_texts(&issued.pdf).contains(&issued.qr_text));
    assert_eq!(qr_texts(&svg_to_png(&issued.svg, 6)), std::slice::from_ref(&issued.qr_text));
}

const GOLDEN_LID: &str = "FABFFACDD978E3F5";
const GOLDEN_KID: &str = "fe812c12f3ab4ce6";
const GOLDEN_PAYLOAD: &str = concat!(
    "a401782de4b8ade58d8ee4babae6b091e585b1e5928ce59bbde4bd8fe688bfe5928ce59f8ee4b9a1e5bbbae8aebee983",
    "a8061a6a9631a0041a6b82f3003a00011170ac617601636c69647046414246464143444439373845334635637265676f",
    "e4baac313131303832303030303031646e616d6566e5bca0e4bc9f63736578614d63646f626a313938352d30362d3135",
    "6369646e7231313031303131393835303631353132333063656d707827e4b8ade5bbbae7a4bae88c83e7acace4b880e5",
    "b7a5e7a88be5b180e69c89e99990e585ace58fb864757363637239313131303030304d41303141424344335566697373",
    "7565646a323032342d30332d3031647370656382a3616e6ce5bbbae7ad91e5b7a5e7a88b6466726f6d6a323032342d30",
    "332d303162746f6a323032372d30322d3238a3616e72e5b882e694bfe585ace794a8e5b7a5e7a88b6466726f6d6a3230",
    "32352d30312d313062746f6a323032382d30312d303963757365a26466726f6d6a323032362d30392d303162746f6a32",
    "3032372d30322d3237",
);
const GOLDEN_SIGNATURE: &str =
    "34e941b683cca0168060d4ebc62a0181973f236d99bf9bd1ce8c00b8ad049b677351e5c2a59046f732fc5196f4e736605d3f3b4f72a6c631ebb3558171184807";

/// `demo --random-keys`: fresh keys each time and no private key file.
#[test]
fn demo_with_random_keys_leaves_nothing_that_can_sign() {
    let d = tempfile::tempdir().unwrap();
    let (a, b) = (d.path().join("a"), d.path().join("b"));
    let out = ok(&["demo", "--out", p(&a), "--random-keys", "--scanned", "0", "--today", "2026-09-15"]);
    assert!(out.contains("演示") && out.contains("12 certificates"), "{out}");
    ok(&["demo", "--out", p(&b), "--random-keys", "--scanned", "0", "--today", "2026-09-15"]);
    let root = |dir: &std::path::Path| std::fs::read_to_string(dir.join("root.pub.hex")).unwrap();
    assert_eq!(root(&a).trim().len(), 64);
    assert_ne!(root(&a), root(&b), "two installs, two keys");
    for dir in [&a, &b] {
        for entry in walk(dir) {
            let bytes = std::fs::read(&entry).unwrap();
            assert!(!String::from_utf8_lossy(&bytes).contains("PRIVATE KEY"), "{}", entry.display());
        }
    }
    let err = fails(&["demo", "--out", p(&d.path().join("x")), "--count", "5"]);
    assert!(err.contains("12"), "{err}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
