//! Reading what JavaScript passes in: the only place the boundary turns JS numbers and config
//! objects into the core's types.
//!
//! JS numbers are `f64`. Sizes, counts, steps and seeds must be whole, non-negative and exactly
//! representable (at most 2⁵³ − 1), reals must be finite; when they are not, the student reads
//! which argument was wrong and why, and nothing is silently replaced by a default. Config
//! objects are read with serde through [`config`], which rewrites serde's message once for all.
//!
//! The readers are `#[inline(never)]`: their message formatting is cold code, and inlined into
//! the forty-odd call sites it made the wasm module 22 KB larger.

use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{Error, Result};

/// The largest whole number a JS number holds exactly (2⁵³ − 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A whole number in `0..=max`, or a message naming `what`.
#[inline(never)]
pub(super) fn whole(what: &str, v: f64, max: f64) -> Result<u64> {
    if !(v.is_finite() && v >= 0.0 && v.fract() == 0.0) {
        Err(Error::invalid(format!(
            "The {what} must be a whole number like 0, 1, 2 or 256, not {v}."
        )))
    } else if v > max.min(MAX_SAFE_INTEGER) {
        Err(Error::invalid(format!(
            "The {what} ({v}) is too large: use a smaller number."
        )))
    } else {
        Ok(v as u64)
    }
}

/// A whole number in `lo..=hi`; the message names the range (`what` starts the sentence, e.g.
/// "The number of steps").
#[inline(never)]
pub(super) fn whole_in(what: &str, v: f64, lo: usize, hi: usize) -> Result<usize> {
    if v.is_finite() && v.fract() == 0.0 && (lo as f64..=hi as f64).contains(&v) {
        Ok(v as usize)
    } else {
        Err(Error::invalid(format!(
            "{what} must be a whole number from {lo} to {hi}, not {v}."
        )))
    }
}

/// An image, kernel or matrix dimension (`0..=u32::MAX`) as `usize`.
#[inline(never)]
pub(super) fn dim(what: &str, v: f64) -> Result<usize> {
    Ok(whole(what, v, u32::MAX as f64)? as usize)
}

/// A count whose range the core checks (hidden units, batch size, steps…): any whole number
/// up to 2⁵³ − 1, saturated to `usize::MAX` on wasm32 so the core's own limit reports it.
#[inline(never)]
pub(super) fn count(what: &str, v: f64) -> Result<usize> {
    Ok(usize::try_from(whole(what, v, MAX_SAFE_INTEGER)?).unwrap_or(usize::MAX))
}

/// [`count`] of an optional config field, `default` when absent.
#[inline(never)]
pub(super) fn count_or(what: &str, v: Option<f64>, default: usize) -> Result<usize> {
    v.map_or(Ok(default), |v| count(what, v))
}

/// A random seed: a whole number from 0 to 2⁵³ − 1. Anything else is an error, never a
/// silently different stream.
#[inline(never)]
pub(super) fn seed(what: &str, v: f64) -> Result<u64> {
    if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= MAX_SAFE_INTEGER {
        Ok(v as u64)
    } else {
        Err(Error::invalid(format!(
            "The {what} must be a whole number from 0 to 2^53 − 1, not {v}."
        )))
    }
}

/// [`seed`] of an optional config field, `default` when absent.
#[inline(never)]
pub(super) fn seed_or(what: &str, v: Option<f64>, default: u64) -> Result<u64> {
    v.map_or(Ok(default), |v| seed(what, v))
}

/// A finite real number (`what` starts the sentence, e.g. "The step size α").
#[inline(never)]
pub(super) fn real(what: &str, v: f64) -> Result<f64> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(Error::invalid(format!(
            "{what} is not a finite number ({v}): give an ordinary number."
        )))
    }
}

/// A whole number that may be negative (an index before the start of an axis), within
/// ±(2⁵³ − 1).
#[inline(never)]
pub(super) fn index(what: &str, v: f64) -> Result<isize> {
    if v.is_finite() && v.fract() == 0.0 && v.abs() <= MAX_SAFE_INTEGER {
        // Saturates on wasm32 (32-bit isize); every border mode reads such an index correctly.
        Ok(v as isize)
    } else {
        Err(Error::invalid(format!(
            "The {what} must be a whole number (negative ones too), not {v}."
        )))
    }
}

