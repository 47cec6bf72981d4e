//! Reading the JSON oracle fixtures under tests/fixtures/ (each written by its gen_*.py) and
//! viewing their flat row-major arrays as ndarray views.

// Shared by several test crates, each of which uses only some of these items.
#![allow(dead_code)]

use ndarray::ArrayView2;
use serde_json::Value;

/// `tests/fixtures/<name>`, parsed.
pub fn load(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {path}: {e}"))
}

/// A JSON array of numbers as `f32`.
pub fn floats(v: &Value) -> Vec<f32> {
    v.as_array()
        .expect("an array of numbers")
        .iter()
        .map(|x| x.as_f64().expect("a number") as f32)
        .collect()
}

/// A JSON whole number as `usize`.
pub fn usize_of(v: &Value) -> usize {
    v.as_u64().expect("a whole number") as usize
}

/// A row-major buffer seen as `rows × cols`.
pub fn grid(values: &[f32], rows: usize, cols: usize) -> ArrayView2<'_, f32> {
    ArrayView2::from_shape((rows, cols), values).expect("rows × cols values")
}
