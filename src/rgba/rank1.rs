//! Exact detection of rank-1 (separable) kernels.
//!
//! A kernel `K` (`rows × cols`) is separable when `K[i][j] = u[i] · v[j]` for a column `u` and a
//! row `v`. Then correlating with `K` is correlating each column with `u` and each row of the
//! result with `v`: `rows + cols` multiply-adds a pixel instead of `rows · cols` (6 instead of 9
//! for a 3×3). Box, Gaussian, Sobel and Prewitt kernels are separable; a Laplacian or a sharpen
//! kernel is not.
//!
//! Detection is exact: the factors are accepted only when every product `u[i] · v[j]`, rounded
//! to `f32`, equals the kernel's weight. The separable result is then the same sum as the 2D
//! one, added in another order, so the two differ only by float rounding.

/// The factors `(u, v)` with `kernel[i · cols + j] == u[i] · v[j]` exactly in `f32` for every
/// tap, or `None` when the kernel (row-major, `rows × cols`) is not exactly rank 1.
///
/// An all-zero kernel is rank 1 with zero factors.
pub fn rank_one_factors(kernel: &[f32], rows: usize, cols: usize) -> Option<(Vec<f32>, Vec<f32>)> {
    if rows == 0 || cols == 0 || kernel.len() != rows * cols {
        return None;
    }
    if kernel.iter().any(|w| !w.is_finite()) {
        return None;
    }
    // The largest weight as pivot: its row and column span the kernel if anything does.
    let pivot = (0..kernel.len()).max_by(|&a, &b| kernel[a].abs().total_cmp(&kernel[b].abs()))?;
    let (a, b) = (pivot / cols, pivot % cols);
    let p = kernel[pivot];
    if p == 0.0 {
        return Some((vec![0.0; rows], vec![0.0; cols]));
    }
    let column: Vec<f32> = (0..rows).map(|i| kernel[i * cols + b]).collect();
    let row: Vec<f32> = kernel[a * cols..][..cols].to_vec();
    // Either factor may carry the pivot's scale; whichever reproduces every weight exactly wins.
    let candidates = [
        (
            column.clone(),
            row.iter().map(|w| w / p).collect::<Vec<f32>>(),
        ),
        (column.iter().map(|w| w / p).collect(), row),
    ];
    candidates
        .into_iter()
        .find(|(u, v)| (0..rows).all(|i| (0..cols).all(|j| u[i] * v[j] == kernel[i * cols + j])))
}

#[cfg(test)]
mod tests {
    use super::rank_one_factors;

    fn rank1(k: &[f32], r: usize, c: usize) -> bool {
        rank_one_factors(k, r, c).is_some()
    }

    #[test]
    fn presets_by_hand() {
        let gaussian = [1.0, 2.0, 1.0, 2.0, 4.0, 2.0, 1.0, 2.0, 1.0].map(|v| v / 16.0);
        let boxed = [1.0 / 9.0; 9];
        let sobel_x = [-1.0, 0.0, 1.0, -2.0, 0.0, 2.0, -1.0, 0.0, 1.0];
        let laplacian = [0.0, 1.0, 0.0, 1.0, -4.0, 1.0, 0.0, 1.0, 0.0];
        let sharpen = [0.0, -1.0, 0.0, -1.0, 5.0, -1.0, 0.0, -1.0, 0.0];
        let identity = [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0];
        assert!(rank1(&gaussian, 3, 3));
        assert!(rank1(&boxed, 3, 3));
        assert!(rank1(&sobel_x, 3, 3));
        assert!(rank1(&identity, 3, 3));
        assert!(rank1(&[0.0; 9], 3, 3));
        assert!(!rank1(&laplacian, 3, 3));
        assert!(!rank1(&sharpen, 3, 3));
        let (u, v) = rank_one_factors(&sobel_x, 3, 3).unwrap();
        for i in 0..3 {
            for j in 0..3 {
                assert_eq!(u[i] * v[j], sobel_x[3 * i + j]);
            }
        }
    }

    #[test]
    fn one_ulp_off_is_not_rank_one() {
        let mut k: [f32; 9] = [1.0, 2.0, 1.0, 2.0, 4.0, 2.0, 1.0, 2.0, 1.0].map(|v| v / 16.0);
        k[8] = f32::from_bits(k[8].to_bits() + 1);
        assert!(!rank1(&k, 3, 3));
        assert!(!rank1(&[1.0, f32::NAN, 1.0, 1.0], 2, 2));
        assert!(!rank1(&[1.0; 3], 2, 2));
    }
}
