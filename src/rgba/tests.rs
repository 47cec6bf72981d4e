//! The RGBA filter's own tests: hand-worked values and the separable path against the
//! general one.

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
fn kept_filter_equals_one_shot_filter() {
    let (w, h) = (7, 5);
    let img: Vec<u8> = (0..4 * w * h).map(|i| (i * 37 % 251) as u8).collect();
    let k = [0.5, -1.0, 2.0, 0.25, 1.0, -0.75];
    let mut kept = RgbaFilter::new(w, h).unwrap();
    kept.input_mut().copy_from_slice(&img);
    for display in [Display::Clamp, Display::Abs, Display::Rescale] {
        for operation in [Operation::Correlate, Operation::Convolve] {
            let spec = FilterSpec {
                kernel: &k,
                krows: 2,
                kcols: 3,
                border: Border::Mirror,
                operation,
                display,
            };
            kept.apply(&spec).unwrap();
            let once =
                filter_rgba(&img, w, h, &k, 2, 3, Border::Mirror, operation, display).unwrap();
            assert_eq!(kept.output(), &once[..]);
        }
    }
    assert!(RgbaFilter::new(0, 3).is_err());
    assert!(RgbaFilter::new(usize::MAX, 3).is_err());
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

mod separable {
    use super::*;
    use proptest::prelude::*;

    const BORDERS: [Border; 5] = [
        Border::Reflect,
        Border::Constant,
        Border::Nearest,
        Border::Mirror,
        Border::Wrap,
    ];

    /// Runs the filter with the separable path allowed or not; returns the bytes and, for the
    /// rescale display, the filtered floats (3 a pixel) it kept.
    fn run(
        img: &[u8],
        w: usize,
        h: usize,
        spec: &FilterSpec<'_>,
        sep: bool,
    ) -> (Vec<u8>, Vec<f32>) {
        let mut out = vec![0; img.len()];
        let mut stored = Vec::new();
        filter_into(img, &mut out, &mut stored, w, h, spec, sep).unwrap();
        (out, stored)
    }

    /// The separable path against the general one for a rank-1 kernel `k` (`kr × kc`): floats
    /// within rounding of each other, bytes equal except by one where the exact value lies
    /// within rounding of a half, alpha untouched.
    fn check(img: &[u8], w: usize, h: usize, k: &[f32], (kr, kc): (usize, usize), border: Border) {
        assert!(rank_one_factors(k, kr, kc).is_some());
        let l1: f32 = k.iter().map(|v| v.abs()).sum();
        let tol = 255.0 * l1 * 4.0 * f32::EPSILON * (kr + kc) as f32 + f32::MIN_POSITIVE;
        for operation in [Operation::Correlate, Operation::Convolve] {
            let spec = |display| FilterSpec {
                kernel: k,
                krows: kr,
                kcols: kc,
                border,
                operation,
                display,
            };
            let (_, general) = run(img, w, h, &spec(Display::Rescale), false);
            let (_, fast) = run(img, w, h, &spec(Display::Rescale), true);
            for (a, b) in general.iter().zip(&fast) {
                assert!((a - b).abs() <= tol, "{a} vs {b} (tolerance {tol})");
            }
            for display in [Display::Clamp, Display::Abs, Display::Rescale] {
                let (want, _) = run(img, w, h, &spec(display), false);
                let (got, _) = run(img, w, h, &spec(display), true);
                for (p, (g, e)) in got.iter().zip(&want).enumerate() {
                    if p % 4 == 3 {
                        assert_eq!(g, e, "alpha");
                        continue;
                    }
                    let exact = general[3 * (p / 4) + p % 4];
                    let v = if display == Display::Abs {
                        exact.abs()
                    } else {
                        exact
                    };
                    let near_half = ((v - v.floor()) - 0.5).abs() <= tol;
                    let ok =
                        g == e || (display != Display::Rescale && near_half && g.abs_diff(*e) == 1);
                    // Rescale divides by the range, which the two paths may round apart.
                    let ok = ok || (display == Display::Rescale && g.abs_diff(*e) <= 1);
                    assert!(ok, "{display:?} byte {p}: {g} vs {e} (value {exact})");
                }
            }
        }
    }

    fn image(w: usize, h: usize, seed: u32) -> Vec<u8> {
        (0..4 * w * h)
            .map(|i| ((i as u32).wrapping_mul(2_654_435_761) ^ seed).rotate_left(7) as u8)
            .collect()
    }

    /// A factor of 2..=7 powers of two (or 0) with at least one ±1: its products with any
    /// float are exact, so `column ⊗ row` is exactly rank 1 however random the other factor.
    fn dyadic_factor() -> impl Strategy<Value = Vec<f32>> {
        let taps = [-1.0f32, -0.5, -0.25, 0.0, 0.25, 0.5, 1.0];
        (
            prop::collection::vec(prop::sample::select(taps.to_vec()), 2..=7),
            any::<prop::sample::Index>(),
            any::<bool>(),
        )
            .prop_map(|(mut v, at, negative)| {
                let i = at.index(v.len());
                v[i] = if negative { -1.0 } else { 1.0 };
                v
            })
    }

    proptest! {
        /// Random column ⊗ row kernels (2..=7 taps each way, one factor random floats) on
        /// random photos 1..=13 wide, either way round.
        #[test]
        fn separable_equals_general(
            w in 1usize..=13,
            h in 1usize..=9,
            random in prop::collection::vec(-2.0f32..2.0, 2..=7),
            dyadic in dyadic_factor(),
            transpose in any::<bool>(),
            seed in any::<u32>(),
            border in prop::sample::select(BORDERS.to_vec()),
        ) {
            let (u, v) = if transpose { (dyadic, random) } else { (random, dyadic) };
            let k: Vec<f32> = u.iter().flat_map(|a| v.iter().map(move |b| a * b)).collect();
            let (kr, kc) = (u.len(), v.len());
            prop_assume!(kr + kc < kr * kc);
            check(&image(w, h, seed), w, h, &k, (kr, kc), border);
        }
    }

    /// The presets the station offers: with dyadic weights on whole pixel values every sum is
    /// exact, so the two paths agree to the byte.
    #[test]
    fn presets_agree_to_the_byte() {
        let (w, h) = (23, 7);
        let img = image(w, h, 99);
        let gaussian = [1.0, 2.0, 1.0, 2.0, 4.0, 2.0, 1.0, 2.0, 1.0].map(|v| v / 16.0);
        let sobel = [-1.0, 0.0, 1.0, -2.0, 0.0, 2.0, -1.0, 0.0, 1.0];
        let boxed = [1.0 / 9.0; 9];
        for border in BORDERS {
            for k in [&gaussian[..], &sobel[..]] {
                let spec = FilterSpec {
                    kernel: k,
                    krows: 3,
                    kcols: 3,
                    border,
                    operation: Operation::Correlate,
                    display: Display::Abs,
                };
                assert_eq!(
                    run(&img, w, h, &spec, true).0,
                    run(&img, w, h, &spec, false).0
                );
            }
            check(&img, w, h, &boxed, (3, 3), border);
        }
    }
}
