//! Sampled filter kernels, `(2r + 1) × (2r + 1)` arrays (`Array2<f32>`), centre at `(r, r)`.
//!
//! Cell `(i, j)` sits at `x = j − r` (right) and `y = i − r` (down). All arithmetic is done in
//! `f64` and rounded to `f32` once at the end.
//!
//! | kernel | formula | scale |
//! |---|---|---|
//! | Gaussian | `exp(−(x² + y²) / 2σ²)` | sums to 1 |
//! | LoG | `(x² + y² − 2σ²) / σ⁴ · exp(−(x² + y²) / 2σ²)`, minus its mean | sums to 0, `Σ|k| = 1` |
//! | Gabor | `exp(−(x′² + γ²y′²) / 2σ²) · cos(2πx′/λ + ψ)` | peak envelope 1 |
//! | RFS edge | `G₀(3σ, u) · G₁(σ, v)`, minus mean | sums to 0, `Σ|k| = 1` |
//! | RFS bar | `G₀(3σ, u) · G₂(σ, v)`, minus mean | sums to 0, `Σ|k| = 1` |
//!
//! `x′ = x cosθ + y sinθ`, `y′ = −x sinθ + y cosθ`; because `y` points down, growing θ turns
//! the kernel clockwise on screen. The RFS filters use Varma & Zisserman's grid
//! (`makeRFSfilters.m`), whose `y` points **up**: `u = x cosθ − y_up sinθ`,
//! `v = x sinθ + y_up cosθ`, which also turns clockwise on screen as θ grows.

use ndarray::Array2;

use crate::error::{Error, Result};

/// Largest kernel radius accepted (px): a `(2·200 + 1)²` kernel already has 160 801 taps.
pub const MAX_RADIUS: usize = 200;

/// Largest σ accepted (px); far beyond any radius the page offers.
pub const MAX_SIGMA: f64 = 1000.0;

/// Checks a radius given as a JS number: a whole number from 1 to [`MAX_RADIUS`].
///
/// # Errors
/// [`Error::InvalidArgument`] for NaN, fractions, zero, negative or too large values.
pub fn check_radius(radius: f64) -> Result<usize> {
    if !radius.is_finite() || radius.fract() != 0.0 || radius < 1.0 || radius > MAX_RADIUS as f64 {
        return Err(Error::invalid(format!(
            "The kernel radius must be a whole number from 1 to {MAX_RADIUS} pixels (got {radius}): \
             the kernel is (2·radius + 1) pixels wide."
        )));
    }
    Ok(radius as usize)
}

fn check_usize_radius(radius: usize) -> Result<()> {
    check_radius(radius as f64).map(|_| ())
}

/// σ-like parameters: finite, > 0 and ≤ [`MAX_SIGMA`].
fn check_positive(name: &str, symbol: &str, v: f64) -> Result<()> {
    if !v.is_finite() || v <= 0.0 {
        return Err(Error::invalid(format!(
            "{name} {symbol} must be a positive number (got {v}): try a value such as 2."
        )));
    }
    if v > MAX_SIGMA {
        return Err(Error::invalid(format!(
            "{name} {symbol} = {v} is too large: use at most {MAX_SIGMA} pixels."
        )));
    }
    Ok(())
}

fn check_angle(name: &str, symbol: &str, v: f64) -> Result<()> {
    if !v.is_finite() {
        return Err(Error::invalid(format!(
            "{name} {symbol} must be a finite angle in radians (got {v})."
        )));
    }
    Ok(())
}

/// The 1D sampled Gaussian on `−r..=r`, normalised to sum 1 (scipy's `_gaussian_kernel1d`).
pub(crate) fn gaussian_1d(sigma: f64, radius: usize) -> Vec<f64> {
    let r = radius as isize;
    let g: Vec<f64> = (-r..=r)
        // (x/σ)², not x²/σ²: σ² underflows to 0 for σ below ~1e-154, and 0/0 would be NaN.
        .map(|x| (-0.5 * (x as f64 / sigma).powi(2)).exp())
        .collect();
    let s: f64 = g.iter().sum();
    g.into_iter().map(|v| v / s).collect()
}

