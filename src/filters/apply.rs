//! Applying a kernel by the cheapest exact method.
//!
//! All three methods compute the same correlation `out[i, j] = Σ_{a,b} k[a, b] · img[i + a −
//! kr/2, j + b − kc/2]` with the same border mode; they differ in cost per output pixel:
//!
//! | method | multiply-adds per pixel | when |
//! |---|---|---|
//! | direct | `kr · kc` (4-lane SIMD) | small kernels |
//! | separable | `kr + kc` | `k = u vᵀ` (rank one, e.g. a Gaussian) |
//! | FFT | `≈ c · log₂(Nr·Nc)`, independent of the kernel size | large kernels |
//!
//! A rank-one kernel `k[a, b] = u[a] · v[b]` can be applied as a pass along rows with `v` and a
//! pass along columns with `u`; border modes map row and column indices independently, so the
//! two passes read exactly the pixels the 2D sum reads.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

use crate::border::Border;
use crate::error::{check_finite, check_shape, Result};
use crate::fftconv::{correlate2d_fft, fft_len, MAX_FFT_SIDE};
use crate::grid::{check_not_empty, flat, standard};

/// How [`filter_image`] computed a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterMethod {
    /// Direct 2D correlation ([`crate::conv::correlate2d`]).
    Direct,
    /// Two 1D passes (rows, then columns).
    Separable,
    /// FFT correlation ([`crate::fftconv`]).
    Fft,
}

impl FilterMethod {
    /// The method's name as the page shows it: `"direct"`, `"separable"` or `"fft"`.
    pub fn name(self) -> &'static str {
        match self {
            FilterMethod::Direct => "direct",
            FilterMethod::Separable => "separable",
            FilterMethod::Fft => "fft",
        }
    }
}

/// Relative tolerance for calling a kernel rank one (of its largest magnitude).
const RANK_ONE_TOL: f32 = 1e-6;

/// Factors a rank-one kernel as `k[a, b] = u[a] · v[b]` (`u`: `krows` column weights, `v`:
/// `kcols` row weights), or `None` when it is not rank one within `1e-6` of its largest value.
///
/// The factors are read off the row and column through the largest entry, then every entry is
/// checked.
pub fn separable_factors(kernel: ArrayView2<'_, f32>) -> Option<(Array1<f32>, Array1<f32>)> {
    let ((pr, pc), &peak) = kernel
        .indexed_iter()
        .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))?;
    if peak == 0.0 || !peak.is_finite() {
        return None;
    }
    let u = kernel.column(pc).to_owned();
    let v = kernel.row(pr).mapv(|x| x / peak);
    let tol = RANK_ONE_TOL * peak.abs();
    let ok = kernel
        .indexed_iter()
        .all(|((a, b), &k)| (k - u[a] * v[b]).abs() <= tol);
    ok.then_some((u, v))
}

/// Estimated cost units per output pixel of each method, for picking the cheapest.
///
/// Calibrated natively (`cargo test --release filters::apply -- --ignored --nocapture`
/// prints the measurements): the direct SIMD loop does about 4 multiply-adds per unit, and
/// one FFT correlation costs about `3 · log₂(Nr·Nc)` units per grid cell.
fn costs(
    (rows, cols): (usize, usize),
    (krows, kcols): (usize, usize),
    separable: bool,
) -> [(FilterMethod, f64); 3] {
    // In f64: on wasm32 `rows · cols` of two page-sized numbers can overflow `usize`.
    let pixels = rows as f64 * cols as f64;
    let direct = pixels * (krows as f64 * kcols as f64) / 4.0;
    let sep = if separable {
        pixels * (krows as f64 + kcols as f64)
    } else {
        f64::INFINITY
    };
    // The FFT is impossible (it refuses the image) when the padded grid is too large.
    let padded = |n: usize, k: usize| {
        n.checked_add(k.saturating_sub(1))
            .filter(|&p| p <= MAX_FFT_SIDE)
    };
    let fft = match (padded(rows, krows), padded(cols, kcols)) {
        (Some(pr), Some(pc)) => match (fft_len(pr), fft_len(pc)) {
            (nr, nc) if nr <= MAX_FFT_SIDE && nc <= MAX_FFT_SIDE => {
                let grid = nr as f64 * nc as f64;
                3.0 * grid * grid.log2()
            }
            _ => f64::INFINITY,
        },
        _ => f64::INFINITY,
    };
    [
        (FilterMethod::Direct, direct),
        (FilterMethod::Separable, sep),
        (FilterMethod::Fft, fft),
    ]
}

/// The cheapest method by [`costs`].
fn cheapest(
    image_shape: (usize, usize),
    kernel_shape: (usize, usize),
    separable: bool,
) -> FilterMethod {
    costs(image_shape, kernel_shape, separable)
        .into_iter()
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(FilterMethod::Direct, |(m, _)| m)
}

/// The method [`filter_image`] would use for this kernel on an image of `image_shape`
/// `(rows, cols)`.
pub fn choose_method(image_shape: (usize, usize), kernel: ArrayView2<'_, f32>) -> FilterMethod {
    let separable = separable_factors(kernel).is_some();
    cheapest(image_shape, kernel.dim(), separable)
}

