//! Networks assembled from the engine's layers by short functions.

use super::Sequential;
use crate::Result;

/// Classes of a digit classifier.
pub const DIGITS: usize = 10;

/// LeNet-5 for 28 × 28 digits, as on the lecture's slide (ReLU in place of the original
/// scaled tanh, max pooling in place of trainable subsampling):
/// input 1@28×28 → conv1 6@5×5, padding 2 → ReLU → 2×2 max pool → conv2 16@5×5 → ReLU →
/// 2×2 max pool → flatten 400 → fc1 120 → ReLU → fc2 84 → ReLU → fc3 10 (logits).
/// With `dropout` > 0 a dropout layer follows each of fc1's and fc2's ReLUs (it has no
/// weights, so weights files are the same with and without it). 61,706 parameters.
///
/// # Errors
/// Only for a dropout probability outside [0, 0.9].
pub fn lenet5(seed: u64, dropout: f32) -> Result<Sequential> {
    let net = Sequential::new([1, 28, 28], seed)
        .conv2d("conv1", 6, 5, 1, 2)?
        .relu("relu1")
        .max_pool("pool1", 2, 2)?
        .conv2d("conv2", 16, 5, 1, 0)?
        .relu("relu2")
        .max_pool("pool2", 2, 2)?
        .flatten("flatten")
        .dense("fc1", 120)?
        .relu("relu3");
    let net = if dropout > 0.0 {
        net.dropout("drop1", dropout)?
    } else {
        net
    };
    let net = net.dense("fc2", 84)?.relu("relu4");
    let net = if dropout > 0.0 {
        net.dropout("drop2", dropout)?
    } else {
        net
    };
    net.dense("fc3", DIGITS)
}

/// A one-hidden-layer perceptron on 28 × 28 digits: flatten 784 → dense `width` → ReLU →
/// dense 10 (logits).
///
/// # Errors
/// [`crate::Error::InvalidArgument`] for a width of 0.
pub fn mlp(width: usize, seed: u64) -> Result<Sequential> {
    Sequential::new([1, 28, 28], seed)
        .flatten("flatten")
        .dense("hidden", width)?
        .relu("relu")
        .dense("out", DIGITS)
}
