//! The step size of the least-squares runs (implicit-regularization station) and the verdict
//! on whether a run blew up.
//!
//! For `f(w) = (1/2n)·Σᵢ (xᵢ·w − yᵢ)²`, one example's loss `½(xᵢ·w − yᵢ)²` has curvature
//! (Hessian) `xᵢxᵢᵀ`, whose largest eigenvalue is `‖xᵢ‖²`. An SGD step on example `i` multiplies
//! the error along `xᵢ` by `1 − α‖xᵢ‖²`, so it shrinks iff `α‖xᵢ‖² < 2`; the full gradient's
//! Hessian `(1/n)XᵀX` has largest eigenvalue at most `L = maxᵢ ‖xᵢ‖²`. So with
//! `α = r / L`, both methods are guaranteed stable for `r < 2` (a sufficient condition: SGD
//! may still converge above it when other examples damp the error, and gradient descent diverges
//! only once `α` exceeds `2 / λ_max((1/n)XᵀX) ≥ 2 / L`), and for `r > 1` a step on the worst
//! example overshoots the solution line and comes back. Whether a run did blow up is read off
//! its last iterate ([`run_end`]).

use crate::error::{Error, Result};

/// Below this step ratio `r = α·L` both gradient descent and SGD are guaranteed to converge.
pub const STABLE_RATIO: f64 = 2.0;

/// A run whose last iterate is longer than this (or not finite) is reported as blown up: the
/// station's weights live in `[−4, 4]²` and a converging run from a start within 50 stays
/// within about 100.
pub const DIVERGENCE_NORM: f64 = 1e6;

/// The step size the station uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepSize {
    /// `L = maxᵢ ‖xᵢ‖²`, the largest per-example curvature.
    pub curvature: f64,
    /// `α = ratio / L` (0 when `L = 0`: no example has a direction to move along).
    pub alpha: f64,
    /// `ratio < 2`: convergence is guaranteed for gradient descent and SGD alike.
    pub guaranteed_stable: bool,
    /// `1 < ratio < 2`: each step overshoots along the worst example, and still converges.
    pub overshoots: bool,
}

fn check_rows(x: &[f64], n: usize, d: usize) -> Result<()> {
    match n.checked_mul(d) {
        Some(len) if len == x.len() && n > 0 && d > 0 => {}
        _ => {
            return Err(Error::shape(format!(
                "The examples should be {n} rows of {d} numbers, but there are {} numbers.",
                x.len()
            )))
        }
    }
    if x.iter().any(|v| !v.is_finite()) {
        return Err(Error::invalid(
            "Every example must be made of finite numbers.",
        ));
    }
    Ok(())
}

/// `α = ratio / maxᵢ ‖xᵢ‖²` for the `n × d` examples `x` (row-major).
///
/// # Errors
/// [`Error::ShapeMismatch`] when `x` is not `n × d`; [`Error::InvalidArgument`] for a
/// non-finite value or a ratio that is not a positive number.
///
/// # Example
/// ```
/// // Rows (1, 2) and (1.5, 3): L = 1.5² · 5 = 11.25, so α = 0.5 / 11.25.
/// let s = convlab::stability::step_size(&[1.0, 2.0, 1.5, 3.0], 2, 2, 0.5).unwrap();
/// assert_eq!(s.curvature, 11.25);
/// assert_eq!(s.alpha, 0.5 / 11.25);
/// ```
pub fn step_size(x: &[f64], n: usize, d: usize, ratio: f64) -> Result<StepSize> {
    check_rows(x, n, d)?;
    if !(ratio.is_finite() && ratio > 0.0) {
        return Err(Error::invalid(format!(
            "The step α·L must be a positive number, not {ratio}."
        )));
    }
    let curvature = x
        .chunks_exact(d)
        .map(|row| row.iter().map(|v| v * v).sum::<f64>())
        .fold(0.0, f64::max);
    Ok(StepSize {
        curvature,
        alpha: if curvature > 0.0 {
            ratio / curvature
        } else {
            0.0
        },
        guaranteed_stable: ratio < STABLE_RATIO,
        overshoots: ratio > 1.0 && ratio < STABLE_RATIO,
    })
}

/// Where a run ended and what the station says about it.
#[derive(Debug, Clone, PartialEq)]
pub struct RunEnd {
    /// The last iterate `w^T`.
    pub last: Vec<f64>,
    /// `‖w^T‖₂`.
    pub norm: f64,
    /// `maxᵢ |xᵢ·w^T − yᵢ|`: how far the last iterate is from solving every equation.
    pub max_residual: f64,
    /// The last iterate is not finite or longer than [`DIVERGENCE_NORM`].
    pub diverged: bool,
}

