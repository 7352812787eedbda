//! The demo set: every state is covered, the manifest matches a fresh
//! verification of every file (text, PNG, SVG, PDF, scan, photo), every PDF
//! renders with pdftoppm and its QR code decodes from the rendered page, and
//! the output is deterministic.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use buildcert_bc1::date::{add_days, birthday65, cst_midnight, days_between, parse_date};
use buildcert_bc1::{build_certificate, encode, verify, CheckContext, TrustList};
use buildcert_issuer::demo::{
    demo_certificates, demo_keys, demo_trust_lists, DemoState, Expected, Manifest, STATE_ORDER,
};
use buildcert_issuer::{demo, DemoOptions};
use common::*;

const TODAY: &str = "2026-09-15";

struct Set {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    manifest: Manifest,
}

/// One full demo set (12 certificates, scans of 1 and 7, 3 official pages), made once.
fn set() -> &'static Set {
    static SET: OnceLock<Set> = OnceLock::new();
    SET.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let opts = DemoOptions::new(1, parse_date(TODAY).unwrap());
        let manifest = demo(dir.path(), &opts, &fonts()).expect("demo set");
        let path = dir.path().to_path_buf();
        Set { _dir: dir, path, manifest }
    })
}

fn trust(dir: &Path, file: &str, m: &Manifest) -> TrustList {
    let root = buildcert_bc1::parse_root_key(&std::fs::read_to_string(dir.join("root.pub.hex")).unwrap()).unwrap();
    assert_eq!(hex::encode(root.to_bytes()), m.root.public);
    TrustList::decode_verified(&std::fs::read(dir.join(file)).unwrap(), &[root]).unwrap()
}

#[test]
fn every_state_is_covered_with_the_verdict_it_stands_for() {
    let s = set();
    let m = &s.manifest;
    let states: BTreeSet<&str> = m.certificates.iter().map(|c| c.state.as_str()).collect();
    let want: BTreeSet<&str> = STATE_ORDER.iter().map(|s| s.slug()).collect();
    assert_eq!(states, want);
    let today = parse_date(TODAY).unwrap();
    for c in &m.certificates {
        let e = &c.expected;
        let codes: Vec<&str> = e.codes.iter().map(String::as_str).collect();
        let use_to = parse_date(&c.use_to).unwrap();
        let left = days_between(today, use_to);
        match c.state.as_str() {
            "valid" | "superseded" | "newer-copy" | "revoked-in-seq2" => {
                assert_eq!((e.status.as_str(), codes.as_slice()), ("valid", &[][..]), "{c:?}")
            }
            "usage-expiring" => {
                assert_eq!((e.status.as_str(), codes.as_slice()), ("warning", &["usage_expiring"][..]));
                assert!((1..=30).contains(&left), "usage ends in {left} days");
            }
            "usage-expired" => {
                assert_eq!((e.status.as_str(), codes.as_slice()), ("invalid", &["usage_expired"][..]));
                assert!(left < 0);
            }
            "renewal-window" => {
                assert_eq!((e.status.as_str(), codes.as_slice()), ("warning", &["renewal_window_open"][..]))
            }
            "specialty-lapsed" => {
                assert_eq!((e.status.as_str(), codes.as_slice()), ("warning", &["specialty_expired"][..]))
            }
            "near-65" => {
                assert_eq!((e.status.as_str(), codes.as_slice()), ("valid", &[][..]));
                assert_eq!(e.info_codes, ["age_limit_approaching"]);
            }
            "revoked" => assert_eq!((e.status.as_str(), codes.as_slice()), ("invalid", &["revoked"][..])),
            "registration-cancelled" => {
                assert_eq!((e.status.as_str(), codes.as_slice()), ("invalid", &["registration_cancelled"][..]))
            }
            "unknown-key" => {
                assert_eq!((e.status.as_str(), codes.as_slice()), ("invalid", &["unknown_key"][..]));
                assert!(!c.trusted_signer);
            }
            other => panic!("unexpected state {other}"),
        }
        // Only the seq-2 certificate changes with trust-2.bctl.
        if c.state == "revoked-in-seq2" {
            assert_eq!(c.expected_with_trust_2.status, "invalid");
            assert_eq!(c.expected_with_trust_2.codes, ["revoked"]);
        } else {
            assert_eq!(c.expected_with_trust_2, c.expected, "{}", c.state);
        }
        // ID numbers never appear unmasked in the manifest.
        assert!(c.id_masked.contains("**********"), "{}", c.id_masked);
    }
    // The superseded copy and its newer copy share the registration.
    let old = m.certificates.iter().find(|c| c.state == "superseded").unwrap();
    let new = &m.certificates[old.superseded_by.unwrap() - 1];
    assert_eq!(new.state, "newer-copy");
    assert_eq!((old.reg.as_str(), old.name.as_str()), (new.reg.as_str(), new.name.as_str()));
    assert_ne!(old.lid, new.lid);
    assert!(old.use_from < new.use_from);
    assert_eq!(old.wallet_codes, ["superseded"]);
    // trust-2 names the one newly revoked certificate.
    let t2 = &m.trust_lists[1];
    assert_eq!((t2.path.as_str(), t2.seq), ("trust-2.bctl", 2));
    let n = m.certificates.iter().find(|c| c.state == "revoked-in-seq2").unwrap().number;
    assert_eq!(t2.newly_revoked, [n]);
    // Labelled as demo.
    assert!(m.iss.contains("演示") && m.seal.contains("演示") && m.seal.contains("DEMO"));
}

