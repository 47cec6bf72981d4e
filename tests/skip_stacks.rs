//! The skip station's three stacks on the engine: parameter counts against hand counts (and
//! the f64 module's DenseNet formula), per-layer gradient norms, and training on the toy batch.

use convlab::nn::engine::skip_stacks::{build, param_counts, StackRace, StackSpec, Wiring};
use convlab::nn::residual::densenet_params;

#[test]
fn parameter_counts_match_hand_counts() {
    for (depth, width, growth) in [(1, 4, 1), (3, 16, 8), (30, 16, 8), (12, 8, 4)] {
        let spec = StackSpec {
            depth,
            width,
            growth,
            ..StackSpec::default()
        };
        let [plain, residual, dense] = param_counts(&spec).unwrap();
        let (l, n, k) = (depth, width, growth);
        // Plain and residual: L layers of n × n weights and n biases, read-out n + 1.
        assert_eq!(plain, l * (n * n + n) + n + 1);
        assert_eq!(residual, plain);
        // Dense: layer l (0-based) has (n + l·k)·k weights and k biases; read-out n + L·k + 1.
        let hand: usize = (0..l).map(|i| (n + i * k) * k + k).sum::<usize>() + n + l * k + 1;
        assert_eq!(dense, hand, "depth {depth}, k {growth}");
        assert_eq!(dense, densenet_params(l, n, k) + n + l * k + 1);
    }
    // Depth 3, n = 16, k = 8 written out: (16·8 + 8) + (24·8 + 8) + (32·8 + 8) + 41 = 641.
    let spec = StackSpec {
        depth: 3,
        ..StackSpec::default()
    };
    assert_eq!(param_counts(&spec).unwrap()[2], 136 + 200 + 264 + 41);
}

#[test]
fn shapes_and_per_layer_gradient_norms() {
    let spec = StackSpec {
        depth: 5,
        growth: 3,
        ..StackSpec::default()
    };
    for w in [Wiring::Plain, Wiring::Residual, Wiring::Dense] {
        let net = build(w, &spec).unwrap();
        assert_eq!(net.out_shape(), [1, 1, 1]);
    }
    let race = StackRace::new(spec).unwrap();
    for g in race.grad_norms() {
        assert_eq!(g.len(), 5);
        assert!(g.iter().all(|v| v.is_finite() && *v > 0.0), "{g:?}");
    }
}

#[test]
fn all_three_train_and_the_deep_plain_stack_ends_highest() {
    let spec = StackSpec {
        depth: 30,
        ..StackSpec::default()
    };
    let mut race = StackRace::new(spec).unwrap();
    let first = race.losses()[0];
    let last = race.step(100).unwrap();
    assert_eq!(race.steps(), 100);
    assert_eq!(race.losses().len(), 101);
    for i in 0..3 {
        assert!(
            last[i] < 0.5 * first[i],
            "stack {i}: {} → {}",
            first[i],
            last[i]
        );
    }
    // With skips (residual) or direct paths from every layer (dense) the 30-layer stack fits
    // the batch better than the plain one in the same 100 steps.
    assert!(last[1] < last[0] && last[2] < last[0], "{last:?}");
}

#[test]
fn clipping_shortens_only_long_gradients() {
    use convlab::nn::engine::skip_stacks::clip_gradient;
    let spec = StackSpec {
        depth: 2,
        ..StackSpec::default()
    };
    let mut net = build(Wiring::Plain, &spec).unwrap();
    let norm = |net: &convlab::nn::engine::Sequential| {
        let mut sq = 0.0f64;
        net.visit_params(&mut |p| sq += p.grad.iter().map(|&g| f64::from(g).powi(2)).sum::<f64>());
        sq.sqrt()
    };
    net.visit_params_mut(&mut |p| p.grad.fill(1.0));
    let before = norm(&net);
    clip_gradient(&mut net, 1.0);
    assert!((norm(&net) - 1.0).abs() < 1e-5, "{before} → {}", norm(&net));
    net.visit_params_mut(&mut |p| p.grad.fill(1e-4));
    let small = norm(&net);
    clip_gradient(&mut net, 1.0);
    assert_eq!(norm(&net), small, "a short gradient is left alone");
}

#[test]
fn bad_settings_are_refused() {
    let bad = StackSpec {
        growth: 0,
        ..StackSpec::default()
    };
    assert!(build(Wiring::Dense, &bad)
        .unwrap_err()
        .to_string()
        .contains("growth rate k"));
    let bad = StackSpec {
        learning_rate: f64::NAN,
        ..StackSpec::default()
    };
    assert!(StackRace::new(bad).is_err());
}
