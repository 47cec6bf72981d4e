//! Criterion benchmarks of the f32 engine, each beside a peer measured in the same run:
//! a LeNet-5 training step at batch 32 (forward, softmax + cross-entropy, backward, SGD) and one
//! forward pass, beside the f64 oracle layers doing the same step; and the matrix multiply of
//! conv2's forward pass (16 × 150 · 150 × 3200) beside the `matrixmultiply` crate's sgemm.

use convlab::matmul::{gemm, gemm_matrixmultiply, GemmScratch, MatRef};
use convlab::nn::engine::loss::softmax_cross_entropy;
use convlab::nn::engine::nets::lenet5;
use convlab::nn::engine::Sgd;
use convlab::nn::{conv2d, maxpool, Activation, ActivationLayer, Dense, Rng};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

const BATCH: usize = 32;

fn digits() -> (Vec<f32>, Vec<u8>) {
    let x = (0..BATCH * 784)
        .map(|i| ((i * 7919) % 256) as f32 / 255.0)
        .collect();
    let y = (0..BATCH).map(|i| (i % 10) as u8).collect();
    (x, y)
}

/// The same LeNet-5 step with the f64 oracle layers of `convlab::nn` (scalar loops).
struct OracleLenet5 {
    conv1: conv2d::Conv2d,
    pool1: maxpool::MaxPool2d,
    conv2: conv2d::Conv2d,
    pool2: maxpool::MaxPool2d,
    fc: [Dense; 3],
    act: [ActivationLayer; 4],
}

impl OracleLenet5 {
    fn new() -> Self {
        let mut rng = Rng::new(1);
        OracleLenet5 {
            conv1: conv2d::Conv2d::new(1, 6, (28, 28), 5, 2, &mut rng).unwrap(),
            pool1: maxpool::MaxPool2d::new(6, (28, 28), 2).unwrap(),
            conv2: conv2d::Conv2d::new(6, 16, (14, 14), 5, 0, &mut rng).unwrap(),
            pool2: maxpool::MaxPool2d::new(16, (10, 10), 2).unwrap(),
            fc: [
                Dense::new(400, 120, 0.07, 0.0, &mut rng),
                Dense::new(120, 84, 0.13, 0.0, &mut rng),
                Dense::new(84, 10, 0.15, 0.0, &mut rng),
            ],
            act: std::array::from_fn(|_| ActivationLayer::new(Activation::Relu)),
        }
    }

    fn step(&mut self, x: &[f64], dlogits: &[f64]) -> f64 {
        let h = self.act[0].forward(&self.conv1.forward(x));
        let h = self.pool1.forward(&h);
        let h = self.act[1].forward(&self.conv2.forward(&h));
        let h = self.pool2.forward(&h);
        let h = self.act[2].forward(&self.fc[0].forward(&h));
        let h = self.act[3].forward(&self.fc[1].forward(&h));
        let logits = self.fc[2].forward(&h);
        let g = self.fc[2].backward(dlogits);
        let g = self.fc[1].backward(&self.act[3].backward(&g));
        let g = self.fc[0].backward(&self.act[2].backward(&g));
        let g = self
            .conv2
            .backward(&self.act[1].backward(&self.pool2.backward(&g)));
        self.conv1
            .backward(&self.act[0].backward(&self.pool1.backward(&g)));
        logits[0]
    }
}

fn bench_lenet5(c: &mut Criterion) {
    let (x, labels) = digits();
    let mut net = lenet5(1, 0.0).unwrap();
    let sgd = Sgd::default();
    let (mut probs, mut dlogits) = (vec![0.0; BATCH * 10], vec![0.0; BATCH * 10]);
    let mut g = c.benchmark_group("lenet5_batch32");
    g.sample_size(20);
    g.bench_function("convlab_engine_train_step", |b| {
        b.iter(|| {
            let logits = net.forward(black_box(&x), BATCH, true);
            let l = softmax_cross_entropy(logits, &labels, 10, &mut probs, &mut dlogits);
            net.zero_grad();
            net.backward(&dlogits, false);
            sgd.step(&mut net, 0.0);
            l.loss
        })
    });
    let mut oracle = OracleLenet5::new();
    let x64: Vec<f64> = x.iter().map(|&v| v as f64).collect();
    let d64: Vec<f64> = dlogits.iter().map(|&v| v as f64).collect();
    g.sample_size(10);
    g.bench_function("f64_oracle_layers_forward_backward", |b| {
        b.iter(|| oracle.step(black_box(&x64), &d64))
    });
    g.finish();
    let mut g = c.benchmark_group("lenet5_forward_1");
    g.bench_function("convlab_engine_forward", |b| {
        b.iter(|| net.forward(black_box(&x[..784]), 1, false)[0])
    });
    g.finish();
}

fn bench_gemm(c: &mut Criterion) {
    let (m, k, n) = (16, 150, 100 * BATCH);
    let a: Vec<f32> = (0..m * k).map(|i| (i % 13) as f32 * 0.1).collect();
    let b: Vec<f32> = (0..k * n).map(|i| (i % 7) as f32 * 0.1).collect();
    let mut out = vec![0.0; m * n];
    let mut scratch = GemmScratch::default();
    let mut g = c.benchmark_group("gemm_16x150x3200");
    g.bench_function("convlab_gemm", |bch| {
        bch.iter(|| {
            let (av, bv) = (MatRef::row_major(&a, m, k), MatRef::row_major(&b, k, n));
            gemm(1.0, av, bv, 0.0, black_box(&mut out), &mut scratch)
        })
    });
    g.bench_function("matrixmultiply_sgemm", |bch| {
        bch.iter(|| {
            let (av, bv) = (MatRef::row_major(&a, m, k), MatRef::row_major(&b, k, n));
            gemm_matrixmultiply(1.0, av, bv, 0.0, black_box(&mut out))
        })
    });
    g.finish();
}

criterion_group!(benches, bench_lenet5, bench_gemm);
criterion_main!(benches);
