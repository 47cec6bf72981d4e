//! Correlation through the FFT, for large kernels.
//!
//! Direct correlation `out[i] = Σ_j k[j] · img[i + j − k/2]` costs `rows·cols·krows·kcols`
//! multiply-adds: 630 million for one 49 × 49 filter on a 512 × 512 image. The convolution
//! theorem does it in `O(N log N)`:
//!
//! 1. pad the image by the kernel's reach on each side, reading outside pixels with the chosen
//!    [`Border`] mode (so the result equals `scipy.ndimage.correlate` with that mode, and
//!    [`crate::conv::correlate2d`]); call it `P` (`(rows + krows − 1) × (cols + kcols − 1)`);
//! 2. zero-extend `P` and the kernel to an FFT size `N ≥` that padded size in each axis, so the
//!    circular wrap-around never reaches the `rows × cols` outputs we keep;
//! 3. `out = IDFT(DFT(P) · DFT*(k)) / N`, where `DFT*(k)[f] = Σ_j k[j] e^{+2πi f·j/N}` (the
//!    inverse-direction transform) turns the product into a correlation without flipping `k`.
//!
//! Two real kernels `a`, `b` ride in one complex transform: correlating the real image with
//! `a + i·b` gives `(img ⋆ a) + i·(img ⋆ b)`, so one inverse FFT yields two responses. The image
//! spectrum is computed once and reused for every kernel ([`FftCorrelator`]).
//!
//! Layout: 2D transforms are row FFTs, a cache-blocked transpose, and row FFTs again; spectra
//! are kept transposed (`fx`-major) so each kernel needs only one full transpose. Only rows
//! that can be non-zero are transformed, and only the output rows we keep are inverted.
//! Floating point: `f32` throughout; results match direct correlation to about `1e-6` of the
//! response's largest magnitude.
//!
//! Speed: rustfft vectorises with AVX/SSE natively; in wasm it uses SIMD128 only when its
//! `wasm_simd` feature is on (MR8 on 512 × 512 in Chromium: about 80 ms with it, 125 ms without).

use std::sync::Arc;

use rustfft::algorithm::{GoodThomasAlgorithmSmall, MixedRadixSmall};
use rustfft::num_complex::Complex;
use rustfft::{Fft, FftDirection, FftPlanner};

use ndarray::{Array2, Array3, ArrayView2, ArrayView3, ArrayViewMut2, Axis, CowArray, Ix2};

use crate::border::Border;
use crate::error::{check_finite, Error, Result};
use crate::grid::{check_dim, check_not_empty, flat, standard};

type C32 = Complex<f32>;

/// A kernel in row-major layout, borrowed when it already was.
type RowMajor<'a> = CowArray<'a, f32, Ix2>;

/// The smallest `n ≥ min_len` whose prime factors are all 2, 3 or 5 (fast for rustfft; a
/// factor 7 makes it slower: 576 = 2⁶·3² beats 560 = 2⁴·5·7 by 1.6× natively).
///
/// Saturates: when no such `n` fits in `usize` it returns `usize::MAX`.
pub fn fft_len(min_len: usize) -> usize {
    let mut n = min_len.max(1);
    loop {
        let mut m = n;
        for p in [2, 3, 5] {
            while m.is_multiple_of(p) {
                m /= p;
            }
        }
        if m == 1 {
            return n;
        }
        match n.checked_add(1) {
            Some(next) => n = next,
            None => return usize::MAX,
        }
    }
}

/// Lengths rustfft has a single (SIMD) butterfly for.
const BUTTERFLIES: [usize; 13] = [2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 24, 32];

