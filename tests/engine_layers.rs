//! The f32 engine's layers: every backward against central finite differences (loss summed in
//! f64) and against the f64 oracle layers of `convlab::nn`, on random inputs.

use convlab::nn::engine::{
    Activation, AvgPool2d, Conv2d, Dense, Dropout, Flatten, Layer, MaxPool2d, Residual, Sequential,
};
use convlab::nn::{self, Rng};

fn randn(rng: &mut Rng, n: usize) -> Vec<f32> {
    (0..n).map(|_| rng.normal() as f32).collect()
}

/// L = Σ c ⊙ y(x), summed in f64 (so dL/dy = c).
fn probe(layer: &mut dyn Layer, x: &[f32], c: &[f32], batch: usize) -> f64 {
    let mut y = vec![0.0; c.len()];
    layer.forward(x, &mut y, batch, false);
    y.iter().zip(c).map(|(&a, &b)| a as f64 * b as f64).sum()
}

fn close(what: &str, i: usize, analytic: f64, numeric: f64, tol: f64) {
    let scale = analytic.abs().max(numeric.abs()).max(1.0);
    assert!(
        (analytic - numeric).abs() <= tol * scale,
        "{what}[{i}]: backward {analytic} vs finite difference {numeric}"
    );
}

/// Checks dL/dx and every dL/dθ of `layer` by central differences of step `h`. The layers here
/// are piecewise linear or smooth on the scale of h = 1e-2, and f32 rounding of L (≈ 1e-6·|L|)
/// divided by 2h stays below the 2e-3 tolerance.
fn check(layer: &mut dyn Layer, batch: usize, seed: u64) {
    let mut rng = Rng::new(seed);
    let n_in = batch * layer.in_shape().iter().product::<usize>();
    let n_out = batch * layer.out_shape().iter().product::<usize>();
    let x = randn(&mut rng, n_in);
    let c = randn(&mut rng, n_out);
    let mut y = vec![0.0; n_out];
    let mut dx = vec![0.0; n_in];
    layer.visit_params_mut(&mut |p| p.grad.fill(0.0));
    layer.forward(&x, &mut y, batch, false);
    layer.backward(&x, &y, &c, Some(&mut dx), batch);
    let h = 1e-2f32;
    let tol = 2e-3;
    let stride = (n_in / 40).max(1);
    for i in (0..n_in).step_by(stride) {
        let (mut up, mut down) = (x.clone(), x.clone());
        up[i] += h;
        down[i] -= h;
        let num =
            (probe(layer, &up, &c, batch) - probe(layer, &down, &c, batch)) / (2.0 * h as f64);
        close(&format!("{} dx", layer.name()), i, dx[i] as f64, num, tol);
    }
    let mut grads = Vec::new();
    layer.visit_params(&mut |p| grads.push(p.grad.clone()));
    for (t, grad) in grads.iter().enumerate() {
        let stride = (grad.len() / 30).max(1);
        for i in (0..grad.len()).step_by(stride) {
            let nudge = |layer: &mut dyn Layer, d: f32| {
                let mut k = 0;
                layer.visit_params_mut(&mut |p| {
                    if k == t {
                        p.value[i] += d;
                    }
                    k += 1;
                });
            };
            nudge(layer, h);
            let up = probe(layer, &x, &c, batch);
            nudge(layer, -2.0 * h);
            let down = probe(layer, &x, &c, batch);
            nudge(layer, h);
            close(
                &format!("{} param {t}", layer.name()),
                i,
                grad[i] as f64,
                (up - down) / (2.0 * h as f64),
                tol,
            );
        }
    }
}

#[test]
fn conv2d_backward_matches_finite_differences() {
    let mut rng = Rng::new(1);
    for (shape, c_out, k, stride, pad) in [
        ([1, 8, 8], 3, 3, 1, 1),
        ([2, 7, 9], 4, 3, 2, 1),
        ([3, 6, 6], 2, 5, 1, 2),
        ([2, 5, 5], 3, 2, 3, 0),
    ] {
        let mut layer = Conv2d::new("conv", shape, c_out, k, stride, pad, &mut rng).unwrap();
        layer.visit_params_mut(&mut |p| p.value.iter_mut().for_each(|v| *v = rng.normal() as f32));
        check(&mut layer, 2, 10 + k as u64);
    }
}

