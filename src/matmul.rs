//! Single-precision matrix multiply C ← α·A·B + β·C, the workhorse of the f32 network engine
//! (convolution through im2col, dense layers, and both of their backward passes).
//!
//! A and B are strided views ([`MatRef`]): element (i, j) sits at `data[i·rs + j·cs]`, so a
//! transpose is a view with the strides swapped and no copy. C is row-major m × n.
//!
//! The kernel packs A into panels of [`MR`] rows and B into panels of [`NR`] columns (zero
//! padded at the edges), then a register-blocked MR × NR micro-kernel runs over the shared
//! dimension with four-lane vectors ([`crate::simd::F32x4`], one wasm `v128` with `+simd128`).
//! The packing buffers live in a caller-owned [`GemmScratch`], so a training loop that keeps
//! its scratch allocates nothing after the first step.
//!
//! Sums run over k in increasing order in every lane, with separate multiply and add (no fused
//! multiply-add), so native and wasm builds round identically on every machine; this is what
//! makes the pretrained weights file reproducible byte for byte.

use crate::simd::F32x4;

/// Rows of A per micro-kernel call.
pub const MR: usize = 4;
/// Columns of B per micro-kernel call (two four-lane vectors).
pub const NR: usize = 8;

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
    let m_panels = m.div_ceil(MR);
    let n_panels = n.div_ceil(NR);
    pack_a(a, m_panels, &mut s.a);
    pack_b(b, n_panels, &mut s.b);
    let mut tile = [0.0f32; MR * NR];
    for pj in 0..n_panels {
        let bp = &s.b[pj * k * NR..][..k * NR];
        let j0 = pj * NR;
        let cols = NR.min(n - j0);
        for pi in 0..m_panels {
            let ap = &s.a[pi * k * MR..][..k * MR];
            micro_kernel(ap, bp, &mut tile);
            let i0 = pi * MR;
            for r in 0..MR.min(m - i0) {
                let row = &mut c[(i0 + r) * n + j0..][..cols];
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

/// A as panels of MR rows: panel p holds, for each kk, A[p·MR + r, kk] for r = 0..MR.
fn pack_a(a: MatRef, panels: usize, out: &mut Vec<f32>) {
    let k = a.cols;
    out.clear();
    out.resize(panels * k * MR, 0.0);
    for p in 0..panels {
        let dst = &mut out[p * k * MR..][..k * MR];
        for r in 0..MR.min(a.rows - p * MR) {
            let i = p * MR + r;
            for kk in 0..k {
                dst[kk * MR + r] = a.at(i, kk);
            }
        }
    }
}

/// B as panels of NR columns: panel p holds, for each kk, B[kk, p·NR + c] for c = 0..NR.
fn pack_b(b: MatRef, panels: usize, out: &mut Vec<f32>) {
    let k = b.rows;
    out.clear();
    out.resize(panels * k * NR, 0.0);
    for p in 0..panels {
        let dst = &mut out[p * k * NR..][..k * NR];
        let cols = NR.min(b.cols - p * NR);
        for kk in 0..k {
            let row = &mut dst[kk * NR..][..cols];
            if b.col_stride == 1 {
                let start = kk * b.row_stride + p * NR;
                row.copy_from_slice(&b.data[start..start + cols]);
            } else {
                for (c, v) in row.iter_mut().enumerate() {
                    *v = b.at(kk, p * NR + c);
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
