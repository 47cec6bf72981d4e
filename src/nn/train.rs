//! The model, the toy data and the trainer.
//!
//! Data: xᵢ ~ U(−1, 1), yᵢ = f(xᵢ) + εᵢ with f(x) = sin(πx) + x²/2 and εᵢ ~ N(0, σ²)
//! (see [`target`]). Model: ŷ(x) = vᵀ·drop(h(W x + b))/√H + c, one hidden layer of H units.
//! Each mini-batch B takes one step w ← w − α·∇f_B(w) of
//! f_B(w) = (1/2|B|)·Σ_{i∈B} (ŷ(xᵢ) − yᵢ)² + (λ/2)·(‖W‖²_F + ‖v‖²);
//! the penalty adds λW to the gradient, so each step first shrinks ("decays") the weights by
//! the factor (1 − αλ). Biases are not decayed (shifting a unit's kink costs nothing), as is usual.
//! After every epoch (one pass over the shuffled training set) the trainer records training
//! and validation mean squared error and keeps a copy of the weights with the lowest
//! validation error so far: early stopping's "stop here".

use super::{loss, Activation, ActivationLayer, Dense, Dropout, Rng};
use crate::{Error, Result};

/// Standard deviation of the first layer's weights at initialisation: with x ∈ [−1, 1] the
/// hidden units' kinks (−b/w) then spread over the data range instead of bunching at 0.
pub const HIDDEN_WEIGHT_STD: f64 = 2.0;
/// Standard deviation of the first layer's biases at initialisation.
pub const HIDDEN_BIAS_STD: f64 = 1.0;
/// Most epochs one trainer runs (the history is kept for the plot).
pub const MAX_EPOCHS: usize = 100_000;
/// Largest number of hidden units accepted.
pub const MAX_HIDDEN: usize = 1000;
/// Largest data set size accepted (train, validation or test).
pub const MAX_SAMPLES: usize = 10_000;

/// The smooth function behind the data: f(x) = sin(πx) + x²/2.
pub fn target(x: f64) -> f64 {
    (std::f64::consts::PI * x).sin() + 0.5 * x * x
}

/// Everything that defines a training run. Numbers are checked by [`Config::validate`].
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Number of hidden units (1 … 1000).
    pub hidden: usize,
    /// Hidden non-linearity.
    pub activation: Activation,
    /// L2 weight-decay strength λ ≥ 0 (0 = none).
    pub lambda: f64,
    /// Dropout probability p on the hidden units, 0 ≤ p ≤ 0.95 (0 = none).
    pub dropout: f64,
    /// Step size α > 0 of (mini-batch) stochastic gradient descent.
    pub learning_rate: f64,
    /// Examples per gradient step: 1 = plain SGD, n_train = full-batch gradient descent.
    pub batch_size: usize,
    /// Seed of the weights, the shuffling and the dropout masks.
    pub seed: u64,
    /// Seed of the data set (inputs and noise).
    pub data_seed: u64,
    /// Training examples n.
    pub n_train: usize,
    /// Validation examples (and, separately, as many test examples).
    pub n_val: usize,
    /// Standard deviation σ of the label noise.
    pub noise: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            hidden: 50,
            activation: Activation::Tanh,
            lambda: 0.0,
            dropout: 0.0,
            learning_rate: 0.05,
            batch_size: 1,
            seed: 1,
            data_seed: 1,
            n_train: 20,
            n_val: 200,
            noise: 0.3,
        }
    }
}

