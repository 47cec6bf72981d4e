//! No panic reaches the page, part 2: optimisers, implicit regularization and the networks.
//!
//! As `tests/no_panic.rs`: each function that `src/wasm/{optim,implicit,nn,skip,lenet}.rs`
//! exports is driven through the core function it calls, with the settings a student (or a
//! hand-edited URL) could send: NaN, ±∞, ±1e308, zero, negative and huge counts, diverging step
//! sizes, garbage files. Every call returns an `Err` or a result of the promised shape. Sizes
//! are kept small where the computation is legitimately long (a valid 10-million-iteration
//! request is slow, not a bug).

use convlab::implicit;
use convlab::nn::cnn::{self, Digits, LeNet, TrainConfig};
use convlab::nn::residual::{profile, DeepNet, DeepSpec, SkipRace, Wiring};
use convlab::nn::{Activation, Config, Trainer};
use convlab::optim::{self, GradientNoise, Problem};
use proptest::prelude::*;

mod support;
use support::number;

/// A setting that is usually in its sensible range `lo..hi` (so the computation behind it
/// runs) and otherwise any number at all.
fn setting(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
    prop_oneof![5 => lo..hi, 1 => number()]
}

fn numbers(max_len: usize) -> impl Strategy<Value = Vec<f64>> {
    proptest::collection::vec(number(), 0..max_len)
}

/// A count as the boundary passes it: small, at a limit, just past it, or absurd.
fn count(limit: usize) -> impl Strategy<Value = usize> {
    prop_oneof![6 => 0usize..6, 1 => Just(limit), 1 => Just(limit + 1), 1 => Just(usize::MAX)]
}