/// Correlates with the rank-one kernel `u vᵀ`: along each row with `v` (`kcols` taps), then
/// along each column with `u` (`krows` taps); origins at `len/2` as in scipy.
///
/// # Errors
/// [`crate::Error::InvalidArgument`] for an empty image or factor, or a non-finite value.
pub fn correlate_separable(
    image: ArrayView2<'_, f32>,
    u: ArrayView1<'_, f32>,
    v: ArrayView1<'_, f32>,
    border: Border,
) -> Result<Array2<f32>> {
    check_not_empty("image", &image)?;
    let (rows, cols) = image.dim();
    let img = standard(&image);
    let img = flat(&img);
    check_finite("image", img)?;
    let (u, v) = (u.to_vec(), v.to_vec());
    check_shape("kernel", u.len() * v.len(), u.len(), v.len())?;
    check_finite("kernel", &u)?;
    check_finite("kernel", &v)?;
    // Row pass: each row is padded once with the border mode, then every tap adds a shifted
    // copy (contiguous multiply-adds the compiler vectorises).
    let (hv, hu) = ((v.len() / 2) as isize, (u.len() / 2) as isize);
    let col_src: Vec<Option<usize>> = (0..cols + v.len() - 1)
        .map(|q| border.index(q as isize - hv, cols))
        .collect();
    let mut padded = vec![0.0f32; cols + v.len() - 1];
    let mut tmp = vec![0.0f32; rows * cols];
    for (src, dst) in img.chunks_exact(cols).zip(tmp.chunks_exact_mut(cols)) {
        for (p, s) in padded.iter_mut().zip(&col_src) {
            *p = s.map_or(0.0, |x| src[x]);
        }
        for (b, w) in v.iter().enumerate() {
            for (d, x) in dst.iter_mut().zip(&padded[b..b + cols]) {
                *d += w * x;
            }
        }
    }
    // Column pass, a row at a time so the inner loop runs along contiguous memory.
    let mut out = Array2::zeros((rows, cols));
    for (i, mut dst) in out.rows_mut().into_iter().enumerate() {
        for (a, w) in u.iter().enumerate() {
            if let Some(y) = border.index(i as isize + a as isize - hu, rows) {
                let src = &tmp[y * cols..(y + 1) * cols];
                for (d, s) in dst.iter_mut().zip(src) {
                    *d += w * s;
                }
            }
        }
    }
    Ok(out)
}

/// Correlates `image` with `kernel` (origin at its centre), choosing direct, separable or FFT
/// correlation by estimated cost; returns the response and the method used. All three agree
/// to about `1e-5` of the largest response.
///
/// # Errors
/// [`crate::Error::InvalidArgument`] for an empty image or kernel, or a non-finite value.
pub fn filter_image(
    image: ArrayView2<'_, f32>,
    kernel: ArrayView2<'_, f32>,
    border: Border,
) -> Result<(Array2<f32>, FilterMethod)> {
    check_not_empty("image", &image)?;
    check_not_empty("kernel", &kernel)?;
    check_finite("kernel", flat(&standard(&kernel)))?;
    let factors = separable_factors(kernel);
    let method = cheapest(image.dim(), kernel.dim(), factors.is_some());
    let out = match (method, factors) {
        (FilterMethod::Separable, Some((u, v))) => {
            correlate_separable(image, u.view(), v.view(), border)?
        }
        (FilterMethod::Fft, _) => correlate2d_fft(image, kernel, border)?,
        _ => crate::conv::correlate2d(image, kernel, border)?,
    };
    Ok((out, method))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filters::{gabor_kernel, gaussian_kernel};
    use ndarray::array;

    #[test]
    fn gaussians_are_rank_one_gabors_are_not() {
        let g = gaussian_kernel(2.0, 6).unwrap();
        let (u, v) = separable_factors(g.view()).unwrap();
        assert_eq!((u.len(), v.len()), (13, 13));
        let gb = gabor_kernel(2.0, 0.5, 5.0, 1.0, 0.0, 6).unwrap();
        assert!(separable_factors(gb.view()).is_none());
        assert!(separable_factors(Array2::<f32>::zeros((0, 3)).view()).is_none());
    }

    #[test]
    fn method_choice_follows_kernel_size() {
        let g = gaussian_kernel(3.0, 10).unwrap();
        assert_eq!(choose_method((256, 256), g.view()), FilterMethod::Separable);
        let small = array![[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]];
        assert_eq!(
            choose_method((256, 256), small.view()),
            FilterMethod::Direct
        );
        let big = gabor_kernel(8.0, 0.3, 12.0, 1.0, 0.0, 24).unwrap();
        assert_eq!(choose_method((256, 256), big.view()), FilterMethod::Fft);
    }

    /// Timings behind the cost model (release build): run with
    /// `cargo test --release --lib filters::apply -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn print_timings() {
        use std::time::Instant;
        let (rows, cols) = (512, 512);
        let img = Array2::from_shape_fn((rows, cols), |(i, j)| {
            (((i * cols + j) * 7919) % 256) as f32 / 255.0
        });
        for r in [1usize, 2, 3, 4, 5, 6, 8, 10, 12, 16, 24] {
            let n = 2 * r + 1;
            let k = gabor_kernel(r as f64 / 2.0, 0.4, r as f64, 1.0, 0.0, r).unwrap();
            let t = Instant::now();
            let _ = crate::conv::correlate2d(img.view(), k.view(), Border::Reflect).unwrap();
            let direct = t.elapsed().as_secs_f64() * 1e3;
            let t = Instant::now();
            let _ = correlate2d_fft(img.view(), k.view(), Border::Reflect).unwrap();
            let fft = t.elapsed().as_secs_f64() * 1e3;
            let c = costs((rows, cols), (n, n), false);
            println!(
                "{n:>2}×{n:<2} direct {direct:7.2} ms  fft {fft:7.2} ms   model {:.2e} vs {:.2e}",
                c[0].1, c[2].1
            );
        }
    }
}
