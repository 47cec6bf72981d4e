//! Oracle and property tests of correlation and convolution.
//!
//! The oracle is scipy.ndimage: `tests/fixtures/conv.json` was written by
//! `tests/fixtures/gen_conv.py` (every border mode, kernels 1×1, 2×2, 3×3, 5×3 and 7×7,
//! images from 1×1 to 9×7, 1D kernels of length 1 to 7).

use convlab::border::{Border, ALL_BORDERS};
use convlab::conv::{convolve2d, correlate1d, correlate2d, flip_kernel};
use convlab::rgba::{filter_rgba, Display, Operation};
use ndarray::aview1;
use proptest::prelude::*;
use serde_json::Value;

mod common;
use common::fixture::{floats, grid, usize_of};

fn fixture() -> Value {
    common::fixture::load("conv.json")
}

fn assert_close(got: &[f32], want: &[f32], context: &str) {
    assert_eq!(got.len(), want.len(), "{context}");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= 1e-5 + 1e-5 * w.abs(),
            "{context}: [{i}] got {g}, scipy {w}"
        );
    }
}

#[test]
fn correlate2d_and_convolve2d_match_scipy() {
    let fx = fixture();
    let cases = fx["cases_2d"].as_array().unwrap();
    assert_eq!(cases.len(), 100);
    for c in cases {
        let (rows, cols) = (usize_of(&c["rows"]), usize_of(&c["cols"]));
        let (kr, kc) = (usize_of(&c["krows"]), usize_of(&c["kcols"]));
        let border = Border::parse(c["border"].as_str().unwrap()).unwrap();
        let (image, kernel) = (floats(&c["image"]), floats(&c["kernel"]));
        let ctx = format!("{rows}x{cols} image, {kr}x{kc} kernel, {border:?}");
        let (image, kernel) = (grid(&image, rows, cols), grid(&kernel, kr, kc));
        let z = correlate2d(image, kernel, border).unwrap();
        assert_close(
            z.as_slice().unwrap(),
            &floats(&c["correlate"]),
            &format!("correlate {ctx}"),
        );
        let z = convolve2d(image, kernel, border).unwrap();
        assert_close(
            z.as_slice().unwrap(),
            &floats(&c["convolve"]),
            &format!("convolve {ctx}"),
        );
    }
}

#[test]
fn correlate1d_matches_scipy() {
    let fx = fixture();
    let cases = fx["cases_1d"].as_array().unwrap();
    assert_eq!(cases.len(), 90);
    for c in cases {
        let border = Border::parse(c["border"].as_str().unwrap()).unwrap();
        let (signal, kernel) = (floats(&c["signal"]), floats(&c["kernel"]));
        let z = correlate1d(aview1(&signal), aview1(&kernel), border).unwrap();
        let ctx = format!("n={} k={} {border:?}", signal.len(), kernel.len());
        assert_close(z.as_slice().unwrap(), &floats(&c["correlate"]), &ctx);
    }
}

fn border_strategy() -> impl Strategy<Value = Border> {
    prop::sample::select(ALL_BORDERS.iter().map(|(b, _)| *b).collect::<Vec<_>>())
}

/// An image of 1..=12 × 1..=12 values and a kernel of 1..=7 × 1..=7 taps in −2..2.
fn image_and_kernel() -> impl Strategy<Value = (usize, usize, Vec<f32>, usize, usize, Vec<f32>)> {
    (1usize..=12, 1usize..=12, 1usize..=7, 1usize..=7).prop_flat_map(|(r, c, kr, kc)| {
        (
            Just(r),
            Just(c),
            prop::collection::vec(-2.0f32..2.0, r * c),
            Just(kr),
            Just(kc),
            prop::collection::vec(-2.0f32..2.0, kr * kc),
        )
    })
}

