//! The length and direction of a weight vector, as the implicit-regularization station states
//! them: ‖w‖ of a limit or of a run's last iterate, and w/‖w‖, the direction logistic
//! regression's weights converge to while their length grows without bound.
//!
//! ‖w‖ = √(Σᵢ wᵢ²), computed as m·√(Σᵢ (wᵢ/m)²) with m = maxᵢ |wᵢ|, so that weights near the
//! top of the f64 range (a diverging run) give their length instead of ∞, and tiny ones do not
//! underflow to 0. The direction is w/‖w‖ (a unit vector); the zero vector has none.

use crate::error::{Error, Result};

/// ‖w‖ and w/‖w‖.
#[derive(Debug, Clone, PartialEq)]
pub struct NormDirection {
    /// ‖w‖₂ = √(Σᵢ wᵢ²).
    pub norm: f64,
    /// w/‖w‖, or `None` for w = 0 (which has no direction).
    pub direction: Option<Vec<f64>>,
}

/// ‖w‖₂ without overflow or underflow in the squares (see the module docs); 0 for an empty or
/// all-zero `w`, NaN when an entry is NaN, ∞ when one is infinite.
pub fn euclidean_norm(w: &[f64]) -> f64 {
    let m = w.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    if w.iter().any(|v| v.is_nan()) {
        return f64::NAN;
    }
    if m == 0.0 || m.is_infinite() {
        return m;
    }
    m * w.iter().map(|v| (v / m) * (v / m)).sum::<f64>().sqrt()
}

/// The length ‖w‖ and direction w/‖w‖ of a weight vector.
///
/// # Errors
/// [`Error::InvalidArgument`] when `w` is empty or holds a value that is not a finite number.
///
/// ```
/// let nd = convlab::vector::norm_and_direction(&[3.0, -4.0]).unwrap();
/// assert_eq!(nd.norm, 5.0);
/// assert_eq!(nd.direction, Some(vec![0.6, -0.8]));
/// ```
pub fn norm_and_direction(w: &[f64]) -> Result<NormDirection> {
    if w.is_empty() {
        return Err(Error::invalid(
            "The weight vector is empty: give at least one number.",
        ));
    }
    if let Some(i) = w.iter().position(|v| !v.is_finite()) {
        return Err(Error::invalid(format!(
            "The weight vector has a value that is not a finite number ({}) at position {}.",
            w[i],
            i + 1
        )));
    }
    let norm = euclidean_norm(w);
    let direction = (norm > 0.0).then(|| w.iter().map(|v| v / norm).collect());
    Ok(NormDirection { norm, direction })
}
