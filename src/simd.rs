//! A four-lane `f32` vector for the convolution inner loops.
//!
//! On wasm32 built with `+simd128` (see `.cargo/config.toml`) it is one `v128`; elsewhere it is
//! a plain `[f32; 4]`, which native compilers vectorise on their own. Callers stay portable.
//! With `+relaxed-simd` too (the second build, `convlab_relaxed_bg.wasm`) a multiply-add is
//! one fused instruction where the hardware has it.

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

        /// `self + a * b`, lane by lane: one fused multiply-add in the `+relaxed-simd` build
        /// (where the engine has FMA hardware), a multiply then an add otherwise.
        #[inline(always)]
        pub fn mul_add(self, a: Self, b: Self) -> Self {
            #[cfg(target_feature = "relaxed-simd")]
            {
                F32x4(f32x4_relaxed_madd(a.0, b.0, self.0))
            }
            #[cfg(not(target_feature = "relaxed-simd"))]
            {
                F32x4(f32x4_add(self.0, f32x4_mul(a.0, b.0)))
            }
        }

        /// Lane 0.
        #[inline(always)]
        pub fn first(self) -> f32 {
            f32x4_extract_lane::<0>(self.0)
        }
    }

    /// 2²³: adding it to a float in `0..=255` leaves the value rounded to the nearest whole
    /// number (ties to even, as `Uint8ClampedArray` rounds) in the low mantissa bits.
    const ROUNDING_BIAS: f32 = 8_388_608.0;

    /// Four pixels' R, G, B (`px` = 12 floats, pixel after pixel) as bytes through `map` into
    /// `dst[..16]` as RGBA, alpha taken from `alpha[..16]`.
    ///
    /// Clamp to `0..=255`, add [`ROUNDING_BIAS`], keep each lane's low byte: a handful of
    /// instructions where `nearest` + `trunc_sat` + two narrowings cost several times more on
    /// x86. A NaN stays NaN through the pseudo-min/max and lands as 0, as in a clamped array.
    #[inline(always)]
    pub fn store_rgb_pixels(px: [F32x4; 3], alpha: &[u8], dst: &mut [u8], map: super::ByteMap) {
        let (offset, scale, abs) = map.parts();
        let affine = offset != 0.0 || scale != 1.0;
        let conv = |v: F32x4| {
            let mut v = v.0;
            if abs {
                v = f32x4_abs(v);
            }
            if affine {
                v = f32x4_mul(f32x4_sub(v, f32x4_splat(offset)), f32x4_splat(scale));
            }
            let v = f32x4_pmin(f32x4_pmax(v, f32x4_splat(0.0)), f32x4_splat(255.0));
            f32x4_add(v, f32x4_splat(ROUNDING_BIAS))
        };
        let (c0, c1, c2) = (conv(px[0]), conv(px[1]), conv(px[2]));
        // Low bytes of the lanes: R0 G0 B0 R1 G1 B1 R2 G2, then B2 R3 G3 B3 and four alphas.
        let first = i8x16_shuffle::<0, 4, 8, 12, 16, 20, 24, 28, 0, 0, 0, 0, 0, 0, 0, 0>(c0, c1);
        let keep = &alpha[..16];
        let out = &mut dst[..16];
        // SAFETY: 16 readable bytes in `keep`, 16 writable in `out`; unaligned is allowed.
        unsafe {
            let a = v128_load(keep.as_ptr() as *const v128);
            let second =
                i8x16_shuffle::<0, 4, 8, 12, 19, 23, 27, 31, 0, 0, 0, 0, 0, 0, 0, 0>(c2, a);
            let rgba = i8x16_shuffle::<0, 1, 2, 20, 3, 4, 5, 21, 6, 7, 16, 22, 17, 18, 19, 23>(
                first, second,
            );
            v128_store(out.as_mut_ptr() as *mut v128, rgba);
        }
    }

    /// `a` rearranged by byte indices `m` (an index ≥ 16 gives 0): the relaxed form where
    /// available, which is exactly x86's pshufb.
    #[inline(always)]
    fn swizzle(a: v128, m: v128) -> v128 {
        #[cfg(target_feature = "relaxed-simd")]
        {
            i8x16_relaxed_swizzle(a, m)
        }
        #[cfg(not(target_feature = "relaxed-simd"))]
        {
            u8x16_swizzle(a, m)
        }
    }

    /// R, G, B of interleaved RGBA bytes as floats, alpha dropped: `dst[3p + c] = src[4p + c]`
    /// for the `min(src.len() / 4, dst.len() / 3)` pixels.
    pub fn rgba_to_rgb_floats(src: &[u8], dst: &mut [f32]) {
        let pixels = (src.len() / 4).min(dst.len() / 3);
        // Each byte into its own 32-bit lane: a swizzle whose other lanes pick index 0x80,
        // which reads 0 in wasm and in x86's pshufb alike (so V8 emits one pshufb), then the
        // signed convert (one instruction; the unsigned one is emulated on x86).
        const Z: u8 = 0x80;
        let m0 = u8x16(0, Z, Z, Z, 1, Z, Z, Z, 2, Z, Z, Z, 4, Z, Z, Z);
        let m1 = u8x16(5, Z, Z, Z, 6, Z, Z, Z, 8, Z, Z, Z, 9, Z, Z, Z);
        let m2 = u8x16(10, Z, Z, Z, 12, Z, Z, Z, 13, Z, Z, Z, 14, Z, Z, Z);
        let mut p = 0;
        while p + 4 <= pixels {
            let bytes = &src[4 * p..4 * p + 16];
            let out = &mut dst[3 * p..3 * p + 12];
            // SAFETY: 16 readable bytes and 12 writable floats (48 bytes); unaligned is allowed.
            unsafe {
                let v = v128_load(bytes.as_ptr() as *const v128);
                let q = out.as_mut_ptr() as *mut v128;
                v128_store(q, f32x4_convert_i32x4(swizzle(v, m0)));
                v128_store(q.add(1), f32x4_convert_i32x4(swizzle(v, m1)));
                v128_store(q.add(2), f32x4_convert_i32x4(swizzle(v, m2)));
            }
            p += 4;
        }
        super::rgba_to_rgb_floats_scalar(&src[4 * p..4 * pixels], &mut dst[3 * p..3 * pixels]);
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

        /// Lane 0.
        #[inline(always)]
        pub fn first(self) -> f32 {
            self.0[0]
        }
    }

    /// Four pixels' R, G, B (`px` = 12 floats, pixel after pixel) as bytes through `map` into
    /// `dst[..16]` as RGBA, alpha taken from `alpha[..16]`.
    #[inline(always)]
    pub fn store_rgb_pixels(px: [F32x4; 3], alpha: &[u8], dst: &mut [u8], map: super::ByteMap) {
        let mut floats = [0.0; 12];
        for (k, v) in px.iter().enumerate() {
            v.store(&mut floats, 4 * k);
        }
        super::rgb_floats_to_rgba_bytes_scalar(&floats, &alpha[..16], &mut dst[..16], map);
    }

    /// R, G, B of interleaved RGBA bytes as floats, alpha dropped: `dst[3p + c] = src[4p + c]`
    /// for the `min(src.len() / 4, dst.len() / 3)` pixels.
    pub fn rgba_to_rgb_floats(src: &[u8], dst: &mut [f32]) {
        super::rgba_to_rgb_floats_scalar(src, dst);
    }
}

