//! A network as a list of layers, each reading the previous one's output.
//!
//! `Sequential` owns one activation buffer and one gradient buffer per layer boundary, sized
//! for the largest batch seen so far, so repeated training steps allocate nothing. It is built
//! with short chained calls that work out every shape:
//!
//! ```
//! use convlab::nn::engine::Sequential;
//! let net = Sequential::new([1, 28, 28], 1)
//!     .conv2d("conv1", 6, 5, 1, 2).unwrap()
//!     .relu("relu1").max_pool("pool1", 2, 2).unwrap()
//!     .flatten("flat").dense("fc", 10).unwrap();
//! assert_eq!(net.out_shape(), [10, 1, 1]);
//! ```

use super::{shape_len, Activation, AvgPool2d, Conv2d, Dense, Dropout, Flatten};
use super::{Layer, MaxPool2d, Param, Shape};
use crate::rng::SplitMix64;
use crate::{Error, Result};

mod receptive_field;
mod weights;
pub use weights::WEIGHTS_MAGIC;

/// A chain of layers with their activation and gradient buffers.
#[derive(Debug)]
pub struct Sequential {
    input: Shape,
    layers: Vec<Box<dyn Layer>>,
    /// acts[0] is the input batch, acts[i + 1] the output of layer i.
    acts: Vec<Vec<f32>>,
    /// grads[i] = dL/d acts[i] from the last backward pass.
    grads: Vec<Vec<f32>>,
    capacity: usize,
    batch: usize,
    rng: SplitMix64,
}

impl Sequential {
    /// An empty network for `input`-shaped examples; layers added by the builder methods draw
    /// their initial weights from `seed`.
    pub fn new(input: Shape, seed: u64) -> Self {
        Sequential {
            input,
            layers: Vec::new(),
            acts: vec![Vec::new()],
            grads: vec![Vec::new()],
            capacity: 0,
            batch: 0,
            rng: SplitMix64::new(seed),
        }
    }

    /// Appends a layer.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when the layer's input shape is not the current output shape.
    pub fn push(mut self, layer: Box<dyn Layer>) -> Result<Self> {
        if layer.in_shape() != self.out_shape() {
            return Err(Error::shape(format!(
                "Layer {} reads {:?} but the network so far gives {:?}.",
                layer.name(),
                layer.in_shape(),
                self.out_shape()
            )));
        }
        self.layers.push(layer);
        self.acts.push(Vec::new());
        self.grads.push(Vec::new());
        self.capacity = 0;
        Ok(self)
    }

    /// Appends a [`Conv2d`] with `c_out` k × k filters.
    ///
    /// # Errors
    /// See [`Conv2d::new`].
    pub fn conv2d(
        mut self,
        name: &str,
        c_out: usize,
        k: usize,
        stride: usize,
        pad: usize,
    ) -> Result<Self> {
        let layer = Conv2d::new(name, self.out_shape(), c_out, k, stride, pad, &mut self.rng)?;
        self.push(Box::new(layer))
    }

    /// Appends a [`MaxPool2d`].
    ///
    /// # Errors
    /// See [`MaxPool2d::new`].
    pub fn max_pool(self, name: &str, size: usize, stride: usize) -> Result<Self> {
        let layer = MaxPool2d::new(name, self.out_shape(), size, stride)?;
        self.push(Box::new(layer))
    }

    /// Appends an [`AvgPool2d`].
    ///
    /// # Errors
    /// See [`AvgPool2d::new`].
    pub fn avg_pool(self, name: &str, size: usize, stride: usize) -> Result<Self> {
        let layer = AvgPool2d::new(name, self.out_shape(), size, stride)?;
        self.push(Box::new(layer))
    }

    /// Appends a [`Dense`] layer with `n_out` outputs.
    ///
    /// # Errors
    /// See [`Dense::new`].
    pub fn dense(mut self, name: &str, n_out: usize) -> Result<Self> {
        let layer = Dense::new(name, self.out_shape(), n_out, &mut self.rng)?;
        self.push(Box::new(layer))
    }

    /// Appends a ReLU.
    pub fn relu(self, name: &str) -> Self {
        let layer = Activation::relu(name, self.out_shape());
        self.push(Box::new(layer)).expect("shape-preserving")
    }

    /// Appends a tanh.
    pub fn tanh(self, name: &str) -> Self {
        let layer = Activation::tanh(name, self.out_shape());
        self.push(Box::new(layer)).expect("shape-preserving")
    }

    /// Appends a [`Flatten`].
    pub fn flatten(self, name: &str) -> Self {
        let layer = Flatten::new(name, self.out_shape());
        self.push(Box::new(layer)).expect("reads the current shape")
    }

    /// Appends a [`Dropout`] with drop probability p (its masks seeded from the network's seed).
    ///
    /// # Errors
    /// See [`Dropout::new`].
    pub fn dropout(mut self, name: &str, p: f32) -> Result<Self> {
        let seed = self.rng.next_u64();
        let layer = Dropout::new(name, self.out_shape(), p, seed)?;
        self.push(Box::new(layer))
    }

    /// Shape of one input example.
    pub fn in_shape(&self) -> Shape {
        self.input
    }

    /// Shape of one output example.
    pub fn out_shape(&self) -> Shape {
        self.layers.last().map_or(self.input, |l| l.out_shape())
    }

