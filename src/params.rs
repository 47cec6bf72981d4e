//! Parameter counts of a fully connected layer and a convolutional layer on the same input.
//!
//! For an input of `H × W × C` numbers (height, width, colour channels):
//!
//! ```text
//! fully connected, k units:         weights = H·W·C·k     biases = k
//! convolutional, K filters f×f×C:   weights = K·f·f·C     biases = K
//! bytes as float32 = 4 · (weights + biases)
//! ```
//!
//! The lecture's example, `256 × 256 × 3` inputs and `k = 10,000` units, gives
//! `256·256·3·10,000 = 1,966,080,000` weights ("about 2 billion parameters", 7.9 GB), plus
//! 10,000 biases. A convolutional layer's count does not depend on `H` or `W` at all: the same
//! small filter is reused at every position. Seen as a matrix (see [`ConvAsMatrix`]) the
//! convolutional layer is huge but almost all zeros, and its non-zeros repeat only `K·f·f·C`
//! distinct values.
//!
//! Counts are exact integers (`u64`), limited to [`MAX_COUNT`] so the page can show every digit.

use crate::error::{Error, Result};

/// Bytes per parameter stored as a 32-bit float.
pub const BYTES_PER_F32: u64 = 4;

/// The largest count reported: 2⁵³ − 1, the largest integer a JavaScript number holds exactly.
pub const MAX_COUNT: u64 = (1 << 53) - 1;

/// The shape of a layer's input: `height × width × channels`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputShape {
    /// Rows of the image (px).
    pub height: u64,
    /// Columns of the image (px).
    pub width: u64,
    /// Channels per pixel (3 for RGB).
    pub channels: u64,
}

/// The learnable numbers of one layer, weights and biases counted separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayerParams {
    /// Entries of the weight matrix or of the filters.
    pub weights: u64,
    /// One bias per unit or per filter.
    pub biases: u64,
}

impl LayerParams {
    /// Weights plus biases.
    pub fn total(&self) -> u64 {
        self.weights + self.biases
    }

    /// Memory to store all parameters as float32, in bytes.
    pub fn bytes_f32(&self) -> u64 {
        self.total() * BYTES_PER_F32
    }
}

/// A convolutional layer written as one matrix `W` acting on the vectorised input, with
/// zero ("same") padding so the output is `H × W × K`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConvAsMatrix {
    /// Rows of `W`: one per output number, `H·W·K`.
    pub rows: u64,
    /// Columns of `W`: one per input number, `H·W·C`.
    pub cols: u64,
    /// All entries, `rows · cols` (as a float: it can exceed [`MAX_COUNT`]).
    pub entries: f64,
    /// Entries that are not forced to zero: filter taps that land inside the image.
    pub nonzeros: f64,
    /// Distinct values among the non-zeros: the `K·f·f·C` filter weights.
    pub distinct: u64,
}

/// Both layers on one input, and how they compare.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    /// The fully connected layer's parameters.
    pub fully_connected: LayerParams,
    /// The convolutional layer's parameters.
    pub convolutional: LayerParams,
    /// Fully connected total over convolutional total: how many times larger it is.
    pub ratio: f64,
    /// The convolutional layer as a sparse matrix with tied weights.
    pub conv_as_matrix: ConvAsMatrix,
}

fn check_positive(what: &str, value: u64) -> Result<()> {
    if value == 0 {
        Err(Error::invalid(format!(
            "The {what} is 0: it must be a whole number of at least 1."
        )))
    } else {
        Ok(())
    }
}

/// Multiplies counts exactly, refusing results above [`MAX_COUNT`].
fn product(what: &str, factors: &[u64]) -> Result<u64> {
    factors
        .iter()
        .try_fold(1u64, |acc, &f| acc.checked_mul(f).filter(|&p| p <= MAX_COUNT))
        .ok_or_else(|| {
            Error::invalid(format!(
                "The {what} would be more than 9 quadrillion (2⁵³), too large to count exactly: use smaller numbers."
            ))
        })
}

fn check_input(input: &InputShape) -> Result<()> {
    check_positive("input height H", input.height)?;
    check_positive("input width W", input.width)?;
    check_positive("number of channels C", input.channels)
}

