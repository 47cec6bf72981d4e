//! Border modes: how a filter reads pixels that lie outside the image.
//!
//! Names and meanings are scipy.ndimage's, so results can be checked against it. For a row
//! `a b c d` extended to the left:
//!
//! | mode       | extension        |
//! |------------|------------------|
//! | `constant` | `0 0 0 \| a b c d` |
//! | `reflect`  | `c b a \| a b c d` (edge repeated) |
//! | `mirror`   | `d c b \| a b c d` (edge not repeated) |
//! | `nearest`  | `a a a \| a b c d` |
//! | `wrap`     | `b c d \| a b c d` (periodic) |

use crate::error::{Error, Result};

/// How samples outside `0..n` are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Border {
    /// Outside samples are zero.
    Constant,
    /// Reflect about the edge, repeating the edge sample (`d c b a | a b c d`).
    Reflect,
    /// Mirror about the edge sample's centre, not repeating it (`d c b | a b c d`).
    Mirror,
    /// Repeat the edge sample (`a a a | a b c d`).
    Nearest,
    /// Wrap around periodically (`b c d | a b c d`).
    Wrap,
}

/// Every border mode with its scipy name, in the order the page lists them.
pub const ALL_BORDERS: [(Border, &str); 5] = [
    (Border::Reflect, "reflect"),
    (Border::Constant, "constant"),
    (Border::Mirror, "mirror"),
    (Border::Nearest, "nearest"),
    (Border::Wrap, "wrap"),
];

impl Border {
    /// Reads a scipy.ndimage mode name (`"constant"`, `"reflect"`, `"mirror"`, `"nearest"`,
    /// `"wrap"`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] listing the known names when `name` is none of them.
    pub fn parse(name: &str) -> Result<Border> {
        ALL_BORDERS
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(b, _)| *b)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "Unknown border mode \"{name}\": use one of constant, reflect, mirror, nearest or wrap."
                ))
            })
    }

    /// The scipy name of this mode.
    pub fn name(self) -> &'static str {
        ALL_BORDERS
            .iter()
            .find(|(b, _)| *b == self)
            .map(|(_, n)| *n)
            .unwrap_or("constant")
    }

    /// Maps a possibly out-of-range index `i` into `0..n`, or `None` where the mode reads zero.
    ///
    /// Works for any distance outside (a 63-tap kernel on a 2-pixel image included), as scipy
    /// does: reflect has period `2n`, mirror `2n − 2`, wrap `n`.
    pub fn index(self, i: isize, n: usize) -> Option<usize> {
        let n_i = n as isize;
        if (0..n_i).contains(&i) {
            return Some(i as usize);
        }
        match self {
            Border::Constant => None,
            Border::Nearest => Some(if i < 0 { 0 } else { n - 1 }),
            Border::Wrap => Some(i.rem_euclid(n_i) as usize),
            Border::Reflect => {
                let period = 2 * n_i;
                let k = i.rem_euclid(period);
                Some(if k < n_i { k } else { period - 1 - k } as usize)
            }
            Border::Mirror => {
                if n == 1 {
                    return Some(0);
                }
                let period = 2 * n_i - 2;
                let k = i.rem_euclid(period);
                Some(if k < n_i { k } else { period - k } as usize)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table in the module docs, for `a b c d` = indices 0..4, reading 3 to the left
    /// and 3 to the right.
    #[test]
    fn extensions_match_scipy_docs() {
        let read = |b: Border| -> Vec<Option<usize>> { (-3..7).map(|i| b.index(i, 4)).collect() };
        let s = |v: &[usize]| v.iter().map(|&x| Some(x)).collect::<Vec<_>>();
        assert_eq!(read(Border::Reflect), s(&[2, 1, 0, 0, 1, 2, 3, 3, 2, 1]));
        assert_eq!(read(Border::Mirror), s(&[3, 2, 1, 0, 1, 2, 3, 2, 1, 0]));
        assert_eq!(read(Border::Nearest), s(&[0, 0, 0, 0, 1, 2, 3, 3, 3, 3]));
        assert_eq!(read(Border::Wrap), s(&[1, 2, 3, 0, 1, 2, 3, 0, 1, 2]));
        let c = read(Border::Constant);
        assert_eq!(&c[3..7], &s(&[0, 1, 2, 3])[..]);
        assert!(c[..3].iter().chain(&c[7..]).all(Option::is_none));
    }

    #[test]
    fn parse_round_trips_and_rejects_unknown() {
        for (b, n) in ALL_BORDERS {
            assert_eq!(Border::parse(n).unwrap(), b);
            assert_eq!(b.name(), n);
        }
        let e = Border::parse("zeros").unwrap_err();
        assert!(e.message().contains("\"zeros\""));
    }

    #[test]
    fn single_sample_never_leaves_range() {
        for (b, _) in ALL_BORDERS {
            for i in -70..70 {
                if let Some(j) = b.index(i, 1) {
                    assert_eq!(j, 0);
                }
            }
        }
    }
}
