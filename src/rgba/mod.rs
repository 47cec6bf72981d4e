//! Filtering colour photos: each of R, G and B correlated on its own, alpha kept.
//!
//! Results can leave `0..=255` (a Laplacian is negative on one side of every edge), so a
//! [`Display`] mode says how they are shown. Bytes are produced as an `Uint8ClampedArray`
//! would store them: clamped to `0..=255`, rounded to nearest with ties to even.

use crate::border::Border;
use crate::conv::{flip_kernel, Kernel, RowCorrelator};
use crate::error::{check_shape, Error, Result};
use crate::simd::{rgb_floats_to_rgba_bytes, rgba_to_rgb_floats, ByteMap};

mod paths;
mod rank1;
#[cfg(test)]
mod tests;

use paths::Out;
pub use rank1::rank_one_factors;

/// How filtered values outside `0..=255` are turned into bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Display {
    /// Values below 0 show black, above 255 white.
    Clamp,
    /// `|v|`, then clamped: edge kernels show edges of both signs as bright.
    Abs,
    /// The smallest value over R, G and B maps to 0, the largest to 255, so nothing is cut
    /// off. All 0 when the output is flat: when its range is below 10⁻⁴ of the largest output
    /// the kernel can make (`255 · Σ|w|`), it is float rounding, not picture.
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
    filter_into(rgba, &mut out, &mut Vec::new(), width, height, &spec, true)?;
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
            true,
        )
    }
}

fn check_rgba(len: usize, width: usize, height: usize) -> Result<()> {
    if !len.is_multiple_of(4) {
        return Err(Error::shape("An RGBA image needs 4 bytes per pixel."));
    }
    check_shape("image", len / 4, height, width)
}

/// The filter itself; `rgba` and `out` have `4 · width · height` bytes. `separable` allows the
/// rank-1 path (tests turn it off to compare against the general one).
pub(crate) fn filter_into(
    rgba: &[u8],
    out: &mut [u8],
    stored: &mut Vec<f32>,
    width: usize,
    height: usize,
    spec: &FilterSpec<'_>,
    separable: bool,
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
    // Separable only where it saves work: a 1×n or 2×2 kernel costs the same either way.
    let factors = (separable && krows + kcols < krows * kcols)
        .then(|| rank_one_factors(kernel.weights, krows, kcols))
        .flatten();
    let mut engine = RowCorrelator::new(kernel, height, width, 3, spec.border);
    let row_bytes = 4 * width;
    let source = |y: usize, buf: &mut [f32]| {
        rgba_to_rgb_floats(&rgba[y * row_bytes..][..row_bytes], buf);
    };
    let map = match spec.display {
        Display::Abs => ByteMap::Abs,
        Display::Clamp | Display::Rescale => ByteMap::Identity,
    };
    let rescale = spec.display == Display::Rescale;
    if rescale {
        stored.resize(3 * width * height, 0.0);
    }
    let mut scratch = Vec::new();
    for r in 0..height {
        let keep = &rgba[r * row_bytes..][..row_bytes];
        let dst = if rescale {
            Out::Floats(&mut stored[3 * width * r..][..3 * width])
        } else {
            Out::Bytes(&mut out[r * row_bytes..][..row_bytes], map)
        };
        if let Some((u, v)) = &factors {
            paths::row_separable(
                &mut engine,
                r,
                source,
                (u, v),
                &mut scratch,
                width,
                keep,
                dst,
            );
        } else if (krows, kcols) == (3, 3) {
            paths::row_3x3(&mut engine, r, source, kernel.weights, width, keep, dst);
        } else {
            dst.write(engine.row(r, source), keep);
        }
    }
    if rescale {
        let largest = 255.0 * kernel.weights.iter().map(|w| w.abs()).sum::<f32>();
        rescale_into(stored, rgba, out, 1e-4 * largest);
    }
    Ok(())
}

/// Maps the stored R, G, B values (3 a pixel) min..max → 0..255 into `out` (RGBA); a range
/// of at most `flat` counts as none (all 0).
fn rescale_into(stored: &[f32], rgba: &[u8], out: &mut [u8], flat: f32) {
    let (lo, hi) = stored
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    let span = hi - lo;
    let scale = if span > flat && span.is_finite() {
        255.0 / span
    } else {
        0.0
    };
    rgb_floats_to_rgba_bytes(stored, rgba, out, ByteMap::Affine { offset: lo, scale });
}