/// A `(2r + 1)²` Gaussian kernel, `∝ exp(−(x² + y²) / 2σ²)`, summing to 1.
///
/// It is the outer product of two normalised 1D Gaussians, so it equals
/// `scipy.ndimage.gaussian_filter(delta, σ, radius=r)` on a unit impulse.
///
/// # Errors
/// [`Error::InvalidArgument`] when σ is not a positive number or the radius is outside
/// `1..=MAX_RADIUS`.
///
/// # Example
/// ```
/// let k = convlab::filters::gaussian_kernel(1.0, 2).unwrap();
/// assert_eq!(k.dim(), (5, 5));
/// assert!((k.sum() - 1.0).abs() < 1e-6);
/// assert!(k[[2, 2]] > k[[2, 1]]); // the peak is the centre
/// ```
pub fn gaussian_kernel(sigma: f64, radius: usize) -> Result<Array2<f32>> {
    check_positive("The Gaussian's", "σ", sigma)?;
    check_usize_radius(radius)?;
    let g = gaussian_1d(sigma, radius);
    Ok(square(outer(&g, &g), radius))
}

/// A `(2r + 1)²` Laplacian-of-Gaussian kernel: `(x² + y² − 2σ²) / σ⁴ · G_σ(x, y)` minus its
/// mean, scaled so that `Σ|k| = 1`.
///
/// Before the scaling this is exactly `scipy.ndimage.gaussian_laplace(delta, σ, radius=r)`
/// shifted to sum 0 (and MATLAB's `fspecial('log')`). The L1 scaling (as in the RFS bank) bounds
/// the response: on an image with values in `[0, 1]` it stays within `[−½, ½]`.
/// It is negative in the centre, so it responds positively to dark blobs of radius ≈ σ√2.
///
/// # Errors
/// [`Error::InvalidArgument`] when σ is not a positive number or the radius is outside
/// `1..=MAX_RADIUS`.
///
/// # Example
/// ```
/// let k = convlab::filters::log_kernel(1.5, 5).unwrap();
/// assert!(k.sum().abs() < 1e-6);
/// assert!((k.iter().map(|v| v.abs()).sum::<f32>() - 1.0).abs() < 1e-5);
/// assert!(k[[5, 5]] < 0.0);
/// ```
pub fn log_kernel(sigma: f64, radius: usize) -> Result<Array2<f32>> {
    check_positive("The LoG's", "σ", sigma)?;
    check_usize_radius(radius)?;
    let g = gaussian_1d(sigma, radius);
    let r = radius as isize;
    let s2 = sigma * sigma;
    let mut k = Vec::with_capacity(g.len() * g.len());
    for (i, gy) in g.iter().enumerate() {
        let y = (i as isize - r) as f64;
        for (j, gx) in g.iter().enumerate() {
            let x = (j as isize - r) as f64;
            k.push((x * x + y * y - 2.0 * s2) / (s2 * s2) * gy * gx);
        }
    }
    normalise_zero_mean_l1(&mut k, "Laplacian of Gaussian")?;
    Ok(square(k, radius))
}

