// Unit tests for www/stations/implicit/model.js: the URL state (defaults left out, clamping,
// the points list), the least-squares system, and the maps' geometry, against hand-worked values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  STATE, LOGI_POINTS, LOGI_LABELS, MAX_POINTS, MAP_PAD, WORLD, createImplicitModel, parsePoints, formatPoints,
  lsSystem, mapGeometry, pickWorld, lineEnds, boundaryLabelAt, weightsAt, weightsAtT,
} from '../../www/stations/implicit/model.js';

const close = (a, b, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('an empty address: the lecture defaults, and nothing is written back', () => {
  const m = createImplicitModel(STATE.parse(''));
  assert.deepEqual(m.ls, { a1: 1, a2: 2, b: 3, rel: 0.5, steps: 40, method: 'gd', seed: 1, start: [2.5, -1] });
  assert.deepEqual([m.lg.points, m.lg.labels, m.lg.step, m.lg.iterations, m.lg.start], [LOGI_POINTS, LOGI_LABELS, 1, 100000, [-2, 3]]);
  assert.equal(STATE.serialize(m.toState()).toString(), '');
});

test('changed settings are written in schema order and read back the same', () => {
  const m = createImplicitModel();
  Object.assign(m.ls, { method: 'sgd', steps: 43, start: [-1.5, 0.5] });
  m.lg.iterations = 1000;
  m.lg.cls = -1;
  m.addPoint([-0.5, 2.5]);
  const p = STATE.serialize(m.toState());
  assert.equal(p.get('m'), 'sgd');
  assert.deepEqual([...p.keys()], ['T', 'm', 'sx', 'sy', 'it', 'pts']);
  assert.match(p.get('pts'), /;-0\.5,2\.5,-1$/);
  const back = createImplicitModel(STATE.parse(p));
  assert.deepEqual([back.ls, back.lg.points, back.lg.labels, back.lg.iterations], [m.ls, m.lg.points, m.lg.labels, 1000]);
});

test('out-of-range values are clamped; bad points, methods and iteration counts fall back', () => {
  const s = STATE.parse('a1=9&rel=7&T=0&m=adam&it=5000&sx=-80&pts=1,2,3');
  assert.deepEqual([s.a1, s.rel, s.T, s.m, s.it, s.sx], [3, 5, 1, 'gd', '100000', -50]);
  assert.equal(createImplicitModel(s).lg.points.length, LOGI_POINTS.length, 'label 3 is not ±1');
});

test('the points list: "x,y,label;…", 1 to 60 points, labels ±1, coordinates within ±50', () => {
  assert.deepEqual(parsePoints('1,2,1;-3,0.5,-1'), { points: [[1, 2], [-3, 0.5]], labels: [1, -1] });
  for (const bad of ['', '1,2', '1,2,1;', '1,x,1', '51,0,1', '1,2,0']) assert.equal(parsePoints(bad), null, bad);
  assert.equal(parsePoints(Array(MAX_POINTS + 1).fill('0,1,1').join(';')), null);
  assert.equal(formatPoints([[1, 2], [-3, 0.5]], [1, -1]), '1,2,1;-3,0.5,-1');
});

test('adding and removing points: at most 60, at least 1, reset restores the lecture data', () => {
  const m = createImplicitModel();
  while (m.lg.points.length < MAX_POINTS) assert.equal(m.addPoint([0, 1]), '');
  assert.match(m.addPoint([0, 1]), /At most 60 points/);
  while (m.removeLast());
  assert.equal(m.lg.points.length, 1);
  m.resetPoints();
  assert.deepEqual(m.lg.points, LOGI_POINTS);
  assert.notEqual(m.lg.points, LOGI_POINTS, 'a copy, not the constant');
});

test('the least-squares system: three multiples of one equation a·w = b', () => {
  const sys = lsSystem({ a1: 1, a2: 2, b: 3 });
  assert.deepEqual(Array.from(sys.x), [1, 2, 1.5, 3, -0.5, -1]);
  assert.deepEqual(Array.from(sys.y), [3, 4.5, -1.5]);
  assert.deepEqual([sys.n, sys.d, sys.a], [3, 2, [1, 2]]);
});

test('map geometry: the plot square, world ↔ px, and what a click picks', () => {
  const m = mapGeometry(540);
  assert.equal(m.side, 540 - MAP_PAD.l - MAP_PAD.r);
  assert.deepEqual(m.rect, [46, 14, 480, 480]);
  assert.deepEqual([m.X(-WORLD), m.X(0), m.X(WORLD)], [46, 286, 526]);
  assert.deepEqual([m.Y(WORLD), m.Y(0), m.Y(-WORLD)], [14, 254, 494]);
  assert.deepEqual(m.toWorld(m.X(1.25), m.Y(-2)), [1.25, -2]);
  assert.deepEqual(pickWorld(m, 286 + 60 * 1.234567, 254), [1.23, 0]);
  assert.equal(pickWorld(m, 10, 254), null, 'left of the square');
});

test('a line n·w = c crosses the map through the foot of the perpendicular', () => {
  const [p, q] = lineEnds([1, 2], 3); // the foot is (0.6, 1.2)
  close((p[0] + q[0]) / 2, 0.6); close((p[1] + q[1]) / 2, 1.2);
  for (const e of [p, q]) close(e[0] + 2 * e[1], 3, 1e-9);
  assert.ok(Math.hypot(p[0] - q[0], p[1] - q[1]) > 4 * WORLD, 'long enough to leave the square');
  assert.equal(lineEnds([0, 0], 1), null);
  const at = boundaryLabelAt([1, 0]); // the boundary x₁ = 0: the label goes up the x₂ axis
  close(at[0], 0); close(at[1], 3.6);
});

test('weights of a logistic run by sample and by iteration', () => {
  const run = { iterations: [0, 1, 10], weights: [0, 0, 1, 2, 3, 4] };
  assert.deepEqual(weightsAt(run, 2), [3, 4]);
  assert.deepEqual(weightsAtT(run, 1), [1, 2]);
  assert.deepEqual(weightsAtT(run, 7), [0, 0], 'an iteration not sampled reads the first');
});
