//! Operations on response maps whose results the stations state: ReLU, the elementwise maximum
//! over a stack of maps, and the two ways the page measures how much a map changed.
//!
//! - [`relative_change`]`(a, b) = ‖a − b‖₂ / ‖b‖₂` (0 when both are zero): how much a feature
//!   map moved when the input was shifted, relative to the map's size (pooling station);
//! - [`relative_difference`]`(a, b, mask)` = RMS of `a − b` over the mask divided by the
//!   standard deviation of `b` there: a difference measured in units of the reference's
//!   spread, so a constant offset of the size of the contrast counts as 100 % (filters
//!   station's rotation-invariance measure).

use ndarray::{Array2, ArrayView2, ArrayView3, Axis, Zip};

use crate::error::{Error, Result};
use crate::grid::check_not_empty;

/// `max(v, 0)` elementwise: the rectified linear unit applied to a feature map.
///
/// # Example
/// ```
/// use ndarray::array;
/// let z = convlab::maps::relu(array![[-1.0, 0.5], [2.0, -0.0]].view());
/// assert_eq!(z, array![[0.0, 0.5], [2.0, 0.0]]);
/// ```
pub fn relu(map: ArrayView2<'_, f32>) -> Array2<f32> {
    // `v.max(0.0)` would keep NaN as 0; a NaN must stay visible.
    map.mapv(|v| if v < 0.0 { 0.0 } else { v })
}

/// The elementwise maximum over the maps of `stack` (`count × rows × cols`), of `|v|` when
/// `abs`: the "max over orientations" of an oriented filter bank.
///
/// # Errors
/// [`Error::InvalidArgument`] when the stack holds no map or empty maps.
pub fn max_over(stack: ArrayView3<'_, f32>, abs: bool) -> Result<Array2<f32>> {
    let (count, rows, cols) = stack.dim();
    if count == 0 || rows == 0 || cols == 0 {
        return Err(Error::invalid(format!(
            "The stack of maps is empty ({count} maps of {rows} × {cols}): it needs at least one map."
        )));
    }
    let mut out = Array2::from_elem((rows, cols), f32::NEG_INFINITY);
    for map in stack.axis_iter(Axis(0)) {
        Zip::from(&mut out).and(&map).for_each(|o, &v| {
            let v = if abs { v.abs() } else { v };
            if v > *o {
                *o = v;
            }
        });
    }
    Ok(out)
}

fn check_same_shape(a: &ArrayView2<'_, f32>, b: &ArrayView2<'_, f32>) -> Result<()> {
    check_not_empty("map", a)?;
    if a.dim() != b.dim() {
        return Err(Error::shape(format!(
            "The two maps should have the same size, but one is {} × {} and the other {} × {}.",
            a.nrows(),
            a.ncols(),
            b.nrows(),
            b.ncols()
        )));
    }
    Ok(())
}

/// `‖a − b‖₂ / ‖b‖₂`, summed in `f64`; 0 when `b` is all zero (then nothing can be said to
/// have changed relative to it, and the pooling station shows no change).
///
/// # Errors
/// [`Error::ShapeMismatch`] when the maps differ in size; [`Error::InvalidArgument`] when they
/// are empty.
///
/// # Example
/// ```
/// use ndarray::array;
/// // ‖(3, 4) − (0, 0)‖ / ‖(3, 4)‖ would be 1; here b = (3, 4), a = (0, 0): 5 / 5 = 1.
/// let c = convlab::maps::relative_change(array![[0.0, 0.0]].view(), array![[3.0, 4.0]].view());
/// assert_eq!(c.unwrap(), 1.0);
/// ```
pub fn relative_change(a: ArrayView2<'_, f32>, b: ArrayView2<'_, f32>) -> Result<f64> {
    check_same_shape(&a, &b)?;
    let (mut diff, mut size) = (0.0f64, 0.0f64);
    Zip::from(&a).and(&b).for_each(|&x, &y| {
        let (x, y) = (f64::from(x), f64::from(y));
        diff += (x - y) * (x - y);
        size += y * y;
    });
    Ok(if size > 0.0 {
        (diff / size).sqrt()
    } else {
        0.0
    })
}

