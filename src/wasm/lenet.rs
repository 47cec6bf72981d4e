//! Exports for the LeNet station: a network handle to look inside (`LeNet`) and a training run
//! (`LeNetTrainer`) on the 8×8 digits of `www/data/digits.bin`.
//!
//! Images cross as 64 numbers in the data's scale, 0 (no ink) … 16 (all ink), row-major; the
//! network sees value/16. [`LeNet::forward`] returns every layer's output in one flat
//! Float32Array, in this order (see [`lenet_layout`]): input 64 (0..1) | ReLU(conv1) 6×8×8 |
//! pool1 6×4×4 | ReLU(conv2) 12×4×4 | pool2 12×2×2 | logits 10 | probabilities 10.

use super::args::{config_or_default, count, count_or, dim, seed, seed_or};
use crate::nn::cnn::{self, Digits, LeNet as Net, TrainConfig, Trainer};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// Sizes of the blocks of [`LeNet::forward`]'s output, in order: input, conv1, pool1, conv2,
/// pool2, logits, probabilities (64, 384, 96, 192, 48, 10, 10).
#[wasm_bindgen]
pub fn lenet_layout() -> Vec<u32> {
    let (side, pooled) = (cnn::SIDE, cnn::SIDE / 2);
    [
        cnn::PIXELS,
        cnn::C1 * side * side,
        cnn::C1 * pooled * pooled,
        cnn::C2 * pooled * pooled,
        cnn::C2 * (pooled / 2) * (pooled / 2),
        cnn::CLASSES,
        cnn::CLASSES,
    ]
    .into_iter()
    .map(|n| n as u32)
    .collect()
}

/// Indices of the held-out test digits of the fixed split (the last `n − n_train` of a seeded
/// shuffle of n digits), increasing.
/// Throws a readable error for a count that is not a whole number from 1 to
/// `cnn::MAX_SPLIT`, or `n_train > n`.
#[wasm_bindgen]
pub fn lenet_test_indices(n: f64, n_train: f64) -> Result<Vec<u32>, JsError> {
    let n = dim("number of digits", n)?;
    let n_train = dim("number of training digits", n_train)?;
    Ok(cnn::test_indices(n, n_train)?
        .into_iter()
        .map(|i| i as u32)
        .collect())
}

fn read_digits(bytes: &[u8]) -> Result<Digits, JsError> {
    Ok(Digits::parse(bytes)?)
}

/// A LeNet you can load weights into and look inside: `new LeNet(seed)`; `free()` it when done.
#[wasm_bindgen]
pub struct LeNet {
    inner: Net,
}

#[wasm_bindgen]
impl LeNet {
    /// A randomly initialised network (the same weights for the same seed); throws for a seed
    /// that is not a whole number from 0 to 2⁵³ − 1.
    #[wasm_bindgen(constructor)]
    pub fn new(network_seed: f64) -> Result<LeNet, JsError> {
        Ok(LeNet {
            inner: Net::new(seed("network seed", network_seed)?),
        })
    }

    /// Replaces the weights with a weights file ("LNT1" + count + f32 values, as written by
    /// `weights()` or `cargo run --release --example train_lenet`).
    pub fn load_weights(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        Ok(self.inner.load_bytes(bytes)?)
    }

    /// The weights as a file (see `load_weights`).
    pub fn weights(&self) -> Vec<u8> {
        self.inner.to_bytes()
    }

    /// Every layer's output for one image of 64 pixels in 0..16 (layout: [`lenet_layout`]).
    pub fn forward(&self, image: &[f32]) -> Result<Vec<f32>, JsError> {
        if image.len() != cnn::PIXELS {
            return Err(JsError::new(&format!(
                "The network reads one 8×8 image: 64 pixel values, not {}.",
                image.len()
            )));
        }
        if image
            .iter()
            .any(|v| !(v.is_finite() && (0.0..=16.0).contains(v)))
        {
            return Err(JsError::new(
                "Pixel values must be numbers from 0 (no ink) to 16 (all ink).",
            ));
        }
        let x: Vec<f64> = image.iter().map(|&v| v as f64 / 16.0).collect();
        let a = self.inner.activations(&x)?;
        Ok([
            a.input, a.conv1, a.pool1, a.conv2, a.pool2, a.logits, a.probs,
        ]
        .iter()
        .flatten()
        .map(|&v| v as f32)
        .collect())
    }

