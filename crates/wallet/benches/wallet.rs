//! Wallet at scale: 10,000 stored certificates (5,000 holders, each with a
//! current and a superseded copy); listing, searching, computing every
//! alert; importing one QR text and one issuer-made PDF.
//!
//! `cargo bench -p buildcert-wallet --bench wallet`

use buildcert_bc1::date::{add_days, parse_date};
use buildcert_bc1::CheckContext;
use buildcert_wallet::testutil::{day0, issuer, request, root_hex, text, trust_bytes};
use buildcert_wallet::{ListFilter, Wallet};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use std::time::Duration;

const NOW: i64 = 1_790_000_000;

fn fresh(dir: &std::path::Path) -> (Wallet, buildcert_bc1::TrustList) {
    let w = Wallet::open(dir).unwrap();
    w.pin_root(&root_hex(), "test root", true).unwrap();
    w.import_trust_list(&trust_bytes(1, &[issuer().verifying_key()], &[]), &[], NOW).unwrap();
    let tl = w.current_trust_list(&[]).unwrap().unwrap();
    (w, tl)
}

fn filled(n: u64) -> (tempfile::TempDir, Wallet) {
    let dir = tempfile::tempdir().unwrap();
    let (w, tl) = fresh(dir.path());
    for i in 0..n {
        let holder = (i / 2) as u32;
        let download = add_days(day0(), (i % 2) as i64 * 20);
        let ctx = CheckContext::new(add_days(download, 1), NOW);
        w.import("c.txt", text(holder, 7_000_000 + i, download).as_bytes(), Some(&tl), &ctx, false).unwrap();
    }
    (dir, w)
}

fn issuer_pdf() -> Option<Vec<u8>> {
    let fonts = match buildcert_pdfgen::Fonts::discover() {
        Ok(f) => f,
        Err(e) => {
            eprintln!("no CJK font, PDF import not measured: {e}");
            return None;
        }
    };
    let req = request(1, 9_000_001, day0());
    let cert = buildcert_bc1::build_certificate(&req).unwrap();
    let qr = buildcert_bc1::encode(&cert, &issuer());
    let fmt = buildcert_bc1::date::format_date;
    let page = buildcert_pdfgen::CertificatePage {
        name: cert.name.clone(),
        sex: cert.sex.zh().into(),
        dob: fmt(cert.dob),
        reg: cert.reg.clone(),
        employer: cert.emp.clone(),
        uscc: cert.uscc.clone(),
        id_masked: None,
        specialties: cert.spec.iter().map(|s| buildcert_pdfgen::Specialty::new(&s.n, fmt(s.from), fmt(s.to))).collect(),
        issued: fmt(cert.issued),
        use_from: fmt(cert.usage.from),
        use_to: fmt(cert.usage.to),
        seal_name: buildcert_bc1::testkit::SEAL.into(),
        qr_text: qr.clone(),
        attachment: Some(qr),
        demo: true,
        ..Default::default()
    };
    Some(buildcert_pdfgen::certificate_pdf(&page, &fonts).unwrap())
}

fn at_scale(c: &mut Criterion) {
    let (_dir, w) = filled(10_000);
    assert_eq!(w.count().unwrap(), 10_000);
    let mut g = c.benchmark_group("10k");
    g.sample_size(20).measurement_time(Duration::from_secs(4)).warm_up_time(Duration::from_secs(1));
    g.bench_function("list_current", |b| b.iter(|| w.list(&ListFilter::default()).unwrap().len()));
    g.bench_function("list_all", |b| {
        b.iter(|| w.list(&ListFilter { include_superseded: true, ..Default::default() }).unwrap().len())
    });
    for (label, q) in
        [("search_name", "张伟4000"), ("search_registration", "京1110020230004321"), ("search_employer", "上海城建")]
    {
        g.bench_function(label, |b| {
            b.iter(|| w.list(&ListFilter { query: Some(q.into()), include_superseded: false }).unwrap().len())
        });
    }
    let at = parse_date("2027-02-10").unwrap();
    let n_alerts = w.alerts(at, NOW).unwrap().len();
    eprintln!("alerts at 2027-02-10: {n_alerts}");
    g.bench_function("alerts_all", |b| b.iter(|| w.alerts(at, NOW).unwrap().len()));
    g.finish();
}

fn import_one(c: &mut Criterion) {
    let mut g = c.benchmark_group("import");
    g.sample_size(20).measurement_time(Duration::from_secs(4)).warm_up_time(Duration::from_secs(1));
    let t = text(1, 9_000_000, day0());
    let ctx = CheckContext::new(add_days(day0(), 1), NOW);
    g.bench_function("qr_text", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let (w, tl) = fresh(dir.path());
                (dir, w, tl)
            },
            |(dir, w, tl)| {
                w.import("qr.txt", t.as_bytes(), Some(&tl), &ctx, false).unwrap();
                (dir, w)
            },
            BatchSize::PerIteration,
        )
    });
    if let Some(pdf) = issuer_pdf() {
        eprintln!("issuer PDF: {} bytes", pdf.len());
        g.bench_function("issuer_pdf", |b| {
            b.iter_batched(
                || {
                    let dir = tempfile::tempdir().unwrap();
                    let (w, tl) = fresh(dir.path());
                    (dir, w, tl)
                },
                |(dir, w, tl)| {
                    let r = w.import("certificate.pdf", &pdf, Some(&tl), &ctx, false).unwrap();
                    assert!(r.added);
                    (dir, w)
                },
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, at_scale, import_one);
criterion_main!(benches);
