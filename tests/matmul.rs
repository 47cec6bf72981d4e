//! The engine's matrix multiply against the textbook triple loop (f64 sums) on random and
//! odd shapes, transposed views and α, β; the `matrixmultiply` path too.

use convlab::matmul::{gemm, gemm_matrixmultiply, gemm_naive, GemmScratch, MatRef};
use proptest::prelude::*;

fn view(data: &[f32], rows: usize, cols: usize, transposed: bool) -> MatRef<'_> {
    if transposed {
        MatRef::row_major(data, cols, rows).t()
    } else {
        MatRef::row_major(data, rows, cols)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn gemm_equals_the_triple_loop(
        m in 1usize..23, k in 1usize..40, n in 1usize..29,
        ta in any::<bool>(), tb in any::<bool>(),
        alpha in -2.0f32..2.0, beta in prop::sample::select(vec![0.0f32, 1.0, -0.5]),
        seed in any::<u64>(),
    ) {
        let mut rng = convlab::rng::SplitMix64::new(seed);
        let mut rand = |n: usize| (0..n).map(|_| rng.uniform_in(-1.0, 1.0) as f32).collect::<Vec<f32>>();
        let (a, b, c0) = (rand(m * k), rand(k * n), rand(m * n));
        let (av, bv) = (view(&a, m, k, ta), view(&b, k, n, tb));
        let mut want = c0.clone();
        gemm_naive(alpha, av, bv, beta, &mut want);
        let mut got = c0.clone();
        let mut scratch = GemmScratch::default();
        gemm(alpha, av, bv, beta, &mut got, &mut scratch);
        let mut other = c0.clone();
        gemm_matrixmultiply(alpha, av, bv, beta, &mut other);
        // Each entry sums k products of size ≤ 2: f32 rounding stays below k·2·2⁻²³·4.
        let tol = 1e-6 * (k as f32 + 4.0) * 8.0;
        for i in 0..m * n {
            prop_assert!((got[i] - want[i]).abs() <= tol, "gemm [{i}]: {} vs {}", got[i], want[i]);
            prop_assert!((other[i] - want[i]).abs() <= tol, "matrixmultiply [{i}]: {} vs {}", other[i], want[i]);
        }
    }
}

#[test]
fn beta_zero_ignores_nan_in_c() {
    let a = [1.0, 2.0, 3.0, 4.0];
    let b = [1.0, 0.0, 0.0, 1.0];
    let mut c = [f32::NAN; 4];
    gemm(
        1.0,
        MatRef::row_major(&a, 2, 2),
        MatRef::row_major(&b, 2, 2),
        0.0,
        &mut c,
        &mut GemmScratch::default(),
    );
    assert_eq!(c, [1.0, 2.0, 3.0, 4.0]);
}
