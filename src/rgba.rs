//! Filtering colour photos: each of R, G and B correlated on its own, alpha kept.
//!
//! Results can leave `0..=255` (a Laplacian is negative on one side of every edge), so a
//! [`Display`] mode says how they are shown. Bytes are produced as an `Uint8ClampedArray`
//! would store them: clamped to `0..=255`, rounded to nearest with ties to even.

use crate::border::Border;
use crate::conv::{flip_kernel, Kernel, RowCorrelator};
use crate::error::{check_shape, Error, Result};
use crate::simd::{bytes_to_floats, floats_to_rgba_bytes, store_pixels, ByteMap, F32x4};

/// How filtered values outside `0..=255` are turned into bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Display {
    /// Values below 0 show black, above 255 white.
    Clamp,
    /// `|v|`, then clamped: edge kernels show edges of both signs as bright.
    Abs,
    /// The smallest value over R, G and B maps to 0, the largest to 255 (all 0 when the
    /// output is flat), so nothing is cut off.
    Rescale,
}

impl Display {
    /// Reads `"clamp"`, `"abs"` or `"rescale"`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for any other name.
    pub fn parse(name: &str) -> Result<Display> {
        match name {
            "clamp" => Ok(Display::Clamp),
            "abs" => Ok(Display::Abs),
            "rescale" => Ok(Display::Rescale),
            _ => Err(Error::invalid(format!(
                "Unknown display mode \"{name}\": use clamp, abs or rescale."
            ))),
        }
    }
}

/// Correlation or convolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// `Σ w[i, j] x[r + i, c + j]` (the lecture's "convolution").
    Correlate,
    /// The kernel flipped first (textbook convolution).
    Convolve,
}

/// Filters the R, G and B channels of an RGBA image (`width × height`, 4 bytes a pixel)
/// with a kernel by [`Operation`], keeps alpha, and maps the results to bytes by `display`.
///
/// # Errors
/// When the buffer length is not `4 · width · height`, the image is empty, or the kernel is
/// empty, misshapen or holds a non-finite value.
#[allow(clippy::too_many_arguments)]
pub fn filter_rgba(
    rgba: &[u8],
    width: usize,
    height: usize,
    kernel: &[f32],
    krows: usize,
    kcols: usize,
    border: Border,
    operation: Operation,
    display: Display,
) -> Result<Vec<u8>> {
    check_rgba(rgba.len(), width, height)?;
    let mut out = vec![0; rgba.len()];
    let spec = FilterSpec {
        kernel,
        krows,
        kcols,
        border,
        operation,
        display,
    };
    filter_into(rgba, &mut out, &mut Vec::new(), width, height, &spec)?;
    Ok(out)
}

/// What to apply to a photo: a kernel and how to use it.
#[derive(Clone, Copy, Debug)]
pub struct FilterSpec<'a> {
    /// Row-major weights, `krows × kcols`.
    pub kernel: &'a [f32],
    /// Kernel rows.
    pub krows: usize,
    /// Kernel columns.
    pub kcols: usize,
    /// How pixels outside the photo are read.
    pub border: Border,
    /// Correlation or convolution.
    pub operation: Operation,
    /// How values outside `0..=255` are shown.
    pub display: Display,
}

/// A photo and its filtered version kept between calls.
///
/// Re-filtering after each keystroke then copies nothing: the page writes the photo into
/// [`RgbaFilter::input_mut`] once and reads [`RgbaFilter::output`] in place. On a 720p photo
/// the two copies across the JS boundary that [`filter_rgba`] needs cost more than the filter.
pub struct RgbaFilter {
    width: usize,
    height: usize,
    input: Vec<u8>,
    output: Vec<u8>,
    /// Filtered values kept for the `rescale` display, which needs the min and max first.
    stored: Vec<f32>,
}

/// The most pixels an [`RgbaFilter`] holds (64 Mi, e.g. 8192 × 8192): its buffers then take
/// 1.25 GB of the 4 GB a wasm32 module can address. The page scales photos to 4 MP first; this
/// stops a stray size (a header claiming 30,000 × 30,000) from exhausting memory, which would
/// abort the module.
pub const MAX_PIXELS: usize = 1 << 26;

