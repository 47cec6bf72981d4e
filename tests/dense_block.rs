//! The dense block (DenseNet): backward against central finite differences under the one
//! gradient-check rule, its forward against the definition written out by hand, and its
//! parameter count against a hand count.

mod common;
use common::layer_check::check_layer;
use convlab::nn::engine::{DenseBlock, Layer, Sequential};
use convlab::nn::Rng;

/// H_l: 3 × 3 convolution (padding 1) from c₀ + l·k channels to k, then tanh (smooth: no
/// kinks for the finite differences to straddle).
fn conv_block(c0: usize, k: usize, depth: usize, rows: usize, seed: u64) -> DenseBlock {
    let layers = (0..depth)
        .map(|l| {
            Sequential::new([c0 + l * k, rows, rows], seed + l as u64)
                .conv2d(&format!("conv{l}"), k, 3, 1, 1)
                .unwrap()
                .tanh(&format!("tanh{l}"))
        })
        .collect();
    DenseBlock::new("block", [c0, rows, rows], k, layers).unwrap()
}

fn randn(rng: &mut Rng, n: usize) -> Vec<f32> {
    (0..n).map(|_| rng.normal() as f32).collect()
}

#[test]
fn dense_block_backward_matches_finite_differences() {
    let (c0, k, depth, rows, batch) = (2, 3, 3, 5, 2);
    let mut block = conv_block(c0, k, depth, rows, 7);
    assert_eq!(block.out_shape(), [c0 + depth * k, rows, rows]);
    let mut rng = Rng::new(11);
    let x = randn(&mut rng, batch * c0 * rows * rows);
    let c = randn(&mut rng, batch * (c0 + depth * k) * rows * rows);
    let grads = check_layer(&mut block, &x, &c, batch);
    assert_eq!(
        grads.len(),
        2 * depth,
        "a weight and a bias tensor per layer"
    );
    // Without dx the parameter gradients are the same.
    let mut again = conv_block(c0, k, depth, rows, 7);
    let mut y = vec![0.0; c.len()];
    again.visit_params_mut(&mut |p| p.grad.fill(0.0));
    again.forward(&x, &mut y, batch, true);
    again.backward(&x, &y, &c, None, batch);
    let mut g2 = Vec::new();
    again.visit_params(&mut |p| g2.push(p.grad.clone()));
    assert_eq!(g2, grads);
}

#[test]
fn dense_block_forward_is_the_concatenation_of_every_earlier_map() {
    let (c0, k, depth, rows, batch) = (2, 3, 3, 4, 2);
    let mut block = conv_block(c0, k, depth, rows, 3);
    let mut rng = Rng::new(5);
    let plane = rows * rows;
    let x = randn(&mut rng, batch * c0 * plane);
    let mut y = vec![0.0; batch * (c0 + depth * k) * plane];
    block.forward(&x, &mut y, batch, false);
    // By hand: run H_l on [x, H_0(..), ..., H_{l-1}(..)] built example by example.
    let mut nets: Vec<Sequential> = (0..depth)
        .map(|l| {
            Sequential::new([c0 + l * k, rows, rows], 3 + l as u64)
                .conv2d(&format!("conv{l}"), k, 3, 1, 1)
                .unwrap()
                .tanh(&format!("tanh{l}"))
        })
        .collect();
    for b in 0..batch {
        let mut cat: Vec<f32> = x[b * c0 * plane..][..c0 * plane].to_vec();
        for net in nets.iter_mut() {
            let out = net.forward(&cat, 1, false).to_vec();
            cat.extend_from_slice(&out);
        }
        let row = (c0 + depth * k) * plane;
        assert_eq!(&y[b * row..][..row], &cat[..], "example {b}");
    }
}

#[test]
fn dense_block_parameter_count_matches_a_hand_count() {
    // Layer l: (c₀ + l·k)·k·3·3 weights + k biases. c₀ = 2, k = 3:
    // l = 0: 2·3·9 + 3 = 57, l = 1: 5·3·9 + 3 = 138, l = 2: 8·3·9 + 3 = 219; total 414.
    let block = conv_block(2, 3, 3, 5, 1);
    let mut n = 0;
    block.visit_params(&mut |p| n += p.value.len());
    assert_eq!(n, 57 + 138 + 219);
    let net = Sequential::new([2, 5, 5], 1).push(Box::new(block)).unwrap();
    assert_eq!(net.param_count(), 414);
    assert_eq!(net.out_shape(), [11, 5, 5]);
}

#[test]
fn dense_block_refuses_layers_of_the_wrong_shape() {
    let wrong = vec![Sequential::new([2, 4, 4], 1)
        .conv2d("c", 5, 3, 1, 1)
        .unwrap()];
    let err = DenseBlock::new("b", [2, 4, 4], 3, wrong)
        .unwrap_err()
        .to_string();
    assert!(err.contains("must read"), "{err}");
    assert!(DenseBlock::new("b", [2, 4, 4], 3, Vec::new()).is_err());
}
