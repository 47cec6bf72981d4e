//! Filtering colour photos: each of R, G and B correlated on its own, alpha kept.
//!
//! Results can leave `0..=255` (a Laplacian is negative on one side of every edge), so a
//! [`Display`] mode says how they are shown. Bytes are produced as an `Uint8ClampedArray`
//! would store them: clamped to `0..=255`, rounded to nearest with ties to even.

use crate::border::Border;
use crate::conv::{flip_kernel, Kernel, RowCorrelator};
use crate::error::{check_shape, Error, Result};
use crate::simd::{bytes_to_floats, floats_to_rgb_bytes, ByteMap};

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
    if !rgba.len().is_multiple_of(4) {
        return Err(Error::shape("An RGBA image needs 4 bytes per pixel."));
    }
    check_shape("image", rgba.len() / 4, height, width)?;
    let checked = Kernel::centred(kernel, krows, kcols)?;
    let flipped;
    let kernel = match operation {
        Operation::Correlate => checked,
        Operation::Convolve => {
            flipped = flip_kernel(kernel);
            Kernel {
                weights: &flipped,
                rows: krows,
                cols: kcols,
                origin: (krows - 1 - krows / 2, kcols - 1 - kcols / 2),
            }
        }
    };
    let mut out = rgba.to_vec();
    // One pass over interleaved RGBA: each pixel is one four-lane vector, alpha filtered too
    // (it is cheaper than skipping it) and then put back.
    let mut engine = RowCorrelator::new(kernel, height, width, 4, border);
    let row_bytes = 4 * width;
    let mut stored = match display {
        Display::Rescale => vec![0.0f32; row_bytes * height],
        _ => Vec::new(),
    };
    for r in 0..height {
        let filtered = engine.row(r, |y, buf| {
            bytes_to_floats(&rgba[y * row_bytes..][..row_bytes], buf)
        });
        let dst = &mut out[r * row_bytes..][..row_bytes];
        match display {
            Display::Clamp => floats_to_rgb_bytes(filtered, dst, ByteMap::Identity),
            Display::Abs => floats_to_rgb_bytes(filtered, dst, ByteMap::Abs),
            Display::Rescale => stored[r * row_bytes..][..row_bytes].copy_from_slice(filtered),
        }
    }
    if display == Display::Rescale {
        rescale_into(&stored, &mut out);
    }
    Ok(out)
}

/// Maps the stored R, G, B values (interleaved RGBA) min..max → 0..255 into `out`.
fn rescale_into(stored: &[f32], out: &mut [u8]) {
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
    floats_to_rgb_bytes(stored, out, ByteMap::Affine { offset: lo, scale });
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