impl Config {
    /// Checks every number, with a message a student can act on.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the first setting out of range.
    pub fn validate(&self) -> Result<()> {
        if !(1..=MAX_HIDDEN).contains(&self.hidden) {
            return Err(Error::invalid(format!(
                "The number of hidden units must be a whole number from 1 to {MAX_HIDDEN}, not {}.",
                self.hidden
            )));
        }
        if !(self.lambda.is_finite() && (0.0..=1e3).contains(&self.lambda)) {
            return Err(Error::invalid(format!(
                "The weight decay λ = {} must be a number from 0 (no decay) to 1000.",
                self.lambda
            )));
        }
        Dropout::new(self.dropout)?;
        if !(self.learning_rate.is_finite()
            && self.learning_rate > 0.0
            && self.learning_rate <= 10.0)
        {
            return Err(Error::invalid(format!(
                "The learning rate α = {} must be a number above 0 and at most 10 (try 0.05).",
                self.learning_rate
            )));
        }
        for (what, n, min) in [
            ("training examples", self.n_train, 2),
            ("validation examples", self.n_val, 1),
        ] {
            if !(min..=MAX_SAMPLES).contains(&n) {
                return Err(Error::invalid(format!(
                    "The number of {what} must be from {min} to {MAX_SAMPLES}, not {n}."
                )));
            }
        }
        if !(1..=self.n_train).contains(&self.batch_size) {
            return Err(Error::invalid(format!(
                "The batch size must be from 1 (plain SGD) to the number of training examples ({}), not {}.",
                self.n_train, self.batch_size
            )));
        }
        if !(self.noise.is_finite() && (0.0..=10.0).contains(&self.noise)) {
            return Err(Error::invalid(format!(
                "The label noise σ = {} must be a number from 0 to 10.",
                self.noise
            )));
        }
        Ok(())
    }
}

/// Training, validation and test samples of y = f(x) + ε.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Training inputs.
    pub x_train: Vec<f64>,
    /// Training labels.
    pub y_train: Vec<f64>,
    /// Validation inputs (used for early stopping).
    pub x_val: Vec<f64>,
    /// Validation labels.
    pub y_val: Vec<f64>,
    /// Test inputs (never used for any choice).
    pub x_test: Vec<f64>,
    /// Test labels.
    pub y_test: Vec<f64>,
}

impl Dataset {
    /// Draws n_train training and n_val validation and n_val test examples from `seed`.
    pub fn generate(seed: u64, n_train: usize, n_val: usize, noise: f64) -> Self {
        let mut rng = Rng::new(seed ^ 0xDA7A_5EED);
        let mut draw = |n: usize| -> (Vec<f64>, Vec<f64>) {
            let x: Vec<f64> = (0..n).map(|_| rng.uniform_in(-1.0, 1.0)).collect();
            let y = x
                .iter()
                .map(|&v| target(v) + noise * rng.normal())
                .collect();
            (x, y)
        };
        let (x_train, y_train) = draw(n_train);
        let (x_val, y_val) = draw(n_val);
        let (x_test, y_test) = draw(n_val);
        Dataset {
            x_train,
            y_train,
            x_val,
            y_val,
            x_test,
            y_test,
        }
    }
}

/// One-hidden-layer perceptron with scalar input and output: dense → h → dropout → ×1/√H →
/// dense, i.e. ŷ(x) = vᵀ·drop(h(W x + b))/√H + c.
///
/// The fixed factor 1/√H (the "neural tangent" parameterisation) makes one gradient step
/// change ŷ by about the same amount for 1 or 1000 hidden units, so one learning rate works
/// for every width; without it the stable step size shrinks like 1/H.
#[derive(Debug, Clone)]
pub struct Mlp {
    /// First layer, 1 → hidden: weights W (hidden × 1) and biases b.
    pub hidden: Dense,
    /// The non-linearity h.
    pub act: ActivationLayer,
    /// Dropout on the hidden units.
    pub drop: Dropout,
    /// Output layer, hidden → 1: weights vᵀ (1 × hidden) and bias c.
    pub output: Dense,
    /// 1/√hidden, applied between dropout and the output layer.
    pub out_scale: f64,
}

impl Mlp {
    /// A freshly initialised network: W ~ N(0, 2²), b ~ N(0, 1), v ~ N(0, 1), c = 0.
    /// With the 1/√hidden factor the initial output's size does not depend on the width.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a bad dropout probability.
    pub fn new(hidden: usize, activation: Activation, dropout: f64, rng: &mut Rng) -> Result<Self> {
        Ok(Mlp {
            hidden: Dense::new(1, hidden, HIDDEN_WEIGHT_STD, HIDDEN_BIAS_STD, rng),
            act: ActivationLayer::new(activation),
            drop: Dropout::new(dropout)?,
            output: Dense::new(hidden, 1, 1.0, 0.0, rng),
            out_scale: 1.0 / (hidden as f64).sqrt(),
        })
    }

