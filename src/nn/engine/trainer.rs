//! Training LeNet-5 (or any [`Sequential`] digit classifier) on the shipped MNIST split.
//!
//! Each step draws the next `batch_size` training digits of a seeded shuffle (reshuffled every
//! epoch), optionally shifts each by up to `shift` pixels (data augmentation), runs forward,
//! softmax + cross-entropy, backward and one [`Sgd`] step. The trainer keeps
//! - the last good weights: those of the last step whose loss was at most [`HEALTHY_LOSS`]. A
//!   step whose loss is NaN or infinite puts them back and reports [`Error`], so a too-large
//!   step size costs a few steps, not the run;
//! - the best weights by held-out accuracy (early stopping), from [`Trainer::evaluate`].
//!
//! It has no clock: it counts images, and the caller times its calls.

use super::loss::{softmax_cross_entropy, BatchLoss};
use super::mnist::{Mnist, Split, PIXELS};
use super::nets::DIGITS;
use super::{Sequential, Sgd};
use crate::rng::SplitMix64;
use crate::{Error, Result};

/// Digits per forward pass when evaluating (bounds the im2col buffers: 50 × 25 × 784 floats).
pub const EVAL_BATCH: usize = 50;
/// A step whose loss is at most this (twice the loss of guessing, 2·ln 10) counts as good: its
/// weights are kept as the ones to go back to. A finite but huge loss is already divergence
/// under way (its weights may be 10¹⁵ in size), so it is not a state worth restoring.
pub const HEALTHY_LOSS: f64 = 2.0 * std::f64::consts::LN_10;
/// Largest batch size accepted.
pub const MAX_BATCH: usize = 512;

/// Settings of a training run besides the optimiser's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainConfig {
    /// Step size, momentum, weight decay, bias multiplier, schedule.
    pub sgd: Sgd,
    /// Digits per step.
    pub batch_size: usize,
    /// Seed of the shuffles and shifts (the network's initial weights have their own seed).
    pub seed: u64,
    /// Largest random shift (pixels, each axis) applied to each training digit; 0 = none.
    pub shift: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            sgd: Sgd::default(),
            batch_size: 32,
            seed: 1,
            shift: 0,
        }
    }
}

/// Loss and accuracy over a set of digits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evaluation {
    /// Mean cross-entropy.
    pub loss: f64,
    /// Fraction classified correctly, 0..1.
    pub accuracy: f64,
}

/// A training run.
#[derive(Debug)]
pub struct Trainer {
    net: Sequential,
    config: TrainConfig,
    data: Mnist,
    order: Vec<u32>,
    cursor: usize,
    epochs: usize,
    steps: u64,
    images: u64,
    rng: SplitMix64,
    x: Vec<f32>,
    labels: Vec<u8>,
    probs: Vec<f32>,
    dlogits: Vec<f32>,
    image: Vec<f32>,
    last_good: Vec<f32>,
    best: Option<(f64, Vec<f32>)>,
    running: (f64, usize, usize),
}

impl Trainer {
    /// A run training `net` (10 logits out of 1 × 28 × 28 digits) on `data`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a bad setting or a network of another shape.
    pub fn new(net: Sequential, data: Mnist, config: TrainConfig) -> Result<Self> {
        config.sgd.validate()?;
        if !(1..=MAX_BATCH).contains(&config.batch_size) {
            return Err(Error::invalid(format!(
                "The batch size must be between 1 and {MAX_BATCH} digits, not {}.",
                config.batch_size
            )));
        }
        if config.shift > 4 {
            return Err(Error::invalid("Shift digits by at most 4 pixels."));
        }
        if net.in_shape() != [1, 28, 28] || super::shape_len(net.out_shape()) != DIGITS {
            return Err(Error::invalid(
                "The network must read 28 × 28 digits and give 10 scores.",
            ));
        }
        let b = config.batch_size;
        let mut rng = SplitMix64::new(config.seed);
        let mut order: Vec<u32> = (0..data.len(Split::Train) as u32).collect();
        rng.shuffle(&mut order);
        let mut net = net;
        net.reseed(rng.next_u64());
        Ok(Trainer {
            net,
            config,
            data,
            order,
            cursor: 0,
            epochs: 0,
            steps: 0,
            images: 0,
            rng,
            x: vec![0.0; b * PIXELS],
            labels: vec![0; b],
            probs: vec![0.0; EVAL_BATCH.max(b) * DIGITS],
            dlogits: vec![0.0; b * DIGITS],
            image: vec![0.0; PIXELS],
            last_good: Vec::new(),
            best: None,
            running: (0.0, 0, 0),
        })
    }

    /// Fills the batch buffers with the next digits of the shuffle.
    fn next_batch(&mut self) {
        let b = self.config.batch_size;
        for k in 0..b {
            if self.cursor == self.order.len() {
                self.cursor = 0;
                self.epochs += 1;
                self.rng.shuffle(&mut self.order);
            }
            let i = self.order[self.cursor] as usize;
            self.cursor += 1;
            self.labels[k] = self.data.label(Split::Train, i);
            let dst = &mut self.x[k * PIXELS..][..PIXELS];
            if self.config.shift == 0 {
                self.data.image_into(Split::Train, i, dst);
            } else {
                self.data.image_into(Split::Train, i, &mut self.image);
                let span = 2 * self.config.shift + 1;
                let dy = self.rng.below(span) as isize - self.config.shift as isize;
                let dx = self.rng.below(span) as isize - self.config.shift as isize;
                shift_image(&self.image, dst, dy, dx);
            }
        }
    }

