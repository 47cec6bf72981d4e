//! 2D convolution layer (cross-correlation, as in every CNN library), stride 1, zero padding p.
//!
//! Input x has shape (c_in × rows × cols), output y has shape (c_out × out_rows × out_cols) with
//! out_rows = rows + 2p − k + 1 (likewise cols), k × k filters w of shape (c_out × c_in × k × k):
//!
//! `y[o, i, j] = b[o] + Σ_c Σ_{u,v} w[o, c, u, v] · x[c, i + u − p, j + v − p]` (x = 0 outside).
//!
//! Backward, given dL/dy: `dL/dw[o, c, u, v] += Σ_{i,j} dL/dy[o, i, j] · x[c, i + u − p, j + v − p]`,
//! `dL/db[o] += Σ_{i,j} dL/dy[o, i, j]`, and
//! `dL/dx[c, i + u − p, j + v − p] += Σ_o dL/dy[o, i, j] · w[o, c, u, v]` (the "full"
//! convolution of dL/dy with the flipped filters). A batch is several
//! examples one after the other; gradients accumulate until [`Conv2d::zero_grad`].

use super::Rng;
use crate::{Error, Result};

/// A convolution layer with its filters, biases, their gradients and the cached input of the
/// last forward pass (needed by backward).
#[derive(Debug, Clone)]
pub struct Conv2d {
    /// Input channels.
    pub c_in: usize,
    /// Output channels (number of filters).
    pub c_out: usize,
    /// Input rows.
    pub rows: usize,
    /// Input columns.
    pub cols: usize,
    /// Filter size k (filters are k × k).
    pub k: usize,
    /// Zero padding p on every side.
    pub pad: usize,
    /// Output rows, rows + 2p − k + 1.
    pub out_rows: usize,
    /// Output columns, cols + 2p − k + 1.
    pub out_cols: usize,
    /// Filters, (c_out × c_in × k × k) row-major.
    pub w: Vec<f64>,
    /// Biases, one per filter.
    pub b: Vec<f64>,
    /// dL/dw accumulated by [`Conv2d::backward`].
    pub dw: Vec<f64>,
    /// dL/db accumulated by [`Conv2d::backward`].
    pub db: Vec<f64>,
    input: Vec<f64>,
}

impl Conv2d {
    /// A layer with He-initialised filters, w ~ N(0, 2/(c_in·k²)) (keeps the size of ReLU
    /// activations about constant from layer to layer), and zero biases.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a size is zero or the filter does not fit the padded input.
    pub fn new(
        c_in: usize,
        c_out: usize,
        (rows, cols): (usize, usize),
        k: usize,
        pad: usize,
        rng: &mut Rng,
    ) -> Result<Self> {
        if c_in == 0 || c_out == 0 || rows == 0 || cols == 0 || k == 0 {
            return Err(Error::invalid(
                "A convolution layer needs at least one input channel, one filter, one pixel and a filter size of at least 1.",
            ));
        }
        if k > rows + 2 * pad || k > cols + 2 * pad {
            return Err(Error::invalid(format!(
                "A {k}×{k} filter does not fit a {rows}×{cols} input with padding {pad}: use a smaller filter or more padding."
            )));
        }
        let n_w = c_out * c_in * k * k;
        let std = (2.0 / (c_in * k * k) as f64).sqrt();
        Ok(Conv2d {
            c_in,
            c_out,
            rows,
            cols,
            k,
            pad,
            out_rows: rows + 2 * pad - k + 1,
            out_cols: cols + 2 * pad - k + 1,
            w: (0..n_w).map(|_| std * rng.normal()).collect(),
            b: vec![0.0; c_out],
            dw: vec![0.0; n_w],
            db: vec![0.0; c_out],
            input: Vec::new(),
        })
    }

    /// Numbers per input example, c_in · rows · cols.
    pub fn in_len(&self) -> usize {
        self.c_in * self.rows * self.cols
    }

