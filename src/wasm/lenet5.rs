//! Exports for the LeNet-5 station: preprocessing a drawing, a model to look inside
//! (`Lenet5Model`), the shipped digits (`MnistData`) and a training run (`Lenet5Trainer`).
//!
//! Layer indices are positions in `Lenet5Model.layer_info()` (0 = conv1 … 13 = fc3, see the
//! README's API section); the input is not a layer.

use super::args::{dim, seed_or, settings, whole};
use crate::nn::engine::mnist::{Mnist, Split, PIXELS};
use crate::nn::engine::nets::{lenet5, DIGITS};
use crate::nn::engine::trainer::{TrainConfig, Trainer};
use crate::nn::engine::units::{self, SynthConfig};
use crate::nn::engine::{loss, preprocess, Schedule, Sequential, Sgd};
use js_sys::{Array, Float32Array, Object, Reflect};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    // Reflect.set on a fresh plain object cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value.into());
}

fn floats(v: &[f32]) -> Float32Array {
    Float32Array::from(v)
}

fn dims(v: &[usize]) -> Array {
    v.iter().map(|&d| JsValue::from(d as u32)).collect()
}

fn patch(p: (isize, isize, isize, isize)) -> Array {
    [p.0, p.1, p.2, p.3]
        .iter()
        .map(|&d| JsValue::from(d as i32))
        .collect()
}

/// The 784 inputs (28 × 28, row-major, 0..1) for an RGBA drawing (`ImageData.data`) of
/// `width` × `height` pixels: ink = (1 − luminance/255)·alpha/255, cropped to the ink, longer
/// side scaled to 20 px by area averaging, centre of mass placed at (14, 14).
/// Throws a readable error for an empty drawing or a buffer of the wrong size.
#[wasm_bindgen]
pub fn lenet5_preprocess(rgba: &[u8], width: f64, height: f64) -> Result<Vec<f32>, JsError> {
    let width = dim("drawing width", width)?;
    let height = dim("drawing height", height)?;
    Ok(preprocess::lenet5_preprocess(rgba, width, height)?)
}

fn check_input(input: &[f32]) -> Result<(), JsError> {
    if input.len() != PIXELS {
        return Err(JsError::new(&format!(
            "LeNet-5 reads one 28 × 28 image: 784 numbers, not {}.",
            input.len()
        )));
    }
    if input.iter().any(|v| !v.is_finite()) {
        return Err(JsError::new(
            "The input image has a value that is not a number: use values from 0 (no ink) to 1 (ink).",
        ));
    }
    Ok(())
}

fn layer_index(net: &Sequential, layer: f64) -> Result<usize, JsError> {
    let i = dim("layer index", layer)?;
    if i >= net.len() {
        return Err(JsError::new(&format!(
            "LeNet-5 has layers 0 to {}, not {i}.",
            net.len() - 1
        )));
    }
    Ok(i)
}

/// One entry per layer: {name, kind, shape: [c, h, w], params}.
fn layer_info(net: &Sequential) -> Array {
    (0..net.len())
        .map(|i| {
            let l = net.layer(i);
            let o = Object::new();
            set(&o, "name", l.name());
            set(&o, "kind", l.kind());
            set(&o, "shape", dims(&l.out_shape()));
            let mut params = 0;
            l.visit_params(&mut |p| params += p.value.len());
            set(&o, "params", params as u32);
            JsValue::from(o)
        })
        .collect()
}

/// {name, kind, weights, weight_shape, bias} of layer i (empty arrays for a layer without weights).
fn layer_weights(net: &Sequential, i: usize) -> Object {
    let l = net.layer(i);
    let mut tensors = Vec::new();
    l.visit_params(&mut |p| tensors.push(p.value.clone()));
    let (w, b) = match tensors.len() {
        2 => (tensors[0].clone(), tensors[1].clone()),
        _ => (Vec::new(), Vec::new()),
    };
    let [c_in, h, wd] = l.in_shape();
    let c_out = l.out_shape()[0];
    let shape: Vec<usize> = match l.kind() {
        "conv2d" if !w.is_empty() => {
            let k = ((w.len() / (c_out * c_in)) as f64).sqrt() as usize;
            vec![c_out, c_in, k, k]
        }
        "dense" => vec![c_out, c_in * h * wd],
        _ => Vec::new(),
    };
    let o = Object::new();
    set(&o, "name", l.name());
    set(&o, "kind", l.kind());
    set(&o, "weights", floats(&w));
    set(&o, "weight_shape", dims(&shape));
    set(&o, "bias", floats(&b));
    o
}

