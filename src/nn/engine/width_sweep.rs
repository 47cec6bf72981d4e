//! Test error against width (Neyshabur, Tomioka & Srebro 2015, "In search of the real inductive
//! bias", Fig. 1): one-hidden-layer ReLU networks of growing width trained on a few thousand
//! digits by plain SGD — no momentum, weight decay, dropout or early stopping — until every
//! training digit is classified correctly (or an epoch cap), then measured on held-out digits.
//!
//! The regularization station ships a sweep made by `cargo run --release --example
//! width_sweep` and reruns single widths in its worker with [`WidthRun`], one epoch per call.

use super::mnist::{Mnist, Split, PIXELS};
use super::nets::mlp;
use super::trainer::{TrainConfig, Trainer};
use super::{Schedule, Sgd};
use crate::{Error, Result};

/// The widths of the shipped sweep: 4 to 2,048 hidden units, doubling.
pub const WIDTHS: [usize; 10] = [4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048];
/// Widest network accepted.
pub const MAX_WIDTH: usize = 8192;

/// Settings of a sweep (the same for every width).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SweepSettings {
    /// Training digits: the first this many of the shipped training split.
    pub train_digits: usize,
    /// Epochs at most, if the training error has not reached 0 before.
    pub max_epochs: usize,
    /// SGD step size (constant).
    pub learning_rate: f64,
    /// Digits per step.
    pub batch_size: usize,
    /// Seed of the initial weights and of the shuffles.
    pub seed: u64,
}

impl Default for SweepSettings {
    fn default() -> Self {
        SweepSettings {
            train_digits: 2000,
            max_epochs: 40,
            learning_rate: 0.1,
            batch_size: 32,
            seed: 1,
        }
    }
}

/// One width's result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WidthPoint {
    /// Hidden units.
    pub width: usize,
    /// Trained numbers (weights and biases).
    pub params: usize,
    /// Epochs trained.
    pub epochs: usize,
    /// Fraction of the training digits misclassified at the end, 0..1.
    pub train_error: f64,
    /// Fraction of the held-out digits misclassified at the end, 0..1.
    pub held_out_error: f64,
    /// Mean cross-entropy on the training digits at the end.
    pub train_loss: f64,
}

/// One standard error of an error rate `p` measured on `n` examples, √(p(1 − p)/n): the
/// binomial spread the station compares differences between widths with ("within one standard
/// error", "flattens").
///
/// # Errors
/// [`Error::InvalidArgument`] when `p` is not in [0, 1] or `n` is 0.
///
/// ```
/// let se = convlab::nn::engine::width_sweep::error_rate_standard_error(0.5, 100).unwrap();
/// assert_eq!(se, 0.05); // √(0.25/100)
/// ```
pub fn error_rate_standard_error(p: f64, n: usize) -> Result<f64> {
    if !(0.0..=1.0).contains(&p) {
        return Err(Error::invalid(format!(
            "An error rate is a fraction between 0 and 1, not {p}."
        )));
    }
    if n == 0 {
        return Err(Error::invalid(
            "An error rate needs at least one example to be measured on.",
        ));
    }
    Ok((p * (1.0 - p) / n as f64).sqrt())
}

/// A training run of one width, advanced an epoch at a time.
#[derive(Debug)]
pub struct WidthRun {
    trainer: Trainer,
    settings: SweepSettings,
    width: usize,
    epochs: usize,
    train: Option<(f64, f64)>,
}

/// The first `n` training digits of `data` and all of its held-out digits.
///
/// # Errors
/// [`Error::InvalidArgument`] when `n` is 0 or above the training digits there are.
pub fn subset(data: &Mnist, n: usize) -> Result<Mnist> {
    let have = data.len(Split::Train);
    if n == 0 || n > have {
        return Err(Error::invalid(format!(
            "Train on 1 to {have} digits, not {n}."
        )));
    }
    let held = data.len(Split::HeldOut);
    let mut labels = Vec::with_capacity(n + held);
    let mut pixels = Vec::with_capacity((n + held) * PIXELS);
    for (split, count) in [(Split::Train, n), (Split::HeldOut, held)] {
        for i in 0..count {
            labels.push(data.label(split, i));
            pixels.extend_from_slice(data.image_bytes(split, i));
        }
    }
    Mnist::from_parts(labels, pixels, n)
}

impl WidthRun {
    /// A fresh network of `width` hidden units on the subset `settings` asks for.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a width outside 1..=[`MAX_WIDTH`] or a bad setting.
    pub fn new(data: &Mnist, width: usize, settings: SweepSettings) -> Result<Self> {
        if !(1..=MAX_WIDTH).contains(&width) {
            return Err(Error::invalid(format!(
                "The hidden layer needs 1 to {MAX_WIDTH} units, not {width}."
            )));
        }
        if !(1..=1000).contains(&settings.max_epochs) {
            return Err(Error::invalid("Train for 1 to 1,000 epochs at most."));
        }
        let config = TrainConfig {
            sgd: Sgd {
                learning_rate: settings.learning_rate,
                momentum: 0.0,
                weight_decay: 0.0,
                bias_lr_multiplier: 1.0,
                schedule: Schedule::Constant,
            },
            batch_size: settings.batch_size,
            seed: settings.seed,
            shift: 0,
        };
        let net = mlp(width, settings.seed)?;
        let trainer = Trainer::new(net, subset(data, settings.train_digits)?, config)?;
        Ok(WidthRun {
            trainer,
            settings,
            width,
            epochs: 0,
            train: None,
        })
    }

    /// Trains one more epoch (unless done) and measures the training error; true when done:
    /// the training error is 0 or the epoch cap is reached.
    ///
    /// # Errors
    /// When training diverges (the step size is too large).
    pub fn epoch(&mut self) -> Result<bool> {
        if self.done() {
            return Ok(true);
        }
        let steps = self
            .settings
            .train_digits
            .div_ceil(self.settings.batch_size);
        self.trainer.train_steps(steps)?;
        self.epochs += 1;
        let e = self.trainer.evaluate(Split::Train);
        self.train = Some((1.0 - e.accuracy, e.loss));
        Ok(self.done())
    }

    /// Whether training has finished.
    pub fn done(&self) -> bool {
        self.epochs >= self.settings.max_epochs || self.train.is_some_and(|(err, _)| err == 0.0)
    }

    /// Epochs trained so far.
    pub fn epochs(&self) -> usize {
        self.epochs
    }

    /// Training error after the last epoch (None before the first).
    pub fn train_error(&self) -> Option<f64> {
        self.train.map(|(e, _)| e)
    }

    /// The result so far: training error and loss of the last epoch, held-out error now.
    pub fn point(&mut self) -> WidthPoint {
        let (train_error, train_loss) = match self.train {
            Some(t) => t,
            None => {
                let e = self.trainer.evaluate(Split::Train);
                (1.0 - e.accuracy, e.loss)
            }
        };
        let held = self.trainer.evaluate(Split::HeldOut);
        WidthPoint {
            width: self.width,
            params: self.trainer.net().param_count(),
            epochs: self.epochs,
            train_error,
            held_out_error: 1.0 - held.accuracy,
            train_loss,
        }
    }
}

/// Trains one width to the end and returns its point.
///
/// # Errors
/// See [`WidthRun::new`] and [`WidthRun::epoch`].
pub fn run_width(data: &Mnist, width: usize, settings: SweepSettings) -> Result<WidthPoint> {
    let mut run = WidthRun::new(data, width, settings)?;
    while !run.epoch()? {}
    Ok(run.point())
}
