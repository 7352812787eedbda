//! Writing a demo set ([`demo`]): keys, trust lists, every certificate's
//! files (on all cores), scans and photos, official-layout pages, and the
//! manifest.

use std::path::Path;

use buildcert_bc1::date::{add_days, cst_midnight, format_date};
use buildcert_bc1::rules::mask_id;
use buildcert_bc1::{verify, CheckContext, SigningKey, TrustList};
use buildcert_pdfgen::{
    image_only_pdf, jpeg_bytes, official_lines, official_pdf, photo_look, render_page, scan_look, Colon, DateStyle,
    Fonts, OfficialPage,
};
use chrono::NaiveDate;

use super::people::profile;
use super::{
    demo_certificates, demo_keys, demo_trust_lists, employer_uscc, CertEntry, DemoCert, DemoKeys, DemoState, Expected,
    FileEntry, KeyEntry, Manifest, OfficialEntry, TrustEntry, DEMO_ISS, DEMO_LABEL, DEMO_OFFICIAL_SEAL, DEMO_SEAL,
    EMPLOYERS, MANIFEST_FORMAT, MIN_COUNT,
};
use crate::error::{IssuerError, Result};
use crate::files;
use crate::holder::default_lid;
use crate::issue::{issue_pdf, Issued, PageOptions};
use crate::keys;
use crate::rng;

/// Options of [`demo`].
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Seed: the same seed gives the same keys and people.
    pub seed: u64,
    /// The date the states are relative to (usage expiring in N days, …).
    pub today: NaiveDate,
    /// Number of certificates, at least [`MIN_COUNT`].
    pub count: usize,
    /// Numbers of the certificates also written as a scanned page (image-only
    /// PDF) and as a phone photo (JPEG).
    pub scanned: Vec<usize>,
    /// Number of official-layout PDFs (0 to 3).
    pub official: usize,
    /// Fresh random keys instead of the seed's, and no private key file
    /// written: what every installed demo uses (see the `demo` module docs).
    pub random_keys: bool,
}

impl DemoOptions {
    /// 12 certificates, certificate 1 (valid) and 7 (revoked) also scanned and
    /// photographed, 3 official-layout PDFs.
    pub fn new(seed: u64, today: NaiveDate) -> Self {
        DemoOptions { seed, today, count: MIN_COUNT, scanned: vec![1, 7], official: 3, random_keys: false }
    }
}

