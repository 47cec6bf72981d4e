//! im2col and col2im of a [`Conv2d`]: laying every output position's k × k × c_in taps out as
//! one column of X̃ (row (c, u, v), column (i, j) = x[c, s·i + u − p, s·j + v − p], 0 in the
//! padding), and adding the columns of a gradient back onto the pixels they were read from.
//! Rows are filled a run of valid output columns at a time, so the padding costs no branch per
//! tap.

use super::Conv2d;

impl Conv2d {
    /// Rows of X̃ (c_in·k²) and its columns (output positions).
    pub(super) fn cols_shape(&self) -> (usize, usize) {
        (
            self.head.input[0] * self.k * self.k,
            self.head.output[1] * self.head.output[2],
        )
    }

    /// Output columns j whose tap v reads inside an input row: q = s·j + v − p ∈ [0, width).
    fn valid_cols(&self, v: usize) -> (usize, usize) {
        let (s, p, ow, width) = (
            self.stride,
            self.pad,
            self.head.output[2],
            self.head.input[2],
        );
        let lo = p.saturating_sub(v).div_ceil(s).min(ow);
        let hi = if width + p > v {
            ((width - 1 + p - v) / s + 1).min(ow)
        } else {
            0
        };
        (lo, hi.max(lo))
    }

    /// Writes example x's X̃ into columns `at..at + positions` of `cols` (rows of length
    /// `stride`): row (c, u, v), column (i, j) holds x[c, s·i + u − p, s·j + v − p].
    pub(super) fn im2col(&self, x: &[f32], cols: &mut [f32], at: usize, stride: usize) {
        let [c_in, rows, width] = self.head.input;
        let [_, oh, ow] = self.head.output;
        let (k, s, p) = (self.k, self.stride, self.pad);
        let mut row = 0;
        for c in 0..c_in {
            let plane = &x[c * rows * width..][..rows * width];
            for u in 0..k {
                for v in 0..k {
                    let (lo, hi) = self.valid_cols(v);
                    let dst = &mut cols[row * stride + at..][..oh * ow];
                    for i in 0..oh {
                        let out = &mut dst[i * ow..][..ow];
                        match (i * s + u).checked_sub(p).filter(|&r| r < rows) {
                            None => out.fill(0.0),
                            Some(r) => {
                                let src = &plane[r * width..][..width];
                                out[..lo].fill(0.0);
                                out[hi..].fill(0.0);
                                if s == 1 {
                                    out[lo..hi].copy_from_slice(&src[lo + v - p..hi + v - p]);
                                } else {
                                    for (j, o) in (lo..hi).zip(&mut out[lo..hi]) {
                                        *o = src[j * s + v - p];
                                    }
                                }
                            }
                        }
                    }
                    row += 1;
                }
            }
        }
    }

    /// Adds columns `at..at + positions` of `dcols` (rows of length `stride`) back onto the
    /// input pixels they were read from, into example gradient `dx` (overwritten).
    pub(super) fn col2im(&self, dcols: &[f32], at: usize, stride: usize, dx: &mut [f32]) {
        let [c_in, rows, width] = self.head.input;
        let [_, oh, ow] = self.head.output;
        let (k, s, p) = (self.k, self.stride, self.pad);
        dx.fill(0.0);
        let mut row = 0;
        for c in 0..c_in {
            let plane = &mut dx[c * rows * width..][..rows * width];
            for u in 0..k {
                for v in 0..k {
                    let (lo, hi) = self.valid_cols(v);
                    let src = &dcols[row * stride + at..][..oh * ow];
                    for i in 0..oh {
                        if let Some(r) = (i * s + u).checked_sub(p).filter(|&r| r < rows) {
                            let dst = &mut plane[r * width..][..width];
                            let g = &src[i * ow..][lo..hi];
                            if s == 1 {
                                let d = &mut dst[lo + v - p..hi + v - p];
                                d.iter_mut().zip(g).for_each(|(d, &g)| *d += g);
                            } else {
                                for (j, &g) in (lo..hi).zip(g) {
                                    dst[j * s + v - p] += g;
                                }
                            }
                        }
                    }
                    row += 1;
                }
            }
        }
    }
}
