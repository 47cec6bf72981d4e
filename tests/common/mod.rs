//! Helpers shared by several test crates (`mod common;` in a test file).

pub mod fixture;
pub mod gradcheck;
pub mod layer_check;
