//! Convolutions as features: Gaussian, Laplacian of Gaussian, Gabor, and the MR8 filter bank.
//!
//! Each filter is a kernel `k` applied by correlation, `out[i, j] = Σ_{a,b} k[a, b] ·
//! img[i + a − r, j + b − r]` (origin at the centre, borders as in [`crate::border`]):
//!
//! - Gaussian `G_σ(x, y) ∝ exp(−(x² + y²) / 2σ²)`, normalised to sum 1 (a weighted average);
//! - Laplacian of Gaussian `∝ (x² + y² − 2σ²) / σ⁴ · exp(−(x² + y²) / 2σ²)`, shifted to sum 0
//!   (a blob / second-derivative detector);
//! - Gabor `exp(−(x′² + γ²y′²) / 2σ²) · cos(2πx′/λ + ψ)` with `x′ = x cosθ + y sinθ`,
//!   `y′ = −x sinθ + y cosθ` (an oriented band-pass filter);
//! - the Root Filter Set (RFS) of Varma & Zisserman: 36 oriented edge and bar filters and two
//!   isotropic ones, whose per-scale maxima over orientation are the 8 MR8 features.
//!
//! Coordinates: `x` grows to the right (columns) and `y` grows **down** (rows), as on screen.
//! With that convention a positive angle θ turns a filter **clockwise** on screen, for the Gabor
//! kernel and for the RFS filters alike, and [`rotate_image`] by +θ degrees turns an image
//! the same way.
//!
//! [`filter_image`] applies any kernel, picking the cheapest exact method: direct correlation
//! for small kernels, two 1D passes for separable ones, FFT ([`crate::fftconv`]) for large ones.

mod apply;
mod invariance;
mod kernels;
mod rfs;
mod rotate;

pub use apply::{
    choose_method, correlate_separable, filter_image, separable_factors, FilterMethod,
};
pub use invariance::{
    disc_radius, rotation_invariance, Invariance, INVARIANCE_THRESHOLD, MIN_DISC_RADIUS,
};
pub use kernels::{
    bar_kernel, check_radius, edge_kernel, gabor_kernel, gaussian_kernel, log_kernel,
    normalise_zero_mean_l1, MAX_RADIUS, MAX_SIGMA,
};
pub use rfs::{
    forget_mr8_spectra, mr8_responses, rfs_bank, Mr8Job, MR8_NAMES, RFS_COUNT, RFS_ORIENTATIONS,
    RFS_RADIUS, RFS_SCALES, RFS_SIZE,
};
pub use rotate::rotate_image;
