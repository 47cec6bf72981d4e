//! Trains the LeNet station's network on the 8×8 digits and writes the pretrained weights
//! file the page loads, `www/data/lenet-weights.bin`.
//!
//! Regenerate with `cargo run --release --example train_lenet` (a few seconds). Settings are
//! the page's defaults (seed 1, α = 0.02, μ = 0.9, batch 16, 1,500 digits of the fixed seeded split train), run
//! for [`EPOCHS`] epochs; the result is deterministic on every machine.

use convlab::nn::cnn::{Digits, TrainConfig, Trainer};

/// Epochs of training for the shipped weights.
const EPOCHS: usize = 14;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = env!("CARGO_MANIFEST_DIR");
    let bytes = std::fs::read(format!("{root}/www/data/digits.bin"))?;
    let mut trainer = Trainer::new(Digits::parse(&bytes)?, TrainConfig::default())?;
    println!(
        "epoch 0: train {:.2}%  test {:.2}%",
        100.0 * trainer.train_accuracy(),
        100.0 * trainer.test_accuracy()
    );
    for epoch in 1..=EPOCHS {
        let loss = trainer.train_epoch()?;
        println!(
            "epoch {epoch}: loss {loss:.4}  train {:.2}%  test {:.2}%",
            100.0 * trainer.train_accuracy(),
            100.0 * trainer.test_accuracy()
        );
    }
    let out = format!("{root}/www/data/lenet-weights.bin");
    std::fs::write(&out, trainer.model().to_bytes())?;
    println!("wrote {out}");
    Ok(())
}
