//! Decode + verify of one QR text (issue target: ≥ 10,000 per second on one core).
use buildcert_bc1::{date::parse_date, testkit, verify, CheckContext, TrustList};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn bench(c: &mut Criterion) {
    let (trust_bytes, root, text) = testkit::sample();
    let trust = TrustList::decode_verified(&trust_bytes, &[root]).unwrap();
    let ctx = CheckContext::new(parse_date("2026-10-01").unwrap(), 1_790_000_000);
    let mut g = c.benchmark_group("bc1");
    g.throughput(Throughput::Elements(1));
    g.bench_function("decode_verify_one_qr_text", |b| {
        b.iter(|| {
            let v = verify(std::hint::black_box(&text), &trust, &ctx);
            assert_eq!(v.status, buildcert_bc1::Status::Valid);
        })
    });
    g.bench_function("decode_only", |b| {
        b.iter(|| buildcert_bc1::codec::decode_qr_text(std::hint::black_box(&text)).unwrap())
    });
    g.finish();

    // Hostile inputs: each must be refused quickly (the bound is 100 ms).
    let mut h = c.benchmark_group("bc1_hostile");
    let bomb = {
        use std::io::Write;
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(&vec![0u8; 1 << 20]).unwrap();
        let t = format!("BC1:{}", base45::encode(e.finish().unwrap()));
        assert!(
            t.len() < buildcert_bc1::codec::MAX_QR_TEXT_CHARS,
            "the bomb fits in a QR text, so inflate's limit is what stops it"
        );
        t
    };
    let long_line = format!("BC1:{}", "A".repeat(10 << 20));
    let truncated = text[..text.len() / 2].to_string();
    let mut seed = 7u64;
    let random: String = (0..4000)
        .map(|_| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            char::from(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"[(seed >> 33) as usize % 45])
        })
        .collect();
    for (name, input) in [
        ("zlib_bomb_1MB_in_1KB", &bomb),
        ("line_10MB", &long_line),
        ("truncated", &truncated),
        ("random_base45_4000", &random),
    ] {
        h.bench_function(name, |b| {
            b.iter(|| {
                assert_ne!(verify(std::hint::black_box(input), &trust, &ctx).status, buildcert_bc1::Status::Valid)
            })
        });
    }
    h.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
