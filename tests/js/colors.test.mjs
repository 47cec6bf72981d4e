// Unit tests for www/lib/colors.js: the one heat-map colouring and its stated NaN / ±∞ rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  colorize, heatmapRange, divergingColor, sequentialColor, grayColor, maxAbs, minMax, robustLimit, NAN_COLOR,
} from '../../www/lib/colors.js';

const rgb = (out, i) => Array.from(out.rgba.slice(4 * i, 4 * i + 3));
const near = (a, b, tol = 1) => a.every((v, k) => Math.abs(v - b[k]) <= tol);

test('the diverging scale: blue at −L, near-white at 0, red at +L, symmetric range', () => {
  const out = colorize(Float32Array.from([-2, 0, 2, 1]));
  assert.deepEqual([out.min, out.max], [-2, 2]);
  assert.ok(near(rgb(out, 0), [33, 102, 172]), 'bottom end');
  assert.ok(near(rgb(out, 1), [247, 247, 247]), 'zero');
  assert.ok(near(rgb(out, 2), [178, 24, 43]), 'top end');
  assert.ok(near(rgb(out, 3), divergingColor(0.5)), 'halfway');
  assert.equal(out.rgba[3], 255, 'opaque');
});

test('NaN is grey, +∞ / −∞ take the ends, and none of them stretches the range', () => {
  const out = colorize([1, NaN, Infinity, -Infinity, -0.5]);
  assert.deepEqual([out.min, out.max], [-1, 1], 'range from the finite values only');
  assert.deepEqual(rgb(out, 1), NAN_COLOR);
  assert.ok(near(rgb(out, 2), divergingColor(1)));
  assert.ok(near(rgb(out, 3), divergingColor(-1)));
  const seq = colorize([0, 10, NaN, Infinity, -Infinity], { scale: 'sequential' });
  assert.deepEqual([seq.min, seq.max], [0, 10]);
  assert.deepEqual(rgb(seq, 2), NAN_COLOR);
  assert.ok(near(rgb(seq, 3), sequentialColor(1)));
  assert.ok(near(rgb(seq, 4), sequentialColor(0)));
});

test('limits: a fixed diverging limit clamps; gray with min/max maps 0…1 to black…white', () => {
  const out = colorize([5, -5, 0.5], { limit: 1 });
  assert.deepEqual([out.min, out.max], [-1, 1]);
  assert.ok(near(rgb(out, 0), divergingColor(1)));
  assert.ok(near(rgb(out, 2), divergingColor(0.5)));
  const g = colorize([0, 0.5, 1, 2], { scale: 'gray', min: 0, max: 1 });
  assert.deepEqual(rgb(g, 0), [0, 0, 0]);
  assert.ok(near(rgb(g, 1), [128, 128, 128]));
  assert.deepEqual(rgb(g, 2), [255, 255, 255]);
  assert.deepEqual(rgb(g, 3), [255, 255, 255], 'clamped above');
  assert.ok(near(grayColor(0.25), [64, 64, 64]));
});

test('the gray scale is monotone: a brighter value never draws darker', () => {
  const vals = Array.from({ length: 2000 }, (_, i) => i / 1999);
  const out = colorize(vals, { scale: 'gray', min: 0, max: 1 });
  for (let i = 1; i < vals.length; i++) assert.ok(out.rgba[4 * i] >= out.rgba[4 * (i - 1)]);
});

test('flat, empty and all-NaN maps still get a usable range', () => {
  assert.deepEqual(heatmapRange([0, 0, 0]), { min: -1, max: 1 });
  assert.deepEqual(heatmapRange([3, 3], { scale: 'sequential' }), { min: 3, max: 4 });
  assert.deepEqual(heatmapRange([NaN, NaN], { scale: 'gray' }), { min: 0, max: 1 });
  assert.deepEqual(heatmapRange([], {}), { min: -1, max: 1 });
  assert.deepEqual(heatmapRange([1, 2], { min: -4, max: 3 }), { min: -4, max: 4 }, 'diverging stays symmetric');
});

test('maxAbs, minMax and robustLimit ignore non-finite values', () => {
  assert.equal(maxAbs([1, -3, NaN, Infinity]), 3);
  assert.deepEqual(minMax([2, NaN, -1, -Infinity]), { min: -1, max: 2 });
  const data = new Float32Array(10000).fill(1);
  data[0] = 1e6; // one wild pixel
  assert.equal(robustLimit(data), 1);
  assert.equal(robustLimit([NaN]), 1);
});

test('an unknown scale is an error, not a silent default', () => {
  assert.throws(() => colorize([1], { scale: 'rainbow' }), /unknown colour scale/);
});
