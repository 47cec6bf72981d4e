// Unit tests for www/stations/kernel/model.js: reading the typed kernel, presets, normalising,
// the flip for convolution, the URL state, and the worked example's sums (checked by hand).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATE, PRESETS, createKernelModel, workedExample, parseCell } from '../../www/stations/kernel/model.js';

const reflect = (i, n) => { const p = 2 * n; const k = ((i % p) + p) % p; return k < n ? k : p - 1 - k; };
const constant = (i, n) => (i < 0 || i >= n ? -1 : i);

test('the default state is the Gaussian blur, correlation, reflect border, clamp', () => {
  const m = createKernelModel(STATE.parse(''));
  assert.deepEqual(m.cells, PRESETS.find((p) => p.id === 'gaussian').cells);
  assert.deepEqual(Array.from(m.kernel), [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => Math.fround(v / 16)));
  assert.deepEqual([m.op, m.border, m.display], ['corr', 'reflect', 'clamp']);
  assert.equal(m.sumText(), 'Sum of weights = 1 (brightness kept)');
});

test('every preset parses and states a display the select offers', () => {
  for (const p of PRESETS) {
    assert.equal(p.cells.length, 9, p.id);
    assert.ok(p.cells.every((c) => !parseCell(c).error), p.id);
    assert.ok(['clamp', 'abs', 'rescale'].includes(p.display), p.id);
  }
});

test('a bad cell is named and the last good kernel stays', () => {
  const m = createKernelModel();
  const before = Array.from(m.kernel);
  const problems = m.setCells(['0', '0', '0', '0', 'abc', '0', '0', '1/0', '0']);
  assert.deepEqual(problems.map((p) => p.index), [4, 7]);
  assert.match(problems[0].message, /^Row 2, column 2 "abc" is not a number/);
  assert.match(problems[1].message, /^Row 3, column 2 .*divides by zero/);
  assert.deepEqual(Array.from(m.kernel), before);
  assert.deepEqual(m.setCells(['0', '-1', '0', '-1', ' 5 ', '-1', '0', '-1', '1/8']), []);
  assert.equal(m.cells[4], '5', 'trimmed');
  assert.equal(m.kernel[8], 0.125);
});

test('normalise divides by the sum; a zero-sum kernel is scaled by its positive part; zeros refuse', () => {
  const m = createKernelModel();
  m.setCells(['1', '2', '1', '2', '4', '2', '1', '2', '1']);
  assert.match(m.normalise().info, /sum 16/);
  assert.deepEqual(m.cells, ['0.0625', '0.125', '0.0625', '0.125', '0.25', '0.125', '0.0625', '0.125', '0.0625']);
  m.applyPreset('sobel-x');
  assert.equal(m.display, 'abs');
  assert.match(m.normalise().info, /sum to 0/);
  assert.deepEqual(m.cells, ['-0.25', '0', '0.25', '-0.5', '0', '0.5', '-0.25', '0', '0.25']);
  m.setCells(Array(9).fill('0'));
  assert.match(m.normalise().error, /all zeros/);
});

test('convolution applies the kernel flipped in both directions', () => {
  const m = createKernelModel();
  m.setCells(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
  assert.deepEqual(m.effective().values, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  m.op = 'conv';
  assert.deepEqual(m.effective().values, [9, 8, 7, 6, 5, 4, 3, 2, 1]);
  assert.deepEqual(m.effective().texts, ['9', '8', '7', '6', '5', '4', '3', '2', '1']);
});

test('the state round-trips through the address; a broken k falls back to the default', () => {
  const m = createKernelModel();
  m.setCells(['0', '-1', '0', '-1', '5', '-1', '0', '-1', '1/8']);
  m.op = 'conv'; m.border = 'wrap'; m.display = 'abs';
  const p = STATE.serialize(m.toState('coffee'));
  assert.equal(p.get('img'), 'coffee');
  const back = createKernelModel(STATE.parse(p));
  assert.deepEqual([back.cells, back.op, back.border, back.display], [m.cells, 'conv', 'wrap', 'abs']);
  assert.equal(STATE.serialize(m.toState(null)).has('img'), false);
  assert.deepEqual(STATE.parse('k=1,2,3').k, PRESETS[2].cells, 'eight cells short');
  assert.deepEqual(STATE.parse('k=1,2,3,4,x,6,7,8,9').k, PRESETS[2].cells, 'a cell that is not a number');
  assert.equal(STATE.parse('op=flip').op, 'corr');
});

// A 4 × 3 RGBA image whose red channel is 10·row + col, green 100 + that, blue 0.
const W = 4, H = 3;
const img = { width: W, height: H, rgba: new Uint8ClampedArray(W * H * 4) };
for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) img.rgba.set([10 * y + x, 100 + 10 * y + x, 0, 255], 4 * (y * W + x));

test('the worked example: the 3×3 patch, the terms as typed, and their sum', () => {
  const m = createKernelModel();
  m.setCells(['0', '0', '0', '0', '0', '1', '0', '0', '0']); // picks the right neighbour
  const [R, G] = workedExample(img, 1, 1, m, reflect);
  assert.deepEqual(R.rows.map((r) => r.map((c) => c.value)), [[0, 1, 2], [10, 11, 12], [20, 21, 22]]);
  assert.equal(R.sum, 12);
  assert.equal(G.sum, 112);
  assert.equal(R.terms[5], '1·12');
  m.op = 'conv'; // flipped: the left neighbour
  assert.equal(workedExample(img, 1, 1, m, reflect)[0].sum, 10);
});

test('the worked example at a corner follows the border rule', () => {
  const m = createKernelModel(); // Gaussian
  const [R] = workedExample(img, 0, 0, m, constant);
  assert.equal(R.rows[0][0].outside, true);
  assert.equal(R.rows[1][1].outside, false);
  // Zeros outside: (4·0 + 2·1 + 2·10 + 1·11) / 16.
  assert.ok(Math.abs(R.sum - (2 * 1 + 2 * 10 + 11) / 16) < 1e-6);
  const [Rr] = workedExample(img, 0, 0, m, reflect);
  // Reflect: the row above is row 0 again, the column left is column 0 again.
  const x = (r, c) => 10 * r + c;
  const want = (x(0, 0) * 1 + x(0, 0) * 2 + x(0, 1) + x(0, 0) * 2 + x(0, 0) * 4 + x(0, 1) * 2 + x(1, 0) + x(1, 0) * 2 + x(1, 1)) / 16;
  assert.ok(Math.abs(Rr.sum - want) < 1e-6, `${Rr.sum} vs ${want}`);
});

test('a cell refuses weights that float32 cannot hold or that only saturate (1e308, 1e7, 1e-40)', () => {
  assert.match(parseCell('1e308').error, /too large/);
  assert.match(parseCell('-1e7').error, /too large/);
  assert.match(parseCell('1e-40').error, /too small/);
  assert.equal(parseCell('1e6').value, 1e6);
  assert.equal(parseCell('-1/16').value, -1 / 16);
});
