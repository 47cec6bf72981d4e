// Unit tests of the LeNet-5 station's DOM-free model (www/stations/lenet5/model.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  HYPER, STATE, checkHyper, trainerConfig, describeLayers, stagesFromLayers,
  createHistory, argmax,
} from '../../www/stations/lenet5/model.js';
import { createDigitPicker, heldOutLabels } from '../../www/lib/digits.js';

// LeNet-5 as the core's Lenet5Model.layer_info() lists it (names, kinds, output shapes, counts).
const INFO = [
  ['conv1', 'conv2d', [6, 28, 28], 156], ['relu1', 'relu', [6, 28, 28], 0], ['pool1', 'maxpool2d', [6, 14, 14], 0],
  ['conv2', 'conv2d', [16, 10, 10], 2416], ['relu2', 'relu', [16, 10, 10], 0], ['pool2', 'maxpool2d', [16, 5, 5], 0],
  ['flatten', 'flatten', [400, 1, 1], 0], ['fc1', 'dense', [120, 1, 1], 48120], ['relu3', 'relu', [120, 1, 1], 0],
  ['fc2', 'dense', [84, 1, 1], 10164], ['relu4', 'relu', [84, 1, 1], 0], ['fc3', 'dense', [10, 1, 1], 850],
].map(([name, kind, shape, params]) => ({ name, kind, shape, params }));
const WEIGHT_SHAPES = { 0: [6, 1, 5, 5], 3: [16, 6, 5, 5] };

test('layers: input shapes, kernels and the padding that makes the shapes fit', () => {
  const layers = describeLayers(INFO, [1, 28, 28], (i) => WEIGHT_SHAPES[i]);
  assert.deepEqual(layers[0], { name: 'conv1', kind: 'conv2d', inShape: [1, 28, 28], outShape: [6, 28, 28], params: 156, kernel: 5, stride: 1, padding: 2 });
  assert.deepEqual([layers[2].kernel, layers[2].stride, layers[2].inShape], [2, 2, [6, 28, 28]]);
  assert.deepEqual([layers[3].kernel, layers[3].padding, layers[3].inShape], [5, 0, [6, 14, 14]]);
  assert.deepEqual(layers[7].inShape, [400, 1, 1]);
  assert.throws(() => describeLayers([{ name: 'c', kind: 'conv2d', shape: [1, 27, 27], params: 0 }], [1, 28, 28], () => [1, 1, 5, 5]), /stride-1/);
});

test('stages as on the slide: conv + ReLU, pool, flatten joins fc1, softmax at the end', () => {
  const layers = describeLayers(INFO, [1, 28, 28], (i) => WEIGHT_SHAPES[i]);
  const st = stagesFromLayers(layers, [1, 28, 28]);
  assert.deepEqual(st.map((x) => x.name), ['input', 'conv1', 'pool1', 'conv2', 'pool2', 'fc1', 'fc2', 'fc3']);
  assert.deepEqual(st.map((x) => x.params), [0, 156, 0, 2416, 0, 48120, 10164, 850]);
  assert.deepEqual(st[0].ops, ['28×28, pad 2']);
  assert.deepEqual(st[1].ops, ['5×5 conv, pad 2', 'ReLU']);
  assert.deepEqual(st[1].layers, [0, 1]);
  assert.equal(st[1].last, 1, 'the conv stage shows the ReLU output');
  assert.deepEqual(st[5].ops, ['flatten', 'fully connected', 'ReLU']);
  assert.deepEqual(st[7].ops, ['fully connected', 'softmax']);
  assert.equal(st[7].label, 'fc3 → softmax');
  assert.equal(st[7].act, null);
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
  assert.deepEqual(cfg, { seed: 1, cosine_epochs: 20, learning_rate: 0.1, momentum: 0.9, weight_decay: 0.0005, bias_lr_multiplier: 2, batch_size: 64, dropout: 0 });
  assert.equal(trainerConfig({ ...d, cosine: false }).cosine_epochs, 0, 'constant step size');
  assert.equal(STATE.parse('cosine=0').cosine, false);
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
  assert.deepEqual(createDigitPicker(labels).byLabel[3], [0, 2, 3]); // all digits by default
  const mnist = { held_out_count: () => labels.length, held_out_label: (i) => labels[i] };
  assert.deepEqual(heldOutLabels(mnist), labels);
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