/// A `(2r + 1)²` real Gabor kernel `exp(−(x′² + γ²y′²) / 2σ²) · cos(2πx′/λ + ψ)`, with
/// `x′ = x cosθ + y sinθ`, `y′ = −x sinθ + y cosθ` (`x` right, `y` down).
///
/// θ is the direction across the stripes: at θ = 0 the stripes are vertical; growing θ turns
/// the kernel **clockwise** on screen (θ = π/4 gives stripes running from bottom-left to
/// top-right). λ is the wavelength in pixels, γ the aspect ratio (γ > 1 makes the stripes
/// shorter), ψ the phase (0: even, centre-on bar; π/2: odd, edge-like). The envelope peaks at 1
/// (no area normalisation); scikit-image's `gabor_kernel(1/λ, θ, sigma_x=σ, sigma_y=σ/γ,
/// offset=ψ).real` is the same kernel divided by `2π σ²/γ`.
///
/// # Errors
/// [`Error::InvalidArgument`] when σ, λ or γ is not a positive number, θ or ψ is not finite,
/// or the radius is outside `1..=MAX_RADIUS`.
///
/// # Example
/// ```
/// use std::f64::consts::FRAC_PI_2;
/// let k = convlab::filters::gabor_kernel(2.0, 0.0, 6.0, 1.0, 0.0, 3).unwrap();
/// assert_eq!(k[[3, 3]], 1.0); // centre: envelope 1, cos 0 = 1
/// // θ = π/2: the stripes are horizontal, the kernel is the θ = 0 one transposed.
/// let t = convlab::filters::gabor_kernel(2.0, FRAC_PI_2, 6.0, 1.0, 0.0, 3).unwrap();
/// assert!((t[[0, 2]] - k[[2, 0]]).abs() < 1e-6);
/// ```
pub fn gabor_kernel(
    sigma: f64,
    theta: f64,
    wavelength: f64,
    aspect: f64,
    phase: f64,
    radius: usize,
) -> Result<Array2<f32>> {
    check_positive("The Gabor's", "σ", sigma)?;
    check_angle("The Gabor's orientation", "θ", theta)?;
    check_positive("The Gabor's wavelength", "λ", wavelength)?;
    check_positive("The Gabor's aspect ratio", "γ", aspect)?;
    check_angle("The Gabor's phase", "ψ", phase)?;
    check_usize_radius(radius)?;
    let (s, c) = theta.sin_cos();
    let r = radius as isize;
    let mut k = Vec::with_capacity((2 * radius + 1).pow(2));
    for i in -r..=r {
        let y = i as f64;
        for j in -r..=r {
            let x = j as f64;
            let xp = x * c + y * s;
            let yp = -x * s + y * c;
            // Divided by σ before squaring, so a tiny σ cannot make 0/0 = NaN at the centre.
            let envelope = (-0.5 * ((xp / sigma).powi(2) + (aspect * yp / sigma).powi(2))).exp();
            k.push(envelope * (2.0 * std::f64::consts::PI * xp / wavelength + phase).cos());
        }
    }
    Ok(square(k, radius))
}

/// `gauss1d` of `makeRFSfilters.m`: the Gaussian (or its first or second derivative) at `x`.
fn gauss1d(sigma: f64, x: f64, order: u8) -> f64 {
    let variance = sigma * sigma;
    let g = (-x * x / (2.0 * variance)).exp() / (std::f64::consts::PI * 2.0 * variance).sqrt();
    match order {
        0 => g,
        1 => -g * x / variance,
        _ => g * (x * x - variance) / (variance * variance),
    }
}

/// `makefilter` of `makeRFSfilters.m` on a grid of radius `r`: `G₀(3σ, u) · G_order(σ, v)`,
/// zero-mean with L1 norm 1.
fn rfs_oriented(
    sigma: f64,
    theta: f64,
    radius: usize,
    order: u8,
    what: &str,
) -> Result<Array2<f32>> {
    check_positive(&format!("The {what} filter's"), "σ", sigma)?;
    check_angle(&format!("The {what} filter's orientation"), "θ", theta)?;
    check_usize_radius(radius)?;
    let (s, c) = theta.sin_cos();
    let r = radius as isize;
    let mut k = Vec::with_capacity((2 * radius + 1).pow(2));
    for i in -r..=r {
        // MATLAB's meshgrid(-h:h, h:-1:-h): x grows along a row, y_up shrinks down the rows.
        let y_up = -i as f64;
        for j in -r..=r {
            let x = j as f64;
            let u = c * x - s * y_up;
            let v = s * x + c * y_up;
            k.push(gauss1d(3.0 * sigma, u, 0) * gauss1d(sigma, v, order));
        }
    }
    normalise_zero_mean_l1(&mut k, what)?;
    Ok(square(k, radius))
}

/// The RFS edge filter `G₀(3σ, u) · G₁(σ, v)`: a first derivative across, smoothing along
/// (3× longer) the direction `u`; zero-mean with `Σ|k| = 1`.
///
/// At θ = 0 it is elongated horizontally and responds to horizontal edges that are bright
/// below and dark above (`G₁(v) = −v/σ² · G₀(v)` with `v` pointing up); growing θ turns it
/// clockwise on screen.
///
/// # Errors
/// [`Error::InvalidArgument`] when σ is not a positive number, θ is not finite, or the radius
/// is outside `1..=MAX_RADIUS`.
pub fn edge_kernel(sigma: f64, theta: f64, radius: usize) -> Result<Array2<f32>> {
    rfs_oriented(sigma, theta, radius, 1, "edge")
}

