//! The JavaScript boundary: the only module that names wasm-bindgen or JS types.
//!
//! Each submodule exports one topic's core functions with `#[wasm_bindgen]`: it converts
//! inputs, calls the core, converts the result. Errors cross as `JsError` with the core's
//! student-readable message.

use wasm_bindgen::prelude::*;

mod args;
mod conv;
mod filter_race;
mod filters;
mod implicit;
mod lenet;
mod lenet5;
mod lenet5_train;
mod measures;
mod nn;
mod optim;
mod pool;
mod skip;
mod skip_race;
mod toeplitz;
mod width_sweep;

/// Installs a panic hook so an unexpected panic shows a readable message in the console.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}
