//! What theory says about heavy ball (and gradient descent, β = 0) on a quadratic.
//!
//! Along an eigenvector of A with eigenvalue λ the error e^t obeys
//! e^{t+1} = (1 + β − αλ)·e^t − β·e^{t−1}, whose characteristic polynomial is
//! z² − (1 + β − αλ)z + β. The error shrinks like ρ^t, where ρ is the larger root modulus:
//! (|1 + β − αλ| + √disc)/2 when disc = (1 + β − αλ)² − 4β ≥ 0, and √β for complex roots.
//! By the Jury (Schur–Cohn) test both roots lie inside the unit circle — the method converges
//! from every start — **iff |β| < 1 and 0 < αλ < 2 + 2β for every eigenvalue λ**. (The page only
//! offers β ≥ 0; negative β down to −1 also converges, just slowly.)
//!
//! Best constant parameters for eigenvalues λ_min..λ_max, κ = λ_max/λ_min:
//! gradient descent α* = 2/(λ_min + λ_max) with rate (κ − 1)/(κ + 1); heavy ball
//! α* = (2/(√λ_min + √λ_max))², β* = ((√κ − 1)/(√κ + 1))², rate √β* = (√κ − 1)/(√κ + 1).

use super::objective::{symmetric_eigenvalues, Problem};
use std::fmt;

/// A step size, a momentum and the per-step contraction factor ρ they give
/// (‖w^t − w*‖ shrinks like ρ^t).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tuning {
    /// Step size α.
    pub alpha: f64,
    /// Momentum β (0 for gradient descent).
    pub beta: f64,
    /// Contraction per step ρ.
    pub rate: f64,
}

/// The best constant step size of gradient descent for curvatures in `[lambda_min, lambda_max]`:
/// α* = 2/(λ_min + λ_max), rate (κ − 1)/(κ + 1).
pub fn optimal_gradient_descent(lambda_min: f64, lambda_max: f64) -> Tuning {
    let kappa = lambda_max / lambda_min;
    Tuning {
        alpha: 2.0 / (lambda_min + lambda_max),
        beta: 0.0,
        rate: (kappa - 1.0) / (kappa + 1.0),
    }
}

/// The best constant heavy-ball parameters for curvatures in `[lambda_min, lambda_max]`:
/// α* = (2/(√λ_min + √λ_max))², β* = ((√κ − 1)/(√κ + 1))², rate (√κ − 1)/(√κ + 1).
///
/// # Example
/// ```
/// use convlab::optim::optimal_heavy_ball;
/// let t = optimal_heavy_ball(1.0, 100.0); // κ = 100
/// assert!((t.alpha - 4.0 / 121.0).abs() < 1e-15);
/// assert!((t.beta - (9.0f64 / 11.0).powi(2)).abs() < 1e-15);
/// assert!((t.rate - 9.0 / 11.0).abs() < 1e-15);
/// ```
pub fn optimal_heavy_ball(lambda_min: f64, lambda_max: f64) -> Tuning {
    let root_kappa = (lambda_max / lambda_min).sqrt();
    let rate = (root_kappa - 1.0) / (root_kappa + 1.0);
    let s = 2.0 / (lambda_min.sqrt() + lambda_max.sqrt());
    Tuning {
        alpha: s * s,
        beta: rate * rate,
        rate,
    }
}

/// The larger root modulus of z² − (1 + β − αλ)z + β: how much the error along an eigenvector
/// of eigenvalue `lambda` shrinks (ρ < 1) or grows (ρ > 1) per step, asymptotically.
pub fn root_modulus(lambda: f64, alpha: f64, beta: f64) -> f64 {
    let b = 1.0 + beta - alpha * lambda;
    let disc = b * b - 4.0 * beta;
    if disc >= 0.0 {
        0.5 * (b.abs() + disc.sqrt())
    } else {
        // Complex pair z, z̄ with z·z̄ = β.
        beta.sqrt()
    }
}

/// The spectral radius ρ = max over {λ_min, λ_max} of [`root_modulus`]: the asymptotic
/// contraction per step on a quadratic with those extreme eigenvalues. (ρ is largest at the
/// extreme eigenvalues, so the interior ones need not be checked.)
pub fn convergence_rate(lambda_min: f64, lambda_max: f64, alpha: f64, beta: f64) -> f64 {
    root_modulus(lambda_min, alpha, beta).max(root_modulus(lambda_max, alpha, beta))
}

