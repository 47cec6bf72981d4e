//! Softmax + cross-entropy on a batch of logits z (batch × classes).
//!
//! p = softmax(z) with pₖ = e^{zₖ − max z} / Σⱼ e^{zⱼ − max z} (the shift keeps e^z finite),
//! L = −(1/B)·Σ_b ln p_{b, y_b}, and dL/dz = (p − onehot(y))/B.

/// Mean loss and number of correct arg-max predictions of a batch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BatchLoss {
    /// −(1/B)·Σ ln p_{b, y_b}.
    pub loss: f64,
    /// How many examples have arg-max p equal to their label.
    pub correct: usize,
}

/// Writes p = softmax(z) row by row into `probs` (same length as `logits`).
pub fn softmax(logits: &[f32], classes: usize, probs: &mut [f32]) {
    for (z, p) in logits
        .chunks_exact(classes)
        .zip(probs.chunks_exact_mut(classes))
    {
        let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mut sum = 0.0;
        for (p, &z) in p.iter_mut().zip(z) {
            *p = (z - max).exp();
            sum += *p;
        }
        p.iter_mut().for_each(|p| *p /= sum);
    }
}

/// The index of the largest value (the first one on a tie).
pub fn argmax(v: &[f32]) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if x > v[best] {
            best = i;
        }
    }
    best
}

/// Softmax + cross-entropy of `logits` (batch × classes) against `labels`: fills `probs` and
/// `dlogits` = (p − onehot(y))/B. A label ≥ classes is a programming error (panics).
pub fn softmax_cross_entropy(
    logits: &[f32],
    labels: &[u8],
    classes: usize,
    probs: &mut [f32],
    dlogits: &mut [f32],
) -> BatchLoss {
    let batch = labels.len();
    let n = batch * classes;
    softmax(&logits[..n], classes, &mut probs[..n]);
    let mut loss = 0.0;
    let mut correct = 0;
    let inv = 1.0 / batch as f32;
    for (((z, p), d), &y) in logits[..n]
        .chunks_exact(classes)
        .zip(probs[..n].chunks_exact(classes))
        .zip(dlogits[..n].chunks_exact_mut(classes))
        .zip(labels)
    {
        let y = y as usize;
        assert!(y < classes, "label {y} out of range");
        // −ln p_y = ln Σ e^{z − max} − (z_y − max), exact even where p_y underflows to 0; a
        // NaN or ∞ among the logits (a diverged network) makes it NaN, which the trainer sees.
        let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max) as f64;
        let sum: f64 = z.iter().map(|&v| (v as f64 - max).exp()).sum();
        loss += sum.ln() - (z[y] as f64 - max);
        if z.iter().any(|v| v.is_nan()) {
            loss = f64::NAN;
        }
        if argmax(p) == y {
            correct += 1;
        }
        for (k, (d, &pk)) in d.iter_mut().zip(p).enumerate() {
            *d = (pk - if k == y { 1.0 } else { 0.0 }) * inv;
        }
    }
    BatchLoss {
        loss: loss / batch.max(1) as f64,
        correct,
    }
}
