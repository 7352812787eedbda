//! Any string as QR text: decode + verify must never panic.
#![no_main]
use buildcert_bc1::{date::parse_date, testkit, verify, CheckContext, TrustList};
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
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = verify(s, trust(), &ctx);
    }
    // Also as raw COSE bytes behind a valid Base45 layer, so the fuzzer reaches CBOR/COSE.
    let text = format!("BC1:{}", base45_encode(data));
    let _ = verify(&text, trust(), &ctx);
});

fn base45_encode(b: &[u8]) -> String {
    const A: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    let mut out = String::new();
    for ch in b.chunks(2) {
        if ch.len() == 2 {
            let n = ch[0] as u32 * 256 + ch[1] as u32;
            out.push(A[(n % 45) as usize] as char);
            out.push(A[(n / 45 % 45) as usize] as char);
            out.push(A[(n / 2025) as usize] as char);
        } else {
            let n = ch[0] as u32;
            out.push(A[(n % 45) as usize] as char);
            out.push(A[(n / 45) as usize] as char);
        }
    }
    out
}
