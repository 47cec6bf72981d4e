//! Fixed vs learned filters, trained side by side: the station's small CNN
//! ([`super::filter_bank::small_cnn`]) in up to three variants that differ only in their first
//! layer — (a) the fixed bank, frozen; (b) learned from random weights; (c) learned, starting
//! from the bank — with the same architecture, the same seed (every other weight starts the
//! same) and the same digits in the same order (each variant's [`Trainer`] has the same
//! training seed, so their shuffles agree).
//!
//! [`FilterRace::step`] interleaves the variants one mini-batch at a time, so however a caller
//! slices the work, all curves advance together. [`FilterRace::evaluate`] scores every variant
//! on the first `n` held-out digits and records the point; the curve therefore depends only on
//! the settings and the steps at which it was scored, never on timing.
//!
//! A first-layer response is the convolution's output before the ReLU,
//! `r_f(i, j) = b_f + Σ_{u,v} w_f(u, v) · x(i + u − 2, j + v − 2)` (x = 0 outside), the same
//! 28 × 28 picture for every filter f.

use super::filter_bank::{bank_filters, first_layer_net, BankKernel, FirstLayer, SIDE};
use super::mnist::{Mnist, Split, PIXELS};
use super::trainer::{evaluate_first, TrainConfig, Trainer};
use super::Sgd;
use crate::{Error, Result};

/// A variant's short name, as the page spells it: "fixed", "learned", "from_bank".
pub fn variant_name(v: FirstLayer) -> &'static str {
    match v {
        FirstLayer::Fixed => "fixed",
        FirstLayer::Learned => "learned",
        FirstLayer::FromBank => "from_bank",
    }
}

/// The variant called `name` (see [`variant_name`]).
///
/// # Errors
/// [`Error::InvalidArgument`] for any other name.
pub fn variant_from_name(name: &str) -> Result<FirstLayer> {
    [FirstLayer::Fixed, FirstLayer::Learned, FirstLayer::FromBank]
        .into_iter()
        .find(|&v| variant_name(v) == name)
        .ok_or_else(|| {
            Error::invalid(format!(
                "A variant is \"fixed\", \"learned\" or \"from_bank\", not \"{name}\"."
            ))
        })
}

/// What to train.
#[derive(Debug, Clone, PartialEq)]
pub struct RaceSpec {
    /// The fixed bank (1 to 16 kernels).
    pub bank: Vec<BankKernel>,
    /// Which variants, each at most once, in the order given.
    pub variants: Vec<FirstLayer>,
    /// Seed of the initial weights and of the order of the digits.
    pub seed: u64,
    /// Digits per step.
    pub batch_size: usize,
    /// The optimiser (the same for all variants).
    pub sgd: Sgd,
}

impl Default for RaceSpec {
    /// The default bank, all three variants, seed 1, batches of 32, SGD with α = 0.02,
    /// momentum 0.9, weight decay 0.0005.
    fn default() -> Self {
        RaceSpec {
            bank: super::filter_bank::default_bank(),
            variants: vec![FirstLayer::Fixed, FirstLayer::Learned, FirstLayer::FromBank],
            seed: 1,
            batch_size: 32,
            sgd: Sgd {
                learning_rate: 0.02,
                ..Sgd::default()
            },
        }
    }
}

/// Held-out accuracy of every variant after `step` steps.
#[derive(Debug, Clone, PartialEq)]
pub struct AccuracyPoint {
    /// Steps taken by each variant when scored.
    pub step: u64,
    /// Held-out digits scored (the first ones of the split).
    pub digits: usize,
    /// Fraction correct per variant (order of [`RaceSpec::variants`]).
    pub accuracy: Vec<f64>,
}

/// The variants in training.
#[derive(Debug)]
pub struct FilterRace {
    spec: RaceSpec,
    bank: Vec<f32>,
    data: Mnist,
    runs: Vec<Trainer>,
    history: Vec<AccuracyPoint>,
    probs: Vec<f32>,
}

