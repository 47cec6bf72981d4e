//! A four-lane `f32` vector for the convolution inner loops.
//!
//! On wasm32 built with `+simd128` (see `.cargo/config.toml`) it is one `v128`; elsewhere it is
//! a plain `[f32; 4]`, which native compilers vectorise on their own. Callers stay portable.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::*;

    /// Four `f32` lanes.
    #[derive(Clone, Copy)]
    pub struct F32x4(v128);

    impl F32x4 {
        /// All lanes equal to `v`.
        #[inline(always)]
        pub fn splat(v: f32) -> Self {
            F32x4(f32x4_splat(v))
        }

        /// Lanes `s[i..i + 4]`.
        #[inline(always)]
        pub fn load(s: &[f32], i: usize) -> Self {
            let lanes = &s[i..i + 4];
            // SAFETY: `lanes` has exactly four f32 (16 bytes); v128_load allows unaligned reads.
            F32x4(unsafe { v128_load(lanes.as_ptr() as *const v128) })
        }

        /// Writes the lanes to `s[i..i + 4]`.
        #[inline(always)]
        pub fn store(self, s: &mut [f32], i: usize) {
            let lanes = &mut s[i..i + 4];
            // SAFETY: as in `load`, four writable f32; unaligned stores are allowed.
            unsafe { v128_store(lanes.as_mut_ptr() as *mut v128, self.0) }
        }

        /// `self + a * b`, lane by lane.
        #[inline(always)]
        pub fn mul_add(self, a: Self, b: Self) -> Self {
            F32x4(f32x4_add(self.0, f32x4_mul(a.0, b.0)))
        }
    }

    /// Writes four pixels' vectors (`px[k]` = RGBA of pixel k) as bytes through `map` into
    /// `dst[..16]`, alpha taken from `alpha[..16]`.
    #[inline(always)]
    pub fn store_pixels(px: [F32x4; 4], alpha: &[u8], dst: &mut [u8], map: super::ByteMap) {
        let (offset, scale, abs) = map.parts();
        let conv = |v: F32x4| {
            let mut v = v.0;
            if abs {
                v = f32x4_abs(v);
            }
            v = f32x4_mul(f32x4_sub(v, f32x4_splat(offset)), f32x4_splat(scale));
            i32x4_trunc_sat_f32x4(f32x4_nearest(v))
        };
        let lo = i16x8_narrow_i32x4(conv(px[0]), conv(px[1]));
        let hi = i16x8_narrow_i32x4(conv(px[2]), conv(px[3]));
        let bytes = u8x16_narrow_i16x8(lo, hi);
        let keep = &alpha[..16];
        let out = &mut dst[..16];
        // SAFETY: 16 readable bytes in `keep`, 16 writable in `out`; unaligned is allowed.
        unsafe {
            let a = v128_load(keep.as_ptr() as *const v128);
            v128_store(
                out.as_mut_ptr() as *mut v128,
                v128_bitselect(a, bytes, u32x4_splat(0xff00_0000)),
            );
        }
    }

    /// `dst[i] = src[i] as f32`, sixteen bytes a step.
    pub fn bytes_to_floats(src: &[u8], dst: &mut [f32]) {
        let n = src.len().min(dst.len());
        let mut i = 0;
        while i + 16 <= n {
            let bytes = &src[i..i + 16];
            let out = &mut dst[i..i + 16];
            // SAFETY: 16 readable bytes and 16 writable floats (64 bytes); unaligned is allowed.
            unsafe {
                let v = v128_load(bytes.as_ptr() as *const v128);
                let lo = u16x8_extend_low_u8x16(v);
                let hi = u16x8_extend_high_u8x16(v);
                let p = out.as_mut_ptr() as *mut v128;
                v128_store(p, f32x4_convert_u32x4(u32x4_extend_low_u16x8(lo)));
                v128_store(p.add(1), f32x4_convert_u32x4(u32x4_extend_high_u16x8(lo)));
                v128_store(p.add(2), f32x4_convert_u32x4(u32x4_extend_low_u16x8(hi)));
                v128_store(p.add(3), f32x4_convert_u32x4(u32x4_extend_high_u16x8(hi)));
            }
            i += 16;
        }
        for (d, &b) in dst[i..n].iter_mut().zip(&src[i..n]) {
            *d = f32::from(b);
        }
    }

    /// Writes `map(src)` as bytes into the R, G, B of interleaved RGBA `dst`, and alpha from
    /// `alpha` (the unfiltered image).
    pub fn floats_to_rgba_bytes(src: &[f32], alpha: &[u8], dst: &mut [u8], map: super::ByteMap) {
        let n = src.len().min(dst.len()).min(alpha.len());
        let (offset, scale, abs) = map.parts();
        let (offset, scale) = (f32x4_splat(offset), f32x4_splat(scale));
        let alpha_mask = u32x4_splat(0xff00_0000);
        let mut i = 0;
        while i + 16 <= n {
            let floats = &src[i..i + 16];
            let keep = &alpha[i..i + 16];
            let out = &mut dst[i..i + 16];
            // SAFETY: 16 readable floats, 16 readable and 16 writable bytes; unaligned is allowed.
            unsafe {
                let p = floats.as_ptr() as *const v128;
                let conv = |k: usize| {
                    let mut v = v128_load(p.add(k));
                    if abs {
                        v = f32x4_abs(v);
                    }
                    v = f32x4_mul(f32x4_sub(v, offset), scale);
                    i32x4_trunc_sat_f32x4(f32x4_nearest(v))
                };
                // Saturating narrowing clamps to 0..=255 on the way down.
                let lo = i16x8_narrow_i32x4(conv(0), conv(1));
                let hi = i16x8_narrow_i32x4(conv(2), conv(3));
                let bytes = u8x16_narrow_i16x8(lo, hi);
                let q = out.as_mut_ptr() as *mut v128;
                let a = v128_load(keep.as_ptr() as *const v128);
                v128_store(q, v128_bitselect(a, bytes, alpha_mask));
            }
            i += 16;
        }
        super::floats_to_rgba_bytes_scalar(&src[i..n], &alpha[i..n], &mut dst[i..n], map);
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
    /// Four `f32` lanes.
    #[derive(Clone, Copy)]
    pub struct F32x4([f32; 4]);

    impl F32x4 {
        /// All lanes equal to `v`.
        #[inline(always)]
        pub fn splat(v: f32) -> Self {
            F32x4([v; 4])
        }

        /// Lanes `s[i..i + 4]`.
        #[inline(always)]
        pub fn load(s: &[f32], i: usize) -> Self {
            let mut lanes = [0.0; 4];
            lanes.copy_from_slice(&s[i..i + 4]);
            F32x4(lanes)
        }

        /// Writes the lanes to `s[i..i + 4]`.
        #[inline(always)]
        pub fn store(self, s: &mut [f32], i: usize) {
            s[i..i + 4].copy_from_slice(&self.0);
        }

        /// `self + a * b`, lane by lane.
        #[inline(always)]
        pub fn mul_add(self, a: Self, b: Self) -> Self {
            let mut r = self.0;
            for ((r, a), b) in r.iter_mut().zip(a.0).zip(b.0) {
                *r += a * b;
            }
            F32x4(r)
        }
    }

    /// Writes four pixels' vectors (`px[k]` = RGBA of pixel k) as bytes through `map` into
    /// `dst[..16]`, alpha taken from `alpha[..16]`.
    #[inline(always)]
    pub fn store_pixels(px: [F32x4; 4], alpha: &[u8], dst: &mut [u8], map: super::ByteMap) {
        let mut floats = [0.0; 16];
        for (k, v) in px.iter().enumerate() {
            v.store(&mut floats, 4 * k);
        }
        super::floats_to_rgba_bytes_scalar(&floats, &alpha[..16], &mut dst[..16], map);
    }

    /// `dst[i] = src[i] as f32`.
    pub fn bytes_to_floats(src: &[u8], dst: &mut [f32]) {
        for (d, &b) in dst.iter_mut().zip(src) {
            *d = f32::from(b);
        }
    }

    /// Writes `map(src)` as bytes into the R, G, B of interleaved RGBA `dst`, and alpha from
    /// `alpha` (the unfiltered image).
    pub fn floats_to_rgba_bytes(src: &[f32], alpha: &[u8], dst: &mut [u8], map: super::ByteMap) {
        super::floats_to_rgba_bytes_scalar(src, alpha, dst, map);
    }
}

