//! The f32 engine's layers against the f64 oracle layers of `convlab::nn` (forward, dL/dx and
//! dL/dθ on random inputs), and its pools against the pooling station's single-image pools.
//! Their finite-difference checks are in tests/engine_layers.rs.

use convlab::nn::engine::{
    Activation, AvgPool2d, Conv2d, Dense, Layer, MaxPool2d, Residual, Sequential,
};
use convlab::nn::{self, Rng};

fn randn(rng: &mut Rng, n: usize) -> Vec<f32> {
    (0..n).map(|_| rng.normal() as f32).collect()
}

fn to64(v: &[f32]) -> Vec<f64> {
    v.iter().map(|&a| a as f64).collect()
}

fn assert_near(what: &str, fast: &[f32], oracle: &[f64]) {
    assert_eq!(fast.len(), oracle.len(), "{what} length");
    for (i, (&a, &b)) in fast.iter().zip(oracle).enumerate() {
        assert!(
            (a as f64 - b).abs() <= 1e-4 * b.abs().max(1.0),
            "{what}[{i}]: f32 {a} vs f64 {b}"
        );
    }
}

/// An f64 oracle layer: its own forward and backward (dL/dx from dL/dy of the last forward).
trait Oracle {
    fn forward(&mut self, x: &[f64]) -> Vec<f64>;
    fn backward(&mut self, dy: &[f64]) -> Vec<f64>;
}

macro_rules! oracle {
    ($($t:ty),*) => {$(
        impl Oracle for $t {
            fn forward(&mut self, x: &[f64]) -> Vec<f64> {
                <$t>::forward(self, x)
            }
            fn backward(&mut self, dy: &[f64]) -> Vec<f64> {
                <$t>::backward(self, dy)
            }
        }
    )*};
}
oracle!(
    nn::conv2d::Conv2d,
    nn::Dense,
    nn::maxpool::MaxPool2d,
    nn::ActivationLayer,
    nn::residual::Block
);

/// Copies the oracle's tensors (weights, then biases) into the fast layer's parameters.
fn load(fast: &mut dyn Layer, tensors: &[&[f64]]) {
    let mut k = 0;
    fast.visit_params_mut(&mut |p| {
        p.value
            .iter_mut()
            .zip(tensors[k])
            .for_each(|(d, &s)| *d = s as f32);
        k += 1;
    });
}

/// Runs both layers forward on the same random batch and backward on the same random dL/dy,
/// compares y and dL/dx, and returns the fast layer's parameter gradients.
fn compare(
    what: &str,
    fast: &mut dyn Layer,
    slow: &mut dyn Oracle,
    batch: usize,
    rng: &mut Rng,
) -> Vec<Vec<f32>> {
    let x = randn(rng, batch * fast.in_shape().iter().product::<usize>());
    let mut y = vec![0.0; batch * fast.out_shape().iter().product::<usize>()];
    fast.visit_params_mut(&mut |p| p.grad.fill(0.0));
    fast.forward(&x, &mut y, batch, true);
    assert_near(&format!("{what} y"), &y, &slow.forward(&to64(&x)));
    let dy = randn(rng, y.len());
    let mut dx = vec![0.0; x.len()];
    fast.backward(&x, &y, &dy, Some(&mut dx), batch);
    assert_near(&format!("{what} dx"), &dx, &slow.backward(&to64(&dy)));
    let mut grads = Vec::new();
    fast.visit_params(&mut |p| grads.push(p.grad.clone()));
    grads
}

#[test]
fn conv2d_matches_the_f64_oracle() {
    let mut rng = Rng::new(3);
    let mut fast = Conv2d::new("conv", [2, 9, 8], 4, 3, 1, 1, &mut rng).unwrap();
    let mut slow = nn::conv2d::Conv2d::new(2, 4, (9, 8), 3, 1, &mut rng).unwrap();
    slow.b = (0..4).map(|_| rng.normal()).collect();
    load(&mut fast, &[&slow.w, &slow.b]);
    let grads = compare("conv", &mut fast, &mut slow, 3, &mut rng);
    assert_near("conv dw", &grads[0], &slow.dw);
    assert_near("conv db", &grads[1], &slow.db);
}

