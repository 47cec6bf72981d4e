//! Max and average pooling of a single-channel image.
//!
//! A `size × size` window slides over the image in steps of `stride` pixels, with no padding.
//! Output pixel `(i, j)` summarises the window whose top-left corner is `(i·stride, j·stride)`:
//!
//! ```text
//! max pool:      y[i, j] = max_{0≤a,b<size} x[i·stride + a, j·stride + b]
//! average pool:  y[i, j] = (1 / size²) · Σ_{0≤a,b<size} x[i·stride + a, j·stride + b]
//! ```
//!
//! The output has `⌊(rows − size) / stride⌋ + 1` rows and `⌊(cols − size) / stride⌋ + 1`
//! columns (PyTorch's `MaxPool2d`/`AvgPool2d` without padding, `ceil_mode = false`): windows
//! that would hang over the right or bottom edge are dropped. Pooling has no parameters to
//! learn; it shrinks the map and makes it a little less sensitive to small shifts of the input.

use ndarray::{s, Array2, ArrayView2};

use crate::error::{check_finite, Error, Result};
use crate::grid::{flat, standard};

/// The output shape `(rows, cols)` of pooling a `rows × cols` image with a `size × size`
/// window moved by `stride`: `(⌊(rows − size) / stride⌋ + 1, ⌊(cols − size) / stride⌋ + 1)`.
///
/// # Errors
/// [`Error::InvalidArgument`] when the image is empty, `size` or `stride` is zero, or the
/// window is larger than the image.
///
/// # Example
/// ```
/// use convlab::pool::pool_output_shape;
/// assert_eq!(pool_output_shape(256, 256, 2, 2).unwrap(), (128, 128));
/// assert_eq!(pool_output_shape(7, 5, 3, 2).unwrap(), (3, 2));
/// ```
pub fn pool_output_shape(
    rows: usize,
    cols: usize,
    size: usize,
    stride: usize,
) -> Result<(usize, usize)> {
    if rows == 0 || cols == 0 {
        return Err(Error::invalid(format!(
            "The image is empty ({rows} × {cols}): pooling needs at least one row and one column."
        )));
    }
    if size == 0 {
        return Err(Error::invalid(
            "The pool size is 0: a pooling window must be at least 1 × 1 pixel (2 × 2 is usual).",
        ));
    }
    if stride == 0 {
        return Err(Error::invalid(
            "The stride is 0: the pooling window must move at least 1 pixel per step (usually the stride equals the pool size).",
        ));
    }
    if size > rows || size > cols {
        return Err(Error::invalid(format!(
            "The pooling window ({size} × {size}) is larger than the image ({rows} × {cols}): use a pool size of at most {}.",
            rows.min(cols)
        )));
    }
    Ok(((rows - size) / stride + 1, (cols - size) / stride + 1))
}

/// Max pooling: each output pixel is the largest value in its `size × size` window.
///
/// The result has the shape given by [`pool_output_shape`].
///
/// # Errors
/// [`Error::InvalidArgument`] for the cases listed in [`pool_output_shape`] and for NaN or
/// infinite pixels.
///
/// # Example
/// ```
/// use convlab::pool::max_pool2d;
/// use ndarray::array;
/// let x = array![[1.0, 2.0, 0.0, 0.0],
///                [3.0, 4.0, 0.0, 5.0]];
/// assert_eq!(max_pool2d(x.view(), 2, 2).unwrap(), array![[4.0, 5.0]]);
/// ```
pub fn max_pool2d(image: ArrayView2<'_, f32>, size: usize, stride: usize) -> Result<Array2<f32>> {
    pool(image, size, stride, f32::NEG_INFINITY, f32::max, |m| m)
}