pub use imp::{bytes_to_floats, floats_to_rgba_bytes, store_pixels, F32x4};

/// How a filtered value becomes a byte: `(|v| if abs, else v) − offset) · scale`, then
/// rounded to nearest (ties to even) and clamped to `0..=255`, as `Uint8ClampedArray` does.
#[derive(Clone, Copy, Debug)]
pub enum ByteMap {
    /// `v` as is.
    Identity,
    /// `|v|`.
    Abs,
    /// `(v − offset) · scale`.
    Affine {
        /// Subtracted first.
        offset: f32,
        /// Multiplied after.
        scale: f32,
    },
}

impl ByteMap {
    fn parts(self) -> (f32, f32, bool) {
        match self {
            ByteMap::Identity => (0.0, 1.0, false),
            ByteMap::Abs => (0.0, 1.0, true),
            ByteMap::Affine { offset, scale } => (offset, scale, false),
        }
    }

    /// The byte for one value.
    #[inline]
    pub fn byte(self, v: f32) -> u8 {
        let (offset, scale, abs) = self.parts();
        let v = if abs { v.abs() } else { v };
        ((v - offset) * scale).round_ties_even().clamp(0.0, 255.0) as u8
    }
}

/// The scalar reference for [`floats_to_rgba_bytes`] (and its tail).
fn floats_to_rgba_bytes_scalar(src: &[f32], alpha: &[u8], dst: &mut [u8], map: ByteMap) {
    for (k, ((d, &v), &a)) in dst.iter_mut().zip(src).zip(alpha).enumerate() {
        *d = if k % 4 == 3 { a } else { map.byte(v) };
    }
}

#[cfg(test)]
mod tests {
    use super::F32x4;

    #[test]
    fn mul_add_load_store_round_trip() {
        let a = [1.0, 2.0, 3.0, 4.0, 5.0];
        let mut out = [0.0; 5];
        F32x4::splat(1.0)
            .mul_add(F32x4::load(&a, 1), F32x4::splat(2.0))
            .store(&mut out, 0);
        assert_eq!(out, [5.0, 7.0, 9.0, 11.0, 0.0]);
    }
}
