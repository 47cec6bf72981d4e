//! Fixed vs learned first-layer filters: the bank installed in the network is exactly what
//! ConvLab's kernel functions give, a frozen first layer stays bit-identical through training
//! while the rest learns, and the three variants share every weight but the first layer's.

use convlab::filters::{gabor_kernel, gaussian_kernel, log_kernel};
use convlab::nn::engine::filter_bank::{
    bank_filters, bank_kernel, default_bank, first_layer_net, BankKernel, FirstLayer,
};
use convlab::nn::engine::mnist::{Mnist, Split};
use convlab::nn::engine::trainer::{TrainConfig, Trainer};
use convlab::nn::engine::Sequential;

fn conv1(net: &Sequential) -> Vec<f32> {
    let mut out = Vec::new();
    let mut first = true;
    net.layer(0).visit_params(&mut |p| {
        if first {
            out = p.value.clone();
        }
        first = false;
    });
    out
}

fn all_params(net: &Sequential) -> Vec<f32> {
    let mut out = Vec::new();
    net.save_params(&mut out);
    out
}

#[test]
fn the_bank_in_the_network_equals_the_kernel_functions() {
    let bank = default_bank();
    let net = first_layer_net(&bank, FirstLayer::Fixed, 3).unwrap();
    let w = conv1(&net);
    assert_eq!(w.len(), bank.len() * 25);
    let expect: Vec<Vec<f32>> = vec![
        gaussian_kernel(1.0, 2).unwrap().iter().copied().collect(),
        log_kernel(1.0, 2).unwrap().iter().copied().collect(),
        gabor_kernel(1.5, 0.0, 4.0, 0.6, 0.0, 2)
            .unwrap()
            .iter()
            .copied()
            .collect(),
        gabor_kernel(1.5, 45f64.to_radians(), 4.0, 0.6, 0.0, 2)
            .unwrap()
            .iter()
            .copied()
            .collect(),
        gabor_kernel(1.5, 90f64.to_radians(), 4.0, 0.6, 0.0, 2)
            .unwrap()
            .iter()
            .copied()
            .collect(),
        gabor_kernel(1.5, 135f64.to_radians(), 4.0, 0.6, 0.0, 2)
            .unwrap()
            .iter()
            .copied()
            .collect(),
    ];
    for (i, e) in expect.iter().enumerate() {
        assert_eq!(&w[i * 25..(i + 1) * 25], &e[..], "filter {i}");
    }
    // Sobel by hand: the 3 × 3 in the middle of a zero ring; y is x transposed.
    #[rustfmt::skip]
    let sobel_x = [
        0.0, 0.0, 0.0, 0.0, 0.0,
        0.0, -1.0, 0.0, 1.0, 0.0,
        0.0, -2.0, 0.0, 2.0, 0.0,
        0.0, -1.0, 0.0, 1.0, 0.0,
        0.0, 0.0, 0.0, 0.0, 0.0,
    ];
    assert_eq!(&w[6 * 25..7 * 25], &sobel_x[..]);
    for r in 0..5 {
        for c in 0..5 {
            assert_eq!(w[7 * 25 + r * 5 + c], sobel_x[c * 5 + r]);
        }
    }
    // A typed 3 × 3 kernel goes in the centre; 5 × 5 as is; other sizes are refused.
    let k3: Vec<f32> = (1..=9).map(|v| v as f32).collect();
    let c = bank_kernel(&BankKernel::Custom(k3)).unwrap();
    assert_eq!((c[6], c[12], c[18], c[0]), (1.0, 5.0, 9.0, 0.0));
    assert!(bank_kernel(&BankKernel::Custom(vec![1.0; 4])).is_err());
    assert!(bank_filters(&[]).is_err());
}

#[test]
fn a_frozen_first_layer_is_bit_identical_after_training() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/data/mnist.bin.gz"
    ))
    .unwrap();
    let data = Mnist::parse(&bytes).unwrap();
    let bank = default_bank();
    let seed = 9;
    let nets: Vec<Sequential> = [FirstLayer::Fixed, FirstLayer::Learned, FirstLayer::FromBank]
        .iter()
        .map(|&how| first_layer_net(&bank, how, seed).unwrap())
        .collect();
    // Same seed: every weight after the first layer starts the same in all three.
    let rest = |net: &Sequential| all_params(net)[bank.len() * 26..].to_vec();
    assert_eq!(rest(&nets[0]), rest(&nets[1]));
    assert_eq!(rest(&nets[0]), rest(&nets[2]));
    let before: Vec<Vec<f32>> = nets.iter().map(conv1).collect();
    let bias0: Vec<f32> = all_params(&nets[0])[bank.len() * 25..bank.len() * 26].to_vec();
    let mut accuracy = Vec::new();
    for net in nets {
        let config = TrainConfig {
            seed,
            ..TrainConfig::default()
        };
        let mut t = Trainer::new(net, data.clone(), config).unwrap();
        t.train_steps(60).unwrap();
        accuracy.push(t.evaluate(Split::HeldOut).accuracy);
        let after = conv1(t.net());
        let p = all_params(t.net());
        match accuracy.len() {
            1 => {
                assert_eq!(after, before[0], "the frozen bank did not move");
                assert_eq!(
                    &p[bank.len() * 25..bank.len() * 26],
                    &bias0[..],
                    "nor its biases"
                );
            }
            _ => assert_ne!(
                after,
                before[accuracy.len() - 1],
                "a learned first layer moves"
            ),
        }
        assert!(t.steps() == 60);
    }
    // 60 steps of 32 digits: all three are already well above chance (10 %).
    assert!(accuracy.iter().all(|&a| a > 0.3), "{accuracy:?}");
}
