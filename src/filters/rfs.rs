//! The Root Filter Set (RFS) and its Maximum Response 8 (MR8) features.
//!
//! Varma & Zisserman's `makeRFSfilters.m` builds 38 filters of 49 × 49: for each scale
//! σ ∈ {1, 2, 4} and orientation θ = kπ/6 (k = 0..5), an edge filter `G₀(3σ, u) · G₁(σ, v)`
//! and a bar filter `G₀(3σ, u) · G₂(σ, v)` on the rotated grid ([`edge_kernel`],
//! [`bar_kernel`]), then a Gaussian and a Laplacian of Gaussian of σ = 10. Every filter is made
//! zero-mean with L1 norm 1 (`normalise` in the MATLAB code). That includes the Gaussian: after
//! `fspecial('gaussian')` (which sums to 1) its mean is subtracted, so filter 37 is a σ = 10
//! Gaussian minus a constant, negative at the window's rim, summing to 0 like the rest. The
//! LoG is `fspecial('log')` (already zero-sum) scaled to L1 norm 1, i.e. [`log_kernel`].
//!
//! Order: 18 edges (scale-major, then orientation), 18 bars, Gaussian, LoG.
//!
//! MR8 keeps 8 of the 38 responses per pixel: for each scale the maximum over the 6
//! orientations of the edge responses, the same for the bars, then the Gaussian and the LoG
//! responses. Output order: edge σ = 1, 2, 4; bar σ = 1, 2, 4; Gaussian; LoG ([`MR8_NAMES`]).
//! The maximum is of the signed response, as the issue and Varma & Zisserman state; with
//! `abs_max` the maximum of `|response|` is taken instead (the lecture slide's "max(abs)"),
//! which also makes the edge features ignore the edge's polarity.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::OnceLock;

use ndarray::{Array3, ArrayView2, ArrayView3};

use crate::border::Border;
use crate::error::Result;
use crate::fftconv::{FftCorrelator, KernelSpectrum};
use crate::filters::kernels::{
    bar_kernel, edge_kernel, gaussian_1d, log_kernel, normalise_zero_mean_l1,
};

/// The bank's parameters are constants inside every validity range.
const CONSTANTS_ARE_VALID: &str = "RFS constants are valid kernel parameters";
/// Kernels are built in standard (row-major) layout.
const STANDARD: &str = "kernels are built row-major";

/// Scales σ (px) of the oriented filters.
pub const RFS_SCALES: [f64; 3] = [1.0, 2.0, 4.0];
/// Number of orientations θ = kπ/6.
pub const RFS_ORIENTATIONS: usize = 6;
/// Radius of every RFS filter (px).
pub const RFS_RADIUS: usize = 24;
/// Side of every RFS filter (px): 49.
pub const RFS_SIZE: usize = 2 * RFS_RADIUS + 1;
/// Number of filters in the bank: 38.
pub const RFS_COUNT: usize = 2 * 3 * RFS_ORIENTATIONS + 2;
/// σ of the isotropic Gaussian and LoG filters (px).
const ROTINV_SIGMA: f64 = 10.0;

/// Names of the 8 MR8 responses, in output order.
pub const MR8_NAMES: [&str; 8] = [
    "edge σ=1",
    "edge σ=2",
    "edge σ=4",
    "bar σ=1",
    "bar σ=2",
    "bar σ=4",
    "Gaussian σ=10",
    "LoG σ=10",
];

/// The 38 RFS filters as a `38 × 49 × 49` array (edges, bars, Gaussian, LoG).
///
/// # Example
/// ```
/// use ndarray::Axis;
/// let bank = convlab::filters::rfs_bank();
/// assert_eq!(bank.dim(), (38, 49, 49));
/// let gaussian = bank.index_axis(Axis(0), 36);
/// assert!(gaussian[[24, 24]] > 0.0 && gaussian[[0, 0]] < 0.0); // zero-mean: negative rim
/// ```
pub fn rfs_bank() -> Array3<f32> {
    bank_view().to_owned()
}

/// The bank, built once, row-major `38 · 2401` values.
fn bank() -> &'static [f32] {
    static BANK: OnceLock<Vec<f32>> = OnceLock::new();
    BANK.get_or_init(build_bank)
}

/// The bank as a `38 × 49 × 49` view.
fn bank_view() -> ArrayView3<'static, f32> {
    ArrayView3::from_shape((RFS_COUNT, RFS_SIZE, RFS_SIZE), bank()).expect("38 filters of 49 × 49")
}

