//! Convolution as matrix multiplication: the banded (1D) and doubly-block-Toeplitz (2D) matrix
//! `W` with `z = W x`.
//!
//! **1D.** For a kernel `w` of length `L` with centre `c = ⌊L/2⌋` (scipy.ndimage's origin; for
//! the lecture's odd `L = 2m + 1` that is `c = m`), correlation reads
//! `z_i = Σ_{t=0}^{L−1} w_t x_{i+t−c}` (the slide's `z_i = Σ_{j=−m}^{m} w_j x_{i+j}` with
//! `t = j + m`). Each output is an inner product of `w` with a window of `x`, so
//!
//! ```text
//! W[r, j] = w_{j − i(r) + c}   if 0 ≤ j − i(r) + c < L,   else 0,
//! ```
//!
//! where `i(r)` is the output sample that row `r` computes:
//! - `"valid"`: `i(r) = r + c` for `r = 0 … n − L`, only windows that lie inside the signal,
//!   so `W` is `(n − L + 1) × n` (the slide's `(n − 2m) × n`);
//! - `"same"`: `i(r) = r`, `W` is `n × n` and taps that fall outside the signal are dropped,
//!   which is exactly the zero ("constant") border.
//!
//! Even `L` is allowed and follows the same rule (`c = L/2`, the window is `x_{i−L/2 … i+L/2−1}`),
//! so `W x` still equals [`crate::conv::correlate1d`].
//!
//! **2D.** Images are vectorised row by row (row-major, numpy's `ravel()`):
//! `vec(x)[p·cols + q] = x[p, q]`. For a `kr × kc` kernel with centre `(cr, cc) = (⌊kr/2⌋, ⌊kc/2⌋)`
//! the row of `W` for output pixel `(a, b)` holds
//! `W[(a, b), (p, q)] = w[p − a + cr, q − b + cc]` (zero outside the kernel). Seen in
//! `cols`-wide blocks, block `(a, p)` is the 1D banded matrix of kernel row `p − a + cr`, and the
//! same blocks repeat down every block diagonal: a *doubly block Toeplitz* matrix.
//! `"valid"` keeps the `(rows − kr + 1)(cols − kc + 1)` output pixels whose window fits;
//! `"same"` keeps all `rows·cols` (zero border).
//!
//! The lecture calls this operation "convolution"; strictly it is correlation (the kernel is not
//! flipped), which is what CNN libraries compute too.
//!
//! The matrix is built densely so it can be drawn. It is almost all zeros: a row has at most `L`
//! (2D: `kr·kc`) non-zeros out of `n` (2D: `rows·cols`), and only `L` distinct parameters.
//! Building it is capped at [`MAX_MATRIX_ENTRIES`].
//!
//! ```
//! use convlab::toeplitz::{conv_matrix_1d, matvec, MatrixMode};
//! use ndarray::{array, aview1};
//! // The slide's second-derivative filter on 5 samples: a 3 × 5 banded matrix.
//! let w = conv_matrix_1d(5, aview1(&[1.0, -2.0, 1.0]), MatrixMode::Valid).unwrap();
//! assert_eq!(w, array![
//!     [1.0, -2.0, 1.0, 0.0, 0.0],
//!     [0.0, 1.0, -2.0, 1.0, 0.0],
//!     [0.0, 0.0, 1.0, -2.0, 1.0],
//! ]);
//! let z = matvec(w.view(), aview1(&[0.0, 1.0, 4.0, 9.0, 16.0])).unwrap();
//! assert_eq!(z, array![2.0, 2.0, 2.0]); // second difference of n²
//! ```

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

use crate::error::{check_finite, Error, Result};
use crate::grid::{check_not_empty, flat, standard};

/// The largest matrix (rows × columns) this module builds: 2²² = 4,194,304 entries, 16 MiB of
/// `f32`.
///
/// The dense matrix exists to be looked at, and the point it makes (almost every entry is zero)
/// shows at tiny sizes: the stations need at most 64 × 64 = 4,096 entries. The cap still admits
/// a 2,048-sample "same" signal or a 45 × 45 "same" image, while keeping a mistyped size from
/// asking the browser for gigabytes (a 256 × 256 image would need 65,536² ≈ 4.3 billion
/// entries, 17 GB). Past the cap, `correlate1d` / `correlate2d` compute the same output without
/// the matrix.
pub const MAX_MATRIX_ENTRIES: usize = 1 << 22;

