//! Pooling and parameter counting against independent oracles: a NumPy fixture
//! (`tests/fixtures/gen_pool.py`), hand-derived shapes and the lecture's numbers, and properties.

use convlab::params::{
    compare_layers, conv_as_matrix, conv_params, fully_connected_params, InputShape,
};
use convlab::pool::{avg_pool2d, max_pool2d, pool_output_shape};
use ndarray::Array2;
use proptest::prelude::*;
use serde_json::Value;

mod common;
use common::fixture::{floats, grid, usize_of as num};

fn fixture() -> Value {
    common::fixture::load("pool.json")
}

/// Every case of `gen_pool.py`: numpy's `sliding_window_view(x, (s, s))[::stride, ::stride]`
/// reduced with `max` and `mean`.
#[test]
fn pooling_matches_numpy() {
    let fx = fixture();
    let cases = fx["cases"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let (rows, cols, size, stride) = (
            num(&case["rows"]),
            num(&case["cols"]),
            num(&case["size"]),
            num(&case["stride"]),
        );
        let image = floats(&case["image"]);
        let shape = pool_output_shape(rows, cols, size, stride).unwrap();
        assert_eq!(
            shape,
            (num(&case["out_rows"]), num(&case["out_cols"])),
            "{rows}×{cols} s{size} t{stride}"
        );

        let image = grid(&image, rows, cols);
        let max = max_pool2d(image, size, stride).unwrap();
        assert_eq!(max.dim(), shape);
        assert_eq!(
            max.as_slice().unwrap(),
            &floats(&case["max"])[..],
            "max pool {rows}×{cols} size {size} stride {stride}"
        );

        let avg = avg_pool2d(image, size, stride).unwrap();
        let expected = floats(&case["avg"]);
        assert_eq!(avg.len(), expected.len());
        for (k, (a, e)) in avg.iter().zip(&expected).enumerate() {
            assert!(
                (a - e).abs() <= 1e-6,
                "avg pool {rows}×{cols} size {size} stride {stride} at {k}: {a} vs {e}"
            );
        }
    }
}

/// Shapes worked out by hand with ⌊(n − size)/stride⌋ + 1.
#[test]
fn output_shapes_by_hand() {
    // The usual 2 × 2, stride 2 halves the image: ⌊254/2⌋ + 1 = 128.
    assert_eq!(pool_output_shape(256, 256, 2, 2).unwrap(), (128, 128));
    // Odd sizes drop the last row/column: ⌊(255 − 2)/2⌋ + 1 = 127.
    assert_eq!(pool_output_shape(255, 129, 2, 2).unwrap(), (127, 64));
    // AlexNet's overlapping 3 × 3, stride 2 pooling on 55 × 55: ⌊52/2⌋ + 1 = 27.
    assert_eq!(pool_output_shape(55, 55, 3, 2).unwrap(), (27, 27));
    // Stride larger than the window skips pixels: ⌊(10 − 2)/3⌋ + 1 = 3.
    assert_eq!(pool_output_shape(10, 10, 2, 3).unwrap(), (3, 3));
}

#[test]
fn impossible_pooling_is_refused() {
    assert!(pool_output_shape(4, 4, 0, 1).is_err());
    assert!(pool_output_shape(4, 4, 2, 0).is_err());
    assert!(pool_output_shape(4, 9, 5, 1).is_err());
    assert!(max_pool2d(Array2::zeros((1, 3)).view(), 2, 2).is_err());
}

/// The lecture: 256 × 256 × 3 inputs, k = 10,000 units → 1,966,080,000 weights (≈ 2 billion),
/// 7.9 GB as float32.
#[test]
fn slide_parameter_count() {
    let input = InputShape {
        height: 256,
        width: 256,
        channels: 3,
    };
    let fc = fully_connected_params(input, 10_000).unwrap();
    assert_eq!(fc.weights, 256 * 256 * 3 * 10_000);
    assert_eq!(fc.weights, 1_966_080_000);
    assert_eq!(fc.biases, 10_000);
    assert_eq!(fc.weights * 4, 7_864_320_000); // 7.86 GB: the slide's 7.9 GB
    let c = compare_layers(input, 10_000, 10, 5).unwrap();
    // 10 filters of 5 × 5 × 3 = 750 weights + 10 biases.
    assert_eq!((c.convolutional.weights, c.convolutional.biases), (750, 10));
    assert!((c.ratio - 1_966_090_000.0 / 760.0).abs() < 1e-6);
}

