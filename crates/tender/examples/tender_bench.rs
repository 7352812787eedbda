//! Throughput of the tender check, end to end (file → verdict → matched batch).
//!
//! ```text
//! cargo run --release -p buildcert-tender --example tender_bench [-- N_PDFS N_SCANS]
//! ```
//!
//! Makes N_PDFS (default 1,000) issuer-made certificate PDFs
//! (`buildcert_issuer::issue_pdf`, distinct holders) and N_SCANS (default 20)
//! image-only "scanned" PDFs (rendered at 200 dpi, `scan_look`, JPEG,
//! `image_only_pdf`), cached under `target/tender-bench/` (delete it to
//! regenerate), then runs `run_tender` on them with 1 and 2 threads and prints
//! PDFs/s, and a single-thread breakdown of where the time goes.
//! Set `TENDER_BENCH_DIR` to cache elsewhere.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use buildcert_bc1::codec::decode_qr_text;
use buildcert_bc1::date::{cst_midnight, parse_date};
use buildcert_bc1::verify::find_signer;
use buildcert_bc1::{testkit, CheckContext, IssueRequest, Specialty, TrustList};
use buildcert_scan::Limits;
use buildcert_tender::{run_tender, RunOptions, Tender};
use rayon::prelude::*;

const SPECS: [&str; 4] = ["建筑工程", "机电工程", "市政公用工程", "公路工程"];

fn d(s: &str) -> chrono::NaiveDate {
    parse_date(s).expect("date")
}

fn holder(n: u32) -> IssueRequest {
    let mut r = testkit::sample_request();
    r.reg = format!("京111002023{:07}", n);
    r.lid = format!("11000000{:08}", n);
    r.name = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强"][n as usize % 8].to_string();
    // Distinct ID numbers (so nobody is a copy of somebody else); odd 17th digit: male.
    r.idn = testkit::idn(&format!("{:06}19850615{:03}", 110000 + n / 500, (n % 500) * 2 + 1));
    r.spec = vec![Specialty { n: SPECS[n as usize % 4].into(), from: d("2023-03-01"), to: d("2028-12-31") }];
    r
}

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let n_pdfs = args.first().copied().unwrap_or(1000);
    let n_scans = args.get(1).copied().unwrap_or(20);
    let dir = std::env::var_os("TENDER_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/tender-bench"));
    let root = testkit::seed_key("root-public");
    let issuer = testkit::seed_key("issuer-public");
    let trust_bytes = testkit::trust_list(&root, &issuer.verifying_key(), 1);
    let trust = TrustList::decode_verified(&trust_bytes, &[root.verifying_key()]).expect("trust list");
    let now = cst_midnight(d("2026-10-01")) + 9 * 3600;

    let (pdfs, scans) = prepare(&dir, n_pdfs, n_scans, &issuer);
    let tender = Tender {
        name: "benchmark".into(),
        bid_date: d("2026-10-01"),
        valid_until: None,
        company: None,
        uscc: testkit::uscc("91110000100000000"),
        // One role per specialty in the set, so every certificate fits a role and is valid.
        roles: SPECS.iter().enumerate().map(|(i, s)| format!("岗位{}={s}", i + 1).parse().unwrap()).collect(),
        inputs: vec![],
    };
    let cancel = AtomicBool::new(false);
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!(
        "machine: {cores} logical cores; {} issuer PDFs, {} scanned PDFs in {}",
        pdfs.len(),
        scans.len(),
        dir.display()
    );

    let run = |files: &[PathBuf], threads: usize| -> (Duration, buildcert_tender::TenderResult) {
        let opts = RunOptions { threads, ..RunOptions::default() };
        let t = Instant::now();
        let r = run_tender(&tender, files, &trust, now, &opts, &|_| {}, &cancel).expect("run");
        (t.elapsed(), r)
    };
    // Warm the page cache and the code.
    let _ = run(&pdfs[..pdfs.len().min(50)], 2);

    println!("\n## End to end (run_tender: read file, scan PDF, §8, verify, match)\n");
    println!("| set | threads | files | seconds | PDFs/s | valid | speed-up |");
    println!("|---|---|---|---|---|---|---|");
    let mut base = 0.0;
    for threads in [1, 2] {
        let (el, r) = run(&pdfs, threads);
        let rate = pdfs.len() as f64 / el.as_secs_f64();
        if threads == 1 {
            base = rate;
        }
        assert_eq!(r.counts.valid, pdfs.len(), "every issuer PDF must verify");
        println!(
            "| issuer PDFs | {threads} | {} | {:.2} | {:.0} | {} | {:.2}× |",
            pdfs.len(),
            el.as_secs_f64(),
            rate,
            r.counts.valid,
            rate / base
        );
    }
    let mut sbase = 0.0;
    for threads in [1, 2] {
        let (el, r) = run(&scans, threads);
        let rate = scans.len() as f64 / el.as_secs_f64();
        if threads == 1 {
            sbase = rate;
        }
        println!(
            "| scanned (image-only) PDFs | {threads} | {} | {:.2} | {:.1} | {} | {:.2}× |",
            scans.len(),
            el.as_secs_f64(),
            rate,
            r.counts.valid + r.counts.warning,
            rate / sbase
        );
    }

    breakdown(&pdfs, &trust, now);
}

