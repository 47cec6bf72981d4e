//! One gradient check for every network test: central finite differences and one tolerance
//! rule, for f64 and f32 layers alike.
//!
//! **The rule.** For a loss `L(θ)` and an analytic gradient `g`, each entry is compared with
//! the central difference `n_i = (L(θ + h·e_i) − L(θ − h·e_i)) / (θ_i⁺ − θ_i⁻)` (the denominator
//! is the step actually taken after rounding θ to its own precision) and must satisfy
//!
//! ```text
//! |g_i − n_i| ≤ rtol · max(|g_i|, |n_i|) + atol · max(1, |L(θ)|)
//! ```
//!
//! The two terms are the two errors of a central difference: truncation, `h²/6 · |L'''|`,
//! which is relative to the size of the derivative, and rounding, `ε · |L| / h`, which is
//! absolute and scales with the loss. With `ε` the machine epsilon of the precision the loss is
//! computed in, the constants below keep both an order of magnitude under the tolerance:
//!
//! | precision | `h` | `rtol` | `atol` | truncation (`|L'''| ≈ 1`) | rounding (`|L| ≈ 1`) |
//! |---|---|---|---|---|---|
//! | [`F64`] | 1e-6 | 1e-5 | 1e-7 | ≈ 2e-13 | ≈ 2e-10 |
//! | [`F32`] | 4e-3 | 1e-2 | 1e-4 | ≈ 3e-6 | ≈ 3e-5 |
//!
//! Kinks (ReLU at 0, ties in a max-pool window) have no derivative: a test must keep its
//! inputs at least `h` away from them, or the check rightly fails.
//!
//! Usage (see /work/notes/gradcheck.md):
//!
//! ```ignore
//! mod common;
//! use common::gradcheck::{check_gradient, F64};
//! let mut w = layer.w.clone();
//! check_gradient("dense dW", F64, &layer.dw, &mut w, |w| {
//!     probe.w.copy_from_slice(w);
//!     loss(&probe)
//! });
//! ```

// Shared by several test crates, each of which uses only some of these items.
#![allow(dead_code)]

/// A floating-point parameter type the check can nudge: `f64` or `f32`.
pub trait Param: Copy {
    /// The value as `f64`.
    fn to_f64(self) -> f64;
    /// The nearest value of this type to `v`.
    fn from_f64(v: f64) -> Self;
}

impl Param for f64 {
    fn to_f64(self) -> f64 {
        self
    }
    fn from_f64(v: f64) -> Self {
        v
    }
}

impl Param for f32 {
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    fn from_f64(v: f64) -> Self {
        v as f32
    }
}

/// The step and tolerances of the rule for one precision (see the module docs).
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// Finite-difference step `h`.
    pub step: f64,
    /// Relative tolerance (truncation error).
    pub rtol: f64,
    /// Absolute tolerance per unit of `max(1, |L|)` (rounding error).
    pub atol: f64,
}

/// The rule for layers and losses computed in `f64`.
pub const F64: Rule = Rule {
    step: 1e-6,
    rtol: 1e-5,
    atol: 1e-7,
};

/// The rule for layers and losses computed in `f32`.
pub const F32: Rule = Rule {
    step: 4e-3,
    rtol: 1e-2,
    atol: 1e-4,
};

/// Central differences of `loss` with respect to every entry of `theta`, with step `h`;
/// `theta` is restored entry by entry.
pub fn numeric_gradient<T: Param>(
    theta: &mut [T],
    h: f64,
    mut loss: impl FnMut(&[T]) -> f64,
) -> Vec<f64> {
    (0..theta.len())
        .map(|i| {
            let keep = theta[i];
            let (up, down) = (
                T::from_f64(keep.to_f64() + h),
                T::from_f64(keep.to_f64() - h),
            );
            theta[i] = up;
            let l_up = loss(theta);
            theta[i] = down;
            let l_down = loss(theta);
            theta[i] = keep;
            (l_up - l_down) / (up.to_f64() - down.to_f64())
        })
        .collect()
}

/// The largest `|g − n| / (rtol·max(|g|, |n|) + atol·max(1, |L|))` over the entries: the rule
/// holds when it is at most 1. Panics with the first failing entry named after `what`.
pub fn assert_gradient<A: Param>(
    what: &str,
    rule: Rule,
    analytic: &[A],
    numeric: &[f64],
    loss_at_theta: f64,
) -> f64 {
    assert_eq!(
        analytic.len(),
        numeric.len(),
        "{what}: {} analytic entries but {} finite differences",
        analytic.len(),
        numeric.len()
    );
    assert!(
        loss_at_theta.is_finite(),
        "{what}: the loss is {loss_at_theta}"
    );
    let floor = rule.atol * loss_at_theta.abs().max(1.0);
    let mut worst = 0.0f64;
    for (i, (g, &n)) in analytic.iter().zip(numeric).enumerate() {
        let g = g.to_f64();
        let tol = rule.rtol * g.abs().max(n.abs()) + floor;
        let ratio = (g - n).abs() / tol;
        assert!(
            ratio <= 1.0,
            "{what}[{i}]: backward {g} vs finite difference {n} (|diff| {:e} > tolerance {tol:e})",
            (g - n).abs()
        );
        worst = worst.max(ratio);
    }
    worst
}

/// Checks `analytic` against central differences of `loss` at `theta` under `rule`; returns
/// the numeric gradient (for tests that also compare norms or counts).
pub fn check_gradient<T: Param, A: Param>(
    what: &str,
    rule: Rule,
    analytic: &[A],
    theta: &mut [T],
    mut loss: impl FnMut(&[T]) -> f64,
) -> Vec<f64> {
    let at_theta = loss(theta);
    let numeric = numeric_gradient(theta, rule.step, &mut loss);
    assert_gradient(what, rule, analytic, &numeric, at_theta);
    numeric
}

/// The rule catches a wrong gradient and accepts a right one, in both precisions.
#[test]
fn the_rule_accepts_exact_gradients_and_rejects_wrong_ones() {
    // L(θ) = Σ θᵢ³ / 3 + sin θ₀: ∇L = θ² + (cos θ₀, 0, …).
    let loss64 = |t: &[f64]| t.iter().map(|v| v * v * v / 3.0).sum::<f64>() + t[0].sin();
    let grad = |t: &[f64]| -> Vec<f64> {
        let mut g: Vec<f64> = t.iter().map(|v| v * v).collect();
        g[0] += t[0].cos();
        g
    };
    let mut theta = vec![0.3, -1.2, 2.0, 0.0];
    let g = grad(&theta);
    check_gradient("exact f64", F64, &g, &mut theta, loss64);
    let mut theta32: Vec<f32> = theta.iter().map(|&v| v as f32).collect();
    let loss32 = |t: &[f32]| {
        let s: f32 = t.iter().map(|v| v * v * v / 3.0).sum::<f32>() + t[0].sin();
        f64::from(s)
    };
    check_gradient("exact f32", F32, &g, &mut theta32, loss32);
    // A gradient off by 1 % in one entry fails the f64 rule.
    let mut wrong = g.clone();
    wrong[2] *= 1.01;
    let caught = std::panic::catch_unwind(|| {
        let mut t = theta.clone();
        check_gradient("wrong", F64, &wrong, &mut t, loss64);
    });
    assert!(caught.is_err(), "a 1 % error must fail the f64 rule");
}
