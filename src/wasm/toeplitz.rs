//! Exports of convolution as matrix multiplication (`crate::toeplitz`): the matrix `W`, its
//! tap structure, `W x`, and the counters the stations print.

use super::args::dim;
use crate::grid::{into_row_major, view2};
use crate::toeplitz::{self, MatrixMode};
use wasm_bindgen::prelude::*;

/// `conv_matrix_1d(n, kernel, mode)`: the `rows × n` matrix `W` (row-major) with
/// `W x = correlate1d(x, kernel, "constant")`; `mode` `"valid"` (`rows = n − len + 1`) or
/// `"same"` (`rows = n`).
#[wasm_bindgen]
pub fn conv_matrix_1d(n: f64, kernel: &[f32], mode: &str) -> Result<Vec<f32>, JsError> {
    let w = toeplitz::conv_matrix_1d(dim("n", n)?, kernel.into(), MatrixMode::parse(mode)?)?;
    Ok(into_row_major(w))
}

/// `conv_matrix_1d_taps(n, klen, mode)`: for each entry of `W`, the kernel tap it holds
/// (`0 … klen − 1`) or `-1` where `W` is always zero.
#[wasm_bindgen]
pub fn conv_matrix_1d_taps(n: f64, klen: f64, mode: &str) -> Result<Vec<i32>, JsError> {
    let taps =
        toeplitz::conv_matrix_1d_taps(dim("n", n)?, dim("klen", klen)?, MatrixMode::parse(mode)?)?;
    Ok(taps.into_iter().collect())
}

/// `conv_matrix_2d(rows, cols, kernel, krows, kcols, mode)`: the matrix `W` (row-major) with
/// `W · vec(x) = vec(correlate2d(x, kernel, "constant"))`, `vec` stacking image rows
/// (row-major); `mode` `"valid"` or `"same"`.
#[wasm_bindgen]
pub fn conv_matrix_2d(
    rows: f64,
    cols: f64,
    kernel: &[f32],
    krows: f64,
    kcols: f64,
    mode: &str,
) -> Result<Vec<f32>, JsError> {
    let kernel = view2("kernel", kernel, dim("krows", krows)?, dim("kcols", kcols)?)?;
    let image_shape = (dim("rows", rows)?, dim("cols", cols)?);
    let w = toeplitz::conv_matrix_2d(image_shape, kernel, MatrixMode::parse(mode)?)?;
    Ok(into_row_major(w))
}

/// `conv_matrix_2d_taps(rows, cols, krows, kcols, mode)`: for each entry of `W`, the kernel
/// cell it holds (row-major index `u·kcols + v`) or `-1` where `W` is always zero.
#[wasm_bindgen]
pub fn conv_matrix_2d_taps(
    rows: f64,
    cols: f64,
    krows: f64,
    kcols: f64,
    mode: &str,
) -> Result<Vec<i32>, JsError> {
    let taps = toeplitz::conv_matrix_2d_taps(
        (dim("rows", rows)?, dim("cols", cols)?),
        (dim("krows", krows)?, dim("kcols", kcols)?),
        MatrixMode::parse(mode)?,
    )?;
    Ok(taps.into_iter().collect())
}

/// `matvec(matrix, rows, cols, x)`: the product `W x` of a row-major matrix and a vector.
#[wasm_bindgen]
pub fn matvec(matrix: &[f32], rows: f64, cols: f64, x: &[f32]) -> Result<Vec<f32>, JsError> {
    let w = view2("matrix", matrix, dim("rows", rows)?, dim("cols", cols)?)?;
    Ok(into_row_major(toeplitz::matvec(w, x.into())?))
}

/// `nonzeros_per_row(matrix, rows, cols)`: how many non-zero entries each row holds.
#[wasm_bindgen]
pub fn nonzeros_per_row(matrix: &[f32], rows: f64, cols: f64) -> Result<Vec<u32>, JsError> {
    let w = view2("matrix", matrix, dim("rows", rows)?, dim("cols", cols)?)?;
    let counts = toeplitz::nonzeros_per_row(w);
    Ok(counts.into_iter().map(|c| c as u32).collect())
}

/// `distinct_nonzero_values(values)`: how many different non-zero numbers occur.
#[wasm_bindgen]
pub fn distinct_nonzero_values(values: &[f32]) -> u32 {
    toeplitz::distinct_nonzero_values(values) as u32
}
