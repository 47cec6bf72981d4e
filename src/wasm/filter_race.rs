//! Exports for the "Fixed vs learned filters" station: up to three small CNNs that differ only
//! in their first layer, trained side by side on the shipped digits (core:
//! `nn::engine::filter_race`).
//!
//! ```js
//! const data = new MnistData(mnistBytes);
//! const run = new FilterRaceRun(data, {
//!   bank: [{gaussian: 1}, {log: 1}, {gabor: 45}, 'sobel_x', {custom: [0, 1, 0, 1, -4, 1, 0, 1, 0]}],
//!   variants: ['fixed', 'learned', 'from_bank'], seed: 1, batch_size: 32, learning_rate: 0.02,
//! });
//! run.step(25);  run.evaluate(500);  // Float64Array: accuracy per variant, first 500 held-out digits
//! run.kernels(1);  run.biases(1);    // variant 1's first layer now (filters × 25, filters)
//! run.responses(1, 17);              // its first-layer responses to held-out digit 17 (filters × 784)
//! ```
//! Every setting is optional (defaults: the default bank, all three variants, seed 1, batch 32,
//! α = 0.02 with momentum 0.9 and weight decay 0.0005); an unknown key or a bad value throws a
//! message that says which and why.

use super::args::{count, count_or, real, seed_or, settings, whole};
use super::lenet5_train::MnistData;
use crate::nn::engine::filter_bank::{default_bank, BankKernel};
use crate::nn::engine::filter_race::{variant_from_name, variant_name, FilterRace, RaceSpec};
use crate::nn::engine::Sgd;
use js_sys::Array;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// The most steps one `step` call may take (keeps one call short).
const MAX_STEPS_PER_CALL: f64 = 1000.0;

/// One bank kernel as JS writes it: `{gaussian: σ}`, `{log: σ}`, `{gabor: θ°}`, `"sobel_x"`,
/// `"sobel_y"` or `{custom: [9 or 25 numbers]}`.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum KernelSpec {
    Gaussian(f64),
    Log(f64),
    Gabor(f64),
    SobelX,
    SobelY,
    Custom(Vec<f64>),
}

impl From<KernelSpec> for BankKernel {
    fn from(k: KernelSpec) -> Self {
        match k {
            KernelSpec::Gaussian(s) => BankKernel::Gaussian(s),
            KernelSpec::Log(s) => BankKernel::Log(s),
            KernelSpec::Gabor(d) => BankKernel::Gabor(d),
            KernelSpec::SobelX => BankKernel::SobelX,
            KernelSpec::SobelY => BankKernel::SobelY,
            // A number too large for f32 becomes ∞ here, which the core refuses by name.
            KernelSpec::Custom(v) => BankKernel::Custom(v.into_iter().map(|x| x as f32).collect()),
        }
    }
}

#[derive(Deserialize, Default)]
struct Spec {
    bank: Option<Vec<KernelSpec>>,
    variants: Option<Vec<String>>,
    seed: Option<f64>,
    batch_size: Option<f64>,
    learning_rate: Option<f64>,
}

const KEYS: &[&str] = &["bank", "variants", "seed", "batch_size", "learning_rate"];
const EXAMPLE: &str = "{bank: [{gaussian: 1}, {log: 1}, {gabor: 45}, \"sobel_x\", {custom: [0, 1, 0, 1, -4, 1, 0, 1, 0]}], variants: [\"fixed\", \"learned\", \"from_bank\"], seed: 1, batch_size: 32, learning_rate: 0.02}";

fn race_spec(config: JsValue) -> Result<RaceSpec, JsError> {
    let s: Spec = settings(config, KEYS, EXAMPLE)?;
    let d = RaceSpec::default();
    let variants = match s.variants {
        None => d.variants,
        Some(names) => names
            .iter()
            .map(|n| variant_from_name(n))
            .collect::<crate::Result<Vec<_>>>()?,
    };
    let learning_rate = match s.learning_rate {
        None => d.sgd.learning_rate,
        Some(v) => real("The step size α", v)?,
    };
    Ok(RaceSpec {
        bank: s
            .bank
            .map_or_else(default_bank, |b| b.into_iter().map(Into::into).collect()),
        variants,
        seed: seed_or("seed", s.seed, d.seed)?,
        batch_size: count_or("batch size", s.batch_size, d.batch_size)?,
        sgd: Sgd {
            learning_rate,
            ..d.sgd
        },
    })
}

