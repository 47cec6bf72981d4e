//! 2D max pooling with a size × size window and stride = size, channel by channel.
//!
//! y[c, i, j] = max_{0 ≤ u, v < s} x[c, s·i + u, s·j + v], out_rows = ⌊rows/s⌋ (a leftover
//! edge row or column is dropped). The gradient of a max flows only to the input that won:
//! dL/dx[c, s·i + u*, s·j + v*] += dL/dy[c, i, j] at the arg-max (u*, v*) (the first one in
//! reading order on a tie), every other input gets 0.

use crate::{Error, Result};

/// A max-pooling layer; it remembers, per output, which input won in the last forward pass.
#[derive(Debug, Clone)]
pub struct MaxPool2d {
    /// Channels (pooled independently).
    pub channels: usize,
    /// Input rows.
    pub rows: usize,
    /// Input columns.
    pub cols: usize,
    /// Window side and stride s.
    pub size: usize,
    /// Output rows, ⌊rows/s⌋.
    pub out_rows: usize,
    /// Output columns, ⌊cols/s⌋.
    pub out_cols: usize,
    argmax: Vec<usize>,
    in_total: usize,
}

impl MaxPool2d {
    /// A pooling layer for (channels × rows × cols) inputs.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a size is zero or the window is larger than the input.
    pub fn new(channels: usize, (rows, cols): (usize, usize), size: usize) -> Result<Self> {
        if channels == 0 || size == 0 || rows < size || cols < size {
            return Err(Error::invalid(format!(
                "A {size}×{size} pooling window needs an input at least that big with at least one channel (got {channels} × {rows} × {cols})."
            )));
        }
        Ok(MaxPool2d {
            channels,
            rows,
            cols,
            size,
            out_rows: rows / size,
            out_cols: cols / size,
            argmax: Vec::new(),
            in_total: 0,
        })
    }

    /// Numbers per input example.
    pub fn in_len(&self) -> usize {
        self.channels * self.rows * self.cols
    }

    /// Numbers per output example.
    pub fn out_len(&self) -> usize {
        self.channels * self.out_rows * self.out_cols
    }

    /// The pooled batch and, for each output, the index (in `x`) of the input that won.
    fn pool(&self, x: &[f64]) -> (Vec<f64>, Vec<usize>) {
        debug_assert_eq!(x.len() % self.in_len(), 0);
        let n = x.len() / self.in_len() * self.out_len();
        let (mut y, mut arg) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for plane in 0..x.len() / (self.rows * self.cols) {
            let base = plane * self.rows * self.cols;
            for i in 0..self.out_rows {
                for j in 0..self.out_cols {
                    let mut best = base + (i * self.size) * self.cols + j * self.size;
                    for u in 0..self.size {
                        for v in 0..self.size {
                            let t = base + (i * self.size + u) * self.cols + j * self.size + v;
                            if x[t] > x[best] {
                                best = t;
                            }
                        }
                    }
                    y.push(x[best]);
                    arg.push(best);
                }
            }
        }
        (y, arg)
    }

    /// The pooled batch without caching anything.
    pub fn apply(&self, x: &[f64]) -> Vec<f64> {
        self.pool(x).0
    }

    /// Forward pass for training: [`MaxPool2d::apply`], remembering the winners.
    pub fn forward(&mut self, x: &[f64]) -> Vec<f64> {
        let (y, arg) = self.pool(x);
        self.argmax = arg;
        self.in_total = x.len();
        y
    }

    /// Backward pass: routes each dL/dy to the input that won; returns dL/dx.
    pub fn backward(&self, dy: &[f64]) -> Vec<f64> {
        let mut dx = vec![0.0; self.in_total];
        for (&g, &t) in dy.iter().zip(&self.argmax) {
            dx[t] += g;
        }
        dx
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pools_by_hand() {
        // One 2 × 5 plane: windows {1, 5, 2, 0} and {3, 2, 7, 7}; the last column is dropped.
        let x = [1.0, 5.0, 3.0, 2.0, 9.0, 2.0, 0.0, 7.0, 7.0, 9.0];
        let mut p = MaxPool2d::new(1, (2, 5), 2).unwrap();
        assert_eq!(p.forward(&x), vec![5.0, 7.0]);
        // The tie 7 / 7 goes to the first one in reading order (index 7).
        assert_eq!(
            p.backward(&[10.0, 20.0]),
            vec![0.0, 10.0, 0.0, 0.0, 0.0, 0.0, 0.0, 20.0, 0.0, 0.0]
        );
    }

    #[test]
    fn window_larger_than_input_is_an_error() {
        assert!(MaxPool2d::new(1, (1, 4), 2).is_err());
    }
}
