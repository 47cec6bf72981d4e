//! Inverted dropout: at training time each unit is kept with probability 1 − p and scaled by
//! 1/(1 − p), otherwise set to zero: y = m ⊙ x with mᵢ ∈ {0, 1/(1 − p)}, so E[yᵢ] = xᵢ.
//! At test time the layer is the identity (no rescaling needed, thanks to the 1/(1 − p)).
//! Backward uses the same mask: dL/dx = m ⊙ dL/dy.

use super::Rng;
use crate::{Error, Result};

/// The largest drop probability accepted (p → 1 would divide by zero).
pub const MAX_DROP: f64 = 0.95;

/// A dropout layer with drop probability `p` and the mask of its last training pass.
#[derive(Debug, Clone)]
pub struct Dropout {
    /// Probability of dropping (zeroing) each unit, 0 ≤ p ≤ [`MAX_DROP`].
    pub p: f64,
    mask: Vec<f64>,
}

impl Dropout {
    /// A dropout layer.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when p is not a number in [0, 0.95].
    pub fn new(p: f64) -> Result<Self> {
        if !(p.is_finite() && (0.0..=MAX_DROP).contains(&p)) {
            return Err(Error::invalid(format!(
                "The dropout probability p = {p} must be between 0 (no dropout) and {MAX_DROP}."
            )));
        }
        Ok(Dropout {
            p,
            mask: Vec::new(),
        })
    }

    /// Forward pass for training: draws a fresh mask and returns m ⊙ x.
    /// With p = 0 no random numbers are drawn and the output is x itself.
    pub fn forward(&mut self, x: &[f64], rng: &mut Rng) -> Vec<f64> {
        let keep = 1.0 - self.p;
        self.mask.clear();
        if self.p == 0.0 {
            self.mask.resize(x.len(), 1.0);
        } else {
            let scale = 1.0 / keep;
            self.mask
                .extend((0..x.len()).map(|_| if rng.uniform() < keep { scale } else { 0.0 }));
        }
        x.iter().zip(&self.mask).map(|(v, m)| v * m).collect()
    }

    /// Backward pass: dL/dx = m ⊙ dL/dy with the mask of the last forward.
    pub fn backward(&self, dy: &[f64]) -> Vec<f64> {
        dy.iter().zip(&self.mask).map(|(g, m)| g * m).collect()
    }

    /// The mask of the last training forward pass (0 or 1/(1 − p) per unit).
    pub fn mask(&self) -> &[f64] {
        &self.mask
    }
}
