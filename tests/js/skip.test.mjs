// Unit tests of the skip station's model (www/stations/skip/model.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATE, coreConfig, denseDiagram, headroom, plotSize, range, verdict } from '../../www/stations/skip/model.js';

test('the address: clamped depth and k, defaults for the rest', () => {
  const s = STATE.parse('depth=500&k=0&act=sigmoid&gain=1.5');
  assert.deepEqual([s.depth, s.k, s.act, s.gain, s.seed], [100, 1, 'tanh', 1.5, 1]);
  assert.deepEqual(coreConfig(s), { depth: 100, activation: 'tanh', gain: 1.5, seed: 1, growth: 1, width: 16 });
});

test('the dense diagram: channels grow by k, layer l reads every earlier map', () => {
  const d = denseDiagram(3, 4, { n: 16 });
  assert.deepEqual(d.maps.map((m) => m.channels), [16, 20, 24, 28]);
  assert.equal(d.outChannels, 28);
  // Layer 1 reads x0; layer 2 reads x0, x1; layer 3 reads x0, x1, x2: 1 + 2 + 3 arrows.
  assert.equal(d.arrows.length, 6);
  assert.deepEqual(d.arrows.filter((a) => a.to === 3).map((a) => a.from), [0, 1, 2]);
  const deep = denseDiagram(30, 8, { n: 16, maxShown: 6 });
  assert.equal(deep.shown, 6);
  assert.equal(deep.hidden, 24);
  assert.equal(deep.outChannels, 16 + 30 * 8);
});

test('headroom leaves the top fraction of a log axis free', () => {
  const top = headroom([{ ys: [1, 100] }], 0.2);
  assert.ok(Math.abs(Math.log10(top) - 2.5) < 1e-12);
  assert.equal(headroom([{ ys: [] }], 0.2), undefined);
});

test('verdict names vanishing and exploding signals', () => {
  assert.match(verdict(1e-5, 1, 2), /Vanishing gradients.*100[\s\S]*000-fold|Vanishing gradients/);
  assert.match(verdict(1e3, 1, 2), /Exploding gradients/);
  assert.match(verdict(1, 1, 2), /within a factor 10/);
  assert.match(verdict(1, 1, 1e4), /batch normalization/);
});

test('plotSize: the shown width, between 260 and 440 px, at the 440 × 300 aspect but at least 260 high', () => {
  assert.deepEqual(plotSize(400), { width: 400, height: 273 });
  assert.deepEqual(plotSize(315), { width: 315, height: 260 });
  assert.deepEqual(plotSize(900), { width: 440, height: 300 });
  assert.deepEqual(plotSize(100), { width: 260, height: 260 });
  assert.deepEqual(plotSize(0), { width: 440, height: 300 }, 'not laid out yet: the full size');
});

test('range lists the whole numbers a … b, and nothing when b < a', () => {
  assert.deepEqual(range(1, 4), [1, 2, 3, 4]);
  assert.deepEqual(range(0, 0), [0]);
  assert.deepEqual(range(0, -1), []);
  assert.deepEqual(range(3, 1), []);
});