fn problem() -> impl Strategy<Value = Result<Problem, convlab::Error>> {
    prop_oneof![
        (setting(0.001, 10.0), setting(0.001, 10.0), number())
            .prop_map(|(a, b, t)| Problem::quadratic(a, b, t)),
        (number(), setting(1.0, 100.0)).prop_map(|(a, b)| Problem::rosenbrock(a, b)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn momentum(p in problem(), w0 in (number(), number()), alpha in number(), beta in number(),
                steps in prop_oneof![0usize..40, Just(optim::MAX_STEPS + 1)], sigma in number(), seed in any::<u64>(),
                grid in (number(), number(), number(), number(), 0usize..12)) {
        let Ok(p) = p else { return Ok(()) };
        let noise = (sigma >= 0.0 && sigma.is_finite()).then_some(GradientNoise { sigma, seed });
        if let Ok(path) = optim::heavy_ball_path(&p, [w0.0, w0.1], alpha, beta, steps, noise) {
            prop_assert_eq!(path.len(), steps + 1);
            // A diverging run comes back as computed; the diagnosis must cope with inf and NaN.
            let _ = optim::diagnose(&p, &path, alpha, beta);
            for w in &path { let _ = p.value(*w); }
        }
        let (lo, hi) = p.curvatures();
        let _ = (optim::optimal_gradient_descent(lo, hi), optim::optimal_heavy_ball(lo, hi));
        let _ = (optim::convergence_rate(lo, hi, alpha, beta), p.minimizer(), p.min_value());
        let _ = p.gradient([w0.0, w0.1]);
        let (x0, x1, y0, y1, n) = grid;
        if let Ok(g) = p.grid(x0, x1, y0, y1, n, n + 1) { prop_assert_eq!(g.len(), n * (n + 1)); }
    }

    #[test]
    fn least_squares(x in numbers(40), y in numbers(10), n in count(implicit::MAX_SIZE), d in count(implicit::MAX_SIZE),
                     w0 in numbers(10), step in number(), steps in prop_oneof![0usize..30, Just(implicit::MAX_STEPS + 1)],
                     stochastic in any::<bool>(), seed in any::<u64>()) {
        // Shapes that fit half the time, so the algebra runs as well as the checks.
        let (n, d) = if x.len() >= 4 && y.len() >= 2 && w0.len() >= 2 { (2, 2) } else { (n, d) };
        let x = &x[..x.len().min(n.saturating_mul(d))];
        let (y, w0) = (&y[..y.len().min(n)], &w0[..w0.len().min(d)]);
        if let Ok(path) = implicit::least_squares_path(x, y, n, d, w0, step, steps, stochastic, seed) {
            prop_assert_eq!(path.len(), (steps + 1) * d);
        }
        if let Ok(w) = implicit::min_norm_solution(x, y, n, d) { prop_assert_eq!(w.len(), d); }
        if let Ok(w) = implicit::nearest_solution(x, y, n, d, w0) { prop_assert_eq!(w.len(), d); }
    }

    #[test]
    fn logistic(points in numbers(24), labels in proptest::collection::vec(prop_oneof![Just(1.0), Just(-1.0), number()], 0..12),
                w0 in (number(), number()), step in number(), iterations in prop_oneof![0usize..300, Just(implicit::MAX_ITERATIONS + 1)]) {
        if let Ok(m) = implicit::max_margin_direction(&points, &labels) {
            prop_assert!(m.direction.iter().all(|v| v.is_finite()));
        }
        if let Ok(p) = implicit::logistic_path(&points, &labels, [w0.0, w0.1], step, iterations) {
            prop_assert_eq!(p.iterations.len(), p.weights.len());
        }
        let _ = implicit::angle_degrees([w0.0, w0.1], [step, 1.0]);
    }

    #[test]
    fn regularization_trainer(hidden in count(60), lambda in setting(0.0, 1.0), dropout in setting(0.0, 0.9), lr in setting(0.001, 1.0),
                              batch in count(40), n_train in prop_oneof![2usize..30, Just(10_001)], n_val in count(30),
                              noise in setting(0.0, 1.0), relu in any::<bool>(), epochs in 0usize..3, xs in numbers(5)) {
        let config = Config {
            hidden, activation: if relu { Activation::Relu } else { Activation::Tanh }, lambda, dropout,
            learning_rate: lr, batch_size: batch, seed: 1, data_seed: 2, n_train, n_val, noise,
        };
        if config.validate().is_err() { prop_assert!(Trainer::new(config).is_err()); return Ok(()); }
        let mut t = Trainer::new(config).expect("a validated config starts");
        let _ = t.step(epochs);
        let _ = t.run_unrecorded(epochs);
        prop_assert_eq!(t.model().predict(&xs).len(), xs.len());
        prop_assert_eq!(t.best_model().predict(&xs).len(), xs.len());
        let _ = (t.best(), t.test_mse(), t.model().weight_norm_sq(), t.history().len(), t.data());
    }

    #[test]
    fn skip_connections(depth in count(12), width in count(8), gain in setting(0.0, 3.0), seed in any::<u64>(),
                        batch in count(8), lr in setting(0.0, 1.0), relu in any::<bool>(), steps in 0usize..4) {
        let spec = DeepSpec { depth, width, activation: if relu { Activation::Relu } else { Activation::Tanh }, gain, seed, batch, learning_rate: lr };
        if spec.validate().is_err() { return Ok(()); }
        for wiring in [Wiring::Plain, Wiring::Residual] {
            if let Ok(p) = profile(wiring, &spec) { prop_assert_eq!(p.grad_norms.len(), depth); }
        }
        let _ = DeepNet::new(Wiring::Plain, &spec).map(|n| n.param_count());
        if let Ok(mut race) = SkipRace::new(spec) {
            let _ = race.step(steps);
            prop_assert_eq!(race.history().len(), race.steps() + 1);
        }
    }

    #[test]
    fn lenet(file in proptest::collection::vec(any::<u8>(), 0..400), n in count(2000), n_train in count(2000),
             image in proptest::collection::vec(0.0f64..=1.0, 0..70), weights in proptest::collection::vec(any::<u8>(), 0..64),
             lr in setting(0.001, 1.0), momentum in setting(0.0, 0.99), batch in count(8), seed in any::<u64>()) {
        let _ = Digits::parse(&file);
        if let Ok(t) = cnn::test_indices(n, n_train) { prop_assert_eq!(t.len(), n - n_train); }
        let mut net = LeNet::new(seed);
        if image.len() == cnn::PIXELS {
            let a = net.activations(&image).expect("a 64-pixel image in 0..1 runs");
            prop_assert!(a.probs.iter().all(|p| p.is_finite()));
        } else {
            prop_assert!(net.activations(&image).is_err());
        }
        // A weights file: random bytes, a truncated real one, a real one with a NaN.
        let good = net.to_bytes();
        prop_assert!(net.load_bytes(&weights).is_err());
        prop_assert!(net.load_bytes(&good[..good.len() - 1]).is_err());
        let mut nan = good.clone();
        nan[8..12].copy_from_slice(&f32::NAN.to_le_bytes());
        prop_assert!(net.load_bytes(&nan).is_err());
        prop_assert!(net.load_bytes(&good).is_ok());
        // Training settings on a small valid digits file (20 digits: pixels 0..16, labels 0..9).
        let digits_file: Vec<u8> = (0..20 * 64).map(|i| (i % 17) as u8).chain((0..20).map(|i| (i % 10) as u8)).collect();
        let digits = Digits::parse(&digits_file).expect("a well-formed digits file");
        let (_, test) = cnn::split(digits.len(), n_train);
        prop_assert!((0.0..=1.0).contains(&net.accuracy(&digits, &test)) || test.is_empty());
        let config = TrainConfig { learning_rate: lr, momentum, batch_size: batch, seed, n_train: n_train.min(30) };
        if let Ok(mut t) = cnn::Trainer::new(digits, config) {
            for _ in 0..3 { let _ = t.step(); }
            let _ = (t.take_epoch_loss(), t.progress(), t.train_accuracy(), t.test_accuracy(), t.model().to_bytes());
        }
    }
}

#[test]
fn skip_connections_at_the_largest_settings_finish() {
    let spec = DeepSpec {
        depth: 200,
        width: 64,
        batch: 256,
        ..DeepSpec::default()
    };
    let p = profile(Wiring::Residual, &spec).expect("the largest allowed stack runs");
    assert_eq!(p.grad_norms.len(), 200);
}