    /// The first layer's 6 filters, 3×3 each, row-major (54 numbers).
    pub fn conv1_filters(&self) -> Vec<f32> {
        self.inner.conv1.w.iter().map(|&v| v as f32).collect()
    }

    /// Accuracy (0..1) on the held-out test digits of `data` (a digits.bin file) for the fixed
    /// split with `n_train` training digits.
    pub fn test_accuracy(&self, data: &[u8], n_train: f64) -> Result<f64, JsError> {
        let d = read_digits(data)?;
        let (_, test) = cnn::split(d.len(), count("number of training digits", n_train)?);
        Ok(self.inner.accuracy(&d, &test))
    }
}

#[derive(Deserialize, Default)]
struct TrainSpec {
    learning_rate: Option<f64>,
    momentum: Option<f64>,
    batch_size: Option<f64>,
    seed: Option<f64>,
    n_train: Option<f64>,
}

/// A training run held in wasm memory: `new LeNetTrainer(digitsBytes, config)`, then
/// `train_steps(n)` as often as wanted; `free()` it when done.
#[wasm_bindgen]
pub struct LeNetTrainer {
    inner: Trainer,
}

#[wasm_bindgen]
impl LeNetTrainer {
    /// A fresh network on the digits file `data`. `config` is `{learning_rate, momentum,
    /// batch_size, seed, n_train}`, every key optional (defaults 0.02, 0.9, 16, 1, 1500).
    #[wasm_bindgen(constructor)]
    pub fn new(data: &[u8], config: JsValue) -> Result<LeNetTrainer, JsError> {
        let s: TrainSpec = config_or_default(
            config,
            "The training settings should look like {learning_rate: 0.02, momentum: 0.9, batch_size: 16, seed: 1}",
        )?;
        let d = TrainConfig::default();
        let config = TrainConfig {
            learning_rate: s.learning_rate.unwrap_or(d.learning_rate),
            momentum: s.momentum.unwrap_or(d.momentum),
            batch_size: count_or("batch size", s.batch_size, d.batch_size)?,
            seed: seed_or("seed", s.seed, d.seed)?,
            n_train: count_or("number of training digits", s.n_train, d.n_train)?,
        };
        Ok(LeNetTrainer {
            inner: Trainer::new(read_digits(data)?, config)?,
        })
    }

    /// Runs up to `steps` mini-batch steps, stopping early at the end of an epoch; returns the
    /// progress in epochs (e.g. 2.5 = halfway through the third).
    pub fn train_steps(&mut self, steps: f64) -> Result<f64, JsError> {
        let steps = count("number of steps", steps)?;
        let epoch = self.inner.epochs_done();
        for _ in 0..steps {
            if !self.inner.step().is_finite() {
                return Err(JsError::new(
                    "Training diverged (the loss became infinite): lower the learning rate and train again.",
                ));
            }
            if self.inner.epochs_done() > epoch {
                break;
            }
        }
        Ok(self.inner.progress())
    }

    /// Mean training loss (cross-entropy) of the steps since the last call.
    pub fn take_loss(&mut self) -> f64 {
        self.inner.take_epoch_loss()
    }

    /// Epochs completed plus the fraction of the current one.
    pub fn progress(&self) -> f64 {
        self.inner.progress()
    }

    /// Accuracy (0..1) on the training digits.
    pub fn train_accuracy(&self) -> f64 {
        self.inner.train_accuracy()
    }

    /// Accuracy (0..1) on the held-out test digits.
    pub fn test_accuracy(&self) -> f64 {
        self.inner.test_accuracy()
    }

    /// The current weights as a file (load it with `LeNet.load_weights`).
    pub fn weights(&self) -> Vec<u8> {
        self.inner.model().to_bytes()
    }
}