impl RgbaFilter {
    /// A black, transparent `width × height` photo.
    ///
    /// # Errors
    /// When either side is 0 or the photo has more than [`MAX_PIXELS`] pixels.
    pub fn new(width: usize, height: usize) -> Result<Self> {
        let len = width
            .checked_mul(height)
            .filter(|&n| n <= MAX_PIXELS)
            .map(|n| 4 * n)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "This image ({width} × {height} pixels) is too large: at most {} megapixels.",
                    MAX_PIXELS >> 20
                ))
            })?;
        check_rgba(len, width, height)?;
        Ok(RgbaFilter {
            width,
            height,
            input: vec![0; len],
            output: vec![0; len],
            stored: Vec::new(),
        })
    }

    /// The photo's RGBA bytes, to be written by the caller.
    pub fn input_mut(&mut self) -> &mut [u8] {
        &mut self.input
    }

    /// The result of the last [`RgbaFilter::apply`] (RGBA bytes, alpha from the photo).
    pub fn output(&self) -> &[u8] {
        &self.output
    }

    /// `(width, height)` in pixels.
    pub fn size(&self) -> (usize, usize) {
        (self.width, self.height)
    }

    /// Filters the photo into the output.
    ///
    /// # Errors
    /// As [`filter_rgba`], for the kernel.
    pub fn apply(&mut self, spec: &FilterSpec<'_>) -> Result<()> {
        filter_into(
            &self.input,
            &mut self.output,
            &mut self.stored,
            self.width,
            self.height,
            spec,
        )
    }
}

fn check_rgba(len: usize, width: usize, height: usize) -> Result<()> {
    if !len.is_multiple_of(4) {
        return Err(Error::shape("An RGBA image needs 4 bytes per pixel."));
    }
    check_shape("image", len / 4, height, width)
}

/// The filter itself; `rgba` and `out` have `4 · width · height` bytes.
fn filter_into(
    rgba: &[u8],
    out: &mut [u8],
    stored: &mut Vec<f32>,
    width: usize,
    height: usize,
    spec: &FilterSpec<'_>,
) -> Result<()> {
    let (krows, kcols) = (spec.krows, spec.kcols);
    let checked = Kernel::centred(spec.kernel, krows, kcols)?;
    let flipped;
    let kernel = match spec.operation {
        Operation::Correlate => checked,
        Operation::Convolve => {
            flipped = flip_kernel(spec.kernel);
            Kernel {
                weights: &flipped,
                rows: krows,
                cols: kcols,
                origin: (krows - 1 - krows / 2, kcols - 1 - kcols / 2),
            }
        }
    };
    // One pass over interleaved RGBA: each pixel is one four-lane vector, alpha filtered too
    // (it is cheaper than skipping it) and then put back.
    let mut engine = RowCorrelator::new(kernel, height, width, 4, spec.border);
    let row_bytes = 4 * width;
    if (krows, kcols) == (3, 3) && spec.display != Display::Rescale {
        filter_3x3_fused(
            rgba,
            out,
            &mut engine,
            kernel.weights,
            width,
            height,
            spec.display,
        );
        return Ok(());
    }
    if spec.display == Display::Rescale {
        stored.resize(row_bytes * height, 0.0);
    }
    for r in 0..height {
        let filtered = engine.row(r, |y, buf| {
            bytes_to_floats(&rgba[y * row_bytes..][..row_bytes], buf)
        });
        let keep = &rgba[r * row_bytes..][..row_bytes];
        let dst = &mut out[r * row_bytes..][..row_bytes];
        match spec.display {
            Display::Clamp => floats_to_rgba_bytes(filtered, keep, dst, ByteMap::Identity),
            Display::Abs => floats_to_rgba_bytes(filtered, keep, dst, ByteMap::Abs),
            Display::Rescale => stored[r * row_bytes..][..row_bytes].copy_from_slice(filtered),
        }
    }
    if spec.display == Display::Rescale {
        rescale_into(stored, rgba, out);
    }
    Ok(())
}

/// The 3×3 clamp/abs case with filtering and byte conversion in one loop: no intermediate
/// row of floats is written and read back (this is the custom-kernel station's every keystroke).
fn filter_3x3_fused(
    rgba: &[u8],
    out: &mut [u8],
    engine: &mut RowCorrelator<'_>,
    weights: &[f32],
    width: usize,
    height: usize,
    display: Display,
) {
    let map = if display == Display::Abs {
        ByteMap::Abs
    } else {
        ByteMap::Identity
    };
    let w: [F32x4; 9] = std::array::from_fn(|t| F32x4::splat(weights[t]));
    let row_bytes = 4 * width;
    let pixel = |rows: &[&[f32]; 3], x: usize| {
        let mut acc = F32x4::splat(0.0);
        for (i, row) in rows.iter().enumerate() {
            let window: &[f32; 12] = row[4 * x..4 * x + 12].try_into().expect("12 floats");
            acc = acc.mul_add(w[3 * i], F32x4::load(window, 0));
            acc = acc.mul_add(w[3 * i + 1], F32x4::load(window, 4));
            acc = acc.mul_add(w[3 * i + 2], F32x4::load(window, 8));
        }
        acc
    };
    for r in 0..height {
        let rows = engine.padded_rows3(r, |y, buf| {
            bytes_to_floats(&rgba[y * row_bytes..][..row_bytes], buf)
        });
        let keep = &rgba[r * row_bytes..][..row_bytes];
        let dst = &mut out[r * row_bytes..][..row_bytes];
        let mut x = 0;
        while x + 4 <= width {
            let px = [
                pixel(&rows, x),
                pixel(&rows, x + 1),
                pixel(&rows, x + 2),
                pixel(&rows, x + 3),
            ];
            store_pixels(px, &keep[4 * x..], &mut dst[4 * x..], map);
            x += 4;
        }
        for x in x..width {
            let mut floats = [0.0; 4];
            pixel(&rows, x).store(&mut floats, 0);
            floats_to_rgba_bytes(
                &floats,
                &keep[4 * x..4 * x + 4],
                &mut dst[4 * x..4 * x + 4],
                map,
            );
        }
    }
}

