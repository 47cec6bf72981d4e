//! Exports for the regularization station's width sweep (Neyshabur et al. 2015, Fig. 1):
//! `new WidthSweepRun(mnistBytes, width, settings)`, then `epoch()` until it returns true.

use super::args::{count, real, seed_or, settings, whole};
use crate::nn::engine::mnist::Mnist;
use crate::nn::engine::width_sweep::{
    error_rate_standard_error as standard_error, SweepSettings, WidthPoint, WidthRun, MAX_WIDTH,
    WIDTHS,
};
use js_sys::{Object, Reflect};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Spec {
    train_digits: Option<f64>,
    max_epochs: Option<f64>,
    learning_rate: Option<f64>,
    batch_size: Option<f64>,
    seed: Option<f64>,
}

const EXAMPLE: &str =
    "{train_digits: 2000, max_epochs: 40, learning_rate: 0.1, batch_size: 32, seed: 1}";

fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    // Reflect.set on a fresh plain object cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value.into());
}

fn sweep_settings(value: JsValue) -> Result<SweepSettings, JsError> {
    let s: Spec = settings(
        value,
        &[
            "train_digits",
            "max_epochs",
            "learning_rate",
            "batch_size",
            "seed",
        ],
        EXAMPLE,
    )?;
    let d = SweepSettings::default();
    Ok(SweepSettings {
        train_digits: s.train_digits.map_or(Ok(d.train_digits as u64), |v| {
            whole("number of training digits", v, 1e6)
        })? as usize,
        max_epochs: s
            .max_epochs
            .map_or(Ok(d.max_epochs as u64), |v| whole("epoch cap", v, 1e6))?
            as usize,
        learning_rate: s.learning_rate.unwrap_or(d.learning_rate),
        batch_size: s
            .batch_size
            .map_or(Ok(d.batch_size as u64), |v| whole("batch size", v, 1e6))?
            as usize,
        seed: seed_or("seed", s.seed, d.seed)?,
    })
}

/// The shipped sweep's settings `{train_digits, max_epochs, learning_rate, batch_size, seed,
/// widths, max_width}` (the worker reruns with exactly these).
#[wasm_bindgen]
pub fn width_sweep_defaults() -> JsValue {
    let d = SweepSettings::default();
    let o = Object::new();
    set(&o, "train_digits", d.train_digits as u32);
    set(&o, "max_epochs", d.max_epochs as u32);
    set(&o, "learning_rate", d.learning_rate);
    set(&o, "batch_size", d.batch_size as u32);
    set(&o, "seed", d.seed as f64);
    let widths: js_sys::Array = WIDTHS.iter().map(|&w| JsValue::from(w as u32)).collect();
    set(&o, "widths", widths);
    set(&o, "max_width", MAX_WIDTH as u32);
    o.into()
}

fn point(p: WidthPoint) -> JsValue {
    let o = Object::new();
    set(&o, "width", p.width as u32);
    set(&o, "params", p.params as f64);
    set(&o, "epochs", p.epochs as u32);
    set(&o, "train_error", p.train_error);
    set(&o, "held_out_error", p.held_out_error);
    set(&o, "train_loss", p.train_loss);
    o.into()
}

/// One width of the sweep, trained an epoch per `epoch()` call.
#[wasm_bindgen]
pub struct WidthSweepRun {
    run: WidthRun,
}

#[wasm_bindgen]
impl WidthSweepRun {
    /// A fresh one-hidden-layer ReLU network of `width` units on the digits file
    /// `mnist_bytes`; `settings` as in [`width_sweep_defaults`], every key optional.
    #[wasm_bindgen(constructor)]
    pub fn new(
        mnist_bytes: &[u8],
        width: f64,
        settings: JsValue,
    ) -> Result<WidthSweepRun, JsError> {
        let width = whole("width", width, MAX_WIDTH as f64)? as usize;
        let s = sweep_settings(settings)?;
        Ok(WidthSweepRun {
            run: WidthRun::new(&Mnist::parse(mnist_bytes)?, width, s)?,
        })
    }

    /// Trains one epoch and measures the training error; true when done (training error 0
    /// or the epoch cap).
    pub fn epoch(&mut self) -> Result<bool, JsError> {
        Ok(self.run.epoch()?)
    }

    /// Epochs trained.
    pub fn epochs(&self) -> u32 {
        self.run.epochs() as u32
    }

    /// Training error after the last epoch, or NaN before the first.
    pub fn train_error(&self) -> f64 {
        self.run.train_error().unwrap_or(f64::NAN)
    }

    /// `{width, params, epochs, train_error, held_out_error, train_loss}` now (evaluates the
    /// held-out digits).
    pub fn point(&mut self) -> JsValue {
        point(self.run.point())
    }
}

/// `error_rate_standard_error(rate, n)` → √(rate·(1 − rate)/n), one standard error of an error
/// rate measured on `n` examples (the sweep's "within one standard error"); a rate outside
/// [0, 1] or an `n` that is not a whole number ≥ 1 throws.
#[wasm_bindgen]
pub fn error_rate_standard_error(rate: f64, n: f64) -> Result<f64, JsError> {
    Ok(standard_error(
        real("The error rate", rate)?,
        count("The number of examples", n)?,
    )?)
}
