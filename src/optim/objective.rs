//! The two objectives of the momentum station, with their gradients.
//!
//! - **Quadratic**: f(w) = ½ wᵀAw with A = R(θ)·diag(λ₁, λ₂)·R(θ)ᵀ, so ∇f(w) = Aw, the minimum is
//!   w* = 0 with f* = 0, and λ₁, λ₂ are the curvatures along the axes rotated by θ (radians).
//!   The condition number is κ = λ_max / λ_min.
//! - **Rosenbrock** ("banana"): f(x, y) = (a − x)² + b(y − x²)², with
//!   ∇f = (−2(a − x) − 4bx(y − x²), 2b(y − x²)), minimum w* = (a, a²), f* = 0.

use crate::error::{Error, Result};

/// Largest |coordinate| or curvature accepted, so that f stays far from overflow.
const MAX_MAGNITUDE: f64 = 1e12;

/// An objective f: ℝ² → ℝ with a known minimum. Build one with [`Problem::quadratic`] or
/// [`Problem::rosenbrock`], which check their parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Problem {
    /// f(w) = ½ wᵀAw, A = R(θ)·diag(λ₁, λ₂)·R(θ)ᵀ.
    Quadratic(Quadratic),
    /// f(x, y) = (a − x)² + b(y − x²)².
    Rosenbrock(Rosenbrock),
}

/// The quadratic ½ wᵀAw, stored with the entries of the symmetric matrix A.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quadratic {
    lambda1: f64,
    lambda2: f64,
    angle: f64,
    /// A = [[a11, a12], [a12, a22]].
    a11: f64,
    a12: f64,
    a22: f64,
}

/// The Rosenbrock function (a − x)² + b(y − x²)².
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rosenbrock {
    a: f64,
    b: f64,
}

fn check_number(what: &str, value: f64) -> Result<()> {
    if !value.is_finite() {
        return Err(Error::invalid(format!(
            "{what} is not a finite number ({value}): give an ordinary number."
        )));
    }
    if value.abs() > MAX_MAGNITUDE {
        return Err(Error::invalid(format!(
            "{what} = {value:e} is too large: keep it below 10^12 in size."
        )));
    }
    Ok(())
}

impl Problem {
    /// The quadratic ½ wᵀAw with eigenvalues `lambda1`, `lambda2` and the eigenvector of
    /// `lambda1` at `angle` radians from the x axis.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a parameter is not finite or above 10¹² in size, or an
    /// eigenvalue is not positive (the bowl must curve upwards in every direction to have a
    /// single minimum) or is below 10⁻¹².
    ///
    /// # Example
    /// ```
    /// use convlab::optim::Problem;
    /// let p = Problem::quadratic(1.0, 4.0, 0.0).unwrap();
    /// assert_eq!(p.gradient([1.0, 1.0]), [1.0, 4.0]);
    /// assert_eq!(p.value([1.0, 1.0]), 2.5);
    /// ```
    pub fn quadratic(lambda1: f64, lambda2: f64, angle: f64) -> Result<Problem> {
        check_number("λ₁", lambda1)?;
        check_number("λ₂", lambda2)?;
        check_number("The rotation angle", angle)?;
        for (name, l) in [("λ₁", lambda1), ("λ₂", lambda2)] {
            if l <= 0.0 {
                return Err(Error::invalid(format!(
                    "{name} = {l} is not positive: both eigenvalues (curvatures) of the quadratic must be > 0, e.g. λ₁ = 0.01 and λ₂ = 1."
                )));
            }
            // Below 10⁻¹² the condition number κ can overflow to ∞ and the optimal
            // parameters become ∞/∞ = NaN.
            if l < 1.0 / MAX_MAGNITUDE {
                return Err(Error::invalid(format!(
                    "{name} = {l:e} is too small: keep both eigenvalues at 10^-12 or above."
                )));
            }
        }
        let (s, c) = angle.sin_cos();
        Ok(Problem::Quadratic(Quadratic {
            lambda1,
            lambda2,
            angle,
            a11: c * c * lambda1 + s * s * lambda2,
            a12: c * s * (lambda1 - lambda2),
            a22: s * s * lambda1 + c * c * lambda2,
        }))
    }

    /// The Rosenbrock "banana" (a − x)² + b(y − x²)², minimum at (a, a²).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `a` or `b` is not finite or `b` is not positive.
    pub fn rosenbrock(a: f64, b: f64) -> Result<Problem> {
        check_number("The Rosenbrock parameter a", a)?;
        check_number("The Rosenbrock parameter b", b)?;
        if b <= 0.0 {
            return Err(Error::invalid(format!(
                "The Rosenbrock parameter b = {b} must be positive (b = 100 is the classic banana)."
            )));
        }
        Ok(Problem::Rosenbrock(Rosenbrock { a, b }))
    }

