//! Exports for the momentum station: heavy-ball paths (β = 0 is gradient descent), the theory's
//! optimal parameters and rates, the divergence diagnosis and the contour grid.
//!
//! `problem` is a plain object: `{kind: "quadratic", lambda1, lambda2, angle}` (angle in
//! radians) or `{kind: "rosenbrock", a, b}`, each with optional `noise` (σ of the gradient noise)
//! and `seed` (a whole number).

use super::args::{config, real, whole_in};
use crate::optim::{self, GradientNoise, Problem};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
enum ProblemSpec {
    Quadratic {
        lambda1: f64,
        lambda2: f64,
        #[serde(default)]
        angle: f64,
        noise: Option<f64>,
        seed: Option<f64>,
    },
    Rosenbrock {
        #[serde(default = "one")]
        a: f64,
        #[serde(default = "hundred")]
        b: f64,
        noise: Option<f64>,
        seed: Option<f64>,
    },
}

fn one() -> f64 {
    1.0
}

fn hundred() -> f64 {
    100.0
}

/// Reads the `problem` object into the core's objective and its optional gradient noise.
pub(super) fn read_problem(problem: JsValue) -> Result<(Problem, Option<GradientNoise>), JsError> {
    let spec: ProblemSpec = config(
        problem,
        "The problem should look like {kind: \"quadratic\", lambda1: 0.01, lambda2: 1, angle: 0} \
         or {kind: \"rosenbrock\", a: 1, b: 100}, optionally with noise and seed",
    )?;
    let (p, noise, seed) = match spec {
        ProblemSpec::Quadratic {
            lambda1,
            lambda2,
            angle,
            noise,
            seed,
        } => (Problem::quadratic(lambda1, lambda2, angle)?, noise, seed),
        ProblemSpec::Rosenbrock { a, b, noise, seed } => (Problem::rosenbrock(a, b)?, noise, seed),
    };
    let seed = seed.map_or(Ok(0), |s| super::args::seed("noise seed", s))?;
    // σ itself is checked by the core's run (a number ≥ 0), with its own message.
    let noise = noise.map(|sigma| GradientNoise { sigma, seed });
    Ok((p, noise))
}

/// Reads a flat `[x0, y0, x1, y1, …]` path.
fn read_path(path: &[f64]) -> Result<Vec<[f64; 2]>, JsError> {
    if path.len() < 2 || !path.len().is_multiple_of(2) {
        return Err(JsError::new(&format!(
            "A path is a flat list x0, y0, x1, y1, …: it needs an even number (≥ 2) of values, not {}.",
            path.len()
        )));
    }
    Ok(path.chunks_exact(2).map(|c| [c[0], c[1]]).collect())
}

/// `heavy_ball_path(problem, w0, alpha, beta, steps)` → `Float64Array` of 2·(steps + 1)
/// numbers `[x0, y0, x1, y1, …]`: the iterates w⁰…w^steps of
/// w^{t+1} = w^t − α·∇f(w^t) + β·(w^t − w^{t−1}) with w^{−1} = w^0 (β = 0: gradient descent).
/// With `problem.noise = σ > 0` each gradient gets N(0, σ²) noise from `problem.seed`. A
/// diverging run is returned as computed (huge, infinite or NaN values): see `diagnose_path`.
#[wasm_bindgen]
pub fn heavy_ball_path(
    problem: JsValue,
    w0: &[f64],
    alpha: f64,
    beta: f64,
    steps: f64,
) -> Result<Vec<f64>, JsError> {
    Ok(run_heavy_ball(problem, w0, alpha, beta, steps)?
        .path
        .into_iter()
        .flatten()
        .collect())
}

/// Reads the arguments of `heavy_ball_path` and runs it, gradients included.
pub(super) fn run_heavy_ball(
    problem: JsValue,
    w0: &[f64],
    alpha: f64,
    beta: f64,
    steps: f64,
) -> Result<optim::Run, JsError> {
    let (p, noise) = read_problem(problem)?;
    if w0.len() != 2 {
        return Err(JsError::new(&format!(
            "The start point w0 needs exactly 2 numbers (x, y), not {}.",
            w0.len()
        )));
    }
    let steps = whole_in("The number of steps", steps, 1, optim::MAX_STEPS)?;
    Ok(optim::heavy_ball_run(
        &p,
        [w0[0], w0[1]],
        alpha,
        beta,
        steps,
        noise,
    )?)
}

#[derive(Serialize)]
struct TuningOut {
    alpha: f64,
    beta: f64,
    rate: f64,
}

impl From<optim::Tuning> for TuningOut {
    fn from(t: optim::Tuning) -> Self {
        TuningOut {
            alpha: t.alpha,
            beta: t.beta,
            rate: t.rate,
        }
    }
}

#[derive(Serialize)]
struct Summary {
    w_star: [f64; 2],
    f_star: f64,
    lambda_min: f64,
    lambda_max: f64,
    kappa: f64,
    exact: bool,
    gradient_descent: TuningOut,
    heavy_ball: TuningOut,
}