    /// Predictions at test time (no dropout) for inputs `x`.
    pub fn predict(&self, x: &[f64]) -> Vec<f64> {
        let z = self.act.apply(&self.hidden.apply(x));
        self.output.apply(&self.scaled(z))
    }

    /// Training forward pass (dropout active), caching what backward needs.
    pub fn forward(&mut self, x: &[f64], rng: &mut Rng) -> Vec<f64> {
        let a = self.hidden.forward(x);
        let z = self.act.forward(&a);
        let d = self.drop.forward(&z, rng);
        self.output.forward(&self.scaled(d))
    }

    fn scaled(&self, mut z: Vec<f64>) -> Vec<f64> {
        z.iter_mut().for_each(|v| *v *= self.out_scale);
        z
    }

    /// Backward pass from dL/dŷ: accumulates every layer's parameter gradients.
    pub fn backward(&mut self, dy: &[f64]) {
        let du = self.output.backward(dy);
        let dd = self.scaled(du);
        let dz = self.drop.backward(&dd);
        let da = self.act.backward(&dz);
        self.hidden.backward(&da);
    }

    /// Sets all gradients to zero.
    pub fn zero_grad(&mut self) {
        self.hidden.zero_grad();
        self.output.zero_grad();
    }

    /// Adds the L2 penalty's gradient: dW += λW, dv += λv (biases untouched).
    pub fn add_weight_decay(&mut self, lambda: f64) {
        for layer in [&mut self.hidden, &mut self.output] {
            for (g, w) in layer.dw.iter_mut().zip(&layer.w) {
                *g += lambda * w;
            }
        }
    }

    /// ‖W‖²_F + ‖v‖² (the weights the penalty sees).
    pub fn weight_norm_sq(&self) -> f64 {
        self.hidden
            .w
            .iter()
            .chain(&self.output.w)
            .map(|w| w * w)
            .sum()
    }

    /// One gradient step on every parameter: θ ← θ − α·dθ.
    pub fn sgd_step(&mut self, learning_rate: f64) {
        for layer in [&mut self.hidden, &mut self.output] {
            for (w, g) in layer.w.iter_mut().zip(&layer.dw) {
                *w -= learning_rate * g;
            }
            for (b, g) in layer.b.iter_mut().zip(&layer.db) {
                *b -= learning_rate * g;
            }
        }
    }
}

/// Errors after one epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Epoch {
    /// Epochs completed (0 = before training).
    pub epoch: usize,
    /// Mean squared error on the training set.
    pub train_mse: f64,
    /// Mean squared error on the validation set.
    pub val_mse: f64,
}

/// A training run: the data, the network, its history and its early-stopping snapshot.
#[derive(Debug, Clone)]
pub struct Trainer {
    config: Config,
    data: Dataset,
    model: Mlp,
    rng: Rng,
    history: Vec<Epoch>,
    best: (Epoch, Mlp),
    epochs_done: usize,
}

impl Trainer {
    /// A network initialised from `config.seed` on data drawn from `config.data_seed`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a setting is out of range (see [`Config::validate`]).
    pub fn new(config: Config) -> Result<Self> {
        config.validate()?;
        let data = Dataset::generate(config.data_seed, config.n_train, config.n_val, config.noise);
        let mut rng = Rng::new(config.seed);
        let model = Mlp::new(config.hidden, config.activation, config.dropout, &mut rng)?;
        let mut t = Trainer {
            config,
            data,
            best: (
                Epoch {
                    epoch: 0,
                    train_mse: f64::INFINITY,
                    val_mse: f64::INFINITY,
                },
                model.clone(),
            ),
            model,
            rng,
            history: Vec::new(),
            epochs_done: 0,
        };
        let e0 = t.evaluate(0);
        t.history.push(e0);
        t.best = (e0, t.model.clone());
        Ok(t)
    }

