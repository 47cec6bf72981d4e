//! Property tests for convolution as matrix multiplication: `W x` must equal the direct
//! correlation (`crate::conv`, itself checked against scipy.ndimage) for random sizes and
//! kernels, and `W` must have exactly the non-zeros the window structure predicts.

use convlab::border::Border;
use convlab::conv::{correlate1d, correlate2d};
use convlab::toeplitz::{
    conv_matrix_1d, conv_matrix_1d_shape, conv_matrix_1d_taps, conv_matrix_2d,
    conv_matrix_2d_shape, conv_matrix_2d_taps, distinct_nonzero_values, matvec, nonzeros_per_row,
    MatrixMode, NO_TAP,
};
use ndarray::{aview1, ArrayView2};
use proptest::prelude::*;

/// A row-major buffer seen as `rows × cols`.
fn grid(values: &[f32], rows: usize, cols: usize) -> ArrayView2<'_, f32> {
    ArrayView2::from_shape((rows, cols), values).unwrap()
}

/// Kernel values: mostly ordinary numbers, with exact zeros common so that zero taps (which
/// must not count as non-zeros) occur often.
fn tap() -> impl Strategy<Value = f32> {
    prop_oneof![
        3 => -4.0f32..4.0,
        1 => Just(0.0f32),
        1 => Just(1.0f32),
    ]
}

fn mode() -> impl Strategy<Value = MatrixMode> {
    prop_oneof![Just(MatrixMode::Valid), Just(MatrixMode::Same)]
}

fn assert_close(got: &[f32], want: &[f32], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: lengths differ");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= 1e-4 * (1.0 + w.abs()),
            "{what}: entry {i} is {g}, direct correlation gives {w}"
        );
    }
}