    /// Takes up to `steps` steps.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the loss becomes NaN or infinite: the weights of the
    /// last good step are restored (momentum cleared) and the remaining steps are not taken.
    pub fn train_steps(&mut self, steps: usize) -> Result<()> {
        let b = self.config.batch_size;
        for _ in 0..steps {
            self.next_batch();
            let logits = self.net.forward(&self.x, b, true);
            let BatchLoss { loss, correct } = softmax_cross_entropy(
                logits,
                &self.labels,
                DIGITS,
                &mut self.probs,
                &mut self.dlogits,
            );
            if !loss.is_finite() {
                if !self.last_good.is_empty() {
                    self.net.restore_params(&self.last_good);
                }
                return Err(Error::invalid(
                    "Training diverged: the loss became NaN (not a number). The weights are back to the last good step; lower the step size and train again.",
                ));
            }
            if loss <= HEALTHY_LOSS || self.last_good.is_empty() {
                self.net.save_params(&mut self.last_good);
            }
            self.net.zero_grad();
            self.net.backward(&self.dlogits, false);
            let epoch = self.epoch_progress();
            self.config.sgd.step(&mut self.net, epoch);
            self.steps += 1;
            self.images += b as u64;
            self.running.0 += loss * b as f64;
            self.running.1 += correct;
            self.running.2 += b;
        }
        Ok(())
    }

    /// Mean training loss and accuracy of the steps since the last call (None if no step).
    pub fn take_running(&mut self) -> Option<Evaluation> {
        let (loss, correct, n) = std::mem::take(&mut self.running);
        (n > 0).then(|| Evaluation {
            loss: loss / n as f64,
            accuracy: correct as f64 / n as f64,
        })
    }

    /// Loss and accuracy of the current weights on `split` (no dropout, no shifts). Evaluating
    /// the held-out split also keeps the weights if they are the best so far.
    pub fn evaluate(&mut self, split: Split) -> Evaluation {
        let e = evaluate(&mut self.net, &self.data, split, &mut self.probs);
        if split == Split::HeldOut && self.best.as_ref().is_none_or(|(acc, _)| e.accuracy > *acc) {
            let mut saved = self.best.take().map(|(_, v)| v).unwrap_or_default();
            self.net.save_params(&mut saved);
            self.best = Some((e.accuracy, saved));
        }
        e
    }

    /// Held-out accuracy of the best weights seen by [`Trainer::evaluate`].
    pub fn best_accuracy(&self) -> Option<f64> {
        self.best.as_ref().map(|(a, _)| *a)
    }

    /// Puts the best weights back (early stopping); false if none were recorded.
    pub fn restore_best(&mut self) -> bool {
        match &self.best {
            Some((_, w)) => {
                self.net.restore_params(w);
                true
            }
            None => false,
        }
    }

    /// Epochs completed plus the fraction of the current one.
    pub fn epoch_progress(&self) -> f64 {
        self.epochs as f64 + self.cursor as f64 / self.order.len() as f64
    }

    /// Steps taken.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Training images processed.
    pub fn images(&self) -> u64 {
        self.images
    }

    /// Replaces the optimiser settings (already validated by [`Sgd::validate`]).
    pub fn set_sgd(&mut self, sgd: Sgd) {
        self.config.sgd = sgd;
    }

    /// The settings.
    pub fn config(&self) -> &TrainConfig {
        &self.config
    }

    /// The network being trained.
    pub fn net(&self) -> &Sequential {
        &self.net
    }

    /// The network, mutably (to freeze layers or set kernels).
    pub fn net_mut(&mut self) -> &mut Sequential {
        &mut self.net
    }

    /// The data.
    pub fn data(&self) -> &Mnist {
        &self.data
    }
}

/// Loss and accuracy of `net` on `split`, in batches of [`EVAL_BATCH`]; `probs` is scratch.
pub fn evaluate(
    net: &mut Sequential,
    data: &Mnist,
    split: Split,
    probs: &mut Vec<f32>,
) -> Evaluation {
    evaluate_first(net, data, split, data.len(split), probs)
}

/// [`evaluate`] on the first `n` digits of `split` only (all of them if `n` is larger): a
/// cheaper score for the points of a live curve.
pub fn evaluate_first(
    net: &mut Sequential,
    data: &Mnist,
    split: Split,
    n: usize,
    probs: &mut Vec<f32>,
) -> Evaluation {
    let n = n.min(data.len(split));
    let mut x = vec![0.0; EVAL_BATCH * PIXELS];
    let mut labels = [0u8; EVAL_BATCH];
    let mut dlogits = vec![0.0; EVAL_BATCH * DIGITS];
    probs.resize(probs.len().max(EVAL_BATCH * DIGITS), 0.0);
    let (mut loss, mut correct) = (0.0, 0);
    for start in (0..n).step_by(EVAL_BATCH) {
        let b = EVAL_BATCH.min(n - start);
        for k in 0..b {
            data.image_into(split, start + k, &mut x[k * PIXELS..]);
            labels[k] = data.label(split, start + k);
        }
        let logits = net.forward(&x, b, false);
        let r = softmax_cross_entropy(logits, &labels[..b], DIGITS, probs, &mut dlogits);
        loss += r.loss * b as f64;
        correct += r.correct;
    }
    Evaluation {
        loss: loss / n as f64,
        accuracy: correct as f64 / n as f64,
    }
}

/// dst(r, c) = src(r − dy, c − dx) on 28 × 28, zero where that falls outside.
fn shift_image(src: &[f32], dst: &mut [f32], dy: isize, dx: isize) {
    for r in 0..28isize {
        for c in 0..28isize {
            let (sr, sc) = (r - dy, c - dx);
            dst[(r * 28 + c) as usize] = if (0..28).contains(&sr) && (0..28).contains(&sc) {
                src[(sr * 28 + sc) as usize]
            } else {
                0.0
            };
        }
    }
}
