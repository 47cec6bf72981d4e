//! Tests of the neural-network core: every layer's backward against central finite differences
//! (in f64), dropout's expectation, weight decay's gradient, and a deterministic training run.

use convlab::nn::{loss, Activation, ActivationLayer, Config, Dense, Dropout, Mlp, Rng, Trainer};

mod common;
use common::gradcheck::{check_gradient, F64};

fn randn(rng: &mut Rng, n: usize) -> Vec<f64> {
    (0..n).map(|_| rng.normal()).collect()
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[test]
fn dense_backward_matches_finite_differences() {
    let mut rng = Rng::new(11);
    let (n_in, n_out, batch) = (4, 5, 3);
    let mut layer = Dense::new(n_in, n_out, 1.0, 1.0, &mut rng);
    let x = randn(&mut rng, batch * n_in);
    let c = randn(&mut rng, batch * n_out); // L = Σ c ⊙ y, so dL/dy = c
    layer.forward(&x);
    let dx = layer.backward(&c);
    let loss = |l: &Dense, x: &[f64]| dot(&c, &l.apply(x));

    let mut probe = layer.clone();
    check_gradient("dW", F64, &layer.dw, &mut layer.w.clone(), |w| {
        probe.w.copy_from_slice(w);
        loss(&probe, &x)
    });
    let mut probe = layer.clone();
    check_gradient("db", F64, &layer.db, &mut layer.b.clone(), |b| {
        probe.b.copy_from_slice(b);
        loss(&probe, &x)
    });
    check_gradient("dx", F64, &dx, &mut x.clone(), |x| loss(&layer, x));

    // Gradients accumulate over backward calls and zero_grad clears them.
    let once = layer.dw.clone();
    layer.backward(&c);
    for (twice, once) in layer.dw.iter().zip(&once) {
        assert!(
            (twice - 2.0 * once).abs() <= 1e-12 * once.abs(),
            "{twice} vs 2 × {once}"
        );
    }
    layer.zero_grad();
    assert!(layer.dw.iter().chain(&layer.db).all(|&g| g == 0.0));
}

#[test]
fn activation_backward_matches_finite_differences() {
    let mut rng = Rng::new(12);
    for kind in [Activation::Tanh, Activation::Relu] {
        // Keep ReLU inputs away from its kink at 0, where it has no derivative.
        let a: Vec<f64> = randn(&mut rng, 40)
            .into_iter()
            .map(|v| if v.abs() < 1e-3 { v + 0.1 } else { 2.0 * v })
            .collect();
        let c = randn(&mut rng, a.len());
        let mut layer = ActivationLayer::new(kind);
        layer.forward(&a);
        let da = layer.backward(&c);
        check_gradient(&format!("{kind:?} da"), F64, &da, &mut a.clone(), |v| {
            dot(&c, &layer.apply(v))
        });
    }
}

#[test]
fn dropout_backward_matches_finite_differences() {
    let mut rng = Rng::new(13);
    let x = randn(&mut rng, 30);
    let c = randn(&mut rng, x.len());
    let mut layer = Dropout::new(0.4).unwrap();
    // Re-seeding before every forward gives the same mask, so y(x) is a fixed function of x.
    let y = |l: &mut Dropout, x: &[f64]| l.forward(x, &mut Rng::new(99));
    y(&mut layer, &x);
    let dx = layer.backward(&c);
    let mut probe = layer.clone();
    check_gradient("dropout dx", F64, &dx, &mut x.clone(), |x| {
        dot(&c, &y(&mut probe, x))
    });
    assert!(
        layer.mask().contains(&0.0),
        "p = 0.4 should drop some of 30 units"
    );
}

#[test]
fn loss_gradient_matches_finite_differences() {
    let mut rng = Rng::new(14);
    let pred = randn(&mut rng, 7);
    let target = randn(&mut rng, 7);
    let (l, grad) = loss::half_mse(&pred, &target);
    assert!((2.0 * l - loss::mse(&pred, &target)).abs() < 1e-12);
    check_gradient("dL/dŷ", F64, &grad, &mut pred.clone(), |p| {
        loss::half_mse(p, &target).0
    });
}

/// The whole network's gradient, dropout and weight decay included, against finite
/// differences of f(θ) = (1/2n)·Σ(ŷ − y)² + (λ/2)(‖W‖² + ‖v‖²).
#[test]
fn network_gradient_with_dropout_and_weight_decay() {
    let mut rng = Rng::new(15);
    for kind in [Activation::Tanh, Activation::Relu] {
        let lambda = 0.3;
        let mut net = Mlp::new(6, kind, 0.25, &mut rng).unwrap();
        let x = randn(&mut rng, 5);
        let y = randn(&mut rng, 5);
        let objective = |m: &Mlp| {
            let mut m = m.clone();
            let pred = m.forward(&x, &mut Rng::new(7));
            loss::half_mse(&pred, &y).0 + 0.5 * lambda * m.weight_norm_sq()
        };
        net.zero_grad();
        let pred = net.forward(&x, &mut Rng::new(7));
        net.backward(&loss::half_mse(&pred, &y).1);
        net.add_weight_decay(lambda);
        type Get = fn(&mut Mlp) -> &mut Vec<f64>;
        let params: [(&str, Get, Vec<f64>); 4] = [
            ("W", |m| &mut m.hidden.w, net.hidden.dw.clone()),
            ("b", |m| &mut m.hidden.b, net.hidden.db.clone()),
            ("v", |m| &mut m.output.w, net.output.dw.clone()),
            ("c", |m| &mut m.output.b, net.output.db.clone()),
        ];
        for (name, get, analytic) in params {
            let mut probe = net.clone();
            let mut theta = get(&mut net).clone();
            check_gradient(
                &format!("{kind:?} d{name}"),
                F64,
                &analytic,
                &mut theta,
                |t| {
                    get(&mut probe).copy_from_slice(t);
                    objective(&probe)
                },
            );
        }
    }
}

#[test]
fn dropout_with_p_zero_is_the_identity() {
    let mut rng = Rng::new(16);
    let x = randn(&mut rng, 50);
    let mut layer = Dropout::new(0.0).unwrap();
    let mut r = Rng::new(1);
    assert_eq!(layer.forward(&x, &mut r), x);
    assert_eq!(layer.backward(&x), x);
    assert_eq!(
        r.next_u64(),
        Rng::new(1).next_u64(),
        "p = 0 draws no random numbers"
    );
    // A network trained with p = 0 behaves at training time exactly as at test time.
    let mut net = Mlp::new(20, Activation::Tanh, 0.0, &mut rng).unwrap();
    let xs = randn(&mut rng, 9);
    assert_eq!(net.forward(&xs, &mut Rng::new(5)), net.predict(&xs));
}

/// Inverted dropout keeps E[y] = x: each yᵢ is x/(1 − p) with probability 1 − p, else 0, so
/// Var(yᵢ) = x²·p/(1 − p) and the mean of N outputs has standard error √(Var/N).
#[test]
fn inverted_dropout_keeps_the_expected_activation() {
    let n = 200_000;
    let x_value = 1.5;
    let x = vec![x_value; n];
    for (seed, p) in [(1, 0.1), (2, 0.5), (3, 0.8)] {
        let mut layer = Dropout::new(p).unwrap();
        let y = layer.forward(&x, &mut Rng::new(seed));
        let mean = y.iter().sum::<f64>() / n as f64;
        let se = (x_value * x_value * p / (1.0 - p) / n as f64).sqrt();
        assert!(
            (mean - x_value).abs() < 5.0 * se,
            "p = {p}: mean {mean} vs {x_value} (5 standard errors = {})",
            5.0 * se
        );
        let dropped = y.iter().filter(|&&v| v == 0.0).count() as f64 / n as f64;
        let se_p = (p * (1.0 - p) / n as f64).sqrt();
        assert!(
            (dropped - p).abs() < 5.0 * se_p,
            "p = {p}: dropped {dropped}"
        );
        assert!(y
            .iter()
            .all(|&v| v == 0.0 || (v - x_value / (1.0 - p)).abs() < 1e-12));
    }
}

#[test]
fn weight_decay_adds_lambda_w_to_the_gradient() {
    let mut rng = Rng::new(17);
    let mut net = Mlp::new(8, Activation::Tanh, 0.0, &mut rng).unwrap();
    let x = randn(&mut rng, 4);
    let y = randn(&mut rng, 4);
    let pred = net.forward(&x, &mut rng);
    net.backward(&loss::half_mse(&pred, &y).1);
    let before = net.clone();
    let lambda = 0.7;
    net.add_weight_decay(lambda);
    for (after, before) in [(&net.hidden, &before.hidden), (&net.output, &before.output)] {
        for ((g, g0), w) in after.dw.iter().zip(&before.dw).zip(&after.w) {
            assert!((g - g0 - lambda * w).abs() < 1e-12 * (1.0 + g.abs()));
        }
        assert_eq!(after.db, before.db, "biases are not decayed");
    }
}

#[test]
fn training_reduces_the_training_error_deterministically() {
    let config = Config::default();
    let mut a = Trainer::new(config.clone()).unwrap();
    let first = a.history()[0].train_mse;
    let last = a.step(300).unwrap();
    assert!(
        last.train_mse < 0.5 * first,
        "300 epochs should at least halve the training error: {first} → {}",
        last.train_mse
    );
    assert_eq!(a.epoch(), 300);
    assert_eq!(a.history().len(), 301);
    // Same seeds, same run.
    let mut b = Trainer::new(config).unwrap();
    b.step(300).unwrap();
    assert_eq!(a.history(), b.history());
    // Early stopping keeps the epoch of least validation error, and its weights.
    let best = a
        .history()
        .iter()
        .min_by(|p, q| p.val_mse.total_cmp(&q.val_mse))
        .unwrap();
    assert_eq!(a.best(), *best);
    let d = a.data();
    let again = loss::mse(&a.best_model().predict(&d.x_val), &d.y_val);
    assert!((again - best.val_mse).abs() < 1e-12);
}

#[test]
fn strong_weight_decay_gives_small_weights_and_a_flat_curve() {
    let grid: Vec<f64> = (0..101).map(|i| -1.0 + 0.02 * i as f64).collect();
    let spread = |t: &Trainer| {
        let p = t.model().predict(&grid);
        let m = p.iter().sum::<f64>() / p.len() as f64;
        p.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / p.len() as f64
    };
    let run = |lambda: f64| {
        let mut t = Trainer::new(Config {
            lambda,
            ..Config::default()
        })
        .unwrap();
        t.step(300).unwrap();
        t
    };
    let (free, decayed) = (run(0.0), run(1.0));
    let (wf, wd) = (
        free.model().weight_norm_sq().sqrt(),
        decayed.model().weight_norm_sq().sqrt(),
    );
    assert!(wd < 0.1 * wf, "‖w‖: λ = 1 gives {wd}, λ = 0 gives {wf}");
    assert!(spread(&decayed) < 0.1 * spread(&free));
}

#[test]
fn unrecorded_epochs_follow_the_same_path() {
    let mut a = Trainer::new(Config::default()).unwrap();
    let mut b = a.clone();
    let ea = a.step(50).unwrap();
    let eb = b.run_unrecorded(50).unwrap();
    assert_eq!(ea, eb);
    assert_eq!(b.history().len(), 1);
    assert_eq!(b.epoch(), 50);
}

#[test]
fn bad_settings_are_explained_not_panicked_on() {
    let bad = [
        Config {
            hidden: 0,
            ..Config::default()
        },
        Config {
            dropout: 1.0,
            ..Config::default()
        },
        Config {
            learning_rate: -0.1,
            ..Config::default()
        },
        Config {
            lambda: f64::NAN,
            ..Config::default()
        },
        Config {
            batch_size: 21,
            ..Config::default()
        },
    ];
    for c in bad {
        let e = Trainer::new(c).unwrap_err();
        assert!(e.message().ends_with('.'), "{e}");
    }
    assert!(Activation::parse("sigmoid").is_err());
    // A huge learning rate diverges with a message instead of NaN curves.
    let mut t = Trainer::new(Config {
        learning_rate: 10.0,
        hidden: 200,
        ..Config::default()
    })
    .unwrap();
    let e = t.step(200).unwrap_err();
    assert!(e.message().contains("learning rate"), "{e}");
}
