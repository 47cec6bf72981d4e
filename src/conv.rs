//! Correlation and convolution of images and signals, with scipy.ndimage's border modes.
//!
//! For a kernel `w` of size `kr × kc` whose origin is its centre `(kr / 2, kc / 2)` (integer
//! division, as in scipy), **correlation** is
//!
//! ```text
//! z[r, c] = Σ_i Σ_j w[i, j] · x[r + i − kr/2, c + j − kc/2]
//! ```
//!
//! which is the lecture's "convolution" `z_i = Σ_j w_j x_{i+j}`. True **convolution** flips the
//! kernel, `z[r, c] = Σ_i Σ_j w[i, j] · x[r − i + kr/2, c − j + kc/2]`, and equals
//! `scipy.ndimage.convolve` for odd and even sizes alike. Pixels outside the image are read
//! through a [`Border`] mode.
//!
//! The work is done row by row: a ring of `kr` padded input rows, each output row a sum of
//! `kr · kc` shifted rows in four-lane SIMD. Memory stays small and cached however large the
//! image, which is what makes a 3×3 filter on a 720p photo fast enough to follow every keystroke.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

use crate::border::Border;
use crate::error::{check_finite, check_shape, Result};
use crate::grid::{check_not_empty, flat, standard};
use crate::simd::{lane_mul_add, F32x4};

/// A kernel with its origin, borrowed from a row-major buffer.
#[derive(Clone, Copy)]
pub(crate) struct Kernel<'a> {
    pub weights: &'a [f32],
    pub rows: usize,
    pub cols: usize,
    /// The origin: output `(r, c)` reads input `(r + i − origin.0, c + j − origin.1)`.
    pub origin: (usize, usize),
}

impl<'a> Kernel<'a> {
    /// A kernel of `rows × cols` with scipy's default origin at its centre, after checking it.
    pub fn centred(weights: &'a [f32], rows: usize, cols: usize) -> Result<Self> {
        check_shape("kernel", weights.len(), rows, cols)?;
        check_finite("kernel", weights)?;
        Ok(Kernel {
            weights,
            rows,
            cols,
            origin: (rows / 2, cols / 2),
        })
    }
}

/// Flips a row-major kernel in both directions (turning correlation into convolution).
pub fn flip_kernel(kernel: &[f32]) -> Vec<f32> {
    kernel.iter().rev().copied().collect()
}

/// Produces a 2D correlation one output row at a time.
///
/// Rows may hold `lanes` interleaved channels (4 for RGBA): then every channel is correlated
/// on its own in the same pass, one four-lane vector per pixel, and a horizontal tap moves by
/// `lanes` floats. With `lanes = 1` a vector holds four neighbouring pixels instead.
pub(crate) struct RowCorrelator<'k> {
    kernel: Kernel<'k>,
    rows: usize,
    cols: usize,
    lanes: usize,
    border: Border,
    /// Floats in a padded row: `lanes · (cols + kernel.cols − 1)`.
    padded_len: usize,
    /// `kernel.rows` padded input rows; padded row `p` lives in slot `p % kernel.rows`.
    ring: Vec<f32>,
    /// The next padded row index not yet in the ring.
    next_padded_row: usize,
    out: Vec<f32>,
}

impl<'k> RowCorrelator<'k> {
    /// A correlator for an image of `rows × cols` pixels (both ≥ 1) of `lanes` channels each.
    pub fn new(kernel: Kernel<'k>, rows: usize, cols: usize, lanes: usize, border: Border) -> Self {
        let padded_len = lanes * (cols + kernel.cols - 1);
        RowCorrelator {
            kernel,
            rows,
            cols,
            lanes,
            border,
            padded_len,
            ring: vec![0.0; kernel.rows * padded_len],
            next_padded_row: 0,
            out: vec![0.0; lanes * cols],
        }
    }

