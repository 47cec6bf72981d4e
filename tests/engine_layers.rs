//! The f32 engine's layers: every backward against central finite differences under the one
//! gradient-check rule (tests/common/gradcheck.rs, through tests/common/layer_check.rs), on
//! random inputs kept at least a step away from kinks. The comparisons with the f64 oracle
//! layers of `convlab::nn` are in tests/engine_oracle.rs, the dense block's check in
//! tests/dense_block.rs and a whole network's in tests/engine_net.rs.

mod common;
use common::gradcheck::{check_gradient, F32};
use common::layer_check::check_layer;
use convlab::nn::engine::loss::softmax_cross_entropy;
use convlab::nn::engine::{
    Activation, AvgPool2d, Conv2d, Dense, Dropout, Flatten, Geometry, Layer, LayerHead, MaxPool2d,
    Residual, Sequential,
};
use convlab::nn::Rng;

fn randn(rng: &mut Rng, n: usize) -> Vec<f32> {
    (0..n).map(|_| rng.normal() as f32).collect()
}

/// Random values at least `margin` away from 0 (ReLU's kink).
fn away_from_zero(rng: &mut Rng, n: usize, margin: f32) -> Vec<f32> {
    randn(rng, n)
        .into_iter()
        .map(|v| v.signum() * (v.abs() + margin))
        .collect()
}

/// The values 0.05·k (k = 0 … n − 1) in a random order: any two differ by at least 0.05, so no
/// max-pool window has a tie within a finite-difference step.
fn distinct(rng: &mut Rng, n: usize) -> Vec<f32> {
    let mut v: Vec<f32> = (0..n).map(|k| 0.05 * k as f32 - 0.025 * n as f32).collect();
    for i in (1..n).rev() {
        let j = (rng.uniform() * (i + 1) as f64) as usize;
        v.swap(i, j.min(i));
    }
    v
}

fn randomize_params(layer: &mut dyn Layer, rng: &mut Rng) {
    layer.visit_params_mut(&mut |p| p.value.iter_mut().for_each(|v| *v = rng.normal() as f32));
}

/// `check_layer` on `batch` examples: x from `input`, dL/dy = c standard normal.
fn check_on(
    layer: &mut dyn Layer,
    batch: usize,
    rng: &mut Rng,
    input: fn(&mut Rng, usize) -> Vec<f32>,
) {
    let n_in = batch * layer.in_shape().iter().product::<usize>();
    let n_out = batch * layer.out_shape().iter().product::<usize>();
    let x = input(rng, n_in);
    let c = randn(rng, n_out);
    check_layer(layer, &x, &c, batch);
}

#[test]
fn conv2d_backward_with_stride_and_padding_passes_the_gradient_check() {
    let mut rng = Rng::new(1);
    for (shape, c_out, k, stride, pad) in [
        ([1, 8, 8], 3, 3, 1, 1),
        ([2, 7, 9], 4, 3, 2, 1),
        ([3, 6, 6], 2, 5, 1, 2),
        ([2, 5, 5], 3, 2, 3, 0),
    ] {
        let mut layer = Conv2d::new("conv", shape, c_out, k, stride, pad, &mut rng).unwrap();
        randomize_params(&mut layer, &mut rng);
        check_on(&mut layer, 2, &mut rng, randn);
    }
}

#[test]
fn pool_backward_passes_the_gradient_check() {
    let mut rng = Rng::new(2);
    check_on(
        &mut MaxPool2d::new("max", [2, 6, 7], 2, 2).unwrap(),
        3,
        &mut rng,
        distinct,
    );
    check_on(
        &mut MaxPool2d::new("max3", [1, 7, 7], 3, 2).unwrap(),
        2,
        &mut rng,
        distinct,
    );
    check_on(
        &mut AvgPool2d::new("avg", [2, 6, 7], 2, 2).unwrap(),
        3,
        &mut rng,
        randn,
    );
    check_on(
        &mut AvgPool2d::new("avg3", [1, 7, 7], 3, 1).unwrap(),
        2,
        &mut rng,
        randn,
    );
}

#[test]
fn dense_activation_and_flatten_backward_pass_the_gradient_check() {
    let mut rng = Rng::new(3);
    let mut dense = Dense::new("fc", [2, 3, 2], 5, &mut rng).unwrap();
    randomize_params(&mut dense, &mut rng);
    check_on(&mut dense, 4, &mut rng, randn);
    check_on(
        &mut Activation::relu("relu", [3, 4, 4]),
        2,
        &mut rng,
        |r, n| away_from_zero(r, n, 0.05),
    );
    check_on(&mut Activation::tanh("tanh", [3, 4, 4]), 2, &mut rng, randn);
    check_on(&mut Flatten::new("flat", [3, 2, 2]), 2, &mut rng, randn);
}

