//! Inverted dropout: in training each number is kept with probability 1 − p and scaled by
//! 1/(1 − p), else zeroed (y = m ⊙ x, E[y] = x); at test time it is the identity.
//! Backward uses the same mask: dL/dx = m ⊙ dL/dy.

use super::{Geometry, Layer, LayerHead, Shape};
use crate::rng::SplitMix64;
use crate::{Error, Result};

/// The largest drop probability accepted (p → 1 would divide by zero).
pub const MAX_DROP: f32 = 0.9;

/// A dropout layer with its own seeded random stream and the mask of its last training pass.
#[derive(Debug, Clone)]
pub struct Dropout {
    head: LayerHead,
    p: f32,
    rng: SplitMix64,
    mask: Vec<f32>,
}

impl Dropout {
    /// Dropout with probability `p` on `shape`-shaped examples, its masks drawn from `seed`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when p is not a number in [0, 0.9].
    pub fn new(name: &str, shape: Shape, p: f32, seed: u64) -> Result<Self> {
        if !(p.is_finite() && (0.0..=MAX_DROP).contains(&p)) {
            return Err(Error::invalid(format!(
                "The dropout probability must be between 0 (no dropout) and {MAX_DROP}, not {p}."
            )));
        }
        Ok(Dropout {
            head: LayerHead::new(name, "dropout", shape, shape, Geometry::Pointwise),
            p,
            rng: SplitMix64::new(seed),
            mask: Vec::new(),
        })
    }

    /// The drop probability p.
    pub fn p(&self) -> f32 {
        self.p
    }
}

impl Layer for Dropout {
    fn head(&self) -> &LayerHead {
        &self.head
    }

    fn forward(&mut self, x: &[f32], y: &mut [f32], batch: usize, train: bool) {
        let n = batch * super::shape_len(self.head.input);
        self.mask.resize(n, 1.0);
        if !train || self.p == 0.0 {
            self.mask.fill(1.0);
        } else {
            let keep = 1.0 - self.p as f64;
            let scale = 1.0 / keep as f32;
            for m in self.mask.iter_mut() {
                *m = if self.rng.uniform() < keep {
                    scale
                } else {
                    0.0
                };
            }
        }
        for ((y, &x), &m) in y[..n].iter_mut().zip(&x[..n]).zip(&self.mask) {
            *y = x * m;
        }
    }

    fn backward(
        &mut self,
        _x: &[f32],
        _y: &[f32],
        dy: &[f32],
        dx: Option<&mut [f32]>,
        batch: usize,
    ) {
        if let Some(dx) = dx {
            let n = batch * super::shape_len(self.head.input);
            for ((d, &g), &m) in dx[..n].iter_mut().zip(&dy[..n]).zip(&self.mask) {
                *d = g * m;
            }
        }
    }

    fn reseed(&mut self, seed: u64) {
        self.rng = SplitMix64::new(seed);
    }
}
