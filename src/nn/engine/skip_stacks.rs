//! The skip-connection station's three deep stacks on the f32 engine, trained side by side on
//! the same toy regression batch (in the page's worker):
//!
//! ```text
//! plain     h_{l+1} = f(W_l h_l + b_l)                       W_l: n × n
//! residual  h_{l+1} = h_l + f(W_l h_l + b_l)                 W_l: n × n
//! dense     h_{l+1} = [h_l, f(W_l h_l + b_l)]   (DenseNet)   W_l: k × (n + l·k)
//! read-out  ŷ = vᵀ h_L + c,   L = (1/2B)·Σ (ŷ − y)²
//! ```
//!
//! Hidden weights start as N(0, gain²/fan-in) (gain 1 keeps the plain tanh stack's signal
//! roughly level), the read-out as the engine's He initialisation. Training is full-batch
//! gradient descent with the same step size for all three, each stack's gradient clipped to
//! norm [`MAX_GRAD_NORM`].

use super::{DenseBlock, Residual, Sequential, Sgd};
use crate::nn::residual::toy_task;
use crate::{Error, Result};

/// How the layers are wired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wiring {
    /// Each layer reads the previous layer's output only.
    Plain,
    /// Each layer adds its output to its input.
    Residual,
    /// Each layer reads the concatenation of the input and every earlier layer's output.
    Dense,
}

/// The three wirings in the station's order.
pub const WIRINGS: [Wiring; 3] = [Wiring::Plain, Wiring::Residual, Wiring::Dense];

/// The stacks' shared settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StackSpec {
    /// Layers L.
    pub depth: usize,
    /// Input width n (and the width of the plain and residual layers).
    pub width: usize,
    /// Growth rate k of the dense block (outputs per layer).
    pub growth: usize,
    /// tanh (false) or ReLU (true).
    pub relu: bool,
    /// Scale of the initial hidden weights.
    pub gain: f64,
    /// Seed of the weights and the data.
    pub seed: u64,
    /// Examples in the toy batch.
    pub batch: usize,
    /// Gradient-descent step size.
    pub learning_rate: f64,
}

impl Default for StackSpec {
    fn default() -> Self {
        StackSpec {
            depth: 30,
            width: 16,
            growth: 8,
            relu: false,
            gain: 1.0,
            seed: 1,
            batch: 32,
            learning_rate: 0.02,
        }
    }
}

impl StackSpec {
    /// Checks the settings with a message saying what to change.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a setting outside its range.
    pub fn validate(&self) -> Result<()> {
        let within = |what: &str, v: usize, lo: usize, hi: usize| {
            if (lo..=hi).contains(&v) {
                Ok(())
            } else {
                Err(Error::invalid(format!(
                    "The {what} must be between {lo} and {hi}, not {v}."
                )))
            }
        };
        within("depth", self.depth, 1, 100)?;
        within("width", self.width, 4, 64)?;
        within("growth rate k", self.growth, 1, 32)?;
        within("batch size", self.batch, 1, 256)?;
        if !(self.gain.is_finite() && self.gain > 0.0 && self.gain <= 10.0) {
            return Err(Error::invalid(format!(
                "The weight gain must be above 0 and at most 10, not {}.",
                self.gain
            )));
        }
        if !(self.learning_rate.is_finite()
            && self.learning_rate > 0.0
            && self.learning_rate <= 10.0)
        {
            return Err(Error::invalid(format!(
                "The step size must be above 0 and at most 10 (try 0.02), not {}.",
                self.learning_rate
            )));
        }
        Ok(())
    }
}

fn layer(net: Sequential, name: &str, n_out: usize, relu: bool) -> Result<Sequential> {
    let net = net.dense(name, n_out)?;
    Ok(if relu {
        net.relu(&format!("{name}.f"))
    } else {
        net.tanh(&format!("{name}.f"))
    })
}

/// The stack of `wiring` with its read-out (input shape [n, 1, 1], one output).
///
/// # Errors
/// For settings that [`StackSpec::validate`] refuses.
pub fn build(wiring: Wiring, spec: &StackSpec) -> Result<Sequential> {
    spec.validate()?;
    let (n, k) = (spec.width, spec.growth);
    let mut net = Sequential::new([n, 1, 1], spec.seed);
    for l in 0..spec.depth {
        let seed = spec.seed.wrapping_mul(1000).wrapping_add(l as u64);
        net = match wiring {
            Wiring::Plain => layer(net, &format!("layer{}", l + 1), n, spec.relu)?,
            Wiring::Residual => {
                let f = layer(Sequential::new([n, 1, 1], seed), "F", n, spec.relu)?;
                net.push(Box::new(Residual::new(&format!("block{}", l + 1), f)?))?
            }
            Wiring::Dense => net,
        };
    }
    if wiring == Wiring::Dense {
        let hs = (0..spec.depth)
            .map(|l| {
                let seed = spec.seed.wrapping_mul(1000).wrapping_add(l as u64);
                layer(
                    Sequential::new([n + l * k, 1, 1], seed),
                    &format!("H{}", l + 1),
                    k,
                    spec.relu,
                )
            })
            .collect::<Result<Vec<_>>>()?;
        net = net.push(Box::new(DenseBlock::new("dense block", [n, 1, 1], k, hs)?))?;
    }
    // Hidden weights: He's N(0, 2/fan-in) rescaled to N(0, gain²/fan-in); the read-out as is.
    let scale = (spec.gain / std::f64::consts::SQRT_2) as f32;
    net.visit_params_mut(&mut |p| {
        if !p.is_bias {
            p.value.iter_mut().for_each(|w| *w *= scale);
        }
    });
    net.dense("read-out", 1)
}

