//! Exports for the lecture's layer types: max / average pooling and the parameter counts of a
//! fully connected versus a convolutional layer.

use super::args::{config, dim, whole};
use crate::grid::{into_row_major, view2};
use crate::params::{compare_layers, InputShape, LayerParams};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// `max_pool2d(image, rows, cols, size, stride)`: each output pixel is the maximum of a
/// `size × size` window; output `(⌊(rows − size)/stride⌋ + 1) × (⌊(cols − size)/stride⌋ + 1)`,
/// row-major.
#[wasm_bindgen]
pub fn max_pool2d(
    image: &[f32],
    rows: f64,
    cols: f64,
    size: f64,
    stride: f64,
) -> Result<Vec<f32>, JsError> {
    let image = view2(
        "image",
        image,
        dim("number of rows", rows)?,
        dim("number of columns", cols)?,
    )?;
    let out = crate::pool::max_pool2d(image, dim("pool size", size)?, dim("stride", stride)?)?;
    Ok(into_row_major(out))
}

/// `avg_pool2d(image, rows, cols, size, stride)`: each output pixel is the mean of a
/// `size × size` window; shape as for `max_pool2d`.
#[wasm_bindgen]
pub fn avg_pool2d(
    image: &[f32],
    rows: f64,
    cols: f64,
    size: f64,
    stride: f64,
) -> Result<Vec<f32>, JsError> {
    let image = view2(
        "image",
        image,
        dim("number of rows", rows)?,
        dim("number of columns", cols)?,
    )?;
    let out = crate::pool::avg_pool2d(image, dim("pool size", size)?, dim("stride", stride)?)?;
    Ok(into_row_major(out))
}

/// `pool_output_shape(rows, cols, size, stride)` → `Uint32Array [outRows, outCols]`, or an
/// error saying why that pooling is impossible.
#[wasm_bindgen]
pub fn pool_output_shape(
    rows: f64,
    cols: f64,
    size: f64,
    stride: f64,
) -> Result<Vec<u32>, JsError> {
    let (r, c) = crate::pool::pool_output_shape(
        dim("number of rows", rows)?,
        dim("number of columns", cols)?,
        dim("pool size", size)?,
        dim("stride", stride)?,
    )?;
    Ok(vec![r as u32, c as u32])
}

/// The calculator's inputs, as the page sends them.
#[derive(Deserialize)]
struct ParamsConfig {
    height: f64,
    width: f64,
    channels: f64,
    units: f64,
    filters: f64,
    filter_size: f64,
}

/// One layer's counts as JS numbers (exact: every count is at most 2⁵³ − 1).
#[derive(Serialize)]
struct LayerOut {
    weights: f64,
    biases: f64,
    total: f64,
    bytes: f64,
}

impl From<LayerParams> for LayerOut {
    fn from(p: LayerParams) -> Self {
        LayerOut {
            weights: p.weights as f64,
            biases: p.biases as f64,
            total: p.total() as f64,
            bytes: p.bytes_f32() as f64,
        }
    }
}

#[derive(Serialize)]
struct MatrixOut {
    rows: f64,
    cols: f64,
    entries: f64,
    nonzeros: f64,
    distinct: f64,
}

#[derive(Serialize)]
struct ComparisonOut {
    fully_connected: LayerOut,
    convolutional: LayerOut,
    ratio: f64,
    conv_as_matrix: MatrixOut,
}

/// `count_parameters({height, width, channels, units, filters, filter_size})` →
/// `{fully_connected: {weights, biases, total, bytes}, convolutional: {…}, ratio,
/// conv_as_matrix: {rows, cols, entries, nonzeros, distinct}}`.
///
/// Fully connected: `H·W·C·k` weights + `k` biases; convolutional: `K·f·f·C` weights + `K`
/// biases; bytes as float32; `ratio` = fully connected total / convolutional total;
/// `conv_as_matrix` is the convolutional layer ("same" zero padding) as one sparse matrix.
#[wasm_bindgen]
pub fn count_parameters(config_value: JsValue) -> Result<JsValue, JsError> {
    let c: ParamsConfig = config(
        config_value,
        "count_parameters needs numbers height, width, channels, units, filters and filter_size",
    )?;
    let limit = crate::params::MAX_COUNT as f64;
    let input = InputShape {
        height: whole("input height H", c.height, limit)?,
        width: whole("input width W", c.width, limit)?,
        channels: whole("number of channels C", c.channels, limit)?,
    };
    let cmp = compare_layers(
        input,
        whole("number of units k", c.units, limit)?,
        whole("number of filters K", c.filters, limit)?,
        whole("filter size f", c.filter_size, limit)?,
    )?;
    let m = cmp.conv_as_matrix;
    let out = ComparisonOut {
        fully_connected: cmp.fully_connected.into(),
        convolutional: cmp.convolutional.into(),
        ratio: cmp.ratio,
        conv_as_matrix: MatrixOut {
            rows: m.rows as f64,
            cols: m.cols as f64,
            entries: m.entries,
            nonzeros: m.nonzeros,
            distinct: m.distinct as f64,
        },
    };
    Ok(serde_wasm_bindgen::to_value(&out)?)
}
