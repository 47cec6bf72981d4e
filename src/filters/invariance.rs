//! How rotation-invariant the maximum over orientations is: the filters station's measure.
//!
//! A bank of oriented filters at θ = 0°, 30°, …, 150° responds to an image; the maximum over
//! the six responses is (nearly) unchanged in shape when the image turns by one step, because
//! turning the image moves each pattern from one orientation's map to the next. The station
//! compares, inside a disc about the centre where neither the image border nor the fill of the
//! turned image reaches the kernel:
//!
//! - **max**: `max_θ(response to the turned image)` against `turn(max_θ(response to the image))`;
//! - **one**: the θ = 0° response to the turned image against the θ = 0° response turned;
//! - **next**: the θ = 30° response to the turned image against the θ = 0° response turned
//!   (small when turning moved the pattern to the next map, as it should);
//!
//! each as [`relative_difference`]: RMS difference ÷ spread of the reference. The maximum is
//! called invariant when its change is below [`INVARIANCE_THRESHOLD`].

use ndarray::{Array2, ArrayView3, Axis};

use crate::error::{Error, Result};
use crate::filters::rotate_image;
use crate::maps::{disc_mask, max_over, relative_difference};

/// Largest relative change of the maximum over orientations that the station calls
/// "almost unchanged" (15 %): the interpolation blur of one bicubic turn on the page's
/// filters stays well below it, a single orientation's change (≈ 100 %) far above.
pub const INVARIANCE_THRESHOLD: f64 = 0.15;

/// Smallest disc radius (px) the comparison accepts; below it there are too few pixels.
pub const MIN_DISC_RADIUS: usize = 8;

/// The result of [`rotation_invariance`].
#[derive(Debug, Clone)]
pub struct Invariance {
    /// Radius of the comparison disc (px), [`disc_radius`].
    pub disc_radius: usize,
    /// Relative change of the maximum over orientations.
    pub max_change: f64,
    /// Relative change of the θ = 0° response alone.
    pub one_change: f64,
    /// The θ = 30° response to the turned image against the θ = 0° response turned.
    pub next_change: f64,
    /// `max_change < INVARIANCE_THRESHOLD`.
    pub invariant: bool,
    /// The reference: the maximum over orientations of `original`, turned by `degrees`.
    pub reference: Array2<f32>,
}

/// Radius (px) of the comparison disc for a kernel of `kernel_radius` on a `rows × cols`
/// image: `⌊min(rows, cols)/2 − kernel_radius − 2⌋`, so a kernel centred anywhere in the disc
/// stays 2 px inside the image. Negative when there is no such disc.
pub fn disc_radius((rows, cols): (usize, usize), kernel_radius: usize) -> f64 {
    (rows.min(cols) as f64 / 2.0 - kernel_radius as f64 - 2.0).floor()
}

/// Compares the responses `original` (`count × rows × cols`, one map per orientation, on the
/// image as loaded) with `turned` (the same bank on the image turned by `degrees`), inside the
/// disc that a kernel of `kernel_radius` can see without reaching the border; with `abs` the
/// maxima and single maps are of `|response|`.
///
/// # Errors
/// [`Error::ShapeMismatch`] when the stacks differ in shape; [`Error::InvalidArgument`] when
/// they hold fewer than two maps, the angle is not finite, or the kernel is too large for a
/// disc of [`MIN_DISC_RADIUS`] px.
pub fn rotation_invariance(
    original: ArrayView3<'_, f32>,
    turned: ArrayView3<'_, f32>,
    degrees: f64,
    kernel_radius: usize,
    abs: bool,
) -> Result<Invariance> {
    if original.dim() != turned.dim() {
        return Err(Error::shape(
            "The responses to the image and to the turned image should have the same shape.",
        ));
    }
    let (count, rows, cols) = original.dim();
    if count < 2 {
        return Err(Error::invalid(format!(
            "The invariance measure needs responses at two or more orientations, not {count}."
        )));
    }
    let disc = disc_radius((rows, cols), kernel_radius);
    if disc < MIN_DISC_RADIUS as f64 {
        return Err(Error::invalid(
            "The kernel is too large for this image to compare inside a disc: reduce the radius.",
        ));
    }
    let disc_radius = disc as usize;
    let turn = |m: Array2<f32>| rotate_image(m.view(), degrees, 0.0);
    let one = |m: ndarray::ArrayView2<'_, f32>| {
        if abs {
            m.mapv(f32::abs)
        } else {
            m.to_owned()
        }
    };
    let mask = disc_mask((rows, cols), disc_radius as f64);
    let reference = turn(max_over(original, abs)?)?;
    let max_change =
        relative_difference(max_over(turned, abs)?.view(), reference.view(), mask.view())?;
    let first_turned = turn(one(original.index_axis(Axis(0), 0)))?;
    let one_change = relative_difference(
        one(turned.index_axis(Axis(0), 0)).view(),
        first_turned.view(),
        mask.view(),
    )?;
    let next_change = relative_difference(
        one(turned.index_axis(Axis(0), 1)).view(),
        first_turned.view(),
        mask.view(),
    )?;
    Ok(Invariance {
        disc_radius,
        max_change,
        one_change,
        next_change,
        invariant: max_change < INVARIANCE_THRESHOLD,
        reference,
    })
}