    fn evaluate(&self, epoch: usize) -> Epoch {
        let d = &self.data;
        Epoch {
            epoch,
            train_mse: loss::mse(&self.model.predict(&d.x_train), &d.y_train),
            val_mse: loss::mse(&self.model.predict(&d.x_val), &d.y_val),
        }
    }

    /// Runs `epochs` more epochs of shuffled mini-batch SGD and returns the last one's errors.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when training diverges (the errors become infinite: the
    /// learning rate is too large) or would pass [`MAX_EPOCHS`].
    pub fn step(&mut self, epochs: usize) -> Result<Epoch> {
        self.check_budget(epochs)?;
        for _ in 0..epochs {
            self.train_epoch();
            self.epochs_done += 1;
            let e = self.evaluate(self.epochs_done);
            if !(e.train_mse.is_finite() && e.train_mse < 1e12) {
                return Err(self.diverged());
            }
            if e.val_mse < self.best.0.val_mse {
                self.best = (e, self.model.clone());
            }
            self.history.push(e);
        }
        Ok(*self.history.last().expect("history starts with epoch 0"))
    }

    /// Runs `epochs` more epochs without recording errors or early-stopping snapshots (about
    /// ten times faster: no validation pass), then returns the current errors.
    ///
    /// # Errors
    /// As [`Trainer::step`].
    pub fn run_unrecorded(&mut self, epochs: usize) -> Result<Epoch> {
        self.check_budget(epochs)?;
        for _ in 0..epochs {
            self.train_epoch();
        }
        self.epochs_done += epochs;
        let e = self.evaluate(self.epochs_done);
        if !(e.train_mse.is_finite() && e.train_mse < 1e12) {
            return Err(self.diverged());
        }
        Ok(e)
    }

    fn check_budget(&self, epochs: usize) -> Result<()> {
        if self.epochs_done + epochs > MAX_EPOCHS {
            return Err(Error::invalid(format!(
                "A run is limited to {MAX_EPOCHS} epochs; start a new one to train further."
            )));
        }
        Ok(())
    }

    fn diverged(&self) -> Error {
        Error::invalid(format!(
            "Training diverged by epoch {}: the errors blew up. The learning rate α = {} is too large for these settings; try a smaller one.",
            self.epochs_done, self.config.learning_rate
        ))
    }

    /// One pass over the shuffled training set in mini-batches, one SGD step per batch.
    fn train_epoch(&mut self) {
        let n = self.data.x_train.len();
        let bs = self.config.batch_size;
        let mut order: Vec<usize> = (0..n).collect();
        self.rng.shuffle(&mut order);
        let (mut xb, mut yb) = (Vec::with_capacity(bs), Vec::with_capacity(bs));
        for batch in order.chunks(bs) {
            xb.clear();
            yb.clear();
            xb.extend(batch.iter().map(|&i| self.data.x_train[i]));
            yb.extend(batch.iter().map(|&i| self.data.y_train[i]));
            self.model.zero_grad();
            let pred = self.model.forward(&xb, &mut self.rng);
            let (_, dy) = loss::half_mse(&pred, &yb);
            self.model.backward(&dy);
            self.model.add_weight_decay(self.config.lambda);
            self.model.sgd_step(self.config.learning_rate);
        }
    }

    /// Epochs completed so far.
    pub fn epoch(&self) -> usize {
        self.epochs_done
    }

    /// Errors after each recorded epoch, starting with epoch 0 (the initial network).
    pub fn history(&self) -> &[Epoch] {
        &self.history
    }

    /// The epoch with the lowest validation error so far (early stopping's choice).
    pub fn best(&self) -> Epoch {
        self.best.0
    }

    /// The current network.
    pub fn model(&self) -> &Mlp {
        &self.model
    }

    /// The network as it was at [`Trainer::best`].
    pub fn best_model(&self) -> &Mlp {
        &self.best.1
    }

    /// The data set.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// The run's settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Test mean squared error of the current network.
    pub fn test_mse(&self) -> f64 {
        loss::mse(&self.model.predict(&self.data.x_test), &self.data.y_test)
    }
}