    /// f(w).
    pub fn value(&self, w: [f64; 2]) -> f64 {
        let [x, y] = w;
        match self {
            Problem::Quadratic(q) => 0.5 * (q.a11 * x * x + 2.0 * q.a12 * x * y + q.a22 * y * y),
            Problem::Rosenbrock(r) => {
                let u = r.a - x;
                let v = y - x * x;
                u * u + r.b * v * v
            }
        }
    }

    /// ∇f(w).
    pub fn gradient(&self, w: [f64; 2]) -> [f64; 2] {
        let [x, y] = w;
        match self {
            Problem::Quadratic(q) => [q.a11 * x + q.a12 * y, q.a12 * x + q.a22 * y],
            Problem::Rosenbrock(r) => {
                let v = y - x * x;
                [-2.0 * (r.a - x) - 4.0 * r.b * x * v, 2.0 * r.b * v]
            }
        }
    }

    /// The Hessian ∇²f(w) as `[[fxx, fxy], [fxy, fyy]]`.
    pub fn hessian(&self, w: [f64; 2]) -> [[f64; 2]; 2] {
        let [x, y] = w;
        match self {
            Problem::Quadratic(q) => [[q.a11, q.a12], [q.a12, q.a22]],
            Problem::Rosenbrock(r) => {
                let fxx = 2.0 - 4.0 * r.b * (y - x * x) + 8.0 * r.b * x * x;
                let fxy = -4.0 * r.b * x;
                [[fxx, fxy], [fxy, 2.0 * r.b]]
            }
        }
    }

    /// The minimiser w*.
    pub fn minimizer(&self) -> [f64; 2] {
        match self {
            Problem::Quadratic(_) => [0.0, 0.0],
            Problem::Rosenbrock(r) => [r.a, r.a * r.a],
        }
    }

    /// The minimum value f* = f(w*) (zero for both objectives).
    pub fn min_value(&self) -> f64 {
        0.0
    }

    /// The curvatures (λ_min, λ_max) that the convergence theory uses: the eigenvalues of A for
    /// the quadratic, of the Hessian at the minimum for Rosenbrock (a local model only).
    pub fn curvatures(&self) -> (f64, f64) {
        match self {
            Problem::Quadratic(q) => (q.lambda1.min(q.lambda2), q.lambda1.max(q.lambda2)),
            Problem::Rosenbrock(_) => symmetric_eigenvalues(self.hessian(self.minimizer())),
        }
    }

    /// True for the quadratic, where the convergence theory is exact rather than local.
    pub fn is_quadratic(&self) -> bool {
        matches!(self, Problem::Quadratic(_))
    }

    /// The quadratic's parameters (λ₁, λ₂, angle), `None` for Rosenbrock.
    pub fn quadratic_parameters(&self) -> Option<(f64, f64, f64)> {
        match self {
            Problem::Quadratic(q) => Some((q.lambda1, q.lambda2, q.angle)),
            Problem::Rosenbrock(_) => None,
        }
    }

    /// f − f* sampled at pixel centres of an `nx × ny` grid over `[xmin, xmax] × [ymin, ymax]`,
    /// row-major with **row 0 at the top (y near `ymax`)**, ready to draw as an image:
    /// cell (row r, col c) is at x = xmin + (c + ½)(xmax − xmin)/nx,
    /// y = ymax − (r + ½)(ymax − ymin)/ny.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a bound is not finite, a range is empty, or the grid has
    /// fewer than 2 or more than 2048 cells along a side.
    pub fn grid(
        &self,
        xmin: f64,
        xmax: f64,
        ymin: f64,
        ymax: f64,
        nx: usize,
        ny: usize,
    ) -> Result<Vec<f64>> {
        for (name, v) in [
            ("xmin", xmin),
            ("xmax", xmax),
            ("ymin", ymin),
            ("ymax", ymax),
        ] {
            check_number(&format!("The grid bound {name}"), v)?;
        }
        if xmin >= xmax || ymin >= ymax {
            return Err(Error::invalid(format!(
                "The grid's range is empty (x from {xmin} to {xmax}, y from {ymin} to {ymax}): the minimum must be below the maximum."
            )));
        }
        for (name, n) in [("nx", nx), ("ny", ny)] {
            if !(2..=2048).contains(&n) {
                return Err(Error::invalid(format!(
                    "The grid needs between 2 and 2048 cells per side, but {name} = {n}."
                )));
            }
        }
        let dx = (xmax - xmin) / nx as f64;
        let dy = (ymax - ymin) / ny as f64;
        let f_star = self.min_value();
        let mut out = Vec::with_capacity(nx * ny);
        for r in 0..ny {
            let y = ymax - (r as f64 + 0.5) * dy;
            for c in 0..nx {
                let x = xmin + (c as f64 + 0.5) * dx;
                out.push(self.value([x, y]) - f_star);
            }
        }
        Ok(out)
    }
}