/// Parameters of a fully connected layer with `units` units on `input`: `H·W·C·k` weights and
/// `k` biases.
///
/// # Errors
/// [`Error::InvalidArgument`] when a number is 0 or the count exceeds [`MAX_COUNT`].
///
/// # Example
/// ```
/// use convlab::params::{fully_connected_params, InputShape};
/// let input = InputShape { height: 256, width: 256, channels: 3 };
/// let p = fully_connected_params(input, 10_000).unwrap();
/// assert_eq!(p.weights, 1_966_080_000);
/// assert_eq!(p.biases, 10_000);
/// ```
pub fn fully_connected_params(input: InputShape, units: u64) -> Result<LayerParams> {
    check_input(&input)?;
    check_positive("number of units k", units)?;
    let weights = product(
        "fully connected layer's weight count",
        &[input.height, input.width, input.channels, units],
    )?;
    let biases = units;
    if weights + biases > MAX_COUNT {
        return Err(Error::invalid(
            "The fully connected layer would have more than 9 quadrillion (2⁵³) parameters, too large to count exactly: use smaller numbers.",
        ));
    }
    Ok(LayerParams { weights, biases })
}

/// Parameters of a convolutional layer with `filters` filters of size `f × f × C` on `input`:
/// `K·f·f·C` weights and `K` biases, independent of the image's height and width.
///
/// # Errors
/// [`Error::InvalidArgument`] when a number is 0, the filter is larger than the image, or the
/// count exceeds [`MAX_COUNT`].
///
/// # Example
/// ```
/// use convlab::params::{conv_params, InputShape};
/// let input = InputShape { height: 256, width: 256, channels: 3 };
/// let p = conv_params(input, 64, 3).unwrap();
/// assert_eq!((p.weights, p.biases), (64 * 3 * 3 * 3, 64));
/// ```
pub fn conv_params(input: InputShape, filters: u64, filter_size: u64) -> Result<LayerParams> {
    check_input(&input)?;
    check_positive("number of filters K", filters)?;
    check_positive("filter size f", filter_size)?;
    let side = input.height.min(input.width);
    if filter_size > side {
        return Err(Error::invalid(format!(
            "The filter ({filter_size} × {filter_size}) is larger than the image ({} × {}): use a filter size of at most {side}.",
            input.height, input.width
        )));
    }
    let weights = product(
        "convolutional layer's weight count",
        &[filters, filter_size, filter_size, input.channels],
    )?;
    let biases = filters;
    if weights + biases > MAX_COUNT {
        return Err(Error::invalid(
            "The convolutional layer would have more than 9 quadrillion (2⁵³) parameters, too large to count exactly: use smaller numbers.",
        ));
    }
    Ok(LayerParams { weights, biases })
}

/// How many taps of a length-`f` filter (origin `f / 2`, as in [`crate::conv`]) land inside a
/// length-`n` signal, summed over the `n` output positions of a zero-padded ("same") filter.
///
/// Every position reads `f` taps except near the ends: the first `o = f / 2` positions lose
/// `o, o − 1, …, 1` taps off the left edge and the last `e = f − 1 − o` lose `1, …, e` off the
/// right, so `T(n) = f·n − o(o+1)/2 − e(e+1)/2`. Needs `f ≤ n` (no position loses taps on
/// both sides).
pub(crate) fn taps_inside(n: u64, f: u64) -> u64 {
    debug_assert!(1 <= f && f <= n);
    let o = f / 2;
    let e = f - 1 - o;
    f * n - o * (o + 1) / 2 - e * (e + 1) / 2
}

/// The convolutional layer as one matrix on the vectorised input ("same" zero padding).
///
/// Non-zeros are exact: each output pixel reads only the `f × f × C` inputs under its filter,
/// fewer at the borders, so `nonzeros = K · C · T(H) · T(W)` with `T(n)` the number of filter
/// taps inside a length-`n` row summed over its positions.
///
/// # Errors
/// As for [`conv_params`].
pub fn conv_as_matrix(input: InputShape, filters: u64, filter_size: u64) -> Result<ConvAsMatrix> {
    let params = conv_params(input, filters, filter_size)?;
    let pixels = input.height as f64 * input.width as f64;
    let rows = pixels * filters as f64;
    let cols = pixels * input.channels as f64;
    if rows > MAX_COUNT as f64 || cols > MAX_COUNT as f64 {
        return Err(Error::invalid(
            "That input is too large to write the layer as a matrix: use smaller numbers.",
        ));
    }
    let nonzeros = filters as f64
        * input.channels as f64
        * taps_inside(input.height, filter_size) as f64
        * taps_inside(input.width, filter_size) as f64;
    Ok(ConvAsMatrix {
        rows: rows as u64,
        cols: cols as u64,
        entries: rows * cols,
        nonzeros,
        distinct: params.weights,
    })
}