/// Why heavy ball does not converge on a quadratic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Instability {
    /// β ≥ 1: the momentum never fades.
    MomentumTooLarge {
        /// The momentum β.
        beta: f64,
    },
    /// β ≤ −1.
    MomentumTooNegative {
        /// The momentum β.
        beta: f64,
    },
    /// α ≤ 0: no step, or steps uphill.
    StepNotPositive {
        /// The step size α.
        alpha: f64,
    },
    /// αλ_max ≥ 2 + 2β: the steepest direction overshoots more each step (equality: forever
    /// bouncing between two sides).
    StepTooLarge {
        /// α·λ_max.
        alpha_lambda_max: f64,
        /// 2 + 2β.
        limit: f64,
        /// β, for the message.
        beta: f64,
    },
}

/// Applies the exact test: `Ok(rate)` with ρ < 1 when heavy ball converges on a quadratic with
/// eigenvalues in `[lambda_min, lambda_max]` (both > 0), otherwise the first broken condition.
///
/// # Errors
/// The first broken condition as an [`Instability`] (momentum out of (−1, 1), a step that
/// is not positive, or αλ_max ≥ 2 + 2β).
pub fn stability(
    lambda_min: f64,
    lambda_max: f64,
    alpha: f64,
    beta: f64,
) -> std::result::Result<f64, Instability> {
    if beta >= 1.0 {
        return Err(Instability::MomentumTooLarge { beta });
    }
    if beta <= -1.0 {
        return Err(Instability::MomentumTooNegative { beta });
    }
    if alpha <= 0.0 {
        return Err(Instability::StepNotPositive { alpha });
    }
    let alpha_lambda_max = alpha * lambda_max;
    let limit = 2.0 + 2.0 * beta;
    if alpha_lambda_max >= limit {
        return Err(Instability::StepTooLarge {
            alpha_lambda_max,
            limit,
            beta,
        });
    }
    Ok(convergence_rate(lambda_min, lambda_max, alpha, beta))
}

impl fmt::Display for Instability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Instability::MomentumTooLarge { beta } => write!(
                f,
                "β = {} ≥ 1: the momentum never fades, so the ball never settles (heavy ball needs β < 1)",
                number(beta, 3)
            ),
            Instability::MomentumTooNegative { beta } => write!(
                f,
                "β = {} ≤ −1: the momentum flips and grows (heavy ball needs β > −1)",
                number(beta, 3)
            ),
            Instability::StepNotPositive { alpha } => write!(
                f,
                "α = {} ≤ 0: a zero step never moves and a negative one walks uphill (it needs α > 0)",
                number(alpha, 3)
            ),
            Instability::StepTooLarge {
                alpha_lambda_max,
                limit,
                beta,
            } => {
                let (a, l) = distinct_pair(alpha_lambda_max, limit);
                let rule = if beta == 0.0 {
                    "2 (β = 0)".to_string()
                } else {
                    format!("2 + 2β = {l}")
                };
                if alpha_lambda_max == limit {
                    write!(
                        f,
                        "αλ_max = {a} = {}: exactly on the edge, it bounces across the valley forever",
                        if beta == 0.0 { "2" } else { "2 + 2β" }
                    )
                } else {
                    write!(f, "αλ_max = {a} > {rule}")
                }
            }
        }
    }
}

/// How far (relative to the start's distance, at least 1) an iterate may wander from w* before
/// the run counts as diverged.
pub const ESCAPE_FACTOR: f64 = 1e3;

/// What happened on a run, in numbers and in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnosis {
    /// First step t whose iterate is not finite or lies farther than
    /// [`ESCAPE_FACTOR`]·max(‖w^0 − w*‖, 1) from w*: an observation on the path.
    pub diverged_at: Option<usize>,
    /// The theory's verdict from the curvatures: exact for the quadratic, local (Hessian at the
    /// minimum) for Rosenbrock.
    pub converges: bool,
    /// The asymptotic contraction per step ρ from [`convergence_rate`] (> 1: growth).
    pub rate: f64,
    /// Whether `converges` and `rate` are exact (quadratic) or a local model (Rosenbrock).
    pub exact: bool,
    /// A sentence for the student when something went wrong, e.g.
    /// "diverged at step 12: αλ_max = 2.4 > 2 + 2β = 2".
    pub message: Option<String>,
}

/// The first step at which `path` leaves the ball of radius [`ESCAPE_FACTOR`]·max(‖w^0 − w*‖, 1)
/// around `w_star` or stops being finite.
pub fn escape_step(path: &[[f64; 2]], w_star: [f64; 2]) -> Option<usize> {
    let dist = |w: &[f64; 2]| (w[0] - w_star[0]).hypot(w[1] - w_star[1]);
    let radius = ESCAPE_FACTOR * path.first().map_or(1.0, |w| dist(w).max(1.0));
    path.iter()
        .position(|w| !(w[0].is_finite() && w[1].is_finite()) || dist(w) > radius)
}

