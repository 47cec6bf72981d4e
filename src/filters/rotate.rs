//! Rotating an image about its centre with bicubic interpolation.
//!
//! Output pixel `p` (relative to the centre `((cols − 1)/2, (rows − 1)/2)`, `x` right, `y`
//! down) reads the input at `R(−α)·p`, where `R(α) = [[cos α, −sin α], [sin α, cos α]]`. With
//! `y` pointing down this turns the content **clockwise** on screen by α, the same way a
//! filter's θ turns: rotating a kernel made at θ by α gives (up to interpolation) the kernel
//! made at θ + α.
//!
//! Between pixels the value is Keys' cubic convolution (`a = −½`, the usual "bicubic"):
//! `w(t) = (a+2)|t|³ − (a+3)|t|² + 1` for `|t| ≤ 1`, `a|t|³ − 5a|t|² + 8a|t| − 4a` for
//! `1 < |t| < 2`. It reproduces quadratics exactly and blurs much less than bilinear
//! interpolation (at a wavelength of 10 px, a half-pixel shift loses 0.3 % of the amplitude
//! instead of 5 %), which matters when comparing responses before and after a turn.

use ndarray::{Array2, ArrayView2};

use crate::error::{check_finite, Error, Result};
use crate::grid::{check_not_empty, flat, standard};

/// Keys' parameter: −½ makes the interpolant third-order accurate.
const A: f64 = -0.5;

fn keys(t: f64) -> f64 {
    let t = t.abs();
    if t <= 1.0 {
        ((A + 2.0) * t - (A + 3.0)) * t * t + 1.0
    } else if t < 2.0 {
        ((A * t - 5.0 * A) * t + 8.0 * A) * t - 4.0 * A
    } else {
        0.0
    }
}

/// Rotates `image` clockwise on screen by `degrees` about its centre, keeping
/// its size; pixels whose source falls outside the image get `fill`.
///
/// Sampling is bicubic (Keys, `a = −½`) with edge pixels repeated for the taps beyond the
/// border, so a turn by a multiple of 90° on a square image moves pixels exactly.
///
/// # Errors
/// [`Error::InvalidArgument`] for an empty image or a non-finite angle, fill or pixel.
///
/// # Example
/// ```
/// // A single bright pixel right of centre moves below the centre after a 90° turn.
/// let mut img = ndarray::Array2::<f32>::zeros((5, 5));
/// img[[2, 4]] = 1.0;
/// let out = convlab::filters::rotate_image(img.view(), 90.0, 0.0).unwrap();
/// assert!((out[[4, 2]] - 1.0).abs() < 1e-6);
/// ```
pub fn rotate_image(image: ArrayView2<'_, f32>, degrees: f64, fill: f32) -> Result<Array2<f32>> {
    check_not_empty("image", &image)?;
    let (rows, cols) = image.dim();
    let image = standard(&image);
    let image = flat(&image);
    check_finite("image", image)?;
    if !degrees.is_finite() || !fill.is_finite() {
        return Err(Error::invalid(format!(
            "The rotation angle ({degrees}°) and fill value ({fill}) must be finite numbers."
        )));
    }
    let (s, c) = degrees.to_radians().sin_cos();
    let (cy, cx) = ((rows as f64 - 1.0) / 2.0, (cols as f64 - 1.0) / 2.0);
    let mut out = Vec::with_capacity(rows * cols);
    for i in 0..rows {
        let dy = i as f64 - cy;
        for j in 0..cols {
            let dx = j as f64 - cx;
            // Source = R(−α)·p.
            let sx = c * dx + s * dy + cx;
            let sy = -s * dx + c * dy + cy;
            out.push(sample(image, rows, cols, sy, sx).unwrap_or(fill));
        }
    }
    Ok(Array2::from_shape_vec((rows, cols), out).expect("one value per pixel"))
}

/// Bicubic sample at `(y, x)`; `None` outside the image (within `1e-9` of the edge counts as
/// inside, so edge pixels survive rounding).
fn sample(image: &[f32], rows: usize, cols: usize, y: f64, x: f64) -> Option<f32> {
    const EPS: f64 = 1e-9;
    if !(y > -EPS && x > -EPS && y < rows as f64 - 1.0 + EPS && x < cols as f64 - 1.0 + EPS) {
        return None;
    }
    let (y0, x0) = (y.floor(), x.floor());
    let (fy, fx) = (y - y0, x - x0);
    let (y0, x0) = (y0 as isize, x0 as isize);
    let wy = [keys(1.0 + fy), keys(fy), keys(1.0 - fy), keys(2.0 - fy)];
    let wx = [keys(1.0 + fx), keys(fx), keys(1.0 - fx), keys(2.0 - fx)];
    let clamp = |v: isize, n: usize| v.clamp(0, n as isize - 1) as usize;
    let mut acc = 0.0f64;
    for (a, wya) in wy.iter().enumerate() {
        if *wya == 0.0 {
            continue;
        }
        let r = clamp(y0 - 1 + a as isize, rows);
        let row = &image[r * cols..(r + 1) * cols];
        let mut line = 0.0f64;
        for (b, wxb) in wx.iter().enumerate() {
            line += wxb * f64::from(row[clamp(x0 - 1 + b as isize, cols)]);
        }
        acc += wya * line;
    }
    Some(acc as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_turn_and_zero_turn_are_identity() {
        let img = Array2::from_shape_fn((5, 7), |(i, j)| (i * 7 + j) as f32);
        for d in [0.0, 360.0] {
            let out = rotate_image(img.view(), d, -1.0).unwrap();
            for (a, b) in out.iter().zip(&img) {
                assert!((a - b).abs() < 1e-4);
            }
        }
    }

    #[test]
    fn weights_form_a_partition_of_unity_and_interpolate() {
        for k in 0..=10 {
            let f = k as f64 / 10.0;
            let s = keys(1.0 + f) + keys(f) + keys(1.0 - f) + keys(2.0 - f);
            assert!((s - 1.0).abs() < 1e-12);
        }
        assert_eq!((keys(0.0), keys(1.0), keys(2.0)), (1.0, 0.0, 0.0));
    }

    #[test]
    fn a_linear_ramp_stays_linear_inside() {
        // Rotating f(x, y) = x by 90° gives f = y-ish values: check an interior pixel
        // against the exact rotated ramp (cubic convolution reproduces linear functions).
        let n = 9;
        let img = Array2::from_shape_fn((n, n), |(_, j)| j as f32);
        let out = rotate_image(img.view(), 30.0, 0.0).unwrap();
        let (s, c) = 30f64.to_radians().sin_cos();
        let (i, j) = (4.0 + 1.0, 4.0 - 1.0); // row, col
        let (dx, dy) = (j - 4.0, i - 4.0);
        let want = c * dx + s * dy + 4.0;
        assert!((f64::from(out[[5, 3]]) - want).abs() < 1e-5);
    }

    #[test]
    fn refuses_nan_angle() {
        assert!(rotate_image(Array2::zeros((2, 2)).view(), f64::NAN, 0.0).is_err());
    }
}