/// Both layers on one input: a fully connected layer with `units` units and a convolutional
/// layer with `filters` filters of size `filter_size × filter_size × C`.
///
/// # Errors
/// As for [`fully_connected_params`] and [`conv_params`].
///
/// # Example
/// ```
/// use convlab::params::{compare_layers, InputShape};
/// let input = InputShape { height: 256, width: 256, channels: 3 };
/// let c = compare_layers(input, 10_000, 64, 3).unwrap();
/// assert_eq!(c.fully_connected.total(), 1_966_090_000);
/// assert_eq!(c.convolutional.total(), 1_792);
/// ```
pub fn compare_layers(
    input: InputShape,
    units: u64,
    filters: u64,
    filter_size: u64,
) -> Result<Comparison> {
    let fully_connected = fully_connected_params(input, units)?;
    let convolutional = conv_params(input, filters, filter_size)?;
    let conv_as_matrix = conv_as_matrix(input, filters, filter_size)?;
    Ok(Comparison {
        fully_connected,
        convolutional,
        ratio: fully_connected.total() as f64 / convolutional.total() as f64,
        conv_as_matrix,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SLIDE: InputShape = InputShape {
        height: 256,
        width: 256,
        channels: 3,
    };

    #[test]
    fn slide_numbers() {
        let fc = fully_connected_params(SLIDE, 10_000).unwrap();
        // 256 · 256 = 65,536; · 3 = 196,608; · 10,000 = 1,966,080,000.
        assert_eq!(fc.weights, 1_966_080_000);
        assert_eq!(fc.biases, 10_000);
        // 4 bytes each: 7,864,360,000 B ≈ 7.9 GB.
        assert_eq!(fc.bytes_f32(), 7_864_360_000);
    }

    #[test]
    fn taps_by_hand() {
        // n = 4, f = 3, origin 1: positions read 2, 3, 3, 2 taps inside.
        assert_eq!(taps_inside(4, 3), 10);
        // f = 1 reads exactly one tap everywhere.
        assert_eq!(taps_inside(5, 1), 5);
        // n = 3, f = 2, origin 1: position 0 reads x[-1], x[0] → 1; 1 → 2; 2 → 2.
        assert_eq!(taps_inside(3, 2), 5);
    }

    /// Counts the taps one by one: output r reads inputs r − f/2 ..= r − f/2 + f − 1.
    fn taps_brute_force(n: u64, f: u64) -> u64 {
        let o = f as i64 / 2;
        (0..n as i64)
            .map(|r| {
                (0..f as i64)
                    .filter(|i| (0..n as i64).contains(&(r + i - o)))
                    .count() as u64
            })
            .sum()
    }

    #[test]
    fn taps_closed_form_matches_counting() {
        for n in 1..=12 {
            for f in 1..=n {
                assert_eq!(
                    taps_inside(n, f),
                    taps_brute_force(n, f),
                    "n = {n}, f = {f}"
                );
            }
        }
    }

    #[test]
    fn zero_and_oversized_inputs_are_refused() {
        let e = fully_connected_params(SLIDE, 0).unwrap_err();
        assert!(e.message().contains("units k is 0"), "{e}");
        let e = conv_params(
            InputShape {
                height: 4,
                width: 8,
                channels: 1,
            },
            2,
            5,
        )
        .unwrap_err();
        assert!(e.message().contains("at most 4"), "{e}");
        let huge = InputShape {
            height: 1 << 20,
            width: 1 << 20,
            channels: 1 << 20,
        };
        let e = fully_connected_params(huge, 1).unwrap_err();
        assert!(e.message().contains("too large"), "{e}");
    }
}
