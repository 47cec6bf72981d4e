//! Oracle and property tests of the implicit-regularization station's core.
//!
//! The oracles are NumPy and scikit-learn: `tests/fixtures/implicit.json` was written by
//! `tests/fixtures/gen_implicit.py` — `numpy.linalg.pinv(X)`, `pinv(X) @ y` and
//! `w0 + pinv(X) @ (y - X @ w0)` for random, rank-deficient and overdetermined systems, and
//! `SVC(kernel='linear', C=1e6)` on each 2-D data set augmented with its mirror image
//! (−xᵢ, −yᵢ), which forces the intercept to 0, so w/‖w‖ is the max-margin direction through
//! the origin. The properties check the theorems the lecture states: GD/SGD from 0 stay in the
//! row space of X and reach X⁺y; logistic GD's direction approaches the SVM direction.

use convlab::implicit::{
    angle_degrees, least_squares_path, logistic_path, max_margin_direction, min_norm_solution,
    nearest_solution, pseudo_inverse,
};
use proptest::prelude::*;
use serde_json::Value;

fn fixture() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/implicit.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn assert_close(got: &[f64], want: &[f64], tol: f64, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= tol * (1.0 + w.abs()),
            "{what}[{i}]: got {g}, numpy says {w}"
        );
    }
}

struct System {
    x: Vec<f64>,
    y: Vec<f64>,
    n: usize,
    d: usize,
}

fn system(case: &Value) -> System {
    System {
        x: floats(&case["x"]),
        y: floats(&case["y"]),
        n: case["n"].as_u64().unwrap() as usize,
        d: case["d"].as_u64().unwrap() as usize,
    }
}

#[test]
fn pseudo_inverse_matches_numpy_pinv() {
    let fx = fixture();
    let cases = fx["least_squares"].as_array().unwrap();
    assert_eq!(cases.len(), 8);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let s = system(case);
        let p = pseudo_inverse(&s.x, s.n, s.d).unwrap();
        assert_close(&p, &floats(&case["pinv"]), 1e-10, &format!("{name} pinv"));
        let w = min_norm_solution(&s.x, &s.y, s.n, s.d).unwrap();
        assert_close(
            &w,
            &floats(&case["min_norm"]),
            1e-10,
            &format!("{name} X⁺y"),
        );
        let w0 = floats(&case["w0"]);
        let w = nearest_solution(&s.x, &s.y, s.n, s.d, &w0).unwrap();
        assert_close(
            &w,
            &floats(&case["nearest"]),
            1e-10,
            &format!("{name} nearest"),
        );
    }
}

/// Largest |(Xw − y)ᵢ|.
fn residual(s: &System, w: &[f64]) -> f64 {
    (0..s.n)
        .map(|i| ((0..s.d).map(|k| s.x[i * s.d + k] * w[k]).sum::<f64>() - s.y[i]).abs())
        .fold(0.0, f64::max)
}

/// Distance from v to the row space of X: ‖v − X⁺X v‖ (X⁺X is the projector onto it).
fn distance_to_row_space(s: &System, v: &[f64]) -> f64 {
    let xv: Vec<f64> = (0..s.n)
        .map(|i| (0..s.d).map(|k| s.x[i * s.d + k] * v[k]).sum())
        .collect();
    let p = pseudo_inverse(&s.x, s.n, s.d).unwrap();
    (0..s.d)
        .map(|k| {
            let proj: f64 = (0..s.n).map(|i| p[k * s.n + i] * xv[i]).sum();
            (v[k] - proj).powi(2)
        })
        .sum::<f64>()
        .sqrt()
}

