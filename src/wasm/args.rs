//! Reading numbers that JavaScript passes in. JS numbers are `f64`; sizes, counts and seeds
//! must be whole, non-negative and exactly representable, and when they are not the student
//! reads which argument was wrong and why.

use wasm_bindgen::prelude::*;

/// The largest whole number a JS number holds exactly (2⁵³ − 1).
pub(super) const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A whole number in `0..=max`, or a message naming `what`.
pub(super) fn whole(what: &str, v: f64, max: f64) -> Result<u64, JsError> {
    if !(v.is_finite() && v >= 0.0 && v.fract() == 0.0) {
        Err(JsError::new(&format!(
            "The {what} must be a whole number like 0, 1, 2 or 256, not {v}."
        )))
    } else if v > max {
        Err(JsError::new(&format!(
            "The {what} ({v}) is too large: use a smaller number."
        )))
    } else {
        Ok(v as u64)
    }
}

/// An image, kernel or matrix dimension (`0..=u32::MAX`) as `usize`.
pub(super) fn dim(what: &str, v: f64) -> Result<usize, JsError> {
    Ok(whole(what, v, u32::MAX as f64)? as usize)
}

/// A settings object from JS through serde (`undefined` or `null` → every default), or a
/// message showing `example`, the shape it should have. A key outside `keys` (a typo such as
/// `learnig_rate`) is an error rather than silently ignored: serde-wasm-bindgen only reads the
/// fields it knows, so the keys are checked here.
pub(super) fn settings<T: serde::de::DeserializeOwned + Default>(
    value: JsValue,
    keys: &[&str],
    example: &str,
) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if let Some(obj) = value.dyn_ref::<js_sys::Object>() {
        for key in js_sys::Object::keys(obj).iter() {
            let key = key.as_string().unwrap_or_default();
            if !keys.contains(&key.as_str()) {
                return Err(JsError::new(&format!(
                    "Unknown setting \"{key}\": the settings are {}.",
                    keys.join(", ")
                )));
            }
        }
    }
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| JsError::new(&format!("The settings should look like {example} ({e}).")))
}
