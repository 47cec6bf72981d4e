//! Exports for training LeNet-5 in the page: the shipped digits (`MnistData`) and a training
//! run (`Lenet5Trainer`), plus the benchmark's switch between matrix multiplies.

use super::args::{dim, seed_or, settings, whole};
use super::lenet5::{layer_index, layer_info, set};
use crate::nn::engine::mnist::{Mnist, Split, PIXELS};
use crate::nn::engine::nets::lenet5;
use crate::nn::engine::trainer::{TrainConfig, Trainer};
use crate::nn::engine::{Schedule, Sgd};
use js_sys::{Object, Reflect};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// The shipped digits (`www/data/mnist.bin.gz`, gzip or not): `new MnistData(bytes)`.
#[wasm_bindgen]
pub struct MnistData {
    pub(super) inner: Mnist,
}

fn split_index(data: &Mnist, split: Split, i: f64) -> Result<usize, JsError> {
    let n = data.len(split);
    let i = dim("digit index", i)?;
    if i >= n {
        return Err(JsError::new(&format!(
            "There are digits 0 to {} here, not {i}.",
            n - 1
        )));
    }
    Ok(i)
}

#[wasm_bindgen]
impl MnistData {
    /// Reads the digits file; throws a readable error for any other file.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: &[u8]) -> Result<MnistData, JsError> {
        Ok(MnistData {
            inner: Mnist::parse(bytes)?,
        })
    }

    /// Digits in the training split (8,000).
    pub fn train_count(&self) -> u32 {
        self.inner.len(Split::Train) as u32
    }

    /// Digits in the held-out split (2,000).
    pub fn held_out_count(&self) -> u32 {
        self.inner.len(Split::HeldOut) as u32
    }

    /// Held-out digit i as 784 values in 0..1 (row-major 28 × 28).
    pub fn held_out_image(&self, i: f64) -> Result<Vec<f32>, JsError> {
        let i = split_index(&self.inner, Split::HeldOut, i)?;
        let mut out = vec![0.0; PIXELS];
        self.inner.image_into(Split::HeldOut, i, &mut out);
        Ok(out)
    }

    /// The label (0–9) of held-out digit i.
    pub fn held_out_label(&self, i: f64) -> Result<u8, JsError> {
        let i = split_index(&self.inner, Split::HeldOut, i)?;
        Ok(self.inner.label(Split::HeldOut, i))
    }
}

#[derive(Deserialize, Default)]
struct TrainSpec {
    learning_rate: Option<f64>,
    momentum: Option<f64>,
    weight_decay: Option<f64>,
    bias_lr_multiplier: Option<f64>,
    batch_size: Option<f64>,
    dropout: Option<f64>,
    seed: Option<f64>,
    shift: Option<f64>,
    cosine_epochs: Option<f64>,
}

/// Keys `new Lenet5Trainer` reads.
const TRAIN_KEYS: &[&str] = &[
    "learning_rate",
    "momentum",
    "weight_decay",
    "bias_lr_multiplier",
    "batch_size",
    "dropout",
    "seed",
    "shift",
    "cosine_epochs",
];
const TRAIN_EXAMPLE: &str = "{learning_rate: 0.02, momentum: 0.9, weight_decay: 0.0005, bias_lr_multiplier: 2, batch_size: 32, dropout: 0, seed: 1}";

/// The defaults of `new Lenet5Trainer` (see its doc).
fn sgd_from(s: &TrainSpec, base: Sgd) -> Result<Sgd, JsError> {
    let sgd = Sgd {
        learning_rate: s.learning_rate.unwrap_or(base.learning_rate),
        momentum: s.momentum.unwrap_or(base.momentum),
        weight_decay: s.weight_decay.unwrap_or(base.weight_decay),
        bias_lr_multiplier: s.bias_lr_multiplier.unwrap_or(base.bias_lr_multiplier),
        schedule: match s.cosine_epochs {
            None => base.schedule,
            Some(0.0) => Schedule::Constant,
            Some(epochs) => Schedule::Cosine { epochs },
        },
    };
    sgd.validate()?;
    Ok(sgd)
}

