//! `lenet5_preprocess` on hand-made drawings: a stroke shifted or scaled on the canvas gives the
//! same 28 × 28 input up to interpolation, the centre of mass lands on (14, 14), ink on a
//! transparent canvas equals ink on white, and an empty drawing is an error.

use convlab::nn::engine::preprocess::lenet5_preprocess;

/// A white w × h canvas with black filled rectangles (top, left, height, width), drawn at
/// `scale` and offset by (dy, dx).
fn canvas(
    w: usize,
    h: usize,
    rects: &[(usize, usize, usize, usize)],
    scale: usize,
    dy: usize,
    dx: usize,
    transparent: bool,
) -> Vec<u8> {
    let bg = if transparent {
        [0, 0, 0, 0]
    } else {
        [255, 255, 255, 255]
    };
    let mut px: Vec<u8> = (0..w * h).flat_map(|_| bg).collect();
    for &(t, l, rh, rw) in rects {
        for r in dy + t * scale..dy + (t + rh) * scale {
            for c in dx + l * scale..dx + (l + rw) * scale {
                px[(r * w + c) * 4..][..4].copy_from_slice(&[0, 0, 0, 255]);
            }
        }
    }
    px
}

/// A "7": a bar on top and a slanted stem made of steps.
fn seven() -> Vec<(usize, usize, usize, usize)> {
    let mut r = vec![(0, 0, 3, 16)];
    for k in 0..8 {
        r.push((3 + 3 * k, 13 - k, 3, 3));
    }
    r
}

fn centre_of_mass(x: &[f32]) -> (f64, f64) {
    let (mut m, mut my, mut mx) = (0.0, 0.0, 0.0);
    for (i, &v) in x.iter().enumerate() {
        let v = v as f64;
        m += v;
        my += v * ((i / 28) as f64 + 0.5);
        mx += v * ((i % 28) as f64 + 0.5);
    }
    (my / m, mx / m)
}

#[test]
fn centre_of_mass_lands_on_14_14_and_values_stay_in_0_1() {
    let x = lenet5_preprocess(&canvas(100, 120, &seven(), 3, 10, 20, false), 100, 120).unwrap();
    assert_eq!(x.len(), 784);
    assert!(x.iter().all(|v| (0.0..=1.0).contains(v)));
    let (cy, cx) = centre_of_mass(&x);
    assert!(
        (cy - 14.0).abs() < 1e-3 && (cx - 14.0).abs() < 1e-3,
        "centre of mass ({cy}, {cx})"
    );
    // The longer side (height: 27 units) fills 20 px: rows with ink span 20 (± 1 for the
    // sub-pixel shift).
    let rows = (0..28)
        .filter(|r| x[r * 28..(r + 1) * 28].iter().any(|&v| v > 0.01))
        .count();
    assert!((20..=21).contains(&rows), "{rows} rows with ink");
}

#[test]
fn shifted_and_scaled_strokes_give_the_same_input() {
    let a = lenet5_preprocess(&canvas(100, 120, &seven(), 3, 10, 20, false), 100, 120).unwrap();
    let b = lenet5_preprocess(&canvas(300, 200, &seven(), 3, 90, 150, false), 300, 200).unwrap();
    assert!(
        a.iter().zip(&b).all(|(p, q)| (p - q).abs() < 1e-5),
        "a pure shift changes nothing"
    );
    let c = lenet5_preprocess(&canvas(400, 400, &seven(), 6, 30, 40, false), 400, 400).unwrap();
    let diff: Vec<f32> = a.iter().zip(&c).map(|(p, q)| (p - q).abs()).collect();
    let mean = diff.iter().sum::<f32>() / 784.0;
    // Twice the size gives the same 20-px digit up to the area averaging of its edges.
    assert!(mean < 0.02, "mean difference {mean}");
    assert!(
        diff.iter().all(|&d| d < 0.35),
        "max difference {:?}",
        diff.iter().cloned().fold(0.0, f32::max)
    );
}

#[test]
fn transparent_canvas_equals_white_canvas() {
    let white = lenet5_preprocess(&canvas(90, 90, &seven(), 2, 5, 5, false), 90, 90).unwrap();
    let clear = lenet5_preprocess(&canvas(90, 90, &seven(), 2, 5, 5, true), 90, 90).unwrap();
    assert_eq!(white, clear);
}

#[test]
fn empty_and_malformed_drawings_are_errors() {
    let e = lenet5_preprocess(&canvas(50, 40, &[], 1, 0, 0, false), 50, 40).unwrap_err();
    assert!(e.message().contains("empty"), "{e}");
    assert!(lenet5_preprocess(&canvas(50, 40, &[], 1, 0, 0, true), 50, 40).is_err());
    // Light grey (ink 0.06) is below the threshold: still empty.
    let grey: Vec<u8> = (0..50 * 40).flat_map(|_| [240, 240, 240, 255]).collect();
    assert!(lenet5_preprocess(&grey, 50, 40).is_err());
    assert!(lenet5_preprocess(&[0; 12], 2, 2).is_err(), "wrong length");
    assert!(lenet5_preprocess(&[], 0, 0).is_err());
}
