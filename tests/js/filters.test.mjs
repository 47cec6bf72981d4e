// Unit tests for the filter stations' models: www/stations/filters/model.js (parameters, URL
// state, working image, kernel notes), orient/model.js and mr8/model.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  STATE, DEFAULTS, PARAMS, TYPES, paramsFromState, paramsToState, makeKernel, workingImage, kernelSums, truncationNote,
} from '../../www/stations/filters/model.js';
import { STATE as ORIENT, createOrientModel, sweptParams, verdictNote, isOdd, pct } from '../../www/stations/orient/model.js';
import { STATE as MR8, bankLayout, probeAt, moveProbe, keepProbe } from '../../www/stations/mr8/model.js';

test('the default is the Gabor at its defaults; the address overrides only the chosen type', () => {
  const d = paramsFromState(STATE.parse(''));
  assert.equal(d.type, 'gabor');
  assert.deepEqual(d.params, DEFAULTS);
  const p = paramsFromState(STATE.parse('f=log&s=5&r=12.4&l=99'));
  assert.equal(p.type, 'log');
  assert.deepEqual(p.params.log, { sigma: 5, radius: 12 });
  assert.deepEqual(p.params.gabor, DEFAULTS.gabor, 'other types keep their defaults');
});

test('old #/filters addresses still read: f, s, t, l, g, p, r; out-of-range values are clamped', () => {
  const p = paramsFromState(STATE.parse('f=gabor&s=3&t=45&l=8&g=0.7&p=90&r=20&img=brick&sweep=1'));
  assert.deepEqual(p.params.gabor, { sigma: 3, theta: 45, lambda: 8, gamma: 0.7, psi: 90, radius: 20 });
  assert.equal(STATE.parse('f=gabor&s=-4').s, PARAMS.sigma.limits[0]);
  assert.equal(STATE.parse('f=nope').f, 'gabor');
  assert.equal(STATE.parse('s=abc').s, null, 'not a number → the default');
  assert.equal(STATE.serialize({ ...paramsToState('edge', DEFAULTS.edge), img: 'coffee' }).toString(), 'f=edge&s=2&t=30&r=18&img=coffee');
});

test('makeKernel passes angles in radians to the core and names an unknown type', () => {
  const calls = [];
  const wasm = new Proxy({}, { get: (_, name) => (...args) => { calls.push([name, ...args]); return new Float32Array(1); } });
  makeKernel(wasm, 'gabor', { sigma: 4, theta: 90, lambda: 10, gamma: 0.5, psi: 180, radius: 3 });
  makeKernel(wasm, 'bar', { sigma: 2, theta: 30, radius: 5 });
  assert.equal(calls[0][0], 'gabor_kernel');
  assert.ok(Math.abs(calls[0][2] - Math.PI / 2) < 1e-12 && Math.abs(calls[0][5] - Math.PI) < 1e-12);
  assert.deepEqual(calls[1].slice(0, 2), ['bar_kernel', 2]);
  assert.throws(() => makeKernel(wasm, 'sobel', {}), /Unknown filter type "sobel"/);
});

test('the working image is the grey image, area-averaged to at most 512 px a side', () => {
  const small = { width: 4, height: 2, data: new Float32Array(8).fill(0.5) };
  assert.equal(workingImage({ name: 'x' }, small).data, small.data);
  const big = { width: 1024, height: 256, data: Float32Array.from({ length: 1024 * 256 }, (_, i) => i % 2) };
  const w = workingImage({ name: 'stripes' }, big);
  assert.deepEqual([w.width, w.height, w.from], [512, 128, { width: 1024, height: 256 }]);
  assert.ok(w.data.every((v) => v === 0.5), 'pairs of columns 0, 1 average to 0.5');
  assert.equal(workingImage(null, small), null);
});

test('kernel sums and the truncation note', () => {
  assert.deepEqual(kernelSums([1, -2, 0.5]), { sum: -0.5, l1: 3.5 });
  assert.equal(truncationNote('gaussian', { sigma: 2, radius: 6 }), '');
  assert.match(truncationNote('gaussian', { sigma: 4, radius: 6 }), /reaches about 12 px/);
  assert.match(truncationNote('edge', { sigma: 2, radius: 10 }), /18 px .*3σ along-axis/);
  assert.equal(truncationNote('gabor', { sigma: 4, gamma: 0.5, radius: 24 }), '', 'σ/γ = 8: 2.5 × 8 = 20 < 24');
  assert.ok(TYPES.every((t) => t.params.every((k) => PARAMS[k])));
});

test('the sweep station: oriented types only, no θ in its address, rot and abs kept', () => {
  assert.equal(ORIENT.parse('f=log').f, 'gabor');
  assert.deepEqual(sweptParams('edge'), ['sigma', 'radius']);
  const m = createOrientModel(ORIENT.parse('f=bar&s=3&r=15&rot=1&t=80'));
  assert.deepEqual([m.type, m.current().sigma, m.current().radius, m.rotated, m.abs], ['bar', 3, 15, true, false]);
  m.abs = true;
  assert.equal(ORIENT.serialize(m.toState('brick')).toString(), 'f=bar&s=3&r=15&rot=1&abs=1&img=brick');
  assert.deepEqual(m.job().orientations, [0, 30, 60, 90, 120, 150]);
});

test('the verdict note follows the core verdict and names the sign flip of odd filters', () => {
  assert.match(verdictNote({ invariant: true }, 'gabor', DEFAULTS.gabor, false), /almost unchanged/);
  assert.ok(isOdd('edge', {}) && isOdd('gabor', { psi: 90 }) && !isOdd('gabor', { psi: -180 }) && !isOdd('bar', {}));
  assert.match(verdictNote({ invariant: false }, 'edge', DEFAULTS.edge, false), /sign flipped/);
  assert.match(verdictNote({ invariant: false }, 'edge', DEFAULTS.edge, true), /radius and σ/);
  assert.equal(pct(0.0312), '3.1 %');
});

test('MR8: the bank layout lists all 38 filters once; probe moves stay on the map', () => {
  const items = bankLayout();
  const indices = items.filter((it) => it.index !== undefined).map((it) => it.index);
  assert.deepEqual([...indices].sort((a, b) => a - b), Array.from({ length: 38 }, (_, i) => i));
  assert.equal(items.find((it) => it.index === 25).title, 'bar σ=2, θ=30°', '18 + 1·6 + 1');
  assert.deepEqual(probeAt(0.5, 0.999, 10, 4), { x: 5, y: 3 });
  assert.deepEqual(probeAt(1.2, -0.1, 10, 4), { x: 9, y: 0 });
  assert.deepEqual(moveProbe({ x: 5, y: 3 }, 'ArrowRight', true, 10, 4), { x: 9, y: 3 });
  assert.deepEqual(moveProbe({ x: 5, y: 3 }, 'ArrowUp', false, 10, 4), { x: 5, y: 2 });
  assert.equal(moveProbe({ x: 5, y: 3 }, 'Enter', false, 10, 4), null);
  assert.deepEqual(keepProbe({ x: 20, y: 1 }, 10, 4), { x: 5, y: 2 });
  assert.deepEqual(MR8.parse('abs=1'), { abs: true, img: null });
});