fn build_bank() -> Vec<f32> {
    let mut bank = vec![0.0f32; RFS_COUNT * RFS_SIZE * RFS_SIZE];
    let n = RFS_SIZE * RFS_SIZE;
    let oriented = 3 * RFS_ORIENTATIONS;
    for (s, &sigma) in RFS_SCALES.iter().enumerate() {
        for o in 0..RFS_ORIENTATIONS {
            let theta = std::f64::consts::PI * o as f64 / RFS_ORIENTATIONS as f64;
            let idx = s * RFS_ORIENTATIONS + o;
            let edge = edge_kernel(sigma, theta, RFS_RADIUS).expect(CONSTANTS_ARE_VALID);
            let bar = bar_kernel(sigma, theta, RFS_RADIUS).expect(CONSTANTS_ARE_VALID);
            bank[idx * n..(idx + 1) * n].copy_from_slice(edge.as_slice().expect(STANDARD));
            bank[(oriented + idx) * n..(oriented + idx + 1) * n]
                .copy_from_slice(bar.as_slice().expect(STANDARD));
        }
    }
    // fspecial('gaussian', 49, 10), in f64, then normalise.
    let g1 = gaussian_1d(ROTINV_SIGMA, RFS_RADIUS);
    let mut g: Vec<f64> = g1
        .iter()
        .flat_map(|a| g1.iter().map(move |b| a * b))
        .collect();
    normalise_zero_mean_l1(&mut g, "Gaussian").expect(CONSTANTS_ARE_VALID);
    for (d, v) in bank[36 * n..37 * n].iter_mut().zip(&g) {
        *d = *v as f32;
    }
    let log = log_kernel(ROTINV_SIGMA, RFS_RADIUS).expect(CONSTANTS_ARE_VALID);
    bank[37 * n..38 * n].copy_from_slice(log.as_slice().expect(STANDARD));
    bank
}

/// Largest FFT grid (cells) whose 19 bank spectra are kept between calls: at 640² they take
/// 19 × 640² × 8 B ≈ 62 MB. A 512 × 512 image uses a 576² grid (50 MB).
const CACHE_MAX_GRID: usize = 640 * 640;

thread_local! {
    /// The bank's spectra for the last FFT grid used (one grid at a time).
    static SPECTRA: RefCell<Option<Rc<Vec<KernelSpectrum>>>> = const { RefCell::new(None) };
}

/// Drops the cached bank spectra (see [`Mr8Job`]), freeing their memory for reuse.
pub fn forget_mr8_spectra() {
    SPECTRA.with(|c| c.borrow_mut().take());
}

/// An MR8 computation split into steps, so a worker can report progress between them.
///
/// [`Mr8Job::new`] pads and transforms the image once; each [`Mr8Job::step`] correlates one
/// pair of filters (19 steps: edge and bar at the same scale and orientation share one complex
/// FFT, then Gaussian with LoG) and folds them into the running maxima.
///
/// On a square FFT grid the pairs at θ = 90°, 120°, 150° are those at 0°, 30°, 60° turned by a
/// right angle, so their spectra are derived without an FFT
/// ([`FftCorrelator::rotate_spectrum_90`]).
///
/// The bank is fixed, so its 19 pair spectra depend only on the FFT grid: the first job on a
/// grid keeps them (for grids up to 640 × 640, about 62 MB; see [`forget_mr8_spectra`]), and later jobs
/// on images of the same size skip the kernel transforms, about a third of the work.
pub struct Mr8Job {
    corr: FftCorrelator,
    rows: usize,
    cols: usize,
    abs_max: bool,
    next: usize,
    responses: Vec<f32>,
    /// Spectra from an earlier job on this grid.
    cached: Option<Rc<Vec<KernelSpectrum>>>,
    /// Spectra made by this job, stored for later jobs when it finishes (if small enough).
    made: Option<Vec<KernelSpectrum>>,
}

/// Number of steps of an [`Mr8Job`].
const STEPS: usize = 3 * RFS_ORIENTATIONS + 1;

