//! Any bytes as a trust list: decoding and verification must never panic.
#![no_main]
use buildcert_bc1::{testkit, TrustList};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let root = testkit::seed_key("root-public").verifying_key();
    let _ = TrustList::decode_verified(data, &[root]);
});
