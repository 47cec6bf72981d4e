//! A whole f32 network (every layer kind, softmax + cross-entropy on top) against central
//! finite differences under the one gradient-check rule, through `Sequential`'s own buffers:
//! the layers' backward passes chained the way training chains them.

mod common;
use common::gradcheck::{check_gradient, F32};
use common::layer_check::set_nth;
use convlab::nn::engine::loss::softmax_cross_entropy;
use convlab::nn::engine::{Sequential, Shape};
use convlab::nn::Rng;

fn randn(rng: &mut Rng, n: usize) -> Vec<f32> {
    (0..n).map(|_| rng.normal() as f32).collect()
}

/// The smallest |z| of ReLU's input and the smallest gap between the two largest positive
/// values of a max-pool window (inputs of one example of shape `shape`, window 2, stride 1).
fn kink_margins(relu_in: &[f32], pool_in: &[f32], shape: Shape) -> (f32, f32) {
    let relu = relu_in
        .iter()
        .map(|v| v.abs())
        .fold(f32::INFINITY, f32::min);
    let [_, rows, cols] = shape;
    let mut gap = f32::INFINITY;
    for plane in pool_in.chunks_exact(rows * cols) {
        for i in 0..rows - 1 {
            for j in 0..cols - 1 {
                let mut w = [
                    plane[i * cols + j],
                    plane[i * cols + j + 1],
                    plane[(i + 1) * cols + j],
                    plane[(i + 1) * cols + j + 1],
                ];
                w.sort_by(|a, b| b.total_cmp(a));
                if w[1] > 0.0 {
                    gap = gap.min(w[0] - w[1]);
                }
            }
        }
    }
    (relu, gap)
}

#[test]
fn sequential_with_softmax_cross_entropy_passes_the_gradient_check_end_to_end() {
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
    assert_eq!(
        net.param_count(),
        (2 * 9 * 3 + 3) + (3 * 9 * 4 + 4) + (4 * 5 + 5)
    );
    let mut rng = Rng::new(47);
    let (batch, labels) = (2, [3u8, 1]);
    let x = randn(&mut rng, batch * 128);
    let (mut probs, mut dz) = (vec![0.0; batch * 5], vec![0.0; batch * 5]);
    let mut loss = |net: &mut Sequential, x: &[f32]| -> f64 {
        let z = net.forward(x, batch, false).to_vec();
        softmax_cross_entropy(&z, &labels, 5, &mut probs, &mut dz).loss
    };
    let z = net.forward(&x, batch, false).to_vec();
    let (relu, gap) = kink_margins(net.output(3), net.output(4), net.out_shape_of(5));
    assert!(
        relu.min(gap) > 2.0 * F32.step as f32,
        "this seed puts ReLU or max-pool within a step of a kink ({relu}, {gap}): pick another"
    );
    let mut dlogits = vec![0.0; z.len()];
    softmax_cross_entropy(&z, &labels, 5, &mut vec![0.0; z.len()], &mut dlogits);
    net.zero_grad();
    net.backward(&dlogits, true);
    let dx = net.input_grad().to_vec();
    let mut tensors = Vec::new();
    net.visit_params(&mut |p| tensors.push((p.grad.clone(), p.value.clone())));
    check_gradient("net dL/dx", F32, &dx, &mut x.clone(), |x| loss(&mut net, x));
    for (t, (grad, value)) in tensors.iter().enumerate() {
        check_gradient(
            &format!("net param {t}"),
            F32,
            grad,
            &mut value.clone(),
            |v| {
                set_nth(|f| net.visit_params_mut(f), t, v);
                loss(&mut net, &x)
            },
        );
        set_nth(|f| net.visit_params_mut(f), t, value);
    }
}
