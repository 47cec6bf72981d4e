//! The f32 network engine: batched layers that compose into a [`Sequential`] list.
//!
//! A batch is `batch` examples one after the other, each of shape (channels, rows, cols)
//! ([`Shape`]; a dense layer's output is (n, 1, 1)). Every layer keeps its `forward` and
//! `backward` side by side, works out its output shape in its constructor and keeps the
//! buffers it needs, so a training step allocates nothing once the batch size is known.
//! Convolutions run as im2col + [`crate::matmul::gemm`].
//!
//! Backward convention: given x, y = f(x) and dL/dy, a layer *adds* dL/dθ to its parameters'
//! gradients (cleared by [`Sequential::zero_grad`]) and *writes* dL/dx when asked. The f64
//! layers in [`crate::nn`] are the test oracle for these.

pub mod act;
pub mod conv;
pub mod dense;
pub mod dense_block;
pub mod dropout;
pub mod filter_bank;
pub mod filter_race;
pub mod loss;
pub mod mnist;
pub mod nets;
pub mod pool;
pub mod preprocess;
pub mod residual;
pub mod sequential;
pub mod sgd;
pub mod skip_stacks;
pub mod trainer;
pub mod units;
pub mod width_sweep;

pub use act::{Activation, Flatten};
pub use conv::Conv2d;
pub use dense::Dense;
pub use dense_block::DenseBlock;
pub use dropout::Dropout;
pub use pool::{AvgPool2d, MaxPool2d};
pub use residual::Residual;
pub use sequential::Sequential;
pub use sgd::{Schedule, Sgd};

/// Per-example shape (channels, rows, cols).
pub type Shape = [usize; 3];

/// Numbers per example of a shape.
pub fn shape_len(s: Shape) -> usize {
    s[0] * s[1] * s[2]
}

/// A trained tensor with its gradient and momentum velocity.
#[derive(Debug, Clone)]
pub struct Param {
    /// The values.
    pub value: Vec<f32>,
    /// dL/dvalue, accumulated by backward.
    pub grad: Vec<f32>,
    /// Heavy-ball velocity v = w_t − w_{t−1} (see [`Sgd`]).
    pub velocity: Vec<f32>,
    /// Biases get the bias step-size multiplier and no weight decay.
    pub is_bias: bool,
    /// A frozen parameter is never changed by the optimiser (and its gradient is not computed).
    pub frozen: bool,
}

impl Param {
    /// A parameter with the given values, zero gradient and velocity.
    pub fn new(value: Vec<f32>, is_bias: bool) -> Self {
        let n = value.len();
        Param {
            value,
            grad: vec![0.0; n],
            velocity: vec![0.0; n],
            is_bias,
            frozen: false,
        }
    }
}

/// How an output position depends on input positions (for receptive fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Geometry {
    /// Output (i, j) reads input (i, j) only (activations, dropout).
    Pointwise,
    /// Output (i, j) reads rows i·stride − pad … i·stride − pad + size − 1 (likewise columns).
    Window {
        /// Window side.
        size: usize,
        /// Step between windows.
        stride: usize,
        /// Zero padding on each side.
        pad: usize,
    },
    /// Every output reads every input (dense, flatten).
    Full,
}

/// What every layer states about itself, fixed when it is built: its name, family, the shapes
/// of one input and one output example, and how outputs depend on input positions. Each layer
/// keeps one and hands it to [`Layer::head`], so the accessors are written once, here.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerHead {
    /// The layer's name, e.g. "conv1".
    pub name: String,
    /// The layer family, e.g. "conv2d", "relu", "dense".
    pub kind: &'static str,
    /// Shape of one input example.
    pub input: Shape,
    /// Shape of one output example.
    pub output: Shape,
    /// How outputs depend on input positions.
    pub geometry: Geometry,
}

impl LayerHead {
    /// A head from its parts.
    pub fn new(
        name: &str,
        kind: &'static str,
        input: Shape,
        output: Shape,
        geometry: Geometry,
    ) -> Self {
        LayerHead {
            name: name.to_string(),
            kind,
            input,
            output,
            geometry,
        }
    }
}

/// One layer of a network.
pub trait Layer: std::fmt::Debug + Send {
    /// The layer's name, family, shapes and geometry.
    fn head(&self) -> &LayerHead;
    /// The layer's name, e.g. "conv1".
    fn name(&self) -> &str {
        &self.head().name
    }
    /// The layer family, e.g. "conv2d", "relu", "dense".
    fn kind(&self) -> &'static str {
        self.head().kind
    }
    /// Shape of one input example.
    fn in_shape(&self) -> Shape {
        self.head().input
    }
    /// Shape of one output example.
    fn out_shape(&self) -> Shape {
        self.head().output
    }
    /// How outputs depend on input positions.
    fn geometry(&self) -> Geometry {
        self.head().geometry
    }
    /// y = f(x) for `batch` examples (`x` holds batch · in_len numbers, `y` batch · out_len).
    /// `train` switches dropout on.
    fn forward(&mut self, x: &[f32], y: &mut [f32], batch: usize, train: bool);
    /// Adds dL/dθ to the parameter gradients and, when `dx` is given, writes dL/dx, from the
    /// x and y of the last forward pass and `dy` = dL/dy.
    fn backward(&mut self, x: &[f32], y: &[f32], dy: &[f32], dx: Option<&mut [f32]>, batch: usize);
    /// Calls `f` on each trained tensor, weights before biases, in a fixed order.
    fn visit_params(&self, _f: &mut dyn FnMut(&Param)) {}
    /// Calls `f` on each trained tensor mutably, in the order of [`Layer::visit_params`].
    fn visit_params_mut(&mut self, _f: &mut dyn FnMut(&mut Param)) {}
    /// Restarts the layer's own random stream (dropout).
    fn reseed(&mut self, _seed: u64) {}
    /// The layer as a convolution, for setting its kernels.
    fn as_conv_mut(&mut self) -> Option<&mut Conv2d> {
        None
    }
}

/// Draws `n` values from N(0, std²) as f32.
pub(crate) fn gaussian(n: usize, std: f64, rng: &mut crate::rng::SplitMix64) -> Vec<f32> {
    (0..n).map(|_| (std * rng.normal()) as f32).collect()
}