/// Tap index stored by [`conv_matrix_1d_taps`] / [`conv_matrix_2d_taps`] where `W` is zero for
/// every kernel (no kernel tap lands on that entry).
pub const NO_TAP: i32 = -1;

/// Which output samples the matrix computes, as in `numpy.convolve`'s modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatrixMode {
    /// Only outputs whose whole window lies inside the input: `(n − L + 1)` rows.
    Valid,
    /// One output per input sample, reading zero outside (scipy's `"constant"` border): `n`
    /// rows.
    Same,
}

impl MatrixMode {
    /// Reads `"valid"` or `"same"`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming both choices for any other text.
    pub fn parse(name: &str) -> Result<MatrixMode> {
        match name {
            "valid" => Ok(MatrixMode::Valid),
            "same" => Ok(MatrixMode::Same),
            other => Err(Error::invalid(format!(
                "Unknown mode \"{other}\": use \"valid\" (only windows that fit inside) or \"same\" (zero border, output as long as the input)."
            ))),
        }
    }

    /// The name [`MatrixMode::parse`] reads.
    pub fn name(self) -> &'static str {
        match self {
            MatrixMode::Valid => "valid",
            MatrixMode::Same => "same",
        }
    }
}

/// Number of outputs along one axis of length `n` for a kernel of length `k`. `axis` names
/// the input and kernel extent for the message, e.g. `("signal", "samples", "filter", "taps")`.
fn outputs_along(n: usize, k: usize, mode: MatrixMode, axis: [&str; 4]) -> Result<usize> {
    let [input, unit, kernel, kunit] = axis;
    match mode {
        MatrixMode::Same => Ok(n),
        MatrixMode::Valid if n >= k => Ok(n - k + 1),
        MatrixMode::Valid => Err(Error::invalid(format!(
            "The {input} has {n} {unit} but the {kernel} has {k} {kunit}, so \"valid\" has no window that fits inside: use at least {k} {unit} or switch to \"same\"."
        ))),
    }
}

/// Refuses matrices above [`MAX_MATRIX_ENTRIES`], telling the size that was asked for.
fn check_matrix_size(rows: usize, cols: usize) -> Result<()> {
    match rows.checked_mul(cols) {
        Some(n) if n <= MAX_MATRIX_ENTRIES => Ok(()),
        product => {
            let entries = product.map_or_else(|| "more than 2^64".to_string(), group_thousands);
            Err(Error::invalid(format!(
                "W would be {rows} × {cols} = {entries} entries; this lab builds W only up to {} entries (16 MiB). Use a smaller input: the convolution itself (correlate1d / correlate2d) computes the same output without the matrix.",
                group_thousands(MAX_MATRIX_ENTRIES)
            )))
        }
    }
}