/// A plan for `len`: two butterflies `a · b = len` (the most even split) combined by rustfft's
/// small-FFT algorithms when such a split exists, else the planner's choice.
///
/// For 576 (the MR8 grid on 512²) the planner picks a mixed radix 64 × 9 whose per-line
/// transposes took a third of the time in Chromium; 24 × 24 butterflies need none of them.
fn plan(p: &mut FftPlanner<f32>, len: usize, direction: FftDirection) -> Arc<dyn Fft<f32>> {
    let split = BUTTERFLIES
        .iter()
        .filter(|&&a| len.is_multiple_of(a) && BUTTERFLIES.contains(&(len / a)) && a <= len / a)
        .max();
    match split {
        Some(&a) if len > 32 => {
            let b = len / a;
            let left = p.plan_fft(a, direction);
            let right = p.plan_fft(b, direction);
            if gcd(a, b) == 1 {
                Arc::new(GoodThomasAlgorithmSmall::new(left, right))
            } else {
                Arc::new(MixedRadixSmall::new(left, right))
            }
        }
        _ => p.plan_fft(len, direction),
    }
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

thread_local! {
    /// rustfft's planner keeps every plan it made; one per thread (wasm has one).
    static PLANNER: std::cell::RefCell<FftPlanner<f32>> = std::cell::RefCell::new(FftPlanner::new());
}

/// Largest FFT grid side accepted: two 2048² complex grids already take 64 MiB.
pub(crate) const MAX_FFT_SIDE: usize = 2048;

/// An image's spectrum, ready to be correlated with any number of `krows × kcols` kernels.
///
/// Build it once per image ([`FftCorrelator::new`]), then call
/// [`FftCorrelator::correlate_pair`] per pair of kernels. The FFT plans and buffers are reused.
pub struct FftCorrelator {
    rows: usize,
    cols: usize,
    krows: usize,
    kcols: usize,
    /// FFT grid: `nr` rows (the `y` transform length) × `nc` columns (the `x` length).
    nr: usize,
    nc: usize,
    row_fwd: Arc<dyn Fft<f32>>,
    row_inv: Arc<dyn Fft<f32>>,
    col_fwd: Arc<dyn Fft<f32>>,
    col_inv: Arc<dyn Fft<f32>>,
    /// DFT of the padded image, transposed: `spectrum[fx * nr + fy]`.
    spectrum: Vec<C32>,
    /// `nc × nr` work grid (transposed layout).
    work: Vec<C32>,
    /// Row-major strip: `max(krows, rows) × nc`.
    strip: Vec<C32>,
    scratch: Vec<C32>,
}

impl FftCorrelator {
    /// Pads `image` for kernels of `kernel_shape` `(krows, kcols)` with `border` and
    /// transforms it.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an empty image or kernel shape, a non-finite pixel, or a
    /// grid too large to transform.
    pub fn new(
        image: ArrayView2<'_, f32>,
        kernel_shape: (usize, usize),
        border: Border,
    ) -> Result<Self> {
        check_not_empty("image", &image)?;
        let (rows, cols) = image.dim();
        let (krows, kcols) = kernel_shape;
        let image = standard(&image);
        let image = flat(&image);
        check_finite("image", image)?;
        if krows == 0 || kcols == 0 {
            return Err(Error::invalid(
                "The kernel is empty: it needs at least one row and one column.",
            ));
        }
        // Saturating, so a huge kernel size is refused below instead of overflowing.
        let (pr, pc) = (
            rows.saturating_add(krows - 1),
            cols.saturating_add(kcols - 1),
        );
        let (nr, nc) = (
            fft_len(pr.min(MAX_FFT_SIDE + 1)),
            fft_len(pc.min(MAX_FFT_SIDE + 1)),
        );
        if nr > MAX_FFT_SIDE || nc > MAX_FFT_SIDE {
            return Err(Error::invalid(format!(
                "The image plus the kernel's reach ({pr} × {pc} pixels) is too large to filter \
                 here: use an image of at most about 2000 × 2000 pixels."
            )));
        }
        // Plans (twiddle tables, algorithm choice) are cached per length and thread, so
        // repeated correlations on images of one size skip the planning.
        let (row_fwd, row_inv, col_fwd, col_inv) = PLANNER.with(|p| {
            let mut p = p.borrow_mut();
            (
                plan(&mut p, nc, FftDirection::Forward),
                plan(&mut p, nc, FftDirection::Inverse),
                plan(&mut p, nr, FftDirection::Forward),
                plan(&mut p, nr, FftDirection::Inverse),
            )
        });
        let scratch_len = [&row_fwd, &row_inv, &col_fwd, &col_inv]
            .iter()
            .map(|f| f.get_inplace_scratch_len())
            .max()
            .unwrap_or(0);
        let zero = C32::new(0.0, 0.0);
        let mut me = FftCorrelator {
            rows,
            cols,
            krows,
            kcols,
            nr,
            nc,
            row_fwd,
            row_inv,
            col_fwd,
            col_inv,
            spectrum: vec![zero; nr * nc],
            work: vec![zero; nr * nc],
            strip: vec![zero; pr.max(krows).max(rows) * nc],
            scratch: vec![zero; scratch_len],
        };
        me.transform_image(image, border);
        Ok(me)
    }

    /// Image height (px).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Image width (px).
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The FFT grid `(rows, cols)` used.
    pub fn fft_shape(&self) -> (usize, usize) {
        (self.nr, self.nc)
    }

    fn transform_image(&mut self, image: &[f32], border: Border) {
        let (rows, cols, nc, nr) = (self.rows, self.cols, self.nc, self.nr);
        let (pr, pc) = (rows + self.krows - 1, cols + self.kcols - 1);
        let (top, left) = (self.krows / 2, self.kcols / 2);
        let col_src: Vec<Option<usize>> = (0..pc)
            .map(|q| border.index(q as isize - left as isize, cols))
            .collect();
        // The strip holds the padded rows, row-major, `nc` wide.
        let strip = &mut self.strip[..pr * nc];
        for (p, line) in strip.chunks_exact_mut(nc).enumerate() {
            line.fill(C32::new(0.0, 0.0));
            if let Some(src_row) = border.index(p as isize - top as isize, rows) {
                let src = &image[src_row * cols..(src_row + 1) * cols];
                for (dst, s) in line.iter_mut().zip(&col_src) {
                    if let Some(c) = s {
                        dst.re = src[*c];
                    }
                }
            }
        }
        self.row_fwd.process_with_scratch(strip, &mut self.scratch);
        // Rows pr..nr of the padded grid are zero, and so are their row transforms.
        transpose(strip, pr, nc, &mut self.spectrum, nr);
        for line in self.spectrum.chunks_exact_mut(nr) {
            line[pr..].fill(C32::new(0.0, 0.0));
        }
        self.col_fwd
            .process_with_scratch(&mut self.spectrum, &mut self.scratch);
    }

    /// `work ← DFT*(a + i·b)` (transposed layout), transforming only the `krows` non-zero rows
    /// along `x`.
    fn load_kernel_spectrum(&mut self, a: &[f32], b: Option<&[f32]>) {
        let (krows, kcols, nr, nc) = (self.krows, self.kcols, self.nr, self.nc);
        let zero = C32::new(0.0, 0.0);
        let strip = &mut self.strip[..krows * nc];
        for (i, line) in strip.chunks_exact_mut(nc).enumerate() {
            line.fill(zero);
            for j in 0..kcols {
                line[j] = C32::new(a[i * kcols + j], b.map_or(0.0, |b| b[i * kcols + j]));
            }
        }
        self.row_inv.process_with_scratch(strip, &mut self.scratch);
        transpose(strip, krows, nc, &mut self.work, nr);
        for line in self.work.chunks_exact_mut(nr) {
            line[krows..].fill(zero);
        }
        self.col_inv
            .process_with_scratch(&mut self.work, &mut self.scratch);
    }

    /// `strip[..rows·nc] ← IDFT(K · spectrum)` (unscaled), keeping rows `0..rows`, where `K` is
    /// `kernel` if given, else the spectrum already loaded in `work`.
    fn multiply_and_invert(&mut self, kernel: Option<&[C32]>) {
        let (rows, nr, nc) = (self.rows, self.nr, self.nc);
        match kernel {
            Some(k) => {
                for ((w, k), s) in self.work.iter_mut().zip(k).zip(&self.spectrum) {
                    *w = k * s;
                }
            }
            None => {
                for (w, s) in self.work.iter_mut().zip(&self.spectrum) {
                    *w *= *s;
                }
            }
        }
        self.col_inv
            .process_with_scratch(&mut self.work, &mut self.scratch);
        let strip = &mut self.strip[..rows * nc];
        transpose_rows(&self.work, nc, nr, rows, strip);
        self.row_inv.process_with_scratch(strip, &mut self.scratch);
    }

    /// Scales the inverted strip by `1/(nr·nc)` into the outputs: real part → `out_a`,
    /// imaginary part → `out_b`.
    fn extract(&self, mut out_a: ArrayViewMut2<'_, f32>, out_b: Option<ArrayViewMut2<'_, f32>>) {
        let (rows, nc) = (self.rows, self.nc);
        let scale = 1.0 / (self.nr * nc) as f32;
        let strip = &self.strip[..rows * nc];
        for (line, mut dst) in strip.chunks_exact(nc).zip(out_a.rows_mut()) {
            for (d, z) in dst.iter_mut().zip(line) {
                *d = z.re * scale;
            }
        }
        if let Some(mut out_b) = out_b {
            for (line, mut dst) in strip.chunks_exact(nc).zip(out_b.rows_mut()) {
                for (d, z) in dst.iter_mut().zip(line) {
                    *d = z.im * scale;
                }
            }
        }
    }

    /// After an inversion: the `rows` output rows, each `cols` complex values (real part: the
    /// response to `a`, imaginary part: to `b`), still to be multiplied by the returned scale.
    /// Lets callers fold responses (e.g. running maxima) without an intermediate buffer.
    pub(crate) fn output_rows(&self) -> (impl Iterator<Item = &[C32]>, f32) {
        let (rows, cols, nc) = (self.rows, self.cols, self.nc);
        let scale = 1.0 / (self.nr * nc) as f32;
        let rows_iter = self.strip[..rows * nc]
            .chunks_exact(nc)
            .map(move |line| &line[..cols]);
        (rows_iter, scale)
    }

    /// Loads and inverts `kernel` with the image spectrum; read the result with
    /// [`FftCorrelator::output_rows`].
    pub(crate) fn invert_spectrum(&mut self, kernel: &KernelSpectrum) -> Result<()> {
        if !self.accepts(kernel) {
            return Err(Error::invalid(
                "This kernel spectrum was made for another image or kernel size: make it again.",
            ));
        }
        self.multiply_and_invert(Some(&kernel.data));
        Ok(())
    }

    /// Transforms `a` (+ `i·b`), both `krows × kcols` row-major and finite, and inverts it
    /// with the image spectrum; read the result with [`FftCorrelator::output_rows`].
    pub(crate) fn invert_pair(&mut self, a: &[f32], b: Option<&[f32]>) {
        debug_assert_eq!(a.len(), self.krows * self.kcols);
        self.load_kernel_spectrum(a, b);
        self.multiply_and_invert(None);
    }

    /// Checks kernels `a` and `b` against this correlator's kernel size and returns them in
    /// row-major layout.
    fn check_pair<'k>(
        &self,
        a: &'k ArrayView2<'_, f32>,
        b: Option<&'k ArrayView2<'_, f32>>,
    ) -> Result<(RowMajor<'k>, Option<RowMajor<'k>>)> {
        let shape = (self.krows, self.kcols);
        let checked = |what: &str, k: &'k ArrayView2<'_, f32>| -> Result<RowMajor<'k>> {
            check_dim(what, k, shape)?;
            let k = standard(k);
            check_finite(what, flat(&k))?;
            Ok(k)
        };
        Ok((
            checked("kernel", a)?,
            b.map(|b| checked("second kernel", b)).transpose()?,
        ))
    }

    fn check_outputs(
        &self,
        out_a: &ArrayViewMut2<'_, f32>,
        out_b: Option<&ArrayViewMut2<'_, f32>>,
    ) -> Result<()> {
        let shape = (self.rows, self.cols);
        check_dim("output", &out_a.view(), shape)?;
        if let Some(o) = out_b {
            check_dim("second output", &o.view(), shape)?;
        }
        Ok(())
    }

    /// The transform of kernels `a` (+ `i·b`) on this correlator's grid, to reuse with
    /// [`FftCorrelator::correlate_spectrum`] on any image with the same grid and kernel size.
    ///
    /// # Errors
    /// As [`FftCorrelator::correlate_pair`] for the kernels.
    pub fn kernel_spectrum(
        &mut self,
        a: ArrayView2<'_, f32>,
        b: Option<ArrayView2<'_, f32>>,
    ) -> Result<KernelSpectrum> {
        let (a, b) = self.check_pair(&a, b.as_ref())?;
        self.load_kernel_spectrum(flat(&a), b.as_ref().map(flat));
        Ok(self.take_spectrum())
    }

    /// The kernel spectrum last loaded into the work grid, labelled with this grid.
    pub(crate) fn take_spectrum(&self) -> KernelSpectrum {
        KernelSpectrum {
            key: self.spectrum_key(),
            data: self.work.clone(),
        }
    }

    /// [`FftCorrelator::kernel_spectrum`] for row-major kernels already checked.
    pub(crate) fn kernel_spectrum_flat(&mut self, a: &[f32], b: Option<&[f32]>) -> KernelSpectrum {
        self.load_kernel_spectrum(a, b);
        self.take_spectrum()
    }

    /// The spectrum of the kernel turned 90° clockwise on screen, `k′[i][j] = k[n−1−j][i]`,
    /// computed from `kernel`'s spectrum without another FFT; `None` unless the kernel and the
    /// FFT grid are square (`n × n` on `N × N`) and `kernel` fits this correlator.
    ///
    /// With `ω = e^{2πi/N}`, `DFT*(k′)[fy][fx] = Σ k[n−1−j][i] ω^{fy·i + fx·j}`; putting
    /// `a = n−1−j`, `b = i` gives `ω^{(n−1)·fx} · DFT*(k)[−fx][fy]`: a transpose, a sign flip of
    /// one frequency and a phase ramp, `O(N²)` instead of `O(N² log N)`.
    pub fn rotate_spectrum_90(&self, kernel: &KernelSpectrum) -> Option<KernelSpectrum> {
        let n = self.nr;
        if !self.accepts(kernel) || self.nr != self.nc || self.krows != self.kcols {
            return None;
        }
        let shift = (self.krows - 1) as f64;
        let mut data = vec![C32::new(0.0, 0.0); n * n];
        // Stored transposed: data[fx·N + fy] = DFT*(k′)[fy][fx] = phase(fx) · W[fy·N + (−fx mod N)].
        for (fx, line) in data.chunks_exact_mut(n).enumerate() {
            let angle = 2.0 * std::f64::consts::PI * ((shift * fx as f64) % n as f64) / n as f64;
            let phase = C32::new(angle.cos() as f32, angle.sin() as f32);
            let neg = (n - fx) % n;
            for (fy, d) in line.iter_mut().enumerate() {
                *d = phase * kernel.data[fy * n + neg];
            }
        }
        Some(KernelSpectrum {
            key: kernel.key,
            data,
        })
    }

    /// True when `kernel` was made for this correlator's grid and kernel size.
    pub fn accepts(&self, kernel: &KernelSpectrum) -> bool {
        kernel.key == self.spectrum_key()
    }

    fn spectrum_key(&self) -> [usize; 4] {
        [self.nr, self.nc, self.krows, self.kcols]
    }

    /// Like [`FftCorrelator::correlate_pair`] with kernels already transformed by
    /// [`FftCorrelator::kernel_spectrum`]: skips the kernel transform (about a third of the
    /// work).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the spectrum was made for another grid or kernel size;
    /// [`Error::ShapeMismatch`] when an output is not `rows × cols`.
    pub fn correlate_spectrum(
        &mut self,
        kernel: &KernelSpectrum,
        out_a: ArrayViewMut2<'_, f32>,
        out_b: Option<ArrayViewMut2<'_, f32>>,
    ) -> Result<()> {
        self.check_outputs(&out_a, out_b.as_ref())?;
        self.invert_spectrum(kernel)?;
        self.extract(out_a, out_b);
        Ok(())
    }

    /// Correlates the image with kernel `a` and, if given, kernel `b` (both `krows × kcols`),
    /// writing the `rows × cols` responses into `out_a` / `out_b`.
    ///
    /// Costs about as much as one kernel alone: `b` rides in the imaginary part.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when a kernel or output has the wrong shape;
    /// [`Error::InvalidArgument`] for a non-finite kernel value.
    pub fn correlate_pair(
        &mut self,
        a: ArrayView2<'_, f32>,
        b: Option<ArrayView2<'_, f32>>,
        out_a: ArrayViewMut2<'_, f32>,
        out_b: Option<ArrayViewMut2<'_, f32>>,
    ) -> Result<()> {
        let (a, b) = self.check_pair(&a, b.as_ref())?;
        self.check_outputs(&out_a, out_b.as_ref())?;
        self.load_kernel_spectrum(flat(&a), b.as_ref().map(flat));
        self.multiply_and_invert(None);
        self.extract(out_a, out_b);
        Ok(())
    }
}

