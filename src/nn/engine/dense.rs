//! Dense (fully connected): y = W x + b for each example of the batch.
//!
//! As matrices over the batch, Y (batch × out) = X (batch × in) · Wᵀ + 1·bᵀ with W (out × in).
//! Backward: dW += dYᵀ·X, db += Σ_rows dY, dX = dY·W.

use super::{gaussian, Geometry, Layer, LayerHead, Param, Shape};
use crate::matmul::{gemm, GemmScratch, MatRef};
use crate::rng::SplitMix64;
use crate::{Error, Result};

/// A dense layer reading every number of its input example.
#[derive(Debug, Clone)]
pub struct Dense {
    head: LayerHead,
    n_out: usize,
    /// [weights (out × in), biases (out)].
    params: [Param; 2],
    scratch: GemmScratch,
}

impl Dense {
    /// A layer from `input`-shaped examples to `n_out` numbers, He-initialised
    /// (w ~ N(0, 2/n_in)), zero biases.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the input or output is empty.
    pub fn new(name: &str, input: Shape, n_out: usize, rng: &mut SplitMix64) -> Result<Self> {
        let n_in = super::shape_len(input);
        if n_in == 0 || n_out == 0 {
            return Err(Error::invalid(format!(
                "The dense layer {name} needs at least one input and one output."
            )));
        }
        let w = gaussian(n_out * n_in, (2.0 / n_in as f64).sqrt(), rng);
        Ok(Dense {
            head: LayerHead::new(name, "dense", input, [n_out, 1, 1], Geometry::Full),
            n_out,
            params: [Param::new(w, false), Param::new(vec![0.0; n_out], true)],
            scratch: GemmScratch::default(),
        })
    }

    fn n_in(&self) -> usize {
        super::shape_len(self.head.input)
    }
}

impl Layer for Dense {
    fn head(&self) -> &LayerHead {
        &self.head
    }

    fn forward(&mut self, x: &[f32], y: &mut [f32], batch: usize, _train: bool) {
        let (n_in, n_out) = (self.n_in(), self.n_out);
        let xm = MatRef::row_major(x, batch, n_in);
        let w = MatRef::row_major(&self.params[0].value, n_out, n_in);
        gemm(1.0, xm, w.t(), 0.0, y, &mut self.scratch);
        for row in y[..batch * n_out].chunks_exact_mut(n_out) {
            row.iter_mut()
                .zip(&self.params[1].value)
                .for_each(|(v, b)| *v += b);
        }
    }

    fn backward(
        &mut self,
        x: &[f32],
        _y: &[f32],
        dy: &[f32],
        dx: Option<&mut [f32]>,
        batch: usize,
    ) {
        let (n_in, n_out) = (self.n_in(), self.n_out);
        let g = MatRef::row_major(dy, batch, n_out);
        if !self.params[0].frozen {
            let xm = MatRef::row_major(x, batch, n_in);
            gemm(
                1.0,
                g.t(),
                xm,
                1.0,
                &mut self.params[0].grad,
                &mut self.scratch,
            );
        }
        if !self.params[1].frozen {
            for row in dy[..batch * n_out].chunks_exact(n_out) {
                self.params[1]
                    .grad
                    .iter_mut()
                    .zip(row)
                    .for_each(|(d, v)| *d += v);
            }
        }
        if let Some(dx) = dx {
            let w = MatRef::row_major(&self.params[0].value, n_out, n_in);
            gemm(1.0, g, w, 0.0, dx, &mut self.scratch);
        }
    }

    fn visit_params(&self, f: &mut dyn FnMut(&Param)) {
        self.params.iter().for_each(f);
    }
    fn visit_params_mut(&mut self, f: &mut dyn FnMut(&mut Param)) {
        self.params.iter_mut().for_each(f);
    }
}
