//! Exports for the skip-connections station: per-layer gradient and activation profiles of a
//! plain and a residual deep stack, and a side-by-side gradient-descent race between them.
//!
//! `config` is a plain object `{depth, width, activation: "tanh" | "relu", gain, seed, batch,
//! learning_rate}`; every key but `depth` is optional (defaults: width 16, tanh, gain 1,
//! seed 1, batch 32, α = 0.02). See `crate::nn::residual` for the formulas.

use super::args::{config, count, count_or, seed_or, start};
use crate::nn::residual::{
    densenet_params, profile, toy_task, DeepNet, DeepSpec, Profile, SkipRace, Wiring,
};
use crate::nn::Activation;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// The most steps one `SkipTrainer.step` call may take (keeps one call short).
const MAX_STEPS_PER_CALL: f64 = 10_000.0;

#[derive(Deserialize)]
struct SpecIn {
    depth: f64,
    width: Option<f64>,
    activation: Option<String>,
    gain: Option<f64>,
    seed: Option<f64>,
    batch: Option<f64>,
    learning_rate: Option<f64>,
}

fn read_spec(value: JsValue) -> Result<DeepSpec, JsError> {
    let s: SpecIn = config(
        value,
        "The network settings should look like {depth: 20, activation: \"tanh\", gain: 1, seed: 1}",
    )?;
    let d = DeepSpec::default();
    let spec = DeepSpec {
        depth: count("depth", s.depth)?,
        width: count_or("width", s.width, d.width)?,
        activation: match s.activation {
            None => d.activation,
            Some(name) => Activation::parse(&name)?,
        },
        gain: s.gain.unwrap_or(d.gain),
        seed: seed_or("seed", s.seed, d.seed)?,
        batch: count_or("batch size", s.batch, d.batch)?,
        learning_rate: s.learning_rate.unwrap_or(d.learning_rate),
    };
    spec.validate()?;
    Ok(spec)
}

#[derive(Serialize)]
struct ProfileOut {
    loss: f64,
    grad_norms: Vec<f64>,
    act_norms: Vec<f64>,
    signal_norms: Vec<f64>,
}

impl From<Profile> for ProfileOut {
    fn from(p: Profile) -> Self {
        ProfileOut {
            loss: p.loss,
            grad_norms: p.grad_norms,
            act_norms: p.act_norms,
            signal_norms: p.signal_norms,
        }
    }
}

#[derive(Serialize)]
struct ProfilesOut {
    plain: ProfileOut,
    residual: ProfileOut,
    params: usize,
    densenet_params: usize,
}

/// Profiles of the freshly initialised plain and residual stacks (same weights) on the toy
/// batch: `{plain: {loss, grad_norms: [‖∂L/∂W_1‖ … ‖∂L/∂W_L‖], act_norms: [RMS‖h_0‖ … RMS‖h_L‖]},
/// residual: {…}, params, densenet_params}` (parameters of either stack, and of a DenseNet
/// stack of the same depth with growth rate = width).
#[wasm_bindgen]
pub fn skip_profiles(config: JsValue) -> Result<JsValue, JsError> {
    let spec = read_spec(config)?;
    let plain = profile(Wiring::Plain, &spec)?;
    let residual = profile(Wiring::Residual, &spec)?;
    let out = ProfilesOut {
        plain: plain.into(),
        residual: residual.into(),
        params: DeepNet::new(Wiring::Plain, &spec)?.param_count(),
        densenet_params: densenet_params(spec.depth, spec.width, spec.width) + spec.width + 1,
    };
    Ok(serde_wasm_bindgen::to_value(&out)?)
}

#[derive(Serialize)]
struct WeightsOut {
    x: Vec<f64>,
    y: Vec<f64>,
    w: Vec<Vec<f64>>,
    b: Vec<Vec<f64>>,
    v: Vec<f64>,
    c: f64,
}

/// The initial weights and the toy batch behind [`skip_profiles`], for readers who want to
/// redo the computation themselves: `{x (batch × width, row-major), y, w: [W_1 … W_L] (each
/// width × width row-major), b: [b_1 … b_L], v, c}`.
#[wasm_bindgen]
pub fn skip_weights(config: JsValue) -> Result<JsValue, JsError> {
    let spec = read_spec(config)?;
    let net = DeepNet::new(Wiring::Plain, &spec)?;
    let (x, y) = toy_task(spec.width, spec.batch, spec.seed);
    let out = WeightsOut {
        x,
        y,
        w: net.blocks.iter().map(|b| b.dense.w.clone()).collect(),
        b: net.blocks.iter().map(|b| b.dense.b.clone()).collect(),
        v: net.readout.w.clone(),
        c: net.readout.b[0],
    };
    Ok(serde_wasm_bindgen::to_value(&out)?)
}

/// Plain and residual stacks trained side by side by full-batch gradient descent:
/// `new SkipTrainer(config)`, `step(n)` as often as wanted, `free()` when done.
#[wasm_bindgen]
pub struct SkipTrainer {
    inner: SkipRace,
}

#[wasm_bindgen]
impl SkipTrainer {
    /// Both stacks at step 0 with the same initial weights (see the module doc for `config`).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<SkipTrainer, JsError> {
        Ok(SkipTrainer {
            inner: SkipRace::new(read_spec(config)?)?,
        })
    }

    /// Takes `steps` more steps; returns `[plain_loss, residual_loss]` after the last.
    pub fn step(&mut self, steps: f64) -> Result<Vec<f64>, JsError> {
        let n = count("number of steps", steps)?;
        if n as f64 > MAX_STEPS_PER_CALL {
            return Err(JsError::new(&format!(
                "Take at most {MAX_STEPS_PER_CALL} steps per call, not {n}."
            )));
        }
        let (p, r) = self.inner.step(n)?;
        Ok(vec![p, r])
    }

    /// Steps taken so far.
    pub fn steps(&self) -> f64 {
        self.inner.steps() as f64
    }

    /// Losses from step `start` on, flat: `[plain_0, residual_0, plain_1, residual_1, …]`.
    pub fn history_from(&self, from: f64) -> Result<Vec<f64>, JsError> {
        let h = self.inner.history();
        let from = start("start step", from, h.len())?;
        Ok(h[from..].iter().flat_map(|&(p, r)| [p, r]).collect())
    }
}
