//! Strategies shared by the no-panic property tests.

use proptest::prelude::*;

/// Any JS number a field could hold, weighted towards the awkward ones: NaN, ±∞, ±1e308, zero,
/// the smallest subnormal, any bit pattern, and ordinary numbers in −50..50.
pub fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -50.0f64..50.0,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(1e308),
        1 => Just(-1e308),
        1 => Just(0.0),
        1 => Just(5e-324),
        1 => any::<f64>(),
    ]
}
