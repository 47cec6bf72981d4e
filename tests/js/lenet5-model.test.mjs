// Unit tests of the LeNet-5 station's DOM-free model (www/stations/lenet5/model.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  HYPER, STATE, checkHyper, trainerConfig, inputInterval, receptiveField, outputSide,
  createHistory, createDigitPicker, argmax,
} from '../../www/stations/lenet5/model.js';

// LeNet-5 as on the slide, one entry per layer: conv1 5×5 pad 2, ReLU, pool 2×2, conv2 5×5,
// ReLU, pool 2×2.
const CHAIN = [
  { kernel: 5, stride: 1, padding: 2 }, {}, { kernel: 2, stride: 2 },
  { kernel: 5, stride: 1 }, {}, { kernel: 2, stride: 2 },
];

test('receptive fields worked out by hand', () => {
  // conv1 unit 0 reads input −2 … 2 (padding 2); unit 27 reads 25 … 29.
  assert.deepEqual(inputInterval(CHAIN, 0, 0), [-2, 2]);
  assert.deepEqual(inputInterval(CHAIN, 0, 27), [25, 29]);
  // After ReLU nothing changes; after the 2×2 pool, unit 0 covers conv1 0…1 → input −2…3.
  assert.deepEqual(inputInterval(CHAIN, 1, 0), [-2, 2]);
  assert.deepEqual(inputInterval(CHAIN, 2, 0), [-2, 3]);
  // conv2 unit 0 covers pool1 0…4 → conv1 0…9 → input −2…11 (14 pixels).
  assert.deepEqual(inputInterval(CHAIN, 3, 0), [-2, 11]);
  // pool2 unit 4 (the last) covers conv2 8…9 → pool1 8…13 → conv1 16…27 → input 14…29.
  assert.deepEqual(inputInterval(CHAIN, 5, 4), [14, 29]);
  const rf = receptiveField(CHAIN, 3, 9, 0);
  assert.deepEqual([rf.top, rf.bottom, rf.left, rf.right], [16, 29, -2, 11]);
  assert.deepEqual(rf.clipped, { top: 16, left: 0, bottom: 27, right: 11 });
});

test('output sides follow ⌊(n + 2p − k)/s⌋ + 1', () => {
  assert.equal(outputSide(28, CHAIN[0]), 28);
  assert.equal(outputSide(28, CHAIN[2]), 14);
  assert.equal(outputSide(14, CHAIN[3]), 10);
  assert.equal(outputSide(10, CHAIN[5]), 5);
});

test('state: defaults, clamping, and the trainer config', () => {
  const d = STATE.parse('');
  for (const p of HYPER) assert.equal(d[p.name], p.default, p.name);
  const s = STATE.parse('lr=1e9&batch=0&beta=abc&channel=99');
  assert.equal(s.lr, 1e6, 'clamped to the typed limit');
  assert.equal(s.batch, 1);
  assert.equal(s.beta, 0.9, 'garbage falls back to the default');
  assert.equal(s.channel, 15);
  const cfg = trainerConfig({ ...d, lr: 0.1, batch: 64 });
  assert.deepEqual(cfg, { seed: 1, learning_rate: 0.1, momentum: 0.9, weight_decay: 0.0005, bias_lr_multiplier: 2, batch_size: 64, dropout: 0 });
  assert.equal(STATE.parse(STATE.serialize(s)).lr, s.lr, 'round trip');
});

test('typed settings are checked with a reason', () => {
  assert.deepEqual(checkHyper('lr', 0.5), { value: 0.5 });
  assert.match(checkHyper('batch', 2.5).error, /whole number/);
  assert.match(checkHyper('dropout', 0.99).error, /at most/);
  assert.match(checkHyper('beta', NaN).error, /number/);
  assert.ok(checkHyper('nope', 1).error);
});

test('history merges neighbours past its cap and skips missing values', () => {
  const h = createHistory(4);
  for (let i = 1; i <= 5; i++) h.add({ epoch: i, trainLoss: i, trainAccuracy: 0.1 * i, testLoss: i === 3 ? 9 : null });
  assert.deepEqual(h.xy('trainLoss'), { xs: [2, 4, 5], ys: [1.5, 3.5, 5] });
  assert.deepEqual(h.xy('testLoss'), { xs: [3], ys: [9] });
  assert.equal(h.count('testAcc'), 0);
  h.clear();
  assert.equal(h.count('trainLoss'), 0);
});

test('digit picker cycles through the held-out digits of a label', () => {
  const labels = [3, 1, 3, 3, 0];
  const p = createDigitPicker(labels, [0, 1, 3, 4]);
  assert.deepEqual(p.byLabel[3], [0, 3]);
  assert.deepEqual([p.next(3), p.next(3), p.next(3)], [0, 3, 0]);
  assert.equal(p.next(7), null);
  assert.deepEqual(argmax([0.1, 0.7, 0.2]), { index: 1, value: 0.7 });
});

test('a conv unit written out: patch, filter, partial sums, padding', async () => {
  const { explainConv, explainPool, explainDense } = await import('../../www/stations/lenet5/model.js');
  // Two 3×3 input channels, one 2×2 filter per channel, padding 1, output (0, 0) reads the
  // top-left corner with one row and column of padding: only x[c, 0, 0] is inside the image.
  const inputs = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  const weights = Float32Array.from([1, 1, 1, 2, 1, 1, 1, 3]); // filter 0: ch0 [[1,1],[1,2]], ch1 [[1,1],[1,3]]
  const e = explainConv({ inputs, inShape: [2, 3, 3], weights, bias: [0.5], k: 2, pad: 1, channel: 0, row: 0, col: 0 });
  assert.deepEqual([...e.channels[0].patch], [0, 0, 0, 1]);
  assert.equal(e.channels[0].sum, 2); // 2 · 1
  assert.equal(e.channels[1].sum, 30); // 3 · 10
  assert.equal(e.z, 32.5);
  // Output (1, 1) reads rows 0…1, columns 0…1 of each channel.
  const f = explainConv({ inputs, inShape: [2, 3, 3], weights, bias: [0], k: 2, pad: 1, channel: 0, row: 1, col: 1 });
  assert.equal(f.channels[0].sum, 1 + 2 + 4 + 2 * 5);
  const p = explainPool({ inputs, inShape: [2, 3, 3], size: 2, stride: 2, channel: 1, row: 0, col: 0 });
  assert.deepEqual(p.window, [10, 20, 40, 50]);
  assert.equal(p.best, 3);
  const d = explainDense({ inputs: [1, -2, 3], weights: [0, 0, 0, 1, 1, -1], bias: [0, 0.5], unit: 1, top: 2 });
  assert.equal(d.z, 1 - 2 - 3 + 0.5);
  assert.deepEqual(d.top.map((t) => t.i), [2, 1]);
  assert.equal(d.rest, 1);
  assert.equal(d.restCount, 1);
});