    /// Output row `r` (`lanes · cols` floats). Rows must be asked for in order `0, 1, 2, …`;
    /// `source(y, buf)` writes input row `y` (`lanes · cols` values) into `buf`.
    pub fn row(&mut self, r: usize, source: impl FnMut(usize, &mut [f32])) -> &[f32] {
        self.advance_to(r, source);
        let len = self.padded_len;
        let kr = self.kernel.rows;
        let rows: Vec<&[f32]> = (0..kr)
            .map(|i| &self.ring[((r + i) % kr) * len..][..len])
            .collect();
        correlate_padded_rows(
            &mut self.out,
            &rows,
            self.kernel.weights,
            self.kernel.cols,
            self.lanes,
        );
        &self.out
    }

    /// The three padded input rows output row `r` of a 3-row kernel reads (each
    /// `lanes · (cols + kernel.cols − 1)` floats), for callers that fuse their own inner loop.
    /// Rows must be asked for in order, as for [`RowCorrelator::row`].
    pub fn padded_rows3(&mut self, r: usize, source: impl FnMut(usize, &mut [f32])) -> [&[f32]; 3] {
        debug_assert_eq!(self.kernel.rows, 3);
        self.advance_to(r, source);
        let len = self.padded_len;
        std::array::from_fn(|i| &self.ring[((r + i) % 3) * len..][..len])
    }

    /// The `kernel.rows` padded input rows output row `r` reads, top to bottom, for callers
    /// with their own inner loop (the separable RGBA filter). Order as for [`RowCorrelator::row`].
    pub fn padded_rows(
        &mut self,
        r: usize,
        source: impl FnMut(usize, &mut [f32]),
    ) -> impl Iterator<Item = &[f32]> + '_ {
        self.advance_to(r, source);
        let (len, kr) = (self.padded_len, self.kernel.rows);
        let ring = &self.ring;
        (0..kr).map(move |i| &ring[((r + i) % kr) * len..][..len])
    }

    fn advance_to(&mut self, r: usize, mut source: impl FnMut(usize, &mut [f32])) {
        while self.next_padded_row < r + self.kernel.rows {
            self.fill_padded_row(self.next_padded_row, &mut source);
            self.next_padded_row += 1;
        }
    }

    fn fill_padded_row(&mut self, p: usize, source: &mut impl FnMut(usize, &mut [f32])) {
        let (kr, (or, oc)) = (self.kernel.rows, self.kernel.origin);
        let (lanes, len) = (self.lanes, self.padded_len);
        let slot = &mut self.ring[(p % kr) * len..][..len];
        let Some(y) = self.border.index(p as isize - or as isize, self.rows) else {
            slot.fill(0.0);
            return;
        };
        source(y, &mut slot[lanes * oc..lanes * (oc + self.cols)]);
        for q in (0..oc).chain(oc + self.cols..len / lanes) {
            match self.border.index(q as isize - oc as isize, self.cols) {
                Some(x) => slot.copy_within(lanes * (oc + x)..lanes * (oc + x + 1), lanes * q),
                None => slot[lanes * q..lanes * (q + 1)].fill(0.0),
            }
        }
    }
}

/// `out[o] = Σ_i Σ_j w[i, j] · rows[i][o + lanes · j]`: the inner loop of every 2D filter here.
fn correlate_padded_rows(
    out: &mut [f32],
    rows: &[&[f32]],
    weights: &[f32],
    kcols: usize,
    lanes: usize,
) {
    let n = out.len();
    match (rows, kcols, lanes) {
        ([r0, r1, r2], 3, 1) => return correlate_3x3_rows::<1, 6>(out, [r0, r1, r2], weights),
        ([r0, r1, r2], 3, 3) => return correlate_3x3_rows::<3, 10>(out, [r0, r1, r2], weights),
        _ => {}
    }
    let mut o = 0;
    while o + 4 <= n {
        let mut acc = F32x4::splat(0.0);
        for (row, krow) in rows.iter().zip(weights.chunks_exact(kcols)) {
            for (j, &w) in krow.iter().enumerate() {
                acc = acc.mul_add(F32x4::splat(w), F32x4::load(row, o + lanes * j));
            }
        }
        acc.store(out, o);
        o += 4;
    }
    // The tail adds the taps in the same order as the vectors above, rounded as a lane rounds,
    // so every output has the same rounding whichever path computed it (correlate2d and
    // filter_rgba agree to the bit).
    for (o, v) in out.iter_mut().enumerate().skip(o) {
        let mut s = 0.0;
        for (row, krow) in rows.iter().zip(weights.chunks_exact(kcols)) {
            for (j, &w) in krow.iter().enumerate() {
                s = lane_mul_add(s, w, row[o + lanes * j]);
            }
        }
        *v = s;
    }
}

