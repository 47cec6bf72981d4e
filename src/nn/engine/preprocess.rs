//! A drawing made MNIST-like, the way MNIST's own digits were prepared.
//!
//! ink = (1 − luminance/255) · alpha/255 per pixel, luminance = 0.299 R + 0.587 G + 0.114 B
//! (so dark strokes on a white or transparent canvas are ink). The bounding box of the pixels
//! with ink ≥ [`INK_THRESHOLD`] is scaled so its longer side is 20 px, by area averaging (each
//! output pixel is the mean ink over the source rectangle it covers). That 20-px image is placed
//! in a 28 × 28 frame so its centre of mass lands on (14, 14) (pixel centres at k + ½), with a
//! sub-pixel shift by bilinear interpolation, which moves the centre of mass exactly. Values are
//! clamped to 0..1.

use crate::{Error, Result};

/// Side of the network's input (px).
pub const SIDE: usize = 28;
/// Longer side of the digit's box inside the frame (px), as in MNIST.
pub const BOX: usize = 20;
/// Pixels with less ink than this do not count for the bounding box (faint smudges, paper).
pub const INK_THRESHOLD: f32 = 0.1;
/// Largest drawing accepted (pixels).
pub const MAX_PIXELS: usize = 4096 * 4096;

/// The ink of one RGBA pixel, 0..1.
pub fn ink(p: &[u8]) -> f32 {
    let lum = 0.299 * p[0] as f32 + 0.587 * p[1] as f32 + 0.114 * p[2] as f32;
    ((1.0 - lum / 255.0) * (p[3] as f32 / 255.0)).clamp(0.0, 1.0)
}

/// The 784 network inputs (row-major 28 × 28, 0..1) for an RGBA drawing.
///
/// # Errors
/// [`Error::ShapeMismatch`] when `rgba` is not width · height · 4 bytes,
/// [`Error::InvalidArgument`] for an empty or huge canvas or a drawing with no ink.
pub fn lenet5_preprocess(rgba: &[u8], width: usize, height: usize) -> Result<Vec<f32>> {
    if width == 0 || height == 0 || width.saturating_mul(height) > MAX_PIXELS {
        return Err(Error::invalid(format!(
            "The drawing must be between 1 × 1 and 4096 × 4096 pixels, not {width} × {height}."
        )));
    }
    if rgba.len() != width * height * 4 {
        return Err(Error::shape(format!(
            "A {width} × {height} RGBA drawing has {} bytes, not {}.",
            width * height * 4,
            rgba.len()
        )));
    }
    let ink: Vec<f32> = rgba.chunks_exact(4).map(ink).collect();
    let (mut top, mut left, mut bottom, mut right) = (height, width, 0, 0);
    for (i, &v) in ink.iter().enumerate() {
        if v >= INK_THRESHOLD {
            let (r, c) = (i / width, i % width);
            top = top.min(r);
            bottom = bottom.max(r);
            left = left.min(c);
            right = right.max(c);
        }
    }
    if top > bottom {
        return Err(Error::invalid(
            "The drawing is empty: draw a digit in dark ink on the pad first.",
        ));
    }
    let (bh, bw) = (bottom - top + 1, right - left + 1);
    let scale = BOX as f64 / bh.max(bw) as f64;
    let th = ((bh as f64 * scale).round() as usize).clamp(1, BOX);
    let tw = ((bw as f64 * scale).round() as usize).clamp(1, BOX);
    // Area averaging, columns then rows.
    let wx = box_weights(bw, tw);
    let wy = box_weights(bh, th);
    let mut rows_scaled = vec![0.0f64; bh * tw];
    for r in 0..bh {
        let src = &ink[(top + r) * width + left..][..bw];
        for (j, taps) in wx.iter().enumerate() {
            rows_scaled[r * tw + j] = taps.iter().map(|&(k, w)| w * src[k] as f64).sum();
        }
    }
    let mut small = vec![0.0f64; th * tw];
    for (i, taps) in wy.iter().enumerate() {
        for j in 0..tw {
            small[i * tw + j] = taps.iter().map(|&(k, w)| w * rows_scaled[k * tw + j]).sum();
        }
    }
    // Centre of mass of the small image, pixel centres at k + ½.
    let (mut mass, mut my, mut mx) = (0.0, 0.0, 0.0);
    for (i, &v) in small.iter().enumerate() {
        mass += v;
        my += v * ((i / tw) as f64 + 0.5);
        mx += v * ((i % tw) as f64 + 0.5);
    }
    let (cy, cx) = (my / mass, mx / mass);
    let half = SIDE as f64 / 2.0;
    let at = |r: isize, c: isize| -> f64 {
        if r < 0 || c < 0 || r >= th as isize || c >= tw as isize {
            0.0
        } else {
            small[r as usize * tw + c as usize]
        }
    };
    let mut out = vec![0.0f32; SIDE * SIDE];
    for r in 0..SIDE {
        // Output centre r + ½ sits at small-image coordinate r + ½ − 14 + cy; minus ½ gives
        // the index space of the small image's pixel centres.
        let y = r as f64 - half + cy;
        let (y0, fy) = (y.floor() as isize, y - y.floor());
        for c in 0..SIDE {
            let x = c as f64 - half + cx;
            let (x0, fx) = (x.floor() as isize, x - x.floor());
            let v = (1.0 - fy) * ((1.0 - fx) * at(y0, x0) + fx * at(y0, x0 + 1))
                + fy * ((1.0 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1));
            out[r * SIDE + c] = v.clamp(0.0, 1.0) as f32;
        }
    }
    Ok(out)
}

/// For each of `n_out` output cells over `n_in` source pixels, the (source index, weight)
/// pairs of the box filter: the overlap of [k, k + 1) with the cell's source interval, divided
/// by the interval's length.
fn box_weights(n_in: usize, n_out: usize) -> Vec<Vec<(usize, f64)>> {
    let step = n_in as f64 / n_out as f64;
    (0..n_out)
        .map(|j| {
            let (a, b) = (j as f64 * step, (j + 1) as f64 * step);
            let first = a.floor() as usize;
            let last = (b.ceil() as usize).min(n_in);
            (first..last)
                .map(|k| {
                    let overlap = (b.min(k as f64 + 1.0) - a.max(k as f64)).max(0.0);
                    (k, overlap / step)
                })
                .filter(|&(_, w)| w > 0.0)
                .collect()
        })
        .collect()
}
