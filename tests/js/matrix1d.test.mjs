// Unit tests for www/stations/matrix1d/model.js: the address, the signals, the taps and the
// readout sentences, on W worked out by hand for [1, −2, 1] on 12 samples (valid: 10 rows).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATE, SIGNALS, initialState, toState, resample, resizeTaps, readTaps, readout, perRowText, signalFor } from '../../www/stations/matrix1d/model.js';

test('the address: defaults, clamping, a drawn signal, a wrong-length signal', () => {
  const d = initialState(STATE.parse(''));
  assert.deepEqual([d.n, d.cells, d.mode, d.source], [12, ['1', '-2', '1'], 'valid', 'step']);
  assert.deepEqual(d.x, [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
  assert.equal(STATE.parse('n=500').n, 64);
  const c = initialState(STATE.parse('n=8&x=0,1,2,0,0,0,0,-3&w=1/3,1/3,1/3'));
  assert.equal(c.source, 'custom');
  assert.deepEqual(c.x, [0, 1, 1.5, 0, 0, 0, 0, -1.5], 'clamped to ±1.5');
  assert.deepEqual(c.kernel.map((v) => +v.toFixed(6)), [0.333333, 0.333333, 0.333333]);
  assert.equal(initialState(STATE.parse('n=9&x=1,2')).source, 'step', '2 samples for n = 9');
  assert.equal(toState(c).x, '0,1,1.5,0,0,0,0,-1.5');
  assert.equal(toState(d).x, 'step');
  assert.equal(STATE.parse('w=1,2').w.length, 3, 'a filter length not offered');
});

test('signals: presets, the noisy sine is the same every time, resampling keeps the shape', () => {
  assert.deepEqual(SIGNALS.spike.make(5), [0, 0, 1, 0, 0]);
  assert.deepEqual(SIGNALS.sine.make(16), SIGNALS.sine.make(16));
  assert.ok(SIGNALS.sine.make(16).every((v) => Math.abs(v) <= 1.5));
  assert.deepEqual(resample([0, 1], 3), [0, 0.5, 1]);
  assert.deepEqual(resample([2], 3), [2, 2, 2]);
  assert.deepEqual(signalFor({ source: 'custom', x: [0, 1, 0] }, 5), [0, 0.5, 1, 0.5, 0]);
});

test('taps: length changes keep the centre; bad taps are named', () => {
  assert.deepEqual(resizeTaps(['1', '-2', '1'], 5), ['0', '1', '-2', '1', '0']);
  assert.deepEqual(resizeTaps(['a', '1', '-2', '1', 'b'], 3), ['1', '-2', '1']);
  assert.deepEqual(readTaps(['1', '1/2', '−1']).kernel, [1, 0.5, -1]);
  const bad = readTaps(['1', 'x', '2e7']).problems;
  assert.deepEqual(bad.map((p) => p.index), [1, 2]);
  assert.match(bad[0].message, /^w₀ "x" is not a number/);
  assert.match(bad[1].message, /^w₁ .*too large/);
});

// W for [1, −2, 1], n = 12, valid: row r has taps 0, 1, 2 at columns r, r+1, r+2.
const n = 12, rows = 10;
const taps = Int32Array.from({ length: rows * n }, (_, k) => { const r = Math.floor(k / n), j = k % n; return j - r >= 0 && j - r < 3 ? j - r : -1; });
const x = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
const kernel = [1, -2, 1];
const z = Array.from({ length: rows }, (_, r) => x[r] - 2 * x[r + 1] + x[r + 2]);
const m = { taps, rows, n, first: 1, L: 3, z };

test('the row readout writes out the inner product (by hand: z₅ = x₄ − 2x₅ + x₆ = 1)', () => {
  const r = readout({ kind: 'row', r: 4 }, m, kernel, x);
  assert.equal(r.title, 'Row 4 of W computes z₅');
  assert.equal(r.rest, ' from the window x₄ … x₆:');
  assert.equal(r.formula, 'z₅ = w₋₁·x₄ + w₀·x₅ + w₁·x₆\n    = (1)(0) + (−2)(0) + (1)(1) = 1');
  assert.equal(r.note, null);
});

test('the column readout lists the outputs an input enters', () => {
  assert.equal(readout({ kind: 'col', j: 1 }, m, kernel, x).note, 'x₁ enters 2 outputs: z₁ (as w₀), z₂ (as w₋₁).');
  assert.equal(readout({ kind: 'col', j: 0 }, m, kernel, x).note, 'x₀ enters 1 output: z₁ (as w₋₁).');
  assert.equal(readout(null, m, kernel, x), null);
});

test('per-row text', () => {
  assert.equal(perRowText([3, 3, 3]), '3 in every row');
  assert.equal(perRowText([2, 3, 3, 3, 2]), '3 in most rows; 2 in rows 0, 4');
});
