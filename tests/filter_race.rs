//! The fixed-vs-learned race: variant (a) keeps the bank bit-identical, (c) starts at the bank,
//! (b) starts at the random weights of the plain small CNN, the same seed gives the same curves,
//! and a network's first-layer responses equal a direct correlation of the digit with the
//! kernels read back from it (computed here in f64, independently of the engine's im2col).

use convlab::nn::engine::filter_bank::{
    bank_filters, default_bank, small_cnn, BankKernel, FirstLayer,
};
use convlab::nn::engine::filter_race::{variant_from_name, variant_name, FilterRace, RaceSpec};
use convlab::nn::engine::mnist::{Mnist, Split, PIXELS};

fn mnist() -> Mnist {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/data/mnist.bin.gz"
    ))
    .unwrap();
    Mnist::parse(&bytes).unwrap()
}

fn conv1_of_plain_cnn(filters: usize, seed: u64) -> Vec<f32> {
    let net = small_cnn(filters, seed).unwrap();
    let mut first = None;
    net.layer(0).visit_params(&mut |p| {
        first.get_or_insert_with(|| p.value.clone());
    });
    first.unwrap()
}

/// r_f(i, j) = b_f + Σ_{u,v} w_f(u, v) · x(i + u − 2, j + v − 2), zero outside, in f64.
fn correlate(x: &[f32], w: &[f32], b: f32) -> Vec<f64> {
    let mut out = vec![0.0; PIXELS];
    for i in 0..28i32 {
        for j in 0..28i32 {
            let mut s = f64::from(b);
            for u in 0..5i32 {
                for v in 0..5i32 {
                    let (r, c) = (i + u - 2, j + v - 2);
                    if (0..28).contains(&r) && (0..28).contains(&c) {
                        s += f64::from(w[(u * 5 + v) as usize])
                            * f64::from(x[(r * 28 + c) as usize]);
                    }
                }
            }
            out[(i * 28 + j) as usize] = s;
        }
    }
    out
}

#[test]
fn fixed_stays_the_bank_from_bank_starts_there_and_learned_starts_random() {
    let bank = vec![
        BankKernel::Gaussian(1.0),
        BankKernel::Gabor(45.0),
        BankKernel::SobelY,
        BankKernel::Custom(vec![0.0, 1.0, 0.0, 1.0, -4.0, 1.0, 0.0, 1.0, 0.0]),
    ];
    let spec = RaceSpec {
        bank: bank.clone(),
        seed: 5,
        ..RaceSpec::default()
    };
    let mut race = FilterRace::new(mnist(), spec).unwrap();
    let expect_bank = bank_filters(&bank).unwrap();
    assert_eq!(race.bank(), &expect_bank[..]);
    let start: Vec<_> = (0..3).map(|v| race.kernels(v).unwrap()).collect();
    assert_eq!(start[0].0, expect_bank, "(a) is the bank");
    assert_eq!(start[2].0, expect_bank, "(c) starts at the bank");
    assert_eq!(
        start[1].0,
        conv1_of_plain_cnn(bank.len(), 5),
        "(b) starts at the plain CNN's random filters"
    );
    assert!(start.iter().all(|(_, b)| b.iter().all(|&v| v == 0.0)));

    race.step(40).unwrap();
    assert_eq!(race.steps(), 40);
    assert_eq!(race.images(), 40 * 32);
    let after: Vec<_> = (0..3).map(|v| race.kernels(v).unwrap()).collect();
    assert_eq!(
        after[0], start[0],
        "(a) frozen: filters and biases bit-identical"
    );
    assert_ne!(after[1].0, start[1].0, "(b) learns");
    assert_ne!(after[2].0, start[2].0, "(c) learns");
    assert!(race.kernels(3).is_err());
}

#[test]
fn first_layer_responses_equal_a_direct_correlation_with_the_read_back_kernels() {
    let mut race = FilterRace::new(mnist(), RaceSpec::default()).unwrap();
    race.step(25).unwrap(); // learned filters are no longer the bank, biases no longer 0
    let data = mnist();
    let digit = 17;
    let mut x = vec![0.0; PIXELS];
    data.image_into(Split::HeldOut, digit, &mut x);
    for v in 0..3 {
        let (w, b) = race.kernels(v).unwrap();
        let r = race.responses(v, digit).unwrap();
        assert_eq!(r.len(), race.filters() * PIXELS);
        for f in 0..race.filters() {
            let expect = correlate(&x, &w[f * 25..(f + 1) * 25], b[f]);
            for (k, (&got, &want)) in r[f * PIXELS..(f + 1) * PIXELS]
                .iter()
                .zip(&expect)
                .enumerate()
            {
                assert!(
                    (f64::from(got) - want).abs() <= 1e-5 * (1.0 + want.abs()),
                    "variant {v} filter {f} pixel {k}: {got} vs {want}"
                );
            }
        }
    }
    assert!(race.responses(0, 2000).is_err());
}

#[test]
fn the_same_seed_gives_the_same_curves_and_another_seed_other_ones() {
    let run = |seed: u64| {
        let spec = RaceSpec {
            seed,
            variants: vec![FirstLayer::Fixed, FirstLayer::Learned],
            ..RaceSpec::default()
        };
        let mut race = FilterRace::new(mnist(), spec).unwrap();
        race.evaluate(300);
        for _ in 0..3 {
            race.step(20).unwrap();
            race.evaluate(300);
        }
        race.history().to_vec()
    };
    let a = run(3);
    assert_eq!(a.len(), 4);
    assert_eq!(
        a.iter().map(|p| p.step).collect::<Vec<_>>(),
        [0, 20, 40, 60]
    );
    assert!(a.iter().all(|p| p.digits == 300 && p.accuracy.len() == 2));
    // Untrained, the ten outputs are about uniform: near chance. After 60 steps, far above.
    assert!(a[3].accuracy.iter().all(|&acc| acc > 0.5), "{:?}", a[3]);
    assert_eq!(a, run(3), "same seed, same curves");
    assert_ne!(a, run(4));
}

#[test]
fn names_and_bad_settings_read_as_a_student_would() {
    for v in [FirstLayer::Fixed, FirstLayer::Learned, FirstLayer::FromBank] {
        assert_eq!(variant_from_name(variant_name(v)).unwrap(), v);
    }
    assert!(variant_from_name("frozen")
        .unwrap_err()
        .message()
        .contains("\"fixed\""));
    let none = RaceSpec {
        variants: vec![],
        ..RaceSpec::default()
    };
    assert!(FilterRace::new(mnist(), none)
        .unwrap_err()
        .message()
        .starts_with("Pick at least one"));
    let twice = RaceSpec {
        variants: vec![FirstLayer::Learned, FirstLayer::Learned],
        ..RaceSpec::default()
    };
    assert!(FilterRace::new(mnist(), twice).is_err());
    let bad_kernel = RaceSpec {
        bank: vec![BankKernel::Custom(vec![
            1.0,
            f32::NAN,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
        ])],
        ..RaceSpec::default()
    };
    assert!(FilterRace::new(mnist(), bad_kernel).is_err());
    assert!(FilterRace::new(
        mnist(),
        RaceSpec {
            bank: default_bank(),
            batch_size: 0,
            ..RaceSpec::default()
        }
    )
    .is_err());
}