#[test]
fn manifest_matches_fresh_verification_of_every_file() {
    let s = set();
    let m: Manifest = serde_json::from_slice(&std::fs::read(s.path.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(&m, &s.manifest);
    let t1 = trust(&s.path, "trust.bctl", &m);
    let t2 = trust(&s.path, "trust-2.bctl", &m);
    assert_eq!((t1.seq, t2.seq), (1, 2));
    let ctx = CheckContext::new(parse_date(&m.today).unwrap(), m.now);
    let mut kinds = BTreeSet::new();
    for f in &m.files {
        let path = s.path.join(&f.path);
        assert!(path.is_file(), "{} listed but missing", f.path);
        let Some(e1) = &f.expected else { continue };
        let e2 = f.expected_with_trust_2.as_ref().unwrap();
        kinds.insert(f.kind.clone());
        let bytes = std::fs::read(&path).unwrap();
        let check = |bytes: &[u8], t: &TrustList| match f.kind.as_str() {
            "qr_text" => verify(std::str::from_utf8(bytes).unwrap(), t, &ctx),
            "qr_svg" => verify_bytes(&svg_to_png(std::str::from_utf8(bytes).unwrap(), 8), t, &ctx),
            "qr_png" | "certificate_pdf" | "scan_pdf" | "photo_jpg" => verify_bytes(bytes, t, &ctx),
            other => panic!("unexpected kind {other}"),
        };
        let v1 = std::panic::catch_unwind(|| check(&bytes, &t1))
            .unwrap_or_else(|_| panic!("{} could not be verified", f.path));
        assert_expected(&f.path, &v1, e1);
        // The certificate shown (when verified) is the one the manifest names.
        if let Some(c) = &v1.certificate {
            let entry = &m.certificates[f.certificate.unwrap() - 1];
            assert_eq!((c.lid.as_str(), c.name.as_str()), (entry.lid.as_str(), entry.name.as_str()));
        }
        if e2 != e1 {
            assert_expected(&format!("{} with trust-2", f.path), &check(&bytes, &t2), e2);
        }
    }
    let want: BTreeSet<String> = ["qr_text", "qr_png", "qr_svg", "certificate_pdf", "scan_pdf", "photo_jpg"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(kinds, want);
    // Every file in the directory is listed (but the manifest itself).
    let listed: BTreeSet<String> = m.files.iter().map(|f| f.path.clone()).collect();
    for sub in ["", "certs", "official"] {
        for e in std::fs::read_dir(s.path.join(sub)).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() && p.file_name().unwrap() != "manifest.json" {
                let rel = p.strip_prefix(&s.path).unwrap().to_string_lossy().replace('\\', "/");
                assert!(listed.contains(&rel), "{rel} is not in the manifest");
            }
        }
    }
}

#[test]
fn scans_carry_no_text_and_no_attachment() {
    let s = set();
    for f in s.manifest.files.iter().filter(|f| f.kind == "scan_pdf") {
        let bytes = std::fs::read(s.path.join(&f.path)).unwrap();
        let scan = buildcert_scan::scan_bytes(&bytes, &buildcert_scan::Limits::default()).unwrap();
        assert!(scan.attachment.is_none(), "{}", f.path);
        let text = buildcert_scan::pdf_text(&bytes, &buildcert_scan::Limits::default()).unwrap_or_default();
        assert!(text.iter().all(|t| t.trim().is_empty()), "{} has a text layer", f.path);
    }
}

#[test]
fn every_pdf_renders_with_pdftoppm_and_its_qr_decodes_from_the_page() {
    if !have_tool("pdftoppm") {
        return;
    }
    let s = set();
    let out = tempfile::tempdir().unwrap();
    let mut n = 0;
    for f in &s.manifest.files {
        if !f.path.ends_with(".pdf") {
            continue;
        }
        let pdf = s.path.join(&f.path);
        let pages = pdftoppm(&pdf, 150, out.path());
        let texts = qr_texts(&std::fs::read(&pages[0]).unwrap());
        let want = if f.kind == "official" {
            s.manifest.official.iter().find(|o| o.path == f.path).unwrap().query_url.clone()
        } else {
            let stem = f.path.trim_end_matches("-scan.pdf").trim_end_matches(".pdf");
            std::fs::read_to_string(s.path.join(format!("{stem}.txt"))).unwrap().trim().to_string()
        };
        assert!(texts.contains(&want), "{}: rendered page gave {texts:?}", f.path);
        n += 1;
    }
    assert_eq!(n, 12 + 2 + 3);
}

#[test]
fn certificate_pdfs_embed_a_cjk_subset_font_and_a_large_qr_code() {
    let s = set();
    let limits = buildcert_scan::Limits::default();
    for c in &s.manifest.certificates {
        let path = s.path.join(c.files.iter().find(|p| p.ends_with(&format!("{}.pdf", c.state))).unwrap());
        let bytes = std::fs::read(&path).unwrap();
        // Subset font embedded (FontFile*) and the bc1.txt attachment present.
        assert!(bytes.windows(9).any(|w| w == b"/FontFile"), "{}: no embedded font", path.display());
        let scan = buildcert_scan::scan_bytes(&bytes, &limits).unwrap();
        let text = std::fs::read_to_string(path.with_extension("txt")).unwrap();
        assert_eq!(scan.attachment.as_deref().map(str::trim), Some(text.trim()));
        // QR code at least 35 mm wide (corners are in PDF points).
        let code = scan.codes.iter().find(|c| c.is_bc1()).unwrap();
        let side = (code.corners[1][0] - code.corners[0][0]).hypot(code.corners[1][1] - code.corners[0][1]);
        let mm = side / 72.0 * 25.4;
        assert!(mm >= 35.0, "{}: QR code {mm:.1} mm wide", path.display());
        // The printed text carries the fields.
        let page = buildcert_scan::pdf_text(&bytes, &limits).unwrap().join("\n");
        for needle in [
            "中华人民共和国一级建造师注册证书",
            "姓名",
            "性别",
            "出生日期",
            "注册编号",
            "聘用企业",
            "注册专业",
            "有效期",
            "发证日期",
            "使用有效期",
            "个人签名",
            "演示",
            &c.name,
            &c.reg,
            &c.employer,
            &c.use_to,
        ] {
            assert!(page.contains(needle), "{}: page text lacks {needle}", path.display());
        }
        assert!(!page.contains(&c.id_masked[..4]) || !page.contains("公民身份号码"), "ID number printed");
    }
}

#[test]
fn official_pages_are_listed_with_their_printed_fields() {
    let s = set();
    assert_eq!(s.manifest.official.len(), 3);
    let limits = buildcert_scan::Limits::default();
    for o in &s.manifest.official {
        assert_eq!(o.kind, "official");
        assert!(o.query_url.contains(".invalid/"), "demo URLs never resolve");
        let bytes = std::fs::read(s.path.join(&o.path)).unwrap();
        let text = buildcert_scan::pdf_text(&bytes, &limits).unwrap();
        assert_eq!(text.len(), o.pages);
        // Compared without white space: text extraction of the rotated page breaks lines between glyphs.
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        let page = squash(&text[0]);
        for line in &o.lines {
            assert!(page.contains(&squash(line)), "{}: {line} not on the page", o.path);
        }
        assert!(o.lines.iter().any(|l| l.contains(&o.name)));
        let scan = buildcert_scan::scan_bytes(&bytes, &limits).unwrap();
        assert!(scan.codes.iter().any(|c| c.text == o.query_url && !c.is_bc1()));
    }
}

/// The states hold on any day: leap days, year ends, far future.
#[test]
fn states_hold_for_many_dates_and_seeds() {
    let mut day = parse_date("2024-01-01").unwrap();
    let end = parse_date("2031-12-31").unwrap();
    let mut checked = 0;
    let mut seed = 0;
    while day <= end {
        seed += 1;
        let keys = demo_keys(seed);
        let certs = demo_certificates(seed, day, 20).unwrap();
        let (t1, t2) = demo_trust_lists(&keys, day, &certs);
        let (b1, b2) = (t1.sign(&keys.root), t2.sign(&keys.root));
        let roots = [keys.root.verifying_key()];
        let (t1, t2) =
            (TrustList::decode_verified(&b1, &roots).unwrap(), TrustList::decode_verified(&b2, &roots).unwrap());
        let ctx = CheckContext::new(day, cst_midnight(day) + 12 * 3600);
        for c in &certs {
            let cert = build_certificate(&c.request).unwrap_or_else(|e| panic!("{day} #{}: {e:?}", c.number));
            let key = if c.trusted_signer() { &keys.issuer } else { &keys.untrusted };
            let text = encode(&cert, key);
            let e = Expected::of(&verify(&text, &t1, &ctx));
            let want: (&str, &[&str]) = match c.state {
                DemoState::Valid
                | DemoState::Superseded
                | DemoState::NewerCopy
                | DemoState::RevokedInSeq2
                | DemoState::Near65 => ("valid", &[]),
                DemoState::UsageExpiring => ("warning", &["usage_expiring"]),
                DemoState::UsageExpired => ("invalid", &["usage_expired"]),
                DemoState::RenewalWindow => ("warning", &["renewal_window_open"]),
                DemoState::SpecialtyLapsed => ("warning", &["specialty_expired"]),
                DemoState::Revoked => ("invalid", &["revoked"]),
                DemoState::RegistrationCancelled => ("invalid", &["registration_cancelled"]),
                DemoState::UnknownKey => ("invalid", &["unknown_key"]),
            };
            assert_eq!(
                (e.status.as_str(), e.codes.iter().map(String::as_str).collect::<Vec<_>>().as_slice()),
                want,
                "{day} seed {seed} #{} {:?}",
                c.number,
                c.state
            );
            if c.state == DemoState::Near65 {
                assert_eq!(e.info_codes, ["age_limit_approaching"]);
                assert!(birthday65(c.request.dob) > day);
            }
            let e2 = Expected::of(&verify(&text, &t2, &ctx));
            assert_eq!(
                e2.status == "invalid" && e2.codes.contains(&"revoked".to_string()),
                matches!(c.state, DemoState::Revoked | DemoState::RevokedInSeq2)
            );
            checked += 1;
        }
        day = add_days(day, 37);
    }
    assert!(checked > 1000);
}

#[test]
fn output_is_deterministic_given_seed_today_and_count() {
    let today = parse_date("2027-02-28").unwrap();
    let opts = DemoOptions { seed: 7, today, count: 13, scanned: vec![], official: 1, random_keys: false };
    let fonts = fonts();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let ma = demo(a.path(), &opts, &fonts).unwrap();
    let mb = demo(b.path(), &opts, &fonts).unwrap();
    assert_eq!(ma, mb);
    for f in ma.files.iter().map(|f| f.path.clone()).chain(["manifest.json".to_string()]) {
        assert_eq!(
            std::fs::read(a.path().join(&f)).unwrap(),
            std::fs::read(b.path().join(&f)).unwrap(),
            "{f} differs between runs"
        );
    }
    assert_eq!(ma.certificates.len(), 13);
    // Another seed gives other people and keys; the same seed on another day keeps the keys.
    let other = demo_certificates(8, today, 12).unwrap();
    assert_ne!(
        other[0].request.name.clone() + &other[0].request.reg,
        ma.certificates[0].name.clone() + &ma.certificates[0].reg
    );
    assert_eq!(demo_keys(7).root.to_bytes(), buildcert_issuer::demo_keys(7).root.to_bytes());
    assert!(demo_certificates(7, today, 11).is_err(), "fewer than 12 cannot cover every state");
}

#[cfg(unix)]
#[test]
fn demo_private_keys_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let s = set();
    for k in ["root.key.pem", "issuer.key.pem"] {
        let mode = std::fs::metadata(s.path.join(k)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{k}");
    }
    assert_eq!(std::fs::read_to_string(s.path.join("root.pub.hex")).unwrap().len(), 65);
}
