//! No panic reaches the page, part 1: images, kernels, matrices and counts.
//!
//! Every function that `src/wasm/` exports for these topics is driven here, through the core
//! function it calls, with arbitrary sizes (small, huge, zero, mismatched with the data) and
//! arbitrary values (NaN, ±∞, ±1e308, subnormals, ordinary numbers). Each call must return an
//! `Err` with a message or a result of the promised shape; a panic fails the test. The wasm
//! build aborts on panic (`panic = "abort"`), so a panic here would be a dead page there.
//! Part 2 (optimisers, regression, networks) is `tests/no_panic_models.rs`.

use convlab::border::{Border, ALL_BORDERS};
use convlab::grid::{view2, view3};
use convlab::rgba::{Display, FilterSpec, Operation, RgbaFilter};
use convlab::{conv, fftconv, filters, params, pool, toeplitz};
use ndarray::aview1;
use proptest::prelude::*;

mod support;
use support::number;

fn value32() -> impl Strategy<Value = f32> {
    number().prop_map(|v| v as f32)
}

/// A size as the boundary passes it (`dim` allows 0..=u32::MAX): mostly small, sometimes huge.
fn size() -> impl Strategy<Value = usize> {
    prop_oneof![
        8 => 0usize..9,
        1 => Just(u32::MAX as usize),
        1 => 0usize..=u32::MAX as usize,
    ]
}

/// Data for a `rows × cols` array: usually exactly that long (so the math runs), sometimes not.
fn array(rows: usize, cols: usize) -> impl Strategy<Value = Vec<f32>> {
    let len = rows.checked_mul(cols).filter(|&n| n <= 256).unwrap_or(7);
    prop_oneof![
        4 => proptest::collection::vec(value32(), len),
        1 => proptest::collection::vec(value32(), 0..40),
    ]
}

/// An image and a kernel with their (claimed) shapes.
fn image_and_kernel() -> impl Strategy<Value = (Vec<f32>, usize, usize, Vec<f32>, usize, usize)> {
    (size(), size(), size(), size()).prop_flat_map(|(r, c, kr, kc)| {
        (
            array(r, c),
            Just(r),
            Just(c),
            array(kr, kc),
            Just(kr),
            Just(kc),
        )
    })
}