proptest! {
    /// A kernel that is 1 at its origin and 0 elsewhere changes nothing, whatever its size.
    #[test]
    fn delta_kernel_is_identity((r, c, x, kr, kc, _) in image_and_kernel(), border in border_strategy()) {
        let mut delta = vec![0.0; kr * kc];
        delta[(kr / 2) * kc + kc / 2] = 1.0;
        let z = correlate2d(grid(&x, r, c), grid(&delta, kr, kc), border).unwrap();
        prop_assert_eq!(z.as_slice().unwrap(), &x[..]);
    }

    /// corr(a·x + b·y) = a·corr(x) + b·corr(y).
    #[test]
    fn correlation_is_linear(
        (r, c, x, kr, kc, w) in image_and_kernel(),
        seed in any::<u64>(),
        a in -3.0f32..3.0,
        b in -3.0f32..3.0,
        border in border_strategy(),
    ) {
        let y: Vec<f32> = (0..x.len()).map(|i| (((seed >> (i % 50)) as f32 + i as f32) * 0.37).sin()).collect();
        let mix: Vec<f32> = x.iter().zip(&y).map(|(p, q)| a * p + b * q).collect();
        let w = grid(&w, kr, kc);
        let lhs = correlate2d(grid(&mix, r, c), w, border).unwrap();
        let zx = correlate2d(grid(&x, r, c), w, border).unwrap();
        let zy = correlate2d(grid(&y, r, c), w, border).unwrap();
        for ((l, p), q) in lhs.iter().zip(&zx).zip(&zy) {
            let rhs = a * p + b * q;
            prop_assert!((l - rhs).abs() <= 1e-3 * (1.0 + rhs.abs()), "{} vs {}", l, rhs);
        }
    }

    /// For odd kernel sizes convolution is correlation with the flipped kernel.
    #[test]
    fn convolve_is_correlate_with_flipped_kernel(
        (r, c, x, kr, kc, w) in image_and_kernel(),
        border in border_strategy(),
    ) {
        let (kr, kc) = (kr | 1, kc | 1); // odd sizes, at most 7
        let w: Vec<f32> = (0..kr * kc).map(|i| w[i % w.len()] + i as f32 * 0.01).collect();
        let flipped = flip_kernel(&w);
        let conv = convolve2d(grid(&x, r, c), grid(&w, kr, kc), border).unwrap();
        let corr = correlate2d(grid(&x, r, c), grid(&flipped, kr, kc), border).unwrap();
        prop_assert_eq!(conv, corr);
    }

    /// Each colour channel of `filter_rgba` is `correlate2d` of that channel, turned to bytes
    /// as Uint8ClampedArray would; alpha is untouched.
    #[test]
    fn filter_rgba_is_correlate2d_per_channel(
        (h, w, _, kr, kc, k) in image_and_kernel(),
        seed in any::<u32>(),
        border in border_strategy(),
    ) {
        let rgba: Vec<u8> = (0..4 * w * h).map(|i| ((i as u32).wrapping_mul(2654435761) ^ seed) as u8).collect();
        let out = filter_rgba(&rgba, w, h, &k, kr, kc, border, Operation::Correlate, Display::Clamp).unwrap();
        for ch in 0..4 {
            let plane: Vec<f32> = rgba.iter().skip(ch).step_by(4).map(|&v| f32::from(v)).collect();
            let got: Vec<u8> = out.iter().skip(ch).step_by(4).copied().collect();
            if ch == 3 {
                let alpha: Vec<u8> = rgba.iter().skip(3).step_by(4).copied().collect();
                prop_assert_eq!(got, alpha);
                continue;
            }
            let z = correlate2d(grid(&plane, h, w), grid(&k, kr, kc), border).unwrap();
            for (g, v) in got.iter().zip(&z) {
                prop_assert_eq!(*g, v.clamp(0.0, 255.0).round_ties_even() as u8, "value {}", v);
            }
        }
    }
}

/// The largest kernels the issue asks for (63×63, and an even 64×2) on a photo smaller than
/// the kernel: `filter_rgba` still equals `correlate2d` per channel.
#[test]
fn filter_rgba_takes_63x63_and_even_kernels() {
    let (w, h) = (9, 5);
    let rgba: Vec<u8> = (0..4 * w * h).map(|i| (i * 97 % 256) as u8).collect();
    for (kr, kc) in [(63, 63), (64, 2)] {
        let k: Vec<f32> = (0..kr * kc)
            .map(|i| ((i % 13) as f32 - 6.0) / 900.0)
            .collect();
        for border in [Border::Reflect, Border::Wrap, Border::Constant] {
            let out = filter_rgba(
                &rgba,
                w,
                h,
                &k,
                kr,
                kc,
                border,
                Operation::Correlate,
                Display::Clamp,
            )
            .unwrap();
            for ch in 0..3 {
                let plane: Vec<f32> = rgba
                    .iter()
                    .skip(ch)
                    .step_by(4)
                    .map(|&v| f32::from(v))
                    .collect();
                let z = correlate2d(grid(&plane, h, w), grid(&k, kr, kc), border).unwrap();
                for (i, v) in z.iter().enumerate() {
                    let want = v.clamp(0.0, 255.0).round_ties_even() as i32;
                    let got = i32::from(out[4 * i + ch]);
                    assert!(
                        (got - want).abs() <= 1,
                        "{kr}x{kc} {border:?} ch {ch} px {i}: {got} vs {v}"
                    );
                }
            }
        }
    }
}
