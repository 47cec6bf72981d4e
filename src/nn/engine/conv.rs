//! Conv2d: multi-channel 2D cross-correlation with stride s and zero padding p, via im2col.
//!
//! `y[o, i, j] = b[o] + Σ_c Σ_{u,v} w[o, c, u, v] · x[c, s·i + u − p, s·j + v − p]` (x = 0
//! outside), out_rows = ⌊(rows + 2p − k)/s⌋ + 1. im2col lays the taps of every output position
//! out as the columns of a (c_in·k² × positions) matrix X̃, so y = W·X̃ + b with W the
//! (c_out × c_in·k²) filter matrix. The whole batch goes through one multiply: X̃ holds every
//! example's columns side by side (c_in·k² × batch·positions) and the product (c_out ×
//! batch·positions) is then laid out example by example.
//! Backward: dW += dY·X̃ᵀ, db += Σ_positions dY, and dX = col2im(Wᵀ·dY), where col2im adds
//! each column's taps back onto the pixels they came from.

mod im2col;

use super::{gaussian, Geometry, Layer, LayerHead, Param, Shape};
use crate::matmul::{gemm, GemmScratch, MatRef};
use crate::rng::SplitMix64;
use crate::{Error, Result};

/// A convolution layer with its filters, biases and the im2col buffers of the last batch.
#[derive(Debug, Clone)]
pub struct Conv2d {
    head: LayerHead,
    k: usize,
    stride: usize,
    pad: usize,
    /// [filters (c_out × c_in × k × k), biases (c_out)].
    params: [Param; 2],
    /// X̃ of the last forward pass (K × batch·positions).
    cols: Vec<f32>,
    /// W·X̃, then dY, with channels as rows (c_out × batch·positions).
    channel_rows: Vec<f32>,
    /// Wᵀ·dY (K × batch·positions).
    dcols: Vec<f32>,
    scratch: GemmScratch,
}

impl Conv2d {
    /// A layer of `c_out` k × k filters over `input`-shaped examples, He-initialised
    /// (w ~ N(0, 2/(c_in·k²)), which keeps ReLU activations about the same size layer to layer),
    /// zero biases.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a zero size or stride, or a filter larger than the padded
    /// input.
    pub fn new(
        name: &str,
        input: Shape,
        c_out: usize,
        k: usize,
        stride: usize,
        pad: usize,
        rng: &mut SplitMix64,
    ) -> Result<Self> {
        let [c_in, rows, cols] = input;
        if c_in == 0 || c_out == 0 || rows == 0 || cols == 0 || k == 0 || stride == 0 {
            return Err(Error::invalid(format!(
                "The convolution {name} needs at least one channel, filter, pixel, a filter size and a stride of at least 1."
            )));
        }
        if k > rows + 2 * pad || k > cols + 2 * pad {
            return Err(Error::invalid(format!(
                "A {k}×{k} filter does not fit a {rows}×{cols} input with padding {pad} ({name})."
            )));
        }
        let out = |n: usize| (n + 2 * pad - k) / stride + 1;
        let fan_in = c_in * k * k;
        let w = gaussian(c_out * fan_in, (2.0 / fan_in as f64).sqrt(), rng);
        let output = [c_out, out(rows), out(cols)];
        let geometry = Geometry::Window {
            size: k,
            stride,
            pad,
        };
        Ok(Conv2d {
            head: LayerHead::new(name, "conv2d", input, output, geometry),
            k,
            stride,
            pad,
            params: [Param::new(w, false), Param::new(vec![0.0; c_out], true)],
            cols: Vec::new(),
            channel_rows: Vec::new(),
            dcols: Vec::new(),
            scratch: GemmScratch::default(),
        })
    }

    /// Filter side k.
    pub fn kernel_size(&self) -> usize {
        self.k
    }

    /// Filters (c_out × c_in × k × k, row-major).
    pub fn filters(&self) -> &[f32] {
        &self.params[0].value
    }

    /// Biases (c_out).
    pub fn biases(&self) -> &[f32] {
        &self.params[1].value
    }