    /// Number of layers.
    pub fn len(&self) -> usize {
        self.layers.len()
    }

    /// Whether there are no layers.
    pub fn is_empty(&self) -> bool {
        self.layers.is_empty()
    }

    /// Layer `i`.
    pub fn layer(&self, i: usize) -> &dyn Layer {
        self.layers[i].as_ref()
    }

    /// Layer `i`, mutably (to set kernels).
    pub fn layer_mut(&mut self, i: usize) -> &mut dyn Layer {
        self.layers[i].as_mut()
    }

    /// The index of the layer called `name`.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.layers.iter().position(|l| l.name() == name)
    }

    /// Freezes (or thaws) layer `i`: the optimiser leaves its parameters bit-identical.
    pub fn set_frozen(&mut self, i: usize, frozen: bool) {
        self.layers[i].visit_params_mut(&mut |p| p.frozen = frozen);
    }

    /// Examples in the last forward pass.
    pub fn batch(&self) -> usize {
        self.batch
    }

    fn ensure_capacity(&mut self, batch: usize) {
        if batch <= self.capacity {
            return;
        }
        let mut shape = self.input;
        for i in 0..=self.layers.len() {
            if i > 0 {
                shape = self.layers[i - 1].out_shape();
            }
            self.acts[i].resize(batch * shape_len(shape), 0.0);
            self.grads[i].resize(batch * shape_len(shape), 0.0);
        }
        self.capacity = batch;
    }

    /// Runs layers `0..upto` on `batch` examples `x` and returns the output of layer upto − 1.
    ///
    /// # Panics
    /// When `x` is shorter than batch · in_len or `upto` > [`Sequential::len`].
    pub fn forward_to(&mut self, x: &[f32], batch: usize, upto: usize, train: bool) -> &[f32] {
        self.ensure_capacity(batch);
        self.batch = batch;
        let n = batch * shape_len(self.input);
        self.acts[0][..n].copy_from_slice(&x[..n]);
        for i in 0..upto {
            let (done, rest) = self.acts.split_at_mut(i + 1);
            self.layers[i].forward(&done[i], &mut rest[0], batch, train);
        }
        let n_out = batch * shape_len(self.out_shape_of(upto));
        &self.acts[upto][..n_out]
    }

    /// Runs every layer (see [`Sequential::forward_to`]).
    pub fn forward(&mut self, x: &[f32], batch: usize, train: bool) -> &[f32] {
        self.forward_to(x, batch, self.layers.len(), train)
    }

    /// Shape at boundary `i` (0 = the input, i = output of layer i − 1).
    pub fn out_shape_of(&self, i: usize) -> Shape {
        if i == 0 {
            self.input
        } else {
            self.layers[i - 1].out_shape()
        }
    }

    /// Backward through layers `from − 1 … 0` of the last forward pass, starting from
    /// `dout` = dL/d(output of layer from − 1). Adds to every parameter gradient; fills
    /// [`Sequential::input_grad`] only when `input_grad` is set.
    pub fn backward_from(&mut self, from: usize, dout: &[f32], input_grad: bool) {
        let b = self.batch;
        let n = b * shape_len(self.out_shape_of(from));
        self.grads[from][..n].copy_from_slice(&dout[..n]);
        for i in (0..from).rev() {
            let (lower, upper) = self.grads.split_at_mut(i + 1);
            let dx = (i > 0 || input_grad).then(|| &mut lower[i][..]);
            self.layers[i].backward(&self.acts[i], &self.acts[i + 1], &upper[0], dx, b);
        }
    }

    /// Backward through every layer (see [`Sequential::backward_from`]).
    pub fn backward(&mut self, dout: &[f32], input_grad: bool) {
        self.backward_from(self.layers.len(), dout, input_grad);
    }

    /// dL/d input of the last backward pass that asked for it (batch · in_len numbers).
    pub fn input_grad(&self) -> &[f32] {
        &self.grads[0][..self.batch * shape_len(self.input)]
    }

    /// Output of layer `i` in the last forward pass (batch · out_len numbers).
    pub fn output(&self, i: usize) -> &[f32] {
        &self.acts[i + 1][..self.batch * shape_len(self.layers[i].out_shape())]
    }

    /// Sets every parameter gradient to zero.
    pub fn zero_grad(&mut self) {
        self.visit_params_mut(&mut |p| p.grad.fill(0.0));
    }

    /// Calls `f` on every trained tensor, layer by layer.
    pub fn visit_params(&self, f: &mut dyn FnMut(&Param)) {
        self.layers.iter().for_each(|l| l.visit_params(f));
    }

    /// Calls `f` on every trained tensor mutably, layer by layer.
    pub fn visit_params_mut(&mut self, f: &mut dyn FnMut(&mut Param)) {
        self.layers.iter_mut().for_each(|l| l.visit_params_mut(f));
    }

    /// Number of trained numbers.
    pub fn param_count(&self) -> usize {
        let mut n = 0;
        self.visit_params(&mut |p| n += p.value.len());
        n
    }

    /// Restarts every dropout stream from `seed`.
    pub fn reseed(&mut self, seed: u64) {
        let mut rng = SplitMix64::new(seed);
        self.layers
            .iter_mut()
            .for_each(|l| l.reseed(rng.next_u64()));
    }
}
