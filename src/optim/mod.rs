//! Gradient descent and the heavy-ball method on small 2D objectives.
//!
//! The lecture's update (Polyak's heavy ball; β = 0 is gradient descent):
//!
//! w^{t+1} = w^t − α∇f(w^t) + β(w^t − w^{t−1}),  w^{−1} = w^0.
//!
//! On a quadratic ½wᵀAw it converges iff |β| < 1 and 0 < αλ < 2 + 2β for every eigenvalue λ of
//! A (the page offers 0 ≤ β); the best parameters give the rate (√κ − 1)/(√κ + 1) per step against
//! gradient descent's (κ − 1)/(κ + 1). See [`theory`] for the derivation, [`objective`] for the
//! functions and [`heavy_ball`] for the iteration.

pub mod contraction;
pub mod heavy_ball;
pub mod objective;
pub mod theory;

pub use contraction::steps_to_shrink;
pub use heavy_ball::{heavy_ball_path, heavy_ball_run, GradientNoise, Run, MAX_STEPS};
pub use objective::Problem;
pub use theory::{
    convergence_rate, diagnose, optimal_gradient_descent, optimal_heavy_ball, stability, Diagnosis,
    Instability, Tuning,
};
