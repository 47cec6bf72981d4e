//! 2D pooling, channel by channel, with a size × size window moved by `stride`.
//!
//! Max: y[c, i, j] = max_{u,v} x[c, s·i + u, s·j + v]; the gradient flows only to the input
//! that won (the first in reading order on a tie). Average: y = (1/size²)·Σ_{u,v} x[…], and
//! every input of the window gets dL/dy / size². out_rows = ⌊(rows − size)/s⌋ + 1.

use super::{Geometry, Layer, LayerHead, Shape};
use crate::{Error, Result};

fn pooled_shape(name: &str, input: Shape, size: usize, stride: usize) -> Result<Shape> {
    let [c, rows, cols] = input;
    if c == 0 || size == 0 || stride == 0 || rows < size || cols < size {
        return Err(Error::invalid(format!(
            "The {size}×{size} pooling window of {name} needs a stride of at least 1 and an input at least that big (got {c} × {rows} × {cols})."
        )));
    }
    Ok([c, (rows - size) / stride + 1, (cols - size) / stride + 1])
}

/// Max pooling; remembers, per output of the last batch, which input won.
#[derive(Debug, Clone)]
pub struct MaxPool2d {
    head: LayerHead,
    size: usize,
    stride: usize,
    argmax: Vec<u32>,
}

impl MaxPool2d {
    /// A size × size max pool with the given stride over `input`-shaped examples.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a zero size or stride, or a window larger than the input.
    pub fn new(name: &str, input: Shape, size: usize, stride: usize) -> Result<Self> {
        let output = pooled_shape(name, input, size, stride)?;
        let geometry = Geometry::Window {
            size,
            stride,
            pad: 0,
        };
        Ok(MaxPool2d {
            head: LayerHead::new(name, "maxpool2d", input, output, geometry),
            size,
            stride,
            argmax: Vec::new(),
        })
    }
}

impl Layer for MaxPool2d {
    fn head(&self) -> &LayerHead {
        &self.head
    }

    fn forward(&mut self, x: &[f32], y: &mut [f32], batch: usize, _train: bool) {
        let [c, rows, cols] = self.head.input;
        let [_, oh, ow] = self.head.output;
        let (size, s) = (self.size, self.stride);
        self.argmax.resize(batch * c * oh * ow, 0);
        let mut out = 0;
        for plane in 0..batch * c {
            let base = plane * rows * cols;
            for i in 0..oh {
                for j in 0..ow {
                    let mut best = base + i * s * cols + j * s;
                    for u in 0..size {
                        let row = base + (i * s + u) * cols + j * s;
                        for t in row..row + size {
                            if x[t] > x[best] {
                                best = t;
                            }
                        }
                    }
                    y[out] = x[best];
                    self.argmax[out] = best as u32;
                    out += 1;
                }
            }
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
            dx[..batch * super::shape_len(self.head.input)].fill(0.0);
            let n = batch * super::shape_len(self.head.output);
            for (&g, &t) in dy[..n].iter().zip(&self.argmax) {
                dx[t as usize] += g;
            }
        }
    }
}

/// Average pooling.
#[derive(Debug, Clone)]
pub struct AvgPool2d {
    head: LayerHead,
    size: usize,
    stride: usize,
}

impl AvgPool2d {
    /// A size × size average pool with the given stride over `input`-shaped examples.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a zero size or stride, or a window larger than the input.
    pub fn new(name: &str, input: Shape, size: usize, stride: usize) -> Result<Self> {
        let output = pooled_shape(name, input, size, stride)?;
        let geometry = Geometry::Window {
            size,
            stride,
            pad: 0,
        };
        Ok(AvgPool2d {
            head: LayerHead::new(name, "avgpool2d", input, output, geometry),
            size,
            stride,
        })
    }

    /// Calls `f(output index, input index)` for every tap of every window of the batch.
    fn for_each_tap(&self, batch: usize, mut f: impl FnMut(usize, usize)) {
        let [c, rows, cols] = self.head.input;
        let [_, oh, ow] = self.head.output;
        let (size, s) = (self.size, self.stride);
        let mut out = 0;
        for plane in 0..batch * c {
            let base = plane * rows * cols;
            for i in 0..oh {
                for j in 0..ow {
                    for u in 0..size {
                        let row = base + (i * s + u) * cols + j * s;
                        (row..row + size).for_each(|t| f(out, t));
                    }
                    out += 1;
                }
            }
        }
    }
}

impl Layer for AvgPool2d {
    fn head(&self) -> &LayerHead {
        &self.head
    }

    fn forward(&mut self, x: &[f32], y: &mut [f32], batch: usize, _train: bool) {
        let n = batch * super::shape_len(self.head.output);
        y[..n].fill(0.0);
        let scale = 1.0 / (self.size * self.size) as f32;
        self.for_each_tap(batch, |o, t| y[o] += x[t]);
        y[..n].iter_mut().for_each(|v| *v *= scale);
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
            dx[..batch * super::shape_len(self.head.input)].fill(0.0);
            let scale = 1.0 / (self.size * self.size) as f32;
            self.for_each_tap(batch, |o, t| dx[t] += dy[o] * scale);
        }
    }
}
