//! The RGBA filter's inner loops, on rows of R, G, B floats (3 a pixel, alpha dropped): a
//! vector holds four consecutive floats of a row and a horizontal tap moves by 3 floats, so no
//! lane is spent on alpha.
//!
//! Two fast paths write bytes straight from the vectors (no row of floats written and read
//! back): the general 3×3 (9 multiply-adds an output) and the separable one for exactly rank-1
//! kernels of any size (`rows + cols`, e.g. 6 for a 3×3 Gaussian). Every other kernel goes
//! through [`RowCorrelator::row`].

use crate::conv::RowCorrelator;
use crate::simd::{lane_mul_add, rgb_floats_to_rgba_bytes, store_rgb_pixels, ByteMap, F32x4};

/// Where one output row goes.
pub(super) enum Out<'a> {
    /// RGBA bytes through a map (`4 · width`), alpha from the photo's row.
    Bytes(&'a mut [u8], ByteMap),
    /// R, G, B floats (`3 · width`), kept for the rescale display.
    Floats(&'a mut [f32]),
}

impl Out<'_> {
    /// Writes a finished row of R, G, B floats.
    pub fn write(self, floats: &[f32], keep: &[u8]) {
        match self {
            Out::Bytes(dst, map) => rgb_floats_to_rgba_bytes(floats, keep, dst, map),
            Out::Floats(dst) => dst.copy_from_slice(floats),
        }
    }

    /// Writes a row of `width` pixels computed four at a time by `group(f)` (the 12 floats from
    /// float `f = 3 · x`) and the last `width % 4` pixels float by float by `single(f)`.
    #[inline(always)]
    fn emit(
        self,
        width: usize,
        keep: &[u8],
        group: impl Fn(usize) -> [F32x4; 3],
        single: impl Fn(usize) -> f32,
    ) {
        let full = width - width % 4;
        match self {
            Out::Bytes(dst, map) => {
                for x in (0..full).step_by(4) {
                    store_rgb_pixels(group(3 * x), &keep[4 * x..], &mut dst[4 * x..], map);
                }
                for x in full..width {
                    for c in 0..3 {
                        dst[4 * x + c] = map.byte(single(3 * x + c));
                    }
                    dst[4 * x + 3] = keep[4 * x + 3];
                }
            }
            Out::Floats(dst) => {
                for x in (0..full).step_by(4) {
                    let [a, b, c] = group(3 * x);
                    a.store(dst, 3 * x);
                    b.store(dst, 3 * x + 4);
                    c.store(dst, 3 * x + 8);
                }
                for (f, d) in dst.iter_mut().enumerate().take(3 * width).skip(3 * full) {
                    *d = single(f);
                }
            }
        }
    }
}

/// Output row `r` of a general 3×3 correlation (`weights` row-major) into `out`.
pub(super) fn row_3x3(
    engine: &mut RowCorrelator<'_>,
    r: usize,
    source: impl FnMut(usize, &mut [f32]),
    weights: &[f32],
    width: usize,
    keep: &[u8],
    out: Out<'_>,
) {
    let w: [F32x4; 9] = std::array::from_fn(|t| F32x4::splat(weights[t]));
    let rows = engine.padded_rows3(r, source);
    // Four pixels (12 floats) read 18 floats of each padded row: bounds checked once.
    let group = |f: usize| {
        let windows: [&[f32; 18]; 3] =
            std::array::from_fn(|i| rows[i][f..f + 18].try_into().expect("18 floats"));
        std::array::from_fn(|k| {
            let mut acc = F32x4::splat(0.0);
            for (i, window) in windows.iter().enumerate() {
                for j in 0..3 {
                    acc = acc.mul_add(w[3 * i + j], F32x4::load(&window[..], 4 * k + 3 * j));
                }
            }
            acc
        })
    };
    // The same taps in the same order, rounded as a lane rounds them.
    let single = |f: usize| {
        let mut s = 0.0;
        for (i, row) in rows.iter().enumerate() {
            for j in 0..3 {
                s = lane_mul_add(s, weights[3 * i + j], row[f + 3 * j]);
            }
        }
        s
    };
    out.emit(width, keep, group, single);
}