#[test]
fn gd_and_sgd_from_zero_reach_the_numpy_min_norm_solution() {
    let fx = fixture();
    for case in fx["least_squares"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        if name.starts_with("overdetermined") {
            continue; // no exact solution: SGD with a fixed step does not settle there
        }
        let s = system(case);
        // A safe step: 1/max‖xᵢ‖² for SGD, 1/(mean ‖xᵢ‖²)-ish bound via the trace for GD.
        let max_row = (0..s.n)
            .map(|i| (0..s.d).map(|k| s.x[i * s.d + k].powi(2)).sum::<f64>())
            .fold(0.0, f64::max);
        for stochastic in [false, true] {
            let path = least_squares_path(
                &s.x,
                &s.y,
                s.n,
                s.d,
                &vec![0.0; s.d],
                0.5 / max_row,
                20_000,
                stochastic,
                7,
            )
            .unwrap();
            let last = &path[path.len() - s.d..];
            assert_close(
                last,
                &floats(&case["min_norm"]),
                1e-7,
                &format!("{name} (stochastic {stochastic}) limit"),
            );
            // And from w0 the limit is the projection of w0.
            let w0 = floats(&case["w0"]);
            let path = least_squares_path(
                &s.x,
                &s.y,
                s.n,
                s.d,
                &w0,
                0.5 / max_row,
                20_000,
                stochastic,
                7,
            )
            .unwrap();
            assert_close(
                &path[path.len() - s.d..],
                &floats(&case["nearest"]),
                1e-7,
                &format!("{name} (stochastic {stochastic}) limit from w0"),
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every iterate from 0 lies in the row space of X, for GD and SGD, n < d.
    #[test]
    fn iterates_from_zero_stay_in_the_row_space(
        n in 1usize..=3,
        extra in 1usize..=3,
        seed in 0u64..1000,
        vals in proptest::collection::vec(-2.0f64..2.0, 6 * 6 + 6),
        stochastic: bool,
    ) {
        let d = n + extra;
        let s = System { x: vals[..n * d].to_vec(), y: vals[36..36 + n].to_vec(), n, d };
        let max_row = (0..n)
            .map(|i| (0..d).map(|k| s.x[i * d + k].powi(2)).sum::<f64>())
            .fold(0.0, f64::max);
        prop_assume!(max_row > 1e-3);
        let path = least_squares_path(&s.x, &s.y, n, d, &vec![0.0; d], 0.5 / max_row, 200, stochastic, seed).unwrap();
        let scale = 1.0 + path.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        for w in path.chunks(d) {
            prop_assert!(distance_to_row_space(&s, w) <= 1e-9 * scale, "left the row space: {:?}", w);
        }
    }

    /// X⁺y solves a consistent system and no other solution is shorter (checked against
    /// solutions min_norm + t·v with v in the null space).
    #[test]
    fn min_norm_solution_is_a_solution_and_shortest(
        a in proptest::collection::vec(-3.0f64..3.0, 2),
        b in -3.0f64..3.0,
        t in -3.0f64..3.0,
    ) {
        prop_assume!(a[0].hypot(a[1]) > 0.1);
        let s = System { x: a.clone(), y: vec![b], n: 1, d: 2 };
        let w = min_norm_solution(&s.x, &s.y, 1, 2).unwrap();
        prop_assert!(residual(&s, &w) < 1e-12);
        let other = [w[0] - t * a[1], w[1] + t * a[0]]; // also a solution
        prop_assert!(w[0].hypot(w[1]) <= other[0].hypot(other[1]) + 1e-12);
    }
}

#[test]
fn max_margin_direction_matches_sklearn_svc() {
    let fx = fixture();
    let cases = fx["max_margin"].as_array().unwrap();
    assert_eq!(cases.len(), 4);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let m = max_margin_direction(&floats(&case["points"]), &floats(&case["labels"])).unwrap();
        let want = floats(&case["direction"]);
        let angle = angle_degrees(m.direction, [want[0], want[1]]);
        // SVC's stopping tolerance leaves ~1e-6 rad; the enumeration itself is exact.
        assert!(angle < 1e-3, "{name}: {angle}° from sklearn's direction");
        let margin = case["margin"].as_f64().unwrap();
        assert!(
            (m.margin - margin).abs() < 1e-6 * margin,
            "{name}: margin {} vs {margin}",
            m.margin
        );
    }
}

#[test]
fn logistic_direction_approaches_the_svm_direction() {
    let fx = fixture();
    // (data set, start, iterations, angle must end below 1°?). The angle falls like 1/log t at
    // a data-dependent speed (sets whose other points sit far beyond the support vectors
    // converge faster); the counts were measured. From (−2, 3) the station's set needs more
    // than 10⁶ iterations (1.8° there, 27° at t = 100): there we check only the decline.
    let runs = [
        ("station", [0.0, 0.0], 1_000_000, true),
        ("station", [-2.0, 3.0], 1_000_000, false),
        ("random 1", [0.0, 0.0], 10_000, true),
        ("random 1", [-2.0, 3.0], 10_000, true),
        ("random 2", [0.0, 0.0], 1_000_000, true),
        ("random 2", [-2.0, 3.0], 1_000_000, true),
    ];
    let cases = fx["max_margin"].as_array().unwrap();
    for (name, w0, iters, below_one_degree) in runs {
        let case = cases.iter().find(|c| c["name"] == name).unwrap();
        let (points, labels) = (floats(&case["points"]), floats(&case["labels"]));
        let svm = floats(&case["direction"]);
        let svm = [svm[0], svm[1]];
        let path = logistic_path(&points, &labels, w0, 1.0, iters).unwrap();
        let angle_at = |t: u64| {
            let i = path.iterations.iter().position(|&s| s >= t).unwrap();
            angle_degrees(path.weights[i], svm)
        };
        let last = angle_degrees(*path.weights.last().unwrap(), svm);
        if below_one_degree {
            assert!(last < 1.0, "{name} from {w0:?}: {last}° after {iters}");
        }
        // The angle falls decade by decade, while ‖w‖ grows without bound.
        let mut prev = f64::INFINITY;
        let mut t = 100;
        while t <= iters as u64 {
            let a = angle_at(t);
            assert!(
                a < prev,
                "{name} from {w0:?}: angle rose to {a}° at t = {t}"
            );
            prev = a;
            t *= 10;
        }
        let norm_at = |t: u64| {
            let i = path.iterations.iter().position(|&s| s >= t).unwrap();
            path.weights[i][0].hypot(path.weights[i][1])
        };
        assert!(norm_at(iters as u64) > norm_at(iters as u64 / 100) + 1.0);
    }
}

#[test]
fn logistic_records_are_log_spaced_and_end_at_the_last_iteration() {
    let p = logistic_path(
        &[1.0, 0.5, -1.0, -0.2],
        &[1.0, -1.0],
        [0.0, 0.0],
        1.0,
        12_345,
    )
    .unwrap();
    assert_eq!(p.iterations[..3], [0, 1, 2]);
    assert_eq!(*p.iterations.last().unwrap(), 12_345);
    assert!(p.iterations.windows(2).all(|w| w[0] < w[1]));
    for t in [1, 10, 100, 1000, 10_000] {
        assert!(p.iterations.contains(&t), "{t} is not recorded");
    }
    // About 40 per decade over 4 decades (plus the dense start).
    assert!(p.iterations.len() < 250, "{}", p.iterations.len());
    // Each step matches the update written out here.
    let q = logistic_path(&[1.0, 0.5, -1.0, -0.2], &[1.0, -1.0], [0.3, -0.1], 0.7, 1).unwrap();
    let z = [[1.0, 0.5], [1.0, 0.2]];
    let mut w = [0.3, -0.1];
    let mut g = [0.0, 0.0];
    for zi in z {
        let s = zi[0] * w[0] + zi[1] * w[1];
        let sig = 1.0 / (1.0 + f64::exp(s));
        g[0] += sig * zi[0];
        g[1] += sig * zi[1];
    }
    w[0] += 0.7 * g[0] / 2.0;
    w[1] += 0.7 * g[1] / 2.0;
    assert_close(&q.weights[1], &w, 1e-15, "one logistic step");
}
