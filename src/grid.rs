//! Images and kernels as ndarray arrays: the core's one image type.
//!
//! Every 2D function in the core takes `ArrayView2<f32>` (an image `rows × cols`, a kernel
//! `krows × kcols`) and returns `Array2<f32>`, so a shape travels with its data and cannot
//! disagree with it. The wasm boundary receives flat row-major buffers plus their sizes from
//! JS and turns them into views with [`view2`] / [`view3`], which is where a length that does
//! not match its stated shape is refused with a message for the student.
//!
//! Views may be non-contiguous (a transposed or sliced array): functions that need a flat
//! row-major buffer take one with [`standard`], which copies only in that case.

use ndarray::{Array, ArrayView2, ArrayView3, CowArray, Dimension, Ix2};

use crate::error::{check_shape, Error, Result};

/// A `rows × cols` view of the row-major buffer `data`.
///
/// # Errors
/// [`Error::ShapeMismatch`] naming `what` when `data.len() ≠ rows · cols`;
/// [`Error::InvalidArgument`] when `rows` or `cols` is zero.
///
/// # Example
/// ```
/// let v = convlab::grid::view2("image", &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 2, 3).unwrap();
/// assert_eq!(v[[1, 0]], 4.0);
/// assert!(convlab::grid::view2("image", &[1.0; 5], 2, 3).is_err());
/// ```
pub fn view2<'a>(
    what: &str,
    data: &'a [f32],
    rows: usize,
    cols: usize,
) -> Result<ArrayView2<'a, f32>> {
    check_shape(what, data.len(), rows, cols)?;
    ArrayView2::from_shape((rows, cols), data).map_err(|e| Error::shape(format!("The {what}: {e}")))
}

/// `count` row-major `rows × cols` planes stored one after another, as a `count × rows × cols`
/// view (a bank of kernels, a stack of responses).
///
/// # Errors
/// [`Error::ShapeMismatch`] when `data` does not hold whole `rows × cols` planes, or holds
/// none; [`Error::InvalidArgument`] when `rows` or `cols` is zero.
pub fn view3<'a>(
    what: &str,
    data: &'a [f32],
    rows: usize,
    cols: usize,
) -> Result<ArrayView3<'a, f32>> {
    // A product that overflows `usize` cannot match any buffer: report it as a mismatch.
    let plane = rows.checked_mul(cols).unwrap_or(0);
    if rows == 0 || cols == 0 {
        check_shape(what, data.len(), rows, cols)?;
    }
    if plane == 0 || data.is_empty() || !data.len().is_multiple_of(plane) {
        return Err(Error::shape(format!(
            "The {what} should be whole {rows} × {cols} blocks one after another, but {} values \
             is not a multiple of {plane}.",
            data.len()
        )));
    }
    ArrayView3::from_shape((data.len() / plane, rows, cols), data)
        .map_err(|e| Error::shape(format!("The {what}: {e}")))
}

/// Refuses an image or kernel with no rows or no columns, naming `what`.
///
/// # Errors
/// [`Error::InvalidArgument`] when either side is zero.
pub fn check_not_empty(what: &str, a: &ArrayView2<'_, f32>) -> Result<()> {
    let (rows, cols) = a.dim();
    if rows == 0 || cols == 0 {
        return Err(Error::invalid(format!(
            "The {what} is empty ({rows} × {cols}): it needs at least one row and one column."
        )));
    }
    Ok(())
}

/// Refuses a kernel or buffer whose shape is not `want`, naming `what`.
///
/// # Errors
/// [`Error::ShapeMismatch`] stating both shapes.
pub fn check_dim(what: &str, a: &ArrayView2<'_, f32>, want: (usize, usize)) -> Result<()> {
    let (rows, cols) = a.dim();
    if (rows, cols) != want {
        return Err(Error::shape(format!(
            "The {what} should be {} × {} but is {rows} × {cols}.",
            want.0, want.1
        )));
    }
    Ok(())
}

/// `a` in standard (row-major, contiguous) layout, borrowed when it already is.
pub fn standard<'a>(a: &'a ArrayView2<'_, f32>) -> CowArray<'a, f32, Ix2> {
    a.as_standard_layout()
}

/// The row-major slice of a standard-layout array (see [`standard`]).
pub(crate) fn flat<'a>(a: &'a CowArray<'_, f32, Ix2>) -> &'a [f32] {
    a.as_slice()
        .expect("as_standard_layout gives a contiguous row-major array")
}

/// The values of `a` in row-major order, as the flat buffer the JS API returns (no copy when
/// `a` is already in standard layout, as every array the core makes is).
pub fn into_row_major<D: Dimension>(a: Array<f32, D>) -> Vec<f32> {
    if !a.is_standard_layout() {
        return a.iter().copied().collect();
    }
    let n = a.len();
    let (mut v, offset) = a.into_raw_vec_and_offset();
    // A standard-layout array's elements are the `n` values from its offset on.
    v.drain(..offset.unwrap_or(0));
    v.truncate(n);
    v
}
