//! The width sweep (Neyshabur et al. 2015, Fig. 1) of the regularization station: the shipped
//! results in www/data/width-sweep.json are what `cargo run --release --example width_sweep`
//! makes (rerun here on a reduced sweep with the same settings), and the widest nets fit their
//! training digits exactly.

use convlab::nn::engine::mnist::{Mnist, Split};
use convlab::nn::engine::width_sweep::{run_width, subset, SweepSettings, WidthRun, WIDTHS};

fn data() -> Mnist {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/data/mnist.bin.gz"
    ))
    .expect("the shipped digits file");
    Mnist::parse(&bytes).expect("a well-formed digits file")
}

fn shipped() -> serde_json::Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/data/width-sweep.json"
    ))
    .expect("the shipped sweep");
    serde_json::from_str(&text).expect("valid JSON")
}

#[test]
fn shipped_settings_are_the_defaults_and_cover_the_widths() {
    let doc = shipped();
    let s = SweepSettings::default();
    let st = &doc["settings"];
    assert_eq!(st["train_digits"], s.train_digits);
    assert_eq!(st["max_epochs"], s.max_epochs);
    assert_eq!(st["learning_rate"], s.learning_rate);
    assert_eq!(st["batch_size"], s.batch_size);
    assert_eq!(st["seed"], s.seed);
    let widths: Vec<u64> = doc["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["width"].as_u64().unwrap())
        .collect();
    assert_eq!(widths, WIDTHS.map(|w| w as u64).to_vec());
    assert!(*WIDTHS.last().unwrap() >= 2048);
}

#[test]
fn a_reduced_sweep_regenerates_the_shipped_points() {
    let doc = shipped();
    let data = data();
    for width in [4usize, 32] {
        let p = run_width(&data, width, SweepSettings::default()).unwrap();
        let q = doc["points"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["width"] == width)
            .unwrap();
        // Fixed seeds and a fixed summation order: the same numbers up to float noise; allow
        // 3 digits of 2,000 for a different libm or compiler.
        let tol = 3.0 / 2000.0;
        assert_eq!(q["params"], p.params);
        let tr = q["train_error"].as_f64().unwrap();
        let ho = q["held_out_error"].as_f64().unwrap();
        assert!(
            (tr - p.train_error).abs() <= tol,
            "width {width}: train {tr} vs {}",
            p.train_error
        );
        assert!(
            (ho - p.held_out_error).abs() <= tol,
            "width {width}: held-out {ho} vs {}",
            p.held_out_error
        );
        assert!((q["epochs"].as_i64().unwrap() - p.epochs as i64).abs() <= 1);
        // One hidden layer: 784·W + W weights and biases in, 10·W + 10 out.
        assert_eq!(p.params, 784 * width + width + 10 * width + 10);
    }
}

#[test]
fn the_widest_nets_reach_zero_training_error() {
    let doc = shipped();
    let points = doc["points"].as_array().unwrap();
    for q in &points[points.len() - 3..] {
        assert_eq!(
            q["train_error"], 0.0,
            "width {} should fit every training digit",
            q["width"]
        );
        assert!(q["epochs"].as_u64().unwrap() < SweepSettings::default().max_epochs as u64);
    }
    // And here natively: 128 units fit the 2,000 digits before the cap (checked epoch by epoch).
    let mut run = WidthRun::new(&data(), 128, SweepSettings::default()).unwrap();
    while !run.epoch().unwrap() {}
    assert_eq!(run.train_error(), Some(0.0));
    assert!(run.epochs() < SweepSettings::default().max_epochs);
    let p = run.point();
    let q = points.iter().find(|q| q["width"] == 128).unwrap();
    assert_eq!(
        q["epochs"].as_u64(),
        Some(p.epochs as u64),
        "the shipped 128-unit run"
    );
    assert!((q["held_out_error"].as_f64().unwrap() - p.held_out_error).abs() <= 3.0 / 2000.0);
}

#[test]
fn bad_settings_are_refused_with_a_message() {
    let data = data();
    let err = |r: convlab::Result<WidthRun>| r.unwrap_err().to_string();
    assert!(err(WidthRun::new(&data, 0, SweepSettings::default())).contains("1 to"));
    let too_many = SweepSettings {
        train_digits: 1_000_000,
        ..SweepSettings::default()
    };
    assert!(err(WidthRun::new(&data, 8, too_many)).contains("Train on 1 to"));
    let s = subset(&data, 100).unwrap();
    assert_eq!(s.len(Split::Train), 100);
    assert_eq!(s.len(Split::HeldOut), data.len(Split::HeldOut));
    assert_eq!(
        s.image_bytes(Split::Train, 7),
        data.image_bytes(Split::Train, 7)
    );
}