impl FilterRace {
    /// The variants of `spec` at step 0, training on `data`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for no variant or one named twice, a bad bank (see
    /// [`bank_filters`]) or a bad optimiser setting or batch size.
    pub fn new(data: Mnist, spec: RaceSpec) -> Result<Self> {
        if spec.variants.is_empty() {
            return Err(Error::invalid(
                "Pick at least one of the three networks to train.",
            ));
        }
        for (i, v) in spec.variants.iter().enumerate() {
            if spec.variants[..i].contains(v) {
                return Err(Error::invalid(format!(
                    "The variant \"{}\" is listed twice.",
                    variant_name(*v)
                )));
            }
        }
        let bank = bank_filters(&spec.bank)?;
        let config = TrainConfig {
            sgd: spec.sgd,
            batch_size: spec.batch_size,
            seed: spec.seed,
            shift: 0,
        };
        let runs = spec
            .variants
            .iter()
            .map(|&how| {
                Trainer::new(
                    first_layer_net(&spec.bank, how, spec.seed)?,
                    data.clone(),
                    config,
                )
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(FilterRace {
            spec,
            bank,
            data,
            runs,
            history: Vec::new(),
            probs: Vec::new(),
        })
    }

    /// Takes `steps` more steps on every variant, one mini-batch each in turn.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a variant's loss stops being finite; that variant's
    /// weights are back at its last good step and no further steps are taken.
    pub fn step(&mut self, steps: usize) -> Result<()> {
        for _ in 0..steps {
            for (run, &how) in self.runs.iter_mut().zip(&self.spec.variants) {
                run.train_steps(1).map_err(|e| {
                    Error::invalid(format!("{} ({})", e.message(), variant_name(how)))
                })?;
            }
        }
        Ok(())
    }

    /// Scores every variant on the first `digits` held-out digits (all 2,000 if larger),
    /// records the point and returns it.
    pub fn evaluate(&mut self, digits: usize) -> &AccuracyPoint {
        let mut accuracy = Vec::with_capacity(self.runs.len());
        for run in &mut self.runs {
            let e = evaluate_first(
                run.net_mut(),
                &self.data,
                Split::HeldOut,
                digits,
                &mut self.probs,
            );
            accuracy.push(e.accuracy);
        }
        let scored = digits.min(self.data.len(Split::HeldOut));
        self.history.push(AccuracyPoint {
            step: self.steps(),
            digits: scored,
            accuracy,
        });
        self.history.last().expect("just pushed")
    }

    /// Every point recorded by [`FilterRace::evaluate`], oldest first.
    pub fn history(&self) -> &[AccuracyPoint] {
        &self.history
    }

    /// Steps taken by each variant.
    pub fn steps(&self) -> u64 {
        self.runs[0].steps()
    }

    /// Training images seen by each variant.
    pub fn images(&self) -> u64 {
        self.runs[0].images()
    }

    /// Epochs completed by each variant plus the fraction of the current one.
    pub fn epoch(&self) -> f64 {
        self.runs[0].epoch_progress()
    }

    /// The settings.
    pub fn spec(&self) -> &RaceSpec {
        &self.spec
    }

    /// First-layer filters per network.
    pub fn filters(&self) -> usize {
        self.spec.bank.len()
    }

    /// The fixed bank (filters × 5 × 5, row-major), as [`bank_filters`] made it.
    pub fn bank(&self) -> &[f32] {
        &self.bank
    }

    /// Index of the run of the `variant`-th variant, or a readable error.
    fn run_index(&self, variant: usize) -> Result<usize> {
        if variant < self.runs.len() {
            Ok(variant)
        } else {
            let n = self.runs.len();
            Err(Error::invalid(format!(
                "This run trains {n} network{} (numbered from 0), so there is no network {variant}.",
                if n == 1 { "" } else { "s" }
            )))
        }
    }

    /// The `variant`-th network's current first-layer filters (filters × 5 × 5) and biases.
    ///
    /// # Errors
    /// For a variant index past the last.
    pub fn kernels(&self, variant: usize) -> Result<(Vec<f32>, Vec<f32>)> {
        let net = self.runs[self.run_index(variant)?].net();
        let mut tensors = Vec::new();
        net.layer(0)
            .visit_params(&mut |p| tensors.push(p.value.clone()));
        let biases = tensors.pop().expect("conv1 has biases");
        let filters = tensors.pop().expect("conv1 has filters");
        debug_assert_eq!(filters.len(), self.filters() * SIDE * SIDE);
        Ok((filters, biases))
    }

    /// The `variant`-th network's first-layer responses (before the ReLU) to held-out digit
    /// `digit`: filters × 28 × 28 values.
    ///
    /// # Errors
    /// For a variant or digit index past the last.
    pub fn responses(&mut self, variant: usize, digit: usize) -> Result<Vec<f32>> {
        let v = self.run_index(variant)?;
        let n = self.data.len(Split::HeldOut);
        if digit >= n {
            return Err(Error::invalid(format!(
                "There are held-out digits 0 to {}, not {digit}.",
                n - 1
            )));
        }
        let mut x = vec![0.0; PIXELS];
        self.data.image_into(Split::HeldOut, digit, &mut x);
        Ok(self.runs[v].net_mut().forward_to(&x, 1, 1, false).to_vec())
    }
}
