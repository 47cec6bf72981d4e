//! LeNet-5 on the shipped MNIST split: training reaches ≥ 95 % held-out in 2 epochs, the
//! shipped weights reach ≥ 98 %, diverging steps keep the last good weights, frozen layers stay
//! bit-identical, weights files round-trip, and the unit views and receptive fields.

use convlab::nn::engine::mnist::{Mnist, Split, PIXELS};
use convlab::nn::engine::nets::{lenet5, mlp};
use convlab::nn::engine::trainer::{evaluate, TrainConfig, Trainer};
use convlab::nn::engine::units::{synthesize, top_digits, SynthConfig};
use convlab::nn::engine::Sgd;

fn data() -> Mnist {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/data/mnist.bin.gz"
    ))
    .unwrap();
    Mnist::parse(&bytes).unwrap()
}

fn config(learning_rate: f64) -> TrainConfig {
    TrainConfig {
        sgd: Sgd {
            learning_rate,
            ..Sgd::default()
        },
        ..TrainConfig::default()
    }
}

#[test]
fn shipped_data_has_the_documented_split() {
    let d = data();
    assert_eq!((d.len(Split::Train), d.len(Split::HeldOut)), (8000, 2000));
    // Every class is in both splits (the file is shuffled, not grouped by digit).
    for split in [Split::Train, Split::HeldOut] {
        let mut counts = [0usize; 10];
        (0..d.len(split)).for_each(|i| counts[d.label(split, i) as usize] += 1);
        assert!(counts.iter().all(|&c| c > 100), "{split:?}: {counts:?}");
    }
    // The raw (uncompressed) form parses to the same digits.
    let raw = Mnist::parse(&d.to_bytes()).unwrap();
    assert_eq!(
        raw.image_bytes(Split::HeldOut, 7),
        d.image_bytes(Split::HeldOut, 7)
    );
    assert!(Mnist::parse(b"not a digits file").is_err());
    let mut cut = d.to_bytes();
    cut.truncate(1000);
    assert!(Mnist::parse(&cut).is_err());
}

#[test]
fn lenet5_trains_to_95_percent_in_two_epochs() {
    let mut t = Trainer::new(lenet5(1, 0.0).unwrap(), data(), config(0.02)).unwrap();
    t.train_steps(500).unwrap(); // 500 × 32 = 16,000 digits = 2 epochs
    assert!((t.epoch_progress() - 2.0).abs() < 1e-9);
    let e = t.evaluate(Split::HeldOut);
    assert!(e.accuracy >= 0.95, "held-out accuracy {}", e.accuracy);
    assert_eq!(t.best_accuracy(), Some(e.accuracy));
}

#[test]
fn shipped_weights_reach_98_percent_held_out() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/data/lenet5-weights.bin"
    ))
    .unwrap();
    let mut net = lenet5(1, 0.0).unwrap();
    net.load_bytes(&bytes).unwrap();
    let e = evaluate(&mut net, &data(), Split::HeldOut, &mut Vec::new());
    assert!(e.accuracy >= 0.98, "held-out accuracy {}", e.accuracy);
    assert_eq!(
        net.to_bytes(),
        bytes,
        "a weights file round-trips byte for byte"
    );
    // Another architecture's file is refused and leaves the weights alone.
    let other = mlp(30, 1).unwrap().to_bytes();
    assert!(net.load_bytes(&other).is_err());
    assert!(net.load_bytes(&bytes[..bytes.len() - 4]).is_err());
    assert_eq!(net.to_bytes(), bytes);
}