/// `optimal_parameters(problem)` → `{w_star: [x, y], f_star, lambda_min, lambda_max, kappa,
/// exact, gradient_descent: {alpha, beta: 0, rate}, heavy_ball: {alpha, beta, rate}}`.
/// GD: α* = 2/(λ_min + λ_max), rate (κ − 1)/(κ + 1); heavy ball: α* = (2/(√λ_min + √λ_max))²,
/// β* = ((√κ − 1)/(√κ + 1))², rate (√κ − 1)/(√κ + 1). `exact` is false for Rosenbrock, whose
/// curvatures are the Hessian's at the minimum (a local model).
#[wasm_bindgen]
pub fn optimal_parameters(problem: JsValue) -> Result<JsValue, JsError> {
    let (p, _) = read_problem(problem)?;
    let (lo, hi) = p.curvatures();
    let summary = Summary {
        w_star: p.minimizer(),
        f_star: p.min_value(),
        lambda_min: lo,
        lambda_max: hi,
        kappa: hi / lo,
        exact: p.is_quadratic(),
        gradient_descent: optim::optimal_gradient_descent(lo, hi).into(),
        heavy_ball: optim::optimal_heavy_ball(lo, hi).into(),
    };
    Ok(serde_wasm_bindgen::to_value(&summary)?)
}

#[derive(Serialize)]
struct DiagnosisOut {
    diverged_at: Option<u32>,
    converges: bool,
    rate: f64,
    exact: bool,
    message: Option<String>,
}

/// `diagnose_path(problem, path, alpha, beta)` → `{diverged_at, converges, rate, exact,
/// message}` for a path from `heavy_ball_path`: `diverged_at` is the first step that is not
/// finite or 1000× farther from w* than the start (else `undefined`); `converges` and `rate`
/// (contraction per step, > 1 means growth) are the theory's; `message` says what went wrong,
/// e.g. "diverged at step 12: αλ_max = 2.4 > 2 + 2β = 2.2" (`undefined` when all is well).
#[wasm_bindgen]
pub fn diagnose_path(
    problem: JsValue,
    path: &[f64],
    alpha: f64,
    beta: f64,
) -> Result<JsValue, JsError> {
    let (p, _) = read_problem(problem)?;
    let (alpha, beta) = (
        real("The step size α", alpha)?,
        real("The momentum β", beta)?,
    );
    let d = optim::diagnose(&p, &read_path(path)?, alpha, beta);
    let out = DiagnosisOut {
        diverged_at: d.diverged_at.map(|t| t as u32),
        converges: d.converges,
        rate: d.rate,
        exact: d.exact,
        message: d.message,
    };
    Ok(serde_wasm_bindgen::to_value(&out)?)
}

/// `convergence_rate(problem, alpha, beta)` → the contraction per step ρ the theory predicts
/// (the largest root modulus of z² − (1 + β − αλ)z + β over λ_min, λ_max); ρ ≥ 1: no
/// convergence.
#[wasm_bindgen]
pub fn convergence_rate(problem: JsValue, alpha: f64, beta: f64) -> Result<f64, JsError> {
    let (p, _) = read_problem(problem)?;
    let (alpha, beta) = (
        real("The step size α", alpha)?,
        real("The momentum β", beta)?,
    );
    let (lo, hi) = p.curvatures();
    Ok(optim::convergence_rate(lo, hi, alpha, beta))
}

/// `objective_grid(problem, xmin, xmax, ymin, ymax, nx, ny)` → `Float64Array` of nx·ny values
/// f − f* at cell centres, row-major, **row 0 at the top** (y near ymax), ready to draw.
#[wasm_bindgen]
pub fn objective_grid(
    problem: JsValue,
    xmin: f64,
    xmax: f64,
    ymin: f64,
    ymax: f64,
    nx: f64,
    ny: f64,
) -> Result<Vec<f64>, JsError> {
    let (p, _) = read_problem(problem)?;
    let cells =
        |what: &str, n: f64| whole_in(&format!("The grid's cells per side {what}"), n, 2, 2048);
    Ok(p.grid(xmin, xmax, ymin, ymax, cells("nx", nx)?, cells("ny", ny)?)?)
}

/// `objective_gap(problem, path)` → `Float64Array` of f(w^t) − f* for each point of a flat path
/// `[x0, y0, x1, y1, …]` (non-finite where the path is).
#[wasm_bindgen]
pub fn objective_gap(problem: JsValue, path: &[f64]) -> Result<Vec<f64>, JsError> {
    let (p, _) = read_problem(problem)?;
    let f_star = p.min_value();
    Ok(read_path(path)?
        .into_iter()
        .map(|w| p.value(w) - f_star)
        .collect())
}

/// `objective_gradient(problem, w)` → `Float64Array [∂f/∂x, ∂f/∂y]` at the point `w = [x, y]`
/// (noise-free).
#[wasm_bindgen]
pub fn objective_gradient(problem: JsValue, w: &[f64]) -> Result<Vec<f64>, JsError> {
    let (p, _) = read_problem(problem)?;
    let w = read_path(w)?;
    if w.len() != 1 {
        return Err(JsError::new("The point w needs exactly 2 numbers (x, y)."));
    }
    Ok(p.gradient(w[0]).to_vec())
}