/// The 3×3 case unrolled, the taps held in registers (the custom-kernel station's hot path);
/// `LANES` is a constant and `WINDOW = 2 · LANES + 4` the floats one output vector reads from
/// a row, so each window's bounds are checked once.
fn correlate_3x3_rows<const LANES: usize, const WINDOW: usize>(
    out: &mut [f32],
    rows: [&[f32]; 3],
    weights: &[f32],
) {
    debug_assert_eq!(WINDOW, 2 * LANES + 4);
    let lanes = LANES;
    let n = out.len();
    let w: [F32x4; 9] = std::array::from_fn(|t| F32x4::splat(weights[t]));
    let mut o = 0;
    while o + 4 <= n {
        let mut acc = F32x4::splat(0.0);
        for (i, row) in rows.iter().enumerate() {
            let window: &[f32; WINDOW] = row[o..o + WINDOW].try_into().expect("WINDOW = 2·LANES+4");
            acc = acc.mul_add(w[3 * i], F32x4::load(window, 0));
            acc = acc.mul_add(w[3 * i + 1], F32x4::load(window, lanes));
            acc = acc.mul_add(w[3 * i + 2], F32x4::load(window, 2 * lanes));
        }
        acc.store(out, o);
        o += 4;
    }
    for (o, v) in out.iter_mut().enumerate().skip(o) {
        let mut s = 0.0;
        for (i, row) in rows.iter().enumerate() {
            for j in 0..3 {
                s = lane_mul_add(s, weights[3 * i + j], row[o + lanes * j]);
            }
        }
        *v = s;
    }
}

/// Correlates `image` (`rows × cols`, row-major) with an already checked kernel.
pub(crate) fn correlate_with(
    image: &[f32],
    rows: usize,
    cols: usize,
    kernel: Kernel<'_>,
    border: Border,
) -> Array2<f32> {
    let mut out = Array2::zeros((rows, cols));
    let mut engine = RowCorrelator::new(kernel, rows, cols, 1, border);
    for (r, mut out_row) in out.rows_mut().into_iter().enumerate() {
        let row = engine.row(r, |y, buf| buf.copy_from_slice(&image[y * cols..][..cols]));
        out_row.assign(&ArrayView1::from(row));
    }
    out
}

/// Checks `image` and `kernel`, then correlates them (`flip`: with the kernel flipped and its
/// origin moved as scipy's `convolve` does, which makes it a convolution).
fn correlate_checked(
    image: ArrayView2<'_, f32>,
    kernel: ArrayView2<'_, f32>,
    border: Border,
    flip: bool,
) -> Result<Array2<f32>> {
    check_not_empty("image", &image)?;
    let (krows, kcols) = kernel.dim();
    let k = standard(&kernel);
    let checked = Kernel::centred(flat(&k), krows, kcols)?;
    let flipped;
    let kernel = if flip {
        flipped = flip_kernel(checked.weights);
        Kernel {
            weights: &flipped,
            rows: krows,
            cols: kcols,
            origin: (krows - 1 - krows / 2, kcols - 1 - kcols / 2),
        }
    } else {
        checked
    };
    let (rows, cols) = image.dim();
    let img = standard(&image);
    Ok(correlate_with(flat(&img), rows, cols, kernel, border))
}

/// 2D correlation, the same size as the image; equals `scipy.ndimage.correlate(image, kernel,
/// mode=border)`.
///
/// # Errors
/// When the image or kernel is empty or a kernel value is not finite.
///
/// # Example
/// ```
/// use convlab::{border::Border, conv::correlate2d};
/// use ndarray::array;
/// // A horizontal difference [-1, 0, 1] on a ramp gives 2 everywhere inside.
/// let ramp = array![[0.0, 1.0, 2.0, 3.0]];
/// let z = correlate2d(ramp.view(), array![[-1.0, 0.0, 1.0]].view(), Border::Nearest).unwrap();
/// assert_eq!(z, array![[1.0, 2.0, 2.0, 1.0]]);
/// ```
pub fn correlate2d(
    image: ArrayView2<'_, f32>,
    kernel: ArrayView2<'_, f32>,
    border: Border,
) -> Result<Array2<f32>> {
    correlate_checked(image, kernel, border, false)
}

