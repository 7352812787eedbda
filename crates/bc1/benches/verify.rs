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
    g.bench_function("decode_only", |b| b.iter(|| buildcert_bc1::codec::decode_qr_text(std::hint::black_box(&text)).unwrap()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
