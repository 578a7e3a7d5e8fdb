//! A tiny seeded PRNG (SplitMix64) and the identifier formats built on it.
//!
//! Every random draw in the generator comes from a stream keyed by *what* is being drawn (provider, account,
//! resource, day...), never from one shared sequential stream. That keeps the output identical when the
//! writing order, the selected formats or the number of anomalies change, and lets two runs that differ only
//! in anomalies be compared row by row.

/// SplitMix64 (Steele, Lea and Flood 2014): one 64-bit add and a finaliser per draw. Statistically good enough
/// for synthetic billing data and small enough to own, so the output never changes with a crate upgrade.
#[derive(Debug, Clone)]
pub(super) struct Rng {
    state: u64,
}

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 finaliser, also used on its own to hash keys together.
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Hashes a short string (a provider or stream name) into a key, so keys can be written as readable labels.
pub(super) const fn label(text: &str) -> u64 {
    // FNV-1a: const-evaluable, and labels are a handful of ASCII bytes.
    let bytes = text.as_bytes();
    let mut hash: u64 = 0xCBF2_9CE4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01B3);
        i += 1;
    }
    hash
}

impl Rng {
    /// A stream for `seed` and the path of keys naming what it draws.
    pub(super) fn keyed(seed: u64, keys: &[u64]) -> Self {
        let mut state = mix64(seed ^ GOLDEN_GAMMA);
        for &key in keys {
            state = mix64(state.wrapping_add(GOLDEN_GAMMA) ^ mix64(key));
        }
        Rng { state }
    }

    /// The next 64 random bits.
    pub(super) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        mix64(self.state)
    }

    /// Uniform in [0, 1), from the top 53 bits so every value is an exact double.
    pub(super) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [lo, hi).
    pub(super) fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Uniform integer in [0, n); n must be positive.
    pub(super) fn below(&mut self, n: u64) -> u64 {
        // Multiply-shift instead of modulo: no bias worth mentioning for the small n used here.
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// True with probability p.
    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One element of a non-empty slice.
    pub(super) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// Lowercase hex digits, as in AWS resource ids (`i-0abc...`).
    pub(super) fn hex(&mut self, len: usize) -> String {
        self.alphabet(b"0123456789abcdef", len)
    }

    /// Lowercase base32 characters, as in CUR `identity/LineItemId`.
    pub(super) fn base32(&mut self, len: usize) -> String {
        self.alphabet(b"abcdefghijklmnopqrstuvwxyz234567", len)
    }

    /// Decimal digits, first one non-zero (account numbers, enrollment numbers).
    pub(super) fn digits(&mut self, len: usize) -> String {
        let mut out = self.alphabet(b"0123456789", len);
        if out.starts_with('0') {
            out.replace_range(0..1, "7");
        }
        out
    }

    /// A random (version 4 layout) GUID, as Azure uses for subscriptions, meters and reservations.
    pub(super) fn guid(&mut self) -> String {
        let h = self.hex(32);
        format!("{}-{}-4{}-a{}-{}", &h[0..8], &h[8..12], &h[13..16], &h[17..20], &h[20..32])
    }

    fn alphabet(&mut self, symbols: &[u8], len: usize) -> String {
        let mut out = String::with_capacity(len);
        let mut bits = self.next_u64();
        let mut left = 64u32;
        let width = symbols.len().trailing_zeros().max(4);
        for _ in 0..len {
            if left < width {
                bits = self.next_u64();
                left = 64;
            }
            let index = if symbols.len().is_power_of_two() {
                (bits as usize) & (symbols.len() - 1)
            } else {
                (bits as usize & 0xF) % symbols.len()
            };
            out.push(symbols[index] as char);
            bits >>= width;
            left -= width;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_reference_values() {
        // Reference outputs of SplitMix64 seeded with 0 (Vigna's splitmix64.c): the first draw is mix64(gamma).
        let mut rng = Rng { state: 0 };
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn keyed_streams_are_independent_of_each_other() {
        let a = Rng::keyed(7, &[1, 2]).next_u64();
        let b = Rng::keyed(7, &[2, 1]).next_u64();
        let c = Rng::keyed(8, &[1, 2]).next_u64();
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_eq!(a, Rng::keyed(7, &[1, 2]).next_u64());
    }

    #[test]
    fn draws_stay_in_range() {
        let mut rng = Rng::keyed(1, &[]);
        for _ in 0..10_000 {
            let u = rng.unit();
            assert!((0.0..1.0).contains(&u));
            assert!(rng.below(3) < 3);
        }
        assert_eq!(rng.guid().len(), 36);
        assert!(rng.digits(12).chars().all(|c| c.is_ascii_digit()));
    }
}
