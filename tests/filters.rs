//! Oracle and property tests for `convlab::filters` and `convlab::fftconv`.
//!
//! The oracle values come from `tests/fixtures/filters.json`, written by
//! `tests/fixtures/gen_filters.py` (scipy.ndimage, scikit-image, and a NumPy transcription of
//! Varma & Zisserman's `makeRFSfilters.m`); see that script for how each was produced.

use convlab::border::{Border, ALL_BORDERS};
use convlab::conv::correlate2d;
use convlab::fftconv::correlate2d_fft;
use convlab::filters::{
    bar_kernel, edge_kernel, filter_image, forget_mr8_spectra, gabor_kernel, gaussian_kernel,
    log_kernel, mr8_responses, rfs_bank, rotate_image, FilterMethod, Mr8Job, RFS_COUNT, RFS_SIZE,
};
use ndarray::{Array2, ArrayView2, Axis};
use proptest::prelude::*;
use serde_json::Value;

/// A row-major buffer seen as `rows × cols`.
fn grid(values: &[f32], rows: usize, cols: usize) -> ArrayView2<'_, f32> {
    ArrayView2::from_shape((rows, cols), values).unwrap()
}

fn fixture() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/filters.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture file")).expect("JSON")
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_f64().expect("number"))
        .collect()
}

fn num(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or_else(|| panic!("missing {key}"))
}

fn max_abs(v: impl IntoIterator<Item = f64>) -> f64 {
    v.into_iter().fold(0.0, |m, x| m.max(x.abs()))
}

/// `|a − b| ≤ rel · max|b|` elementwise.
fn assert_close(got: &[f64], want: &[f64], rel: f64, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    let tol = rel * max_abs(want.iter().copied()).max(1e-30);
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= tol,
            "{what}[{i}]: got {g}, want {w} (tol {tol:e})"
        );
    }
}

fn to64<'a>(v: impl IntoIterator<Item = &'a f32>) -> Vec<f64> {
    v.into_iter().map(|&x| f64::from(x)).collect()
}

#[test]
fn gaussian_equals_scipy_gaussian_filter_of_an_impulse() {
    for case in fixture()["gaussian"].as_array().unwrap() {
        let (sigma, radius) = (num(case, "sigma"), num(case, "radius") as usize);
        let k = gaussian_kernel(sigma, radius).unwrap();
        assert_close(
            &to64(&k),
            &floats(&case["kernel"]),
            1e-6,
            &format!("gaussian σ={sigma}"),
        );
    }
}

#[test]
fn log_equals_scipy_gaussian_laplace_shifted_to_sum_zero_and_l1_scaled() {
    for case in fixture()["laplace"].as_array().unwrap() {
        let (sigma, radius) = (num(case, "sigma"), num(case, "radius") as usize);
        // The documented relation: log_kernel = (scipy − mean) / Σ|scipy − mean|.
        let mut want = floats(&case["response"]);
        let mean = want.iter().sum::<f64>() / want.len() as f64;
        want.iter_mut().for_each(|v| *v -= mean);
        let l1: f64 = want.iter().map(|v| v.abs()).sum();
        want.iter_mut().for_each(|v| *v /= l1);
        let k = log_kernel(sigma, radius).unwrap();
        assert_close(&to64(&k), &want, 1e-5, &format!("LoG σ={sigma}"));
    }
}

#[test]
fn gabor_equals_skimage_gabor_kernel_times_its_area_factor() {
    for case in fixture()["gabor"].as_array().unwrap() {
        let (sigma, theta, lambda, gamma, psi) = (
            num(case, "sigma"),
            num(case, "theta"),
            num(case, "wavelength"),
            num(case, "aspect"),
            num(case, "phase"),
        );
        let (rows, cols) = (num(case, "rows") as usize, num(case, "cols") as usize);
        let radius = rows.max(cols) / 2;
        let k = gabor_kernel(sigma, theta, lambda, gamma, psi, radius).unwrap();
        // skimage divides by 2π σx σy with σy = σ/γ; its grid is rows × cols, centred.
        let area = 2.0 * std::f64::consts::PI * sigma * (sigma / gamma);
        let want: Vec<f64> = floats(&case["real"])
            .into_iter()
            .map(|v| v * area)
            .collect();
        let (r0, c0) = (radius - rows / 2, radius - cols / 2);
        let mut got = Vec::new();
        for i in 0..rows {
            for j in 0..cols {
                got.push(f64::from(k[[r0 + i, c0 + j]]));
            }
        }
        assert_close(&got, &want, 1e-5, &format!("gabor θ={theta}"));
    }
}