/// Output row `r` of the correlation with the rank-1 kernel `u ⊗ v` (`u` down the rows, `v`
/// along them): the kernel's padded rows combined by `u` into `scratch`, then `v` along it.
#[allow(clippy::too_many_arguments)]
pub(super) fn row_separable(
    engine: &mut RowCorrelator<'_>,
    r: usize,
    source: impl FnMut(usize, &mut [f32]),
    (u, v): (&[f32], &[f32]),
    scratch: &mut Vec<f32>,
    width: usize,
    keep: &[u8],
    out: Out<'_>,
) {
    if let [u0, u1, u2] = *u {
        let rows = engine.padded_rows3(r, source);
        scratch.resize(rows[0].len(), 0.0);
        vertical3(scratch, rows, [u0, u1, u2]);
    } else {
        let mut rows = engine.padded_rows(r, source);
        let first = rows.next().expect("a kernel has at least one row");
        scratch.resize(first.len(), 0.0);
        vertical_first(scratch, first, u[0]);
        for (row, &ui) in rows.zip(&u[1..]) {
            vertical_add(scratch, row, ui);
        }
    }
    let tmp = &scratch[..];
    match *v {
        [a, b, c] => horizontal(tmp, [a, b, c], width, keep, out),
        [a, b, c, d, e] => horizontal(tmp, [a, b, c, d, e], width, keep, out),
        [a, b, c, d, e, f, g] => horizontal(tmp, [a, b, c, d, e, f, g], width, keep, out),
        _ => {
            let vs: Vec<F32x4> = v.iter().map(|&w| F32x4::splat(w)).collect();
            let group = |f: usize| {
                std::array::from_fn(|k| {
                    vs.iter()
                        .enumerate()
                        .fold(F32x4::splat(0.0), |acc, (j, &w)| {
                            acc.mul_add(w, F32x4::load(tmp, f + 4 * k + 3 * j))
                        })
                })
            };
            out.emit(width, keep, group, |f| horizontal_single(tmp, v, f));
        }
    }
}

/// `tmp = u₀·a + u₁·b + u₂·c` in one pass (the 3-row kernels: Gaussian, box, Sobel).
fn vertical3(tmp: &mut [f32], [a, b, c]: [&[f32]; 3], u: [f32; 3]) {
    let us = u.map(F32x4::splat);
    let n = tmp.len() - tmp.len() % 4;
    // Zipped chunks of four: no bounds check inside the loop.
    for (((t, a), b), c) in tmp[..n]
        .chunks_exact_mut(4)
        .zip(a[..n].chunks_exact(4))
        .zip(b[..n].chunks_exact(4))
        .zip(c[..n].chunks_exact(4))
    {
        F32x4::splat(0.0)
            .mul_add(us[0], F32x4::load(a, 0))
            .mul_add(us[1], F32x4::load(b, 0))
            .mul_add(us[2], F32x4::load(c, 0))
            .store(t, 0);
    }
    for q in n..tmp.len() {
        let s = lane_mul_add(0.0, u[0], a[q]);
        tmp[q] = lane_mul_add(lane_mul_add(s, u[1], b[q]), u[2], c[q]);
    }
}

/// `tmp = u₀ · row`, the first row of a taller kernel.
fn vertical_first(tmp: &mut [f32], row: &[f32], u0: f32) {
    let us = F32x4::splat(u0);
    let n = tmp.len() - tmp.len() % 4;
    for (t, x) in tmp[..n].chunks_exact_mut(4).zip(row[..n].chunks_exact(4)) {
        F32x4::splat(0.0).mul_add(us, F32x4::load(x, 0)).store(t, 0);
    }
    for q in n..tmp.len() {
        tmp[q] = lane_mul_add(0.0, u0, row[q]);
    }
}

/// `tmp += uᵢ · row`.
fn vertical_add(tmp: &mut [f32], row: &[f32], ui: f32) {
    let us = F32x4::splat(ui);
    let n = tmp.len() - tmp.len() % 4;
    for (t, x) in tmp[..n].chunks_exact_mut(4).zip(row[..n].chunks_exact(4)) {
        F32x4::load(t, 0).mul_add(us, F32x4::load(x, 0)).store(t, 0);
    }
    for q in n..tmp.len() {
        tmp[q] = lane_mul_add(tmp[q], ui, row[q]);
    }
}

/// The horizontal pass with `K` taps held in registers, four pixels (12 floats) a step.
#[inline(always)]
fn horizontal<const K: usize>(tmp: &[f32], v: [f32; K], width: usize, keep: &[u8], out: Out<'_>) {
    let vs = v.map(F32x4::splat);
    let group = |f: usize| {
        // The 12 + 3 · (K − 1) floats these four pixels read, bounds checked once.
        let window = &tmp[f..f + 3 * K + 9];
        std::array::from_fn(|k| {
            let mut acc = F32x4::splat(0.0);
            for (j, &w) in vs.iter().enumerate() {
                acc = acc.mul_add(w, F32x4::load(window, 4 * k + 3 * j));
            }
            acc
        })
    };
    out.emit(width, keep, group, |f| horizontal_single(tmp, &v, f));
}

/// One float of the horizontal pass, taps in the vector order.
fn horizontal_single(tmp: &[f32], v: &[f32], f: usize) -> f32 {
    v.iter()
        .enumerate()
        .fold(0.0, |s, (j, &w)| lane_mul_add(s, w, tmp[f + 3 * j]))
}