/// Writes a demo set into `dir` (see the crate docs for the layout) and
/// returns its manifest, also written as `manifest.json`. Existing demo
/// files are replaced.
pub fn demo(dir: &Path, opts: &DemoOptions, fonts: &Fonts) -> Result<Manifest> {
    if opts.official > 3 {
        return Err(IssuerError::invalid("official", "官方格式样例最多 3 份", "at most 3 official-layout samples"));
    }
    let certs = demo_certificates(opts.seed, opts.today, opts.count)?;
    let keys = if opts.random_keys { DemoKeys::random() } else { demo_keys(opts.seed) };
    let (t1, t2) = demo_trust_lists(&keys, opts.today, &certs);
    let now = cst_midnight(opts.today) + 12 * 3600;
    let ctx = CheckContext::new(opts.today, now);
    files::create_dir_all(&dir.join("certs"))?;

    let mut file_entries = Vec::new();
    let mut add = |path: &str, kind: &str| {
        file_entries.push(FileEntry {
            path: path.into(),
            kind: kind.into(),
            certificate: None,
            state: None,
            expected: None,
            expected_with_trust_2: None,
        })
    };
    // Keys: the private ones (seeded sets only) with mode 0600 like keygen's.
    for (name, key) in [("root", &keys.root), ("issuer", &keys.issuer)] {
        let pem = dir.join(format!("{name}.key.pem"));
        if opts.random_keys {
            // Nothing that can sign stays behind (also from an older set).
            let _ = std::fs::remove_file(&pem);
        } else {
            files::write_replace(&pem, keys::private_pem(key)?.as_bytes(), true)?;
            add(&format!("{name}.key.pem"), &format!("{name}_key"));
        }
        files::write_replace(
            &dir.join(format!("{name}.pub.hex")),
            keys::public_hex(&key.verifying_key()).as_bytes(),
            false,
        )?;
        add(&format!("{name}.pub.hex"), &format!("{name}_public_key"));
    }
    let b1 = t1.sign(&keys.root);
    let b2 = t2.sign(&keys.root);
    files::write_replace(&dir.join("trust.bctl"), &b1, false)?;
    files::write_replace(&dir.join("trust-2.bctl"), &b2, false)?;
    add("trust.bctl", "trust_list");
    add("trust-2.bctl", "trust_list");
    // Verify against the decoded lists, exactly as a verifier would.
    let roots = [keys.root.verifying_key()];
    let v1 = TrustList::decode_verified(&b1, &roots)?;
    let v2 = TrustList::decode_verified(&b2, &roots)?;

    let width = opts.count.to_string().len().max(2);
    let page = PageOptions { seal: DEMO_SEAL.into(), demo: true, signature_png: None, qr_style: Default::default() };
    let one = |c: &DemoCert| {
        let key = if c.trusted_signer() { &keys.issuer } else { &keys.untrusted };
        let superseded =
            c.state == DemoState::Superseded && certs.get(c.number).is_some_and(|n| n.state == DemoState::NewerCopy);
        let stem = format!("certs/{}", c.stem(width));
        write_certificate(c, key, superseded, &stem, dir, &page, opts, (&v1, &v2), &ctx, fonts)
    };
    // Certificates are independent: draw them on every core, keep their order.
    let mut cert_entries = Vec::with_capacity(certs.len());
    for r in par_map(&certs, one) {
        let (entry, entries) = r?;
        cert_entries.push(entry);
        file_entries.extend(entries);
    }

    let official = write_official(dir, opts, &mut file_entries, fonts)?;

    let numbers =
        |pred: &dyn Fn(&DemoCert) -> bool| certs.iter().filter(|c| pred(c)).map(|c| c.number).collect::<Vec<_>>();
    let revoked1 = numbers(&|c| v1.is_revoked_lid(&c.request.lid));
    let revoked2 = numbers(&|c| v2.is_revoked_lid(&c.request.lid));
    let trust_entry = |path: &str, t: &TrustList, revoked: Vec<usize>, newly: Vec<usize>| TrustEntry {
        path: path.into(),
        seq: t.seq,
        issued: t.issued,
        next: t.next,
        revoked,
        cancelled: numbers(&|c| t.is_cancelled_reg(&c.request.reg)),
        newly_revoked: newly,
    };
    let newly: Vec<usize> = revoked2.iter().copied().filter(|n| !revoked1.contains(n)).collect();
    let key_entry = |k: &SigningKey| KeyEntry {
        public: hex::encode(k.verifying_key().to_bytes()),
        kid: keys::kid_hex(&k.verifying_key()),
    };
    let mut states: Vec<String> = Vec::new();
    for c in &certs {
        if !states.iter().any(|s| s == c.state.slug()) {
            states.push(c.state.slug().into());
        }
    }
    let manifest = Manifest {
        format: MANIFEST_FORMAT.into(),
        label: DEMO_LABEL.into(),
        seed: opts.seed,
        today: format_date(opts.today),
        now,
        count: opts.count,
        iss: DEMO_ISS.into(),
        seal: DEMO_SEAL.into(),
        root: key_entry(&keys.root),
        issuer: key_entry(&keys.issuer),
        untrusted: key_entry(&keys.untrusted),
        trust_lists: vec![
            trust_entry("trust.bctl", &v1, revoked1.clone(), revoked1.clone()),
            trust_entry("trust-2.bctl", &v2, revoked2, newly),
        ],
        states,
        certificates: cert_entries,
        official,
        files: file_entries,
    };
    let json = serde_json::to_string_pretty(&manifest)
        .map_err(|e| IssuerError::invalid("manifest", e.to_string(), e.to_string()))?;
    files::write_replace(&dir.join("manifest.json"), format!("{json}\n").as_bytes(), false)?;
    Ok(manifest)
}

