//! Fixed vs learned first-layer filters (issue #10, part 1): a small CNN on MNIST whose first
//! convolution is either a hand-chosen bank made with ConvLab's own kernel functions
//! (`crate::filters::kernels`: Gaussian, LoG, Gabor; plus Sobel and the student's own 3 × 3 or
//! 5 × 5 kernel), frozen or used as the starting point, or learned from random weights.
//!
//! Every bank kernel is 5 × 5 (radius 2); a 3 × 3 kernel (Sobel, a typed one) sits in the
//! centre with a ring of zeros, so it filters exactly as the 3 × 3 kernel would.

use super::Sequential;
use crate::filters::{gabor_kernel, gaussian_kernel, log_kernel};
use crate::{Error, Result};

/// Side of every first-layer filter.
pub const SIDE: usize = 5;
/// Largest bank accepted.
pub const MAX_FILTERS: usize = 16;

/// One filter of a fixed bank.
#[derive(Debug, Clone, PartialEq)]
pub enum BankKernel {
    /// Gaussian blur of standard deviation σ (pixels).
    Gaussian(f64),
    /// Laplacian of Gaussian of σ (zero mean, unit L1 norm, as in the filters station).
    Log(f64),
    /// Gabor at orientation θ (degrees): σ = 1.5, wavelength 4, aspect 0.6, phase 0.
    Gabor(f64),
    /// Sobel, horizontal gradient [[−1, 0, 1], [−2, 0, 2], [−1, 0, 1]].
    SobelX,
    /// Sobel, vertical gradient (the transpose).
    SobelY,
    /// The student's own kernel: 9 (3 × 3) or 25 (5 × 5) numbers, row-major.
    Custom(Vec<f32>),
}

const SOBEL_X: [f32; 9] = [-1.0, 0.0, 1.0, -2.0, 0.0, 2.0, -1.0, 0.0, 1.0];

/// A 3 × 3 kernel in the centre of a 5 × 5 one.
fn centre(k3: &[f32]) -> Vec<f32> {
    let mut out = vec![0.0; SIDE * SIDE];
    for r in 0..3 {
        for c in 0..3 {
            out[(r + 1) * SIDE + c + 1] = k3[r * 3 + c];
        }
    }
    out
}

/// The 25 numbers (row-major 5 × 5) of `k`.
///
/// # Errors
/// [`Error::InvalidArgument`] for a bad σ or angle, or a custom kernel that is not 9 or 25
/// finite numbers.
pub fn bank_kernel(k: &BankKernel) -> Result<Vec<f32>> {
    let flat = |a: ndarray::Array2<f32>| a.iter().copied().collect::<Vec<f32>>();
    Ok(match k {
        BankKernel::Gaussian(sigma) => flat(gaussian_kernel(*sigma, 2)?),
        BankKernel::Log(sigma) => flat(log_kernel(*sigma, 2)?),
        BankKernel::Gabor(deg) => flat(gabor_kernel(1.5, deg.to_radians(), 4.0, 0.6, 0.0, 2)?),
        BankKernel::SobelX => centre(&SOBEL_X),
        BankKernel::SobelY => {
            let t: Vec<f32> = (0..9).map(|i| SOBEL_X[(i % 3) * 3 + i / 3]).collect();
            centre(&t)
        }
        BankKernel::Custom(v) => {
            crate::error::check_finite("kernel", v)?;
            match v.len() {
                9 => centre(v),
                25 => v.clone(),
                n => {
                    return Err(Error::invalid(format!(
                        "A custom kernel has 9 (3 × 3) or 25 (5 × 5) numbers, not {n}."
                    )))
                }
            }
        }
    })
}

/// The default bank: Gaussian σ = 1, LoG σ = 1, Gabor at 0°, 45°, 90°, 135°, Sobel x and y.
pub fn default_bank() -> Vec<BankKernel> {
    vec![
        BankKernel::Gaussian(1.0),
        BankKernel::Log(1.0),
        BankKernel::Gabor(0.0),
        BankKernel::Gabor(45.0),
        BankKernel::Gabor(90.0),
        BankKernel::Gabor(135.0),
        BankKernel::SobelX,
        BankKernel::SobelY,
    ]
}

/// All filters of `bank`, one after the other (filters × 25 numbers).
///
/// # Errors
/// An empty bank, more than [`MAX_FILTERS`], or a bad kernel (see [`bank_kernel`]).
pub fn bank_filters(bank: &[BankKernel]) -> Result<Vec<f32>> {
    if bank.is_empty() || bank.len() > MAX_FILTERS {
        return Err(Error::invalid(format!(
            "Pick 1 to {MAX_FILTERS} filters for the fixed bank, not {}.",
            bank.len()
        )));
    }
    let mut out = Vec::with_capacity(bank.len() * SIDE * SIDE);
    for k in bank {
        out.extend(bank_kernel(k)?);
    }
    Ok(out)
}

/// The station's small CNN for `filters` first-layer filters: conv1 filters@5×5 (padding 2)
/// → ReLU → 2×2 max pool → conv2 12@5×5 → ReLU → 2×2 max pool → flatten 192 → dense 10.
///
/// # Errors
/// For 0 filters or more than [`MAX_FILTERS`].
pub fn small_cnn(filters: usize, seed: u64) -> Result<Sequential> {
    if !(1..=MAX_FILTERS).contains(&filters) {
        return Err(Error::invalid(format!(
            "The first layer has 1 to {MAX_FILTERS} filters, not {filters}."
        )));
    }
    Sequential::new([1, 28, 28], seed)
        .conv2d("conv1", filters, SIDE, 1, 2)?
        .relu("relu1")
        .max_pool("pool1", 2, 2)?
        .conv2d("conv2", 12, SIDE, 1, 0)?
        .relu("relu2")
        .max_pool("pool2", 2, 2)?
        .flatten("flatten")
        .dense("out", 10)
}

/// How the first layer starts and whether it trains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstLayer {
    /// (a) The fixed bank, frozen: the optimiser never changes it.
    Fixed,
    /// (b) Random initial weights, learned.
    Learned,
    /// (c) The fixed bank as the starting point, learned.
    FromBank,
}

/// The small CNN for `bank` with its first layer set up as `how`; the same `seed` gives the
/// same weights everywhere else, so the three networks differ only in their first layer.
///
/// # Errors
/// See [`bank_filters`].
pub fn first_layer_net(bank: &[BankKernel], how: FirstLayer, seed: u64) -> Result<Sequential> {
    let filters = bank_filters(bank)?;
    let mut net = small_cnn(bank.len(), seed)?;
    if how != FirstLayer::Learned {
        let zeros = vec![0.0; bank.len()];
        net.layer_mut(0)
            .as_conv_mut()
            .expect("layer 0 is conv1")
            .set_kernels(&filters, Some(&zeros))?;
    }
    net.set_frozen(0, how == FirstLayer::Fixed);
    Ok(net)
}
