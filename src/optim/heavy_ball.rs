//! The heavy-ball iteration (Polyak 1964), of which gradient descent is the case β = 0:
//!
//! w^{t+1} = w^t − α·g^t + β·(w^t − w^{t−1}),  with w^{−1} = w^0,
//!
//! where g^t = ∇f(w^t), or ∇f(w^t) + σ·ξ^t with ξ^t ~ N(0, I) for the stochastic version.

use super::objective::Problem;
use crate::error::{Error, Result};
use crate::rng::SplitMix64;

/// Most steps one call may run; more would only freeze the page.
pub const MAX_STEPS: usize = 100_000;

/// Gaussian noise added to every gradient: g = ∇f(w) + σ·ξ, ξ ~ N(0, I), drawn from
/// [`SplitMix64`] started at `seed` (two draws per step).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradientNoise {
    /// Standard deviation σ ≥ 0 of each gradient coordinate's noise.
    pub sigma: f64,
    /// Seed of the random stream; the same seed replays the same noise.
    pub seed: u64,
}

/// The iterates w^0, …, w^steps of the heavy-ball method (β = 0: gradient descent), started
/// with w^{−1} = w^0 so the first step is a plain gradient step.
///
/// The recurrence is run as written even when it blows up: iterates may become huge, infinite
/// or NaN. [`super::diagnose`] tells where that happened and why.
///
/// # Errors
/// [`Error::InvalidArgument`] when `w0`, `alpha`, `beta` or `sigma` is not finite, `sigma` is
/// negative, or `steps` is 0 or above [`MAX_STEPS`].
///
/// # Example
/// ```
/// use convlab::optim::{heavy_ball_path, Problem};
/// let f = Problem::quadratic(1.0, 1.0, 0.0).unwrap();
/// // α = 1 on f = ½|w|² jumps to the minimum in one step.
/// let path = heavy_ball_path(&f, [2.0, -1.0], 1.0, 0.0, 2, None).unwrap();
/// assert_eq!(path, vec![[2.0, -1.0], [0.0, 0.0], [0.0, 0.0]]);
/// ```
pub fn heavy_ball_path(
    problem: &Problem,
    w0: [f64; 2],
    alpha: f64,
    beta: f64,
    steps: usize,
    noise: Option<GradientNoise>,
) -> Result<Vec<[f64; 2]>> {
    Ok(heavy_ball_run(problem, w0, alpha, beta, steps, noise)?.path)
}

/// A heavy-ball run: the iterates and the gradient each step used.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// w^0, …, w^steps.
    pub path: Vec<[f64; 2]>,
    /// g^0, …, g^{steps−1}: the gradient step t used, `∇f(w^t)` plus its noise `σ·ξ^t`.
    pub gradients: Vec<[f64; 2]>,
}

/// [`heavy_ball_path`] together with the gradient every step used (noise included), so the
/// page can show the step `−α·g^t` term by term without rebuilding `g^t` from the path.
///
/// # Errors
/// As [`heavy_ball_path`].
pub fn heavy_ball_run(
    problem: &Problem,
    w0: [f64; 2],
    alpha: f64,
    beta: f64,
    steps: usize,
    noise: Option<GradientNoise>,
) -> Result<Run> {
    check_arguments(w0, alpha, beta, steps, noise)?;
    let mut rng = noise.map(|n| (n.sigma, SplitMix64::new(n.seed)));
    let mut path = Vec::with_capacity(steps + 1);
    let mut gradients = Vec::with_capacity(steps);
    path.push(w0);
    let mut previous = w0;
    let mut w = w0;
    for _ in 0..steps {
        let mut g = problem.gradient(w);
        if let Some((sigma, rng)) = rng.as_mut() {
            let xi = rng.normal_pair();
            g = [g[0] + *sigma * xi[0], g[1] + *sigma * xi[1]];
        }
        let next = [
            w[0] - alpha * g[0] + beta * (w[0] - previous[0]),
            w[1] - alpha * g[1] + beta * (w[1] - previous[1]),
        ];
        gradients.push(g);
        previous = w;
        w = next;
        path.push(w);
    }
    Ok(Run { path, gradients })
}

