//! What a contraction per step means in steps: a run whose distance to the minimum shrinks by
//! ρ < 1 per step is `factor` times closer after the least t with ρᵗ ≤ 1/factor,
//!
//! t = ⌈ln(factor) / ln(1/ρ)⌉,
//!
//! which the momentum station states as "1000× closer every t steps" (ρ from
//! [`super::convergence_rate`]). ρ ≥ 1 never gets closer.

use crate::error::{Error, Result};

/// The least number of steps t ≥ 0 with ρᵗ ≤ 1/`factor` for a contraction `rate` = ρ per step;
/// `None` when ρ ≥ 1 (the run never gets that close). ρ = 0 lands in one step (t = 1 for any
/// factor > 1); a factor of 1 needs no step.
///
/// The logarithm's quotient is only a first guess: t is corrected by one when rounding put it
/// on the wrong side of an exact power (ρ = 0.1, factor 1000 is 3 steps, not 4); a power within
/// a relative 10⁻¹² of 1/factor (in the exponent) counts as reaching it.
///
/// # Errors
/// [`Error::InvalidArgument`] when ρ is negative or not a number, or `factor` is below 1 or not
/// finite.
///
/// ```
/// use convlab::optim::steps_to_shrink;
/// assert_eq!(steps_to_shrink(0.5, 1000.0).unwrap(), Some(10)); // 2¹⁰ = 1024 ≥ 1000 > 2⁹
/// assert_eq!(steps_to_shrink(1.0, 1000.0).unwrap(), None);
/// ```
pub fn steps_to_shrink(rate: f64, factor: f64) -> Result<Option<u64>> {
    if rate.is_nan() || rate < 0.0 {
        return Err(Error::invalid(format!(
            "A contraction per step must be a number ≥ 0, not {rate}."
        )));
    }
    if !(factor.is_finite() && factor >= 1.0) {
        return Err(Error::invalid(format!(
            "How many times closer must be a finite number ≥ 1, not {factor}."
        )));
    }
    if rate >= 1.0 {
        return Ok(None);
    }
    if factor == 1.0 {
        return Ok(Some(0));
    }
    if rate == 0.0 {
        return Ok(Some(1));
    }
    let reached = |t: f64| t * rate.ln() <= -factor.ln() * (1.0 - 1e-12);
    let mut t = (factor.ln() / -rate.ln()).ceil().max(1.0);
    if t > 1.0 && reached(t - 1.0) {
        t -= 1.0;
    } else if !reached(t) {
        t += 1.0;
    }
    // ρ close to 1 may need more steps than u64 holds: that is "never" in practice too.
    Ok((t < u64::MAX as f64).then_some(t as u64))
}
