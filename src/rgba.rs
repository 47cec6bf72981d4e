//! Filtering colour photos: each of R, G and B correlated on its own, alpha kept.
//!
//! Results can leave `0..=255` (a Laplacian is negative on one side of every edge), so a
//! [`Display`] mode says how they are shown. Bytes are produced as an `Uint8ClampedArray`
//! would store them: clamped to `0..=255`, rounded to nearest with ties to even.

use crate::border::Border;
use crate::conv::{flip_kernel, Kernel, RowCorrelator};
use crate::error::{check_shape, Error, Result};

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

/// A value as a byte, the way `Uint8ClampedArray` stores it.
#[inline]
fn to_byte(v: f32) -> u8 {
    v.clamp(0.0, 255.0).round_ties_even() as u8
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
    let mut engines: Vec<RowCorrelator> = (0..3)
        .map(|_| RowCorrelator::new(kernel, height, width, border))
        .collect();
    let row_bytes = 4 * width;
    let mut stored = match display {
        Display::Rescale => vec![0.0f32; 3 * width * height],
        _ => Vec::new(),
    };
    for r in 0..height {
        for (ch, engine) in engines.iter_mut().enumerate() {
            let filtered = engine.row(r, |y, buf| {
                let src = &rgba[y * row_bytes..][..row_bytes];
                for (b, px) in buf.iter_mut().zip(src.chunks_exact(4)) {
                    *b = f32::from(px[ch]);
                }
            });
            let dst = &mut out[r * row_bytes..][..row_bytes];
            match display {
                Display::Clamp => {
                    for (px, &v) in dst.chunks_exact_mut(4).zip(filtered) {
                        px[ch] = to_byte(v);
                    }
                }
                Display::Abs => {
                    for (px, &v) in dst.chunks_exact_mut(4).zip(filtered) {
                        px[ch] = to_byte(v.abs());
                    }
                }
                Display::Rescale => {
                    let plane = &mut stored[ch * width * height..][..width * height];
                    plane[r * width..][..width].copy_from_slice(filtered);
                }
            }
        }
    }
    if display == Display::Rescale {
        rescale_into(&stored, width * height, &mut out);
    }
    Ok(out)
}

/// Maps three stored planes min..max → 0..255 into the RGB bytes of `out`.
fn rescale_into(planes: &[f32], pixels: usize, out: &mut [u8]) {
    let (lo, hi) = planes
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    let span = hi - lo;
    let scale = if span > 0.0 && span.is_finite() {
        255.0 / span
    } else {
        0.0
    };
    for ch in 0..3 {
        let plane = &planes[ch * pixels..][..pixels];
        for (px, &v) in out.chunks_exact_mut(4).zip(plane) {
            px[ch] = to_byte((v - lo) * scale);
        }
    }
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