fn check_arguments(
    w0: [f64; 2],
    alpha: f64,
    beta: f64,
    steps: usize,
    noise: Option<GradientNoise>,
) -> Result<()> {
    if let Some(i) = w0.iter().position(|v| !v.is_finite()) {
        return Err(Error::invalid(format!(
            "The start point's {} coordinate is not a finite number ({}): click on the map or give two ordinary numbers.",
            ["x", "y"][i],
            w0[i]
        )));
    }
    for (name, v) in [("The step size α", alpha), ("The momentum β", beta)] {
        if !v.is_finite() {
            return Err(Error::invalid(format!(
                "{name} is not a finite number ({v}): give an ordinary number such as 0.5."
            )));
        }
    }
    if steps == 0 || steps > MAX_STEPS {
        return Err(Error::invalid(format!(
            "The number of steps must be between 1 and {MAX_STEPS}, but it is {steps}."
        )));
    }
    if let Some(n) = noise {
        if !(n.sigma.is_finite() && n.sigma >= 0.0) {
            return Err(Error::invalid(format!(
                "The gradient noise σ = {} must be a number ≥ 0 (0 means no noise).",
                n.sigma
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_step_is_a_gradient_step() {
        // w^{-1} = w^0 makes the momentum term vanish at t = 0, whatever β is.
        let f = Problem::quadratic(0.5, 2.0, 0.3).unwrap();
        let w0 = [1.0, -2.0];
        let g = f.gradient(w0);
        let p = heavy_ball_path(&f, w0, 0.1, 0.9, 1, None).unwrap();
        assert_eq!(p[1], [w0[0] - 0.1 * g[0], w0[1] - 0.1 * g[1]]);
    }

    #[test]
    fn momentum_adds_the_last_displacement() {
        let f = Problem::rosenbrock(1.0, 10.0).unwrap();
        let p = heavy_ball_path(&f, [-1.0, 1.5], 0.01, 0.8, 3, None).unwrap();
        for t in 1..3 {
            let g = f.gradient(p[t]);
            for i in 0..2 {
                let expect = p[t][i] - 0.01 * g[i] + 0.8 * (p[t][i] - p[t - 1][i]);
                assert_eq!(p[t + 1][i], expect);
            }
        }
    }

    #[test]
    fn zero_noise_is_no_noise_and_seeds_replay() {
        let f = Problem::quadratic(0.1, 1.0, 0.0).unwrap();
        let quiet = heavy_ball_path(&f, [1.0, 1.0], 0.5, 0.5, 20, None).unwrap();
        let zero = GradientNoise {
            sigma: 0.0,
            seed: 3,
        };
        assert_eq!(
            heavy_ball_path(&f, [1.0, 1.0], 0.5, 0.5, 20, Some(zero)).unwrap(),
            quiet
        );
        let noisy = GradientNoise {
            sigma: 0.3,
            seed: 3,
        };
        let a = heavy_ball_path(&f, [1.0, 1.0], 0.5, 0.5, 20, Some(noisy)).unwrap();
        let b = heavy_ball_path(&f, [1.0, 1.0], 0.5, 0.5, 20, Some(noisy)).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, quiet);
    }

    /// The gradients a run reports are the ones its steps used: without noise exactly ∇f(wᵗ);
    /// with noise ∇f(wᵗ) + σ·ξᵗ with ξᵗ replayed from the seed (an independent SplitMix64), and
    /// in both cases they satisfy the recurrence wᵗ⁺¹ = wᵗ − α·gᵗ + β·(wᵗ − wᵗ⁻¹).
    #[test]
    fn reported_gradients_are_the_ones_the_steps_used() {
        let f = Problem::rosenbrock(1.0, 10.0).unwrap();
        let (alpha, beta, sigma, seed) = (0.002, 0.7, 5.0, 42);
        let quiet = heavy_ball_run(&f, [-1.0, 1.5], alpha, beta, 30, None).unwrap();
        for (w, g) in quiet.path.iter().zip(&quiet.gradients) {
            assert_eq!(*g, f.gradient(*w));
        }
        let noise = GradientNoise { sigma, seed };
        let run = heavy_ball_run(&f, [-1.0, 1.5], alpha, beta, 30, Some(noise)).unwrap();
        assert_eq!(run.gradients.len(), 30);
        let mut replay = SplitMix64::new(seed);
        for t in 0..30 {
            let (w, g) = (run.path[t], run.gradients[t]);
            let xi = replay.normal_pair();
            let grad = f.gradient(w);
            let prev = if t == 0 { w } else { run.path[t - 1] };
            for i in 0..2 {
                assert_eq!(g[i], grad[i] + sigma * xi[i]);
                let step = w[i] - alpha * g[i] + beta * (w[i] - prev[i]);
                assert_eq!(run.path[t + 1][i], step);
            }
        }
        assert_eq!(
            heavy_ball_path(&f, [-1.0, 1.5], alpha, beta, 30, Some(noise)).unwrap(),
            run.path
        );
    }

    #[test]
    fn bad_arguments_are_refused() {
        let f = Problem::quadratic(0.1, 1.0, 0.0).unwrap();
        let run = |w0, a, b, s, n| heavy_ball_path(&f, w0, a, b, s, n);
        assert!(run([f64::NAN, 0.0], 0.1, 0.0, 5, None).is_err());
        assert!(run([0.0, 0.0], f64::INFINITY, 0.0, 5, None).is_err());
        assert!(run([0.0, 0.0], 0.1, f64::NAN, 5, None).is_err());
        assert!(run([0.0, 0.0], 0.1, 0.0, 0, None).is_err());
        assert!(run([0.0, 0.0], 0.1, 0.0, MAX_STEPS + 1, None).is_err());
        let bad = GradientNoise {
            sigma: -1.0,
            seed: 0,
        };
        let e = run([0.0, 0.0], 0.1, 0.0, 5, Some(bad)).unwrap_err();
        assert!(e.message().contains("≥ 0"), "{e}");
        assert!(run([0.0, 0.0], 0.1, 0.0, MAX_STEPS, None).is_ok());
    }
}
