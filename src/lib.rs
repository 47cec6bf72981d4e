//! ConvLab's numeric core: convolution, filters, pooling, optimisers and small neural networks,
//! written in plain Rust so every formula is tested natively with `cargo test`.
//!
//! Only [`wasm`] names wasm-bindgen or JS types; it exports this core to the page.
//! Images and kernels are single-channel `f32` ndarray arrays (`ArrayView2<f32>` in,
//! `Array2<f32>` out; see [`grid`]); the boundary builds the views from JS's flat buffers.

#![warn(missing_docs)]

pub mod border;
pub mod conv;
pub mod error;
pub mod fftconv;
pub mod filters;
pub mod grid;
pub mod implicit;
pub mod maps;
pub mod matmul;
pub mod nn;
pub mod optim;
pub mod params;
pub mod pool;
pub mod rgba;
pub mod rng;
mod simd;
pub mod stability;
pub mod toeplitz;
pub mod vector;
pub mod wasm;

pub use error::{Error, Result};
