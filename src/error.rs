//! The crate's error type.
//!
//! Every check on user input ends here, with a message written for a student (it is shown on
//! the page as is). `Error` implements [`std::error::Error`], so at the wasm boundary `?`
//! turns it into a `JsError` carrying the same message.

use std::fmt;

/// Why a computation refused its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// An argument has a value the computation cannot use (a NaN kernel cell, an unknown
    /// border name, a step count of zero...).
    InvalidArgument(String),
    /// Buffer lengths disagree with the stated shape (`rows × cols` ≠ `len`).
    ShapeMismatch(String),
}

impl Error {
    /// An [`Error::InvalidArgument`] with the given message.
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidArgument(message.into())
    }

    /// An [`Error::ShapeMismatch`] with the given message.
    pub fn shape(message: impl Into<String>) -> Self {
        Error::ShapeMismatch(message.into())
    }

    /// The message shown to the user.
    pub fn message(&self) -> &str {
        match self {
            Error::InvalidArgument(m) | Error::ShapeMismatch(m) => m,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for Error {}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;

/// Checks that `data.len() == rows * cols` and that the shape is not empty.
///
/// # Errors
/// [`Error::ShapeMismatch`] naming `what` when the length is wrong, or
/// [`Error::InvalidArgument`] when `rows` or `cols` is zero.
pub fn check_shape(what: &str, len: usize, rows: usize, cols: usize) -> Result<()> {
    if rows == 0 || cols == 0 {
        return Err(Error::invalid(format!(
            "The {what} is empty ({rows} × {cols}): it needs at least one row and one column."
        )));
    }
    match rows.checked_mul(cols) {
        Some(n) if n == len => Ok(()),
        _ => Err(Error::shape(format!(
            "The {what} should hold {rows} × {cols} = {} values but has {len}.",
            rows.saturating_mul(cols)
        ))),
    }
}

/// Checks that every value is finite, naming the first bad one.
///
/// # Errors
/// [`Error::InvalidArgument`] when a value is NaN or infinite.
pub fn check_finite(what: &str, values: &[f32]) -> Result<()> {
    match values.iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(i) => Err(Error::invalid(format!(
            "The {what} has a value that is not a finite number ({}) at position {}: use ordinary numbers like 1, -0.5 or 1/16.",
            values[i],
            i + 1
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_messages_name_the_problem() {
        assert!(check_shape("image", 6, 2, 3).is_ok());
        let e = check_shape("image", 5, 2, 3).unwrap_err();
        assert_eq!(
            e.message(),
            "The image should hold 2 × 3 = 6 values but has 5."
        );
        assert!(matches!(
            check_shape("kernel", 0, 0, 3),
            Err(Error::InvalidArgument(_))
        ));
    }

    #[test]
    fn finite_check_names_position() {
        let e = check_finite("kernel", &[1.0, f32::NAN]).unwrap_err();
        assert!(e.message().contains("position 2"), "{e}");
        assert!(check_finite("kernel", &[1.0, -2.0]).is_ok());
    }
}
