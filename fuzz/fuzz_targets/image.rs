//! Any bytes as an image (the first byte picks the format's signature):
//! header checks, decoding and the QR pipeline must never panic. Images are
//! bounded at 250,000 pixels so that the QR pipeline, which tries every
//! binarization until the time budget when there is no code, stays quick.
#![no_main]
use buildcert_bc1::{date::parse_date, testkit, CheckContext, TrustList};
use buildcert_scan::Limits;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn trust() -> &'static TrustList {
    static T: OnceLock<TrustList> = OnceLock::new();
    T.get_or_init(|| {
        let (tb, root, _) = testkit::sample();
        TrustList::decode_verified(&tb, &[root]).unwrap()
    })
}

const MAGIC: [&[u8]; 6] = [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"RIFF\0\0\0\0WEBP", b"BM", b"II*\0", b"GIF89a"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let ctx = CheckContext::new(parse_date("2026-10-01").unwrap(), 1_790_000_000);
    let limits = Limits {
        time_budget: std::time::Duration::from_millis(500),
        max_pixels: 250_000,
        max_alloc_bytes: 64 << 20,
        ..Limits::default()
    };
    let mut bytes = MAGIC[pick as usize % MAGIC.len()].to_vec();
    bytes.extend_from_slice(rest);
    let _ = buildcert_check::check_bytes(&bytes, &limits, trust(), &ctx);
});