/// Reads a run: where it left (if it did), what theory predicts, and a sentence saying why.
///
/// On the quadratic the reason is the exact rule (see the module docs). On Rosenbrock the rule is
/// applied locally: to the curvature met along the path when it escaped, to the
/// curvature at the minimum otherwise. When it escaped, the sentence names the first step where
/// the local curvature already broke the rule.
pub fn diagnose(problem: &Problem, path: &[[f64; 2]], alpha: f64, beta: f64) -> Diagnosis {
    let (lambda_min, lambda_max) = problem.curvatures();
    let verdict = stability(lambda_min, lambda_max, alpha, beta);
    let rate = convergence_rate(lambda_min, lambda_max, alpha, beta);
    let diverged_at = escape_step(path, problem.minimizer());
    let exact = problem.is_quadratic();
    let message = match (diverged_at, verdict) {
        (Some(t), Err(why)) if exact => Some(format!("diverged at step {t}: {why}")),
        (Some(t), _) if !exact => Some(rosenbrock_escape(problem, &path[..t], alpha, beta, t)),
        (Some(t), _) => Some(format!(
            "diverged at step {t}: the iterate went {} times farther from the minimum than it started",
            number(ESCAPE_FACTOR, 3)
        )),
        (None, Err(why)) => {
            let growth = if rate > 1.0 {
                format!(
                    "; the distance to the minimum grows about ×{} per step, which {} steps do not show yet",
                    number(rate, 4),
                    path.len().saturating_sub(1)
                )
            } else {
                String::new()
            };
            let near = if exact { "" } else { "near the minimum " };
            Some(format!("does not converge: {near}{why}{growth}"))
        }
        (None, Ok(_)) => None,
    };
    Diagnosis {
        diverged_at,
        converges: verdict.is_ok(),
        rate,
        exact,
        message,
    }
}

fn rosenbrock_escape(
    problem: &Problem,
    before: &[[f64; 2]],
    alpha: f64,
    beta: f64,
    t: usize,
) -> String {
    // The first iterate where the local quadratic model is already unstable: where the
    // trouble starts, not the wild curvatures met once the run has flown off.
    let onset = before.iter().enumerate().find_map(|(s, w)| {
        let l = symmetric_eigenvalues(problem.hessian(*w)).1;
        if !l.is_finite() {
            return None;
        }
        stability(l, l, alpha, beta).err().map(|why| (s, l, why))
    });
    match onset {
        Some((s, l, why @ Instability::StepTooLarge { .. })) => format!(
            "diverged at step {t}: {} the valley is so steep (λ_max = {}) that {why}",
            if s == 0 {
                "at the start".to_string()
            } else {
                format!("at step {s}")
            },
            number(l, 4)
        ),
        Some((_, _, why)) => format!("diverged at step {t}: {why}"),
        None => format!(
            "diverged at step {t}: the iterate went {} times farther from the minimum than it started",
            number(ESCAPE_FACTOR, 3)
        ),
    }
}

/// `x` with `digits` significant digits, trailing zeros trimmed, a real minus sign.
pub fn number(x: f64, digits: usize) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    if x == 0.0 {
        return "0".into();
    }
    let magnitude = x.abs().log10().floor() as i64;
    if !(-5..=9).contains(&magnitude) {
        let s = format!("{:.*e}", digits.saturating_sub(1), x);
        let (mantissa, exponent) = s.split_once('e').unwrap_or((&s, "0"));
        return format!("{}·10^{}", trim(mantissa), exponent).replace('-', "−");
    }
    let decimals = (digits as i64 - 1 - magnitude).max(0) as usize;
    trim(&format!("{x:.decimals$}")).replace('-', "−")
}

