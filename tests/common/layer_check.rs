//! Gradient check of one f32 engine layer (input and every parameter tensor) through the one
//! rule of [`super::gradcheck`], so no NN test carries its own finite-difference loop.
//!
//! The probe loss is `L = Σ c ⊙ y(x)`, summed in f64, so `dL/dy = c`. Every forward pass runs
//! in training mode after restarting the layer's own random stream from [`MASK_SEED`]: a
//! dropout layer then draws the same mask in the analytic pass and in every finite-difference
//! pass, and the check sees `dL/dx = m ⊙ c` for that fixed mask.

// Shared by several test crates, each of which uses only some of these items.
#![allow(dead_code)]

use super::gradcheck::{check_gradient, F32};
use convlab::nn::engine::{Layer, Param};

/// The seed every forward pass restarts the layer's random stream from (fixes dropout masks).
pub const MASK_SEED: u64 = 99;

/// `L = Σ c ⊙ y(x)` in f64, training mode, with the mask of [`MASK_SEED`].
pub fn probe_loss(layer: &mut dyn Layer, x: &[f32], c: &[f32], batch: usize) -> f64 {
    layer.reseed(MASK_SEED);
    let mut y = vec![0.0; c.len()];
    layer.forward(x, &mut y, batch, true);
    y.iter()
        .zip(c)
        .map(|(&a, &b)| f64::from(a) * f64::from(b))
        .sum()
}

/// Overwrites the values of parameter tensor `t` (in [`Layer::visit_params`] order).
pub fn set_param(layer: &mut dyn Layer, t: usize, values: &[f32]) {
    set_nth(|f| layer.visit_params_mut(f), t, values);
}

/// Overwrites tensor `t` of whatever `visit` walks (a layer's or a network's
/// `visit_params_mut`).
pub fn set_nth(visit: impl FnOnce(&mut dyn FnMut(&mut Param)), t: usize, values: &[f32]) {
    let mut k = 0;
    visit(&mut |p| {
        if k == t {
            p.value.copy_from_slice(values);
        }
        k += 1;
    });
}

/// Runs `layer` forward and backward on `x` with `dL/dy = c`, then checks dL/dx and every
/// dL/dθ against central differences under [`F32`]. Returns the analytic parameter gradients
/// (for tests that compare them further). Panics, naming the layer and entry, on a mismatch.
pub fn check_layer(layer: &mut dyn Layer, x: &[f32], c: &[f32], batch: usize) -> Vec<Vec<f32>> {
    let in_len = batch * layer.in_shape().iter().product::<usize>();
    let out_len = batch * layer.out_shape().iter().product::<usize>();
    assert_eq!(
        (x.len(), c.len()),
        (in_len, out_len),
        "{} shapes",
        layer.name()
    );
    let name = layer.name().to_string();
    let mut y = vec![0.0; out_len];
    let mut dx = vec![0.0; in_len];
    layer.visit_params_mut(&mut |p| p.grad.fill(0.0));
    layer.reseed(MASK_SEED);
    layer.forward(x, &mut y, batch, true);
    layer.backward(x, &y, c, Some(&mut dx), batch);
    check_gradient(&format!("{name} dL/dx"), F32, &dx, &mut x.to_vec(), |x| {
        probe_loss(layer, x, c, batch)
    });
    let mut tensors = Vec::new();
    layer.visit_params(&mut |p| tensors.push((p.grad.clone(), p.value.clone())));
    for (t, (grad, value)) in tensors.iter().enumerate() {
        check_gradient(
            &format!("{name} param {t}"),
            F32,
            grad,
            &mut value.clone(),
            |v| {
                set_param(layer, t, v);
                probe_loss(layer, x, c, batch)
            },
        );
        set_param(layer, t, value);
    }
    tensors.into_iter().map(|(g, _)| g).collect()
}
