//! Deep stacks with and without skip connections, and why the skip lets very deep nets train.
//!
//! A stack of L layers of width n maps h₀ = x to h_L, one block per layer:
//! plain h_{l+1} = f(W_l h_l + b_l), residual h_{l+1} = h_l + f(W_l h_l + b_l), with f = tanh
//! or ReLU and W_l ~ N(0, gain²/n) ("gain" 1 is LeCun's init, √2 He's). A linear read-out
//! ŷ = vᵀ h_L + c (v ~ N(0, 1/n)) gives one prediction per example and the loss is
//! L = (1/2B)·Σ_b (ŷ_b − y_b)². Backprop through a block: with a = W h + b and g = ∂L/∂h_{l+1},
//! ∂L/∂W_l = (g ⊙ f'(a)) hᵀ and ∂L/∂h_l = Wᵀ(g ⊙ f'(a)) — plus g itself in the residual block.
//! That extra "+ g" is the point: the gradient reaching layer 1 is a sum of paths, one of which
//! skips every layer, so it cannot vanish the way a product of L Jacobians Wᵀ diag f'(a) does.
//!
//! DenseNet (each layer sees the concatenation of all earlier outputs) appears here only as a
//! parameter count, [`densenet_params`].

use super::activation::{Activation, ActivationLayer};
use super::dense::Dense;
use super::loss::half_mse;
use super::Rng;
use crate::{Error, Result};

/// Smallest and largest depth a [`DeepSpec`] accepts.
pub const DEPTH_RANGE: (usize, usize) = (1, 200);
/// Largest width a [`DeepSpec`] accepts.
pub const MAX_WIDTH: usize = 64;
/// Largest batch a [`DeepSpec`] accepts.
pub const MAX_BATCH: usize = 256;
/// Training clips the gradient to this norm: α·‖∇L‖ never exceeds α·CLIP_NORM
/// (Pascanu, Mikolov & Bengio 2013), which keeps the residual net's large early gradients
/// from throwing it off and leaves small gradients untouched.
pub const CLIP_NORM: f64 = 1.0;

/// How the blocks are wired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wiring {
    /// h_{l+1} = f(W_l h_l + b_l).
    Plain,
    /// h_{l+1} = h_l + f(W_l h_l + b_l).
    Residual,
}

/// One layer of the stack: a dense map, a non-linearity and (residual only) the skip.
#[derive(Debug, Clone)]
pub struct Block {
    /// The affine map a = W h + b (square: width × width).
    pub dense: Dense,
    /// f applied to a.
    pub act: ActivationLayer,
    /// Whether the input is added back: out = h + f(a).
    pub skip: bool,
}

impl Block {
    /// A block of the given width with W ~ N(0, gain²/width) and b = 0.
    pub fn new(width: usize, kind: Activation, gain: f64, skip: bool, rng: &mut Rng) -> Self {
        Block {
            dense: Dense::new(width, width, gain / (width as f64).sqrt(), 0.0, rng),
            act: ActivationLayer::new(kind),
            skip,
        }
    }

    /// out = f(W h + b), plus h when the block has a skip; caches what backward needs.
    pub fn forward(&mut self, h: &[f64]) -> Vec<f64> {
        let a = self.dense.forward(h);
        let mut out = self.act.forward(&a);
        if self.skip {
            out.iter_mut().zip(h).for_each(|(o, x)| *o += x);
        }
        out
    }

    /// Given ∂L/∂out, accumulates ∂L/∂W and ∂L/∂b and returns ∂L/∂h
    /// = Wᵀ(g ⊙ f'(a)) (+ g with the skip).
    pub fn backward(&mut self, g: &[f64]) -> Vec<f64> {
        let da = self.act.backward(g);
        let mut dh = self.dense.backward(&da);
        if self.skip {
            dh.iter_mut().zip(g).for_each(|(d, x)| *d += x);
        }
        dh
    }
}

/// The settings of a deep stack and of its toy regression task.
#[derive(Debug, Clone, PartialEq)]
pub struct DeepSpec {
    /// Number of blocks L.
    pub depth: usize,
    /// Units per layer n (also the input dimension).
    pub width: usize,
    /// The non-linearity f.
    pub activation: Activation,
    /// Init scale: W_l ~ N(0, gain²/n).
    pub gain: f64,
    /// Seed of the weights (the same seed gives both wirings the same weights).
    pub seed: u64,
    /// Examples in the fixed batch.
    pub batch: usize,
    /// Gradient-descent step size α.
    pub learning_rate: f64,
}

