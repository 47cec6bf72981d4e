//! "What does this unit respond to?" for a channel of a convolution layer, as in the Deep
//! Visualization Toolbox (Yosinski et al. 2015):
//! - the held-out digits that excite the channel most: each digit's score is the channel's
//!   largest value over positions, and the position and its receptive field on the input are
//!   reported;
//! - a synthesised input that excites the channel's centre unit a = y[c, i₀, j₀]: gradient
//!   ascent on the input x ← clip₀₁((1 − λ)·x + η·∇ₓa / rms(∇ₓa)), with a Gaussian blur of
//!   width σ every `blur_every` steps. The L2 decay λ and the blur are the toolbox's
//!   regularisers: without them the ascent finds high-frequency patterns no digit has.

use super::mnist::{Mnist, Split, PIXELS};
use super::trainer::EVAL_BATCH;
use super::{shape_len, Sequential};
use crate::rng::SplitMix64;
use crate::{Error, Result};

/// One of the digits that excite a channel most.
#[derive(Debug, Clone, PartialEq)]
pub struct TopDigit {
    /// Index in the held-out split.
    pub index: usize,
    /// Its label.
    pub label: u8,
    /// The channel's largest value on it.
    pub value: f32,
    /// Where that value is (row, col) in the layer's output.
    pub position: (usize, usize),
    /// The input window (top, left, bottom, right; inclusive) that position sees.
    pub patch: (isize, isize, isize, isize),
}

fn check_unit(net: &Sequential, layer: usize, channel: usize) -> Result<()> {
    if layer >= net.len() {
        return Err(Error::invalid(format!(
            "There is no layer {layer}: the network has {} layers.",
            net.len()
        )));
    }
    let c = net.layer(layer).out_shape()[0];
    if channel >= c {
        return Err(Error::invalid(format!(
            "Layer {} has channels 0 to {}, not {channel}.",
            net.layer(layer).name(),
            c - 1
        )));
    }
    Ok(())
}

/// The `count` held-out digits on which channel `channel` of layer `layer` peaks highest,
/// best first.
///
/// # Errors
/// [`Error::InvalidArgument`] for a layer or channel that does not exist.
pub fn top_digits(
    net: &mut Sequential,
    data: &Mnist,
    layer: usize,
    channel: usize,
    count: usize,
) -> Result<Vec<TopDigit>> {
    check_unit(net, layer, channel)?;
    let [_, oh, ow] = net.layer(layer).out_shape();
    let n_out = shape_len(net.layer(layer).out_shape());
    let n = data.len(Split::HeldOut);
    let mut x = vec![0.0; EVAL_BATCH * PIXELS];
    let mut scores: Vec<(f32, usize, usize)> = Vec::with_capacity(n);
    for start in (0..n).step_by(EVAL_BATCH) {
        let b = EVAL_BATCH.min(n - start);
        for k in 0..b {
            data.image_into(Split::HeldOut, start + k, &mut x[k * PIXELS..]);
        }
        let y = net.forward_to(&x, b, layer + 1, false);
        for k in 0..b {
            let plane = &y[k * n_out + channel * oh * ow..][..oh * ow];
            let at = super::loss::argmax(plane);
            scores.push((plane[at], start + k, at));
        }
    }
    scores.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(scores
        .into_iter()
        .take(count)
        .map(|(value, index, at)| {
            let position = (at / ow, at % ow);
            TopDigit {
                index,
                label: data.label(Split::HeldOut, index),
                value,
                position,
                patch: net.receptive_field(layer, position.0, position.1),
            }
        })
        .collect())
}

/// Settings of the synthesis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SynthConfig {
    /// Gradient-ascent steps.
    pub steps: usize,
    /// η, the change of the RMS pixel per step.
    pub step_size: f32,
    /// λ, the L2 decay per step.
    pub l2: f32,
    /// Blur every this many steps (0 = never).
    pub blur_every: usize,
    /// σ of the blur (px).
    pub blur_sigma: f32,
    /// Seed of the starting noise.
    pub seed: u64,
}

impl Default for SynthConfig {
    fn default() -> Self {
        SynthConfig {
            steps: 200,
            step_size: 0.05,
            l2: 0.01,
            blur_every: 4,
            blur_sigma: 0.5,
            seed: 1,
        }
    }
}

/// A synthesised preferred input.
#[derive(Debug, Clone, PartialEq)]
pub struct Synthesis {
    /// 784 values in 0..1.
    pub image: Vec<f32>,
    /// The unit's value on it.
    pub value: f32,
    /// The unit maximised (row, col) in the layer's output: its centre.
    pub position: (usize, usize),
    /// That unit's input window (top, left, bottom, right; inclusive).
    pub patch: (isize, isize, isize, isize),
}

