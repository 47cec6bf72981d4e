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

use crate::error::{check_finite, check_shape, Error, Result};

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
/// `image` is row-major `rows × cols`; the result is row-major with the shape given by
/// [`pool_output_shape`].
///
/// # Errors
/// [`Error::ShapeMismatch`] when `image.len() ≠ rows · cols`; [`Error::InvalidArgument`] for
/// the cases listed in [`pool_output_shape`] and for NaN or infinite pixels.
///
/// # Example
/// ```
/// use convlab::pool::max_pool2d;
/// let x = [1.0, 2.0, 0.0, 0.0,
///          3.0, 4.0, 0.0, 5.0];
/// assert_eq!(max_pool2d(&x, 2, 4, 2, 2).unwrap(), vec![4.0, 5.0]);
/// ```
pub fn max_pool2d(
    image: &[f32],
    rows: usize,
    cols: usize,
    size: usize,
    stride: usize,
) -> Result<Vec<f32>> {
    pool(
        image,
        rows,
        cols,
        size,
        stride,
        f32::NEG_INFINITY,
        f32::max,
        |m| m,
    )
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
/// let x = [1.0, 2.0, 0.0, 0.0,
///          3.0, 4.0, 0.0, 5.0];
/// assert_eq!(avg_pool2d(&x, 2, 4, 2, 2).unwrap(), vec![2.5, 1.25]);
/// ```
pub fn avg_pool2d(
    image: &[f32],
    rows: usize,
    cols: usize,
    size: usize,
    stride: usize,
) -> Result<Vec<f32>> {
    // In f32: `size · size` may overflow `usize` before `pool` refuses the size.
    let area = size as f32 * size as f32;
    pool(
        image,
        rows,
        cols,
        size,
        stride,
        0.0,
        |s, v| s + v,
        |s| s / area,
    )
}

/// The shared sliding-window loop: folds each window with `step` from `init`, then `finish`es.
#[allow(clippy::too_many_arguments)]
fn pool(
    image: &[f32],
    rows: usize,
    cols: usize,
    size: usize,
    stride: usize,
    init: f32,
    step: impl Fn(f32, f32) -> f32,
    finish: impl Fn(f32) -> f32,
) -> Result<Vec<f32>> {
    check_shape("image", image.len(), rows, cols)?;
    let (out_rows, out_cols) = pool_output_shape(rows, cols, size, stride)?;
    check_finite("image", image)?;
    let mut out = Vec::with_capacity(out_rows * out_cols);
    for i in 0..out_rows {
        let top = i * stride;
        for j in 0..out_cols {
            let left = j * stride;
            let mut acc = init;
            for row in image[top * cols..(top + size) * cols].chunks_exact(cols) {
                for &v in &row[left..left + size] {
                    acc = step(acc, v);
                }
            }
            out.push(finish(acc));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let x = [
            1.0, 5.0, 2.0, //
            0.0, 3.0, 9.0, //
            4.0, 1.0, 0.0,
        ];
        assert_eq!(
            max_pool2d(&x, 3, 3, 2, 1).unwrap(),
            vec![5.0, 9.0, 4.0, 9.0]
        );
        assert_eq!(
            avg_pool2d(&x, 3, 3, 2, 1).unwrap(),
            vec![2.25, 4.75, 2.0, 3.25]
        );
    }

    #[test]
    fn negative_values_keep_their_maximum() {
        let x = [-3.0, -1.0, -2.0, -7.0];
        assert_eq!(max_pool2d(&x, 2, 2, 2, 2).unwrap(), vec![-1.0]);
    }

    #[test]
    fn errors_are_readable() {
        let x = [0.0; 12];
        let e = max_pool2d(&x, 3, 4, 0, 1).unwrap_err();
        assert!(e.message().contains("pool size is 0"), "{e}");
        let e = avg_pool2d(&x, 3, 4, 2, 0).unwrap_err();
        assert!(e.message().contains("stride is 0"), "{e}");
        let e = max_pool2d(&x, 3, 4, 4, 1).unwrap_err();
        assert!(e.message().contains("at most 3"), "{e}");
        let e = max_pool2d(&x, 4, 4, 2, 2).unwrap_err();
        assert!(matches!(e, Error::ShapeMismatch(_)), "{e}");
        let e = avg_pool2d(&[], 0, 0, 1, 1).unwrap_err();
        assert!(e.message().contains("empty"), "{e}");
        let e = max_pool2d(&[1.0, f32::NAN, 0.0, 0.0], 2, 2, 2, 2).unwrap_err();
        assert!(e.message().contains("position 2"), "{e}");
    }
}
