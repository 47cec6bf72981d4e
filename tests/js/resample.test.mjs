// Unit tests for www/lib/resample.js, against sums worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { areaResample, centreSquare, fitWithin } from '../../www/lib/resample.js';

// 4 × 2 image: 0 1 2 3 / 4 5 6 7.
const img = { width: 4, height: 2, data: Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]) };

test('halving averages 2 × 2 blocks', () => {
  assert.deepEqual(Array.from(areaResample(img, 2, 1)), [(0 + 1 + 4 + 5) / 4, (2 + 3 + 6 + 7) / 4]);
});

test('the same size is the identity; enlarging repeats pixels', () => {
  assert.deepEqual(Array.from(areaResample(img, 4, 2)), Array.from(img.data));
  const big = areaResample({ width: 2, height: 1, data: Float32Array.from([1, 9]) }, 4, 2);
  assert.deepEqual(Array.from(big), [1, 1, 9, 9, 1, 1, 9, 9]);
});

test('a rectangle of the image: the centre square', () => {
  const sq = centreSquare(4, 2);
  assert.deepEqual(sq, { x0: 1, y0: 0, width: 2, height: 2 });
  assert.deepEqual(Array.from(areaResample(img, 1, 1, sq)), [(1 + 2 + 5 + 6) / 4]);
  assert.deepEqual(Array.from(areaResample(img, 2, 2, sq)), [1, 2, 5, 6]);
  assert.throws(() => areaResample(img, 1, 1, { x0: 3, width: 2 }), /leaves the image/);
  assert.throws(() => areaResample(img, 0, 1), /positive/);
});

test('a 3 → 2 shrink: every output covers at least one pixel, in order', () => {
  const row = { width: 3, height: 1, data: Float32Array.from([3, 6, 9]) };
  // Spans [0, 1) and [1, 3): 3 and (6 + 9) / 2.
  assert.deepEqual(Array.from(areaResample(row, 2, 1)), [3, 7.5]);
});

test('fitWithin scales the longer side down to the limit and never enlarges', () => {
  assert.deepEqual(fitWithin(1024, 768, 512), { width: 512, height: 384, scaled: true });
  assert.deepEqual(fitWithin(300, 200, 512), { width: 300, height: 200, scaled: false });
  assert.deepEqual(fitWithin(5000, 1, 512), { width: 512, height: 1, scaled: true });
});