#[test]
fn rfs_filters_equal_the_matlab_transcription_in_full() {
    let fx = fixture();
    let bank = rfs_bank();
    for f in fx["rfs"]["full"].as_array().unwrap() {
        let k = num(f, "index") as usize;
        assert_close(
            &to64(bank.index_axis(Axis(0), k)),
            &floats(&f["values"]),
            1e-6,
            &format!("RFS filter {k}"),
        );
    }
}

#[test]
fn every_rfs_filter_matches_the_transcriptions_moments_and_checksums() {
    let fx = fixture();
    let summaries = fx["rfs"]["summaries"].as_array().unwrap();
    assert_eq!(summaries.len(), RFS_COUNT);
    let bank = rfs_bank();
    assert_eq!(bank.dim(), (RFS_COUNT, RFS_SIZE, RFS_SIZE));
    for (k, s) in summaries.iter().enumerate() {
        let f = bank.index_axis(Axis(0), k);
        let mut got = std::collections::HashMap::new();
        let mut acc = |key: &'static str, w: &dyn Fn(f64, f64) -> f64| {
            let v: f64 = f
                .indexed_iter()
                .map(|((i, j), &x)| w(i as f64, j as f64) * f64::from(x))
                .sum();
            got.insert(key, v);
        };
        acc("sum", &|_, _| 1.0);
        acc("m_i", &|i, _| i);
        acc("m_j", &|_, j| j);
        acc("m_ii", &|i, _| i * i);
        acc("m_jj", &|_, j| j * j);
        acc("m_ij", &|i, j| i * j);
        acc("check1", &|i, j| (0.37 * i + 0.91 * j).cos());
        acc("check2", &|i, j| (1.13 * i - 0.29 * j + 0.5).cos());
        got.insert("l1", f.iter().map(|x| f64::from(x.abs())).sum());
        got.insert(
            "sum_sq",
            f.iter().map(|&x| f64::from(x) * f64::from(x)).sum(),
        );
        got.insert("max", f.iter().fold(f64::MIN, |m, &x| m.max(f64::from(x))));
        got.insert("min", f.iter().fold(f64::MAX, |m, &x| m.min(f64::from(x))));
        // Worst-case f32 rounding of values with Σ|f| = 1, times the weight's size.
        let tol = |key: &str| match key {
            "m_ii" | "m_jj" | "m_ij" => 2e-4,
            "m_i" | "m_j" => 5e-6,
            "sum_sq" | "max" | "min" => 1e-8,
            _ => 1e-6,
        };
        for (key, v) in &got {
            let want = num(s, key);
            assert!(
                (v - want).abs() <= tol(key),
                "filter {k} {key}: got {v}, want {want}"
            );
        }
    }
}