fn trim(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

/// Formats two numbers with the fewest digits (3 to 12) that still show they differ.
fn distinct_pair(a: f64, b: f64) -> (String, String) {
    let mut digits = 3;
    while a != b && number(a, digits) == number(b, digits) && digits < 12 {
        digits += 1;
    }
    (number(a, digits), number(b, digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(2.4, 3), "2.4");
        assert_eq!(number(0.019801980, 4), "0.0198");
        assert_eq!(number(-1.5, 3), "−1.5");
        assert_eq!(number(1000.0, 3), "1000");
        assert_eq!(number(1.25e-7, 3), "1.25·10^−7");
        assert_eq!(distinct_pair(2.0004, 2.0), ("2.0004".into(), "2".into()));
    }

    #[test]
    fn optimal_rates_are_the_root_moduli() {
        for kappa in [2.0, 10.0, 100.0, 1000.0] {
            let (lo, hi) = (1.0 / kappa, 1.0);
            let hb = optimal_heavy_ball(lo, hi);
            assert!((convergence_rate(lo, hi, hb.alpha, hb.beta) - hb.rate).abs() < 1e-7);
            assert!((hb.beta.sqrt() - hb.rate).abs() < 1e-15);
            let gd = optimal_gradient_descent(lo, hi);
            assert!((convergence_rate(lo, hi, gd.alpha, 0.0) - gd.rate).abs() < 1e-14);
            assert!(hb.rate < gd.rate);
        }
    }

    #[test]
    fn gradient_descent_rate_is_largest_one_minus_alpha_lambda() {
        assert!((convergence_rate(0.1, 1.0, 1.5, 0.0) - 0.85).abs() < 1e-15);
        assert!((convergence_rate(0.1, 1.0, 0.5, 0.0) - 0.95).abs() < 1e-15);
    }

    #[test]
    fn stability_agrees_with_the_root_moduli() {
        // Jury's inequalities and "both roots inside the unit circle" are the same statement.
        for i in 0..=60 {
            for j in 0..=60 {
                let alpha = -0.5 + 5.0 * i as f64 / 60.0;
                let beta = -1.3 + 2.6 * j as f64 / 60.0;
                let rate = convergence_rate(0.05, 1.0, alpha, beta);
                let stable = stability(0.05, 1.0, alpha, beta).is_ok();
                if (rate - 1.0).abs() > 1e-9 {
                    assert_eq!(stable, rate < 1.0, "α = {alpha}, β = {beta}, ρ = {rate}");
                }
            }
        }
    }

    #[test]
    fn messages_name_the_broken_rule() {
        let e = stability(0.1, 1.0, 2.4, 0.0).unwrap_err();
        assert_eq!(e.to_string(), "αλ_max = 2.4 > 2 (β = 0)");
        let e = stability(0.1, 2.0, 1.6, 0.5).unwrap_err();
        assert_eq!(e.to_string(), "αλ_max = 3.2 > 2 + 2β = 3");
        let e = stability(0.1, 1.0, 0.5, 1.0).unwrap_err();
        assert!(e.to_string().starts_with("β = 1 ≥ 1"), "{e}");
        let e = stability(0.1, 1.0, 2.0, 0.0).unwrap_err();
        assert!(e.to_string().contains("on the edge"), "{e}");
    }

    #[test]
    fn diagnosis_reports_the_escape_step_and_reason() {
        let f = Problem::quadratic(0.1, 1.0, 0.0).unwrap();
        let path = super::super::heavy_ball_path(&f, [1.0, 1.0], 2.4, 0.0, 100, None).unwrap();
        let d = diagnose(&f, &path, 2.4, 0.0);
        // Along λ = 1 the error is multiplied by 1 − 2.4 = −1.4: it passes 1000·√2 when
        // 1.4^t > 1000·√2, i.e. at t = 22 (1.4^21 ≈ 1171, 1.4^22 ≈ 1640 > 1414).
        assert_eq!(d.diverged_at, Some(22));
        assert_eq!(
            d.message.as_deref(),
            Some("diverged at step 22: αλ_max = 2.4 > 2 (β = 0)")
        );
        assert!(!d.converges && (d.rate - 1.4).abs() < 1e-15);

        let slow = super::super::heavy_ball_path(&f, [1.0, 1.0], 2.01, 0.0, 50, None).unwrap();
        let d = diagnose(&f, &slow, 2.01, 0.0);
        assert_eq!(d.diverged_at, None);
        assert!(d
            .message
            .unwrap()
            .starts_with("does not converge: αλ_max = 2.01 > 2"));

        let fine = super::super::heavy_ball_path(&f, [1.0, 1.0], 1.0, 0.5, 50, None).unwrap();
        assert_eq!(diagnose(&f, &fine, 1.0, 0.5).message, None);
    }

    #[test]
    fn rosenbrock_escape_names_the_local_curvature() {
        let f = Problem::rosenbrock(1.0, 100.0).unwrap();
        let path = super::super::heavy_ball_path(&f, [-1.5, 2.0], 0.01, 0.5, 50, None).unwrap();
        let d = diagnose(&f, &path, 0.01, 0.5);
        let m = d
            .message
            .expect("α = 0.01 on b = 100 from (−1.5, 2) blows up");
        assert!(m.contains("so steep"), "{m}");
        assert!(!d.exact);
        // Walking uphill says so.
        let up = super::super::heavy_ball_path(&f, [-1.5, 2.0], -0.01, 0.0, 50, None).unwrap();
        let m = diagnose(&f, &up, -0.01, 0.0).message.unwrap();
        assert!(m.contains("α = −0.01 ≤ 0"), "{m}");
    }
}