#[test]
fn a_diverging_step_size_stops_with_the_last_good_weights() {
    // (α = 10 only kills the ReLUs: the loss jumps to ~1e29, then settles at a finite plateau.)
    let mut t = Trainer::new(lenet5(1, 0.0).unwrap(), data(), config(1000.0)).unwrap();
    let err = (0..50)
        .find_map(|_| t.train_steps(1).err())
        .expect("α = 1000 diverges");
    assert!(err.message().contains("NaN"), "{err}");
    let mut finite = true;
    t.net()
        .visit_params(&mut |p| finite &= p.value.iter().all(|v| v.is_finite()));
    assert!(finite, "the restored weights are finite");
    let steps = t.steps();
    let e = t.evaluate(Split::HeldOut);
    assert!(
        e.loss < convlab::nn::engine::trainer::HEALTHY_LOSS,
        "the restored weights are from before the blow-up (held-out loss {})",
        e.loss
    );
    // Training goes on from there once the step size is lowered.
    t.set_sgd(Sgd {
        learning_rate: 0.01,
        ..Sgd::default()
    });
    t.train_steps(5).unwrap();
    assert_eq!(t.steps(), steps + 5);
}

#[test]
fn frozen_layers_stay_bit_identical() {
    let mut t = Trainer::new(lenet5(3, 0.3).unwrap(), data(), config(0.02)).unwrap();
    let conv1 = t.net().find("conv1").unwrap();
    let fc1 = t.net().find("fc1").unwrap();
    t.net_mut().set_frozen(conv1, true);
    let snapshot = |t: &Trainer, i: usize| {
        let mut v = Vec::new();
        t.net()
            .layer(i)
            .visit_params(&mut |p| v.extend(p.value.iter().map(|x| x.to_bits())));
        v
    };
    let (c0, f0) = (snapshot(&t, conv1), snapshot(&t, fc1));
    t.train_steps(20).unwrap();
    assert_eq!(snapshot(&t, conv1), c0);
    assert_ne!(snapshot(&t, fc1), f0);
}

#[test]
fn receptive_fields_by_hand() {
    let net = lenet5(1, 0.0).unwrap();
    let conv2 = net.find("conv2").unwrap();
    // conv2 (i, j) reads pool1 rows i…i+4 = conv1 rows 2i…2i+9 = input rows 2i−2…2i+11.
    assert_eq!(net.receptive_field(conv2, 0, 0), (-2, -2, 11, 11));
    assert_eq!(net.receptive_field(conv2, 9, 4), (16, 6, 29, 19));
    assert_eq!(
        net.receptive_field(net.find("conv1").unwrap(), 3, 0),
        (1, -2, 5, 2)
    );
    // A dense unit sees everything conv1 sees, padding included.
    assert_eq!(
        net.receptive_field(net.find("fc1").unwrap(), 5, 0),
        (-2, -2, 29, 29)
    );
}

#[test]
fn unit_views_find_exciting_digits_and_synthesise_a_stronger_input() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/data/lenet5-weights.bin"
    ))
    .unwrap();
    let mut net = lenet5(1, 0.0).unwrap();
    net.load_bytes(&bytes).unwrap();
    let d = data();
    let conv2 = net.find("conv2").unwrap();
    let top = top_digits(&mut net, &d, conv2, 5, 9).unwrap();
    assert_eq!(top.len(), 9);
    assert!(
        top.windows(2).all(|w| w[0].value >= w[1].value),
        "best first"
    );
    // Recompute the first one's peak from a forward pass of that digit alone.
    let mut x = vec![0.0; PIXELS];
    d.image_into(Split::HeldOut, top[0].index, &mut x);
    net.forward(&x, 1, false);
    let plane = &net.output(conv2)[5 * 100..6 * 100];
    let (r, c) = top[0].position;
    assert_eq!(plane[r * 10 + c], top[0].value);
    assert!(plane.iter().all(|&v| v <= top[0].value));
    assert_eq!(top[0].patch, net.receptive_field(conv2, r, c));

    let cfg = SynthConfig::default();
    let s = synthesize(&mut net, conv2, 5, &cfg).unwrap();
    assert!(s.image.iter().all(|v| (0.0..=1.0).contains(v)));
    let start = synthesize(&mut net, conv2, 5, &SynthConfig { steps: 0, ..cfg }).unwrap();
    assert!(
        s.value > start.value + 1.0,
        "ascent raised the unit from {} to {}",
        start.value,
        s.value
    );
    assert!(
        synthesize(&mut net, conv2, 16, &cfg).is_err(),
        "conv2 has channels 0–15"
    );
    assert!(top_digits(&mut net, &d, 99, 0, 9).is_err());
}
