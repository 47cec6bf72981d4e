//! Exports of the filter kernels, the RFS bank, MR8 and FFT correlation.
//!
//! Sizes and radii arrive as JS numbers (`f64`) and are checked here, so a NaN or a negative
//! slider value gives a message instead of wrapping around.

use super::args::{config_or_default, dim};
use crate::border::Border;
use crate::filters::{self, FilterMethod};
use crate::grid::{into_row_major, view2, view3};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// `gaussian_kernel(sigma, radius)`: `(2r+1)²` Gaussian, row-major, summing to 1.
#[wasm_bindgen]
pub fn gaussian_kernel(sigma: f64, radius: f64) -> Result<Vec<f32>, JsError> {
    let k = filters::gaussian_kernel(sigma, filters::check_radius(radius)?)?;
    Ok(into_row_major(k))
}

/// `log_kernel(sigma, radius)`: `(2r+1)²` Laplacian of Gaussian, sum 0, L1 norm 1.
#[wasm_bindgen]
pub fn log_kernel(sigma: f64, radius: f64) -> Result<Vec<f32>, JsError> {
    let k = filters::log_kernel(sigma, filters::check_radius(radius)?)?;
    Ok(into_row_major(k))
}

/// `gabor_kernel(sigma, theta, wavelength, aspect, phase, radius)`: `(2r+1)²` real Gabor,
/// `exp(−(x′²+γ²y′²)/2σ²)·cos(2πx′/λ+ψ)`; θ and ψ in radians, θ turning clockwise on screen.
#[wasm_bindgen]
pub fn gabor_kernel(
    sigma: f64,
    theta: f64,
    wavelength: f64,
    aspect: f64,
    phase: f64,
    radius: f64,
) -> Result<Vec<f32>, JsError> {
    let k = filters::gabor_kernel(
        sigma,
        theta,
        wavelength,
        aspect,
        phase,
        filters::check_radius(radius)?,
    )?;
    Ok(into_row_major(k))
}

/// `edge_kernel(sigma, theta, radius)`: RFS edge filter `G₀(3σ,u)·G₁(σ,v)`, sum 0, L1 1.
#[wasm_bindgen]
pub fn edge_kernel(sigma: f64, theta: f64, radius: f64) -> Result<Vec<f32>, JsError> {
    let k = filters::edge_kernel(sigma, theta, filters::check_radius(radius)?)?;
    Ok(into_row_major(k))
}

/// `bar_kernel(sigma, theta, radius)`: RFS bar filter `G₀(3σ,u)·G₂(σ,v)`, sum 0, L1 1.
#[wasm_bindgen]
pub fn bar_kernel(sigma: f64, theta: f64, radius: f64) -> Result<Vec<f32>, JsError> {
    let k = filters::bar_kernel(sigma, theta, filters::check_radius(radius)?)?;
    Ok(into_row_major(k))
}

/// `rfs_bank()`: the 38 RFS filters, 49×49 each, concatenated (edges, bars, Gaussian, LoG).
#[wasm_bindgen]
pub fn rfs_bank() -> Vec<f32> {
    into_row_major(filters::rfs_bank())
}

/// `mr8_responses(image, rows, cols)`: `8 × rows × cols` MR8 maps (edge σ=1,2,4; bar σ=1,2,4;
/// Gaussian; LoG), signed maximum over orientations, reflect border.
#[wasm_bindgen]
pub fn mr8_responses(image: &[f32], rows: f64, cols: f64) -> Result<Vec<f32>, JsError> {
    let image = view2("image", image, dim("rows", rows)?, dim("cols", cols)?)?;
    Ok(into_row_major(filters::mr8_responses(image)?))
}

/// `mr8_forget_cache()`: frees the bank spectra kept from the last MR8 (up to ~60 MB), so the
/// next MR8 transforms the 38 filters again.
#[wasm_bindgen]
pub fn mr8_forget_cache() {
    filters::forget_mr8_spectra();
}

/// `filter_image(image, rows, cols, kernel, krows, kcols, border)`: correlation (equal to
/// `correlate2d`) by the cheapest of direct, separable and FFT; see `filter_method`.
#[wasm_bindgen]
pub fn filter_image(
    image: &[f32],
    rows: f64,
    cols: f64,
    kernel: &[f32],
    krows: f64,
    kcols: f64,
    border: &str,
) -> Result<Vec<f32>, JsError> {
    let image = view2("image", image, dim("rows", rows)?, dim("cols", cols)?)?;
    let kernel = view2("kernel", kernel, dim("krows", krows)?, dim("kcols", kcols)?)?;
    let (out, _) = filters::filter_image(image, kernel, Border::parse(border)?)?;
    Ok(into_row_major(out))
}