/// A 1D problem: kernel of 1–9 taps (odd and even), signal long enough for valid mode.
fn problem_1d() -> impl Strategy<Value = (Vec<f32>, Vec<f32>, MatrixMode)> {
    (1usize..10, 0usize..40, mode()).prop_flat_map(|(klen, extra, mode)| {
        // Same mode may use a signal shorter than the kernel; valid needs n ≥ klen.
        let n_min = if mode == MatrixMode::Valid { klen } else { 1 };
        (
            prop::collection::vec(-10.0f32..10.0, n_min + extra..=n_min + extra),
            prop::collection::vec(tap(), klen..=klen),
            Just(mode),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// W x = correlate1d(x) with a zero border (same) or its interior (valid).
    #[test]
    fn matrix_1d_times_x_is_correlation((x, w, mode) in problem_1d()) {
        let n = x.len();
        let (rows, cols) = conv_matrix_1d_shape(n, w.len(), mode).unwrap();
        let mat = conv_matrix_1d(n, aview1(&w), mode).unwrap();
        prop_assert_eq!(mat.dim(), (rows, cols));
        let z = matvec(mat.view(), aview1(&x)).unwrap();
        let direct = correlate1d(aview1(&x), aview1(&w), Border::Constant).unwrap();
        let (z, direct) = (z.as_slice().unwrap(), direct.as_slice().unwrap());
        let c = w.len() / 2;
        let want = match mode {
            MatrixMode::Same => direct,
            // The outputs whose window x[i − c .. i − c + L] lies inside the signal.
            MatrixMode::Valid => &direct[c..n - (w.len() - 1 - c)],
        };
        assert_close(z, want, "W x vs correlate1d");
    }

    /// Row r has one non-zero per non-zero tap whose input sample exists.
    #[test]
    fn nonzeros_1d_count_inside_nonzero_taps((x, w, mode) in problem_1d()) {
        let n = x.len();
        let (rows, _) = conv_matrix_1d_shape(n, w.len(), mode).unwrap();
        let mat = conv_matrix_1d(n, aview1(&w), mode).unwrap();
        let c = w.len() as isize / 2;
        let first = if mode == MatrixMode::Valid { c } else { 0 };
        let expected: Vec<usize> = (0..rows)
            .map(|r| {
                let i = first + r as isize;
                (0..w.len())
                    .filter(|&t| w[t] != 0.0)
                    .filter(|&t| (0..n as isize).contains(&(i + t as isize - c)))
                    .count()
            })
            .collect();
        prop_assert_eq!(nonzeros_per_row(mat.view()), expected);
        // Every entry is zero or a kernel value, so W has no more distinct numbers than w.
        prop_assert!(distinct_nonzero_values(mat.as_slice().unwrap()) <= distinct_nonzero_values(&w));
    }

    /// The tap map reproduces W, and in valid mode every row holds every tap exactly once.
    #[test]
    fn taps_1d_rebuild_the_matrix((x, w, mode) in problem_1d()) {
        let n = x.len();
        let taps = conv_matrix_1d_taps(n, w.len(), mode).unwrap();
        let mat = conv_matrix_1d(n, aview1(&w), mode).unwrap();
        for (t, v) in taps.iter().zip(&mat) {
            let want = if *t == NO_TAP { 0.0 } else { w[*t as usize] };
            prop_assert_eq!(*v, want);
        }
        if mode == MatrixMode::Valid {
            for row in taps.rows() {
                let mut seen: Vec<i32> = row.iter().copied().filter(|&t| t != NO_TAP).collect();
                seen.sort_unstable();
                prop_assert_eq!(seen, (0..w.len() as i32).collect::<Vec<_>>());
            }
        }
    }
}

/// A 2D problem: image up to 9 × 9, kernel up to 5 × 5 (odd and even sides).
#[allow(clippy::type_complexity)]
fn problem_2d(
) -> impl Strategy<Value = (usize, usize, Vec<f32>, usize, usize, Vec<f32>, MatrixMode)> {
    (1usize..6, 1usize..6, 0usize..6, 0usize..6, mode()).prop_flat_map(|(kr, kc, er, ec, mode)| {
        let (rows, cols) = if mode == MatrixMode::Valid {
            (kr + er, kc + ec)
        } else {
            (1 + er + er / 2, 1 + ec + ec / 2)
        };
        (
            Just(rows),
            Just(cols),
            prop::collection::vec(-10.0f32..10.0, rows * cols..=rows * cols),
            Just(kr),
            Just(kc),
            prop::collection::vec(tap(), kr * kc..=kr * kc),
            Just(mode),
        )
    })
}

/// The valid part of a same-size correlation: output pixels whose window fits inside.
fn crop_valid(full: &[f32], rows: usize, cols: usize, kr: usize, kc: usize) -> Vec<f32> {
    let (cr, cc) = (kr / 2, kc / 2);
    let mut out = Vec::new();
    for a in cr..rows - (kr - 1 - cr) {
        for b in cc..cols - (kc - 1 - cc) {
            out.push(full[a * cols + b]);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// W · vec(x) = vec(correlate2d(x)), row-major vec, zero border or valid part.
    #[test]
    fn matrix_2d_times_vec_x_is_correlation(
        (rows, cols, x, kr, kc, w, mode) in problem_2d()
    ) {
        let (m, n) = conv_matrix_2d_shape((rows, cols), (kr, kc), mode).unwrap();
        prop_assert_eq!(n, rows * cols);
        let mat = conv_matrix_2d((rows, cols), grid(&w, kr, kc), mode).unwrap();
        prop_assert_eq!(mat.dim(), (m, n));
        let z = matvec(mat.view(), aview1(&x)).unwrap();
        let direct = correlate2d(grid(&x, rows, cols), grid(&w, kr, kc), Border::Constant).unwrap();
        let direct = direct.as_slice().unwrap();
        let want = match mode {
            MatrixMode::Same => direct.to_vec(),
            MatrixMode::Valid => crop_valid(direct, rows, cols, kr, kc),
        };
        prop_assert_eq!(m, want.len());
        assert_close(z.as_slice().unwrap(), &want, "W vec(x) vs correlate2d");
    }

    /// Row (a, b) has one non-zero per non-zero kernel cell whose pixel lies in the image.
    #[test]
    fn nonzeros_2d_count_inside_nonzero_taps(
        (rows, cols, _x, kr, kc, w, mode) in problem_2d()
    ) {
        let (m, _) = conv_matrix_2d_shape((rows, cols), (kr, kc), mode).unwrap();
        let mat = conv_matrix_2d((rows, cols), grid(&w, kr, kc), mode).unwrap();
        let (cr, cc) = (kr as isize / 2, kc as isize / 2);
        let (first, out_cols) = if mode == MatrixMode::Valid {
            ((cr, cc), cols - kc + 1)
        } else {
            ((0, 0), cols)
        };
        let expected: Vec<usize> = (0..m)
            .map(|r| {
                let a = first.0 + (r / out_cols) as isize;
                let b = first.1 + (r % out_cols) as isize;
                let mut count = 0;
                for u in 0..kr {
                    for v in 0..kc {
                        let p = a + u as isize - cr;
                        let q = b + v as isize - cc;
                        let inside = (0..rows as isize).contains(&p) && (0..cols as isize).contains(&q);
                        if inside && w[u * kc + v] != 0.0 {
                            count += 1;
                        }
                    }
                }
                count
            })
            .collect();
        prop_assert_eq!(nonzeros_per_row(mat.view()), expected);
        let taps = conv_matrix_2d_taps((rows, cols), (kr, kc), mode).unwrap();
        for (t, v) in taps.iter().zip(&mat) {
            let want = if *t == NO_TAP { 0.0 } else { w[*t as usize] };
            prop_assert_eq!(*v, want);
        }
    }
}

/// The slide's 2D example: the 3 × 3 kernel on a 6 × 6 image gives a 16 × 36 matrix whose rows
/// each hold a 9-entry window (144 of the 576 entries), of which 6 are non-zero because 3
/// kernel cells are 0 (96 non-zeros in all), with 4 distinct non-zero numbers (−2, −1, 1, 2).
#[test]
fn slide_2d_counts() {
    let k = [-2.0, -1.0, 0.0, -1.0, 0.0, 1.0, 0.0, 1.0, 2.0];
    let mat = conv_matrix_2d((6, 6), grid(&k, 3, 3), MatrixMode::Valid).unwrap();
    assert_eq!(mat.dim(), (16, 36));
    // The kernel has 3 zero cells, so 6 of each row's 9 window entries are non-zero.
    assert_eq!(nonzeros_per_row(mat.view()), vec![6; 16]);
    assert_eq!(mat.iter().filter(|&&v| v != 0.0).count(), 16 * 6);
    assert_eq!(distinct_nonzero_values(mat.as_slice().unwrap()), 4);
    let taps = conv_matrix_2d_taps((6, 6), (3, 3), MatrixMode::Valid).unwrap();
    assert_eq!(taps.iter().filter(|&&t| t != NO_TAP).count(), 16 * 9);
}

/// Doubly block Toeplitz: cut W (same mode) into cols × cols blocks; block (a, p) depends only
/// on p − a, and inside each block entry (b, q) depends only on q − b.
#[test]
fn same_mode_2d_is_doubly_block_toeplitz() {
    let (rows, cols) = (5, 4);
    let k: Vec<f32> = (1..=9).map(|v| v as f32).collect();
    let mat = conv_matrix_2d((rows, cols), grid(&k, 3, 3), MatrixMode::Same).unwrap();
    let at = |a: usize, b: usize, p: usize, q: usize| mat[[a * cols + b, p * cols + q]];
    for a in 0..rows {
        for p in 0..rows {
            for b in 0..cols {
                for q in 0..cols {
                    // Moving both the block and the entry one step down-right keeps the value.
                    if a + 1 < rows && p + 1 < rows {
                        assert_eq!(at(a, b, p, q), at(a + 1, b, p + 1, q));
                    }
                    if b + 1 < cols && q + 1 < cols {
                        assert_eq!(at(a, b, p, q), at(a, b + 1, p, q + 1));
                    }
                }
            }
        }
    }
}

/// Review: a kernel size far beyond the image made `conv_matrix_2d_taps` walk every tap
/// (a hang for 4 294 967 295 × 4 294 967 295 in "same" mode) and `conv_matrix_1d_taps`
/// overflow; both must answer quickly, and agree with a small kernel where they can.
#[test]
fn huge_kernel_sizes_in_tap_maps_do_not_hang_or_overflow() {
    use convlab::toeplitz::{conv_matrix_1d_taps, conv_matrix_2d_taps};
    assert!(conv_matrix_1d_taps(3, usize::MAX, MatrixMode::Same).is_err());
    let huge = (usize::MAX, usize::MAX);
    assert!(conv_matrix_2d_taps((3, 3), huge, MatrixMode::Same).is_err());
    // 2001 × 2001 taps fit in i32: only the taps that reach the 3 × 3 image are filled, the
    // centre block of a 5 × 5 kernel's map shifted to the 2001 × 2001 numbering.
    let big = conv_matrix_2d_taps((3, 3), (2001, 2001), MatrixMode::Same).unwrap();
    let small = conv_matrix_2d_taps((3, 3), (5, 5), MatrixMode::Same).unwrap();
    let renumber = |t: i32| {
        if t < 0 {
            t
        } else {
            (t / 5 + 998) * 2001 + t % 5 + 998
        }
    };
    assert_eq!(big, small.mapv(renumber));
    let big1 = conv_matrix_1d_taps(3, 2001, MatrixMode::Same).unwrap();
    let small1 = conv_matrix_1d_taps(3, 5, MatrixMode::Same).unwrap();
    assert_eq!(big1, small1.mapv(|t| if t < 0 { t } else { t + 998 }));
}