/// The trainer's default optimiser: α = 0.02, β = 0.9, λ = 0.0005, bias ×2, constant α.
fn default_sgd() -> Sgd {
    Sgd {
        learning_rate: 0.02,
        ..Sgd::default()
    }
}

fn now_ms() -> f64 {
    let global = js_sys::global();
    Reflect::get(&global, &"performance".into())
        .ok()
        .and_then(|p| {
            let now = Reflect::get(&p, &"now".into()).ok()?;
            now.dyn_into::<js_sys::Function>()
                .ok()?
                .call0(&p)
                .ok()?
                .as_f64()
        })
        .unwrap_or_else(js_sys::Date::now)
}

fn evaluation(e: crate::nn::engine::trainer::Evaluation) -> JsValue {
    let o = Object::new();
    set(&o, "loss", e.loss);
    set(&o, "accuracy", e.accuracy);
    o.into()
}

/// LeNet-5 training on the shipped digits, held in wasm memory:
/// `new Lenet5Trainer(mnistBytes, config)`, then `train_steps(n)` as often as wanted.
#[wasm_bindgen]
pub struct Lenet5Trainer {
    inner: Trainer,
    last_rate: f64,
    seconds: f64,
}

#[wasm_bindgen]
impl Lenet5Trainer {
    /// A fresh LeNet-5 on the digits file `mnist_bytes` (as fetched from
    /// `www/data/mnist.bin.gz`). `config` is `{learning_rate, momentum, weight_decay,
    /// bias_lr_multiplier, batch_size, dropout, seed, shift, cosine_epochs}`, every key optional
    /// (defaults 0.02, 0.9, 0.0005, 2, 32, 0, 1, 0 px, 0 = constant step size). `seed` sets
    /// both the initial weights and the order of the digits.
    #[wasm_bindgen(constructor)]
    pub fn new(mnist_bytes: &[u8], config: JsValue) -> Result<Lenet5Trainer, JsError> {
        let s: TrainSpec = settings(config, TRAIN_KEYS, TRAIN_EXAMPLE)?;
        let sgd = sgd_from(&s, default_sgd())?;
        let seed = seed_or("seed", s.seed, 1)?;
        let batch_size = s
            .batch_size
            .map_or(Ok(32), |v| whole("batch size", v, 512.0))? as usize;
        let shift = s.shift.map_or(Ok(0), |v| whole("shift", v, 4.0))? as usize;
        let dropout = s.dropout.unwrap_or(0.0);
        if !(dropout.is_finite() && (0.0..=0.9).contains(&dropout)) {
            return Err(JsError::new(&format!(
                "The dropout probability must be between 0 (no dropout) and 0.9, not {dropout}."
            )));
        }
        let net = lenet5(seed, dropout as f32)?;
        let config = TrainConfig {
            sgd,
            batch_size,
            seed,
            shift,
        };
        Ok(Lenet5Trainer {
            inner: Trainer::new(net, Mnist::parse(mnist_bytes)?, config)?,
            last_rate: 0.0,
            seconds: 0.0,
        })
    }

    /// Changes the optimiser settings mid-run (`{learning_rate, momentum, weight_decay,
    /// bias_lr_multiplier, cosine_epochs}`, keys optional; the rest stay). It takes the same
    /// object as the constructor: batch_size, dropout, seed and shift are fixed per run and
    /// ignored here.
    pub fn set_options(&mut self, config: JsValue) -> Result<(), JsError> {
        let s: TrainSpec = settings(config, TRAIN_KEYS, TRAIN_EXAMPLE)?;
        let sgd = sgd_from(&s, self.inner.config().sgd)?;
        self.inner.set_sgd(sgd);
        Ok(())
    }