#[test]
fn dense_maxpool_activations_match_the_f64_oracle() {
    let mut rng = Rng::new(4);
    let mut slow = nn::Dense::new(12, 7, 1.0, 1.0, &mut rng);
    let mut fast = Dense::new("fc", [3, 2, 2], 7, &mut rng).unwrap();
    load(&mut fast, &[&slow.w, &slow.b]);
    let grads = compare("dense", &mut fast, &mut slow, 5, &mut rng);
    assert_near("dense dw", &grads[0], &slow.dw);
    assert_near("dense db", &grads[1], &slow.db);

    let mut pool = MaxPool2d::new("pool", [3, 6, 6], 2, 2).unwrap();
    let mut pool64 = nn::maxpool::MaxPool2d::new(3, (6, 6), 2).unwrap();
    compare("maxpool", &mut pool, &mut pool64, 5, &mut rng);
    for (mut fast, kind) in [
        (Activation::relu("r", [1, 1, 40]), nn::Activation::Relu),
        (Activation::tanh("t", [1, 1, 40]), nn::Activation::Tanh),
    ] {
        let mut slow = nn::ActivationLayer::new(kind);
        compare(&format!("{kind:?}"), &mut fast, &mut slow, 2, &mut rng);
    }
}

#[test]
fn residual_block_matches_the_f64_oracle() {
    let mut rng = Rng::new(5);
    let width = 6;
    let mut slow = nn::residual::Block::new(width, nn::Activation::Tanh, 1.3, true, &mut rng);
    let inner = Sequential::new([width, 1, 1], 9)
        .dense("fc", width)
        .unwrap()
        .tanh("tanh");
    let mut fast = Residual::new("res", inner).unwrap();
    load(&mut fast, &[&slow.dense.w, &slow.dense.b]);
    compare("residual", &mut fast, &mut slow, 3, &mut rng);
    assert!(Residual::new("bad", Sequential::new([4, 1, 1], 1).dense("fc", 3).unwrap()).is_err());
}

#[test]
fn pools_match_the_pooling_station_per_plane() {
    // The pooling station's single-image max_pool2d / avg_pool2d (src/pool.rs, with its own
    // hand-derived tests) on each plane of a batch, against the engine's batched layers.
    let mut rng = Rng::new(8);
    let (batch, c, h, w) = (2, 3, 9, 7);
    let x = randn(&mut rng, batch * c * h * w);
    for (size, stride) in [(2, 2), (3, 2), (3, 1)] {
        let mut max = MaxPool2d::new("max", [c, h, w], size, stride).unwrap();
        let mut avg = AvgPool2d::new("avg", [c, h, w], size, stride).unwrap();
        let n_out = batch * max.out_shape().iter().product::<usize>();
        let (mut ym, mut ya) = (vec![0.0; n_out], vec![0.0; n_out]);
        max.forward(&x, &mut ym, batch, false);
        avg.forward(&x, &mut ya, batch, false);
        let plane_out = n_out / (batch * c);
        for (p, plane) in x.chunks_exact(h * w).enumerate() {
            let view = ndarray::ArrayView2::from_shape((h, w), plane).unwrap();
            let m = convlab::pool::max_pool2d(view, size, stride).unwrap();
            let a = convlab::pool::avg_pool2d(view, size, stride).unwrap();
            let got_m = &ym[p * plane_out..][..plane_out];
            let got_a = &ya[p * plane_out..][..plane_out];
            assert_eq!(
                got_m,
                m.as_slice().unwrap(),
                "max {size}/{stride} plane {p}"
            );
            for (g, e) in got_a.iter().zip(a.iter()) {
                assert!(
                    (g - e).abs() <= 1e-6 * e.abs().max(1.0),
                    "avg {size}/{stride}: {g} vs {e}"
                );
            }
        }
    }
}
