//! The one small deterministic random number generator of the workspace
//! (SplitMix64): the same seed always gives the same numbers, on every
//! platform. Used for the "scanned page" looks here and for the demo people
//! of `buildcert-issuer`. Not for keys: keys come from the OS (a CSPRNG).

/// SplitMix64.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for a numeric seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// A generator whose state is exactly `state` (for callers that derive
    /// the state themselves, e.g. from a hash of a stream name).
    pub fn from_state(state: u64) -> Self {
        Rng(state)
    }

    /// A generator seeded by a string (FNV-1a over its UTF-8 bytes).
    pub fn from_text(s: &str) -> Self {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in s.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        Rng::new(h)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn f32(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.f32()
    }

    /// Roughly normal (sum of uniforms), mean 0, standard deviation ~1.
    pub fn gauss(&mut self) -> f32 {
        let s: f32 = (0..4).map(|_| self.f32()).sum();
        (s - 2.0) * 1.732
    }

    /// A whole number in `lo..=hi` (`lo ≤ hi`).
    pub fn int_range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = (hi - lo + 1).max(1) as u64;
        lo + (self.next_u64() % span) as i64
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }

    /// `n` decimal digits.
    pub fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + (self.next_u64() % 10) as u8)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn splitmix64_reference_values() {
        // SplitMix64 from state 0 (Vigna's reference output).
        let mut r = Rng::from_state(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn ranges_stay_inside() {
        let mut r = Rng::new(7);
        for _ in 0..10_000 {
            let i = r.int_range(-3, 3);
            assert!((-3..=3).contains(&i));
            let f = r.range(1.0, 2.0);
            assert!((1.0..2.0).contains(&f));
        }
        assert_eq!(r.digits(6).len(), 6);
        assert_eq!(Rng::new(1).digits(12), Rng::new(1).digits(12));
        assert_ne!(Rng::new(1).digits(12), Rng::new(2).digits(12));
    }
}