    /// Takes `n` training steps (mini-batches); returns the epochs done (e.g. 2.5). Throws when
    /// the loss becomes NaN: the weights are then those of the last good step.
    pub fn train_steps(&mut self, n: f64) -> Result<f64, JsError> {
        let n = whole("number of steps", n, 1e6)? as usize;
        let images = self.inner.images();
        let start = now_ms();
        let result = self.inner.train_steps(n);
        let ms = now_ms() - start;
        let done = self.inner.images() - images;
        if ms > 0.0 && done > 0 {
            self.last_rate = done as f64 * 1000.0 / ms;
        }
        self.seconds += ms / 1000.0;
        result?;
        Ok(self.inner.epoch_progress())
    }

    /// Epochs completed plus the fraction of the current one.
    pub fn epoch(&self) -> f64 {
        self.inner.epoch_progress()
    }

    /// Steps (mini-batches) taken.
    pub fn steps(&self) -> f64 {
        self.inner.steps() as f64
    }

    /// Training images processed.
    pub fn images(&self) -> f64 {
        self.inner.images() as f64
    }

    /// Steps in one epoch (⌈8000 / batch size⌉).
    pub fn steps_per_epoch(&self) -> f64 {
        self.inner
            .data()
            .len(Split::Train)
            .div_ceil(self.inner.config().batch_size) as f64
    }

    /// Training images per second during the last `train_steps` call (0 before the first).
    pub fn images_per_second(&self) -> f64 {
        self.last_rate
    }

    /// Seconds spent inside `train_steps` so far.
    pub fn training_seconds(&self) -> f64 {
        self.seconds
    }

    /// `{loss, accuracy}` of the training batches since the last call (dropout on, as
    /// trained), or `null` if no step was taken since.
    pub fn take_training_stats(&mut self) -> JsValue {
        self.inner.take_running().map_or(JsValue::NULL, evaluation)
    }

    /// `{loss, accuracy}` of the current weights on the 2,000 held-out digits; also keeps the
    /// weights if they are the best so far (see `restore_best`).
    pub fn evaluate_held_out(&mut self) -> JsValue {
        evaluation(self.inner.evaluate(Split::HeldOut))
    }

    /// The best held-out accuracy seen by `evaluate_held_out`, or `null`.
    pub fn best_held_out_accuracy(&self) -> JsValue {
        self.inner
            .best_accuracy()
            .map_or(JsValue::NULL, JsValue::from)
    }

    /// Puts back the best weights seen by `evaluate_held_out` (early stopping); false if none.
    pub fn restore_best(&mut self) -> bool {
        self.inner.restore_best()
    }

    /// The current weights as a file for `Lenet5Model.load_weights`.
    pub fn weights(&self) -> Vec<u8> {
        self.inner.net().to_bytes()
    }

    /// The trained network's layers (as `Lenet5Model.layer_info()`; dropout layers appear when
    /// dropout > 0).
    pub fn layer_info(&self) -> JsValue {
        layer_info(self.inner.net()).into()
    }

    /// Freezes (true) or thaws layer i: a frozen layer's weights stay bit-identical.
    pub fn set_frozen(&mut self, layer: f64, frozen: bool) -> Result<(), JsError> {
        let i = layer_index(self.inner.net(), layer)?;
        self.inner.net_mut().set_frozen(i, frozen);
        Ok(())
    }

    /// Sets convolution layer i's filters (c_out × c_in × k × k values, row-major) and, when
    /// given, its biases.
    pub fn set_conv_kernels(
        &mut self,
        layer: f64,
        filters: &[f32],
        biases: Option<Vec<f32>>,
    ) -> Result<(), JsError> {
        let i = layer_index(self.inner.net(), layer)?;
        let l = self.inner.net_mut().layer_mut(i);
        let name = l.name().to_string();
        let conv = l
            .as_conv_mut()
            .ok_or_else(|| JsError::new(&format!("Layer {name} is not a convolution.")))?;
        Ok(conv.set_kernels(filters, biases.as_deref())?)
    }
}

/// For the browser benchmark only: route the engine's matrix multiplies through the
/// `matrixmultiply` crate (true) or ConvLab's own kernel (false, the default), so both can be
/// timed in one page.
#[wasm_bindgen]
pub fn bench_use_matrixmultiply(on: bool) {
    crate::matmul::USE_MATRIXMULTIPLY.store(on, std::sync::atomic::Ordering::Relaxed);
}