/// The RFS bar filter `G₀(3σ, u) · G₂(σ, v)`: a second derivative across the direction `u`,
/// smoothing along it; zero-mean with `Σ|k| = 1`. Negative along its centre line, so it
/// responds positively to dark lines (about 2σ wide) running along `u`.
///
/// # Errors
/// [`Error::InvalidArgument`] when σ is not a positive number, θ is not finite, or the radius
/// is outside `1..=MAX_RADIUS`.
pub fn bar_kernel(sigma: f64, theta: f64, radius: usize) -> Result<Array2<f32>> {
    rfs_oriented(sigma, theta, radius, 2, "bar")
}

/// `normalise` of `makeRFSfilters.m`: subtracts the mean, then divides by the sum of absolute
/// values, so the kernel sums to 0 with L1 norm 1.
///
/// # Errors
/// [`Error::InvalidArgument`] naming `what` when nothing is left after removing the mean (a
/// constant kernel), so it cannot be scaled.
pub fn normalise_zero_mean_l1(k: &mut [f64], what: &str) -> Result<()> {
    let mean = k.iter().sum::<f64>() / k.len() as f64;
    k.iter_mut().for_each(|v| *v -= mean);
    let l1: f64 = k.iter().map(|v| v.abs()).sum();
    if !(l1.is_finite() && l1 > 1e-300) {
        return Err(Error::invalid(format!(
            "The {what} kernel is constant over its window, so it cannot be made zero-mean: \
             use a larger radius or a smaller σ."
        )));
    }
    k.iter_mut().for_each(|v| *v /= l1);
    Ok(())
}

/// The row-major `f64` values of a `(2r + 1)²` kernel, rounded once to `f32`, as an array.
fn square(values: Vec<f64>, radius: usize) -> Array2<f32> {
    let n = 2 * radius + 1;
    Array2::from_shape_vec((n, n), values.into_iter().map(|v| v as f32).collect())
        .expect("a (2r + 1)² kernel has (2r + 1)² values")
}

fn outer(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter()
        .flat_map(|x| b.iter().map(move |y| x * y))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_input_is_refused_with_a_message() {
        for r in [0.0, -1.0, 2.5, f64::NAN, 1e9] {
            let e = check_radius(r).unwrap_err();
            assert!(e.message().contains("radius"), "{e}");
        }
        assert_eq!(check_radius(3.0).unwrap(), 3);
        for s in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(gaussian_kernel(s, 3).unwrap_err().message().contains("σ"));
            assert!(log_kernel(s, 3).is_err());
            assert!(edge_kernel(s, 0.0, 3).is_err());
            assert!(gabor_kernel(2.0, 0.0, s, 1.0, 0.0, 3)
                .unwrap_err()
                .message()
                .contains("λ"));
            assert!(gabor_kernel(2.0, 0.0, 4.0, s, 0.0, 3)
                .unwrap_err()
                .message()
                .contains("γ"));
        }
        assert!(gabor_kernel(2.0, f64::NAN, 4.0, 1.0, 0.0, 3)
            .unwrap_err()
            .message()
            .contains("θ"));
        assert!(gaussian_kernel(1.0, 0).is_err());
    }

    #[test]
    fn edge_at_theta_zero_is_horizontal_and_bright_below() {
        // Row-major 7×7; compare the column through the centre: top (y_up > 0) negative.
        let k = edge_kernel(1.0, 0.0, 3).unwrap();
        assert!(k[[0, 3]] < 0.0 && k[[6, 3]] > 0.0);
        // Elongated horizontally: the centre row is (numerically) zero, as G₁(0) = 0.
        assert!(k.row(3).iter().all(|v| v.abs() < 1e-7));
    }

    #[test]
    fn rotating_theta_by_a_right_angle_transposes_even_kernels() {
        let a = bar_kernel(2.0, 0.0, 6).unwrap();
        let b = bar_kernel(2.0, std::f64::consts::FRAC_PI_2, 6).unwrap();
        for (x, y) in a.iter().zip(b.t()) {
            assert!((x - y).abs() < 1e-7);
        }
    }
}