impl Default for DeepSpec {
    fn default() -> Self {
        DeepSpec {
            depth: 20,
            width: 16,
            activation: Activation::Tanh,
            gain: 1.0,
            seed: 1,
            batch: 32,
            learning_rate: 0.02,
        }
    }
}

impl DeepSpec {
    /// Checks every setting, with a message saying what to change.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a depth outside 1…200, a width outside 1…64, a batch
    /// outside 1…256, a gain outside [0, 10] or a learning rate outside [0, 10].
    pub fn validate(&self) -> Result<()> {
        let (lo, hi) = DEPTH_RANGE;
        if !(lo..=hi).contains(&self.depth) {
            return Err(Error::invalid(format!(
                "The depth must be between {lo} and {hi} layers, not {}.",
                self.depth
            )));
        }
        if !(1..=MAX_WIDTH).contains(&self.width) {
            return Err(Error::invalid(format!(
                "The width must be between 1 and {MAX_WIDTH} units, not {}.",
                self.width
            )));
        }
        if !(1..=MAX_BATCH).contains(&self.batch) {
            return Err(Error::invalid(format!(
                "The batch must hold between 1 and {MAX_BATCH} examples, not {}.",
                self.batch
            )));
        }
        if !(self.gain.is_finite() && (0.0..=10.0).contains(&self.gain)) {
            return Err(Error::invalid(format!(
                "The init gain must be a number between 0 and 10 (1 is the usual choice), not {}.",
                self.gain
            )));
        }
        if !(self.learning_rate.is_finite() && (0.0..=10.0).contains(&self.learning_rate)) {
            return Err(Error::invalid(format!(
                "The learning rate must be a number between 0 and 10 (try 0.02), not {}.",
                self.learning_rate
            )));
        }
        Ok(())
    }
}

/// The toy regression task: B inputs x ~ N(0, I_n) (row-major, batch × n) and targets
/// y = sin(x₁ + x₂) + x₃·x₄/2 (fewer terms when n < 4), drawn from `seed`.
pub fn toy_task(width: usize, batch: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let mut rng = Rng::new(seed ^ 0x5EED_DA7A);
    let x: Vec<f64> = (0..width * batch).map(|_| rng.normal()).collect();
    let get = |row: &[f64], i: usize| row.get(i).copied().unwrap_or(0.0);
    let y = x
        .chunks_exact(width)
        .map(|r| (get(r, 0) + get(r, 1)).sin() + 0.5 * get(r, 2) * get(r, 3))
        .collect();
    (x, y)
}

/// A deep stack (plain or residual) with its linear read-out.
#[derive(Debug, Clone)]
pub struct DeepNet {
    /// Plain or residual.
    pub wiring: Wiring,
    /// The L blocks, input side first.
    pub blocks: Vec<Block>,
    /// ŷ = vᵀ h_L + c.
    pub readout: Dense,
    /// RMS size √((1/B)·Σ_b ‖h_l‖²) of h_0 … h_L from the last forward pass.
    act_norms: Vec<f64>,
    /// RMS size of the back-propagated signal ∂L/∂h_0 … ∂L/∂h_L from the last backward pass.
    signal_norms: Vec<f64>,
}

impl DeepNet {
    /// A stack built from `spec` (validated). Both wirings draw the same weights from the
    /// same seed, so a comparison differs only in the skip connections.
    ///
    /// # Errors
    /// See [`DeepSpec::validate`].
    pub fn new(wiring: Wiring, spec: &DeepSpec) -> Result<Self> {
        spec.validate()?;
        let mut rng = Rng::new(spec.seed);
        let skip = wiring == Wiring::Residual;
        let blocks = (0..spec.depth)
            .map(|_| Block::new(spec.width, spec.activation, spec.gain, skip, &mut rng))
            .collect();
        let readout = Dense::new(
            spec.width,
            1,
            1.0 / (spec.width as f64).sqrt(),
            0.0,
            &mut rng,
        );
        Ok(DeepNet {
            wiring,
            blocks,
            readout,
            act_norms: Vec::new(),
            signal_norms: Vec::new(),
        })
    }

    /// Number of blocks L.
    pub fn depth(&self) -> usize {
        self.blocks.len()
    }

    /// Width n.
    pub fn width(&self) -> usize {
        self.readout.n_in
    }

    /// h_L for the batch `x` (batch × n) without the read-out, caching for backward.
    pub fn forward_stack(&mut self, x: &[f64]) -> Vec<f64> {
        let n = self.width();
        let rms = |h: &[f64]| (h.iter().map(|v| v * v).sum::<f64>() / (h.len() / n) as f64).sqrt();
        self.act_norms.clear();
        self.act_norms.push(rms(x));
        let mut h = x.to_vec();
        for block in &mut self.blocks {
            h = block.forward(&h);
            self.act_norms.push(rms(&h));
        }
        h
    }