fn border() -> impl Strategy<Value = Border> {
    (0..ALL_BORDERS.len()).prop_map(|i| ALL_BORDERS[i].0)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn correlation_and_convolution((img, r, c, k, kr, kc) in image_and_kernel(), b in border()) {
        // The boundary builds views from the flat buffers (refusing mismatched lengths), then
        // calls the core with them.
        let image = view2("image", &img, r, c);
        if let (Ok(image), Ok(kernel)) = (&image, view2("kernel", &k, kr, kc)) {
            for out in [
                conv::correlate2d(*image, kernel, b),
                conv::convolve2d(*image, kernel, b),
                fftconv::correlate2d_fft(*image, kernel, b),
                filters::filter_image(*image, kernel, b).map(|(o, _)| o),
            ]
            .into_iter()
            .flatten()
            {
                prop_assert_eq!(out.dim(), (r, c));
            }
            let _ = filters::choose_method((r, c), kernel).name();
        }
        if let (Ok(image), Ok(bank)) = (&image, view3("kernels", &k, kr, kc)) {
            if let Ok(o) = fftconv::correlate_bank(*image, bank, b) {
                prop_assert_eq!(o.dim(), (bank.len_of(ndarray::Axis(0)), r, c));
            }
        }
        if let Ok(o) = conv::correlate1d(aview1(&img), aview1(&k), b) { prop_assert_eq!(o.len(), img.len()); }
        if let Ok(image) = image {
            if let Ok(o) = filters::rotate_image(image, k.first().copied().unwrap_or(0.0) as f64, 0.0) {
                prop_assert_eq!(o.dim(), (r, c));
            }
        }
    }

    #[test]
    fn rgba_photo_filter(w in size(), h in size(), (k, kr, kc) in (size(), size()).prop_flat_map(|(kr, kc)| (array(kr, kc), Just(kr), Just(kc))),
                         b in border(), bytes in proptest::collection::vec(any::<u8>(), 0..300),
                         display in prop_oneof![Just("clamp"), Just("abs"), Just("rescale"), Just("bogus")], convolve in any::<bool>()) {
        let display = Display::parse(display);
        let op = if convolve { Operation::Convolve } else { Operation::Correlate };
        if let Ok(d) = display {
            if let Ok(o) = convlab::rgba::filter_rgba(&bytes, w, h, &k, kr, kc, b, op, d) {
                prop_assert_eq!(o.len(), bytes.len());
            }
            // The handle the kernel station keeps; a huge size must be refused, not allocated.
            if w.saturating_mul(h) <= 4096 {
                if let Ok(mut img) = RgbaFilter::new(w, h) {
                    img.input_mut().iter_mut().zip(bytes.iter().cycle()).for_each(|(p, &v)| *p = v);
                    let spec = FilterSpec { kernel: &k, krows: kr, kcols: kc, border: b, operation: op, display: d };
                    let _ = img.apply(&spec);
                    prop_assert_eq!(img.output().len(), 4 * w * h);
                }
            } else if w.saturating_mul(h) > convlab::rgba::MAX_PIXELS {
                prop_assert!(RgbaFilter::new(w, h).is_err());
            }
        }
    }

    #[test]
    fn border_index(i in prop_oneof![any::<isize>(), -20isize..20], n in size(), name in "[a-z]{0,9}") {
        for b in [Border::parse(&name), Border::parse("reflect"), Border::parse("wrap"), Border::parse("constant"), Border::parse("nearest"), Border::parse("mirror")] {
            if let (Ok(b), true) = (b, n > 0) {
                if let Some(j) = b.index(i, n) { prop_assert!(j < n); }
            }
        }
    }

    #[test]
    fn filter_kernels(sigma in number(), theta in number(), lambda in number(), gamma in number(), psi in number(), radius in number()) {
        if let Ok(r) = filters::check_radius(radius) {
            let side = 2 * r + 1;
            for k in [
                filters::gaussian_kernel(sigma, r), filters::log_kernel(sigma, r),
                filters::gabor_kernel(sigma, theta, lambda, gamma, psi, r),
                filters::edge_kernel(sigma, theta, r), filters::bar_kernel(sigma, theta, r),
            ].into_iter().flatten() {
                prop_assert_eq!(k.dim(), (side, side));
                prop_assert!(k.iter().all(|v| v.is_finite()), "a kernel the page draws is finite");
            }
        }
    }

    #[test]
    fn matrices(n in size(), k in proptest::collection::vec(value32(), 0..12), mode in "(valid|same|[a-z]{0,5})",
                (m, rows, cols) in (size(), size()).prop_flat_map(|(r, c)| (array(r, c), Just(r), Just(c))), x in proptest::collection::vec(value32(), 0..20)) {
        if let Ok(mode) = toeplitz::MatrixMode::parse(&mode) {
            let _ = toeplitz::conv_matrix_1d(n, aview1(&k), mode);
            let _ = toeplitz::conv_matrix_1d_taps(n, k.len(), mode);
            let _ = toeplitz::conv_matrix_1d_taps(n, rows, mode);
            if let Ok(kernel) = view2("kernel", &k, 3, k.len() / 3) {
                let _ = toeplitz::conv_matrix_2d((rows, cols), kernel, mode);
            }
            if let Ok(kernel) = view2("kernel", &m, rows, cols) {
                let _ = toeplitz::conv_matrix_2d((n, n), kernel, mode);
            }
            let _ = toeplitz::conv_matrix_2d_taps((rows, cols), (n, n), mode);
        }
        if let Ok(w) = view2("matrix", &m, rows, cols) {
            if let Ok(y) = toeplitz::matvec(w, aview1(&x)) { prop_assert_eq!(y.len(), rows); }
            prop_assert_eq!(toeplitz::nonzeros_per_row(w).len(), rows);
        }
        prop_assert!(toeplitz::distinct_nonzero_values(&m) <= m.len());
    }

    #[test]
    fn pooling((img, r, c) in (size(), size()).prop_flat_map(|(r, c)| (array(r, c), Just(r), Just(c))), s in size(), stride in size()) {
        let shape = pool::pool_output_shape(r, c, s, stride);
        if let Ok(image) = view2("image", &img, r, c) {
            let pooled = [pool::max_pool2d(image, s, stride), pool::avg_pool2d(image, s, stride)];
            for o in pooled.into_iter().flatten() {
                let out_shape = shape.clone().expect("pooling ran, so its shape exists");
                prop_assert_eq!(o.dim(), out_shape);
            }
        }
    }

    #[test]
    fn parameter_counts(v in proptest::collection::vec(prop_oneof![0u64..300, any::<u64>(), Just(params::MAX_COUNT)], 6)) {
        let input = params::InputShape { height: v[0], width: v[1], channels: v[2] };
        if let Ok(cmp) = params::compare_layers(input, v[3], v[4], v[5]) {
            prop_assert!(cmp.fully_connected.total() <= params::MAX_COUNT);
            prop_assert!(cmp.convolutional.total() <= params::MAX_COUNT);
        }
    }
}

proptest! {
    // MR8 pads every image to the 49×49 bank: fewer, dearer cases.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn mr8((img, r, c) in (size(), size()).prop_flat_map(|(r, c)| (array(r, c), Just(r), Just(c))), abs in any::<bool>()) {
        let Ok(image) = view2("image", &img, r, c) else { return Ok(()); };
        if let Ok(o) = filters::mr8_responses(image) { prop_assert_eq!(o.dim(), (8, r, c)); }
        if let Ok(mut job) = filters::Mr8Job::new(image, abs) {
            let total = job.steps_total();
            for _ in 0..=total { let f = job.step(); prop_assert!((0.0..=1.0).contains(&f)); }
            prop_assert!(job.is_done());
            prop_assert_eq!(job.into_responses().dim(), (8, r, c));
        }
        filters::forget_mr8_spectra();
    }
}

#[test]
fn rfs_bank_has_38_filters_of_49_by_49() {
    assert_eq!(filters::rfs_bank().dim(), (38, 49, 49));
}
