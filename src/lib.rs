//! ConvLab's numeric core: convolution, filters, pooling, optimisers and small neural networks,
//! written in plain Rust so every formula is tested natively with `cargo test`.
//!
//! Only [`wasm`] names wasm-bindgen or JS types; it exports this core to the page.
//! Images are single-channel `f32` buffers in row-major order (`rows × cols`), as in ndarray.

#![warn(missing_docs)]

pub mod border;
pub mod conv;
pub mod error;
pub mod fftconv;
pub mod filters;
pub mod implicit;
pub mod matmul;
pub mod nn;
pub mod optim;
pub mod params;
pub mod pool;
pub mod rgba;
pub mod rng;
pub(crate) mod simd;
pub mod toeplitz;
pub mod wasm;

pub use error::{Error, Result};
