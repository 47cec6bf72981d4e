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
pub mod cnn;
pub mod conv2d;
pub mod dense;
pub mod dropout;
pub mod engine;
pub mod loss;
pub mod maxpool;
pub mod residual;
pub mod train;

pub use activation::{Activation, ActivationLayer};
pub use dense::Dense;
pub use dropout::Dropout;
pub use train::{Config, Dataset, Epoch, Mlp, Trainer};

/// The seeded random source the layers draw from (SplitMix64; see [`crate::rng`]).
pub use crate::rng::SplitMix64 as Rng;

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