pub use imp::{rgba_to_rgb_floats, store_rgb_pixels, F32x4};

/// `acc + a · b` rounded exactly as one lane of [`F32x4::mul_add`] rounds it (fused in the
/// relaxed-SIMD build), for the scalar tails of vector loops: every output then has the same
/// rounding whichever loop computed it.
#[inline(always)]
pub fn lane_mul_add(acc: f32, a: f32, b: f32) -> f32 {
    F32x4::splat(acc)
        .mul_add(F32x4::splat(a), F32x4::splat(b))
        .first()
}

/// The scalar form of [`rgba_to_rgb_floats`] (and its tail).
fn rgba_to_rgb_floats_scalar(src: &[u8], dst: &mut [f32]) {
    for (rgb, px) in dst.chunks_exact_mut(3).zip(src.chunks_exact(4)) {
        for (d, &b) in rgb.iter_mut().zip(px) {
            *d = f32::from(b);
        }
    }
}

/// Writes `map(src)` (R, G, B floats, 3 a pixel) as bytes into interleaved RGBA `dst`, alpha
/// from `alpha` (the unfiltered image); `min(src.len() / 3, dst.len() / 4)` pixels.
pub fn rgb_floats_to_rgba_bytes(src: &[f32], alpha: &[u8], dst: &mut [u8], map: ByteMap) {
    let pixels = (src.len() / 3).min(dst.len() / 4).min(alpha.len() / 4);
    let mut p = 0;
    while p + 4 <= pixels {
        let px = [
            F32x4::load(src, 3 * p),
            F32x4::load(src, 3 * p + 4),
            F32x4::load(src, 3 * p + 8),
        ];
        store_rgb_pixels(px, &alpha[4 * p..], &mut dst[4 * p..], map);
        p += 4;
    }
    rgb_floats_to_rgba_bytes_scalar(
        &src[3 * p..3 * pixels],
        &alpha[4 * p..4 * pixels],
        &mut dst[4 * p..4 * pixels],
        map,
    );
}

/// The scalar form of [`rgb_floats_to_rgba_bytes`] (and its tail).
fn rgb_floats_to_rgba_bytes_scalar(src: &[f32], alpha: &[u8], dst: &mut [u8], map: ByteMap) {
    for ((px, rgb), a) in dst
        .chunks_exact_mut(4)
        .zip(src.chunks_exact(3))
        .zip(alpha.chunks_exact(4))
    {
        for (d, &v) in px.iter_mut().zip(rgb) {
            *d = map.byte(v);
        }
        px[3] = a[3];
    }
}

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
