//! Criterion benchmarks of the convolution core, each beside a plain scalar peer measured in
//! the same run: a 3×3 filter on a 1280×720 RGBA photo (the custom-kernel station's work per
//! keystroke) and a 7×7 single-channel correlation.

use convlab::border::Border;
use convlab::conv::correlate2d;
use convlab::rgba::{filter_rgba, Display, Operation};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

const WIDTH: usize = 1280; // px
const HEIGHT: usize = 720; // px
const GAUSSIAN_3X3: [f32; 9] = [
    1. / 16.,
    2. / 16.,
    1. / 16.,
    2. / 16.,
    4. / 16.,
    2. / 16.,
    1. / 16.,
    2. / 16.,
    1. / 16.,
];

fn photo() -> Vec<u8> {
    (0..WIDTH * HEIGHT * 4)
        .map(|i| ((i * 2654435761usize) >> 24) as u8)
        .collect()
}

/// The obvious loop a student would write: per pixel, per channel, per tap, clamped indices.
fn naive_rgba_3x3(rgba: &[u8], w: usize, h: usize, k: &[f32; 9]) -> Vec<u8> {
    let mut out = rgba.to_vec();
    for y in 0..h {
        for x in 0..w {
            for ch in 0..3 {
                let mut s = 0.0f32;
                for i in 0..3 {
                    for j in 0..3 {
                        let yy = (y + i).saturating_sub(1).min(h - 1);
                        let xx = (x + j).saturating_sub(1).min(w - 1);
                        s += k[3 * i + j] * f32::from(rgba[4 * (yy * w + xx) + ch]);
                    }
                }
                out[4 * (y * w + x) + ch] = s.clamp(0.0, 255.0).round() as u8;
            }
        }
    }
    out
}

fn bench_rgba(c: &mut Criterion) {
    let img = photo();
    let mut g = c.benchmark_group("rgba_3x3_1280x720");
    g.sample_size(20);
    g.bench_function("convlab_filter_rgba", |b| {
        b.iter(|| {
            filter_rgba(
                black_box(&img),
                WIDTH,
                HEIGHT,
                &GAUSSIAN_3X3,
                3,
                3,
                Border::Nearest,
                Operation::Correlate,
                Display::Clamp,
            )
            .unwrap()
        })
    });
    g.bench_function("naive_scalar_loop", |b| {
        b.iter(|| naive_rgba_3x3(black_box(&img), WIDTH, HEIGHT, &GAUSSIAN_3X3))
    });
    g.finish();
}

fn bench_gray_7x7(c: &mut Criterion) {
    let img: Vec<f32> = photo()
        .iter()
        .take(WIDTH * HEIGHT)
        .map(|&b| f32::from(b))
        .collect();
    let img = ndarray::Array2::from_shape_vec((HEIGHT, WIDTH), img).expect("photo size");
    let kernel = ndarray::Array2::from_elem((7, 7), 1.0 / 49.0);
    let mut g = c.benchmark_group("gray_7x7_1280x720");
    g.sample_size(10);
    g.bench_function("convlab_correlate2d", |b| {
        b.iter(|| correlate2d(black_box(img.view()), kernel.view(), Border::Reflect))
    });
    g.finish();
}

criterion_group!(benches, bench_rgba, bench_gray_7x7);
criterion_main!(benches);
