//! A four-lane `f32` vector for the convolution inner loops.
//!
//! On wasm32 built with `+simd128` (see `.cargo/config.toml`) it is one `v128`; elsewhere it is
//! a plain `[f32; 4]`, which native compilers vectorise on their own. Callers stay portable.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::{f32x4_add, f32x4_mul, f32x4_splat, v128, v128_load, v128_store};

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
}

pub use imp::F32x4;

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
