//! Squared-error loss for regression.
//!
//! Training loss on a batch of n predictions: L = (1/2n)·Σᵢ (ŷᵢ − yᵢ)², with gradient
//! dL/dŷᵢ = (ŷᵢ − yᵢ)/n. The error we report is the mean squared error (1/n)·Σᵢ (ŷᵢ − yᵢ)² = 2L.

/// L = (1/2n)·Σ (ŷᵢ − yᵢ)² and its gradient (ŷᵢ − yᵢ)/n.
pub fn half_mse(pred: &[f64], target: &[f64]) -> (f64, Vec<f64>) {
    debug_assert_eq!(pred.len(), target.len());
    let n = pred.len().max(1) as f64;
    let r: Vec<f64> = pred.iter().zip(target).map(|(p, t)| p - t).collect();
    let loss = r.iter().map(|v| v * v).sum::<f64>() / (2.0 * n);
    (loss, r.into_iter().map(|v| v / n).collect())
}

/// Mean squared error (1/n)·Σ (ŷᵢ − yᵢ)² (0 for no data).
pub fn mse(pred: &[f64], target: &[f64]) -> f64 {
    if pred.is_empty() {
        return 0.0;
    }
    pred.iter()
        .zip(target)
        .map(|(p, t)| (p - t) * (p - t))
        .sum::<f64>()
        / pred.len() as f64
}
