//! Exports for the LeNet-5 station: preprocessing a drawing and a model to look inside
//! (`Lenet5Model`); the digits and training runs are in `lenet5_train`.
//!
//! Layer indices are positions in `Lenet5Model.layer_info()` (0 = conv1 … 13 = fc3, see the
//! README's API section); the input is not a layer.

use super::args::{dim, seed_or, settings, whole};
use super::lenet5_train::MnistData;
use crate::nn::engine::mnist::{Split, PIXELS};
use crate::nn::engine::nets::{lenet5, DIGITS};
use crate::nn::engine::units::{self, SynthConfig};
use crate::nn::engine::{loss, preprocess, Sequential};
use js_sys::{Array, Float32Array, Object, Reflect};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

pub(super) fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
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

pub(super) fn layer_index(net: &Sequential, layer: f64) -> Result<usize, JsError> {
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
pub(super) fn layer_info(net: &Sequential) -> Array {
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
            &[
                "steps",
                "step_size",
                "l2",
                "blur_every",
                "blur_sigma",
                "seed",
            ],
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
struct SynthSpec {
    steps: Option<f64>,
    step_size: Option<f64>,
    l2: Option<f64>,
    blur_every: Option<f64>,
    blur_sigma: Option<f64>,
    seed: Option<f64>,
}
