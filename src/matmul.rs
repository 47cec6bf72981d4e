//! Single-precision matrix multiply C ← α·A·B + β·C, the workhorse of the f32 network engine
//! (convolution through im2col, dense layers, and both of their backward passes).
//!
//! A and B are strided views ([`MatRef`]): element (i, j) sits at `data[i·rs + j·cs]`, so a
//! transpose is a view with the strides swapped and no copy. C is row-major m × n.
//!
//! The kernel packs blocks of A into panels of [`MR`] rows and blocks of B into panels of [`NR`]
//! columns (zero padded at the edges; [`KC`] × [`NC`] blocks, as in GotoBLAS), then a
//! register-blocked MR × NR micro-kernel runs over the shared dimension with four-lane vectors ([`crate::simd::F32x4`], one wasm `v128` with `+simd128`).
//! The packing buffers live in a caller-owned [`GemmScratch`], so a training loop that keeps
//! its scratch allocates nothing after the first step.
//!
//! Sums run over k in increasing order in every lane (block after block), with separate multiply and add (no fused
//! multiply-add), so native and wasm builds round identically on every machine; this is what
//! makes the pretrained weights file reproducible byte for byte.

use crate::simd::F32x4;

/// Rows of A per micro-kernel call.
pub const MR: usize = 4;
/// Columns of B per micro-kernel call (two four-lane vectors).
pub const NR: usize = 8;
/// Length of the shared dimension packed at a time: an A panel (MR·KC) and a B panel (NR·KC)
/// stay in L1 while the micro-kernel runs.
pub const KC: usize = 256;
/// Columns of B packed at a time: the packed block (KC·NC floats, 512 KiB) stays in L2.
pub const NC: usize = 512;

/// A read-only strided matrix view: element (i, j) is `data[i * row_stride + j * col_stride]`.
#[derive(Clone, Copy, Debug)]
pub struct MatRef<'a> {
    /// The backing values.
    pub data: &'a [f32],
    /// Number of rows.
    pub rows: usize,
    /// Number of columns.
    pub cols: usize,
    /// Distance in `data` between (i, j) and (i + 1, j).
    pub row_stride: usize,
    /// Distance in `data` between (i, j) and (i, j + 1).
    pub col_stride: usize,
}

impl<'a> MatRef<'a> {
    /// A row-major `rows × cols` matrix stored in `data` (panics if `data` is too short).
    pub fn row_major(data: &'a [f32], rows: usize, cols: usize) -> Self {
        assert!(data.len() >= rows * cols, "matrix data too short");
        MatRef {
            data,
            rows,
            cols,
            row_stride: cols,
            col_stride: 1,
        }
    }

    /// The transpose, as a view of the same values.
    pub fn t(self) -> Self {
        MatRef {
            data: self.data,
            rows: self.cols,
            cols: self.rows,
            row_stride: self.col_stride,
            col_stride: self.row_stride,
        }
    }

    #[inline(always)]
    fn at(&self, i: usize, j: usize) -> f32 {
        self.data[i * self.row_stride + j * self.col_stride]
    }

    fn check(&self) {
        if self.rows > 0 && self.cols > 0 {
            let last = (self.rows - 1) * self.row_stride + (self.cols - 1) * self.col_stride;
            assert!(last < self.data.len(), "matrix view reaches past its data");
        }
    }
}

/// Whether [`gemm`] hands the product to the `matrixmultiply` crate (speed comparison only).
pub static USE_MATRIXMULTIPLY: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Packing buffers reused from call to call (they only grow).
#[derive(Debug, Default, Clone)]
pub struct GemmScratch {
    a: Vec<f32>,
    b: Vec<f32>,
}

/// C ← α·A·B + β·C with C row-major m × n (m = A's rows, n = B's columns).
///
/// With β = 0, C's old contents are ignored (NaN in C does not leak into the result).
///
/// # Panics
/// When the inner dimensions disagree, a view reaches past its data or C is shorter than m·n:
/// callers are the engine's layers, whose shapes are fixed in their constructors.
pub fn gemm(alpha: f32, a: MatRef, b: MatRef, beta: f32, c: &mut [f32], s: &mut GemmScratch) {
    assert_eq!(a.cols, b.rows, "inner dimensions of A·B differ");
    a.check();
    b.check();
    let (m, k, n) = (a.rows, a.cols, b.cols);
    assert!(c.len() >= m * n, "C is too short for the product");
    if m == 0 || n == 0 {
        return;
    }
    if USE_MATRIXMULTIPLY.load(std::sync::atomic::Ordering::Relaxed) {
        return gemm_matrixmultiply(alpha, a, b, beta, c);
    }
    if k == 0 {
        c[..m * n]
            .iter_mut()
            .for_each(|v| *v = if beta == 0.0 { 0.0 } else { beta * *v });
        return;
    }
    let m_panels = m.div_ceil(MR);
    let mut tile = [0.0f32; MR * NR];
    for j0 in (0..n).step_by(NC) {
        let nb = NC.min(n - j0);
        let n_panels = nb.div_ceil(NR);
        for p0 in (0..k).step_by(KC) {
            let kb = KC.min(k - p0);
            pack_b(b, p0, kb, j0, nb, &mut s.b);
            pack_a(a, p0, kb, &mut s.a);
            // Later blocks of the shared dimension add to what the first one wrote.
            let beta = if p0 == 0 { beta } else { 1.0 };
            for pj in 0..n_panels {
                let bp = &s.b[pj * kb * NR..][..kb * NR];
                let j = j0 + pj * NR;
                let cols = NR.min(n - j);
                for pi in 0..m_panels {
                    let ap = &s.a[pi * kb * MR..][..kb * MR];
                    micro_kernel(ap, bp, &mut tile);
                    let i0 = pi * MR;
                    for r in 0..MR.min(m - i0) {
                        let row = &mut c[(i0 + r) * n + j..][..cols];
                        let acc = &tile[r * NR..][..cols];
                        if beta == 0.0 {
                            row.iter_mut().zip(acc).for_each(|(c, &t)| *c = alpha * t);
                        } else {
                            row.iter_mut()
                                .zip(acc)
                                .for_each(|(c, &t)| *c = alpha * t + beta * *c);
                        }
                    }
                }
            }
        }
    }
}