#[test]
fn rfs_bank_order_is_edges_bars_gaussian_log() {
    let bank = rfs_bank();
    let at = |k: usize| bank.index_axis(Axis(0), k);
    // Filter 8 = edge σ=2, θ=2π/6; filter 18 + 8 = bar with the same parameters.
    let theta = 2.0 * std::f64::consts::PI / 6.0;
    assert_eq!(at(8), edge_kernel(2.0, theta, 24).unwrap());
    assert_eq!(at(26), bar_kernel(2.0, theta, 24).unwrap());
    assert_eq!(at(37), log_kernel(10.0, 24).unwrap());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn gaussian_sums_to_one(sigma in 0.2f64..30.0, radius in 1usize..40) {
        let s: f64 = gaussian_kernel(sigma, radius).unwrap().iter().map(|&v| f64::from(v)).sum();
        prop_assert!((s - 1.0).abs() < 1e-5, "sum {}", s);
    }

    #[test]
    fn log_sums_to_zero_with_unit_l1(sigma in 0.3f64..15.0, radius in 1usize..40) {
        let k = log_kernel(sigma, radius).unwrap();
        let s: f64 = k.iter().map(|&v| f64::from(v)).sum();
        let l1: f64 = k.iter().map(|&v| f64::from(v.abs())).sum();
        prop_assert!(s.abs() < 1e-6 && (l1 - 1.0).abs() < 1e-5, "sum {} l1 {}", s, l1);
    }

    #[test]
    fn oriented_rfs_filters_sum_to_zero_with_unit_l1(sigma in 0.5f64..6.0, theta in -7.0f64..7.0, radius in 2usize..30) {
        for k in [edge_kernel(sigma, theta, radius).unwrap(), bar_kernel(sigma, theta, radius).unwrap()] {
            let s: f64 = k.iter().map(|&v| f64::from(v)).sum();
            let l1: f64 = k.iter().map(|&v| f64::from(v.abs())).sum();
            prop_assert!(s.abs() < 1e-6 && (l1 - 1.0).abs() < 1e-5, "sum {} l1 {}", s, l1);
        }
    }

    /// FFT correlation equals the direct one (the lead's `conv::correlate2d`) for any shape,
    /// kernel and border, to 1e-4 of the largest response.
    #[test]
    fn fft_path_equals_direct(
        rows in 1usize..24, cols in 1usize..24, krows in 1usize..20, kcols in 1usize..20,
        border in 0usize..5, seed in 0u64..1000,
    ) {
        let b = ALL_BORDERS[border].0;
        let img = pseudo_random(rows * cols, seed);
        let k = pseudo_random(krows * kcols, seed + 7);
        let (img, k) = (grid(&img, rows, cols), grid(&k, krows, kcols));
        let want = correlate2d(img, k, b).unwrap();
        let got = correlate2d_fft(img, k, b).unwrap();
        let tol = 1e-4 * want.iter().fold(1e-6f32, |m, v| m.max(v.abs()));
        for (g, w) in got.iter().zip(&want) {
            prop_assert!((g - w).abs() <= tol, "{} vs {}", g, w);
        }
    }
}

/// Values in [−1, 1) from a fixed linear congruential sequence.
fn pseudo_random(n: usize, seed: u64) -> Vec<f32> {
    let mut s = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..n)
        .map(|_| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((s >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
        })
        .collect()
}

fn rel_l2(a: &Array2<f32>, b: &Array2<f32>) -> f64 {
    let num: f64 = a.iter().zip(b).map(|(x, y)| f64::from(x - y).powi(2)).sum();
    let den: f64 = b.iter().map(|&y| f64::from(y).powi(2)).sum();
    (num / den).sqrt()
}

/// Turning a filter made at θ by π/6 (bicubic) gives the filter made at θ + π/6, up to the
/// interpolation blur (largest for the 2-px-wide σ = 1 filters, whose relative error reaches
/// 0.24, versus ≈ 1.0 between neighbouring orientations; for σ = 4 the 0.07 left is the square
/// window cutting the 12-px-long filters differently once turned); the wrap-around step lands
/// on θ = π, the same bar and the negated edge.
#[test]
fn rotating_an_rfs_filter_by_a_sixth_of_pi_gives_the_next_orientation() {
    let step = std::f64::consts::PI / 6.0;
    for (sigma, tol) in [(1.0, 0.3), (2.0, 0.07), (4.0, 0.08)] {
        for o in 0..6 {
            let theta = o as f64 * step;
            for (kind, make, sign) in [
                ("bar", bar_kernel as fn(f64, f64, usize) -> _, 1.0f32),
                ("edge", edge_kernel, -1.0),
            ] {
                let k = make(sigma, theta, 24).unwrap();
                let mut next = make(sigma, ((o + 1) % 6) as f64 * step, 24).unwrap();
                if o == 5 {
                    next.iter_mut().for_each(|v| *v *= sign);
                }
                let turned = rotate_image(k.view(), 30.0, 0.0).unwrap();
                let err = rel_l2(&turned, &next);
                let unturned = rel_l2(&k, &next);
                let wrong_way = rel_l2(&rotate_image(k.view(), -30.0, 0.0).unwrap(), &next);
                assert!(
                    err < tol,
                    "{kind} σ={sigma} θ={theta:.2}: error {err:.3} ≥ {tol}"
                );
                // Not vacuous: the neighbouring orientation really is different, and turning
                // the other way (counter-clockwise) does not reach it.
                assert!(
                    unturned > 2.5 * err,
                    "{kind} σ={sigma}: {unturned:.3} vs {err:.3}"
                );
                assert!(
                    wrong_way > 2.5 * err,
                    "{kind} σ={sigma}: {wrong_way:.3} vs {err:.3}"
                );
            }
        }
    }
}