/// `1234567` → `"1,234,567"` for messages.
fn group_thousands(v: usize) -> String {
    let digits = v.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Refuses kernels whose tap indices would not fit the `i32` entries of a tap map.
fn check_tap_count(krows: usize, kcols: usize) -> Result<()> {
    match krows.checked_mul(kcols) {
        Some(t) if t <= i32::MAX as usize => Ok(()),
        _ => Err(Error::invalid(format!(
            "A {krows} × {kcols} kernel has too many taps to number: use a kernel of at most a few thousand taps."
        ))),
    }
}

fn check_nonempty(what: &str, len: usize) -> Result<()> {
    if len == 0 {
        Err(Error::invalid(format!(
            "The {what} is empty: it needs at least one value."
        )))
    } else {
        Ok(())
    }
}

/// Shape `(rows, cols)` of the 1D matrix for a signal of `n` samples and a kernel of `klen`
/// taps: `(n − klen + 1, n)` for valid, `(n, n)` for same.
///
/// # Errors
/// [`Error::InvalidArgument`] when `n` or `klen` is zero, when valid mode has no window that
/// fits (`n < klen`), or when the matrix would exceed [`MAX_MATRIX_ENTRIES`].
pub fn conv_matrix_1d_shape(n: usize, klen: usize, mode: MatrixMode) -> Result<(usize, usize)> {
    check_nonempty("signal", n)?;
    check_nonempty("filter", klen)?;
    let rows = outputs_along(n, klen, mode, ["signal", "samples", "filter", "taps"])?;
    check_matrix_size(rows, n)?;
    Ok((rows, n))
}

/// Which kernel tap each entry of the 1D matrix (`rows × n`) holds, or [`NO_TAP`] where `W`
/// is zero whatever the kernel: `W = Σ_t w_t · [taps == t]`.
///
/// # Errors
/// As [`conv_matrix_1d_shape`], and [`Error::InvalidArgument`] when `klen` exceeds `i32::MAX`.
pub fn conv_matrix_1d_taps(n: usize, klen: usize, mode: MatrixMode) -> Result<Array2<i32>> {
    let (rows, cols) = conv_matrix_1d_shape(n, klen, mode)?;
    check_tap_count(1, klen)?;
    let c = klen / 2;
    // First output sample computed by row 0.
    let first = match mode {
        MatrixMode::Valid => c,
        MatrixMode::Same => 0,
    };
    let mut taps = Array2::from_elem((rows, cols), NO_TAP);
    for (r, mut row) in taps.rows_mut().into_iter().enumerate() {
        let i = first + r;
        // The window is columns i − c ≤ j < i − c + klen, clipped to the signal
        // (klen > c, so the upper end is never negative).
        let lo = i.saturating_sub(c);
        // `klen − c ≥ 1` first, so a huge `klen` cannot overflow.
        let hi = i.saturating_add(klen - c).min(cols);
        for (j, cell) in row.iter_mut().enumerate().take(hi).skip(lo) {
            *cell = (j + c - i) as i32;
        }
    }
    Ok(taps)
}

/// The matrix `W` (`rows × n`) with `W x = correlate1d(x, kernel)`: the whole
/// output with a zero border for [`MatrixMode::Same`], only the outputs whose window fits for
/// [`MatrixMode::Valid`].
///
/// # Errors
/// [`Error::InvalidArgument`] for an empty or non-finite kernel, and as
/// [`conv_matrix_1d_shape`].
///
/// # Example
/// ```
/// use convlab::toeplitz::{conv_matrix_1d, MatrixMode};
/// use ndarray::{array, aview1};
/// // Zero border: the first row loses the tap that would read x₋₁.
/// let w = conv_matrix_1d(3, aview1(&[1.0, -2.0, 1.0]), MatrixMode::Same).unwrap();
/// assert_eq!(w, array![[-2.0, 1.0, 0.0], [1.0, -2.0, 1.0], [0.0, 1.0, -2.0]]);
/// ```
pub fn conv_matrix_1d(
    n: usize,
    kernel: ArrayView1<'_, f32>,
    mode: MatrixMode,
) -> Result<Array2<f32>> {
    let kernel = kernel.to_vec();
    check_nonempty("filter", kernel.len())?;
    check_finite("filter", &kernel)?;
    let taps = conv_matrix_1d_taps(n, kernel.len(), mode)?;
    Ok(fill_from_taps(&taps, &kernel))
}

/// Shape `(rows, cols)` of the 2D matrix for an image of `image_shape` `(rows, cols)` and a
/// kernel of `kernel_shape` `(krows, kcols)`: `((rows − krows + 1)(cols − kcols + 1),
/// rows·cols)` for valid, `(rows·cols, rows·cols)` for same.
///
/// # Errors
/// [`Error::InvalidArgument`] when a size is zero, when valid mode has no window that fits, or
/// when the matrix would exceed [`MAX_MATRIX_ENTRIES`].
pub fn conv_matrix_2d_shape(
    image_shape: (usize, usize),
    kernel_shape: (usize, usize),
    mode: MatrixMode,
) -> Result<(usize, usize)> {
    let ((rows, cols), (krows, kcols)) = (image_shape, kernel_shape);
    if rows == 0 || cols == 0 {
        return Err(Error::invalid(format!(
            "The image is empty ({rows} × {cols}): it needs at least one row and one column."
        )));
    }
    if krows == 0 || kcols == 0 {
        return Err(Error::invalid(format!(
            "The kernel is empty ({krows} × {kcols}): it needs at least one row and one column."
        )));
    }
    let out_rows = outputs_along(rows, krows, mode, ["image", "rows", "kernel", "rows"])?;
    let out_cols = outputs_along(cols, kcols, mode, ["image", "columns", "kernel", "columns"])?;
    let n = rows.checked_mul(cols);
    let m = out_rows.checked_mul(out_cols);
    match (m, n) {
        (Some(m), Some(n)) => {
            check_matrix_size(m, n)?;
            Ok((m, n))
        }
        _ => Err(Error::invalid(format!(
            "A {rows} × {cols} image is far too large for W: use at most a few dozen pixels per side."
        ))),
    }
}

/// Which kernel cell (row-major index `u·kcols + v`) each entry of the 2D matrix holds, or
/// [`NO_TAP`] where `W` is zero whatever the kernel.
///
/// Row `r` of `W` is output pixel `(a, b)` with `r = a'·out_cols + b'` in the output's own
/// row-major order (`a = a' + ⌊krows/2⌋` in valid mode, `a = a'` in same); column
/// `p·cols + q` is input pixel `(p, q)`.
///
/// # Errors
/// As [`conv_matrix_2d_shape`], and [`Error::InvalidArgument`] when `krows·kcols` exceeds
/// `i32::MAX`.
pub fn conv_matrix_2d_taps(
    image_shape: (usize, usize),
    kernel_shape: (usize, usize),
    mode: MatrixMode,
) -> Result<Array2<i32>> {
    let (m, n) = conv_matrix_2d_shape(image_shape, kernel_shape, mode)?;
    let ((rows, cols), (krows, kcols)) = (image_shape, kernel_shape);
    check_tap_count(krows, kcols)?;
    let (cr, cc) = (krows / 2, kcols / 2);
    let (first_a, first_b, out_cols) = match mode {
        MatrixMode::Valid => (cr, cc, cols - kcols + 1),
        MatrixMode::Same => (0, 0, cols),
    };
    let mut taps = Array2::from_elem((m, n), NO_TAP);
    for (r, mut row) in taps.rows_mut().into_iter().enumerate() {
        let a = first_a + r / out_cols;
        let b = first_b + r % out_cols;
        // Input row p = a + u − cr must lie in 0..rows, so only u in
        // cr − a ≤ u < rows + cr − a matter (a kernel far larger than the image is not
        // walked tap by tap).
        let u_range = cr.saturating_sub(a)..krows.min((rows + cr).saturating_sub(a));
        let v_range = cc.saturating_sub(b)..kcols.min((cols + cc).saturating_sub(b));
        for u in u_range {
            let p = a + u - cr;
            for v in v_range.clone() {
                let q = b + v - cc;
                row[p * cols + q] = (u * kcols + v) as i32;
            }
        }
    }
    Ok(taps)
}

/// The matrix `W` (`(out_rows·out_cols) × (rows·cols)`) with
/// `W · vec(x) = vec(correlate2d(x, kernel))`, `vec` stacking rows (row-major): the whole
/// output with a zero border for [`MatrixMode::Same`], only the pixels whose window fits for
/// [`MatrixMode::Valid`].
///
/// # Errors
/// [`Error::InvalidArgument`] for an empty or non-finite kernel, and as
/// [`conv_matrix_2d_shape`].
///
/// # Example
/// ```
/// use convlab::toeplitz::{conv_matrix_2d, MatrixMode};
/// use ndarray::{array, s};
/// // The slide's kernel on a 6 × 6 image: 16 outputs × 36 pixels.
/// let k = array![[-2.0, -1.0, 0.0], [-1.0, 0.0, 1.0], [0.0, 1.0, 2.0]];
/// let w = conv_matrix_2d((6, 6), k.view(), MatrixMode::Valid).unwrap();
/// assert_eq!(w.dim(), (16, 36));
/// // Row 0 is output pixel (1, 1): kernel row 0 over x[0, 0..3], row 1 over x[1, 0..3], ...
/// assert_eq!(w.slice(s![0, 0..9]), array![-2.0, -1.0, 0.0, 0.0, 0.0, 0.0, -1.0, 0.0, 1.0]);
/// assert_eq!(w.slice(s![0, 12..15]), array![0.0, 1.0, 2.0]);
/// ```
pub fn conv_matrix_2d(
    image_shape: (usize, usize),
    kernel: ArrayView2<'_, f32>,
    mode: MatrixMode,
) -> Result<Array2<f32>> {
    check_not_empty("kernel", &kernel)?;
    let k = standard(&kernel);
    check_finite("kernel", flat(&k))?;
    let taps = conv_matrix_2d_taps(image_shape, kernel.dim(), mode)?;
    Ok(fill_from_taps(&taps, flat(&k)))
}

fn fill_from_taps(taps: &Array2<i32>, kernel: &[f32]) -> Array2<f32> {
    taps.mapv(|t| if t == NO_TAP { 0.0 } else { kernel[t as usize] })
}

/// The product `W x` of a matrix with a vector of length `W.ncols()`.
///
/// Sums in `f64`, so the result is the exactly rounded inner product for these small sizes.
///
/// # Errors
/// [`Error::ShapeMismatch`] when `x` is not `W.ncols()` long; [`Error::InvalidArgument`] for
/// non-finite values.
pub fn matvec(matrix: ArrayView2<'_, f32>, x: ArrayView1<'_, f32>) -> Result<Array1<f32>> {
    let cols = matrix.ncols();
    if x.len() != cols {
        return Err(Error::shape(format!(
            "W has {cols} columns, so x needs {cols} values, but it has {}.",
            x.len()
        )));
    }
    check_finite("matrix", flat(&standard(&matrix)))?;
    check_finite("input vector x", &x.to_vec())?;
    Ok(matrix
        .rows()
        .into_iter()
        .map(|row| {
            row.iter()
                .zip(&x)
                .map(|(&w, &v)| f64::from(w) * f64::from(v))
                .sum::<f64>() as f32
        })
        .collect())
}

/// How many entries of each row of a matrix are non-zero.
pub fn nonzeros_per_row(matrix: ArrayView2<'_, f32>) -> Vec<usize> {
    matrix
        .rows()
        .into_iter()
        .map(|row| row.iter().filter(|&&v| v != 0.0).count())
        .collect()
}

/// How many different non-zero numbers occur in `values` (`−0` counts as zero; NaN is ignored).
///
/// For a convolution matrix this is at most the number of kernel taps, and smaller when taps
/// repeat a value (the slide's `[1, −2, 1]` gives 2).
pub fn distinct_nonzero_values(values: &[f32]) -> usize {
    let mut nz: Vec<f32> = values
        .iter()
        .copied()
        .filter(|v| *v != 0.0 && !v.is_nan())
        .collect();
    nz.sort_by(f32::total_cmp);
    nz.dedup();
    nz.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{array, aview1, s};

    #[test]
    fn slide_matrix_is_banded() {
        // The slide: rows of [1 −2 1] sliding one column to the right per row.
        let w = conv_matrix_1d(6, aview1(&[1.0, -2.0, 1.0]), MatrixMode::Valid).unwrap();
        let expect = array![
            [1.0, -2.0, 1.0, 0.0, 0.0, 0.0],
            [0.0, 1.0, -2.0, 1.0, 0.0, 0.0],
            [0.0, 0.0, 1.0, -2.0, 1.0, 0.0],
            [0.0, 0.0, 0.0, 1.0, -2.0, 1.0],
        ];
        assert_eq!(w, expect);
    }

    #[test]
    fn even_kernel_centre_is_half_length() {
        // scipy: correlate1d([0,0,0,1,0,0,0], [1,2], mode='constant') = [0,0,0,2,1,0,0],
        // i.e. z_i = w_0 x_{i−1} + w_1 x_i (centre c = 1).
        let w = conv_matrix_1d(4, aview1(&[1.0, 2.0]), MatrixMode::Same).unwrap();
        let expect = array![
            [2.0, 0.0, 0.0, 0.0],
            [1.0, 2.0, 0.0, 0.0],
            [0.0, 1.0, 2.0, 0.0],
            [0.0, 0.0, 1.0, 2.0],
        ];
        assert_eq!(w, expect);
        // Valid: 4 − 2 + 1 = 3 rows, each window x_{i−1}, x_i fully inside.
        let v = conv_matrix_1d(4, aview1(&[1.0, 2.0]), MatrixMode::Valid).unwrap();
        assert_eq!(v, expect.slice(s![1.., ..]));
    }

    #[test]
    fn kernel_longer_than_signal_in_same_mode() {
        // n = 2, kernel of 5 taps centred at 2: z_0 = w_2 x_0 + w_3 x_1, z_1 = w_1 x_0 + w_2 x_1.
        let w = conv_matrix_1d(2, aview1(&[1.0, 2.0, 3.0, 4.0, 5.0]), MatrixMode::Same).unwrap();
        assert_eq!(w, array![[3.0, 4.0], [2.0, 3.0]]);
    }

    #[test]
    fn valid_needs_a_window() {
        let k = [1.0, -2.0, 1.0];
        let e = conv_matrix_1d(2, aview1(&k), MatrixMode::Valid).unwrap_err();
        assert!(
            e.message()
                .contains("has 2 samples but the filter has 3 taps"),
            "{e}"
        );
        assert!(conv_matrix_1d(3, aview1(&k), MatrixMode::Valid).is_ok());
    }

    #[test]
    fn bad_inputs_are_refused_with_reasons() {
        let none: [f32; 0] = [];
        assert!(conv_matrix_1d(0, aview1(&[1.0]), MatrixMode::Same).is_err());
        assert!(conv_matrix_1d(5, aview1(&none), MatrixMode::Same).is_err());
        let e = conv_matrix_1d(5, aview1(&[1.0, f32::NAN, 1.0]), MatrixMode::Same).unwrap_err();
        assert!(e.message().contains("position 2"), "{e}");
        let ones = Array2::<f32>::ones((3, 3));
        let e = conv_matrix_2d((2, 6), ones.view(), MatrixMode::Valid).unwrap_err();
        assert!(e.message().contains("image has 2 rows"), "{e}");
        let e = conv_matrix_2d((3, 3), Array2::zeros((0, 3)).view(), MatrixMode::Same).unwrap_err();
        assert!(e.message().contains("empty"), "{e}");
        let e = MatrixMode::parse("full").unwrap_err();
        assert!(e.message().contains("\"full\""), "{e}");
    }

    #[test]
    fn size_cap() {
        // 2048² = 2²² entries is exactly the cap; one more sample is refused.
        assert!(conv_matrix_1d_shape(2048, 3, MatrixMode::Same).is_ok());
        let e = conv_matrix_1d_shape(2049, 3, MatrixMode::Same).unwrap_err();
        assert!(e.message().contains("2049 × 2049 = 4,198,401"), "{e}");
        // Overflowing sizes get a message, not a panic.
        let huge = (usize::MAX, usize::MAX);
        assert!(conv_matrix_2d_shape(huge, (1, 1), MatrixMode::Same).is_err());
        assert!(conv_matrix_1d_shape(usize::MAX, 1, MatrixMode::Same).is_err());
    }

    #[test]
    fn slide_2d_matrix_is_16_by_36() {
        let k = array![[-2.0, -1.0, 0.0], [-1.0, 0.0, 1.0], [0.0, 1.0, 2.0]];
        let (m, n) = conv_matrix_2d_shape((6, 6), (3, 3), MatrixMode::Valid).unwrap();
        assert_eq!((m, n), (16, 36));
        let w = conv_matrix_2d((6, 6), k.view(), MatrixMode::Valid).unwrap();
        // The slide's first row: −2 −1 0 at columns 0–2, −1 0 1 at 6–8, 0 1 2 at 12–14.
        let mut row0 = Array1::zeros(36);
        for u in 0..3 {
            row0.slice_mut(s![6 * u..6 * u + 3]).assign(&k.row(u));
        }
        assert_eq!(w.row(0), row0);
        // Row 1 is the same pattern moved one column right (Toeplitz within the block).
        assert_eq!(w.slice(s![1, 1..]), row0.slice(s![..35]));
        // Row 4 (next output row) is row 0 moved one image row (6 columns) right.
        assert_eq!(w.slice(s![4, 6..]), row0.slice(s![..30]));
    }

    #[test]
    fn counters() {
        assert_eq!(distinct_nonzero_values(&[1.0, -2.0, 1.0, 0.0, -0.0]), 2);
        assert_eq!(
            nonzeros_per_row(array![[1.0, 0.0], [0.0, 0.0]].view()),
            vec![1, 0]
        );
        assert_eq!(group_thousands(1_966_080_000), "1,966,080,000");
        assert_eq!(group_thousands(999), "999");
    }
}
