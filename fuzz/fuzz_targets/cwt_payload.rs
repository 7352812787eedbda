//! Any bytes as a certificate's CWT payload, past the signature: CBOR
//! decoding and the certificate parser must never panic.
#![no_main]
use buildcert_bc1::codec::cbor_decode;
use buildcert_bc1::Certificate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(v) = cbor_decode(data) {
        let _ = Certificate::from_cwt(&v);
    }
});
