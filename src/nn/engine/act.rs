//! Element-wise non-linearities and the flatten reshape.
//!
//! ReLU: y = max(0, x), dL/dx = dL/dy · [x > 0] (0 at the kink). tanh: y = tanh x,
//! dL/dx = dL/dy · (1 − y²). Flatten: (c, h, w) → (c·h·w, 1, 1), values unchanged.

use super::{Geometry, Layer, LayerHead, Shape};

/// Which element-wise function an [`Activation`] layer applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// max(0, x).
    Relu,
    /// tanh x.
    Tanh,
}

/// An element-wise non-linearity (shape unchanged).
#[derive(Debug, Clone)]
pub struct Activation {
    head: LayerHead,
    kind: Kind,
}

impl Activation {
    /// ReLU on `shape`-shaped examples.
    pub fn relu(name: &str, shape: Shape) -> Self {
        Activation {
            head: LayerHead::new(name, "relu", shape, shape, Geometry::Pointwise),
            kind: Kind::Relu,
        }
    }

    /// tanh on `shape`-shaped examples.
    pub fn tanh(name: &str, shape: Shape) -> Self {
        Activation {
            head: LayerHead::new(name, "tanh", shape, shape, Geometry::Pointwise),
            kind: Kind::Tanh,
        }
    }
}

impl Layer for Activation {
    fn head(&self) -> &LayerHead {
        &self.head
    }

    fn forward(&mut self, x: &[f32], y: &mut [f32], batch: usize, _train: bool) {
        let n = batch * super::shape_len(self.head.input);
        let (x, y) = (&x[..n], &mut y[..n]);
        match self.kind {
            Kind::Relu => y.iter_mut().zip(x).for_each(|(y, &x)| *y = x.max(0.0)),
            Kind::Tanh => y.iter_mut().zip(x).for_each(|(y, &x)| *y = x.tanh()),
        }
    }

    fn backward(&mut self, x: &[f32], y: &[f32], dy: &[f32], dx: Option<&mut [f32]>, batch: usize) {
        let Some(dx) = dx else { return };
        let n = batch * super::shape_len(self.head.input);
        let (dx, dy) = (&mut dx[..n], &dy[..n]);
        match self.kind {
            Kind::Relu => {
                for ((d, &g), &x) in dx.iter_mut().zip(dy).zip(&x[..n]) {
                    *d = if x > 0.0 { g } else { 0.0 };
                }
            }
            Kind::Tanh => {
                for ((d, &g), &y) in dx.iter_mut().zip(dy).zip(&y[..n]) {
                    *d = g * (1.0 - y * y);
                }
            }
        }
    }
}

/// (c, h, w) → (c·h·w, 1, 1).
#[derive(Debug, Clone)]
pub struct Flatten {
    head: LayerHead,
}

impl Flatten {
    /// Flattens `input`-shaped examples.
    pub fn new(name: &str, input: Shape) -> Self {
        let output = [super::shape_len(input), 1, 1];
        Flatten {
            head: LayerHead::new(name, "flatten", input, output, Geometry::Full),
        }
    }
}

impl Layer for Flatten {
    fn head(&self) -> &LayerHead {
        &self.head
    }
    fn forward(&mut self, x: &[f32], y: &mut [f32], batch: usize, _train: bool) {
        let n = batch * super::shape_len(self.head.input);
        y[..n].copy_from_slice(&x[..n]);
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
            dx[..n].copy_from_slice(&dy[..n]);
        }
    }
}
