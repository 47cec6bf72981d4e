//! Figures the stations state in words, against hand-derived values and properties: the
//! length and direction of a weight vector (implicit regularization's ‖w‖, w/‖w‖, ‖limit‖)
//! the steps a contraction needs to get 1000× closer (momentum), and one standard error of a
//! held-out error rate (regularization's width sweep).

use convlab::nn::engine::width_sweep::error_rate_standard_error;
use convlab::optim::steps_to_shrink;
use convlab::vector::{euclidean_norm, norm_and_direction};
use proptest::prelude::*;

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs()
}

#[test]
fn norm_and_direction_of_hand_derived_vectors() {
    // 3-4-5 and (1, 1, 1, 1): ‖w‖ = 5 and 2, directions (0.6, −0.8) and (½, ½, ½, ½).
    let nd = norm_and_direction(&[3.0, -4.0]).unwrap();
    assert_eq!(nd.norm, 5.0);
    assert_eq!(nd.direction, Some(vec![0.6, -0.8]));
    let nd = norm_and_direction(&[1.0; 4]).unwrap();
    assert_eq!(nd.norm, 2.0);
    assert_eq!(nd.direction, Some(vec![0.5; 4]));
    // The zero vector has a length and no direction.
    let nd = norm_and_direction(&[0.0, 0.0]).unwrap();
    assert_eq!((nd.norm, nd.direction), (0.0, None));
    // X⁺y of the station's default system a·w = b, a = (1, 2), b = 3: (3/5, 6/5), ‖·‖ = 3/√5.
    let nd = norm_and_direction(&[0.6, 1.2]).unwrap();
    assert!(close(nd.norm, 3.0 / 5f64.sqrt(), 1e-15), "{}", nd.norm);
}

#[test]
fn norms_of_huge_and_tiny_weights_neither_overflow_nor_underflow() {
    // Σ w² overflows (9e600) or underflows (9e-600) in f64; the length itself is ordinary.
    assert!(close(euclidean_norm(&[3e300, 4e300]), 5e300, 1e-15));
    assert!(close(euclidean_norm(&[3e-300, 4e-300]), 5e-300, 1e-15));
    let nd = norm_and_direction(&[-3e300, 4e300]).unwrap();
    let u = nd.direction.unwrap();
    assert!(close(u[0], -0.6, 1e-15) && close(u[1], 0.8, 1e-15), "{u:?}");
    assert_eq!(euclidean_norm(&[]), 0.0);
    assert_eq!(euclidean_norm(&[1.0, f64::INFINITY]), f64::INFINITY);
    assert!(euclidean_norm(&[1.0, f64::NAN]).is_nan());
}

#[test]
fn bad_weight_vectors_are_refused_with_a_message() {
    assert!(norm_and_direction(&[])
        .unwrap_err()
        .message()
        .contains("empty"));
    let e = norm_and_direction(&[1.0, f64::NAN]).unwrap_err();
    assert!(e.message().contains("position 2"), "{e}");
    assert!(norm_and_direction(&[f64::INFINITY]).is_err());
}

proptest! {
    /// w/‖w‖ has length 1 and ‖w‖·(w/‖w‖) = w; max|wᵢ| ≤ ‖w‖ ≤ √d·max|wᵢ|.
    #[test]
    fn direction_is_a_unit_vector_that_rebuilds_w(w in prop::collection::vec(-1e6f64..1e6, 1..12)) {
        let nd = norm_and_direction(&w).unwrap();
        let m = w.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        prop_assert!(nd.norm >= m * (1.0 - 1e-15) && nd.norm <= (w.len() as f64).sqrt() * m * (1.0 + 1e-15));
        if let Some(u) = nd.direction {
            let len: f64 = u.iter().map(|v| v * v).sum::<f64>().sqrt();
            prop_assert!((len - 1.0).abs() < 1e-14, "|u| = {len}");
            for (ui, wi) in u.iter().zip(&w) {
                prop_assert!((ui * nd.norm - wi).abs() <= 1e-12 * nd.norm);
            }
        } else {
            prop_assert_eq!(m, 0.0);
        }
    }
}