/// Kernels transformed onto one FFT grid ([`FftCorrelator::kernel_spectrum`]).
#[derive(Clone)]
pub struct KernelSpectrum {
    /// `[nr, nc, krows, kcols]` it was made for.
    key: [usize; 4],
    data: Vec<C32>,
}

impl KernelSpectrum {
    /// Memory held, in bytes.
    pub fn bytes(&self) -> usize {
        self.data.len() * std::mem::size_of::<C32>()
    }
}

/// Tile side for the blocked transposes (32 × 32 complex = 8 KiB per tile).
const TILE: usize = 32;

/// `dst[c * dst_stride + r] = src[r * src_cols + c]` for `r < src_rows`, `c < src_cols`.
fn transpose(src: &[C32], src_rows: usize, src_cols: usize, dst: &mut [C32], dst_stride: usize) {
    transpose_cols(src, (src_rows, src_cols), src_cols, dst, dst_stride);
}

/// From a transposed grid `src` (`src_rows × src_cols`, i.e. `x`-major), copies the first
/// `keep` columns back into row-major `dst` (`keep × src_rows`).
fn transpose_rows(src: &[C32], src_rows: usize, src_cols: usize, keep: usize, dst: &mut [C32]) {
    transpose_cols(src, (src_rows, src_cols), keep, dst, src_rows);
}