/// Average pooling: each output pixel is the mean of its `size × size` window.
///
/// Shapes as for [`max_pool2d`].
///
/// # Errors
/// As [`max_pool2d`].
///
/// # Example
/// ```
/// use convlab::pool::avg_pool2d;
/// use ndarray::array;
/// let x = array![[1.0, 2.0, 0.0, 0.0],
///                [3.0, 4.0, 0.0, 5.0]];
/// assert_eq!(avg_pool2d(x.view(), 2, 2).unwrap(), array![[2.5, 1.25]]);
/// ```
pub fn avg_pool2d(image: ArrayView2<'_, f32>, size: usize, stride: usize) -> Result<Array2<f32>> {
    // In f32: `size · size` may overflow `usize` before `pool` refuses the size.
    let area = size as f32 * size as f32;
    pool(image, size, stride, 0.0, |s, v| s + v, |s| s / area)
}

/// The shared sliding-window loop: folds each window with `step` from `init`, then `finish`es.
fn pool(
    image: ArrayView2<'_, f32>,
    size: usize,
    stride: usize,
    init: f32,
    step: impl Fn(f32, f32) -> f32,
    finish: impl Fn(f32) -> f32,
) -> Result<Array2<f32>> {
    let (rows, cols) = image.dim();
    let out_shape = pool_output_shape(rows, cols, size, stride)?;
    let img = standard(&image);
    check_finite("image", flat(&img))?;
    Ok(Array2::from_shape_fn(out_shape, |(i, j)| {
        let (top, left) = (i * stride, j * stride);
        let window = img.slice(s![top..top + size, left..left + size]);
        finish(window.iter().fold(init, |acc, &v| step(acc, v)))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn shapes_by_hand() {
        // ⌊(6 − 2)/2⌋ + 1 = 3, ⌊(5 − 2)/2⌋ + 1 = 2 (the last column is dropped).
        assert_eq!(pool_output_shape(6, 5, 2, 2).unwrap(), (3, 2));
        // Overlapping windows: ⌊(5 − 3)/1⌋ + 1 = 3.
        assert_eq!(pool_output_shape(5, 5, 3, 1).unwrap(), (3, 3));
        // Window as large as the image: one output.
        assert_eq!(pool_output_shape(4, 4, 4, 3).unwrap(), (1, 1));
        // Size 1, stride 1 is the identity shape.
        assert_eq!(pool_output_shape(3, 7, 1, 1).unwrap(), (3, 7));
    }

    #[test]
    fn overlapping_windows_by_hand() {
        // 3 × 3 image, 2 × 2 windows, stride 1 → 2 × 2 output.
        let x = array![[1.0, 5.0, 2.0], [0.0, 3.0, 9.0], [4.0, 1.0, 0.0]];
        assert_eq!(
            max_pool2d(x.view(), 2, 1).unwrap(),
            array![[5.0, 9.0], [4.0, 9.0]]
        );
        assert_eq!(
            avg_pool2d(x.view(), 2, 1).unwrap(),
            array![[2.25, 4.75], [2.0, 3.25]]
        );
    }

    #[test]
    fn negative_values_keep_their_maximum() {
        let x = array![[-3.0, -1.0], [-2.0, -7.0]];
        assert_eq!(max_pool2d(x.view(), 2, 2).unwrap(), array![[-1.0]]);
    }

    #[test]
    fn errors_are_readable() {
        let x = Array2::<f32>::zeros((3, 4));
        let e = max_pool2d(x.view(), 0, 1).unwrap_err();
        assert!(e.message().contains("pool size is 0"), "{e}");
        let e = avg_pool2d(x.view(), 2, 0).unwrap_err();
        assert!(e.message().contains("stride is 0"), "{e}");
        let e = max_pool2d(x.view(), 4, 1).unwrap_err();
        assert!(e.message().contains("at most 3"), "{e}");
        let e = avg_pool2d(Array2::zeros((0, 0)).view(), 1, 1).unwrap_err();
        assert!(e.message().contains("empty"), "{e}");
        let e = max_pool2d(array![[1.0, f32::NAN], [0.0, 0.0]].view(), 2, 2).unwrap_err();
        assert!(e.message().contains("position 2"), "{e}");
    }
}
