//! Exports of the figures stations state as results (`crate::maps`, the rotation-invariance
//! measure, the gradients a heavy-ball run used, the least-squares step bound and blow-up
//! verdict) and of the core's constants the page would otherwise copy.

use super::optim::run_heavy_ball;
use crate::filters::{self, INVARIANCE_THRESHOLD};
use crate::grid::into_row_major;
use crate::{maps, optim, stability, vector};
use ndarray::{ArrayView2, ArrayView3};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::args::{dim, real};

/// A flat buffer as one row (for elementwise maps whose shape does not matter).
fn row(values: &[f32]) -> ArrayView2<'_, f32> {
    ArrayView2::from_shape((1, values.len()), values).expect("one row of len values")
}

/// `relu(values)`: `max(v, 0)` elementwise (NaN stays NaN), same length.
#[wasm_bindgen]
pub fn relu(values: &[f32]) -> Vec<f32> {
    into_row_major(maps::relu(row(values)))
}

/// `relative_change(a, b)`: `‖a − b‖₂ / ‖b‖₂` (0 when `b` is all zero), for equally long maps.
#[wasm_bindgen]
pub fn relative_change(a: &[f32], b: &[f32]) -> Result<f64, JsError> {
    Ok(maps::relative_change(row(a), row(b))?)
}

/// The `count × rows × cols` stack in a flat buffer.
fn stack<'a>(
    what: &str,
    values: &'a [f32],
    rows: f64,
    cols: f64,
) -> Result<ArrayView3<'a, f32>, JsError> {
    Ok(crate::grid::view3(
        what,
        values,
        dim("rows", rows)?,
        dim("cols", cols)?,
    )?)
}

/// `max_over(stack, rows, cols, abs)`: the elementwise maximum (of `|v|` when `abs`) over the
/// `rows × cols` maps stored one after another in `stack`.
#[wasm_bindgen]
pub fn max_over(
    stack_values: &[f32],
    rows: f64,
    cols: f64,
    abs: bool,
) -> Result<Vec<f32>, JsError> {
    let maps = stack("stack of maps", stack_values, rows, cols)?;
    Ok(into_row_major(maps::max_over(maps, abs)?))
}

/// The filters station's rotation-invariance measure ([`filters::rotation_invariance`]).
#[wasm_bindgen]
pub struct Invariance {
    inner: filters::Invariance,
}

#[wasm_bindgen]
impl Invariance {
    /// Radius (px) of the comparison disc about the image centre.
    #[wasm_bindgen(getter)]
    pub fn disc_radius(&self) -> f64 {
        self.inner.disc_radius as f64
    }
    /// Relative change of the maximum over orientations (RMS difference ÷ reference spread).
    #[wasm_bindgen(getter)]
    pub fn max_change(&self) -> f64 {
        self.inner.max_change
    }
    /// Relative change of the θ = 0° map alone.
    #[wasm_bindgen(getter)]
    pub fn one_change(&self) -> f64 {
        self.inner.one_change
    }
    /// The θ = 30° map of the turned image against the θ = 0° map turned.
    #[wasm_bindgen(getter)]
    pub fn next_change(&self) -> f64 {
        self.inner.next_change
    }
    /// `max_change < threshold`: the maximum is (nearly) rotation-invariant.
    #[wasm_bindgen(getter)]
    pub fn invariant(&self) -> bool {
        self.inner.invariant
    }
    /// The threshold of the verdict (0.15).
    #[wasm_bindgen(getter)]
    pub fn threshold(&self) -> f64 {
        INVARIANCE_THRESHOLD
    }
    /// The reference map: the maximum over orientations of the original responses, turned.
    pub fn reference(&self) -> Vec<f32> {
        into_row_major(self.inner.reference.clone())
    }
}

/// `rotation_invariance(original, turned, rows, cols, degrees, kernel_radius, abs)` →
/// `Invariance`: `original` and `turned` are the bank's responses (one `rows × cols` map per
/// orientation, θ = 0°, 30°, … in order) to the image and to the image turned by `degrees`.
#[wasm_bindgen]
pub fn rotation_invariance(
    original: &[f32],
    turned: &[f32],
    rows: f64,
    cols: f64,
    degrees: f64,
    kernel_radius: f64,
    abs: bool,
) -> Result<Invariance, JsError> {
    let inner = filters::rotation_invariance(
        stack("responses to the image", original, rows, cols)?,
        stack("responses to the turned image", turned, rows, cols)?,
        degrees,
        dim("kernel radius", kernel_radius)?,
        abs,
    )?;
    Ok(Invariance { inner })
}

/// `rotation_disc_radius(rows, cols, kernel_radius)`: `⌊min(rows, cols)/2 − kernel_radius − 2⌋`,
/// the comparison disc's radius (negative when there is none).
#[wasm_bindgen]
pub fn rotation_disc_radius(rows: f64, cols: f64, kernel_radius: f64) -> Result<f64, JsError> {
    let shape = (dim("rows", rows)?, dim("cols", cols)?);
    Ok(filters::disc_radius(
        shape,
        dim("kernel radius", kernel_radius)?,
    ))
}

