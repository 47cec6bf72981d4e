//! A small deterministic random source shared by every simulation in the crate.
//!
//! SplitMix64 (Steele, Lea & Flood 2014): state s ← s + 0x9E3779B97F4A7C15, then the output
//! z = s is mixed by z ← (z ⊕ (z ≫ 30))·0xBF58476D1CE4E5B9, z ← (z ⊕ (z ≫ 27))·0x94D049BB133111EB,
//! z ← z ⊕ (z ≫ 31). Uniforms are the top 53 bits scaled to [0, 1); Gaussians come from
//! Box–Muller: r = √(−2 ln u₁), (r cos 2πu₂, r sin 2πu₂) with u₁ ∈ (0, 1]. The same seed gives
//! the same numbers on every platform, so a noisy run can be replayed (and checked by NumPy).

/// SplitMix64 generator with uniform, Gaussian, integer and shuffle helpers.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator started at `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in [0, 1) with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform number in [lo, hi).
    pub fn uniform_in(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }

    /// Two independent standard normal numbers (Box–Muller).
    pub fn normal_pair(&mut self) -> [f64; 2] {
        let u1 = 1.0 - self.uniform(); // (0, 1]: ln never sees 0
        let u2 = self.uniform();
        let r = (-2.0 * u1.ln()).sqrt();
        let (s, c) = (std::f64::consts::TAU * u2).sin_cos();
        [r * c, r * s]
    }

    /// One standard normal number: the cosine half of a Box–Muller pair (two uniforms drawn).
    pub fn normal(&mut self) -> f64 {
        self.normal_pair()[0]
    }

    /// A whole number in 0..n (n ≥ 1), by multiply-shift (bias below 2⁻³² for small n).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_matches_the_reference_sequence() {
        // First outputs for seed 1234567 printed by the public-domain reference splitmix64.c
        // (Vigna), compiled with gcc.
        let mut g = SplitMix64::new(1234567);
        assert_eq!(g.next_u64(), 6457827717110365317);
        assert_eq!(g.next_u64(), 3203168211198807973);
    }

    #[test]
    fn normals_have_unit_moments() {
        let mut g = SplitMix64::new(7);
        let n = 200_000;
        let (mut sum, mut sum2) = (0.0, 0.0);
        for _ in 0..n / 2 {
            for z in g.normal_pair() {
                sum += z;
                sum2 += z * z;
            }
        }
        let mean = sum / n as f64;
        let var = sum2 / n as f64 - mean * mean;
        // Standard errors: 1/√n ≈ 0.0022 for the mean, √(2/n) ≈ 0.0032 for the variance.
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.015, "variance {var}");
    }
}