#[test]
fn dropout_backward_with_a_fixed_mask_passes_the_gradient_check() {
    let mut rng = Rng::new(4);
    let mut layer = Dropout::new("drop", [2, 5, 6], 0.4, 7).unwrap();
    let batch = 2;
    let x = randn(&mut rng, batch * 60);
    let c = randn(&mut rng, batch * 60);
    check_layer(&mut layer, &x, &c, batch);
    // The mask is not trivial: some units are dropped (y = 0) and the rest scaled by 1/(1 − p).
    let mut y = vec![0.0; x.len()];
    layer.reseed(common::layer_check::MASK_SEED);
    layer.forward(&x, &mut y, batch, true);
    let dropped = y.iter().filter(|&&v| v == 0.0).count();
    assert!(
        (20..=80).contains(&dropped),
        "{dropped} of 120 dropped at p = 0.4"
    );
}

#[test]
fn dropout_keeps_the_mean_and_is_the_identity_at_test_time() {
    let mut layer = Dropout::new("drop", [1, 50, 40], 0.4, 7).unwrap();
    let x = vec![1.0f32; 2000];
    let mut y = vec![0.0; 2000];
    layer.forward(&x, &mut y, 1, true);
    // Kept units are 1/(1 − p); the mean of 2,000 is 1 ± 3·√(p/(1 − p)/2000) ≈ 1 ± 0.055.
    let mean = y.iter().sum::<f32>() / 2000.0;
    assert!((mean - 1.0).abs() < 0.055, "mean {mean}");
    assert!(y.iter().all(|&v| v == 0.0 || (v - 1.0 / 0.6).abs() < 1e-6));
    layer.forward(&x, &mut y, 1, false);
    assert!(y.iter().all(|&v| v == 1.0), "identity at test time");
}

#[test]
fn softmax_cross_entropy_gradient_passes_the_gradient_check() {
    let mut rng = Rng::new(5);
    let (classes, labels) = (6, [0u8, 5, 2, 2]);
    let logits: Vec<f32> = randn(&mut rng, labels.len() * classes)
        .iter()
        .map(|v| 3.0 * v)
        .collect();
    let mut probs = vec![0.0; logits.len()];
    let mut dlogits = vec![0.0; logits.len()];
    softmax_cross_entropy(&logits, &labels, classes, &mut probs, &mut dlogits);
    let (mut p, mut d) = (probs.clone(), dlogits.clone());
    check_gradient(
        "softmax + CE dL/dz",
        F32,
        &dlogits,
        &mut logits.clone(),
        |z| softmax_cross_entropy(z, &labels, classes, &mut p, &mut d).loss,
    );
}

#[test]
fn residual_block_backward_passes_the_gradient_check() {
    let mut rng = Rng::new(6);
    let inner = Sequential::new([6, 1, 1], 9)
        .dense("fc", 6)
        .unwrap()
        .tanh("tanh");
    let mut block = Residual::new("res", inner).unwrap();
    randomize_params(&mut block, &mut rng);
    check_on(&mut block, 3, &mut rng, randn);
    let conv = Sequential::new([2, 5, 5], 3)
        .conv2d("c", 2, 3, 1, 1)
        .unwrap()
        .tanh("t");
    check_on(
        &mut Residual::new("conv res", conv).unwrap(),
        2,
        &mut rng,
        randn,
    );
}

/// y = 2x with a backward that is 5 % off: the harness must reject it.
#[derive(Debug)]
struct SlightlyWrongDouble(LayerHead);

impl Layer for SlightlyWrongDouble {
    fn head(&self) -> &LayerHead {
        &self.0
    }
    fn forward(&mut self, x: &[f32], y: &mut [f32], _batch: usize, _train: bool) {
        y.iter_mut().zip(x).for_each(|(y, &x)| *y = 2.0 * x);
    }
    fn backward(&mut self, _x: &[f32], _y: &[f32], dy: &[f32], dx: Option<&mut [f32]>, _b: usize) {
        if let Some(dx) = dx {
            dx.iter_mut().zip(dy).for_each(|(d, &g)| *d = 2.1 * g);
        }
    }
}

#[test]
fn the_layer_check_rejects_a_backward_that_is_five_percent_off() {
    let mut rng = Rng::new(8);
    let (x, c) = (randn(&mut rng, 12), randn(&mut rng, 12));
    let caught = std::panic::catch_unwind(move || {
        let shape = [1, 2, 3];
        let mut wrong = SlightlyWrongDouble(LayerHead::new(
            "wrong",
            "test",
            shape,
            shape,
            Geometry::Pointwise,
        ));
        check_layer(&mut wrong, &x, &c, 2);
    });
    assert!(
        caught.is_err(),
        "a 5 % error in dL/dx must fail the F32 rule (rtol 1 %)"
    );
}
