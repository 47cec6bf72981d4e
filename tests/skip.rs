//! Skip connections: backprop of the residual block and of whole deep stacks checked against
//! central finite differences, the all-zero-weights properties, and the behaviour the station
//! shows (the plain net's gradient signal vanishes, the residual net's does not; the residual
//! net trains further in 100 steps at depth 30).

use convlab::nn::residual::{
    densenet_params, profile, toy_task, Block, DeepNet, DeepSpec, SkipRace, Wiring,
};
use convlab::nn::{Activation, Rng};
use proptest::prelude::*;

mod common;
use common::gradcheck::{check_gradient, F64};

/// Loss Σ c ⊙ block(h): its gradient wrt the block output is c.
fn block_loss(block: &mut Block, h: &[f64], c: &[f64]) -> f64 {
    block.forward(h).iter().zip(c).map(|(o, c)| o * c).sum()
}

fn check_block(kind: Activation, skip: bool) {
    let (width, batch) = (5, 3);
    let mut rng = Rng::new(11);
    let mut block = Block::new(width, kind, 1.3, skip, &mut rng);
    block
        .dense
        .b
        .iter_mut()
        .for_each(|b| *b = 0.3 * rng.normal());
    let h: Vec<f64> = (0..width * batch).map(|_| rng.normal()).collect();
    let c: Vec<f64> = (0..width * batch).map(|_| rng.normal()).collect();

    block.dense.zero_grad();
    block_loss(&mut block, &h, &c);
    let dh = block.backward(&c);
    let (dw, db) = (block.dense.dw.clone(), block.dense.db.clone());

    let what = |g: &str| format!("{kind:?} skip={skip} {g}");
    let mut probe = block.clone();
    check_gradient(&what("dh"), F64, &dh, &mut h.clone(), |h| {
        block_loss(&mut probe, h, &c)
    });
    let mut w = block.dense.w.clone();
    check_gradient(&what("dW"), F64, &dw, &mut w, |w| {
        probe.dense.w.copy_from_slice(w);
        block_loss(&mut probe, &h, &c)
    });
    let mut probe = block.clone();
    let mut b = block.dense.b.clone();
    check_gradient(&what("db"), F64, &db, &mut b, |b| {
        probe.dense.b.copy_from_slice(b);
        block_loss(&mut probe, &h, &c)
    });
}

#[test]
fn residual_block_backward_matches_finite_differences() {
    check_block(Activation::Tanh, true);
    check_block(Activation::Relu, true);
}

#[test]
fn plain_block_backward_matches_finite_differences() {
    check_block(Activation::Tanh, false);
    check_block(Activation::Relu, false);
}

/// Every layer's ∂L/∂W_l of a depth-4 stack, by backprop and by finite differences of the loss.
fn check_deep(wiring: Wiring, kind: Activation) {
    let spec = DeepSpec {
        depth: 4,
        width: 4,
        batch: 5,
        activation: kind,
        gain: 1.2,
        seed: 7,
        ..DeepSpec::default()
    };
    let (x, y) = toy_task(spec.width, spec.batch, spec.seed);
    let mut net = DeepNet::new(wiring, &spec).unwrap();
    net.loss_and_grad(&x, &y).unwrap();
    let norms = net.weight_grad_norms();
    for (l, &norm) in norms.iter().enumerate() {
        let mut probe = net.clone();
        let mut w = net.blocks[l].dense.w.clone();
        let what = format!("{wiring:?} {kind:?} layer {} dW", l + 1);
        let num = check_gradient(&what, F64, &net.blocks[l].dense.dw, &mut w, |w| {
            probe.blocks[l].dense.w.copy_from_slice(w);
            probe.loss_and_grad(&x, &y).unwrap()
        });
        let num_norm = num.iter().map(|g| g * g).sum::<f64>().sqrt();
        assert!((norm - num_norm).abs() <= 1e-6 * num_norm);
    }
}