#[test]
fn steps_to_get_a_thousand_times_closer_by_hand() {
    // ρ = ½: 2⁹ = 512 < 1000 ≤ 1024 = 2¹⁰. ρ = 0.1: exactly 10⁻³ after 3 steps (not 4 from
    // rounding in the logarithms). ρ = 0.9: 0.9⁶⁵ ≈ 1.06·10⁻³ > 10⁻³ ≥ 0.9⁶⁶ ≈ 9.55·10⁻⁴.
    assert_eq!(steps_to_shrink(0.5, 1000.0).unwrap(), Some(10));
    assert_eq!(steps_to_shrink(0.1, 1000.0).unwrap(), Some(3));
    assert_eq!(steps_to_shrink(0.9, 1000.0).unwrap(), Some(66));
    // The momentum station's default κ = 100 at the optimal heavy ball: ρ = (√κ − 1)/(√κ + 1)
    // = 9/11; ln 1000 / ln(11/9) = 34.42…, so 35 steps.
    assert_eq!(steps_to_shrink(9.0 / 11.0, 1000.0).unwrap(), Some(35));
    // Gradient descent at its best on κ = 100: ρ = 99/101, ln 1000 / ln(101/99) = 345.4…: 346.
    assert_eq!(steps_to_shrink(99.0 / 101.0, 1000.0).unwrap(), Some(346));
    assert_eq!(
        steps_to_shrink(0.0, 1000.0).unwrap(),
        Some(1),
        "ρ = 0 lands in one step"
    );
    assert_eq!(
        steps_to_shrink(0.5, 1.0).unwrap(),
        Some(0),
        "1× closer needs no step"
    );
    assert_eq!(
        steps_to_shrink(1.0, 1000.0).unwrap(),
        None,
        "ρ = 1 never gets closer"
    );
    assert_eq!(steps_to_shrink(1.5, 1000.0).unwrap(), None);
}

#[test]
fn steps_to_shrink_refuses_meaningless_input() {
    for (rate, factor) in [
        (f64::NAN, 1e3),
        (-0.1, 1e3),
        (0.5, 0.5),
        (0.5, f64::INFINITY),
        (0.5, f64::NAN),
    ] {
        assert!(steps_to_shrink(rate, factor).is_err(), "{rate}, {factor}");
    }
}

proptest! {
    /// The defining property: ρᵗ ≤ 1/factor < ρᵗ⁻¹ (up to rounding in the powers).
    #[test]
    fn the_step_count_is_the_least_that_reaches_the_factor(rate in 0.01f64..0.999, factor in 1.5f64..1e6) {
        let t = steps_to_shrink(rate, factor).unwrap().unwrap();
        prop_assert!(t >= 1);
        let target = 1.0 / factor;
        prop_assert!(rate.powf(t as f64) <= target * (1.0 + 1e-9), "ρ^{} = {} > {}", t, rate.powf(t as f64), target);
        prop_assert!(rate.powf(t as f64 - 1.0) > target * (1.0 - 1e-9), "ρ^{} already reaches {}", t - 1, target);
    }
}

#[test]
fn standard_error_of_an_error_rate_by_hand() {
    // √(0.5·0.5/100) = 0.05; √(0.08·0.92/2000) = √(3.68·10⁻⁵) = 0.006066…; no spread at 0 or 1.
    assert_eq!(error_rate_standard_error(0.5, 100).unwrap(), 0.05);
    assert!((error_rate_standard_error(0.08, 2000).unwrap() - 0.006_066_300_355).abs() < 1e-12);
    assert_eq!(error_rate_standard_error(0.0, 2000).unwrap(), 0.0);
    assert_eq!(error_rate_standard_error(1.0, 2000).unwrap(), 0.0);
    // Four times the examples halve it; p and 1 − p spread alike.
    let (a, b) = (
        error_rate_standard_error(0.3, 500).unwrap(),
        error_rate_standard_error(0.3, 2000).unwrap(),
    );
    assert!((a - 2.0 * b).abs() < 1e-15);
    assert!((a - error_rate_standard_error(0.7, 500).unwrap()).abs() < 1e-15);
    for (p, n) in [(-0.1, 10), (1.1, 10), (f64::NAN, 10), (0.5, 0)] {
        assert!(error_rate_standard_error(p, n).is_err(), "{p}, {n}");
    }
}
