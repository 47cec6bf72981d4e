//! Fully connected (dense) layer: y = W x + b for each row x of a batch.
//!
//! Shapes: W is (n_out × n_in) row-major, b has n_out entries, a batch is (batch × n_in).
//! Backward, given dL/dy for the batch: dL/dW += Σ_rows (dL/dy)ᵀ x, dL/db += Σ_rows dL/dy,
//! and dL/dx = (dL/dy) W. Gradients accumulate until [`Dense::zero_grad`].

use super::Rng;

/// A dense layer with its parameters, their gradients and the cached input of the last
/// forward pass (needed by backward).
#[derive(Debug, Clone)]
pub struct Dense {
    /// Number of inputs per example.
    pub n_in: usize,
    /// Number of outputs per example.
    pub n_out: usize,
    /// Weights, (n_out × n_in) row-major: `w[o * n_in + i]` connects input i to output o.
    pub w: Vec<f64>,
    /// Biases, one per output.
    pub b: Vec<f64>,
    /// dL/dW accumulated by [`Dense::backward`].
    pub dw: Vec<f64>,
    /// dL/db accumulated by [`Dense::backward`].
    pub db: Vec<f64>,
    input: Vec<f64>,
}

impl Dense {
    /// A layer with weights drawn from N(0, w_std²) and biases from N(0, b_std²).
    pub fn new(n_in: usize, n_out: usize, w_std: f64, b_std: f64, rng: &mut Rng) -> Self {
        let w = (0..n_in * n_out).map(|_| w_std * rng.normal()).collect();
        let b = (0..n_out).map(|_| b_std * rng.normal()).collect();
        Dense {
            n_in,
            n_out,
            w,
            b,
            dw: vec![0.0; n_in * n_out],
            db: vec![0.0; n_out],
            input: Vec::new(),
        }
    }

    /// y = W x + b for every row of `x` (batch × n_in) without caching anything.
    pub fn apply(&self, x: &[f64]) -> Vec<f64> {
        debug_assert_eq!(x.len() % self.n_in, 0);
        let batch = x.len() / self.n_in;
        let mut y = Vec::with_capacity(batch * self.n_out);
        for row in x.chunks_exact(self.n_in) {
            for (wo, bo) in self.w.chunks_exact(self.n_in).zip(&self.b) {
                y.push(bo + wo.iter().zip(row).map(|(a, b)| a * b).sum::<f64>());
            }
        }
        y
    }

    /// Forward pass for training: [`Dense::apply`], remembering `x` for backward.
    pub fn forward(&mut self, x: &[f64]) -> Vec<f64> {
        self.input.clear();
        self.input.extend_from_slice(x);
        self.apply(x)
    }

    /// Backward pass: adds this batch's dL/dW and dL/db to the gradients and returns dL/dx.
    pub fn backward(&mut self, dy: &[f64]) -> Vec<f64> {
        let mut dx = vec![0.0; self.input.len()];
        for ((g, x), dxr) in dy
            .chunks_exact(self.n_out)
            .zip(self.input.chunks_exact(self.n_in))
            .zip(dx.chunks_exact_mut(self.n_in))
        {
            for (o, &go) in g.iter().enumerate() {
                self.db[o] += go;
                let row = o * self.n_in;
                for i in 0..self.n_in {
                    self.dw[row + i] += go * x[i];
                    dxr[i] += go * self.w[row + i];
                }
            }
        }
        dx
    }

    /// Sets the accumulated gradients to zero.
    pub fn zero_grad(&mut self) {
        self.dw.fill(0.0);
        self.db.fill(0.0);
    }
}
