// Unit tests for www/lib/matrix-links.js and the geometry of www/lib/linked-matrix.js, on a tap
// map worked out by hand: [w₋₁ w₀ w₁] on n = 5 samples, valid (3 rows).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowEntries, colRows, runs, nonzeroGroups, agreement, stepSelection, sameSelection, keepSelection } from '../../www/lib/matrix-links.js';
import { matrixLayout, hitTest } from '../../www/lib/linked-matrix.js';

const N = 5, M = 3;
// Row r holds taps 0, 1, 2 in columns r, r+1, r+2.
const taps = Int32Array.from({ length: M * N }, (_, k) => { const r = Math.floor(k / N), j = k % N; return j - r >= 0 && j - r < 3 ? j - r : -1; });

test('rows, columns and runs of the tap map', () => {
  assert.deepEqual(rowEntries(taps, N, 1), [{ j: 1, t: 0 }, { j: 2, t: 1 }, { j: 3, t: 2 }]);
  assert.deepEqual(colRows(taps, M, N, 0), [0]);
  assert.deepEqual(colRows(taps, M, N, 2), [0, 1, 2]);
  assert.deepEqual(colRows(taps, M, N, 4), [2]);
  assert.deepEqual(runs([7, 8, 9, 13, 15, 14, 9]), [[7, 9], [13, 15]]);
  assert.deepEqual(runs(new Set([3])), [[3, 3]]);
  assert.deepEqual(runs([]), []);
});

test('non-zero groups: most common count first', () => {
  assert.deepEqual(nonzeroGroups([3, 3, 3]), { nnz: 9, groups: [{ count: 3, rows: [0, 1, 2] }] });
  const g = nonzeroGroups(Uint32Array.from([2, 3, 3, 3, 2]));
  assert.equal(g.nnz, 13);
  assert.deepEqual(g.groups, [{ count: 3, rows: [1, 2, 3] }, { count: 2, rows: [0, 4] }]);
});

test('agreement: float32 rounding passes, a real difference fails', () => {
  assert.deepEqual(agreement([1, 2, 3], [1, 2, 3]), { maxDiff: 0, ok: true });
  assert.equal(agreement([100, 2.0000001], [100, 2]).ok, true);
  assert.equal(agreement([1, 2.1], [1, 2]).ok, false);
  assert.equal(agreement([1], [1, 2]).ok, false, 'different lengths never agree');
});

test('keys: the first press picks row or column 0, then steps and stops at the ends', () => {
  assert.deepEqual(stepSelection(null, 'ArrowDown', M, N), { kind: 'row', r: 0 });
  assert.deepEqual(stepSelection({ kind: 'row', r: 2 }, 'ArrowDown', M, N), { kind: 'row', r: 2 });
  assert.deepEqual(stepSelection({ kind: 'row', r: 1, j: 2 }, 'ArrowUp', M, N), { kind: 'row', r: 0 });
  assert.deepEqual(stepSelection({ kind: 'row', r: 1 }, 'ArrowRight', M, N), { kind: 'col', j: 0 });
  assert.deepEqual(stepSelection({ kind: 'col', j: 0 }, 'ArrowLeft', M, N), { kind: 'col', j: 0 });
  assert.equal(stepSelection({ kind: 'col', j: 0 }, 'Escape', M, N), null);
  assert.equal(stepSelection(null, 'a', M, N), undefined);
  assert.ok(sameSelection({ kind: 'row', r: 1 }, { kind: 'row', r: 1 }));
  assert.ok(!sameSelection({ kind: 'row', r: 1 }, null));
  assert.equal(keepSelection({ kind: 'row', r: 5 }, M, N), null);
  assert.deepEqual(keepSelection({ kind: 'col', j: 4 }, M, N), { kind: 'col', j: 4 });
});

const G = { left: 8, top: 50, right: 8, labelW: 40, gap: 20, gapTop: 10, maxCell: 40, maxHeight: 600, vecWidth: (c) => Math.max(c, 50) };

test('layout: the largest cell that fits, and hits land on the cell under the point', () => {
  const wide = matrixLayout('column', M, N, 2000, G);
  assert.equal(wide.cell, 40);
  const narrow = matrixLayout('column', M, N, 400, G);
  assert.ok(narrow.width <= 400 && narrow.cell < 40, `cell ${narrow.cell}, width ${narrow.width}`);
  const L = wide;
  // W[1, 3] holds tap 2; W[0, 4] is structurally zero; x₂ is a column hit; z₂ a row hit.
  assert.deepEqual(hitTest({ x: L.Wx + 3.5 * L.cell, y: L.Wy + 1.5 * L.cell }, L, 'column', taps), { kind: 'row', r: 1, j: 3, tap: 2 });
  assert.deepEqual(hitTest({ x: L.Wx + 4.5 * L.cell, y: L.Wy + 0.5 * L.cell }, L, 'column', taps), { kind: 'row', r: 0 });
  assert.deepEqual(hitTest({ x: L.xX + 5, y: L.xY + 2.5 * L.cell }, L, 'column', taps), { kind: 'col', j: 2 });
  assert.deepEqual(hitTest({ x: L.zX + 5, y: L.zY + 2.5 * L.cell }, L, 'column', taps), { kind: 'row', r: 2 });
  assert.equal(hitTest({ x: 1, y: 1 }, L, 'column', taps), null);
  const S = matrixLayout('strip', M, N, 2000, G);
  assert.equal(S.Wy, G.top + S.cell + G.gapTop, 'the strip sits above W');
  assert.deepEqual(hitTest({ x: S.Wx + 1.5 * S.cell, y: S.stripY + 3 }, S, 'strip', taps), { kind: 'col', j: 1 });
});