/// `heavy_ball_gradients(problem, w0, alpha, beta, steps)` → `Float64Array` of 2·steps numbers:
/// the gradient `gᵗ` step t used (`∇f(wᵗ)` plus its noise), for the same arguments as
/// `heavy_ball_path`, whose iterates satisfy wᵗ⁺¹ = wᵗ − α·gᵗ + β·(wᵗ − wᵗ⁻¹).
#[wasm_bindgen]
pub fn heavy_ball_gradients(
    problem: JsValue,
    w0: &[f64],
    alpha: f64,
    beta: f64,
    steps: f64,
) -> Result<Vec<f64>, JsError> {
    let run = run_heavy_ball(problem, w0, alpha, beta, steps)?;
    Ok(run.gradients.into_iter().flatten().collect())
}

#[derive(Serialize)]
struct StepOut {
    curvature: f64,
    alpha: f64,
    guaranteed_stable: bool,
    overshoots: bool,
}

/// `least_squares_step(x, n, d, ratio)` → `{curvature: L = maxᵢ‖xᵢ‖², alpha: ratio/L,
/// guaranteed_stable: ratio < 2, overshoots: 1 < ratio < 2}`.
#[wasm_bindgen]
pub fn least_squares_step(x: &[f64], n: f64, d: f64, ratio: f64) -> Result<JsValue, JsError> {
    let s = stability::step_size(x, dim("n", n)?, dim("d", d)?, ratio)?;
    let out = StepOut {
        curvature: s.curvature,
        alpha: s.alpha,
        guaranteed_stable: s.guaranteed_stable,
        overshoots: s.overshoots,
    };
    Ok(serde_wasm_bindgen::to_value(&out)?)
}

#[derive(Serialize)]
struct EndOut {
    last: Vec<f64>,
    norm: f64,
    max_residual: f64,
    diverged: bool,
}

/// `least_squares_end(x, y, n, d, path)` → `{last: [w₁, …], norm: ‖wᵀ‖, max_residual:
/// maxᵢ|xᵢ·wᵀ − yᵢ|, diverged}` for a path from `least_squares_path`; `diverged` when the last
/// iterate is not finite or longer than 10⁶.
#[wasm_bindgen]
pub fn least_squares_end(
    x: &[f64],
    y: &[f64],
    n: f64,
    d: f64,
    path: &[f64],
) -> Result<JsValue, JsError> {
    let e = stability::run_end(x, y, dim("n", n)?, dim("d", d)?, path)?;
    let out = EndOut {
        last: e.last,
        norm: e.norm,
        max_residual: e.max_residual,
        diverged: e.diverged,
    };
    Ok(serde_wasm_bindgen::to_value(&out)?)
}

#[derive(Serialize)]
struct NormOut {
    norm: f64,
    direction: Option<Vec<f64>>,
}

/// `norm_and_direction(w)` → `{norm: ‖w‖₂, direction: [w₁/‖w‖, …]}` for a weight vector
/// (`direction` is `undefined` for w = 0); an empty vector or a non-finite entry is an error.
/// The implicit-regularization station prints ‖w‖, w/‖w‖ and ‖limit‖ with it.
#[wasm_bindgen]
pub fn norm_and_direction(w: &[f64]) -> Result<JsValue, JsError> {
    let v = vector::norm_and_direction(w)?;
    let out = NormOut {
        norm: v.norm,
        direction: v.direction,
    };
    Ok(serde_wasm_bindgen::to_value(&out)?)
}

/// `steps_to_shrink(rate, factor)` → the least t with rateᵗ ≤ 1/factor (the momentum station's
/// "1000× closer every t steps"), or `undefined` when rate ≥ 1 (never). A negative or
/// non-finite rate, or a factor below 1, is an error.
#[wasm_bindgen]
pub fn steps_to_shrink(rate: f64, factor: f64) -> Result<Option<f64>, JsError> {
    let t = optim::steps_to_shrink(
        real("The contraction per step", rate)?,
        real("How many times closer", factor)?,
    )?;
    // A count a JS number holds exactly up to 2⁵³, far beyond any run the page draws.
    Ok(t.map(|t| t as f64))
}

#[derive(Serialize)]
struct LenetSizes {
    side: usize,
    pixels: usize,
    max_pixel: u8,
    classes: usize,
    conv1_maps: usize,
    conv2_maps: usize,
    kernel: usize,
    n_train: usize,
}

#[derive(Serialize)]
struct Constants {
    max_radius: usize,
    noise_sd: f64,
    lenet: LenetSizes,
}

/// `station_constants()` → `{max_radius, noise_sd, lenet: {side, pixels, max_pixel, classes,
/// conv1_maps, conv2_maps, kernel, n_train}}`: the core's limits and sizes, so the page reads
/// them instead of copying them (filter radius limit; the regularization data's label-noise σ;
/// the LeNet digits and layers, and its default number of training digits).
#[wasm_bindgen]
pub fn station_constants() -> Result<JsValue, JsError> {
    use crate::nn::cnn;
    let out = Constants {
        max_radius: filters::MAX_RADIUS,
        noise_sd: crate::nn::Config::default().noise,
        lenet: LenetSizes {
            side: cnn::SIDE,
            pixels: cnn::PIXELS,
            max_pixel: cnn::MAX_PIXEL,
            classes: cnn::CLASSES,
            conv1_maps: cnn::C1,
            conv2_maps: cnn::C2,
            kernel: cnn::K,
            n_train: cnn::TrainConfig::default().n_train,
        },
    };
    Ok(serde_wasm_bindgen::to_value(&out)?)
}