    /// Predictions ŷ for the batch `x` (batch × n), caching for backward.
    pub fn forward(&mut self, x: &[f64]) -> Vec<f64> {
        let h = self.forward_stack(x);
        self.readout.forward(&h)
    }

    /// Given ∂L/∂ŷ, accumulates every gradient and returns ∂L/∂x.
    pub fn backward(&mut self, dy: &[f64]) -> Vec<f64> {
        let batch = dy.len().max(1) as f64;
        let rms = |g: &[f64]| (g.iter().map(|v| v * v).sum::<f64>() / batch).sqrt();
        let mut g = self.readout.backward(dy);
        self.signal_norms.clear();
        self.signal_norms.push(rms(&g));
        for block in self.blocks.iter_mut().rev() {
            g = block.backward(&g);
            self.signal_norms.push(rms(&g));
        }
        self.signal_norms.reverse();
        g
    }

    /// Sets every accumulated gradient to zero.
    pub fn zero_grad(&mut self) {
        self.readout.zero_grad();
        self.blocks.iter_mut().for_each(|b| b.dense.zero_grad());
    }

    /// L = (1/2B)·Σ (ŷ − y)² on the batch, leaving ∂L/∂(every parameter) in the gradients.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when `x` is not batch × n for the `y.len()` targets.
    pub fn loss_and_grad(&mut self, x: &[f64], y: &[f64]) -> Result<f64> {
        crate::error::check_shape("input batch", x.len(), y.len(), self.width())?;
        self.zero_grad();
        let pred = self.forward(x);
        let (loss, dy) = half_mse(&pred, y);
        self.backward(&dy);
        Ok(loss)
    }

    /// ‖∂L/∂W_l‖_F for l = 1 … L (from the last [`DeepNet::loss_and_grad`]).
    pub fn weight_grad_norms(&self) -> Vec<f64> {
        self.blocks
            .iter()
            .map(|b| b.dense.dw.iter().map(|g| g * g).sum::<f64>().sqrt())
            .collect()
    }

    /// RMS size of h_0 (the input) … h_L from the last forward pass.
    pub fn activation_norms(&self) -> &[f64] {
        &self.act_norms
    }

    /// RMS size of ∂L/∂h_0 … ∂L/∂h_L (the signal backprop carries) from the last backward pass.
    pub fn signal_norms(&self) -> &[f64] {
        &self.signal_norms
    }

    /// √(Σ over every weight and bias of (∂L/∂θ)²).
    pub fn grad_norm(&self) -> f64 {
        let sq = |d: &Dense| d.dw.iter().chain(&d.db).map(|g| g * g).sum::<f64>();
        (sq(&self.readout) + self.blocks.iter().map(|b| sq(&b.dense)).sum::<f64>()).sqrt()
    }

    /// One gradient-descent step θ ← θ − α ∂L/∂θ on every weight and bias.
    pub fn descend(&mut self, learning_rate: f64) {
        let step = |d: &mut Dense| {
            d.w.iter_mut()
                .zip(&d.dw)
                .for_each(|(w, g)| *w -= learning_rate * g);
            d.b.iter_mut()
                .zip(&d.db)
                .for_each(|(b, g)| *b -= learning_rate * g);
        };
        step(&mut self.readout);
        self.blocks.iter_mut().for_each(|b| step(&mut b.dense));
    }

    /// Number of trained numbers: L·(n² + n) in the stack plus n + 1 in the read-out.
    pub fn param_count(&self) -> usize {
        let n = self.width();
        self.depth() * (n * n + n) + n + 1
    }
}

/// Parameters of a DenseNet-style stack of `depth` layers, each seeing the concatenation of
/// the input (`width` values) and every earlier layer's `growth` outputs:
/// Σ_{l=1}^{L} (n + (l−1)k)·k + k = L·k·(n + 1) + k²·L(L−1)/2.
pub fn densenet_params(depth: usize, width: usize, growth: usize) -> usize {
    (1..=depth)
        .map(|l| (width + (l - 1) * growth) * growth + growth)
        .sum()
}

/// What the gradient figure shows for one wiring.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Loss of the untrained network on the toy batch.
    pub loss: f64,
    /// ‖∂L/∂W_l‖_F, l = 1 … L.
    pub grad_norms: Vec<f64>,
    /// RMS ‖h_l‖, l = 0 … L.
    pub act_norms: Vec<f64>,
    /// RMS ‖∂L/∂h_l‖, l = 0 … L.
    pub signal_norms: Vec<f64>,
}

