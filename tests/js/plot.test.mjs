// Unit tests for the DOM-free part of www/lib/plot.js: axis ranges and ticks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axisScale, niceTicks, decadeTicks } from '../../www/lib/plot.js';

test('niceTicks: round steps covering the span', () => {
  assert.deepEqual(niceTicks(0, 10, 5), [0, 2, 4, 6, 8, 10]);
  assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(-3, 7, 5), [-2, 0, 2, 4, 6]);
  assert.deepEqual(niceTicks(5, 5, 5), [5]);
});

test('decadeTicks: whole decades, thinned on a long axis', () => {
  assert.deepEqual(decadeTicks(-2.5, 1.2), [-2, -1, 0, 1]);
  assert.deepEqual(decadeTicks(-12, 12), [-12, -8, -4, 0, 4, 8, 12]);
});

test('a log axis ignores values ≤ 0 and non-finite ones, and works in log10 units', () => {
  const a = axisScale([0, -1, NaN, 1e-3, 10, Infinity], { log: true });
  assert.equal(a.lo, -3);
  assert.equal(a.hi, 1);
  assert.equal(a.ok(0), false);
  assert.equal(a.ok(1e-9), true);
  assert.ok(Math.abs(a.inv(a.t(42)) - 42) < 1e-12);
  assert.deepEqual(a.ticks, [-3, -2, -1, 0, 1]);
});

test('a linear axis: data range, given limits win, zero included when asked', () => {
  assert.deepEqual([axisScale([2, 5]).lo, axisScale([2, 5]).hi], [2, 5]);
  const z = axisScale([2, 5], { includeZero: true });
  assert.deepEqual([z.lo, z.hi], [0, 5]);
  const g = axisScale([2, 5], { min: -1, max: 10 });
  assert.deepEqual([g.lo, g.hi], [-1, 10]);
});

test('empty and flat axes still span something', () => {
  const e = axisScale([NaN]);
  assert.deepEqual([e.lo, e.hi], [0, 1]);
  const f = axisScale([3, 3]);
  assert.deepEqual([f.lo, f.hi], [2, 4]);
  const l = axisScale([], { log: true });
  assert.ok(l.hi > l.lo);
});