/// `sqrt(Σ_m (a − b)² / Σ_m (b − mean_m b)²)` over the pixels where `mask` is true, in `f64`:
/// the RMS difference over the mask divided by the standard deviation of the reference `b`
/// there (a flat reference is given a spread of `1e-15` so the ratio stays finite).
///
/// # Errors
/// [`Error::ShapeMismatch`] when the maps or the mask differ in size;
/// [`Error::InvalidArgument`] when they are empty or the mask selects no pixel.
pub fn relative_difference(
    a: ArrayView2<'_, f32>,
    b: ArrayView2<'_, f32>,
    mask: ArrayView2<'_, bool>,
) -> Result<f64> {
    check_same_shape(&a, &b)?;
    if mask.dim() != b.dim() {
        return Err(Error::shape(
            "The mask should have the same size as the maps.",
        ));
    }
    let (mut n, mut sum) = (0usize, 0.0f64);
    Zip::from(&b).and(&mask).for_each(|&y, &m| {
        if m {
            n += 1;
            sum += f64::from(y);
        }
    });
    if n == 0 {
        return Err(Error::invalid(
            "The comparison region is empty: it needs at least one pixel.",
        ));
    }
    let mean = sum / n as f64;
    let (mut num, mut den) = (0.0f64, 0.0f64);
    Zip::from(&a).and(&b).and(&mask).for_each(|&x, &y, &m| {
        if m {
            let (x, y) = (f64::from(x), f64::from(y));
            num += (x - y) * (x - y);
            den += (y - mean) * (y - mean);
        }
    });
    Ok((num / den.max(1e-30)).sqrt())
}

/// True inside the disc of `radius` px about the centre `((cols − 1)/2, (rows − 1)/2)` of a
/// `rows × cols` image (boundary included).
pub fn disc_mask((rows, cols): (usize, usize), radius: f64) -> Array2<bool> {
    let (cy, cx) = ((rows as f64 - 1.0) / 2.0, (cols as f64 - 1.0) / 2.0);
    Array2::from_shape_fn((rows, cols), |(i, j)| {
        (j as f64 - cx).powi(2) + (i as f64 - cy).powi(2) <= radius * radius
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{array, Array3};

    #[test]
    fn relu_keeps_nan_visible() {
        let z = relu(array![[f32::NAN, -2.0]].view());
        assert!(z[[0, 0]].is_nan() && z[[0, 1]] == 0.0);
    }

    #[test]
    fn max_over_by_hand() {
        let stack =
            Array3::from_shape_vec((2, 1, 3), vec![1.0, -5.0, 0.0, -2.0, 3.0, -1.0]).unwrap();
        assert_eq!(
            max_over(stack.view(), false).unwrap(),
            array![[1.0, 3.0, 0.0]]
        );
        assert_eq!(
            max_over(stack.view(), true).unwrap(),
            array![[2.0, 5.0, 1.0]]
        );
        assert!(max_over(Array3::zeros((0, 2, 2)).view(), false).is_err());
    }

    /// Worked by hand: b = (0, 2, 4) has mean 2 and Σ(b − 2)² = 8; a = b + (1, 1, 1) gives
    /// Σ(a − b)² = 3, so the ratio is √(3/8).
    #[test]
    fn relative_difference_by_hand() {
        let b = array![[0.0, 2.0, 4.0, 100.0]];
        let a = array![[1.0, 3.0, 5.0, -100.0]];
        let mask = array![[true, true, true, false]];
        let d = relative_difference(a.view(), b.view(), mask.view()).unwrap();
        assert!((d - (3.0f64 / 8.0).sqrt()).abs() < 1e-15, "{d}");
        let none = Array2::from_elem((1, 4), false);
        assert!(relative_difference(a.view(), b.view(), none.view()).is_err());
    }

    #[test]
    fn relative_change_is_zero_for_a_zero_reference() {
        let z = Array2::<f32>::zeros((2, 2));
        assert_eq!(relative_change(z.view(), z.view()).unwrap(), 0.0);
        let e = relative_change(z.view(), Array2::zeros((2, 3)).view()).unwrap_err();
        assert!(e.message().contains("same size"), "{e}");
    }

    #[test]
    fn disc_mask_by_hand() {
        // 3 × 3, radius 1 about (1, 1): the centre and its four neighbours, not the corners.
        let m = disc_mask((3, 3), 1.0);
        assert_eq!(
            m,
            array![
                [false, true, false],
                [true, true, true],
                [false, true, false]
            ]
        );
    }
}
