//! The dense block of DenseNet (Huang et al. 2017): layer l reads the concatenation of the
//! block's input and the outputs of layers 0 … l − 1, and adds `growth` (k) new channels:
//!
//! ```text
//! x₀ = input (c₀ channels),  x_{l+1} = [x_l, H_l(x_l)],  H_l: c₀ + l·k → k channels
//! output = x_L   (c₀ + L·k channels, same rows and columns)
//! ```
//!
//! Backward runs the layers in reverse: the gradient of the concatenation starts as dL/dy; the
//! k channels layer l added take their gradient from it, H_l's backward turns that into a
//! gradient on its input (the first c₀ + l·k channels), which is added in. Every earlier
//! feature map therefore gets gradient straight from every later layer and from the output,
//! the short paths that let deep dense blocks train.

use super::{shape_len, Geometry, Layer, LayerHead, Param, Sequential, Shape};
use crate::{Error, Result};

/// A dense block of [`Sequential`] layers H_0 … H_{L−1}.
#[derive(Debug)]
pub struct DenseBlock {
    head: LayerHead,
    growth: usize,
    layers: Vec<Sequential>,
    /// One example's input of layer l, gathered from the concatenation (batch · in_len(l)).
    scratch: Vec<f32>,
    /// dL/d(concatenation), batch · out_len.
    dcat: Vec<f32>,
}

impl DenseBlock {
    /// A block on `input`-shaped examples; `layers[l]` must map c₀ + l·k channels to k (rows
    /// and columns unchanged), k = `growth`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when a layer reads or writes another shape, or there is none.
    pub fn new(name: &str, input: Shape, growth: usize, layers: Vec<Sequential>) -> Result<Self> {
        if layers.is_empty() || growth == 0 {
            return Err(Error::shape(format!(
                "The dense block {name} needs at least one layer and a growth rate of at least 1."
            )));
        }
        for (l, h) in layers.iter().enumerate() {
            let want_in = [input[0] + l * growth, input[1], input[2]];
            let want_out = [growth, input[1], input[2]];
            if h.in_shape() != want_in || h.out_shape() != want_out {
                return Err(Error::shape(format!(
                    "Layer {l} of the dense block {name} must read {want_in:?} and give {want_out:?} (it reads {:?} and gives {:?}).",
                    h.in_shape(),
                    h.out_shape()
                )));
            }
        }
        let output = [input[0] + layers.len() * growth, input[1], input[2]];
        Ok(DenseBlock {
            head: LayerHead::new(name, "dense_block", input, output, Geometry::Full),
            growth,
            layers,
            scratch: Vec::new(),
            dcat: Vec::new(),
        })
    }

    /// k, the channels each layer adds.
    pub fn growth(&self) -> usize {
        self.growth
    }

    /// The layers H_0 … H_{L−1}.
    pub fn layers(&self) -> &[Sequential] {
        &self.layers
    }

    /// Numbers per example in the first `channels` channels.
    fn len_of(&self, channels: usize) -> usize {
        channels * self.head.input[1] * self.head.input[2]
    }
}

/// Copies the first `part` numbers of each of `batch` rows of length `row` in `src` into
/// `dst` (rows of `part`).
fn gather(src: &[f32], row: usize, part: usize, batch: usize, dst: &mut [f32]) {
    for b in 0..batch {
        dst[b * part..][..part].copy_from_slice(&src[b * row..][..part]);
    }
}

impl Layer for DenseBlock {
    fn head(&self) -> &LayerHead {
        &self.head
    }

    fn forward(&mut self, x: &[f32], y: &mut [f32], batch: usize, train: bool) {
        let (row, first) = (shape_len(self.out_shape()), shape_len(self.head.input));
        let add = self.len_of(self.growth);
        for b in 0..batch {
            y[b * row..][..first].copy_from_slice(&x[b * first..][..first]);
        }
        let mut scratch = std::mem::take(&mut self.scratch);
        for l in 0..self.layers.len() {
            let part = first + l * add;
            scratch.resize(batch * part, 0.0);
            gather(y, row, part, batch, &mut scratch);
            let out = self.layers[l].forward(&scratch, batch, train);
            for b in 0..batch {
                y[b * row + part..][..add].copy_from_slice(&out[b * add..][..add]);
            }
        }
        self.scratch = scratch;
    }

    fn backward(
        &mut self,
        _x: &[f32],
        _y: &[f32],
        dy: &[f32],
        dx: Option<&mut [f32]>,
        batch: usize,
    ) {
        let (row, first) = (shape_len(self.out_shape()), shape_len(self.head.input));
        let add = self.len_of(self.growth);
        let mut dcat = std::mem::take(&mut self.dcat);
        dcat.clear();
        dcat.extend_from_slice(&dy[..batch * row]);
        let mut dnew = std::mem::take(&mut self.scratch);
        for l in (0..self.layers.len()).rev() {
            let part = first + l * add;
            dnew.resize(batch * add, 0.0);
            for b in 0..batch {
                dnew[b * add..][..add].copy_from_slice(&dcat[b * row + part..][..add]);
            }
            // Layer 0's input gradient is needed only when the caller asks for dL/dx.
            let need = l > 0 || dx.is_some();
            self.layers[l].backward(&dnew, need);
            if need {
                let g = self.layers[l].input_grad();
                for b in 0..batch {
                    for (d, &v) in dcat[b * row..][..part]
                        .iter_mut()
                        .zip(&g[b * part..][..part])
                    {
                        *d += v;
                    }
                }
            }
        }
        if let Some(dx) = dx {
            gather(&dcat, row, first, batch, dx);
        }
        self.scratch = dnew;
        self.dcat = dcat;
    }

    fn visit_params(&self, f: &mut dyn FnMut(&Param)) {
        for h in &self.layers {
            h.visit_params(f);
        }
    }
    fn visit_params_mut(&mut self, f: &mut dyn FnMut(&mut Param)) {
        for h in &mut self.layers {
            h.visit_params_mut(f);
        }
    }
    fn reseed(&mut self, seed: u64) {
        for (l, h) in self.layers.iter_mut().enumerate() {
            h.reseed(seed.wrapping_add(l as u64));
        }
    }
}
