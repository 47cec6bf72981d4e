// Unit tests for www/stations/matrix2d/model.js: the address, the presets, the photo patch's
// block means, the typed cells, and the readout on a tap map worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATE, IMAGES, initialState, toState, resizeCells, patchFromGray, readCells, outPixel, readout, perRowText } from '../../www/stations/matrix2d/model.js';

test('the address: defaults, typed cells of the right count, a photo patch', () => {
  const d = initialState(STATE.parse(''));
  assert.deepEqual([d.R, d.C, d.mode, d.source, d.patch.scale, d.patch.cx], [6, 6, 'valid', 'edge', 16, null]);
  const c = initialState(STATE.parse(`r=4&c=4&src=custom&x=${Array(16).fill('1/2').join(',')}`));
  assert.equal(c.source, 'custom');
  assert.equal(c.xText.length, 16);
  assert.equal(initialState(STATE.parse('r=4&c=4&src=custom&x=1,2,3')).source, 'edge', '3 cells for 4 × 4');
  const p = initialState(STATE.parse('src=photo&px=120&py=80&s=4&img=coffee'));
  assert.deepEqual([p.source, p.patch.cx, p.patch.cy, p.patch.scale], ['photo', 120, 80, 4]);
  const out = STATE.serialize(toState(p, 'coffee'));
  assert.equal(out.toString(), 'r=6&c=6&mode=valid&k=-2%2C-1%2C0%2C-1%2C0%2C1%2C0%2C1%2C2&src=photo&px=120&py=80&s=4&img=coffee');
  assert.equal(STATE.serialize(toState(d, 'coffee')).has('img'), false, 'the photo is named only for a patch');
  assert.equal(STATE.parse('r=2').r, 4);
});

test('presets and resizing typed cells', () => {
  assert.deepEqual(IMAGES.edge.make(4, 4), [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 1, 1, 1]);
  assert.deepEqual(IMAGES.random.make(4, 4, 3), IMAGES.random.make(4, 4, 3));
  assert.notDeepEqual(IMAGES.random.make(4, 4, 3), IMAGES.random.make(4, 4, 4));
  assert.deepEqual(resizeCells(['1', '2', '3', '4'], 2, 3, 3), ['1', '2', '0', '3', '4', '0', '0', '0', '0']);
});

test('a photo patch is the block mean of the grey levels (by hand on a 4 × 4 ramp)', () => {
  const gray = { width: 4, height: 4, data: Float32Array.from({ length: 16 }, (_, i) => (i % 4) / 4) };
  const patch = { cx: null, cy: null, scale: 2 };
  const r = patchFromGray(gray, 2, 2, patch);
  assert.deepEqual(r.texts, ['0.13', '0.63', '0.13', '0.63']); // (0 + 0.25)/2, (0.5 + 0.75)/2
  assert.deepEqual(r.box, { x0: 0, y0: 0, pw: 4, ph: 4, s: 2 });
  assert.deepEqual([patch.cx, patch.cy], [2, 2], 'centred when unset');
  const s1 = patchFromGray(gray, 2, 2, { cx: 100, cy: 100, scale: 1 });
  assert.deepEqual(s1.box, { x0: 2, y0: 2, pw: 2, ph: 2, s: 1 }, 'kept inside the photo');
  assert.deepEqual(s1.texts, ['0.50', '0.75', '0.50', '0.75']);
});

test('typed cells: all good, or the bad ones named', () => {
  assert.deepEqual(readCells(['1', '1/4'], (i) => `c${i}`), { values: [1, 0.25] });
  const r = readCells(['1', '-3e6', 'x'], (i) => `c${i}`);
  assert.deepEqual(r.problems.map((p) => p.index), [1, 2]);
  assert.match(r.problems[0].message, /^c1 .*too large/);
});

// 4 × 4 image, valid: 2 × 2 outputs; row r = output (a, b) reads pixels (a+u, b+v), tap 3u + v.
const R = 4, C = 4, OR = 2, OC = 2, N = R * C, M = OR * OC;
const taps = new Int32Array(M * N).fill(-1);
for (let r = 0; r < M; r++) for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) {
  const a = Math.floor(r / OC), b = r % OC;
  taps[r * N + (a + u) * C + (b + v)] = 3 * u + v;
}
const m = { taps, M, N, OR, OC, a0: 1, b0: 1, z: [10, 20, 30, 40] };
const kernel = [1, 0, 0, 0, 2, 0, 0, 0, 3];
const x = Array.from({ length: N }, (_, j) => j);

test('the readout: a row is an output pixel and its window; a column lists the outputs', () => {
  assert.deepEqual(outPixel(m, 3), [2, 2]);
  const row = readout({ kind: 'row', r: 3, j: 15, tap: 8 }, m, C, kernel, x);
  assert.equal(row.title, 'Row 3 of W = output pixel (2, 2)');
  assert.match(row.rest, /columns 5–7, 9–11, 13–15 of W/);
  assert.match(row.formula, /^z\(2,2\) = \(1\)\(5\) \+ \(0\)\(6\)/);
  assert.match(row.formula, /= 40$/);
  assert.match(row.notes[0], /Entry W\[3, 15\] = 3 is kernel cell \(row 3, column 3\), meeting pixel \(3, 3\)/);
  const col = readout({ kind: 'col', j: 5 }, m, C, kernel, x);
  assert.equal(col.title, 'Column 5 of W multiplies pixel (1, 1)');
  assert.equal(col.notes[0], 'It enters 4 output pixels: (1,1), (1,2), (2,1), (2,2), each time through a different kernel cell.');
  assert.match(readout({ kind: 'col', j: 0 }, m, C, kernel, x).notes[0], /^It enters 1 output pixel: \(1,1\)/);
  assert.equal(perRowText([6, 6, 4, 4, 4, 3]), '4 in 3 rows, 6 in 2 rows, 3 in 1 row');
});