/// Maps the stored R, G, B values (interleaved RGBA) min..max → 0..255 into `out`.
fn rescale_into(stored: &[f32], rgba: &[u8], out: &mut [u8]) {
    let (lo, hi) = stored
        .chunks_exact(4)
        .flat_map(|px| &px[..3])
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    let span = hi - lo;
    let scale = if span > 0.0 && span.is_finite() {
        255.0 / span
    } else {
        0.0
    };
    floats_to_rgba_bytes(stored, rgba, out, ByteMap::Affine { offset: lo, scale });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_keeps_image_and_alpha() {
        let img: Vec<u8> = (0..4 * 5 * 3).map(|i| (i * 7 % 256) as u8).collect();
        let delta = [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0];
        for display in [Display::Clamp, Display::Abs] {
            let out = filter_rgba(
                &img,
                5,
                3,
                &delta,
                3,
                3,
                Border::Reflect,
                Operation::Correlate,
                display,
            )
            .unwrap();
            assert_eq!(out, img);
        }
    }

    #[test]
    fn display_modes_by_hand() {
        // One grey pixel of 100 between two of 0 (R=G=B), kernel [1, -2, 1] (a second derivative).
        let img = [0, 0, 0, 255, 100, 100, 100, 200, 0, 0, 0, 255];
        let k = [1.0, -2.0, 1.0];
        let run = |d| {
            filter_rgba(
                &img,
                3,
                1,
                &k,
                1,
                3,
                Border::Constant,
                Operation::Correlate,
                d,
            )
            .unwrap()
        };
        // Raw values: 100, -200, 100.
        assert_eq!(
            run(Display::Clamp),
            vec![100, 100, 100, 255, 0, 0, 0, 200, 100, 100, 100, 255]
        );
        assert_eq!(
            run(Display::Abs),
            vec![100, 100, 100, 255, 200, 200, 200, 200, 100, 100, 100, 255]
        );
        assert_eq!(
            run(Display::Rescale),
            vec![255, 255, 255, 255, 0, 0, 0, 200, 255, 255, 255, 255]
        );
    }

    #[test]
    fn kept_filter_equals_one_shot_filter() {
        let (w, h) = (7, 5);
        let img: Vec<u8> = (0..4 * w * h).map(|i| (i * 37 % 251) as u8).collect();
        let k = [0.5, -1.0, 2.0, 0.25, 1.0, -0.75];
        let mut kept = RgbaFilter::new(w, h).unwrap();
        kept.input_mut().copy_from_slice(&img);
        for display in [Display::Clamp, Display::Abs, Display::Rescale] {
            for operation in [Operation::Correlate, Operation::Convolve] {
                let spec = FilterSpec {
                    kernel: &k,
                    krows: 2,
                    kcols: 3,
                    border: Border::Mirror,
                    operation,
                    display,
                };
                kept.apply(&spec).unwrap();
                let once =
                    filter_rgba(&img, w, h, &k, 2, 3, Border::Mirror, operation, display).unwrap();
                assert_eq!(kept.output(), &once[..]);
            }
        }
        assert!(RgbaFilter::new(0, 3).is_err());
        assert!(RgbaFilter::new(usize::MAX, 3).is_err());
    }

    #[test]
    fn rejects_bad_names_and_lengths() {
        assert!(Display::parse("clip").is_err());
        let img = [0u8; 4 * 4];
        assert!(filter_rgba(
            &img,
            3,
            1,
            &[1.0],
            1,
            1,
            Border::Wrap,
            Operation::Convolve,
            Display::Clamp
        )
        .is_err());
    }
}
