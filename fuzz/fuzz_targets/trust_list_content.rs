//! Any bytes as the payload of a trust list, past the signature (the
//! `fuzzing` entry point): the content parser must never panic, and stays
//! bounded in items and nesting.
#![no_main]
use buildcert_bc1::TrustList;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = TrustList::from_payload_unverified(data);
});
