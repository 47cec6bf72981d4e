//! Saving and restoring a [`Sequential`]'s weights: a snapshot in memory (the trainer rolls
//! back to the last good weights with it), and the weights file: "CLW1", a u32 tensor count,
//! then per tensor a u32 length and that many f32 values, all little-endian, in
//! [`Sequential::visit_params`] order (the page saves and loads LeNet-5's trained weights).

use super::Sequential;
use crate::{Error, Result};

/// Magic bytes that open a weights file ("ConvLab weights, version 1").
pub const WEIGHTS_MAGIC: &[u8; 4] = b"CLW1";

impl Sequential {
    /// Copies every parameter value into `out` (reused; it only grows).
    pub fn save_params(&self, out: &mut Vec<f32>) {
        out.clear();
        self.visit_params(&mut |p| out.extend_from_slice(&p.value));
    }

    /// Restores values saved by [`Sequential::save_params`] and clears the momentum.
    pub fn restore_params(&mut self, saved: &[f32]) {
        let mut at = 0;
        self.visit_params_mut(&mut |p| {
            let n = p.value.len();
            p.value.copy_from_slice(&saved[at..at + n]);
            p.velocity.fill(0.0);
            at += n;
        });
    }

    /// The weights file: "CLW1", u32 tensor count, then per tensor a u32 length and that many
    /// f32 values (all little-endian), in [`Sequential::visit_params`] order.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut tensors = 0u32;
        self.visit_params(&mut |_| tensors += 1);
        let mut out = Vec::with_capacity(8 + 4 * (self.param_count() + tensors as usize));
        out.extend_from_slice(WEIGHTS_MAGIC);
        out.extend_from_slice(&tensors.to_le_bytes());
        self.visit_params(&mut |p| {
            out.extend_from_slice(&(p.value.len() as u32).to_le_bytes());
            p.value
                .iter()
                .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        });
        out
    }

    /// Loads a weights file written by [`Sequential::to_bytes`] for the same architecture.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a file that is not a weights file, belongs to another
    /// architecture, is cut short or holds a value that is not finite; the weights are then
    /// unchanged.
    pub fn load_bytes(&mut self, bytes: &[u8]) -> Result<()> {
        let not_ours = || {
            Error::invalid(
                "This is not a ConvLab weights file for this network (it should start with \"CLW1\" and match the layer sizes): use lenet5-weights.bin or weights saved by the page.",
            )
        };
        if bytes.len() < 8 || &bytes[..4] != WEIGHTS_MAGIC {
            return Err(not_ours());
        }
        let word = |at: usize| -> Option<u32> {
            bytes
                .get(at..at + 4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        };
        let mut lens = Vec::new();
        self.visit_params(&mut |p| lens.push(p.value.len()));
        if word(4) != Some(lens.len() as u32) {
            return Err(not_ours());
        }
        let mut at = 8;
        let mut spans = Vec::with_capacity(lens.len());
        for &len in &lens {
            if word(at) != Some(len as u32) || bytes.len() < at + 4 + 4 * len {
                return Err(not_ours());
            }
            spans.push(at + 4);
            at += 4 + 4 * len;
        }
        if at != bytes.len() {
            return Err(not_ours());
        }
        let value =
            |i: usize| f32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
        if spans
            .iter()
            .zip(&lens)
            .any(|(&s, &len)| (0..len).any(|k| !value(s + 4 * k).is_finite()))
        {
            return Err(Error::invalid(
                "This weights file holds a value that is not a finite number: it is damaged.",
            ));
        }
        let mut t = 0;
        self.visit_params_mut(&mut |p| {
            let s = spans[t];
            p.value
                .iter_mut()
                .enumerate()
                .for_each(|(k, v)| *v = value(s + 4 * k));
            p.velocity.fill(0.0);
            t += 1;
        });
        Ok(())
    }
}