/// `dst[c * dst_stride + r] = src[r * src_cols + c]` for every row `r` and the columns
/// `c < cols`, tile by tile, 2 × 2 values a step.
fn transpose_cols(
    src: &[C32],
    (src_rows, src_cols): (usize, usize),
    cols: usize,
    dst: &mut [C32],
    dst_stride: usize,
) {
    for r0 in (0..src_rows).step_by(TILE) {
        let r1 = (r0 + TILE).min(src_rows);
        let r_even = r0 + (r1 - r0) / 2 * 2;
        for c0 in (0..cols).step_by(TILE) {
            let c1 = (c0 + TILE).min(cols);
            let c_even = c0 + (c1 - c0) / 2 * 2;
            for r in (r0..r_even).step_by(2) {
                for c in (c0..c_even).step_by(2) {
                    transpose_2x2(src, src_cols, (r, c), dst, dst_stride);
                }
            }
            // An odd last row or column of the tile, one value at a time.
            for r in r0..r1 {
                let from = if r < r_even { c_even } else { c0 };
                for c in from..c1 {
                    dst[c * dst_stride + r] = src[r * src_cols + c];
                }
            }
        }
    }
}

/// The 2 × 2 block at `(r, c)` of `src` (rows `src_cols` long) transposed into `dst` (rows
/// `dst_stride` long): two 16-byte loads, two lane shuffles and two stores with SIMD.
#[inline(always)]
fn transpose_2x2(
    src: &[C32],
    src_cols: usize,
    (r, c): (usize, usize),
    dst: &mut [C32],
    dst_stride: usize,
) {
    let top = &src[r * src_cols + c..][..2];
    let bottom = &src[(r + 1) * src_cols + c..][..2];
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        use core::arch::wasm32::{i64x2_shuffle, v128, v128_load, v128_store};
        // SAFETY: each slice holds two `Complex<f32>` (repr(C), 8 bytes): 16 bytes to read or
        // write; v128 loads and stores allow any alignment.
        unsafe {
            let (a, b) = (
                v128_load(top.as_ptr() as *const v128),
                v128_load(bottom.as_ptr() as *const v128),
            );
            let left = &mut dst[c * dst_stride + r..][..2];
            v128_store(left.as_mut_ptr() as *mut v128, i64x2_shuffle::<0, 2>(a, b));
            let right = &mut dst[(c + 1) * dst_stride + r..][..2];
            v128_store(right.as_mut_ptr() as *mut v128, i64x2_shuffle::<1, 3>(a, b));
        }
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        dst[c * dst_stride + r] = top[0];
        dst[c * dst_stride + r + 1] = bottom[0];
        dst[(c + 1) * dst_stride + r] = top[1];
        dst[(c + 1) * dst_stride + r + 1] = bottom[1];
    }
}

