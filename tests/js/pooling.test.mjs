// Unit tests for www/stations/pooling/model.js: the URL state, the shifted crops (checked
// pixel by pixel against the base), the printed output-size working and the tick steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATE, MAX_SHIFT, createPoolingModel, inputBase, crop, shapeText, meanChange, wholePercent, tickStep } from '../../www/stations/pooling/model.js';

test('the default state is 128 px, 2 × 2 stride 2, a 1 px shift to the right', () => {
  const m = createPoolingModel(STATE.parse(''));
  assert.deepEqual([m.S, m.size, m.stride, m.shift, m.dir], [128, 2, 2, 1, 'right']);
  assert.deepEqual(m.offset(3), [0, 3]);
  m.dir = 'diag';
  assert.deepEqual(m.offset(2), [2, 2]);
});

test('the state round-trips; bad values fall back and out-of-range ones are clamped', () => {
  const m = createPoolingModel(STATE.parse('res=256&size=3&stride=1&shift=4&dir=down'));
  assert.deepEqual([m.S, m.size, m.stride, m.shift, m.dir], [256, 3, 1, 4, 'down']);
  const p = STATE.serialize(m.toState('coffee'));
  assert.equal(p.toString(), 'res=256&size=3&stride=1&shift=4&dir=down&img=coffee');
  const bad = STATE.parse('res=100&size=99&shift=-3&dir=up');
  assert.deepEqual([bad.res, bad.size, bad.shift, bad.dir], ['128', 8, 0, 'right']);
});

test('crop moves the content right/down by the shift and refuses more than MAX_SHIFT', () => {
  const S = 4, B = S + 2 * MAX_SHIFT;
  const base = Float32Array.from({ length: B * B }, (_, i) => i);
  const at = (r, c) => r * B + c; // value of base pixel (r, c)
  const c0 = crop(base, S, 0, 0), c1 = crop(base, S, 1, 2);
  assert.equal(c0[0], at(MAX_SHIFT, MAX_SHIFT));
  for (let r = 0; r < S; r++) for (let c = 0; c < S; c++) {
    // Content moved 1 down and 2 right: the new (r, c) is the old (r − 1, c − 2).
    assert.equal(c1[r * S + c], at(MAX_SHIFT + r - 1, MAX_SHIFT + c - 2));
  }
  assert.throws(() => crop(base, S, MAX_SHIFT + 1, 0), /at most/);
});

test('inputBase resamples the centre square to S + 2·MAX_SHIFT', () => {
  const gray = { width: 40, height: 20, data: new Float32Array(800).fill(0.25) };
  const b = inputBase(gray, 4);
  assert.equal(b.length, (4 + 2 * MAX_SHIFT) ** 2);
  assert.ok(b.every((v) => v === 0.25));
});

test('the output-size working reads as on the slide', () => {
  assert.deepEqual(shapeText(128, 3, 2, 63, 63), { formula: '⌊(128−3)/2⌋+1 = 63', shape: '128×128 → 63×63', pool: 'pool 3 × 3, stride 2 (windows overlap)' });
  assert.match(shapeText(128, 2, 3, 43, 43).pool, /skips pixels/);
  assert.equal(shapeText(128, 2, 2, 64, 64).pool, 'pool 2 × 2, stride 2');
});

test('mean over filters, whole percentages, tick steps', () => {
  const change = [{ max: [0, 0.2] }, { max: [0, 0.4] }];
  assert.ok(Math.abs(meanChange(change, 'max', 1) - 0.3) < 1e-12);
  assert.equal(wholePercent(0.126), '13\u00a0%');
  assert.equal(tickStep(0.18), 0.05);
  assert.equal(tickStep(0.3), 0.1);
  assert.equal(tickStep(1.9), 0.5);
  assert.equal(tickStep(7), 1);
});
