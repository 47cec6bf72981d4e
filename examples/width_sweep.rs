//! Test error against width on MNIST (Neyshabur et al. 2015, Fig. 1), for the regularization
//! station: writes `www/data/width-sweep.json`, which the page draws at once.
//!
//! `nice cargo run --release --example width_sweep` trains one network per width of
//! [`WIDTHS`] with the default [`SweepSettings`] (single thread, fixed seed: the same numbers on
//! every run). `-- 4,8,16 out.json` sweeps other widths into another file (the reproducibility
//! test uses this).

use convlab::nn::engine::mnist::{Mnist, Split};
use convlab::nn::engine::width_sweep::{run_width, SweepSettings, WIDTHS};
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut args = std::env::args().skip(1);
    let widths: Vec<usize> = match args.next() {
        Some(list) => list.split(',').map(str::parse).collect::<Result<_, _>>()?,
        None => WIDTHS.to_vec(),
    };
    let out = args
        .next()
        .unwrap_or_else(|| format!("{root}/www/data/width-sweep.json"));
    let data = Mnist::parse(&std::fs::read(format!("{root}/www/data/mnist.bin.gz"))?)?;
    let s = SweepSettings::default();
    let mut points = Vec::new();
    let start = std::time::Instant::now();
    for &w in &widths {
        let t = std::time::Instant::now();
        let p = run_width(&data, w, s)?;
        println!(
            "width {:>5}: {:>3} epochs, training error {:.4}, held-out error {:.4}, loss {:.5} ({:.1} s)",
            p.width,
            p.epochs,
            p.train_error,
            p.held_out_error,
            p.train_loss,
            t.elapsed().as_secs_f64()
        );
        points.push(json!({
            "width": p.width, "params": p.params, "epochs": p.epochs,
            "train_error": p.train_error, "held_out_error": p.held_out_error,
            "train_loss": p.train_loss,
        }));
    }
    let doc = json!({
        "made_by": "cargo run --release --example width_sweep",
        "settings": {
            "train_digits": s.train_digits, "held_out_digits": data.len(Split::HeldOut),
            "max_epochs": s.max_epochs, "learning_rate": s.learning_rate,
            "batch_size": s.batch_size, "seed": s.seed, "momentum": 0, "weight_decay": 0,
        },
        "seconds": (start.elapsed().as_secs_f64() * 10.0).round() / 10.0,
        "points": points,
    });
    std::fs::write(&out, serde_json::to_string_pretty(&doc)? + "\n")?;
    println!("wrote {out}");
    Ok(())
}