#[test]
fn filter_image_methods_all_equal_direct_correlation() {
    let (rows, cols) = (40, 57);
    let img = pseudo_random(rows * cols, 3);
    let img = grid(&img, rows, cols);
    let cases = [
        (gaussian_kernel(2.0, 6).unwrap(), FilterMethod::Separable),
        (
            ndarray::array![[0.0, -1.0, 0.0], [-1.0, 4.0, -1.0], [0.0, -1.0, 0.0]],
            FilterMethod::Direct,
        ),
        (
            gabor_kernel(6.0, 0.7, 9.0, 0.8, 0.3, 20).unwrap(),
            FilterMethod::Fft,
        ),
    ];
    for (k, method) in cases {
        let n = k.nrows();
        for (b, name) in ALL_BORDERS {
            let (got, used) = filter_image(img, k.view(), b).unwrap();
            assert_eq!(used, method, "{n}×{n}");
            let want = correlate2d(img, k.view(), b).unwrap();
            let tol = 1e-4 * want.iter().fold(0f32, |m, v| m.max(v.abs()));
            for (g, w) in got.iter().zip(&want) {
                assert!((g - w).abs() <= tol, "{method:?} {name}: {g} vs {w}");
            }
        }
    }
}

/// MR8 through shared FFTs equals 38 direct correlations (reflect border) and their maxima.
#[test]
fn mr8_equals_maxima_of_direct_correlations() {
    // 29 × 41 uses an 80 × 90 FFT grid; 24 × 24 a square 72 × 72 one, where the θ = 90°..150°
    // spectra are derived from θ = 0°..60° by a right-angle turn (cold run), then reused (warm).
    for (rows, cols) in [(29, 41), (24, 24)] {
        let img: Vec<f32> = pseudo_random(rows * cols, 11)
            .iter()
            .map(|v| 0.5 + 0.5 * v)
            .collect();
        let img = grid(&img, rows, cols);
        let bank = rfs_bank();
        let direct: Vec<Vec<f32>> = bank
            .outer_iter()
            .map(|f| {
                let z = correlate2d(img, f, Border::Reflect).unwrap();
                z.into_iter().collect()
            })
            .collect();
        forget_mr8_spectra();
        let signed = mr8_responses(img).unwrap();
        let absolute = Mr8Job::new(img, true).unwrap().into_responses();
        let px = rows * cols;
        for (out, abs) in [(&signed, false), (&absolute, true)] {
            assert_eq!(out.dim(), (8, rows, cols));
            let out = out.as_slice().unwrap();
            for m in 0..8 {
                let want: Vec<f32> = (0..px)
                    .map(|p| match m {
                        0..=5 => {
                            let first = if m < 3 { m * 6 } else { 18 + (m - 3) * 6 };
                            (first..first + 6)
                                .map(|k| {
                                    if abs {
                                        direct[k][p].abs()
                                    } else {
                                        direct[k][p]
                                    }
                                })
                                .fold(f32::NEG_INFINITY, f32::max)
                        }
                        6 => direct[36][p],
                        _ => direct[37][p],
                    })
                    .collect();
                let tol = 1e-4 * want.iter().fold(0f32, |a, v| a.max(v.abs()));
                for (g, w) in out[m * px..(m + 1) * px].iter().zip(&want) {
                    assert!(
                        (g - w).abs() <= tol,
                        "{rows}×{cols} abs={abs} map {m}: {g} vs {w}"
                    );
                }
            }
        }
    }
}

/// A second MR8 on the same grid reuses the bank spectra of the first; the answers agree with
/// the cold computation, and a different size (another grid) is not confused with it.
#[test]
fn mr8_with_cached_spectra_equals_cold_mr8() {
    let (rows, cols) = (30, 41);
    let img = pseudo_random(rows * cols, 21);
    let img = grid(&img, rows, cols);
    forget_mr8_spectra();
    let cold = mr8_responses(img).unwrap();
    let warm = mr8_responses(img).unwrap();
    assert_eq!(cold, warm);
    let other = pseudo_random(17 * 23, 4);
    let other = grid(&other, 17, 23);
    let bank = rfs_bank();
    let direct = correlate2d(other, bank.index_axis(Axis(0), 37), Border::Reflect).unwrap();
    let mr8 = mr8_responses(other).unwrap();
    let log_map = mr8.index_axis(Axis(0), 7);
    for (g, w) in log_map.iter().zip(&direct) {
        assert!((g - w).abs() < 1e-5, "{g} vs {w}");
    }
    // And back to the first size, whose spectra were replaced.
    assert_eq!(mr8_responses(img).unwrap(), cold);
}