#[test]
fn pools_dense_activations_flatten_backward_match_finite_differences() {
    let mut rng = Rng::new(2);
    check(&mut MaxPool2d::new("max", [2, 6, 7], 2, 2).unwrap(), 3, 20);
    check(&mut MaxPool2d::new("max3", [1, 7, 7], 3, 2).unwrap(), 2, 21);
    check(&mut AvgPool2d::new("avg", [2, 6, 7], 2, 2).unwrap(), 3, 22);
    check(&mut AvgPool2d::new("avg3", [1, 7, 7], 3, 1).unwrap(), 2, 23);
    let mut dense = Dense::new("fc", [2, 3, 2], 5, &mut rng).unwrap();
    dense.visit_params_mut(&mut |p| p.value.iter_mut().for_each(|v| *v = rng.normal() as f32));
    check(&mut dense, 4, 24);
    check(&mut Activation::relu("relu", [3, 4, 4]), 2, 25);
    check(&mut Activation::tanh("tanh", [3, 4, 4]), 2, 26);
    check(&mut Flatten::new("flat", [3, 2, 2]), 2, 27);
}

#[test]
fn dropout_backward_uses_its_mask_and_keeps_the_mean() {
    let mut layer = Dropout::new("drop", [1, 50, 40], 0.4, 7).unwrap();
    let x = vec![1.0f32; 2000];
    let mut y = vec![0.0; 2000];
    layer.forward(&x, &mut y, 1, true);
    // Kept units are 1/(1 − p); the mean of 2,000 is 1 ± 3·√(p/(1 − p)/2000) ≈ 1 ± 0.055.
    let mean = y.iter().sum::<f32>() / 2000.0;
    assert!((mean - 1.0).abs() < 0.055, "mean {mean}");
    assert!(y.iter().all(|&v| v == 0.0 || (v - 1.0 / 0.6).abs() < 1e-6));
    let dy: Vec<f32> = (0..2000).map(|i| i as f32).collect();
    let mut dx = vec![0.0; 2000];
    layer.backward(&x, &y, &dy, Some(&mut dx), 1);
    for i in 0..2000 {
        assert_eq!(dx[i], dy[i] * y[i], "dx = m ⊙ dy at {i}");
    }
    layer.forward(&x, &mut y, 1, false);
    assert!(y.iter().all(|&v| v == 1.0), "identity at test time");
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

#[test]
fn conv2d_matches_the_f64_oracle() {
    let mut rng = Rng::new(3);
    let (batch, shape) = (3, [2, 9, 8]);
    let mut fast = Conv2d::new("conv", shape, 4, 3, 1, 1, &mut rng).unwrap();
    let mut slow = nn::conv2d::Conv2d::new(2, 4, (9, 8), 3, 1, &mut rng).unwrap();
    slow.b = (0..4).map(|_| rng.normal()).collect();
    let (w, b) = (slow.w.clone(), slow.b.clone());
    let mut k = 0;
    fast.visit_params_mut(&mut |p| {
        let src = if k == 0 { &w } else { &b };
        p.value
            .iter_mut()
            .zip(src)
            .for_each(|(d, &s)| *d = s as f32);
        k += 1;
    });
    let x = randn(&mut rng, batch * 2 * 9 * 8);
    let mut y = vec![0.0; batch * 4 * 9 * 8];
    fast.forward(&x, &mut y, batch, true);
    assert_near("conv y", &y, &slow.forward(&to64(&x)));
    let dy = randn(&mut rng, y.len());
    let mut dx = vec![0.0; x.len()];
    fast.backward(&x, &y, &dy, Some(&mut dx), batch);
    assert_near("conv dx", &dx, &slow.backward(&to64(&dy)));
    let mut grads = Vec::new();
    fast.visit_params(&mut |p| grads.push(p.grad.clone()));
    assert_near("conv dw", &grads[0], &slow.dw);
    assert_near("conv db", &grads[1], &slow.db);
}

#[test]
fn dense_maxpool_activations_match_the_f64_oracle() {
    let mut rng = Rng::new(4);
    let batch = 5;
    let mut slow = nn::Dense::new(12, 7, 1.0, 1.0, &mut rng);
    let mut fast = Dense::new("fc", [3, 2, 2], 7, &mut rng).unwrap();
    let (w, b) = (slow.w.clone(), slow.b.clone());
    let mut k = 0;
    fast.visit_params_mut(&mut |p| {
        let src = if k == 0 { &w } else { &b };
        p.value
            .iter_mut()
            .zip(src)
            .for_each(|(d, &s)| *d = s as f32);
        k += 1;
    });
    let x = randn(&mut rng, batch * 12);
    let mut y = vec![0.0; batch * 7];
    fast.forward(&x, &mut y, batch, true);
    assert_near("dense y", &y, &slow.forward(&to64(&x)));
    let dy = randn(&mut rng, y.len());
    let mut dx = vec![0.0; x.len()];
    fast.backward(&x, &y, &dy, Some(&mut dx), batch);
    assert_near("dense dx", &dx, &slow.backward(&to64(&dy)));
    let mut grads = Vec::new();
    fast.visit_params(&mut |p| grads.push(p.grad.clone()));
    assert_near("dense dw", &grads[0], &slow.dw);
    assert_near("dense db", &grads[1], &slow.db);

    let mut pool = MaxPool2d::new("pool", [3, 6, 6], 2, 2).unwrap();
    let mut pool64 = nn::maxpool::MaxPool2d::new(3, (6, 6), 2).unwrap();
    let x = randn(&mut rng, batch * 108);
    let mut y = vec![0.0; batch * 27];
    pool.forward(&x, &mut y, batch, true);
    assert_near("pool y", &y, &pool64.forward(&to64(&x)));
    let dy = randn(&mut rng, y.len());
    let mut dx = vec![0.0; x.len()];
    pool.backward(&x, &y, &dy, Some(&mut dx), batch);
    assert_near("pool dx", &dx, &pool64.backward(&to64(&dy)));

    for (mut fast, kind) in [
        (Activation::relu("r", [1, 1, 40]), nn::Activation::Relu),
        (Activation::tanh("t", [1, 1, 40]), nn::Activation::Tanh),
    ] {
        let mut slow = nn::ActivationLayer::new(kind);
        let x = randn(&mut rng, 80);
        let mut y = vec![0.0; 80];
        fast.forward(&x, &mut y, 2, true);
        assert_near("act y", &y, &slow.forward(&to64(&x)));
        let dy = randn(&mut rng, 80);
        let mut dx = vec![0.0; 80];
        fast.backward(&x, &y, &dy, Some(&mut dx), 2);
        assert_near("act dx", &dx, &slow.backward(&to64(&dy)));
    }
}

#[test]
fn residual_block_matches_the_f64_oracle_and_finite_differences() {
    let mut rng = Rng::new(5);
    let width = 6;
    let mut slow = nn::residual::Block::new(width, nn::Activation::Tanh, 1.3, true, &mut rng);
    let inner = Sequential::new([width, 1, 1], 9)
        .dense("fc", width)
        .unwrap()
        .tanh("tanh");
    let mut fast = Residual::new("res", inner).unwrap();
    let (w, b) = (slow.dense.w.clone(), slow.dense.b.clone());
    let mut k = 0;
    fast.visit_params_mut(&mut |p| {
        let src = if k == 0 { &w } else { &b };
        p.value
            .iter_mut()
            .zip(src)
            .for_each(|(d, &s)| *d = s as f32);
        k += 1;
    });
    let batch = 3;
    let x = randn(&mut rng, batch * width);
    let mut y = vec![0.0; x.len()];
    fast.forward(&x, &mut y, batch, true);
    assert_near("residual y", &y, &slow.forward(&to64(&x)));
    let dy = randn(&mut rng, y.len());
    let mut dx = vec![0.0; x.len()];
    fast.backward(&x, &y, &dy, Some(&mut dx), batch);
    assert_near("residual dx", &dx, &slow.backward(&to64(&dy)));
    check(&mut fast, batch, 50);
    assert!(Residual::new("bad", Sequential::new([4, 1, 1], 1).dense("fc", 3).unwrap()).is_err());
}

#[test]
fn sequential_backward_matches_finite_differences_end_to_end() {
    // A small conv net with every layer kind, checked through Sequential's own buffers.
    let mut net = Sequential::new([2, 8, 8], 3)
        .conv2d("c1", 3, 3, 1, 1)
        .unwrap()
        .tanh("t1")
        .avg_pool("a1", 2, 2)
        .unwrap()
        .conv2d("c2", 4, 3, 2, 1)
        .unwrap()
        .relu("r2")
        .max_pool("m2", 2, 1)
        .unwrap()
        .flatten("f")
        .dense("fc", 5)
        .unwrap();
    let mut rng = Rng::new(6);
    let batch = 2;
    let x = randn(&mut rng, batch * 128);
    let c = randn(&mut rng, batch * 5);
    let loss = |net: &mut Sequential, x: &[f32]| -> f64 {
        net.forward(x, batch, false)
            .iter()
            .zip(&c)
            .map(|(&a, &b)| a as f64 * b as f64)
            .sum()
    };
    net.forward(&x, batch, false);
    net.zero_grad();
    net.backward(&c, true);
    let dx = net.input_grad().to_vec();
    let h = 1e-2;
    for i in (0..x.len()).step_by(7) {
        let (mut up, mut down) = (x.clone(), x.clone());
        up[i] += h;
        down[i] -= h;
        let num = (loss(&mut net, &up) - loss(&mut net, &down)) / (2.0 * h as f64);
        close("net dx", i, dx[i] as f64, num, 3e-3);
    }
    assert_eq!(
        net.param_count(),
        (2 * 9 * 3 + 3) + (3 * 9 * 4 + 4) + (4 * 5 + 5)
    );
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