/// Issues one demo certificate, writes its files and computes its expected verdicts.
#[allow(clippy::too_many_arguments)]
fn write_certificate(
    c: &DemoCert,
    key: &SigningKey,
    superseded: bool,
    stem: &str,
    dir: &Path,
    page: &PageOptions,
    opts: &DemoOptions,
    (v1, v2): (&TrustList, &TrustList),
    ctx: &CheckContext,
    fonts: &Fonts,
) -> Result<(CertEntry, Vec<FileEntry>)> {
    let issued = issue_pdf(&c.request, key, page, fonts)?;
    issued.write(&dir.join(stem))?;
    let e1 = Expected::of(&verify(&issued.qr_text, v1, ctx));
    let e2 = Expected::of(&verify(&issued.qr_text, v2, ctx));
    let mut paths: Vec<(String, &str)> = vec![
        (format!("{stem}.txt"), "qr_text"),
        (format!("{stem}.png"), "qr_png"),
        (format!("{stem}.svg"), "qr_svg"),
        (format!("{stem}.pdf"), "certificate_pdf"),
    ];
    if opts.scanned.contains(&c.number) {
        write_scan_and_photo(&issued, dir, stem, c.number as u64 ^ opts.seed, fonts)?;
        paths.push((format!("{stem}-scan.pdf"), "scan_pdf"));
        paths.push((format!("{stem}-photo.jpg"), "photo_jpg"));
    }
    let files = paths
        .iter()
        .map(|(path, kind)| FileEntry {
            path: path.clone(),
            kind: kind.to_string(),
            certificate: Some(c.number),
            state: Some(c.state.slug().into()),
            expected: Some(e1.clone()),
            expected_with_trust_2: Some(e2.clone()),
        })
        .collect();
    let cert = &issued.certificate;
    let (zh, en) = c.state.describe();
    let entry = CertEntry {
        number: c.number,
        state: c.state.slug().into(),
        state_zh: zh.into(),
        state_en: en.into(),
        name: cert.name.clone(),
        reg: cert.reg.clone(),
        id_masked: mask_id(&cert.idn),
        employer: cert.emp.clone(),
        uscc: cert.uscc.clone(),
        lid: cert.lid.clone(),
        use_from: format_date(cert.usage.from),
        use_to: format_date(cert.usage.to),
        specialties: cert
            .spec
            .iter()
            .map(|s| format!("{} {}..{}", s.n, format_date(s.from), format_date(s.to)))
            .collect(),
        trusted_signer: c.trusted_signer(),
        expected: e1,
        expected_with_trust_2: e2,
        wallet_codes: if superseded { vec!["superseded".into()] } else { vec![] },
        superseded_by: superseded.then_some(c.number + 1),
        files: paths.into_iter().map(|(p, _)| p).collect(),
    };
    Ok((entry, files))
}

/// `items.iter().map(f)` on all available cores (at most 8 threads), results in input order.
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8).min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut out: Vec<(usize, R)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        // A worker only panics if `f` does; pass that panic on.
        workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
    });
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, r)| r).collect()
}