/// Small CNNs that differ only in their first layer, trained side by side (see the module doc).
#[wasm_bindgen]
pub struct FilterRaceRun {
    inner: FilterRace,
}

#[wasm_bindgen]
impl FilterRaceRun {
    /// The variants at step 0 on the shipped digits `data` (see the module doc for `config`).
    #[wasm_bindgen(constructor)]
    pub fn new(data: &MnistData, config: JsValue) -> Result<FilterRaceRun, JsError> {
        Ok(FilterRaceRun {
            inner: FilterRace::new(data.inner.clone(), race_spec(config)?)?,
        })
    }

    /// Takes `n` more steps (mini-batches) on every variant, interleaved one batch at a time;
    /// returns the steps taken so far. Throws when a variant's loss becomes NaN (its weights are
    /// then those of its last good step).
    pub fn step(&mut self, n: f64) -> Result<f64, JsError> {
        let n = whole("number of steps", n, MAX_STEPS_PER_CALL)? as usize;
        self.inner.step(n)?;
        Ok(self.inner.steps() as f64)
    }

    /// Scores every variant on the first `digits` held-out digits (all 2,000 if more) and
    /// records the point; returns the accuracies (0..1) in the order of `variants()`.
    pub fn evaluate(&mut self, digits: f64) -> Result<Vec<f64>, JsError> {
        let n = whole("number of held-out digits", digits, f64::MAX)? as usize;
        if n == 0 {
            return Err(JsError::new("Score on at least 1 held-out digit."));
        }
        Ok(self.inner.evaluate(n).accuracy.clone())
    }

    /// Steps taken by each variant.
    pub fn steps(&self) -> f64 {
        self.inner.steps() as f64
    }

    /// Training images seen by each variant.
    pub fn images(&self) -> f64 {
        self.inner.images() as f64
    }

    /// Epochs completed by each variant plus the fraction of the current one.
    pub fn epoch(&self) -> f64 {
        self.inner.epoch()
    }

    /// First-layer filters per network.
    pub fn filters(&self) -> u32 {
        self.inner.filters() as u32
    }

    /// The variants trained, in order: "fixed", "learned", "from_bank".
    pub fn variants(&self) -> Array {
        self.inner
            .spec()
            .variants
            .iter()
            .map(|&v| JsValue::from_str(variant_name(v)))
            .collect()
    }

    /// The fixed bank (filters × 5 × 5, row-major); 3 × 3 kernels sit in the centre.
    pub fn bank(&self) -> Vec<f32> {
        self.inner.bank().to_vec()
    }

    /// Variant `v`'s current first-layer filters (filters × 5 × 5, row-major).
    pub fn kernels(&self, v: f64) -> Result<Vec<f32>, JsError> {
        Ok(self.inner.kernels(variant_index(v)?)?.0)
    }

    /// Variant `v`'s current first-layer biases.
    pub fn biases(&self, v: f64) -> Result<Vec<f32>, JsError> {
        Ok(self.inner.kernels(variant_index(v)?)?.1)
    }

    /// Variant `v`'s first-layer responses (before the ReLU) to held-out digit `digit`:
    /// filters × 28 × 28 values.
    pub fn responses(&mut self, v: f64, digit: f64) -> Result<Vec<f32>, JsError> {
        let digit = whole("digit index", digit, f64::MAX)? as usize;
        Ok(self.inner.responses(variant_index(v)?, digit)?)
    }
}

fn variant_index(v: f64) -> Result<usize, JsError> {
    Ok(count("network number", v)?)
}