/// Columns p0..p0 + kb of A as panels of MR rows: panel p holds, for each kk, A[p·MR + r, p0 + kk]
/// for r = 0..MR (zero past the last row).
fn pack_a(a: MatRef, p0: usize, kb: usize, out: &mut Vec<f32>) {
    let panels = a.rows.div_ceil(MR);
    out.clear();
    out.resize(panels * kb * MR, 0.0);
    for p in 0..panels {
        let dst = &mut out[p * kb * MR..][..kb * MR];
        for r in 0..MR.min(a.rows - p * MR) {
            let i = p * MR + r;
            if a.col_stride == 1 {
                let src = &a.data[i * a.row_stride + p0..][..kb];
                for (kk, &v) in src.iter().enumerate() {
                    dst[kk * MR + r] = v;
                }
            } else {
                for kk in 0..kb {
                    dst[kk * MR + r] = a.at(i, p0 + kk);
                }
            }
        }
    }
}

/// Rows p0..p0 + kb, columns j0..j0 + nb of B as panels of NR columns: panel p holds, for each
/// kk, B[p0 + kk, j0 + p·NR + c] for c = 0..NR (zero past the last column).
fn pack_b(b: MatRef, p0: usize, kb: usize, j0: usize, nb: usize, out: &mut Vec<f32>) {
    let panels = nb.div_ceil(NR);
    out.clear();
    out.resize(panels * kb * NR, 0.0);
    for p in 0..panels {
        let dst = &mut out[p * kb * NR..][..kb * NR];
        let j = j0 + p * NR;
        let cols = NR.min(nb - p * NR);
        if b.col_stride == 1 {
            for kk in 0..kb {
                let start = (p0 + kk) * b.row_stride + j;
                dst[kk * NR..][..cols].copy_from_slice(&b.data[start..start + cols]);
            }
        } else {
            for c in 0..cols {
                if b.row_stride == 1 {
                    let src = &b.data[(j + c) * b.col_stride + p0..][..kb];
                    for (kk, &v) in src.iter().enumerate() {
                        dst[kk * NR + c] = v;
                    }
                } else {
                    for kk in 0..kb {
                        dst[kk * NR + c] = b.at(p0 + kk, j + c);
                    }
                }
            }
        }
    }
}

/// tile (MR × NR, row-major) = Σ_kk ap[kk]ᵀ ⊗ bp[kk] over packed panels.
#[inline(always)]
fn micro_kernel(ap: &[f32], bp: &[f32], tile: &mut [f32; MR * NR]) {
    let zero = F32x4::splat(0.0);
    let mut acc = [[zero; 2]; MR];
    for (a, b) in ap.chunks_exact(MR).zip(bp.chunks_exact(NR)) {
        let b0 = F32x4::load(b, 0);
        let b1 = F32x4::load(b, 4);
        for (row, &av) in acc.iter_mut().zip(a) {
            let av = F32x4::splat(av);
            row[0] = row[0].mul_add(av, b0);
            row[1] = row[1].mul_add(av, b1);
        }
    }
    for (r, row) in acc.iter().enumerate() {
        row[0].store(tile, r * NR);
        row[1].store(tile, r * NR + 4);
    }
}

/// The same product through the `matrixmultiply` crate (kept to compare speed in the browser).
pub fn gemm_matrixmultiply(alpha: f32, a: MatRef, b: MatRef, beta: f32, c: &mut [f32]) {
    assert_eq!(a.cols, b.rows, "inner dimensions of A·B differ");
    a.check();
    b.check();
    let (m, k, n) = (a.rows, a.cols, b.cols);
    assert!(c.len() >= m * n, "C is too short for the product");
    // SAFETY: the checks above keep every index the crate computes inside the three slices.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            alpha,
            a.data.as_ptr(),
            a.row_stride as isize,
            a.col_stride as isize,
            b.data.as_ptr(),
            b.row_stride as isize,
            b.col_stride as isize,
            beta,
            c.as_mut_ptr(),
            n as isize,
            1,
        );
    }
}

/// The textbook triple loop, the oracle for [`gemm`] in the tests (f64 accumulation).
pub fn gemm_naive(alpha: f32, a: MatRef, b: MatRef, beta: f32, c: &mut [f32]) {
    let (m, k, n) = (a.rows, a.cols, b.cols);
    for i in 0..m {
        for j in 0..n {
            let sum: f64 = (0..k)
                .map(|kk| a.at(i, kk) as f64 * b.at(kk, j) as f64)
                .sum();
            let old = if beta == 0.0 {
                0.0
            } else {
                beta * c[i * n + j]
            };
            c[i * n + j] = alpha * sum as f32 + old;
        }
    }
}
