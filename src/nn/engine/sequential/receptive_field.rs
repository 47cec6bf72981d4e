//! Receptive fields: which input pixels an output position of a [`Sequential`] depends on,
//! walked back layer by layer through each layer's [`Geometry`] (a window of `size` taps moved
//! by `stride` over a `pad`-padded input widens the field to rows i·s − p … i·s − p + k − 1).

use super::Sequential;
use crate::nn::engine::Geometry;

impl Sequential {
    /// The input window (top, left, bottom, right; inclusive, may reach into the padding) that
    /// output position (row, col) of layer `i` depends on.
    pub fn receptive_field(
        &self,
        i: usize,
        row: usize,
        col: usize,
    ) -> (isize, isize, isize, isize) {
        let (mut r0, mut c0, mut r1, mut c1) =
            (row as isize, col as isize, row as isize, col as isize);
        for l in (0..=i).rev() {
            match self.layers[l].geometry() {
                Geometry::Pointwise => {}
                Geometry::Window { size, stride, pad } => {
                    let (s, p, k) = (stride as isize, pad as isize, size as isize);
                    r0 = r0 * s - p;
                    c0 = c0 * s - p;
                    r1 = r1 * s - p + k - 1;
                    c1 = c1 * s - p + k - 1;
                }
                Geometry::Full => {
                    let [_, h, w] = self.layers[l].in_shape();
                    (r0, c0, r1, c1) = (0, 0, h as isize - 1, w as isize - 1);
                }
            }
        }
        (r0, c0, r1, c1)
    }
}