/// Eigenvalues (smallest, largest) of a symmetric 2 × 2 matrix.
pub fn symmetric_eigenvalues(m: [[f64; 2]; 2]) -> (f64, f64) {
    let mean = 0.5 * (m[0][0] + m[1][1]);
    let half_diff = 0.5 * (m[0][0] - m[1][1]);
    let radius = half_diff.hypot(m[0][1]);
    (mean - radius, mean + radius)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Central differences of f, to check the hand-written gradients.
    fn numeric_gradient(p: &Problem, w: [f64; 2]) -> [f64; 2] {
        let h = 1e-6;
        let d = |i: usize| {
            let mut a = w;
            let mut b = w;
            a[i] += h;
            b[i] -= h;
            (p.value(a) - p.value(b)) / (2.0 * h)
        };
        [d(0), d(1)]
    }

    #[test]
    fn gradients_match_finite_differences() {
        let problems = [
            Problem::quadratic(0.1, 3.0, 0.7).unwrap(),
            Problem::quadratic(2.0, 0.5, -2.0).unwrap(),
            Problem::rosenbrock(1.0, 100.0).unwrap(),
            Problem::rosenbrock(-0.5, 3.0).unwrap(),
        ];
        for p in &problems {
            for w in [[0.3, -0.2], [-1.2, 1.0], [1.5, 2.5]] {
                let g = p.gradient(w);
                let n = numeric_gradient(p, w);
                for i in 0..2 {
                    let tol = 1e-6 * (1.0 + g[i].abs());
                    assert!((g[i] - n[i]).abs() < tol, "{p:?} at {w:?}: {g:?} vs {n:?}");
                }
            }
        }
    }

    #[test]
    fn quadratic_eigenvectors_follow_the_angle() {
        // The eigenvector of λ₁ is (cos θ, sin θ): A v = λ₁ v.
        let theta = 0.4_f64;
        let p = Problem::quadratic(0.2, 5.0, theta).unwrap();
        let v = [theta.cos(), theta.sin()];
        let av = p.gradient(v);
        assert!((av[0] - 0.2 * v[0]).abs() < 1e-14 && (av[1] - 0.2 * v[1]).abs() < 1e-14);
        let (lo, hi) = symmetric_eigenvalues(p.hessian([0.0, 0.0]));
        assert!((lo - 0.2).abs() < 1e-14 && (hi - 5.0).abs() < 1e-14);
    }

    #[test]
    fn rosenbrock_minimum_is_a_a_squared() {
        let p = Problem::rosenbrock(1.5, 10.0).unwrap();
        assert_eq!(p.minimizer(), [1.5, 2.25]);
        assert_eq!(p.value(p.minimizer()), 0.0);
        assert_eq!(p.gradient(p.minimizer()), [0.0, 0.0]);
    }

    #[test]
    fn bad_parameters_are_refused_with_a_reason() {
        let e = Problem::quadratic(-1.0, 1.0, 0.0).unwrap_err();
        assert!(e.message().contains("not positive"), "{e}");
        let e = Problem::quadratic(f64::NAN, 1.0, 0.0).unwrap_err();
        assert!(e.message().contains("not a finite number"), "{e}");
        assert!(Problem::rosenbrock(1.0, 0.0).is_err());
        assert!(Problem::rosenbrock(f64::INFINITY, 1.0).is_err());
    }

    #[test]
    fn grid_is_top_row_first() {
        let p = Problem::quadratic(1.0, 1.0, 0.0).unwrap();
        let g = p.grid(0.0, 4.0, 0.0, 2.0, 4, 2).unwrap();
        // Row 0 is y = 1.5, row 1 is y = 0.5; columns x = 0.5, 1.5, 2.5, 3.5.
        assert_eq!(g[0], 0.5 * (0.25 + 2.25));
        assert_eq!(g[4 + 3], 0.5 * (3.5 * 3.5 + 0.25));
        assert!(p.grid(1.0, 1.0, 0.0, 1.0, 4, 4).is_err());
        assert!(p.grid(0.0, 1.0, 0.0, 1.0, 1, 4).is_err());
    }
}