/// Summarises a path of `d`-dimensional iterates (flattened, as `least_squares_path` returns
/// it) on the examples `x` (`n × d`) with targets `y`.
///
/// # Errors
/// [`Error::ShapeMismatch`] when `x` is not `n × d`, `y` not `n` long, or the path not a whole
/// number (≥ 1) of `d`-vectors; [`Error::InvalidArgument`] for non-finite examples.
pub fn run_end(x: &[f64], y: &[f64], n: usize, d: usize, path: &[f64]) -> Result<RunEnd> {
    check_rows(x, n, d)?;
    if y.len() != n {
        return Err(Error::shape(format!(
            "There are {n} examples but {} targets.",
            y.len()
        )));
    }
    if path.is_empty() || !path.len().is_multiple_of(d) {
        return Err(Error::shape(format!(
            "The path should hold whole {d}-vectors, but it has {} numbers.",
            path.len()
        )));
    }
    let last = path[path.len() - d..].to_vec();
    let norm = last.iter().map(|v| v * v).sum::<f64>().sqrt();
    let max_residual = x
        .chunks_exact(d)
        .zip(y)
        .map(|(row, yi)| (row.iter().zip(&last).map(|(a, w)| a * w).sum::<f64>() - yi).abs())
        .fold(
            0.0,
            |m: f64, r| if r.is_nan() { f64::NAN } else { m.max(r) },
        );
    let diverged = !(norm.is_finite() && norm <= DIVERGENCE_NORM);
    Ok(RunEnd {
        last,
        norm,
        max_residual,
        diverged,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::implicit::least_squares_path;

    /// The station's collinear system: xᵢ = sᵢ·(1, 2), yᵢ = 3sᵢ, s = (1, 1.5, −0.5).
    fn system() -> (Vec<f64>, Vec<f64>) {
        let s = [1.0, 1.5, -0.5];
        (
            s.iter().flat_map(|&s| [s, 2.0 * s]).collect(),
            s.iter().map(|&s| 3.0 * s).collect(),
        )
    }

    #[test]
    fn step_size_by_hand() {
        let (x, _) = system();
        // L = 1.5² · (1² + 2²) = 11.25.
        let s = step_size(&x, 3, 2, 1.5).unwrap();
        assert_eq!(s.curvature, 11.25);
        assert_eq!(s.alpha, 1.5 / 11.25);
        assert!(s.overshoots && s.guaranteed_stable);
        assert!(!step_size(&x, 3, 2, 2.0).unwrap().guaranteed_stable);
        assert!(!step_size(&x, 3, 2, 0.5).unwrap().overshoots);
        assert_eq!(step_size(&[0.0, 0.0], 1, 2, 0.5).unwrap().alpha, 0.0);
        assert!(step_size(&x, 3, 2, f64::NAN).is_err());
        assert!(step_size(&x, 2, 2, 0.5).is_err());
    }

    #[test]
    fn residual_and_norm_by_hand() {
        let (x, y) = system();
        // w = (1, 1): x·w = 3s, so every residual is 0; w = (0, 0): the residuals are 3|s|.
        let end = run_end(&x, &y, 3, 2, &[0.0, 0.0, 1.0, 1.0]).unwrap();
        assert_eq!((end.last.clone(), end.max_residual), (vec![1.0, 1.0], 0.0));
        assert_eq!(end.norm, 2f64.sqrt());
        assert!(!end.diverged);
        let end = run_end(&x, &y, 3, 2, &[0.0, 0.0]).unwrap();
        assert_eq!(end.max_residual, 4.5);
        assert!(
            run_end(&x, &y, 3, 2, &[f64::INFINITY, 0.0])
                .unwrap()
                .diverged
        );
        assert!(run_end(&x, &y, 3, 2, &[2e6, 0.0]).unwrap().diverged);
        assert!(run_end(&x, &y, 3, 2, &[0.0, 0.0, 1.0]).is_err());
    }

    /// Below the bound both methods converge to a solution. Gradient descent's own limit,
    /// worked by hand: (1/n)XᵀX = (1/3)·Σsᵢ²·aaᵀ has λ_max = (3.5/3)·5 = 35/6, so it diverges
    /// once α > 2/λ_max, i.e. α·L > 2·11.25·6/35 ≈ 3.857; SGD with α·L = 10 multiplies the
    /// error by −9, −3.44 or −0.11 (geometric mean > 1) and blows up too.
    #[test]
    fn the_bound_holds_and_the_verdict_reads_blow_ups() {
        let (x, y) = system();
        let end = |ratio: f64, stochastic: bool| {
            let s = step_size(&x, 3, 2, ratio).unwrap();
            let path = least_squares_path(&x, &y, 3, 2, &[2.5, -1.0], s.alpha, 3000, stochastic, 1)
                .unwrap();
            run_end(&x, &y, 3, 2, &path).unwrap()
        };
        for ratio in [0.5, 1.0, 1.5, 1.99] {
            for stochastic in [false, true] {
                let e = end(ratio, stochastic);
                assert!(!e.diverged && e.max_residual < 1e-9, "α·L = {ratio}: {e:?}");
            }
        }
        assert!(!end(3.7, false).diverged);
        assert!(end(4.0, false).diverged);
        assert!(end(10.0, true).diverged);
    }
}