impl Mr8Job {
    /// Prepares MR8 on `image`, reflect border (scipy's default), taking the signed maximum
    /// over orientations, or the maximum of `|response|` when `abs_max`.
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] for an empty or too large image or a non-finite pixel.
    pub fn new(image: ArrayView2<'_, f32>, abs_max: bool) -> Result<Self> {
        let (rows, cols) = image.dim();
        let corr = FftCorrelator::new(image, (RFS_SIZE, RFS_SIZE), Border::Reflect)?;
        let cached = SPECTRA
            .with(|c| c.borrow().clone())
            .filter(|s| s.first().is_some_and(|k| corr.accepts(k)));
        let (nr, nc) = corr.fft_shape();
        let made = (cached.is_none() && nr * nc <= CACHE_MAX_GRID).then(Vec::new);
        let n = rows * cols;
        Ok(Mr8Job {
            corr,
            rows,
            cols,
            abs_max,
            next: 0,
            responses: vec![f32::NEG_INFINITY; 8 * n],
            cached,
            made,
        })
    }

    /// Total number of steps (19).
    pub fn steps_total(&self) -> usize {
        STEPS
    }

    /// Fraction of the work done, `0..=1`.
    pub fn progress(&self) -> f64 {
        self.next as f64 / STEPS as f64
    }

    /// True once every step has run.
    pub fn is_done(&self) -> bool {
        self.next >= STEPS
    }

    /// Runs the next step (does nothing when done); returns [`Mr8Job::progress`].
    pub fn step(&mut self) -> f64 {
        if self.is_done() {
            return 1.0;
        }
        let n = self.rows * self.cols;
        let f = RFS_SIZE * RFS_SIZE;
        let bank = bank();
        let k = self.next;
        let oriented = k < 3 * RFS_ORIENTATIONS;
        let (ia, ib) = if oriented {
            (k, 3 * RFS_ORIENTATIONS + k)
        } else {
            (36, 37)
        };
        let (a, b) = (&bank[ia * f..(ia + 1) * f], &bank[ib * f..(ib + 1) * f]);
        // Shapes are fixed by construction and the bank is finite, so these cannot fail.
        let ok = match (&self.cached, &mut self.made) {
            (Some(spectra), _) => self.corr.invert_spectrum(&spectra[k]),
            (None, Some(made)) => {
                // θ + 90° is θ turned clockwise by a right angle: on a square grid its spectrum
                // follows from θ's without an FFT.
                let turned = (oriented && k % RFS_ORIENTATIONS >= 3)
                    .then(|| self.corr.rotate_spectrum_90(&made[k - 3]))
                    .flatten();
                let spectrum = turned.unwrap_or_else(|| self.corr.kernel_spectrum_flat(a, Some(b)));
                let r = self.corr.invert_spectrum(&spectrum);
                made.push(spectrum);
                r
            }
            (None, None) => {
                self.corr.invert_pair(a, Some(b));
                Ok(())
            }
        };
        debug_assert!(ok.is_ok());
        // Fold both responses into their running maxima straight from the FFT buffer.
        let (da, db) = if oriented {
            let scale = k / RFS_ORIENTATIONS;
            (scale, 3 + scale)
        } else {
            (6, 7)
        };
        let (head, tail) = self.responses.split_at_mut(db * n);
        let (map_a, map_b) = (&mut head[da * n..(da + 1) * n], &mut tail[..n]);
        let (rows, scale) = self.corr.output_rows();
        let cols = self.cols;
        let abs_max = self.abs_max && oriented;
        for (y, line) in rows.enumerate() {
            let ra = &mut map_a[y * cols..(y + 1) * cols];
            let rb = &mut map_b[y * cols..(y + 1) * cols];
            for ((oa, ob), z) in ra.iter_mut().zip(rb.iter_mut()).zip(line) {
                let (va, vb) = (z.re * scale, z.im * scale);
                if abs_max {
                    *oa = oa.max(va.abs());
                    *ob = ob.max(vb.abs());
                } else {
                    *oa = oa.max(va);
                    *ob = ob.max(vb);
                }
            }
        }
        self.next += 1;
        if self.is_done() {
            if let Some(made) = self.made.take() {
                SPECTRA.with(|c| *c.borrow_mut() = Some(Rc::new(made)));
            }
        }
        self.progress()
    }

    /// The `8 × rows × cols` responses in the order of [`MR8_NAMES`] (runs any remaining
    /// steps first).
    pub fn into_responses(mut self) -> Array3<f32> {
        while !self.is_done() {
            self.step();
        }
        Array3::from_shape_vec((8, self.rows, self.cols), self.responses)
            .expect("8 maps of rows × cols")
    }
}

/// The 8 MR8 responses of `image` (reflect border) as `8 × rows × cols`, in the order of
/// [`MR8_NAMES`]; signed maximum over orientations.
///
/// # Errors
/// [`crate::Error::InvalidArgument`] for an empty or too large image or a non-finite pixel.
pub fn mr8_responses(image: ArrayView2<'_, f32>) -> Result<Array3<f32>> {
    Ok(Mr8Job::new(image, false)?.into_responses())
}
