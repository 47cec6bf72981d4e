//! Implicit regularization of (stochastic) gradient descent, in the two cases the lecture names.
//!
//! **Least squares with more unknowns than equations.** On f(w) = (1/2n)·‖Xw − y‖² (X is
//! n × d), gradient descent w ← w − α·(1/n)·Xᵀ(Xw − y) and SGD w ← w − α·xᵢ(xᵢᵀw − yᵢ) only ever
//! move along rows of X, so w^t − w^0 stays in the row space of X. When Xw = y has solutions, the
//! only solution in w^0 + row(X) is the one nearest w^0: w^0 + X⁺(y − Xw^0). From w^0 = 0 that is
//! the minimum-norm solution X⁺y, as if an L2 penalty had been used.
//!
//! **Logistic regression on separable data.** On L(w) = (1/n)·Σᵢ log(1 + exp(−yᵢ wᵀxᵢ)) with
//! labels yᵢ = ±1 and no intercept, gradient descent w ← w + α·(1/n)·Σᵢ yᵢxᵢ·σ(−yᵢwᵀxᵢ) drives
//! ‖w‖ → ∞ while w/‖w‖ → u*, the max-margin direction u* = argmax_{‖u‖=1} minᵢ yᵢ uᵀxᵢ (the
//! hard-margin SVM through the origin; Soudry et al. 2018), slowly: the angle falls like 1/log t.

use crate::error::{Error, Result};
use crate::rng::SplitMix64;

/// Most unknowns (d) or equations (n) the least-squares functions accept: enough for every
/// picture on the page, small enough that the O(n³) eigen-solver is instant.
pub const MAX_SIZE: usize = 16;
/// Most steps one least-squares path may run.
pub const MAX_STEPS: usize = 100_000;
/// Most iterations one logistic-regression run may take (the angle needs many: it falls like
/// 1/log t).
pub const MAX_ITERATIONS: usize = 10_000_000;
/// Most points in a logistic-regression data set.
pub const MAX_POINTS: usize = 500;
/// Recorded logistic iterates per decade of t (log-spaced, so long runs stay small).
pub const RECORDS_PER_DECADE: f64 = 40.0;

fn check_values(what: &str, v: &[f64]) -> Result<()> {
    match v.iter().position(|x| !x.is_finite()) {
        None => Ok(()),
        Some(i) => Err(Error::invalid(format!(
            "The {what} has a value that is not a finite number ({}) at position {}: use ordinary numbers.",
            v[i],
            i + 1
        ))),
    }
}

/// Checks X (n × d, row-major) and y (n) for the least-squares functions.
fn check_system(x: &[f64], y: &[f64], n: usize, d: usize) -> Result<()> {
    check_matrix(x, n, d)?;
    if y.len() != n {
        return Err(Error::shape(format!(
            "The right-hand side y needs one value per equation ({n}) but has {}.",
            y.len()
        )));
    }
    check_values("right-hand side y", y)
}

/// Checks X (n × d) alone, before anything is allocated from n or d.
fn check_matrix(x: &[f64], n: usize, d: usize) -> Result<()> {
    if n == 0 || d == 0 {
        return Err(Error::invalid(format!(
            "The system needs at least one equation and one unknown, not {n} × {d}."
        )));
    }
    if n > MAX_SIZE || d > MAX_SIZE {
        return Err(Error::invalid(format!(
            "This lab solves at most {MAX_SIZE} equations in {MAX_SIZE} unknowns, not {n} × {d}."
        )));
    }
    if x.len() != n * d {
        return Err(Error::shape(format!(
            "The matrix X should hold {n} × {d} = {} values (one row per equation) but has {}.",
            n * d,
            x.len()
        )));
    }
    check_values("matrix X", x)
}

fn check_start(w0: &[f64], d: usize) -> Result<()> {
    if w0.len() != d {
        return Err(Error::shape(format!(
            "The start point w0 needs one value per unknown ({d}) but has {}.",
            w0.len()
        )));
    }
    check_values("start point w0", w0)
}