    /// Replaces the filters (c_out × c_in × k × k values, row-major) and, if given, the biases.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for a wrong count, [`Error::InvalidArgument`] for a value that
    /// is not finite.
    pub fn set_kernels(&mut self, filters: &[f32], biases: Option<&[f32]>) -> Result<()> {
        let [c_out, c_in] = [self.head.output[0], self.head.input[0]];
        let n = self.params[0].value.len();
        if filters.len() != n {
            return Err(Error::shape(format!(
                "{} has {c_out} filters of {c_in}×{k}×{k} = {n} numbers in all, not {}.",
                self.head.name,
                filters.len(),
                k = self.k
            )));
        }
        crate::error::check_finite("filter", filters)?;
        if let Some(b) = biases {
            if b.len() != c_out {
                return Err(Error::shape(format!(
                    "{} has {c_out} biases, not {}.",
                    self.head.name,
                    b.len()
                )));
            }
            crate::error::check_finite("bias", b)?;
            self.params[1].value.copy_from_slice(b);
        }
        self.params[0].value.copy_from_slice(filters);
        Ok(())
    }
}

impl Layer for Conv2d {
    fn head(&self) -> &LayerHead {
        &self.head
    }

    fn forward(&mut self, x: &[f32], y: &mut [f32], batch: usize, _train: bool) {
        let (kk, pos) = self.cols_shape();
        let (n_in, n_out) = (
            super::shape_len(self.head.input),
            super::shape_len(self.head.output),
        );
        let (c_out, bp) = (self.head.output[0], batch * pos);
        let mut cols = std::mem::take(&mut self.cols);
        cols.resize(kk * bp, 0.0);
        for e in 0..batch {
            self.im2col(&x[e * n_in..][..n_in], &mut cols, e * pos, bp);
        }
        self.channel_rows.resize(c_out * bp, 0.0);
        let w = MatRef::row_major(&self.params[0].value, c_out, kk);
        let xt = MatRef::row_major(&cols, kk, bp);
        gemm(1.0, w, xt, 0.0, &mut self.channel_rows, &mut self.scratch);
        for (o, &b) in self.params[1].value.iter().enumerate() {
            for e in 0..batch {
                let src = &self.channel_rows[o * bp + e * pos..][..pos];
                let dst = &mut y[e * n_out + o * pos..][..pos];
                dst.iter_mut().zip(src).for_each(|(d, &v)| *d = v + b);
            }
        }
        self.cols = cols;
    }

    fn backward(
        &mut self,
        _x: &[f32],
        _y: &[f32],
        dy: &[f32],
        dx: Option<&mut [f32]>,
        batch: usize,
    ) {
        let (kk, pos) = self.cols_shape();
        let (n_in, n_out) = (
            super::shape_len(self.head.input),
            super::shape_len(self.head.output),
        );
        let (c_out, bp) = (self.head.output[0], batch * pos);
        let g = &mut self.channel_rows;
        g.resize(c_out * bp, 0.0);
        for o in 0..c_out {
            for e in 0..batch {
                g[o * bp + e * pos..][..pos].copy_from_slice(&dy[e * n_out + o * pos..][..pos]);
            }
        }
        let gm = MatRef::row_major(g, c_out, bp);
        if !self.params[0].frozen {
            let xt = MatRef::row_major(&self.cols, kk, bp);
            gemm(
                1.0,
                gm,
                xt.t(),
                1.0,
                &mut self.params[0].grad,
                &mut self.scratch,
            );
        }
        if !self.params[1].frozen {
            for (db, go) in self.params[1].grad.iter_mut().zip(g.chunks_exact(bp)) {
                *db += go.iter().sum::<f32>();
            }
        }
        if let Some(dx) = dx {
            let mut dcols = std::mem::take(&mut self.dcols);
            dcols.resize(kk * bp, 0.0);
            let w = MatRef::row_major(&self.params[0].value, c_out, kk);
            gemm(1.0, w.t(), gm, 0.0, &mut dcols, &mut self.scratch);
            for e in 0..batch {
                self.col2im(&dcols, e * pos, bp, &mut dx[e * n_in..][..n_in]);
            }
            self.dcols = dcols;
        }
    }

    fn visit_params(&self, f: &mut dyn FnMut(&Param)) {
        self.params.iter().for_each(f);
    }
    fn visit_params_mut(&mut self, f: &mut dyn FnMut(&mut Param)) {
        self.params.iter_mut().for_each(f);
    }
    fn as_conv_mut(&mut self) -> Option<&mut Conv2d> {
        Some(self)
    }
}