/// 2D convolution (kernel flipped), the same size as the image; equals
/// `scipy.ndimage.convolve(image, kernel, mode=border)`.
///
/// For odd kernel sizes this is [`correlate2d`] with the flipped kernel; for even sizes scipy
/// also moves the origin by one, and so does this.
///
/// # Errors
/// As [`correlate2d`].
pub fn convolve2d(
    image: ArrayView2<'_, f32>,
    kernel: ArrayView2<'_, f32>,
    border: Border,
) -> Result<Array2<f32>> {
    correlate_checked(image, kernel, border, true)
}

/// 1D correlation `z[i] = Σ_j w[j] · x[i + j − k/2]`, the same length as the signal; equals
/// `scipy.ndimage.correlate1d(signal, kernel, mode=border)`.
///
/// # Errors
/// When the signal or kernel is empty or a kernel value is not finite.
pub fn correlate1d(
    signal: ArrayView1<'_, f32>,
    kernel: ArrayView1<'_, f32>,
    border: Border,
) -> Result<Array1<f32>> {
    if signal.is_empty() {
        return Err(crate::Error::invalid(
            "The signal is empty: it needs at least one value.",
        ));
    }
    let z = correlate2d(
        signal.insert_axis(Axis(0)),
        kernel.insert_axis(Axis(0)),
        border,
    )?;
    Ok(z.remove_axis(Axis(0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{array, Array2};

    /// Worked by hand: a 3×3 image, a kernel that picks the right-hand neighbour.
    #[test]
    fn picks_neighbour_by_hand() {
        let x = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]];
        let right = array![[0.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]];
        let z = correlate2d(x.view(), right.view(), Border::Constant).unwrap();
        assert_eq!(z, array![[2.0, 3.0, 0.0], [5.0, 6.0, 0.0], [8.0, 9.0, 0.0]]);
        // Convolution flips the kernel: it picks the left-hand neighbour.
        let z = convolve2d(x.view(), right.view(), Border::Constant).unwrap();
        assert_eq!(z, array![[0.0, 1.0, 2.0], [0.0, 4.0, 5.0], [0.0, 7.0, 8.0]]);
    }

    /// A transposed (non-contiguous) view is read by its logical indices.
    #[test]
    fn transposed_views_are_read_by_index() {
        let x = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
        let xt = x.t();
        let right = array![[0.0, 0.0, 1.0]];
        let z = correlate2d(xt, right.view(), Border::Constant).unwrap();
        assert_eq!(z, array![[4.0, 0.0], [5.0, 0.0], [6.0, 0.0]]);
    }

    #[test]
    fn errors_instead_of_panics() {
        let x = Array2::<f32>::ones((2, 3));
        let empty = Array2::<f32>::zeros((0, 3));
        assert!(correlate2d(x.view(), array![[1.0, f32::NAN]].view(), Border::Wrap).is_err());
        assert!(correlate2d(empty.view(), array![[1.0]].view(), Border::Wrap).is_err());
        assert!(correlate2d(x.view(), empty.view(), Border::Wrap).is_err());
        let none: [f32; 0] = [];
        assert!(correlate1d(
            ArrayView1::from(&none),
            ArrayView1::from(&[1.0]),
            Border::Wrap
        )
        .is_err());
    }

    /// A kernel far larger than the image still reads every tap through the border.
    #[test]
    fn huge_kernel_on_tiny_image() {
        let ones = Array2::<f32>::ones((63, 63));
        let z = correlate2d(array![[1.0, 2.0]].view(), ones.view(), Border::Wrap).unwrap();
        // Wrap: output c reads columns c − 31 ..= c + 31; even ones hold 1, odd ones 2.
        // c = 0: 31 even, 32 odd columns → 95 per kernel row; c = 1: 32 even, 31 odd → 94.
        assert_eq!(z, array![[63.0 * 95.0, 63.0 * 94.0]]);
    }
}
