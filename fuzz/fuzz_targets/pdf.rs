//! Any bytes behind a PDF header through `check_bytes`: hayro, the image
//! collector and the decoders must end in an outcome, never a panic or a
//! hang (a short time budget keeps each run bounded).
//!
//! Pages are rendered at most ~245×245 and embedded images decoded up to
//! 1 Mpx: without a code the QR pipeline tries every binarization until the
//! time budget, which on a full page made each run take the whole 500 ms
//! (about 1 run/s); the parsing and interpretation paths are the same.
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

fuzz_target!(|data: &[u8]| {
    let ctx = CheckContext::new(parse_date("2026-10-01").unwrap(), 1_790_000_000);
    let limits = Limits {
        time_budget: std::time::Duration::from_millis(500),
        max_pdf_pages: 4,
        max_render_pixels: 60_000,
        max_pixels: 1_000_000,
        max_alloc_bytes: 64 << 20,
        ..Limits::default()
    };
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend_from_slice(data);
    let _ = buildcert_check::check_bytes(&bytes, &limits, trust(), &ctx);
});
