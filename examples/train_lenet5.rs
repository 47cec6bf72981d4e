//! Trains LeNet-5 on the shipped MNIST training split and writes the pretrained weights the
//! LeNet-5 station opens with, `www/data/lenet5-weights.bin`.
//!
//! `cargo run --release --example train_lenet5` (single thread, fixed seeds; the engine's
//! matrix multiply sums in a fixed order without fused multiply-adds, so the file is the same
//! byte for byte on every machine). Prints the held-out accuracy after every epoch; the last
//! epoch's weights ship.

use convlab::nn::engine::mnist::{Mnist, Split};
use convlab::nn::engine::nets::lenet5;
use convlab::nn::engine::trainer::{TrainConfig, Trainer};
use convlab::nn::engine::{Schedule, Sgd};

/// Epochs of training.
const EPOCHS: usize = 24;
/// Seed of the initial weights.
const WEIGHT_SEED: u64 = 5;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = env!("CARGO_MANIFEST_DIR");
    let data = Mnist::parse(&std::fs::read(format!("{root}/www/data/mnist.bin.gz"))?)?;
    let config = TrainConfig {
        sgd: Sgd {
            learning_rate: 0.02,
            momentum: 0.9,
            weight_decay: 5e-4,
            bias_lr_multiplier: 2.0,
            schedule: Schedule::Cosine {
                epochs: EPOCHS as f64,
            },
        },
        batch_size: 32,
        seed: 1,
        shift: 2,
    };
    let mut trainer = Trainer::new(lenet5(WEIGHT_SEED, 0.0)?, data, config)?;
    let steps_per_epoch = trainer.data().len(Split::Train).div_ceil(config.batch_size);
    let start = std::time::Instant::now();
    for epoch in 1..=EPOCHS {
        trainer.train_steps(steps_per_epoch)?;
        let train = trainer.take_running().expect("steps were taken");
        let held_out = trainer.evaluate(Split::HeldOut);
        println!(
            "epoch {epoch:2}: train loss {:.4} acc {:.2}%  held-out loss {:.4} acc {:.2}%  ({:.0} images/s)",
            train.loss,
            100.0 * train.accuracy,
            held_out.loss,
            100.0 * held_out.accuracy,
            trainer.images() as f64 / start.elapsed().as_secs_f64()
        );
    }
    // The last epoch's weights ship (choosing the best epoch by held-out accuracy would make
    // the reported held-out figure optimistic).
    let last = trainer.evaluate(Split::HeldOut);
    let out = format!("{root}/www/data/lenet5-weights.bin");
    std::fs::write(&out, trainer.net().to_bytes())?;
    println!(
        "held-out accuracy of the shipped (last-epoch) weights: {:.2}%; wrote {out}",
        100.0 * last.accuracy
    );
    Ok(())
}