    /// Numbers per output example, c_out · out_rows · out_cols.
    pub fn out_len(&self) -> usize {
        self.c_out * self.out_rows * self.out_cols
    }

    /// The input index x[c, i + u − p, j + v − p], or None in the zero padding.
    #[inline]
    fn source(&self, c: usize, i: usize, u: usize, j: usize, v: usize) -> Option<usize> {
        let r = (i + u).checked_sub(self.pad).filter(|&r| r < self.rows)?;
        let s = (j + v).checked_sub(self.pad).filter(|&s| s < self.cols)?;
        Some((c * self.rows + r) * self.cols + s)
    }

    /// y for every example of the batch `x` (batch × in_len) without caching anything.
    pub fn apply(&self, x: &[f64]) -> Vec<f64> {
        debug_assert_eq!(x.len() % self.in_len(), 0);
        let kk = self.k * self.k;
        let mut y = Vec::with_capacity(x.len() / self.in_len() * self.out_len());
        for xe in x.chunks_exact(self.in_len()) {
            for o in 0..self.c_out {
                for i in 0..self.out_rows {
                    for j in 0..self.out_cols {
                        let mut acc = self.b[o];
                        for c in 0..self.c_in {
                            let wc = &self.w[(o * self.c_in + c) * kk..][..kk];
                            for u in 0..self.k {
                                for v in 0..self.k {
                                    if let Some(s) = self.source(c, i, u, j, v) {
                                        acc += wc[u * self.k + v] * xe[s];
                                    }
                                }
                            }
                        }
                        y.push(acc);
                    }
                }
            }
        }
        y
    }

    /// Forward pass for training: [`Conv2d::apply`], remembering `x` for backward.
    pub fn forward(&mut self, x: &[f64]) -> Vec<f64> {
        self.input.clear();
        self.input.extend_from_slice(x);
        self.apply(x)
    }

    /// Backward pass: adds this batch's dL/dw and dL/db to the gradients and returns dL/dx.
    pub fn backward(&mut self, dy: &[f64]) -> Vec<f64> {
        let kk = self.k * self.k;
        let (n_in, n_out) = (self.in_len(), self.out_len());
        let mut dx = vec![0.0; self.input.len()];
        for (e, ge) in dy.chunks_exact(n_out).enumerate() {
            let xe = &self.input[e * n_in..][..n_in];
            let dxe = &mut dx[e * n_in..][..n_in];
            for o in 0..self.c_out {
                for i in 0..self.out_rows {
                    for j in 0..self.out_cols {
                        let g = ge[(o * self.out_rows + i) * self.out_cols + j];
                        if g == 0.0 {
                            continue; // common after ReLU: nothing flows back
                        }
                        self.db[o] += g;
                        for c in 0..self.c_in {
                            let base = (o * self.c_in + c) * kk;
                            for u in 0..self.k {
                                for v in 0..self.k {
                                    if let Some(s) = self.source(c, i, u, j, v) {
                                        let t = base + u * self.k + v;
                                        self.dw[t] += g * xe[s];
                                        dxe[s] += g * self.w[t];
                                    }
                                }
                            }
                        }
                    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_filter_copies_the_input() {
        // A 3×3 filter with a single 1 at its centre and padding 1 is the identity map.
        let mut layer = Conv2d::new(1, 1, (3, 4), 3, 1, &mut Rng::new(1)).unwrap();
        layer.w = vec![0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0];
        let x: Vec<f64> = (0..12).map(|v| v as f64).collect();
        assert_eq!(layer.apply(&x), x);
    }

    #[test]
    fn filter_too_big_is_an_error() {
        assert!(Conv2d::new(1, 1, (2, 2), 5, 0, &mut Rng::new(1)).is_err());
        assert!(Conv2d::new(0, 1, (2, 2), 1, 0, &mut Rng::new(1)).is_err());
    }
}
