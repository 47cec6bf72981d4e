//! The residual block of the skip-connection station: y = x + F(x), with F a [`Sequential`]
//! whose output shape equals its input shape.
//!
//! Backward: dL/dx = dL/dy + dL/dx through F. The "+ dL/dy" is the skip path that carries the
//! gradient past F unchanged, which is why very deep residual stacks still train.

use super::{Geometry, Layer, LayerHead, Param, Sequential};
use crate::{Error, Result};

/// y = x + F(x).
#[derive(Debug)]
pub struct Residual {
    head: LayerHead,
    inner: Sequential,
}

impl Residual {
    /// Wraps `inner` (its output shape must equal its input shape).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when F changes the shape.
    pub fn new(name: &str, inner: Sequential) -> Result<Self> {
        if inner.in_shape() != inner.out_shape() {
            return Err(Error::shape(format!(
                "The residual block {name} adds its input to F's output, so F must keep the shape {:?} (it gives {:?}).",
                inner.in_shape(),
                inner.out_shape()
            )));
        }
        let shape = inner.in_shape();
        Ok(Residual {
            head: LayerHead::new(name, "residual", shape, shape, Geometry::Full),
            inner,
        })
    }

    /// F, the wrapped layers.
    pub fn inner(&self) -> &Sequential {
        &self.inner
    }
}

impl Layer for Residual {
    fn head(&self) -> &LayerHead {
        &self.head
    }

    fn forward(&mut self, x: &[f32], y: &mut [f32], batch: usize, train: bool) {
        let n = batch * super::shape_len(self.in_shape());
        let f = self.inner.forward(x, batch, train);
        for ((y, &x), &f) in y[..n].iter_mut().zip(&x[..n]).zip(f) {
            *y = x + f;
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
        let n = batch * super::shape_len(self.in_shape());
        self.inner.backward(dy, dx.is_some());
        if let Some(dx) = dx {
            for ((d, &g), &gf) in dx[..n]
                .iter_mut()
                .zip(&dy[..n])
                .zip(self.inner.input_grad())
            {
                *d = g + gf;
            }
        }
    }

    fn visit_params(&self, f: &mut dyn FnMut(&Param)) {
        self.inner.visit_params(f);
    }
    fn visit_params_mut(&mut self, f: &mut dyn FnMut(&mut Param)) {
        self.inner.visit_params_mut(f);
    }
    fn reseed(&mut self, seed: u64) {
        self.inner.reseed(seed);
    }
}