/// Gradient and activation profile of the freshly initialised stack on the toy batch.
///
/// # Errors
/// See [`DeepSpec::validate`].
pub fn profile(wiring: Wiring, spec: &DeepSpec) -> Result<Profile> {
    let mut net = DeepNet::new(wiring, spec)?;
    let (x, y) = toy_task(spec.width, spec.batch, spec.seed);
    let loss = net.loss_and_grad(&x, &y)?;
    Ok(Profile {
        loss,
        grad_norms: net.weight_grad_norms(),
        act_norms: net.activation_norms().to_vec(),
        signal_norms: net.signal_norms().to_vec(),
    })
}

/// Plain and residual stacks with the same initial weights, trained side by side by full-batch
/// gradient descent (step α·∇L, ∇L clipped to norm [`CLIP_NORM`]) on the toy task.
#[derive(Debug, Clone)]
pub struct SkipRace {
    spec: DeepSpec,
    x: Vec<f64>,
    y: Vec<f64>,
    plain: DeepNet,
    residual: DeepNet,
    /// Loss before each step (entry 0: untrained), plain then residual.
    history: Vec<(f64, f64)>,
}

impl SkipRace {
    /// Both stacks at step 0.
    ///
    /// # Errors
    /// See [`DeepSpec::validate`].
    pub fn new(spec: DeepSpec) -> Result<Self> {
        let plain = DeepNet::new(Wiring::Plain, &spec)?;
        let residual = DeepNet::new(Wiring::Residual, &spec)?;
        let (x, y) = toy_task(spec.width, spec.batch, spec.seed);
        let mut race = SkipRace {
            spec,
            x,
            y,
            plain,
            residual,
            history: Vec::new(),
        };
        let l = race.losses_and_grads()?;
        race.history.push(l);
        Ok(race)
    }

    fn losses_and_grads(&mut self) -> Result<(f64, f64)> {
        Ok((
            self.plain.loss_and_grad(&self.x, &self.y)?,
            self.residual.loss_and_grad(&self.x, &self.y)?,
        ))
    }

    /// Takes `steps` gradient-descent steps on both stacks; returns the latest losses.
    /// A diverged loss (∞ or NaN) is recorded as is; the student sees it and lowers α.
    ///
    /// # Errors
    /// Only on an internal shape mismatch (cannot happen for a validated spec).
    pub fn step(&mut self, steps: usize) -> Result<(f64, f64)> {
        let lr = self.spec.learning_rate;
        for _ in 0..steps {
            // The gradients of the last recorded loss are in place: descend, then re-evaluate.
            for net in [&mut self.plain, &mut self.residual] {
                let norm = net.grad_norm();
                // Clipping only shrinks large gradients, so it cannot hide vanishing ones.
                let scale = if norm > CLIP_NORM {
                    CLIP_NORM / norm
                } else {
                    1.0
                };
                net.descend(lr * scale);
            }
            let l = self.losses_and_grads()?;
            self.history.push(l);
        }
        Ok(*self.history.last().expect("history starts with step 0"))
    }

    /// Steps taken.
    pub fn steps(&self) -> usize {
        self.history.len() - 1
    }

    /// (plain, residual) loss after 0, 1, … steps.
    pub fn history(&self) -> &[(f64, f64)] {
        &self.history
    }

    /// The settings.
    pub fn spec(&self) -> &DeepSpec {
        &self.spec
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn densenet_count_matches_closed_form() {
        for (l, n, k) in [(1, 16, 16), (5, 16, 4), (10, 3, 7)] {
            assert_eq!(
                densenet_params(l, n, k),
                l * k * (n + 1) + k * k * l * (l - 1) / 2
            );
        }
    }

    #[test]
    fn validate_rejects_bad_settings() {
        let bad = [
            DeepSpec {
                depth: 0,
                ..DeepSpec::default()
            },
            DeepSpec {
                width: 0,
                ..DeepSpec::default()
            },
            DeepSpec {
                gain: f64::NAN,
                ..DeepSpec::default()
            },
            DeepSpec {
                learning_rate: -1.0,
                ..DeepSpec::default()
            },
            DeepSpec {
                batch: 10_000,
                ..DeepSpec::default()
            },
        ];
        for s in bad {
            assert!(DeepNet::new(Wiring::Plain, &s).is_err(), "{s:?}");
        }
    }
}
