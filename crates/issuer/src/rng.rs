//! Seeding of the demo people's generator. The generator itself is the
//! workspace's one SplitMix64, [`buildcert_pdfgen::rng::Rng`]; here each
//! named stream gets its own state from SHA-256 of (seed, stream, index), so
//! adding a stream never shifts the numbers of another.

use sha2::{Digest, Sha256};

pub use buildcert_pdfgen::rng::Rng;

/// A generator for one named stream of the demo data.
pub fn stream(seed: u64, name: &str, index: u64) -> Rng {
    let h = Sha256::digest(format!("buildcert-demo|{seed}|{name}|{index}").as_bytes());
    let mut b = [0u8; 8];
    b.copy_from_slice(&h[..8]);
    Rng::from_state(u64::from_le_bytes(b))
}