/// Writes the certificate page as a flatbed scan at 200 dpi (`-scan.pdf`,
/// image-only) and as a phone photo of a print (`-photo.jpg`, from a 300 dpi
/// rendering, about 1,700 × 2,400 px like a 12-megapixel phone photo cropped
/// to the page, so that the QR code keeps 5 or more pixels per module).
fn write_scan_and_photo(issued: &Issued, dir: &Path, stem: &str, seed: u64, fonts: &Fonts) -> Result<()> {
    const SCAN_DPI: f32 = 200.0;
    const PHOTO_DPI: f32 = 300.0;
    let page = render_page(&issued.pdf, 0, SCAN_DPI, Some(fonts))?;
    let scan = scan_look(&page, seed)?;
    let jpeg = jpeg_bytes(&scan, 85)?;
    let pdf = image_only_pdf(&jpeg, scan.width(), scan.height(), SCAN_DPI)?;
    files::write_replace(&dir.join(format!("{stem}-scan.pdf")), &pdf, false)?;
    let page = render_page(&issued.pdf, 0, PHOTO_DPI, Some(fonts))?;
    let photo = jpeg_bytes(&photo_look(&page, seed)?, 88)?;
    files::write_replace(&dir.join(format!("{stem}-photo.jpg")), &photo, false)
}

fn write_official(
    dir: &Path,
    opts: &DemoOptions,
    entries: &mut Vec<FileEntry>,
    fonts: &Fonts,
) -> Result<Vec<OfficialEntry>> {
    if opts.official == 0 {
        return Ok(Vec::new());
    }
    files::create_dir_all(&dir.join("official"))?;
    let variants = [
        (Colon::FullWidth, DateStyle::Iso, false, 0u16, "iso"),
        (Colon::FullWidth, DateStyle::Chinese, true, 0, "chinese"),
        (Colon::Ascii, DateStyle::IsoShort, false, 90, "iso_short"),
    ];
    let mut out = Vec::new();
    for (i, (colon, style, second_page, rotate, style_name)) in variants.iter().take(opts.official).enumerate() {
        let p = profile(opts.seed, 10_000 + i, DemoState::Valid, opts.today);
        let mut r = rng::stream(opts.seed, "official", i as u64);
        let from = add_days(opts.today, -r.int_range(0, 60));
        let to = buildcert_bc1::rules::usage_cap(from, p.spec.iter().map(|s| s.to), p.dob);
        let lid = default_lid(&p.reg, cst_midnight(from));
        let spec: Vec<[String; 3]> =
            p.spec.iter().map(|s| [s.n.clone(), format_date(s.from), format_date(s.to)]).collect();
        let page = OfficialPage {
            name: p.name.clone(),
            sex: p.sex.zh().into(),
            dob: format_date(p.dob),
            reg: p.reg.clone(),
            employer: EMPLOYERS[p.employer].0.into(),
            uscc: employer_uscc(p.employer),
            id_masked: None,
            specialties: spec.iter().map(|s| buildcert_pdfgen::Specialty::new(&s[0], &s[1], &s[2])).collect(),
            issued: format_date(p.issued),
            use_from: format_date(from),
            use_to: format_date(to),
            seal_name: DEMO_OFFICIAL_SEAL.into(),
            signature_png: None,
            query_url: format!("https://zscx.demo.invalid/yjjzs/query?lid={lid}&demo=1"),
            label_colon: *colon,
            date_style: *style,
            second_page: *second_page,
            rotate: *rotate,
        };
        let path = format!("official/{:02}-official.pdf", i + 1);
        files::write_replace(&dir.join(&path), &official_pdf(&page, fonts)?, false)?;
        entries.push(FileEntry {
            path: path.clone(),
            kind: "official".into(),
            certificate: None,
            state: None,
            expected: None,
            expected_with_trust_2: None,
        });
        out.push(OfficialEntry {
            path,
            kind: "official".into(),
            lines: official_lines(&page)?,
            name: page.name,
            sex: page.sex,
            dob: page.dob,
            reg: page.reg,
            employer: page.employer,
            uscc: page.uscc,
            specialties: spec,
            issued: page.issued,
            use_from: page.use_from,
            use_to: page.use_to,
            query_url: page.query_url,
            colon: colon.as_str().into(),
            date_style: (*style_name).into(),
            pages: if *second_page { 2 } else { 1 },
            rotate: *rotate,
        });
    }
    Ok(out)
}