/// Trained numbers of each wiring's stack (with its read-out), from the built networks.
///
/// # Errors
/// For settings that [`StackSpec::validate`] refuses.
pub fn param_counts(spec: &StackSpec) -> Result<[usize; 3]> {
    let mut out = [0; 3];
    for (o, w) in out.iter_mut().zip(WIRINGS) {
        *o = build(w, spec)?.param_count();
    }
    Ok(out)
}

/// ‖∂L/∂W_l‖ (Frobenius) of each hidden layer l = 1 … L, from the gradients of the last
/// backward pass (weights in build order; the read-out's weights are the last tensor).
pub fn layer_grad_norms(net: &Sequential) -> Vec<f64> {
    let mut norms = Vec::new();
    net.visit_params(&mut |p| {
        if !p.is_bias {
            norms.push(
                p.grad
                    .iter()
                    .map(|&g| f64::from(g) * f64::from(g))
                    .sum::<f64>()
                    .sqrt(),
            );
        }
    });
    norms.pop();
    norms
}

/// Gradients longer than this (all of one stack's parameters together) are shortened to it
/// before each step. Clipping only shrinks large gradients, so it cannot hide vanishing ones;
/// it keeps the deep residual stack, whose activations grow with depth without batch
/// normalization, from overshooting.
pub const MAX_GRAD_NORM: f64 = 1.0;

/// Scales every gradient of `net` so that their joint norm is at most `max`.
pub fn clip_gradient(net: &mut Sequential, max: f64) {
    let mut sq = 0.0f64;
    net.visit_params(&mut |p| {
        sq += p
            .grad
            .iter()
            .map(|&g| f64::from(g) * f64::from(g))
            .sum::<f64>()
    });
    let norm = sq.sqrt();
    if norm > max {
        let k = (max / norm) as f32;
        net.visit_params_mut(&mut |p| p.grad.iter_mut().for_each(|g| *g *= k));
    }
}

/// The three stacks trained on the same batch.
#[derive(Debug)]
pub struct StackRace {
    spec: StackSpec,
    nets: Vec<Sequential>,
    x: Vec<f32>,
    y: Vec<f32>,
    dy: Vec<f32>,
    losses: Vec<[f64; 3]>,
    grad_norms: [Vec<f64>; 3],
}

impl StackRace {
    /// The three stacks at step 0 on the toy batch drawn from `spec.seed`.
    ///
    /// # Errors
    /// For settings that [`StackSpec::validate`] refuses.
    pub fn new(spec: StackSpec) -> Result<Self> {
        let nets = WIRINGS
            .iter()
            .map(|&w| build(w, &spec))
            .collect::<Result<Vec<_>>>()?;
        let (x, y) = toy_task(spec.width, spec.batch, spec.seed);
        let mut race = StackRace {
            spec,
            nets,
            x: x.iter().map(|&v| v as f32).collect(),
            y: y.iter().map(|&v| v as f32).collect(),
            dy: vec![0.0; spec.batch],
            losses: Vec::new(),
            grad_norms: Default::default(),
        };
        let first = race.loss_and_grads();
        race.losses.push(first);
        Ok(race)
    }

    /// Forward and backward on every stack; returns the three losses and keeps the gradients
    /// (and their per-layer norms).
    fn loss_and_grads(&mut self) -> [f64; 3] {
        let b = self.spec.batch;
        let mut out = [0.0; 3];
        for (i, net) in self.nets.iter_mut().enumerate() {
            let pred = net.forward(&self.x, b, true);
            let mut loss = 0.0;
            for ((d, &p), &t) in self.dy.iter_mut().zip(pred).zip(&self.y) {
                let e = p - t;
                loss += f64::from(e) * f64::from(e);
                *d = e / b as f32;
            }
            out[i] = loss / (2.0 * b as f64);
            net.zero_grad();
            net.backward(&self.dy, false);
            self.grad_norms[i] = layer_grad_norms(net);
        }
        out
    }

    /// Takes `steps` gradient-descent steps on all three; returns the losses after the last.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a loss stops being finite (the step size is too large).
    pub fn step(&mut self, steps: usize) -> Result<[f64; 3]> {
        let sgd = Sgd {
            learning_rate: self.spec.learning_rate,
            momentum: 0.0,
            weight_decay: 0.0,
            bias_lr_multiplier: 1.0,
            schedule: super::Schedule::Constant,
        };
        for _ in 0..steps {
            for net in &mut self.nets {
                clip_gradient(net, MAX_GRAD_NORM);
                sgd.step(net, 0.0);
            }
            let l = self.loss_and_grads();
            self.losses.push(l);
            if l.iter().any(|v| !v.is_finite()) {
                return Err(Error::invalid(
                    "Training diverged: a loss became infinite or NaN. Lower the step size.",
                ));
            }
        }
        Ok(*self.losses.last().expect("step 0 is recorded"))
    }

    /// Steps taken.
    pub fn steps(&self) -> usize {
        self.losses.len() - 1
    }

    /// Loss of plain, residual and dense after each step (index 0 = before training).
    pub fn losses(&self) -> &[[f64; 3]] {
        &self.losses
    }

    /// ‖∂L/∂W_l‖ per layer of each stack at the current weights.
    pub fn grad_norms(&self) -> &[Vec<f64>; 3] {
        &self.grad_norms
    }

    /// Trained numbers of each stack.
    pub fn param_counts(&self) -> [usize; 3] {
        [0, 1, 2].map(|i| self.nets[i].param_count())
    }

    /// The settings.
    pub fn spec(&self) -> &StackSpec {
        &self.spec
    }
}