/// A position to read a list from: whole and ≥ 0 as given, clamped to `len` (reading past the
/// end reads nothing).
#[inline(never)]
pub(super) fn start(what: &str, v: f64, len: usize) -> Result<usize> {
    Ok(count(what, v)?.min(len))
}

/// serde's message without its "Error: " prefix and with Rust type names (`struct ConfigSpec`)
/// said as a student would (`an object`).
fn readable(serde_message: &str) -> String {
    let text = serde_message.trim_start_matches("Error: ");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("struct ") {
        out.push_str(&rest[..i]);
        out.push_str("an object");
        let after = &rest[i + "struct ".len()..];
        let name_len = after
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        rest = &after[name_len..];
    }
    out.push_str(rest);
    out
}

/// Reads a config object; on failure the message is `"{shape} ({what serde found})."`, where
/// `shape` shows what a good value looks like.
#[inline(never)]
pub(super) fn config<T: DeserializeOwned>(value: JsValue, shape: &str) -> Result<T> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| Error::invalid(format!("{shape} ({}).", readable(&e.to_string()))))
}

/// [`config`] where `undefined` or `null` means every field at its default.
#[inline(never)]
pub(super) fn config_or_default<T: DeserializeOwned + Default>(
    value: JsValue,
    shape: &str,
) -> Result<T> {
    if value.is_undefined() || value.is_null() {
        Ok(T::default())
    } else {
        config(value, shape)
    }
}

/// [`config_or_default`] with the message "The settings should look like {example} (…)." A
/// key outside `keys` (a typo such as `learnig_rate`) is an error rather than silently ignored:
/// serde-wasm-bindgen only reads the fields a struct names, so the keys are checked here.
#[inline(never)]
pub(super) fn settings<T: DeserializeOwned + Default>(
    value: JsValue,
    keys: &[&str],
    example: &str,
) -> Result<T> {
    if let Some(obj) = value.dyn_ref::<js_sys::Object>() {
        for key in js_sys::Object::keys(obj).iter() {
            let key = key.as_string().unwrap_or_default();
            if !keys.contains(&key.as_str()) {
                return Err(Error::invalid(format!(
                    "Unknown setting \"{key}\": the settings are {}.",
                    keys.join(", ")
                )));
            }
        }
    }
    config_or_default(value, &format!("The settings should look like {example}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_read_as_a_student_would() {
        assert_eq!(
            readable("Error: invalid type: string \"x\", expected struct ConfigSpec"),
            "invalid type: string \"x\", expected an object"
        );
        assert_eq!(readable("missing field `hidden`"), "missing field `hidden`");
    }

    #[test]
    fn seeds_are_whole_and_exact_or_refused() {
        assert_eq!(seed("seed", 0.0).unwrap(), 0);
        assert_eq!(seed("seed", MAX_SAFE_INTEGER).unwrap(), (1 << 53) - 1);
        for bad in [-1.0, 1.5, f64::NAN, f64::INFINITY, 2f64.powi(53)] {
            let e = seed("noise seed", bad).unwrap_err();
            assert!(
                e.message()
                    .starts_with("The noise seed must be a whole number"),
                "{e}"
            );
        }
        assert_eq!(seed_or("seed", None, 7).unwrap(), 7);
    }

    #[test]
    fn counts_ranges_reals_and_indices() {
        assert_eq!(whole_in("The number of steps", 3.0, 1, 5).unwrap(), 3);
        let e = whole_in("The number of steps", 2.5, 1, 5).unwrap_err();
        assert_eq!(
            e.message(),
            "The number of steps must be a whole number from 1 to 5, not 2.5."
        );
        assert!(count("batch size", -1.0).is_err());
        assert_eq!(count_or("batch size", None, 16).unwrap(), 16);
        assert!(dim("rows", 2f64.powi(33)).is_err());
        assert!(real("The step size α", f64::NAN).is_err());
        assert_eq!(index("index i", -3.0).unwrap(), -3);
        assert!(index("index i", 0.5).is_err());
        assert_eq!(start("start", 10.0, 4).unwrap(), 4);
        assert!(start("start", f64::NAN, 4).is_err());
    }
}
