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

test('linePlot px/py take data values on log axes (callers must not pass log10 themselves)', async () => {
  const { linePlot } = await import('../../www/lib/plot.js');
  // A 2D context that accepts every call and ignores it: only the returned mappings matter here.
  const noop = new Proxy({}, { get: (_, k) => (k === 'measureText' ? () => ({ width: 10 }) : () => {}), set: () => true });
  const view = { width: 400, height: 300, getContext: () => noop };
  const { px, py } = linePlot(view, [{ xs: [1, 1000], ys: [1e-2, 1] }], { logX: true, logY: true, xMin: 1, xMax: 1000, yMin: 1e-2, yMax: 1, legend: 'none' });
  const pad = { l: Math.round(300 / 22) * 4.2, r: Math.round(300 / 22), t: Math.round(300 / 22), b: Math.round(300 / 22) * 3.2 };
  assert.ok(Math.abs(py(1e-2) - (300 - pad.b)) < 1e-9, 'yMin sits on the bottom edge');
  assert.ok(Math.abs(py(1) - pad.t) < 1e-9, 'yMax sits on the top edge');
  assert.ok(Math.abs(py(0.1) - (py(1e-2) + py(1)) / 2) < 1e-9, 'a decade is half the height');
  assert.ok(Math.abs(px(1) - pad.l) < 1e-9 && Math.abs(px(1000) - (400 - pad.r)) < 1e-9);
});

test('describePlot states each named series\' latest finite point; linePlot puts it in the canvas label', async () => {
  const { describePlot, linePlot } = await import('../../www/lib/plot.js');
  const series = [
    { name: 'training', xs: [0, 1, 2], ys: [2.3, 0.5, 0.25] },
    { name: 'held-out', xs: [0, 1, 2], ys: [2.3, 0.4, NaN] },
    { xs: [0, 2], ys: [1, 1] }, // an unnamed guide line is not described
    { name: 'waiting', xs: [], ys: [] },
  ];
  assert.equal(describePlot(series, { xLabel: 'epoch', yLabel: 'loss' }),
    'training: loss 0.25 at epoch 2; held-out: loss 0.4 at epoch 1; waiting: no points yet');
  const noop = new Proxy({}, { get: (_, k) => (k === 'measureText' ? () => ({ width: 10 }) : () => {}), set: () => true });
  const attrs = { 'aria-label': 'Loss curves' };
  const canvas = {
    width: 400, height: 300, dataset: {}, getContext: () => noop,
    getAttribute: (k) => attrs[k] ?? null, hasAttribute: (k) => k in attrs, setAttribute: (k, v) => { attrs[k] = String(v); },
  };
  linePlot(canvas, series.slice(0, 1), { xLabel: 'epoch', yLabel: 'loss', legend: 'none' });
  assert.equal(attrs['aria-label'], 'Loss curves. Now: training: loss 0.25 at epoch 2.');
  assert.equal(attrs.role, 'img');
  linePlot(canvas, [{ name: 'training', xs: [3], ys: [0.125] }], { xLabel: 'epoch', yLabel: 'loss', legend: 'none' });
  assert.equal(attrs['aria-label'], 'Loss curves. Now: training: loss 0.125 at epoch 3.', 'the figure label is kept, the reading replaced');
});