/// Correlates `image` with `kernel` through the FFT.
///
/// Same result as [`crate::conv::correlate2d`] with the same `border` (origin at
/// `(krows/2, kcols/2)`, as scipy's `correlate`), to about `1e-6` of the largest response.
/// Faster than direct correlation once the kernel has more than a few hundred taps.
///
/// # Errors
/// [`Error::InvalidArgument`] for an empty image or kernel, a non-finite value or a grid too
/// large to transform.
///
/// # Example
/// ```
/// use convlab::{border::Border, fftconv::correlate2d_fft};
/// use ndarray::{array, Array2};
/// let mut img = Array2::zeros((3, 3));
/// img[[1, 1]] = 1.0;
/// let k = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]];
/// let out = correlate2d_fft(img.view(), k.view(), Border::Constant).unwrap();
/// // Correlating an impulse gives the kernel flipped.
/// assert!((out[[0, 0]] - 9.0).abs() < 1e-5 && (out[[2, 2]] - 1.0).abs() < 1e-5);
/// ```
pub fn correlate2d_fft(
    image: ArrayView2<'_, f32>,
    kernel: ArrayView2<'_, f32>,
    border: Border,
) -> Result<Array2<f32>> {
    check_not_empty("kernel", &kernel)?;
    let mut corr = FftCorrelator::new(image, kernel.dim(), border)?;
    let mut out = Array2::zeros(image.dim());
    corr.correlate_pair(kernel, None, out.view_mut(), None)?;
    Ok(out)
}