/// `filter_method(rows, cols, kernel, krows, kcols)`: which method `filter_image` uses for this
/// kernel on a `rows × cols` image: `"direct"`, `"separable"` or `"fft"`.
#[wasm_bindgen]
pub fn filter_method(
    rows: f64,
    cols: f64,
    kernel: &[f32],
    krows: f64,
    kcols: f64,
) -> Result<String, JsError> {
    let kernel = view2("kernel", kernel, dim("krows", krows)?, dim("kcols", kcols)?)?;
    let m: FilterMethod = filters::choose_method((dim("rows", rows)?, dim("cols", cols)?), kernel);
    Ok(m.name().to_string())
}

/// `correlate2d_fft(image, rows, cols, kernel, krows, kcols, border)`: correlation through the
/// FFT, equal to `correlate2d` to about 1e-6 of the largest response.
#[wasm_bindgen]
pub fn correlate2d_fft(
    image: &[f32],
    rows: f64,
    cols: f64,
    kernel: &[f32],
    krows: f64,
    kcols: f64,
    border: &str,
) -> Result<Vec<f32>, JsError> {
    let image = view2("image", image, dim("rows", rows)?, dim("cols", cols)?)?;
    let kernel = view2("kernel", kernel, dim("krows", krows)?, dim("kcols", kcols)?)?;
    let out = crate::fftconv::correlate2d_fft(image, kernel, Border::parse(border)?)?;
    Ok(into_row_major(out))
}

/// `correlate_bank(image, rows, cols, kernels, krows, kcols, border)`: the correlation with each
/// of several `krows × kcols` kernels stored one after another; responses one after another.
/// One image FFT, two kernels per inverse FFT.
#[wasm_bindgen]
pub fn correlate_bank(
    image: &[f32],
    rows: f64,
    cols: f64,
    kernels: &[f32],
    krows: f64,
    kcols: f64,
    border: &str,
) -> Result<Vec<f32>, JsError> {
    let image = view2("image", image, dim("rows", rows)?, dim("cols", cols)?)?;
    let kernels = view3(
        "kernels",
        kernels,
        dim("krows", krows)?,
        dim("kcols", kcols)?,
    )?;
    let out = crate::fftconv::correlate_bank(image, kernels, Border::parse(border)?)?;
    Ok(into_row_major(out))
}

/// `rotate_image(image, rows, cols, degrees, fill)`: turns the image clockwise on screen
/// about its centre (bicubic), same size; outside pixels get `fill`.
#[wasm_bindgen]
pub fn rotate_image(
    image: &[f32],
    rows: f64,
    cols: f64,
    degrees: f64,
    fill: f32,
) -> Result<Vec<f32>, JsError> {
    let image = view2("image", image, dim("rows", rows)?, dim("cols", cols)?)?;
    Ok(into_row_major(filters::rotate_image(image, degrees, fill)?))
}

/// Options of [`Mr8Job::new`], read from a JS object such as `{ abs: true }`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Mr8Options {
    /// Take the maximum of `|response|` over orientations instead of the signed maximum.
    #[serde(default)]
    abs: bool,
}

/// `new Mr8Job(image, rows, cols, options?)`: MR8 in 19 steps, for a worker reporting progress.
/// `options`: `{ abs: bool }` (default signed maximum).
#[wasm_bindgen]
pub struct Mr8Job {
    inner: Option<filters::Mr8Job>,
}

#[wasm_bindgen]
impl Mr8Job {
    /// Pads and transforms the image; throws a readable error for a bad image or options.
    #[wasm_bindgen(constructor)]
    pub fn new(image: &[f32], rows: f64, cols: f64, options: JsValue) -> Result<Mr8Job, JsError> {
        let opts: Mr8Options =
            config_or_default(options, "MR8 options should look like { abs: true }")?;
        Ok(Mr8Job {
            inner: Some(filters::Mr8Job::new(
                view2("image", image, dim("rows", rows)?, dim("cols", cols)?)?,
                opts.abs,
            )?),
        })
    }

    /// Runs one step (a pair of filters); returns the fraction done, 0..1.
    pub fn step(&mut self) -> f64 {
        self.inner.as_mut().map_or(1.0, |j| j.step())
    }

    /// Number of steps (19).
    pub fn steps_total(&self) -> usize {
        self.inner.as_ref().map_or(0, |j| j.steps_total())
    }

    /// True once every step has run.
    pub fn done(&self) -> bool {
        self.inner.as_ref().is_none_or(|j| j.is_done())
    }

    /// The `8 × rows × cols` responses (finishing any remaining steps); the job is used up.
    pub fn responses(&mut self) -> Result<Vec<f32>, JsError> {
        self.inner
            .take()
            .map(|j| into_row_major(j.into_responses()))
            .ok_or_else(|| JsError::new("These MR8 responses were already taken: start a new job."))
    }
}
