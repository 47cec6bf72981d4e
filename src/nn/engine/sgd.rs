//! Stochastic gradient descent with heavy-ball momentum, L2 weight decay, a bigger step for
//! biases, and a step-size schedule: the lecture's update
//!
//! w_{t+1} = w_t − α_t·(∇f(w_t) + λ·w_t) + β·(w_t − w_{t−1}),
//!
//! kept as a velocity v = w_t − w_{t−1}: v ← β·v − α_t·(g + λ·w), w ← w + v. Biases use the
//! step m·α_t (m = the bias step-size multiplier) and no decay (shrinking a bias toward 0 does
//! not make the function smoother). Frozen parameters are skipped, so they stay bit-identical.

use super::Sequential;
use crate::{Error, Result};

/// How the step size changes with training progress (in epochs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Schedule {
    /// α_t = α.
    Constant,
    /// α_t = α · factor^⌊epoch / every⌋ (step decay).
    Step {
        /// Epochs between drops.
        every: f64,
        /// Multiplier at each drop, in (0, 1].
        factor: f64,
    },
    /// α_t = α · ½(1 + cos(π · min(epoch / epochs, 1))) (cosine annealing to 0).
    Cosine {
        /// Epochs until α reaches 0.
        epochs: f64,
    },
}

impl Schedule {
    /// The multiplier of α after `epoch` epochs.
    pub fn factor(&self, epoch: f64) -> f64 {
        match *self {
            Schedule::Constant => 1.0,
            Schedule::Step { every, factor } => factor.powf((epoch / every).floor()),
            Schedule::Cosine { epochs } => {
                0.5 * (1.0 + (std::f64::consts::PI * (epoch / epochs).min(1.0)).cos())
            }
        }
    }
}

/// The optimiser's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sgd {
    /// Step size α.
    pub learning_rate: f64,
    /// Momentum β (0 = plain SGD; 0.9 is the usual choice).
    pub momentum: f64,
    /// L2 weight decay λ (the objective gains (λ/2)·‖w‖²).
    pub weight_decay: f64,
    /// Biases step by this multiple of α.
    pub bias_lr_multiplier: f64,
    /// How α changes over training.
    pub schedule: Schedule,
}

impl Default for Sgd {
    fn default() -> Self {
        Sgd {
            learning_rate: 0.01,
            momentum: 0.9,
            weight_decay: 5e-4,
            bias_lr_multiplier: 2.0,
            schedule: Schedule::Constant,
        }
    }
}

impl Sgd {
    /// Checks every setting, with a message saying what to change.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a step size outside (0, 10⁶], a momentum outside [0, 1),
    /// a weight decay outside [0, 1], a bias multiplier outside [0, 100] or a bad schedule.
    pub fn validate(&self) -> Result<()> {
        let ok = |v: f64, lo: f64, hi: f64| v.is_finite() && v >= lo && v <= hi;
        if !(ok(self.learning_rate, 0.0, 1e6) && self.learning_rate > 0.0) {
            return Err(Error::invalid(format!(
                "The step size must be a number above 0 and at most 1,000,000 (try 0.02), not {}.",
                self.learning_rate
            )));
        }
        if !(ok(self.momentum, 0.0, 1.0) && self.momentum < 1.0) {
            return Err(Error::invalid(format!(
                "The momentum β must be at least 0 and below 1 (0.9 is usual), not {}.",
                self.momentum
            )));
        }
        if !ok(self.weight_decay, 0.0, 1.0) {
            return Err(Error::invalid(format!(
                "The weight decay λ must be between 0 and 1 (try 0.0005), not {}.",
                self.weight_decay
            )));
        }
        if !ok(self.bias_lr_multiplier, 0.0, 100.0) {
            return Err(Error::invalid(format!(
                "The bias step multiplier must be between 0 and 100 (try 2), not {}.",
                self.bias_lr_multiplier
            )));
        }
        let schedule_ok = match self.schedule {
            Schedule::Constant => true,
            Schedule::Step { every, factor } => ok(every, 1e-9, 1e6) && ok(factor, 1e-9, 1.0),
            Schedule::Cosine { epochs } => ok(epochs, 1e-9, 1e6),
        };
        if !schedule_ok {
            return Err(Error::invalid(
                "The step-size schedule needs a positive number of epochs and a drop factor in (0, 1].",
            ));
        }
        Ok(())
    }

    /// One update of every unfrozen parameter of `net` from its accumulated gradients, at
    /// training progress `epoch` (for the schedule).
    pub fn step(&self, net: &mut Sequential, epoch: f64) {
        let alpha = (self.learning_rate * self.schedule.factor(epoch)) as f32;
        let beta = self.momentum as f32;
        let decay = self.weight_decay as f32;
        let bias_alpha = alpha * self.bias_lr_multiplier as f32;
        net.visit_params_mut(&mut |p| {
            if p.frozen {
                return;
            }
            let (a, l) = if p.is_bias {
                (bias_alpha, 0.0)
            } else {
                (alpha, decay)
            };
            for ((w, v), &g) in p.value.iter_mut().zip(p.velocity.iter_mut()).zip(&p.grad) {
                *v = beta * *v - a * (g + l * *w);
                *w += *v;
            }
        });
    }
}