#[test]
fn deep_stack_layer_gradients_match_finite_differences() {
    for wiring in [Wiring::Plain, Wiring::Residual] {
        for kind in [Activation::Tanh, Activation::Relu] {
            check_deep(wiring, kind);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// All W = 0: the residual stack passes x through plus Σ_l f(b_l) (the identity when b = 0),
    /// the plain stack forgets x and outputs f(b_L) (f(0) = 0 when b = 0).
    #[test]
    fn zero_weights_give_identity_or_constant(
        seed in 0u64..1000, depth in 1usize..12, width in 1usize..6, relu in any::<bool>(),
        with_bias in any::<bool>(),
    ) {
        let kind = if relu { Activation::Relu } else { Activation::Tanh };
        let spec = DeepSpec { depth, width, batch: 3, activation: kind, seed, ..DeepSpec::default() };
        let mut rng = Rng::new(seed + 1);
        let x: Vec<f64> = (0..width * 3).map(|_| rng.normal()).collect();
        let mut plain = DeepNet::new(Wiring::Plain, &spec).unwrap();
        let mut res = DeepNet::new(Wiring::Residual, &spec).unwrap();
        for l in 0..depth {
            let b: Vec<f64> = (0..width).map(|_| if with_bias { rng.normal() } else { 0.0 }).collect();
            for net in [&mut plain, &mut res] {
                net.blocks[l].dense.w.fill(0.0);
                net.blocks[l].dense.b.copy_from_slice(&b);
            }
        }
        let hp = plain.forward_stack(&x);
        let hr = res.forward_stack(&x);
        for (i, (&p, &r)) in hp.iter().zip(&hr).enumerate() {
            let u = i % width;
            let last_b = plain.blocks[depth - 1].dense.b[u];
            prop_assert_eq!(p, kind.value(last_b));
            let expect = x[i] + res.blocks.iter().map(|b| kind.value(b.dense.b[u])).sum::<f64>();
            prop_assert!((r - expect).abs() <= 1e-12 * (1.0 + expect.abs()));
            if !with_bias {
                prop_assert_eq!(r, x[i]);
                prop_assert_eq!(p, 0.0);
            }
        }
    }
}

#[test]
fn same_seed_gives_both_wirings_the_same_weights() {
    let spec = DeepSpec::default();
    let p = DeepNet::new(Wiring::Plain, &spec).unwrap();
    let r = DeepNet::new(Wiring::Residual, &spec).unwrap();
    for (a, b) in p.blocks.iter().zip(&r.blocks) {
        assert_eq!(a.dense.w, b.dense.w);
    }
    assert_eq!(p.readout.w, r.readout.w);
}

#[test]
fn profile_lengths_and_input_norm() {
    let spec = DeepSpec {
        depth: 7,
        ..DeepSpec::default()
    };
    let p = profile(Wiring::Plain, &spec).unwrap();
    assert_eq!(p.grad_norms.len(), 7);
    assert_eq!(p.act_norms.len(), 8);
    assert_eq!(p.signal_norms.len(), 8);
    // h_0 is the input batch: its RMS size √((1/B)·Σ‖x_b‖²), computed here directly.
    let (x, _) = toy_task(spec.width, spec.batch, spec.seed);
    let rms = (x.iter().map(|v| v * v).sum::<f64>() / spec.batch as f64).sqrt();
    assert!((p.act_norms[0] - rms).abs() <= 1e-12 * rms);
}

/// Backprop's signal ∂L/∂h at the input, relative to the top, for tanh at gain 0.5: the plain
/// stack multiplies L Jacobians diag(f')W of norm about 0.5 each, the residual one I + diag(f')W.
#[test]
fn plain_signal_vanishes_residual_does_not() {
    let spec = DeepSpec {
        depth: 30,
        gain: 0.5,
        ..DeepSpec::default()
    };
    let p = profile(Wiring::Plain, &spec).unwrap();
    let r = profile(Wiring::Residual, &spec).unwrap();
    let ratio = |s: &[f64]| s[0] / s[spec.depth];
    assert!(ratio(&p.signal_norms) < 1e-6, "{}", ratio(&p.signal_norms));
    assert!(ratio(&r.signal_norms) > 0.5, "{}", ratio(&r.signal_norms));
    // Every residual layer's weight gradient dwarfs the plain one's.
    for l in 0..spec.depth {
        assert!(r.grad_norms[l] > 1e3 * p.grad_norms[l], "layer {}", l + 1);
    }
}

#[test]
fn residual_trains_lower_at_depth_30() {
    let spec = DeepSpec {
        depth: 30,
        ..DeepSpec::default()
    };
    let mut race = SkipRace::new(spec).unwrap();
    let (p0, r0) = race.history()[0];
    let (p, r) = race.step(100).unwrap();
    assert_eq!(race.steps(), 100);
    assert_eq!(race.history().len(), 101);
    assert!(
        p < p0 && r < r0,
        "both should improve: {p0} → {p}, {r0} → {r}"
    );
    assert!(r < 0.5 * p, "residual {r} should end well below plain {p}");
}

#[test]
fn one_race_step_is_one_clipped_gradient_step() {
    let spec = DeepSpec {
        depth: 3,
        width: 4,
        batch: 6,
        learning_rate: 0.05,
        ..DeepSpec::default()
    };
    let (x, y) = toy_task(spec.width, spec.batch, spec.seed);
    let mut net = DeepNet::new(Wiring::Residual, &spec).unwrap();
    net.loss_and_grad(&x, &y).unwrap();
    let g = net.grad_norm();
    net.descend(spec.learning_rate * (1.0f64).min(convlab::nn::residual::CLIP_NORM / g));
    let expect = net.loss_and_grad(&x, &y).unwrap();
    let mut race = SkipRace::new(spec).unwrap();
    let (_, r) = race.step(1).unwrap();
    assert_eq!(r, expect);
}

#[test]
fn densenet_needs_more_parameters_as_depth_grows() {
    // Growth rate k = n: layer l reads n + (l − 1)n inputs, so the count grows like L².
    let (n, k) = (16, 16);
    let plain = |l: usize| l * (n * n + n);
    assert_eq!(densenet_params(1, n, k), plain(1));
    assert!(densenet_params(10, n, k) > 5 * plain(10));
}

#[test]
fn bad_settings_are_explained() {
    let e = DeepNet::new(
        Wiring::Plain,
        &DeepSpec {
            depth: 0,
            ..DeepSpec::default()
        },
    )
    .unwrap_err();
    assert!(e.message().contains("depth"), "{}", e.message());
    let mut net = DeepNet::new(Wiring::Plain, &DeepSpec::default()).unwrap();
    let e = net.loss_and_grad(&[1.0; 5], &[0.0; 2]).unwrap_err();
    assert!(e.message().contains("input batch"), "{}", e.message());
}