#[test]
fn mr8_job_reports_progress_in_nineteen_steps() {
    let img = Array2::from_elem((20, 30), 0.5f32);
    let mut job = Mr8Job::new(img.view(), false).unwrap();
    assert_eq!(job.steps_total(), 19);
    let mut last = job.progress();
    assert_eq!(last, 0.0);
    while !job.is_done() {
        let p = job.step();
        assert!(p > last);
        last = p;
    }
    assert_eq!(last, 1.0);
    // A constant image gives zero response for zero-mean filters.
    assert!(job.into_responses().iter().all(|v| v.abs() < 1e-5));
}

#[test]
fn mr8_refuses_bad_images_with_messages() {
    // The boundary builds the view: a length that disagrees with the shape is refused there.
    let e = convlab::grid::view2("image", &[0.0; 10], 3, 4).unwrap_err();
    assert!(e.message().contains("3 × 4"), "{e}");
    let e = mr8_responses(Array2::from_elem((3, 4), f32::NAN).view()).unwrap_err();
    assert!(e.message().contains("not a finite number"), "{e}");
    assert!(mr8_responses(Array2::zeros((0, 0)).view()).is_err());
}

/// Native speed of MR8 on 512 × 512 (release): `cargo test --release --test filters -- --ignored --nocapture`.
#[test]
#[ignore]
fn print_mr8_timing() {
    let img = pseudo_random(512 * 512, 5);
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let out = mr8_responses(grid(&img, 512, 512)).unwrap();
        println!(
            "MR8 512×512: {:.1} ms ({} values)",
            t.elapsed().as_secs_f64() * 1e3,
            out.len()
        );
    }
}

/// Review: on wasm32 the page's sizes can reach `usize::MAX`; the method choice and the FFT
/// length must not overflow (natively this panicked in debug; in wasm it wrapped or hung).
#[test]
fn huge_sizes_do_not_overflow_the_method_choice() {
    use convlab::fftconv::{fft_len, FftCorrelator};
    use convlab::filters::{choose_method, FilterMethod};
    assert_eq!(fft_len(usize::MAX), usize::MAX);
    let k = [1.0, 2.0, 3.0, 1.0];
    let big = u32::MAX as usize;
    assert_eq!(
        choose_method((big, big), grid(&k, 2, 2)),
        FilterMethod::Direct
    );
    let one = Array2::ones((1, 1));
    assert!(FftCorrelator::new(one.view(), (usize::MAX, 2), Border::Reflect).is_err());
    // A bank of 2⁴⁰ × 2⁴⁰ kernels overflows the plane size: refused, not wrapped.
    assert!(convlab::grid::view3("kernels", &[1.0; 4], 1 << 40, 1 << 40).is_err());
}

/// Review: an image too large for the FFT (padded side > 2048) with a large non-separable
/// kernel picked the FFT and was refused; it must fall back to direct correlation.
#[test]
fn filter_image_falls_back_when_the_fft_grid_is_too_large() {
    let (rows, cols) = (2100, 64);
    let img = Array2::from_shape_fn((rows, cols), |(i, j)| {
        (((i * cols + j) * 37) % 101) as f32 / 100.0
    });
    let k = gabor_kernel(8.0, 0.3, 12.0, 1.0, 0.0, 24).unwrap();
    assert!(convlab::filters::separable_factors(k.view()).is_none());
    let (out, method) = filter_image(img.view(), k.view(), Border::Reflect).unwrap();
    assert_ne!(method, convlab::filters::FilterMethod::Fft);
    let direct = correlate2d(img.view(), k.view(), Border::Reflect).unwrap();
    assert_eq!(out, direct);
}

/// Review: σ² underflowed to 0 for σ < ~1e-154, and 0/0 made every tap NaN. The limit
/// σ → 0 is the unit impulse (Gaussian) / a single centre tap of envelope 1 (Gabor).
#[test]
fn tiny_sigma_gives_an_impulse_not_nan() {
    let g = gaussian_kernel(1e-200, 2).unwrap();
    let mut impulse = Array2::<f32>::zeros((5, 5));
    impulse[[2, 2]] = 1.0;
    assert_eq!(g, impulse);
    let gb = gabor_kernel(1e-200, 0.3, 4.0, 1.0, 0.0, 2).unwrap();
    assert_eq!(gb, impulse);
}