/// Eigen-decomposition of a small symmetric matrix (row-major, m × m) by cyclic Jacobi
/// rotations: returns (eigenvalues, eigenvectors as the columns of a row-major m × m matrix).
///
/// Each rotation zeroes one off-diagonal pair; sweeps repeat until the off-diagonal mass is
/// negligible. Accurate to a few ulps of the largest eigenvalue, which is all the
/// pseudo-inverse needs.
fn symmetric_eigen(a: &[f64], m: usize) -> (Vec<f64>, Vec<f64>) {
    let mut a = a.to_vec();
    let mut v = vec![0.0; m * m];
    for i in 0..m {
        v[i * m + i] = 1.0;
    }
    let scale: f64 = a.iter().map(|x| x * x).sum::<f64>().sqrt();
    for _sweep in 0..100 {
        let off: f64 = (0..m)
            .flat_map(|i| (0..m).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * m + j] * a[i * m + j])
            .sum::<f64>()
            .sqrt();
        if off <= 1e-15 * scale || off == 0.0 {
            break;
        }
        for p in 0..m {
            for q in p + 1..m {
                let apq = a[p * m + q];
                if apq == 0.0 {
                    continue;
                }
                // The rotation angle θ with tan 2θ = 2a_pq / (a_qq − a_pp), via the stable
                // small root t = tan θ.
                let theta = (a[q * m + q] - a[p * m + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..m {
                    let akp = a[k * m + p];
                    let akq = a[k * m + q];
                    a[k * m + p] = c * akp - s * akq;
                    a[k * m + q] = s * akp + c * akq;
                }
                for k in 0..m {
                    let apk = a[p * m + k];
                    let aqk = a[q * m + k];
                    a[p * m + k] = c * apk - s * aqk;
                    a[q * m + k] = s * apk + c * aqk;
                }
                for k in 0..m {
                    let vkp = v[k * m + p];
                    let vkq = v[k * m + q];
                    v[k * m + p] = c * vkp - s * vkq;
                    v[k * m + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    ((0..m).map(|i| a[i * m + i]).collect(), v)
}

/// The Moore–Penrose pseudo-inverse X⁺ (d × n, row-major) of X (n × d, row-major).
///
/// Computed as X⁺ = Xᵀ(XXᵀ)⁺, with (XXᵀ)⁺ = V·diag(1/λ)·Vᵀ from the symmetric
/// eigen-decomposition of the n × n Gram matrix XXᵀ; eigenvalues below 10⁻¹²·λ_max count as
/// zero (those directions are outside the row space). Squaring X squares its condition number,
/// which is harmless for the small, well-scaled systems of this lab.
///
/// # Errors
/// [`Error::InvalidArgument`] when n or d is 0 or above [`MAX_SIZE`] or a value is not finite;
/// [`Error::ShapeMismatch`] when `x.len() != n·d`.
///
/// # Example
/// ```
/// use convlab::implicit::pseudo_inverse;
/// // One equation w₁ + w₂ = y: X⁺ = Xᵀ/‖x‖² = [½, ½]ᵀ.
/// let p = pseudo_inverse(&[1.0, 1.0], 1, 2).unwrap();
/// assert!((p[0] - 0.5).abs() < 1e-15 && (p[1] - 0.5).abs() < 1e-15);
/// ```
pub fn pseudo_inverse(x: &[f64], n: usize, d: usize) -> Result<Vec<f64>> {
    check_matrix(x, n, d)?;
    let mut gram = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            gram[i * n + j] = (0..d).map(|k| x[i * d + k] * x[j * d + k]).sum();
        }
    }
    let (lambda, v) = symmetric_eigen(&gram, n);
    let lmax = lambda.iter().cloned().fold(0.0, f64::max);
    let tol = 1e-12 * lmax;
    // G⁺ = Σ_k v_k v_kᵀ / λ_k over the kept eigenvalues.
    let mut gram_pinv = vec![0.0; n * n];
    for (k, &l) in lambda.iter().enumerate() {
        if l > tol && l > 0.0 {
            for i in 0..n {
                for j in 0..n {
                    gram_pinv[i * n + j] += v[i * n + k] * v[j * n + k] / l;
                }
            }
        }
    }
    // X⁺ = Xᵀ G⁺ (d × n).
    let mut p = vec![0.0; d * n];
    for r in 0..d {
        for c in 0..n {
            p[r * n + c] = (0..n).map(|i| x[i * d + r] * gram_pinv[i * n + c]).sum();
        }
    }
    Ok(p)
}

/// The minimum-L2-norm least-squares solution X⁺y (d values): among all w minimising
/// ‖Xw − y‖ it has the smallest ‖w‖. When Xw = y is solvable it is the solution nearest 0,
/// where gradient descent from w = 0 converges.
///
/// # Errors
/// As [`pseudo_inverse`], and [`Error::ShapeMismatch`] when `y.len() != n`.
///
/// # Example
/// ```
/// use convlab::implicit::min_norm_solution;
/// // 3w₁ + 4w₂ = 25: the nearest point to 0 on that line is (3, 4).
/// let w = min_norm_solution(&[3.0, 4.0], &[25.0], 1, 2).unwrap();
/// assert!((w[0] - 3.0).abs() < 1e-12 && (w[1] - 4.0).abs() < 1e-12);
/// ```
pub fn min_norm_solution(x: &[f64], y: &[f64], n: usize, d: usize) -> Result<Vec<f64>> {
    check_system(x, y, n, d)?;
    nearest_solution(x, y, n, d, &vec![0.0; d])
}

/// The least-squares solution nearest to `w0`: w0 + X⁺(y − X·w0), the orthogonal projection
/// of w0 onto the solution set. Gradient descent (and SGD) started at w0 converge there.
///
/// # Errors
/// As [`min_norm_solution`], and when `w0` does not hold d finite values.
pub fn nearest_solution(x: &[f64], y: &[f64], n: usize, d: usize, w0: &[f64]) -> Result<Vec<f64>> {
    check_system(x, y, n, d)?;
    check_start(w0, d)?;
    let p = pseudo_inverse(x, n, d)?;
    let r: Vec<f64> = (0..n)
        .map(|i| y[i] - (0..d).map(|k| x[i * d + k] * w0[k]).sum::<f64>())
        .collect();
    Ok((0..d)
        .map(|k| w0[k] + (0..n).map(|i| p[k * n + i] * r[i]).sum::<f64>())
        .collect())
}

/// The iterates of gradient descent (or SGD) on f(w) = (1/2n)·‖Xw − y‖², flattened:
/// (steps + 1)·d values, w⁰ first.
///
/// Gradient descent: w ← w − step·(1/n)·Xᵀ(Xw − y). Stochastic (`stochastic = true`): each
/// step picks one equation i uniformly at random (SplitMix64 from `seed`) and takes
/// w ← w − step·xᵢ(xᵢᵀw − yᵢ), the gradient of that example's loss ½(xᵢᵀw − yᵢ)².
/// Either way every step is a multiple of rows of X, so w^t − w⁰ stays in their span.
/// A too-large step makes the run blow up; it is returned as computed (possibly infinite).
///
/// # Errors
/// As [`nearest_solution`]; [`Error::InvalidArgument`] when `step` is not a finite positive
/// number or `steps` is 0 or above [`MAX_STEPS`].
///
/// # Example
/// ```
/// use convlab::implicit::least_squares_path;
/// // One equation w₁ + w₂ = 2 from 0 with step 0.5: one step lands on (1, 1).
/// let p = least_squares_path(&[1.0, 1.0], &[2.0], 1, 2, &[0.0, 0.0], 0.5, 1, false, 0).unwrap();
/// assert_eq!(p, vec![0.0, 0.0, 1.0, 1.0]);
/// ```
#[allow(clippy::too_many_arguments)] // mirrors the formula's symbols one by one
pub fn least_squares_path(
    x: &[f64],
    y: &[f64],
    n: usize,
    d: usize,
    w0: &[f64],
    step: f64,
    steps: usize,
    stochastic: bool,
    seed: u64,
) -> Result<Vec<f64>> {
    check_system(x, y, n, d)?;
    check_start(w0, d)?;
    if !(step.is_finite() && step > 0.0) {
        return Err(Error::invalid(format!(
            "The step size must be a positive number, not {step}."
        )));
    }
    if steps == 0 || steps > MAX_STEPS {
        return Err(Error::invalid(format!(
            "The number of steps must be from 1 to {MAX_STEPS}, not {steps}."
        )));
    }
    let mut rng = SplitMix64::new(seed);
    let mut w = w0.to_vec();
    let mut out = Vec::with_capacity((steps + 1) * d);
    out.extend_from_slice(&w);
    let mut grad = vec![0.0; d];
    for _ in 0..steps {
        grad.iter_mut().for_each(|g| *g = 0.0);
        let (rows, scale) = if stochastic {
            let i = ((rng.uniform() * n as f64) as usize).min(n - 1);
            (i..i + 1, 1.0)
        } else {
            (0..n, 1.0 / n as f64)
        };
        for i in rows {
            let row = &x[i * d..(i + 1) * d];
            let r = row.iter().zip(&w).map(|(a, b)| a * b).sum::<f64>() - y[i];
            for (g, a) in grad.iter_mut().zip(row) {
                *g += scale * r * a;
            }
        }
        for (wk, g) in w.iter_mut().zip(&grad) {
            *wk -= step * g;
        }
        out.extend_from_slice(&w);
    }
    Ok(out)
}

/// Checks a logistic-regression data set: `points` flat `[x₀, y₀, x₁, y₁, …]`, labels ±1.
fn check_classification(points: &[f64], labels: &[f64]) -> Result<usize> {
    if !points.len().is_multiple_of(2) {
        return Err(Error::shape(format!(
            "Points are a flat list x0, y0, x1, y1, …: it needs an even number of values, not {}.",
            points.len()
        )));
    }
    let n = points.len() / 2;
    if n == 0 {
        return Err(Error::invalid(
            "There are no data points: add at least one point of each class.",
        ));
    }
    if n > MAX_POINTS {
        return Err(Error::invalid(format!(
            "This lab handles at most {MAX_POINTS} points, not {n}: remove some."
        )));
    }
    if labels.len() != n {
        return Err(Error::shape(format!(
            "There are {n} points but {} labels: give one label (+1 or −1) per point.",
            labels.len()
        )));
    }
    check_values("list of points", points)?;
    if let Some(i) = labels.iter().position(|&l| l != 1.0 && l != -1.0) {
        return Err(Error::invalid(format!(
            "Label {} is {}: labels must be +1 or −1.",
            i + 1,
            labels[i]
        )));
    }
    if let Some(i) = (0..n).position(|i| points[2 * i] == 0.0 && points[2 * i + 1] == 0.0) {
        return Err(Error::invalid(format!(
            "Point {} is at the origin (0, 0): a line through the origin cannot separate it, \
             so remove it or move it.",
            i + 1
        )));
    }
    Ok(n)
}

/// The max-margin direction of separable data through the origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MaxMargin {
    /// The unit normal u* = argmax_{‖u‖=1} minᵢ yᵢ uᵀxᵢ (points with u·x > 0 are class +1).
    pub direction: [f64; 2],
    /// Its margin γ = minᵢ yᵢ u*ᵀxᵢ > 0 (the distance from the boundary to the nearest point).
    pub margin: f64,
}

/// The max-margin (hard-margin SVM, no intercept) direction of 2-D points with labels ±1.
///
/// With zᵢ = yᵢxᵢ = rᵢ(cos φᵢ, sin φᵢ), the margin of u = (cos θ, sin θ) is
/// m(θ) = minᵢ rᵢ cos(θ − φᵢ), a minimum of sinusoids. Its maximum is either the peak of one
/// sinusoid (θ = φᵢ, where only zᵢ is active) or a crossing of two (uᵀ(zᵢ − zⱼ) = 0, u ⟂ zᵢ − zⱼ).
/// Evaluating m at all these n + n(n − 1) candidates gives the exact maximiser (no grid, no
/// tolerance) in O(n³), instant for the few dozen points a student clicks.
///
/// # Errors
/// [`Error::InvalidArgument`] when the data are not valid (see the checks) or no line through
/// the origin separates the classes (best margin ≤ 0).
///
/// # Example
/// ```
/// use convlab::implicit::max_margin_direction;
/// // (2, 1) is class +1, (−1, −2) is class −1: z = (2, 1) and (1, 2), u* = (1, 1)/√2.
/// let m = max_margin_direction(&[2.0, 1.0, -1.0, -2.0], &[1.0, -1.0]).unwrap();
/// assert!((m.direction[0] - m.direction[1]).abs() < 1e-12);
/// assert!((m.margin - 3.0 / 2f64.sqrt()).abs() < 1e-12);
/// ```
pub fn max_margin_direction(points: &[f64], labels: &[f64]) -> Result<MaxMargin> {
    let n = check_classification(points, labels)?;
    let z: Vec<[f64; 2]> = (0..n)
        .map(|i| [labels[i] * points[2 * i], labels[i] * points[2 * i + 1]])
        .collect();
    let margin = |u: [f64; 2]| {
        z.iter()
            .map(|zi| zi[0] * u[0] + zi[1] * u[1])
            .fold(f64::INFINITY, f64::min)
    };
    let unit = |v: [f64; 2]| {
        let r = v[0].hypot(v[1]);
        (r > 0.0).then(|| [v[0] / r, v[1] / r])
    };
    let mut best: Option<MaxMargin> = None;
    let mut consider = |u: Option<[f64; 2]>| {
        if let Some(u) = u {
            let m = margin(u);
            if best.is_none_or(|b| m > b.margin) {
                best = Some(MaxMargin {
                    direction: u,
                    margin: m,
                });
            }
        }
    };
    for i in 0..n {
        consider(unit(z[i]));
        for j in i + 1..n {
            let diff = [z[i][0] - z[j][0], z[i][1] - z[j][1]];
            consider(unit([-diff[1], diff[0]]));
            consider(unit([diff[1], -diff[0]]));
        }
    }
    match best {
        Some(b) if b.margin > 0.0 => Ok(b),
        _ => Err(Error::invalid(
            "No line through the origin separates the two classes, so there is no max-margin \
             direction (and logistic regression has a finite minimiser): move or remove the \
             points on the wrong side.",
        )),
    }
}

/// Gradient-descent iterates of logistic regression, recorded at log-spaced iterations.
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticPath {
    /// The recorded iteration numbers t: 0, 1, 2, … then about [`RECORDS_PER_DECADE`] per
    /// decade, every power of ten among them, always ending with the last one.
    pub iterations: Vec<u64>,
    /// w^t at each recorded t.
    pub weights: Vec<[f64; 2]>,
}

/// Runs gradient descent on the logistic loss L(w) = (1/n)·Σᵢ log(1 + exp(−yᵢ wᵀxᵢ)) (no
/// intercept) from `w0` for `iterations` steps of size `step`:
/// w ← w + step·(1/n)·Σᵢ yᵢxᵢ·σ(−yᵢwᵀxᵢ), with σ(s) = 1/(1 + e^{−s}).
///
/// # Errors
/// [`Error::InvalidArgument`] for invalid data (see [`max_margin_direction`]; separability is
/// not required here), a non-finite `w0`, a `step` that is not a finite positive number, or
/// `iterations` of 0 or above [`MAX_ITERATIONS`].
pub fn logistic_path(
    points: &[f64],
    labels: &[f64],
    w0: [f64; 2],
    step: f64,
    iterations: usize,
) -> Result<LogisticPath> {
    let n = check_classification(points, labels)?;
    check_values("start point w0", &w0)?;
    if !(step.is_finite() && step > 0.0) {
        return Err(Error::invalid(format!(
            "The step size must be a positive number, not {step}."
        )));
    }
    if iterations == 0 || iterations > MAX_ITERATIONS {
        return Err(Error::invalid(format!(
            "The number of iterations must be from 1 to {MAX_ITERATIONS}, not {iterations}."
        )));
    }
    let z: Vec<[f64; 2]> = (0..n)
        .map(|i| [labels[i] * points[2 * i], labels[i] * points[2 * i + 1]])
        .collect();
    let ratio = 10f64.powf(1.0 / RECORDS_PER_DECADE);
    let mut w = w0;
    let mut out = LogisticPath {
        iterations: vec![0],
        weights: vec![w],
    };
    let mut next_record = 1u64;
    for t in 1..=iterations as u64 {
        let mut g = [0.0, 0.0];
        for zi in &z {
            // σ(−s) = 1/(1 + eˢ): eˢ = ∞ gives exactly 0, never NaN.
            let weight = 1.0 / (1.0 + (zi[0] * w[0] + zi[1] * w[1]).exp());
            g[0] += weight * zi[0];
            g[1] += weight * zi[1];
        }
        w[0] += step * g[0] / n as f64;
        w[1] += step * g[1] / n as f64;
        if t == next_record || t == iterations as u64 || is_power_of_ten(t) {
            out.iterations.push(t);
            out.weights.push(w);
            next_record = (t + 1).max((t as f64 * ratio).ceil() as u64);
        }
    }
    Ok(out)
}

fn is_power_of_ten(mut t: u64) -> bool {
    while t >= 10 && t.is_multiple_of(10) {
        t /= 10;
    }
    t == 1
}

/// The angle in degrees (0…180) between two 2-D vectors; NaN when either is zero.
pub fn angle_degrees(a: [f64; 2], b: [f64; 2]) -> f64 {
    let cross = a[0] * b[1] - a[1] * b[0];
    let dot = a[0] * b[0] + a[1] * b[1];
    if a == [0.0, 0.0] || b == [0.0, 0.0] {
        return f64::NAN;
    }
    // atan2 of (|cross|, dot) stays accurate at tiny angles, where acos would not.
    cross.abs().atan2(dot).to_degrees()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jacobi_diagonalises_a_known_matrix() {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
        let (mut l, _) = symmetric_eigen(&[2.0, 1.0, 1.0, 2.0], 2);
        l.sort_by(f64::total_cmp);
        assert!((l[0] - 1.0).abs() < 1e-14 && (l[1] - 3.0).abs() < 1e-14);
    }

    #[test]
    fn bad_input_is_refused_with_a_message() {
        let e = min_norm_solution(&[1.0, 2.0], &[1.0, 2.0], 1, 2).unwrap_err();
        assert!(e.message().contains("one value per equation"));
        let e = least_squares_path(&[1.0, 2.0], &[1.0], 1, 2, &[0.0, 0.0], 0.0, 5, false, 0)
            .unwrap_err();
        assert!(e.message().contains("step size"));
        let e = max_margin_direction(&[1.0, 0.0, 2.0, 0.0], &[1.0, -1.0]).unwrap_err();
        assert!(e.message().contains("No line through the origin"));
        let e = max_margin_direction(&[0.0, 0.0], &[1.0]).unwrap_err();
        assert!(e.message().contains("origin"));
        let e = max_margin_direction(&[1.0, 1.0], &[2.0]).unwrap_err();
        assert!(e.message().contains("+1 or −1"));
        let e = logistic_path(&[1.0, 1.0], &[1.0], [0.0, 0.0], 1.0, 0).unwrap_err();
        assert!(e.message().contains("iterations"));
    }

    #[test]
    fn angle_is_symmetric_and_exact_at_right_angles() {
        assert_eq!(angle_degrees([1.0, 0.0], [0.0, 3.0]), 90.0);
        assert_eq!(angle_degrees([1.0, 1.0], [2.0, 2.0]), 0.0);
        assert!(angle_degrees([0.0, 0.0], [1.0, 0.0]).is_nan());
    }
}