/// Correlates `image` with each kernel of the bank `kernels` (`count × krows × kcols`),
/// returning the responses `count × rows × cols` in the same order. The image is transformed
/// once and the kernels go through the FFT two at a time, so six oriented filters cost about
/// four single correlations.
///
/// # Errors
/// [`Error::InvalidArgument`] for an empty bank, and as for [`correlate2d_fft`].
pub fn correlate_bank(
    image: ArrayView2<'_, f32>,
    kernels: ArrayView3<'_, f32>,
    border: Border,
) -> Result<Array3<f32>> {
    let (count, krows, kcols) = kernels.dim();
    if count == 0 || krows == 0 || kcols == 0 {
        return Err(Error::invalid(format!(
            "The bank of kernels is empty ({count} kernels of {krows} × {kcols}): it needs at least one kernel."
        )));
    }
    let mut corr = FftCorrelator::new(image, (krows, kcols), border)?;
    let (rows, cols) = image.dim();
    let mut out = Array3::zeros((count, rows, cols));
    for (pair, mut dst) in kernels
        .axis_chunks_iter(Axis(0), 2)
        .zip(out.axis_chunks_iter_mut(Axis(0), 2))
    {
        let a = pair.index_axis(Axis(0), 0);
        let b = (pair.len_of(Axis(0)) == 2).then(|| pair.index_axis(Axis(0), 1));
        let (da, db) = dst.view_mut().split_at(Axis(0), 1);
        let db = b.is_some().then(|| db.index_axis_move(Axis(0), 0));
        corr.correlate_pair(a, b, da.index_axis_move(Axis(0), 0), db)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two-butterfly plans (the fast path) equal rustfft's own plans (the reference).
    #[test]
    fn split_plans_equal_the_planners() {
        let mut planner = FftPlanner::new();
        for len in [
            36, 48, 60, 64, 96, 100, 144, 180, 288, 360, 480, 576, 768, 1024,
        ] {
            for direction in [FftDirection::Forward, FftDirection::Inverse] {
                let data: Vec<C32> = (0..len)
                    .map(|i| C32::new(((i * 37) % 11) as f32 - 5.0, ((i * 13) % 7) as f32))
                    .collect();
                let (mut ours, mut theirs) = (data.clone(), data);
                plan(&mut planner, len, direction).process(&mut ours);
                planner.plan_fft(len, direction).process(&mut theirs);
                let scale = theirs.iter().map(|z| z.norm()).fold(0.0f32, f32::max);
                for (a, b) in ours.iter().zip(&theirs) {
                    assert!(
                        (a - b).norm() <= 1e-5 * scale,
                        "{len} {direction:?}: {a} vs {b}"
                    );
                }
            }
        }
    }

    #[test]
    fn fft_lengths_are_smooth_and_minimal() {
        assert_eq!(fft_len(1), 1);
        assert_eq!(fft_len(11), 12);
        assert_eq!(fft_len(560), 576);
        assert_eq!(fft_len(97), 100);
    }

    #[test]
    fn transposes_round_trip() {
        let (r, c) = (37, 70);
        let src: Vec<C32> = (0..r * c)
            .map(|i| C32::new(i as f32, -(i as f32)))
            .collect();
        let mut t = vec![C32::new(0.0, 0.0); c * 40];
        transpose(&src, r, c, &mut t, 40);
        for i in 0..r {
            for j in 0..c {
                assert_eq!(t[j * 40 + i], src[i * c + j]);
            }
        }
        // t is c × 40 (x-major); bring back the first r "rows".
        let mut back = vec![C32::new(0.0, 0.0); r * c];
        transpose_rows(&t, c, 40, r, &mut back);
        assert_eq!(back, src);
        // Odd and even tiles and edges: every size from 1 to 70 either way.
        for (rows, cols) in [(1, 1), (1, 7), (7, 1), (33, 65), (64, 64), (65, 33)] {
            let src: Vec<C32> = (0..rows * cols).map(|i| C32::new(i as f32, 0.5)).collect();
            let mut t = vec![C32::new(-1.0, -1.0); cols * rows];
            transpose(&src, rows, cols, &mut t, rows);
            for i in 0..rows {
                for j in 0..cols {
                    assert_eq!(
                        t[j * rows + i],
                        src[i * cols + j],
                        "{rows}x{cols} at {i},{j}"
                    );
                }
            }
        }
    }

    /// A brute-force correlation written straight from the definition, for small cases.
    fn naive(img: &Array2<f32>, k: &Array2<f32>, b: Border) -> Array2<f32> {
        let ((rows, cols), (kr, kc)) = (img.dim(), k.dim());
        Array2::from_shape_fn((rows, cols), |(i, j)| {
            let mut s = 0.0f64;
            for a in 0..kr {
                for c in 0..kc {
                    let y = b.index(i as isize + a as isize - (kr / 2) as isize, rows);
                    let x = b.index(j as isize + c as isize - (kc / 2) as isize, cols);
                    if let (Some(y), Some(x)) = (y, x) {
                        s += k[[a, c]] as f64 * img[[y, x]] as f64;
                    }
                }
            }
            s as f32
        })
    }

    fn grid(rows: usize, cols: usize, f: impl Fn(usize) -> f32) -> Array2<f32> {
        Array2::from_shape_fn((rows, cols), |(i, j)| f(i * cols + j))
    }

    fn assert_close(got: &Array2<f32>, want: &Array2<f32>, tol: f32, what: &str) {
        assert_eq!(got.dim(), want.dim());
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() <= tol, "{what}: {g} vs {w}");
        }
    }

    #[test]
    fn matches_the_definition_for_every_border_and_even_sizes() {
        let img = grid(9, 13, |i| ((i * 37 % 11) as f32) / 11.0);
        for (kr, kc) in [(3, 3), (4, 5), (2, 7), (12, 20)] {
            let k = grid(kr, kc, |i| ((i * 7 % 5) as f32) - 2.0);
            for (b, _) in crate::border::ALL_BORDERS {
                let got = correlate2d_fft(img.view(), k.view(), b).unwrap();
                let want = naive(&img, &k, b);
                let scale = want.iter().fold(1e-3f32, |m, v| m.max(v.abs()));
                assert_close(&got, &want, 1e-5 * scale, &format!("{b:?} {kr}×{kc}"));
            }
        }
    }

    #[test]
    fn a_pair_gives_two_responses() {
        let img = grid(6, 5, |i| (i as f32).sin());
        let a = grid(3, 3, |i| [0.0, 1.0, 0.0, 1.0, -4.0, 1.0, 0.0, 1.0, 0.0][i]);
        let b = grid(3, 3, |i| {
            [1.0, 0.0, -1.0, 2.0, 0.0, -2.0, 1.0, 0.0, -1.0][i]
        });
        let mut c = FftCorrelator::new(img.view(), (3, 3), Border::Reflect).unwrap();
        let (mut oa, mut ob) = (Array2::zeros((6, 5)), Array2::zeros((6, 5)));
        c.correlate_pair(a.view(), Some(b.view()), oa.view_mut(), Some(ob.view_mut()))
            .unwrap();
        assert_close(&oa, &naive(&img, &a, Border::Reflect), 1e-5, "a");
        assert_close(&ob, &naive(&img, &b, Border::Reflect), 1e-5, "b");
    }

    #[test]
    fn a_turned_spectrum_correlates_like_the_turned_kernel() {
        let (rows, cols, n) = (11, 9, 5);
        let img = grid(rows, cols, |i| ((i * 37 % 13) as f32) / 13.0);
        let a = grid(n, n, |i| ((i * 7 % 5) as f32) - 2.0);
        let b = grid(n, n, |i| ((i * 3 % 7) as f32) - 3.0);
        // Turned clockwise on screen: k′[i][j] = k[n−1−j][i].
        let turn = |k: &Array2<f32>| Array2::from_shape_fn((n, n), |(i, j)| k[[n - 1 - j, i]]);
        // Square grid: 11 + 4 = 15 rows, 9 + 4 = 13 → 15 and 15.
        let mut c = FftCorrelator::new(img.view(), (n, n), Border::Reflect).unwrap();
        assert_eq!(c.fft_shape(), (15, 15));
        let s = c.kernel_spectrum(a.view(), Some(b.view())).unwrap();
        let t = c.rotate_spectrum_90(&s).unwrap();
        let (mut oa, mut ob) = (Array2::zeros((rows, cols)), Array2::zeros((rows, cols)));
        c.correlate_spectrum(&t, oa.view_mut(), Some(ob.view_mut()))
            .unwrap();
        assert_close(
            &oa,
            &naive(&img, &turn(&a), Border::Reflect),
            1e-4,
            "a turned",
        );
        assert_close(
            &ob,
            &naive(&img, &turn(&b), Border::Reflect),
            1e-4,
            "b turned",
        );
        // A grid that is not square cannot be turned in place.
        let wide = Array2::from_elem((rows, 30), 0.5);
        let mut c2 = FftCorrelator::new(wide.view(), (n, n), Border::Reflect).unwrap();
        let s2 = c2.kernel_spectrum(a.view(), None).unwrap();
        assert!(c2.rotate_spectrum_90(&s2).is_none());
    }

    #[test]
    fn a_bank_of_kernels_gives_each_response_in_order() {
        let img = grid(7, 10, |i| ((i * 5 % 9) as f32) / 9.0);
        let kernels = Array3::from_shape_fn((3, 3, 3), |(k, i, j)| {
            (((k * 9 + i * 3 + j) * 11 % 7) as f32) - 3.0
        });
        let out = correlate_bank(img.view(), kernels.view(), Border::Mirror).unwrap();
        assert_eq!(out.dim(), (3, 7, 10));
        for k in 0..3 {
            let want = naive(
                &img,
                &kernels.index_axis(Axis(0), k).to_owned(),
                Border::Mirror,
            );
            let got = out.index_axis(Axis(0), k).to_owned();
            assert_close(&got, &want, 1e-4, &format!("kernel {k}"));
        }
        let none = Array3::<f32>::zeros((0, 3, 3));
        let e = correlate_bank(img.view(), none.view(), Border::Mirror).unwrap_err();
        assert!(e.message().contains("empty"), "{e}");
    }

    #[test]
    fn bad_input_is_refused() {
        let one = Array2::ones((1, 1));
        let nan = Array2::from_elem((2, 3), f32::NAN);
        assert!(correlate2d_fft(nan.view(), one.view(), Border::Reflect).is_err());
        let mut c =
            FftCorrelator::new(Array2::ones((2, 3)).view(), (2, 2), Border::Reflect).unwrap();
        let mut out = Array2::zeros((2, 3));
        let e = c
            .correlate_pair(Array2::ones((3, 1)).view(), None, out.view_mut(), None)
            .unwrap_err();
        assert!(e.message().contains("2 × 2"), "{e}");
        let mut small = Array2::zeros((2, 2));
        let e = c
            .correlate_pair(Array2::ones((2, 2)).view(), None, small.view_mut(), None)
            .unwrap_err();
        assert!(e.message().contains("output"), "{e}");
    }
}

#[cfg(test)]
mod profile {
    use super::*;
    use std::time::Instant;

    /// Where the time of one 512² × 49² correlation goes (release):
    /// `cargo test --release --lib fftconv::profile -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn print_phase_timings() {
        let n = 512;
        let img = ndarray::Array2::from_shape_fn((n, n), |(i, j)| {
            (((i * n + j) * 7919) % 256) as f32 / 255.0
        });
        let k: Vec<f32> = (0..49 * 49).map(|i| ((i * 31) % 17) as f32 - 8.0).collect();
        for _ in 0..3 {
            let t = Instant::now();
            let mut c = FftCorrelator::new(img.view(), (49, 49), Border::Reflect).unwrap();
            let t_new = t.elapsed();
            let t = Instant::now();
            for _ in 0..19 {
                c.load_kernel_spectrum(&k, Some(&k));
            }
            let t_kernel = t.elapsed() / 19;
            let t = Instant::now();
            for _ in 0..19 {
                c.multiply_and_invert(None);
            }
            let t_inv = t.elapsed() / 19;
            println!(
                "grid {:?}: new {t_new:?}, kernel spectrum {t_kernel:?}, multiply+invert {t_inv:?}",
                c.fft_shape()
            );
        }
    }
}