/// The matrix view of a 3 × 3 conv layer on a 4 × 4 × 1 image with 1 filter, counted by hand:
/// per row the taps inside are 2, 3, 3, 2 (sum 10), so 10 · 10 = 100 non-zeros in a 16 × 16
/// matrix, with 9 distinct values.
#[test]
fn conv_matrix_counts_by_hand() {
    let m = conv_as_matrix(
        InputShape {
            height: 4,
            width: 4,
            channels: 1,
        },
        1,
        3,
    )
    .unwrap();
    assert_eq!(
        (m.rows, m.cols, m.entries, m.nonzeros, m.distinct),
        (16, 16, 256.0, 100.0, 9)
    );
}

proptest! {
    #[test]
    fn max_pool_dominates_avg_pool(
        rows in 1usize..14, cols in 1usize..14, size in 1usize..6, stride in 1usize..5, seed in any::<u64>()
    ) {
        prop_assume!(size <= rows && size <= cols);
        let mut state = seed | 1;
        let image: Vec<f32> = (0..rows * cols)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state % 2001) as f32 / 100.0 - 10.0
            })
            .collect();
        let max = max_pool2d(grid(&image, rows, cols), size, stride).unwrap();
        let avg = avg_pool2d(grid(&image, rows, cols), size, stride).unwrap();
        let (out_rows, out_cols) = pool_output_shape(rows, cols, size, stride).unwrap();
        prop_assert_eq!(max.len(), out_rows * out_cols);
        prop_assert_eq!(avg.len(), out_rows * out_cols);
        // Each max is one of the pixels, and no smaller than the window's mean.
        for (m, a) in max.iter().zip(&avg) {
            prop_assert!(*m >= *a - 1e-5, "max {} < avg {}", m, a);
            prop_assert!(image.contains(m));
        }
        // Output shape = number of window positions that fit inside the image.
        let fits = |n: usize| (0..n).filter(|i| i * stride + size <= n).count();
        prop_assert_eq!((out_rows, out_cols), (fits(rows), fits(cols)));
    }

    #[test]
    fn constant_image_pools_to_itself(rows in 1usize..10, cols in 1usize..10, size in 1usize..4, stride in 1usize..4, v in -5.0f32..5.0) {
        prop_assume!(size <= rows && size <= cols);
        let image = Array2::from_elem((rows, cols), v);
        for out in [max_pool2d(image.view(), size, stride).unwrap(), avg_pool2d(image.view(), size, stride).unwrap()] {
            prop_assert!(out.iter().all(|x| (x - v).abs() <= 1e-5));
        }
    }

    /// A convolutional layer's count is the same for any image size; a fully connected layer's
    /// grows with H·W.
    #[test]
    fn conv_params_ignore_image_size(h in 8u64..5000, w in 8u64..5000, c in 1u64..512, k in 1u64..1000, f in 1u64..8) {
        let small = conv_params(InputShape { height: 8, width: 8, channels: c }, k, f).unwrap();
        let big = conv_params(InputShape { height: h, width: w, channels: c }, k, f).unwrap();
        prop_assert_eq!(small, big);
        let fc = fully_connected_params(InputShape { height: h, width: w, channels: c }, k).unwrap();
        prop_assert_eq!(fc.weights, h * w * c * k);
        prop_assert_eq!(fc.biases, k);
        // Non-zeros of the matrix view: at most f² · C per output, exactly that away from borders.
        let m = conv_as_matrix(InputShape { height: h, width: w, channels: c }, k, f).unwrap();
        let upper = (h * w * k) as f64 * (f * f * c) as f64;
        prop_assert!(m.nonzeros <= upper);
        let interior = ((h - f + 1) * (w - f + 1) * k) as f64 * (f * f * c) as f64;
        prop_assert!(m.nonzeros >= interior);
    }
}

/// Review: `avg_pool2d` computed `size · size` before validating `size`, overflowing for a huge
/// pool size (a wasm32 `usize` is 32 bits, so 65 536 already did).
#[test]
fn huge_pool_size_is_an_error_not_an_overflow() {
    let e = avg_pool2d(Array2::ones((2, 2)).view(), usize::MAX, 1).unwrap_err();
    assert!(e.message().contains("larger than the image"), "{e}");
}