/// One thread, per step, on the issuer PDFs.
fn breakdown(pdfs: &[PathBuf], trust: &TrustList, now: i64) {
    let limits = Limits::default();
    let n = pdfs.len().min(300);
    let ctx = {
        let mut c = CheckContext::new(d("2026-10-01"), now);
        c.policy = Some(buildcert_bc1::Policy {
            employer_uscc: Some(testkit::uscc("91110000100000000")),
            required_specialties: vec![],
        });
        c
    };
    // Images of the page that hold no code go through the whole decoder pipeline
    // (every try) before the page is given up on: the signature image is one.
    let sig = image::DynamicImage::ImageRgba8(buildcert_pdfgen::synthetic_signature("张伟")).to_luma8();
    let t = Instant::now();
    for _ in 0..20 {
        let _ = buildcert_scan::scan_luma(sig.width(), sig.height(), sig.as_raw(), &limits);
    }
    let t_sig_img = t.elapsed() / 20;
    let mut t_text = Duration::ZERO;
    let (mut t_read, mut t_scan, mut t_qr, mut t_codec, mut t_sig, mut t_verify) =
        (Duration::ZERO, Duration::ZERO, Duration::ZERO, Duration::ZERO, Duration::ZERO, Duration::ZERO);
    for p in &pdfs[..n] {
        let t = Instant::now();
        let bytes = std::fs::read(p).expect("read");
        t_read += t.elapsed();
        let t = Instant::now();
        let scan = buildcert_scan::scan_bytes(&bytes, &limits).expect("scan");
        t_scan += t.elapsed();
        let t = Instant::now();
        let _ = buildcert_scan::pdf_text(&bytes, &limits);
        t_text += t.elapsed();
        let text = scan.codes.iter().find(|c| c.is_bc1()).map(|c| c.text.clone()).expect("a BC1 code");
        // The QR symbol alone, as the PDF stores it (4 px per module, quiet zone), through the same decoder.
        let img = buildcert_pdfgen::qr_image(&text, 4).expect("qr image");
        let gray = img;
        let t = Instant::now();
        let found = buildcert_scan::scan_luma(gray.width(), gray.height(), gray.as_raw(), &limits);
        t_qr += t.elapsed();
        assert!(!found.is_empty());
        let t = Instant::now();
        let cose = decode_qr_text(&text).expect("decode");
        t_codec += t.elapsed();
        let t = Instant::now();
        find_signer(&cose, trust).expect("signature");
        t_sig += t.elapsed();
        let t = Instant::now();
        let v = buildcert_bc1::verify_document(std::slice::from_ref(&text), scan.attachment.as_deref(), trust, &ctx)
            .expect("verdict");
        t_verify += t.elapsed();
        assert!(matches!(v.status, buildcert_bc1::Status::Valid | buildcert_bc1::Status::Warning));
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0 / n as f64;
    let total = ms(t_read) + ms(t_scan) + ms(t_verify);
    println!("\n## Where the time goes (1 thread, mean of {n} issuer PDFs, ms per PDF)\n");
    println!("| step | ms | share |");
    println!("|---|---|---|");
    let row = |name: &str, v: f64| println!("| {name} | {v:.3} | {:.1}% |", v / total * 100.0);
    row("read the file", ms(t_read));
    row("scan the PDF: parse (hayro), find images, decode them, attachment", ms(t_scan) - ms(t_qr));
    row("  of which QR decode of the code's image (measured alone)", ms(t_qr));
    row("  for comparison: parse + interpret the page for its text (pdf_text)", ms(t_text));
    row(
        "  for comparison: the 600×200 signature image (no code) through the decoder",
        t_sig_img.as_secs_f64() * 1000.0,
    );
    row("BC1 decode (Base45, zlib, COSE/CBOR)", ms(t_codec));
    row("Ed25519 verify_strict (find_signer)", ms(t_sig));
    row("rest of §6 verification (rules, dates, messages)", ms(t_verify) - ms(t_codec) - ms(t_sig));
    println!("| total (sum) | {total:.3} | 100% |");
    println!("\nEd25519 alone allows {:.0} verifications/s per core.", 1000.0 / ms(t_sig));
}

fn prepare(
    dir: &Path,
    n_pdfs: usize,
    n_scans: usize,
    issuer: &buildcert_bc1::SigningKey,
) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let pdf_dir = dir.join("pdfs");
    let scan_dir = dir.join("scans");
    std::fs::create_dir_all(&pdf_dir).expect("mkdir");
    std::fs::create_dir_all(&scan_dir).expect("mkdir");
    let pdfs: Vec<PathBuf> = (0..n_pdfs).map(|i| pdf_dir.join(format!("{i:05}.pdf"))).collect();
    let scans: Vec<PathBuf> = (0..n_scans).map(|i| scan_dir.join(format!("{i:05}-scan.pdf"))).collect();
    let missing = pdfs.iter().chain(&scans).filter(|p| !p.exists()).count();
    if missing == 0 {
        return (pdfs, scans);
    }
    let t = Instant::now();
    eprintln!("generating {missing} PDFs into {} (cached for next time)…", dir.display());
    let fonts = buildcert_pdfgen::Fonts::discover().expect("a CJK font (fonts-noto-cjk)");
    let page = buildcert_issuer::PageOptions { seal: testkit::SEAL.into(), demo: true, ..Default::default() };
    pdfs.par_iter().enumerate().for_each(|(i, p)| {
        if !p.exists() {
            let issued = buildcert_issuer::issue_pdf(&holder(i as u32 + 1), issuer, &page, &fonts).expect("issue");
            std::fs::write(p, &issued.pdf).expect("write");
        }
    });
    scans.par_iter().enumerate().for_each(|(i, p)| {
        if !p.exists() {
            let issued = buildcert_issuer::issue_pdf(&holder(50_000 + i as u32), issuer, &page, &fonts).expect("issue");
            let img = buildcert_pdfgen::render_page(&issued.pdf, 0, 200.0, Some(&fonts)).expect("render");
            let img = buildcert_pdfgen::scan_look(&img, i as u64 + 7).expect("scan look");
            let jpeg = buildcert_pdfgen::jpeg_bytes(&img, 80).expect("jpeg");
            let pdf = buildcert_pdfgen::image_only_pdf(&jpeg, img.width(), img.height(), 200.0).expect("pdf");
            std::fs::write(p, pdf).expect("write");
        }
    });
    eprintln!("generated in {:.1} s", t.elapsed().as_secs_f64());
    (pdfs, scans)
}
