//! The LeNet station's core: gradient checks of conv2d, max pooling and the whole network
//! against central finite differences (all in f64), conv2d against the crate's independent
//! `correlate2d`, the weights file format, the data split, and a short deterministic training
//! run on the real 8×8 digits (www/data/digits.bin, made by scripts/make_digits.py).

use convlab::border::Border;
use convlab::conv::correlate2d;
use convlab::nn::cnn::{
    cross_entropy, softmax, split, Digits, LeNet, TrainConfig, Trainer, PIXELS,
};
use convlab::nn::conv2d::Conv2d;
use convlab::nn::maxpool::MaxPool2d;
use convlab::nn::Rng;

mod common;
use common::gradcheck::{check_gradient, F64};

fn digits() -> Digits {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/digits.bin");
    Digits::parse(&std::fs::read(path).expect("www/data/digits.bin (scripts/make_digits.py)"))
        .unwrap()
}

fn randn(n: usize, rng: &mut Rng) -> Vec<f64> {
    (0..n).map(|_| rng.normal()).collect()
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Checks a layer L(x) = r·layer(x) with a random r: dL/dx, and dL/dθ for each parameter.
#[test]
fn conv2d_gradients_match_finite_differences() {
    for (pad, k) in [(1, 3), (0, 3), (2, 5), (0, 1)] {
        let mut rng = Rng::new(11 + pad as u64);
        let mut layer = Conv2d::new(2, 3, (5, 4), k, pad, &mut rng).unwrap();
        layer.b = randn(3, &mut rng);
        let x = randn(2 * layer.in_len(), &mut rng); // a batch of 2
        let r = randn(2 * layer.out_len(), &mut rng);
        let loss = |l: &Conv2d, x: &[f64]| dot(&r, &l.apply(x));
        layer.zero_grad();
        layer.forward(&x);
        let dx = layer.backward(&r);
        check_gradient("conv dx", F64, &dx, &mut x.clone(), |x| loss(&layer, x));
        let mut probe = layer.clone();
        check_gradient("conv dw", F64, &layer.dw, &mut layer.w.clone(), |w| {
            probe.w.copy_from_slice(w);
            loss(&probe, &x)
        });
        let mut probe = layer.clone();
        check_gradient("conv db", F64, &layer.db, &mut layer.b.clone(), |b| {
            probe.b.copy_from_slice(b);
            loss(&probe, &x)
        });
    }
}

/// With one channel and one filter, padding 1 and a 3×3 filter, the layer is scipy's
/// `ndimage.correlate(x, w, mode="constant")` + b: the crate's `correlate2d` (f32, written
/// independently) must agree.
#[test]
fn conv2d_equals_correlate2d_with_zero_border() {
    let mut rng = Rng::new(5);
    let mut layer = Conv2d::new(1, 1, (6, 7), 3, 1, &mut rng).unwrap();
    layer.b = vec![0.25];
    let x = randn(42, &mut rng);
    let y = layer.apply(&x);
    let xf: Vec<f32> = x.iter().map(|&v| v as f32).collect();
    let wf: Vec<f32> = layer.w.iter().map(|&v| v as f32).collect();
    let image = ndarray::ArrayView2::from_shape((6, 7), &xf[..]).unwrap();
    let kernel = ndarray::ArrayView2::from_shape((3, 3), &wf[..]).unwrap();
    let z = correlate2d(image, kernel, Border::Constant).unwrap();
    for (a, b) in y.iter().zip(&z) {
        assert!((a - (*b as f64 + 0.25)).abs() < 1e-5, "{a} vs {b} + 0.25");
    }
}

#[test]
fn maxpool_gradient_matches_finite_differences() {
    let mut rng = Rng::new(9);
    // Distinct values 0.1 apart (shuffled), so a ±h nudge never changes a window's winner.
    let mut x: Vec<f64> = (0..2 * 3 * 6 * 5).map(|i| 0.1 * i as f64).collect();
    rng.shuffle(&mut x);
    let mut pool = MaxPool2d::new(3, (6, 5), 2).unwrap();
    let r = randn(2 * pool.out_len(), &mut rng);
    let y = pool.forward(&x);
    assert_eq!(y.len(), 2 * 3 * 3 * 2);
    let dx = pool.backward(&r);
    check_gradient("maxpool dx", F64, &dx, &mut x.clone(), |x| {
        dot(&r, &pool.apply(x))
    });
    // Each window sends its gradient to exactly one input: the column of 5 drops one column.
    assert_eq!(dx.iter().filter(|&&g| g != 0.0).count(), r.len());
}

#[test]
fn whole_network_gradient_matches_finite_differences() {
    let data = digits();
    let mut net = LeNet::new(3);
    // Non-zero biases so that the check also covers them away from their initial 0.
    let mut rng = Rng::new(4);
    net.conv1.b = randn(net.conv1.b.len(), &mut rng)
        .iter()
        .map(|v| 0.1 * v)
        .collect();
    net.conv2.b = randn(net.conv2.b.len(), &mut rng)
        .iter()
        .map(|v| 0.1 * v)
        .collect();
    let batch = [3usize, 10, 200, 777];
    // Blank regions of a digit give equal values in a pooling window, where max is not
    // differentiable (a nudge to one pixel picks the winner): a little noise breaks the ties.
    let images: Vec<f64> = batch
        .iter()
        .flat_map(|&i| data.image(i).to_vec())
        .map(|v| v + 0.01 * rng.normal())
        .collect();
    let labels: Vec<u8> = batch.iter().map(|&i| data.labels[i]).collect();
    let loss = |n: &LeNet, x: &[f64]| cross_entropy(&n.logits(x), &labels).0;
    net.loss_and_grad(&images, &labels);
    let grads: Vec<Vec<f64>> = net
        .params_and_grads()
        .iter()
        .map(|(_, g)| g.to_vec())
        .collect();
    let mut checked = 0;
    for (p, g) in grads.iter().enumerate() {
        let mut probe = net.clone();
        let mut theta = probe.params_and_grads()[p].0.to_vec();
        check_gradient(&format!("parameter {p}"), F64, g, &mut theta, |t| {
            probe.params_and_grads()[p].0.copy_from_slice(t);
            loss(&probe, &images)
        });
        checked += g.len();
    }
    assert_eq!(checked, 1210);
    // And the gradient with respect to the input pixels.
    net.zero_grad();
    let dz = cross_entropy(&net.forward(&images), &labels).1;
    let dx = net.backward(&dz);
    check_gradient("input", F64, &dx, &mut images.clone(), |x| loss(&net, x));
}

#[test]
fn softmax_and_cross_entropy_by_hand() {
    // Equal logits: p = 1/10 each, L = ln 10, dL/dz = (1/10 − onehot)/1.
    let (l, g) = cross_entropy(&[2.0; 10], &[4]);
    assert!((l - 10f64.ln()).abs() < 1e-12);
    for (k, v) in g.iter().enumerate() {
        let want = 0.1 - if k == 4 { 1.0 } else { 0.0 };
        assert!((v - want).abs() < 1e-12);
    }
    // Huge logits do not overflow (the max is subtracted first).
    let p = softmax(&[1000.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 999.0]);
    let e = (-1f64).exp();
    assert!((p[0] - 1.0 / (1.0 + e + 8.0 * (-1000f64).exp())).abs() < 1e-12);
    assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
}

#[test]
fn digits_file_and_split() {
    let d = digits();
    assert_eq!(d.len(), 1797);
    assert_eq!(d.images.len(), 1797 * PIXELS);
    // Every class is present about equally often (the UCI set has 174–183 of each digit).
    for k in 0..10u8 {
        let n = d.labels.iter().filter(|&&l| l == k).count();
        assert!((170..=190).contains(&n), "{n} digits {k}");
    }
    let (train, test) = split(1797, 1500);
    assert_eq!((train.len(), test.len()), (1500, 297));
    let mut all: Vec<usize> = train.iter().chain(&test).copied().collect();
    all.sort_unstable();
    assert_eq!(all, (0..1797).collect::<Vec<_>>());
    assert_eq!(split(1797, 1500), (train, test), "the split is fixed");
    assert!(Digits::parse(&[0u8; 64]).is_err());
    let mut bad = vec![0u8; 65];
    bad[3] = 17;
    assert!(Digits::parse(&bad).is_err());
}

#[test]
fn weights_round_trip_and_bad_files_are_refused() {
    let a = LeNet::new(7);
    let bytes = a.to_bytes();
    assert_eq!(bytes.len(), 8 + 4 * 1210);
    let mut b = LeNet::new(8);
    b.load_bytes(&bytes).unwrap();
    for (p, q) in a.params().iter().zip(b.params()) {
        for (x, y) in p.iter().zip(q) {
            assert_eq!(*x as f32, *y as f32);
        }
    }
    let before = b.to_bytes();
    assert!(b.load_bytes(&bytes[..100]).is_err());
    assert!(b.load_bytes(b"hello world!").is_err());
    let mut nan = bytes.clone();
    nan[8..12].copy_from_slice(&f32::NAN.to_le_bytes());
    let e = b.load_bytes(&nan).unwrap_err();
    assert!(e.message().contains("NaN"));
    assert_eq!(
        b.to_bytes(),
        before,
        "a refused file leaves the weights alone"
    );
    assert!(b.activations(&[0.0; 63]).is_err());
    assert!(b.activations(&[f64::NAN; 64]).is_err());
}

#[test]
fn bad_training_settings_are_refused() {
    let d = digits();
    for c in [
        TrainConfig {
            learning_rate: 0.0,
            ..TrainConfig::default()
        },
        TrainConfig {
            momentum: 1.0,
            ..TrainConfig::default()
        },
        TrainConfig {
            batch_size: 0,
            ..TrainConfig::default()
        },
        TrainConfig {
            n_train: 1797,
            ..TrainConfig::default()
        },
    ] {
        assert!(Trainer::new(d.clone(), c).is_err());
    }
}

/// Five epochs of the page's default training (seed 1) reached 95.96 % test accuracy when
/// measured (11.45 % before training); demand 93 %, i.e. allow 9 more of the 297 test
/// digits wrong.
#[test]
fn short_training_run_learns_the_digits() {
    let mut t = Trainer::new(digits(), TrainConfig::default()).unwrap();
    let before = t.test_accuracy();
    let mut losses = Vec::new();
    for _ in 0..5 {
        losses.push(t.train_epoch().unwrap());
    }
    assert_eq!(t.epochs_done(), 5);
    let acc = t.test_accuracy();
    assert!(before < 0.3, "untrained accuracy {before}");
    assert!(
        acc >= 0.93,
        "test accuracy after 5 epochs {acc} (measured 0.9596)"
    );
    assert!(losses[4] < 0.5 * losses[0], "loss {losses:?}");
}

/// The shipped weights (examples/train_lenet.rs, 14 epochs) scored 97.31 % on the test digits.
#[test]
fn pretrained_weights_classify_the_test_digits() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/lenet-weights.bin");
    let mut net = LeNet::new(1);
    net.load_bytes(&std::fs::read(path).unwrap()).unwrap();
    let d = digits();
    let (_, test) = split(d.len(), TrainConfig::default().n_train);
    let acc = net.accuracy(&d, &test);
    assert!(acc >= 0.95, "pretrained test accuracy {acc}");
    // The activations agree with the batch path and the probabilities sum to 1.
    let a = net.activations(d.image(test[0])).unwrap();
    assert_eq!(a.logits, net.logits(d.image(test[0])));
    assert_eq!(
        (a.conv1.len(), a.pool1.len(), a.conv2.len(), a.pool2.len()),
        (384, 96, 192, 48)
    );
    assert!((a.probs.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    assert!(
        a.conv1.iter().chain(&a.conv2).all(|&v| v >= 0.0),
        "after ReLU"
    );
}

/// Review: `lenet_test_indices(-1, …)` reached the split as n = 2³² − 1 and tried to allocate
/// gigabytes; the checked split refuses it and agrees with `split` otherwise.
#[test]
fn test_indices_check_their_sizes() {
    use convlab::nn::cnn::{split, test_indices, MAX_SPLIT};
    assert!(test_indices(u32::MAX as usize, 1500).is_err());
    assert!(test_indices(MAX_SPLIT + 1, 1).is_err());
    assert!(test_indices(0, 0).is_err());
    assert!(test_indices(10, 11).is_err());
    assert_eq!(test_indices(1797, 1500).unwrap(), split(1797, 1500).1);
}