/// A LeNet-5 to load weights into and look inside: `new Lenet5Model()`; `free()` when done.
#[wasm_bindgen]
pub struct Lenet5Model {
    net: Sequential,
    probs: Vec<f32>,
}

#[wasm_bindgen]
impl Lenet5Model {
    /// An untrained LeNet-5 (He-initialised from a fixed seed); load weights to use it.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<Lenet5Model, JsError> {
        Ok(Lenet5Model {
            net: lenet5(1, 0.0)?,
            probs: vec![0.0; DIGITS],
        })
    }

    /// Replaces the weights with a weights file (`www/data/lenet5-weights.bin` or
    /// `Lenet5Trainer.weights()`); throws a readable error for any other file.
    pub fn load_weights(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        Ok(self.net.load_bytes(bytes)?)
    }

    /// The weights as a file (see `load_weights`).
    pub fn weights(&self) -> Vec<u8> {
        self.net.to_bytes()
    }

    /// The 10 class probabilities (softmax of the logits) for 784 inputs in 0..1.
    pub fn predict(&mut self, input: &[f32]) -> Result<Vec<f32>, JsError> {
        check_input(input)?;
        let logits = self.net.forward(input, 1, false);
        loss::softmax(logits, DIGITS, &mut self.probs);
        Ok(self.probs.clone())
    }

    /// Every layer's output for one input: `{layers: [{name, kind, shape: [c, h, w], data:
    /// Float32Array}], probabilities: Float32Array(10)}`; `data` is channel-major (c, then
    /// rows, then columns) and layers[i] is layer i of `layer_info()`.
    pub fn activations(&mut self, input: &[f32]) -> Result<JsValue, JsError> {
        check_input(input)?;
        let logits = self.net.forward(input, 1, false);
        loss::softmax(logits, DIGITS, &mut self.probs);
        let layers: Array = (0..self.net.len())
            .map(|i| {
                let l = self.net.layer(i);
                let o = Object::new();
                set(&o, "name", l.name());
                set(&o, "kind", l.kind());
                set(&o, "shape", dims(&l.out_shape()));
                set(&o, "data", floats(self.net.output(i)));
                JsValue::from(o)
            })
            .collect();
        let out = Object::new();
        set(&out, "layers", layers);
        set(&out, "probabilities", floats(&self.probs));
        Ok(out.into())
    }

    /// The architecture: `[{name, kind, shape: [c, h, w], params}]`, one entry per layer.
    pub fn layer_info(&self) -> JsValue {
        layer_info(&self.net).into()
    }

    /// Layer i's parameters: `{name, kind, weights: Float32Array, weight_shape, bias:
    /// Float32Array}`; weight_shape is [c_out, c_in, k, k] for a convolution (row-major),
    /// [n_out, n_in] for a dense layer, [] (and empty arrays) for a layer without weights.
    pub fn layer_weights(&self, layer: f64) -> Result<JsValue, JsError> {
        let i = layer_index(&self.net, layer)?;
        Ok(layer_weights(&self.net, i).into())
    }

    /// The input window `[top, left, bottom, right]` (inclusive, 28 × 28 input coordinates;
    /// it may reach into conv1's zero padding, e.g. −2) that output (row, col) of layer i sees.
    pub fn receptive_field(&self, layer: f64, row: f64, col: f64) -> Result<Vec<i32>, JsError> {
        let i = layer_index(&self.net, layer)?;
        let [_, h, w] = self.net.layer(i).out_shape();
        let (r, c) = (dim("row", row)?, dim("column", col)?);
        if r >= h || c >= w {
            return Err(JsError::new(&format!(
                "Layer {} is {h} × {w}: row {r}, column {c} is outside it.",
                self.net.layer(i).name()
            )));
        }
        let p = self.net.receptive_field(i, r, c);
        Ok(vec![p.0 as i32, p.1 as i32, p.2 as i32, p.3 as i32])
    }

    /// The `count` (1…100) held-out digits of `data` on which channel `channel` of layer
    /// `layer` peaks highest: `{digits: [{index, label, value, row, col, patch: [top, left,
    /// bottom, right], image: Float32Array(784)}]}`, best first.
    pub fn top_digits(
        &mut self,
        data: &MnistData,
        layer: f64,
        channel: f64,
        count: f64,
    ) -> Result<JsValue, JsError> {
        let i = layer_index(&self.net, layer)?;
        let count = whole("number of digits", count, 100.0)? as usize;
        let channel = dim("channel", channel)?;
        let top = units::top_digits(&mut self.net, &data.inner, i, channel, count)?;
        let mut image = vec![0.0; PIXELS];
        let digits: Array = top
            .iter()
            .map(|t| {
                let o = Object::new();
                set(&o, "index", t.index as u32);
                set(&o, "label", t.label);
                set(&o, "value", t.value);
                set(&o, "row", t.position.0 as u32);
                set(&o, "col", t.position.1 as u32);
                set(&o, "patch", patch(t.patch));
                data.inner.image_into(Split::HeldOut, t.index, &mut image);
                set(&o, "image", floats(&image));
                JsValue::from(o)
            })
            .collect();
        let out = Object::new();
        set(&out, "digits", digits);
        Ok(out.into())
    }

    /// A synthesised input that excites the centre unit of channel `channel` of layer `layer`
    /// (gradient ascent with L2 decay and blur). `config` is `{steps, step_size, l2,
    /// blur_every, blur_sigma, seed}`, every key optional (defaults 200, 0.05, 0.01, 4, 0.5,
    /// 1). Returns `{image: Float32Array(784), value, row, col, patch: [top, left, bottom, right]}`.
    pub fn synthesize(
        &mut self,
        layer: f64,
        channel: f64,
        config: JsValue,
    ) -> Result<JsValue, JsError> {
        let i = layer_index(&self.net, layer)?;
        let channel = dim("channel", channel)?;
        let s: SynthSpec = settings(
            config,
            "{steps: 200, step_size: 0.05, l2: 0.01, blur_every: 4, blur_sigma: 0.5, seed: 1}",
        )?;
        let d = SynthConfig::default();
        let cfg = SynthConfig {
            steps: s.steps.map_or(Ok(d.steps as u64), |v| {
                whole("number of steps", v, 10_000.0)
            })? as usize,
            step_size: s.step_size.map_or(d.step_size, |v| v as f32),
            l2: s.l2.map_or(d.l2, |v| v as f32),
            blur_every: s.blur_every.map_or(Ok(d.blur_every as u64), |v| {
                whole("blur interval", v, 10_000.0)
            })? as usize,
            blur_sigma: s.blur_sigma.map_or(d.blur_sigma, |v| v as f32),
            seed: seed_or("seed", s.seed, d.seed)?,
        };
        let r = units::synthesize(&mut self.net, i, channel, &cfg)?;
        let out = Object::new();
        set(&out, "image", floats(&r.image));
        set(&out, "value", r.value);
        set(&out, "row", r.position.0 as u32);
        set(&out, "col", r.position.1 as u32);
        set(&out, "patch", patch(r.patch));
        Ok(out.into())
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SynthSpec {
    steps: Option<f64>,
    step_size: Option<f64>,
    l2: Option<f64>,
    blur_every: Option<f64>,
    blur_sigma: Option<f64>,
    seed: Option<f64>,
}

/// The shipped digits (`www/data/mnist.bin.gz`, gzip or not): `new MnistData(bytes)`.
#[wasm_bindgen]
pub struct MnistData {
    inner: Mnist,
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
#[serde(deny_unknown_fields)]
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
        let s: TrainSpec = settings(config, TRAIN_EXAMPLE)?;
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
    /// bias_lr_multiplier, cosine_epochs}`, keys optional; the rest stay).
    pub fn set_options(&mut self, config: JsValue) -> Result<(), JsError> {
        let s: TrainSpec = settings(config, TRAIN_EXAMPLE)?;
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
