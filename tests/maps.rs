//! The numbers the stations state about response maps, against independent oracles: a NumPy
//! fixture (`tests/fixtures/gen_maps.py`) for ReLU, the max over a stack, the relative change
//! and the masked relative difference; and, for the filters station's rotation-invariance
//! measure, exact geometry (a 90° turn of a square image moves every pixel exactly and maps
//! the bank θ = 0°…150° onto itself) and the lesson's claim on a textured image.

use convlab::border::Border;
use convlab::fftconv::correlate_bank;
use convlab::filters::{
    bar_kernel, disc_radius, rotate_image, rotation_invariance, INVARIANCE_THRESHOLD,
};
use convlab::maps::{max_over, relative_change, relative_difference, relu};
use ndarray::{Array2, Array3, ArrayView2, ArrayView3, Axis};

mod common;
use common::fixture::{floats, grid, usize_of};

#[test]
fn map_measures_match_numpy() {
    let fx = common::fixture::load("maps.json");
    let cases = fx["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 5);
    for c in cases {
        let (rows, cols, count) = (
            usize_of(&c["rows"]),
            usize_of(&c["cols"]),
            usize_of(&c["count"]),
        );
        let ctx = format!("{count} × {rows} × {cols}");
        let stack = floats(&c["stack"]);
        let stack = ArrayView3::from_shape((count, rows, cols), &stack[..]).unwrap();
        let (a, b) = (floats(&c["a"]), floats(&c["b"]));
        let (a, b) = (grid(&a, rows, cols), grid(&b, rows, cols));
        let mask: Vec<bool> = c["mask"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_bool().unwrap())
            .collect();
        let mask = ArrayView2::from_shape((rows, cols), &mask[..]).unwrap();
        // ReLU and the maxima are exact: every output is one of the inputs (or 0).
        assert_eq!(
            relu(a).as_slice().unwrap(),
            &floats(&c["relu"])[..],
            "relu {ctx}"
        );
        assert_eq!(
            max_over(stack, false).unwrap().as_slice().unwrap(),
            &floats(&c["max"])[..],
            "max {ctx}"
        );
        assert_eq!(
            max_over(stack, true).unwrap().as_slice().unwrap(),
            &floats(&c["max_abs"])[..],
            "max|·| {ctx}"
        );
        for (got, key) in [
            (relative_change(a, b).unwrap(), "relative_change"),
            (
                relative_difference(a, b, mask).unwrap(),
                "relative_difference",
            ),
        ] {
            let want = c[key].as_f64().unwrap();
            assert!(
                (got - want).abs() <= 1e-12 * want.abs().max(1.0),
                "{key} {ctx}: {got} vs numpy {want}"
            );
        }
    }
}

/// Smooth texture in [0, 1]: a few oriented gratings and blobs (deterministic).
fn texture(n: usize) -> Array2<f32> {
    Array2::from_shape_fn((n, n), |(i, j)| {
        let (y, x) = (i as f64, j as f64);
        let v = 0.5
            + 0.2 * (0.37 * x + 0.11 * y).sin()
            + 0.15 * (0.21 * x - 0.29 * y + 1.0).cos()
            + 0.1 * (-((x - 0.3 * n as f64).powi(2) + (y - 0.6 * n as f64).powi(2)) / 40.0).exp()
            + 0.1 * (0.05 * x * y / n as f64).sin();
        v as f32
    })
}

/// The six bar filters at θ = 0°, 30°, …, 150°, stacked.
fn bar_bank(sigma: f64, radius: usize) -> Array3<f32> {
    let n = 2 * radius + 1;
    let mut bank = Array3::zeros((6, n, n));
    for (k, mut slot) in bank.axis_iter_mut(Axis(0)).enumerate() {
        slot.assign(&bar_kernel(sigma, (k as f64 * 30.0).to_radians(), radius).unwrap());
    }
    bank
}

fn responses_before_and_after(
    img: &Array2<f32>,
    bank: &Array3<f32>,
    degrees: f64,
) -> (Array3<f32>, Array3<f32>) {
    let mean = img.mean().unwrap();
    let turned_img = rotate_image(img.view(), degrees, mean).unwrap();
    (
        correlate_bank(img.view(), bank.view(), Border::Reflect).unwrap(),
        correlate_bank(turned_img.view(), bank.view(), Border::Reflect).unwrap(),
    )
}

/// A 90° turn of a square image moves every pixel exactly, reflect borders turn with it, and
/// the bar bank at θ = 0°…150° turned by 90° is the same bank (bars are even: θ + 180° = θ):
/// the maximum's change is 0 up to rounding, while a single orientation's map changes
/// completely (θ = 0° becomes θ = 90°).
#[test]
fn a_right_angle_turn_leaves_the_max_over_the_bank_unchanged() {
    let (n, radius) = (48, 6);
    let img = texture(n);
    let bank = bar_bank(1.5, radius);
    let (orig, turned) = responses_before_and_after(&img, &bank, 90.0);
    let inv = rotation_invariance(orig.view(), turned.view(), 90.0, radius, false).unwrap();
    assert_eq!(inv.disc_radius, 16); // ⌊48/2 − 6 − 2⌋
    assert!(inv.max_change < 1e-4, "{inv:?}");
    assert!(inv.one_change > 0.5 && inv.next_change > 0.5, "{inv:?}");
    assert!(inv.invariant);
    assert_eq!(inv.reference.dim(), (n, n));
}

/// The lesson: turning the image by one orientation step (30°) barely changes the maximum
/// (below the 15 % threshold: what remains is the bicubic turn's blur), while the θ = 0° map
/// alone changes by far more, and the θ = 30° map of the turned image is close to the θ = 0°
/// map turned (the pattern moved to the next orientation). The bank is the station's default
/// bar (σ = 2 px, radius 18 px).
#[test]
fn a_one_step_turn_barely_changes_the_max_but_changes_one_orientation() {
    let (n, radius) = (160, 18);
    let img = texture(n);
    let bank = bar_bank(2.0, radius);
    let (orig, turned) = responses_before_and_after(&img, &bank, 30.0);
    let inv = rotation_invariance(orig.view(), turned.view(), 30.0, radius, false).unwrap();
    assert!(inv.max_change < INVARIANCE_THRESHOLD, "{inv:?}");
    assert!(inv.one_change > 2.0 * inv.max_change, "{inv:?}");
    assert!(inv.next_change < inv.one_change, "{inv:?}");
    // The maximum of |response| is invariant too.
    let abs = rotation_invariance(orig.view(), turned.view(), 30.0, radius, true).unwrap();
    assert!(abs.invariant, "{abs:?}");
}

/// The disc the comparison uses: ⌊min(rows, cols)/2 − radius − 2⌋, halves included.
#[test]
fn disc_radius_by_hand() {
    assert_eq!(disc_radius((64, 48), 6), 16.0);
    assert_eq!(disc_radius((33, 33), 3), 11.0); // 16.5 − 5 = 11.5
    assert_eq!(disc_radius((10, 10), 6), -3.0);
    let tiny = Array3::<f32>::zeros((6, 20, 20));
    let e = rotation_invariance(tiny.view(), tiny.view(), 30.0, 6, false).unwrap_err();
    assert!(e.message().contains("reduce the radius"), "{e}");
    let one = Array3::<f32>::zeros((1, 40, 40));
    assert!(rotation_invariance(one.view(), one.view(), 30.0, 2, false).is_err());
}