/// Gradient ascent on the input for the centre unit of channel `channel` of layer `layer`.
/// It leaves gradients in the network's parameters (a trainer clears them before its next step).
///
/// # Errors
/// [`Error::InvalidArgument`] for a layer or channel that does not exist or a bad setting.
pub fn synthesize(
    net: &mut Sequential,
    layer: usize,
    channel: usize,
    cfg: &SynthConfig,
) -> Result<Synthesis> {
    check_unit(net, layer, channel)?;
    let good = |v: f32, hi: f32| v.is_finite() && (0.0..=hi).contains(&v);
    if cfg.steps > 10_000
        || !good(cfg.step_size, 10.0)
        || !good(cfg.l2, 1.0)
        || !good(cfg.blur_sigma, 5.0)
    {
        return Err(Error::invalid(
            "Synthesis needs at most 10,000 steps, a step size of 0–10, an L2 decay of 0–1 and a blur σ of 0–5 px.",
        ));
    }
    if net.in_shape() != [1, 28, 28] {
        return Err(Error::invalid(
            "Synthesis works on networks that read 28 × 28 digits.",
        ));
    }
    let shape = net.layer(layer).out_shape();
    let [_, oh, ow] = shape;
    let position = ((oh - 1) / 2, (ow - 1) / 2);
    let unit = (channel * oh + position.0) * ow + position.1;
    let mut dout = vec![0.0; shape_len(shape)];
    dout[unit] = 1.0;
    let mut rng = SplitMix64::new(cfg.seed);
    let mut x: Vec<f32> = (0..PIXELS).map(|_| 0.1 * rng.uniform() as f32).collect();
    let kernel = gaussian_taps(cfg.blur_sigma);
    let mut tmp = vec![0.0; PIXELS];
    for step in 0..cfg.steps {
        net.forward_to(&x, 1, layer + 1, false);
        net.backward_from(layer + 1, &dout, true);
        let g = net.input_grad();
        let rms = (g.iter().map(|v| v * v).sum::<f32>() / PIXELS as f32).sqrt();
        if !(rms.is_finite() && rms > 0.0) {
            break; // nothing flows back (a dead unit): keep what we have
        }
        let eta = cfg.step_size / rms;
        for (x, &g) in x.iter_mut().zip(g) {
            *x = ((1.0 - cfg.l2) * *x + eta * g).clamp(0.0, 1.0);
        }
        if cfg.blur_every > 0 && (step + 1) % cfg.blur_every == 0 && kernel.len() > 1 {
            blur(&mut x, &mut tmp, &kernel);
        }
    }
    let value = net.forward_to(&x, 1, layer + 1, false)[unit];
    Ok(Synthesis {
        image: x,
        value,
        position,
        patch: net.receptive_field(layer, position.0, position.1),
    })
}

/// Taps of a normalised Gaussian of width σ, radius ⌈2σ⌉ (one tap for σ = 0).
fn gaussian_taps(sigma: f32) -> Vec<f32> {
    let r = (2.0 * sigma).ceil() as isize;
    let mut k: Vec<f32> = (-r..=r)
        .map(|i| {
            if sigma > 0.0 {
                (-(i * i) as f32 / (2.0 * sigma * sigma)).exp()
            } else {
                1.0
            }
        })
        .collect();
    let s: f32 = k.iter().sum();
    k.iter_mut().for_each(|v| *v /= s);
    k
}

/// Separable blur of the 28 × 28 image in place (taps beyond the edge are left out and the rest
/// renormalised, so the border does not darken).
fn blur(x: &mut [f32], tmp: &mut [f32], k: &[f32]) {
    let r = (k.len() / 2) as isize;
    let pass = |src: &[f32], dst: &mut [f32], horizontal: bool| {
        for i in 0..28isize {
            for j in 0..28isize {
                let (mut acc, mut norm) = (0.0, 0.0);
                for (t, &w) in k.iter().enumerate() {
                    let d = t as isize - r;
                    let (a, b) = if horizontal { (i, j + d) } else { (i + d, j) };
                    if (0..28).contains(&a) && (0..28).contains(&b) {
                        acc += w * src[(a * 28 + b) as usize];
                        norm += w;
                    }
                }
                dst[(i * 28 + j) as usize] = acc / norm;
            }
        }
    };
    pass(x, tmp, true);
    pass(tmp, x, false);
}
