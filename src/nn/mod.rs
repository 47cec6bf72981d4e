//! A neural-network core small enough to read in one sitting: one-hidden-layer perceptrons
//! for 1D regression, trained by (mini-batch) stochastic gradient descent with L2 weight decay,
//! dropout and early stopping.
//!
//! The model is ŷ(x) = vᵀ·drop(h(W x + b))/√H + c (H hidden units) with h = tanh or ReLU, and training minimises
//! f(W, b, v, c) = (1/2|B|)·Σ_{i∈B} (ŷ(xᵢ) − yᵢ)² + (λ/2)·(‖W‖²_F + ‖v‖²) over mini-batches B.
//! Each layer keeps its `forward` and `backward` side by side (ConvNetJS / micrograd style):
//! [`dense`] (affine map), [`activation`] (tanh, ReLU), [`dropout`] (inverted dropout),
//! [`loss`] (squared error) and [`train`] (the model, the data, the trainer).
//! Random numbers come from [`Rng`], a seeded SplitMix64, so every run can be replayed.

pub mod activation;
pub mod dense;
pub mod dropout;
pub mod loss;
pub mod residual;
pub mod train;

pub use activation::{Activation, ActivationLayer};
pub use dense::Dense;
pub use dropout::Dropout;
pub use train::{Config, Dataset, Epoch, Mlp, Trainer};

/// A seeded random source: SplitMix64 (Steele, Lea & Flood 2014).
///
/// s ← s + 0x9E3779B97F4A7C15; z = s; z ← (z ⊕ z≫30)·0xBF58476D1CE4E5B9;
/// z ← (z ⊕ z≫27)·0x94D049BB133111EB; output z ⊕ z≫31. Same seed, same numbers, everywhere.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator started at `seed`.
    pub fn new(seed: u64) -> Self {
        Rng { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in [0, 1) (the top 53 bits).
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform number in [lo, hi).
    pub fn uniform_in(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }

    /// A standard normal number (Box–Muller: √(−2 ln u₁)·cos 2πu₂, u₁ ∈ (0, 1]).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
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
    fn uniform_mean_and_range() {
        let mut r = Rng::new(7);
        let n = 100_000;
        let mut sum = 0.0;
        for _ in 0..n {
            let u = r.uniform();
            assert!((0.0..1.0).contains(&u));
            sum += u;
        }
        // mean of U(0,1) is 1/2 with standard error √(1/12/n) ≈ 0.0009: allow 5 of them.
        assert!((sum / n as f64 - 0.5).abs() < 5.0 * (1.0 / 12.0 / n as f64).sqrt());
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut r = Rng::new(3);
        let mut v: Vec<usize> = (0..50).collect();
        r.shuffle(&mut v);
        let mut s = v.clone();
        s.sort_unstable();
        assert_eq!(s, (0..50).collect::<Vec<_>>());
        assert_ne!(v, s, "50 items should not stay in order");
    }
}
