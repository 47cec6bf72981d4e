//! Exports for the skip-connection station's three-way race on the f32 engine (plain,
//! residual, dense block): `new StackRaceRun(config)`, `step(n)`, `losses_from(i)`,
//! `grad_norms()`, and `stack_param_counts(config)` for the counts without training.
//!
//! `config` is `{depth, width, growth, activation: "tanh" | "relu", gain, seed, batch,
//! learning_rate}`, every key optional (defaults 30, 16, 8, tanh, 1, 1, 32, 0.02).

use super::args::{seed_or, settings, whole};
use crate::nn::engine::skip_stacks::{param_counts, StackRace, StackSpec};
use js_sys::{Array, Float64Array, Object, Reflect};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// The most steps one `step` call may take (keeps one call short).
const MAX_STEPS_PER_CALL: u64 = 10_000;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Spec {
    depth: Option<f64>,
    width: Option<f64>,
    growth: Option<f64>,
    activation: Option<String>,
    gain: Option<f64>,
    seed: Option<f64>,
    batch: Option<f64>,
    learning_rate: Option<f64>,
}

const EXAMPLE: &str = "{depth: 30, width: 16, growth: 8, activation: \"tanh\", gain: 1, seed: 1, batch: 32, learning_rate: 0.02}";

fn spec(config: JsValue) -> Result<StackSpec, JsError> {
    let s: Spec = settings(
        config,
        &[
            "depth",
            "width",
            "growth",
            "activation",
            "gain",
            "seed",
            "batch",
            "learning_rate",
        ],
        EXAMPLE,
    )?;
    let d = StackSpec::default();
    let count = |what: &str, v: Option<f64>, default: usize| -> Result<usize, JsError> {
        v.map_or(Ok(default), |v| Ok(whole(what, v, 1e6)? as usize))
    };
    let relu = match s.activation.as_deref() {
        None | Some("tanh") => false,
        Some("relu") => true,
        Some(other) => {
            return Err(JsError::new(&format!(
                "The activation must be \"tanh\" or \"relu\", not \"{other}\"."
            )))
        }
    };
    let spec = StackSpec {
        depth: count("depth", s.depth, d.depth)?,
        width: count("width", s.width, d.width)?,
        growth: count("growth rate k", s.growth, d.growth)?,
        relu,
        gain: s.gain.unwrap_or(d.gain),
        seed: seed_or("seed", s.seed, d.seed)?,
        batch: count("batch size", s.batch, d.batch)?,
        learning_rate: s.learning_rate.unwrap_or(d.learning_rate),
    };
    spec.validate()?;
    Ok(spec)
}

fn counts(c: [usize; 3]) -> JsValue {
    let o = Object::new();
    for (key, v) in ["plain", "residual", "dense"].iter().zip(c) {
        // Reflect.set on a fresh plain object cannot fail.
        let _ = Reflect::set(&o, &JsValue::from_str(key), &JsValue::from(v as f64));
    }
    o.into()
}

/// Trained numbers of the three stacks (with read-out) for `config`: `{plain, residual, dense}`.
#[wasm_bindgen]
pub fn stack_param_counts(config: JsValue) -> Result<JsValue, JsError> {
    Ok(counts(param_counts(&spec(config)?)?))
}

/// Plain, residual and dense-block stacks trained side by side on the same batch.
#[wasm_bindgen]
pub struct StackRaceRun {
    inner: StackRace,
}

#[wasm_bindgen]
impl StackRaceRun {
    /// The three stacks at step 0 (see the module doc for `config`).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<StackRaceRun, JsError> {
        Ok(StackRaceRun {
            inner: StackRace::new(spec(config)?)?,
        })
    }

    /// Takes `n` more steps; returns `[plain, residual, dense]` losses after the last.
    pub fn step(&mut self, n: f64) -> Result<Vec<f64>, JsError> {
        let n = whole("number of steps", n, MAX_STEPS_PER_CALL as f64)?;
        Ok(self.inner.step(n as usize)?.to_vec())
    }

    /// Steps taken.
    pub fn steps(&self) -> u32 {
        self.inner.steps() as u32
    }

    /// Losses from step `start` on, flat: `[plain_s, residual_s, dense_s, plain_s+1, …]`.
    pub fn losses_from(&self, start: f64) -> Vec<f64> {
        let h = self.inner.losses();
        let start = if start.is_finite() && start > 0.0 {
            (start as usize).min(h.len())
        } else {
            0
        };
        h[start..].iter().flatten().copied().collect()
    }

    /// `[plain, residual, dense]`, each a Float64Array of ‖∂L/∂W_l‖ for l = 1 … L now.
    pub fn grad_norms(&self) -> Array {
        self.inner
            .grad_norms()
            .iter()
            .map(|g| JsValue::from(Float64Array::from(&g[..])))
            .collect()
    }

    /// `{plain, residual, dense}` trained numbers.
    pub fn param_counts(&self) -> JsValue {
        counts(self.inner.param_counts())
    }
}
