//! Exports for the implicit-regularization station: least-squares GD/SGD paths with the
//! minimum-norm and nearest solutions, and logistic-regression GD with the max-margin direction.
//!
//! Matrices are flat row-major `Float64Array`s with their shape passed alongside; points are
//! flat `[x0, y0, x1, y1, …]` with labels ±1.

use super::args::whole_in;
use crate::implicit;
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn size(what: &str, v: f64) -> Result<usize, JsError> {
    Ok(whole_in(what, v, 1, implicit::MAX_SIZE)?)
}

/// `least_squares_path(x, y, n, d, w0, step, steps, stochastic, seed)` → `Float64Array` of
/// (steps + 1)·d numbers, the iterates w⁰…w^steps of gradient descent on (1/2n)‖Xw − y‖²
/// (or, with `stochastic`, SGD on one random equation per step, replayable from `seed`).
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)] // the formula's symbols, one by one
pub fn least_squares_path(
    x: &[f64],
    y: &[f64],
    n: f64,
    d: f64,
    w0: &[f64],
    step: f64,
    steps: f64,
    stochastic: bool,
    seed: f64,
) -> Result<Vec<f64>, JsError> {
    let steps = whole_in("The number of steps", steps, 1, implicit::MAX_STEPS)?;
    let seed = super::args::seed("random seed", seed)?;
    Ok(implicit::least_squares_path(
        x,
        y,
        size("The number of equations n", n)?,
        size("The number of unknowns d", d)?,
        w0,
        step,
        steps,
        stochastic,
        seed,
    )?)
}

/// `min_norm_solution(x, y, n, d)` → `Float64Array` X⁺y (d numbers), the least-squares
/// solution of smallest norm.
#[wasm_bindgen]
pub fn min_norm_solution(x: &[f64], y: &[f64], n: f64, d: f64) -> Result<Vec<f64>, JsError> {
    Ok(implicit::min_norm_solution(
        x,
        y,
        size("The number of equations n", n)?,
        size("The number of unknowns d", d)?,
    )?)
}

/// `nearest_solution(x, y, n, d, w0)` → `Float64Array` w0 + X⁺(y − Xw0), the solution nearest
/// the start w0 (where GD from w0 converges).
#[wasm_bindgen]
pub fn nearest_solution(
    x: &[f64],
    y: &[f64],
    n: f64,
    d: f64,
    w0: &[f64],
) -> Result<Vec<f64>, JsError> {
    Ok(implicit::nearest_solution(
        x,
        y,
        size("The number of equations n", n)?,
        size("The number of unknowns d", d)?,
        w0,
    )?)
}

#[derive(Serialize)]
struct MaxMarginOut {
    direction: [f64; 2],
    margin: f64,
}

/// `max_margin_direction(points, labels)` → `{direction: [ux, uy], margin}`: the unit normal
/// of the line through the origin with the largest margin (the hard-margin SVM without
/// intercept) and that margin. Throws when no line through the origin separates the classes.
#[wasm_bindgen]
pub fn max_margin_direction(points: &[f64], labels: &[f64]) -> Result<JsValue, JsError> {
    let m = implicit::max_margin_direction(points, labels)?;
    Ok(serde_wasm_bindgen::to_value(&MaxMarginOut {
        direction: m.direction,
        margin: m.margin,
    })?)
}

#[derive(Serialize)]
struct LogisticOut {
    iterations: Vec<f64>,
    weights: Vec<f64>,
}

/// `logistic_path(points, labels, w0, step, iterations)` → `{iterations: [t…], weights:
/// [w1, w2, …]}`: gradient descent on the mean logistic loss (no intercept) from `w0 = [x, y]`,
/// recorded at t = 0, 1, 2, … and then about 40 log-spaced iterations per decade (every power
/// of ten among them), ending at the last.
#[wasm_bindgen]
pub fn logistic_path(
    points: &[f64],
    labels: &[f64],
    w0: &[f64],
    step: f64,
    iterations: f64,
) -> Result<JsValue, JsError> {
    if w0.len() != 2 {
        return Err(JsError::new(&format!(
            "The start point w0 needs exactly 2 numbers (x, y), not {}.",
            w0.len()
        )));
    }
    let iterations = whole_in(
        "The number of iterations",
        iterations,
        1,
        implicit::MAX_ITERATIONS,
    )?;
    let p = implicit::logistic_path(points, labels, [w0[0], w0[1]], step, iterations)?;
    let out = LogisticOut {
        iterations: p.iterations.iter().map(|&t| t as f64).collect(),
        weights: p.weights.into_iter().flatten().collect(),
    };
    Ok(serde_wasm_bindgen::to_value(&out)?)
}

/// `angle_degrees(a, b)` → the angle in degrees (0…180) between 2-D vectors `a` and `b`
/// (NaN when either is zero).
#[wasm_bindgen]
pub fn angle_degrees(a: &[f64], b: &[f64]) -> Result<f64, JsError> {
    if a.len() != 2 || b.len() != 2 {
        return Err(JsError::new("Both vectors need exactly 2 numbers (x, y)."));
    }
    Ok(implicit::angle_degrees([a[0], a[1]], [b[0], b[1]]))
}
