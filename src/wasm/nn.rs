//! Exports for the regularization station: a trainer handle for a one-hidden-layer network on
//! 1D toy data (L2 weight decay λ, dropout p, early stopping).
//!
//! `config` is a plain object `{hidden, activation: "tanh" | "relu", lambda, dropout,
//! learning_rate, batch_size, seed, data_seed, n_train, n_val, noise}`; every key but `hidden`
//! is optional (defaults: tanh, λ = 0, p = 0, α = 0.05, batch 1, seeds 1, 20 / 200 examples,
//! σ = 0.3). Errors are mean squared errors (1/n)·Σ(ŷ − y)².

use super::args::{count, count_or, seed_or, start};
use crate::nn::{train::MAX_EPOCHS, Activation, Config, Trainer};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[derive(Deserialize)]
struct ConfigSpec {
    hidden: f64,
    activation: Option<String>,
    lambda: Option<f64>,
    dropout: Option<f64>,
    learning_rate: Option<f64>,
    batch_size: Option<f64>,
    seed: Option<f64>,
    data_seed: Option<f64>,
    n_train: Option<f64>,
    n_val: Option<f64>,
    noise: Option<f64>,
}

fn read_config(config: JsValue) -> Result<Config, JsError> {
    let s: ConfigSpec = super::args::config(
        config,
        "The network settings should look like {hidden: 50, lambda: 0, dropout: 0, learning_rate: 0.05, seed: 1}",
    )?;
    let d = Config::default();
    // Range checks on the numbers happen in Config::validate; here only "is it a whole number".
    let config = Config {
        hidden: count("number of hidden units", s.hidden)?,
        activation: match s.activation {
            None => d.activation,
            Some(name) => Activation::parse(&name)?,
        },
        lambda: s.lambda.unwrap_or(d.lambda),
        dropout: s.dropout.unwrap_or(d.dropout),
        learning_rate: s.learning_rate.unwrap_or(d.learning_rate),
        batch_size: count_or("batch size", s.batch_size, d.batch_size)?,
        seed: seed_or("seed", s.seed, d.seed)?,
        data_seed: seed_or("data seed", s.data_seed, d.data_seed)?,
        n_train: count_or("number of training examples", s.n_train, d.n_train)?,
        n_val: count_or("number of validation examples", s.n_val, d.n_val)?,
        noise: s.noise.unwrap_or(d.noise),
    };
    config.validate()?;
    Ok(config)
}

fn read_epochs(epochs: f64) -> Result<usize, JsError> {
    match count("number of epochs", epochs)? {
        n if n <= MAX_EPOCHS => Ok(n),
        n => Err(JsError::new(&format!(
            "The number of epochs must be at most {MAX_EPOCHS}, not {n}."
        ))),
    }
}

/// A training run held in wasm memory: `new MlpTrainer(config)`, then `step(epochs)` as often
/// as wanted; `free()` it when done.
#[wasm_bindgen]
pub struct MlpTrainer {
    inner: Trainer,
}

#[wasm_bindgen]
impl MlpTrainer {
    /// A freshly initialised network on freshly drawn data (see the module doc for `config`).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<MlpTrainer, JsError> {
        Ok(MlpTrainer {
            inner: Trainer::new(read_config(config)?)?,
        })
    }

    /// Trains `epochs` more epochs, recording errors after each; returns
    /// `[epoch, train_mse, val_mse]` of the last.
    pub fn step(&mut self, epochs: f64) -> Result<Vec<f64>, JsError> {
        let e = self.inner.step(read_epochs(epochs)?)?;
        Ok(vec![e.epoch as f64, e.train_mse, e.val_mse])
    }

    /// Trains `epochs` more epochs without recording (faster); returns
    /// `[epoch, train_mse, val_mse]` at the end.
    pub fn run_unrecorded(&mut self, epochs: f64) -> Result<Vec<f64>, JsError> {
        let e = self.inner.run_unrecorded(read_epochs(epochs)?)?;
        Ok(vec![e.epoch as f64, e.train_mse, e.val_mse])
    }

    /// Epochs completed.
    pub fn epoch(&self) -> f64 {
        self.inner.epoch() as f64
    }

    /// Recorded errors from entry `start` on, flat: `[epoch, train_mse, val_mse, …]`
    /// (entry 0 is the untrained network).
    pub fn history_from(&self, from: f64) -> Result<Vec<f64>, JsError> {
        let h = self.inner.history();
        let from = start("start entry", from, h.len())?;
        Ok(h[from..]
            .iter()
            .flat_map(|e| [e.epoch as f64, e.train_mse, e.val_mse])
            .collect())
    }

    /// Early stopping's choice so far: `[epoch, train_mse, val_mse]` of the lowest validation error.
    pub fn best(&self) -> Vec<f64> {
        let e = self.inner.best();
        vec![e.epoch as f64, e.train_mse, e.val_mse]
    }

    /// The current network's predictions ŷ(x) at `xs` (no dropout).
    pub fn predict(&self, xs: &[f64]) -> Vec<f64> {
        self.inner.model().predict(xs)
    }

    /// Predictions of the early-stopping network (weights at `best()[0]`).
    pub fn predict_best(&self, xs: &[f64]) -> Vec<f64> {
        self.inner.best_model().predict(xs)
    }

    /// √(‖W‖²_F + ‖v‖²) of the current network (biases excluded, as in the penalty).
    pub fn weight_norm(&self) -> f64 {
        self.inner.model().weight_norm_sq().sqrt()
    }

    /// √(‖W‖²_F + ‖v‖²) of the early-stopping network.
    pub fn best_weight_norm(&self) -> f64 {
        self.inner.best_model().weight_norm_sq().sqrt()
    }

    /// Mean squared error of the current network on the held-out test set.
    pub fn test_mse(&self) -> f64 {
        self.inner.test_mse()
    }

    /// Training inputs.
    pub fn train_x(&self) -> Vec<f64> {
        self.inner.data().x_train.clone()
    }

    /// Training labels.
    pub fn train_y(&self) -> Vec<f64> {
        self.inner.data().y_train.clone()
    }

    /// Validation inputs.
    pub fn val_x(&self) -> Vec<f64> {
        self.inner.data().x_val.clone()
    }

    /// Validation labels.
    pub fn val_y(&self) -> Vec<f64> {
        self.inner.data().y_val.clone()
    }
}

/// The noise-free function behind the data, f(x) = sin(πx) + x²/2, at each of `xs`.
#[wasm_bindgen]
pub fn regression_target(xs: &[f64]) -> Vec<f64> {
    xs.iter().map(|&x| crate::nn::train::target(x)).collect()
}
