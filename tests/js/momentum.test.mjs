// Unit tests for www/stations/momentum/model.js: the URL state (per-function defaults, clamping,
// what is left out), the map's geometry (zoom, world ↔ pixels, clipping, the off-map marker),
// and the plot's and table's arithmetic, each against values worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  STATE, DEFAULTS, createMomentumModel, zoomedView, mapTransform, clipSegment, markerAt, landscape,
  gapRange, theoryCurve, stepTerms, stepsPerSecond, lastIndex, CONTOUR_LEVELS,
} from '../../www/stations/momentum/model.js';
import { colorize } from '../../www/lib/colors.js';

const close = (a, b, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('an empty address opens the bowl at its defaults, on the whole race', () => {
  const m = createMomentumModel(STATE.parse(''));
  assert.equal(m.kind, 'quadratic');
  assert.deepEqual([m.kappa, m.angleDeg, m.zoom, m.seed], [100, 0, 1, 1]);
  assert.deepEqual(m.cur(), DEFAULTS.quadratic);
  assert.equal(m.t, 150);
  assert.deepEqual(m.problem(), { kind: 'quadratic', lambda1: 0.01, lambda2: 1, angle: 0 });
});

test('the run settings in the address belong to the function named there', () => {
  const m = createMomentumModel(STATE.parse('f=rosenbrock&b=20&agd=0.001&steps=50&x=0.5&y=0.25&sigma=3&seed=7'));
  assert.equal(m.kind, 'rosenbrock');
  assert.deepEqual(m.cur(), { ...DEFAULTS.rosenbrock, alphaGd: 0.001, steps: 50, start: [0.5, 0.25], sigma: 3 });
  assert.deepEqual(m.per.quadratic, DEFAULTS.quadratic, 'the bowl keeps its own defaults');
  assert.deepEqual(m.problem(), { kind: 'rosenbrock', a: 1, b: 20, noise: 3, seed: 7 });
  assert.deepEqual(m.problem(false), { kind: 'rosenbrock', a: 1, b: 20 });
  m.setKind('quadratic');
  assert.equal(m.t, 150, 'switching opens the other function on its whole race');
});

test('out-of-range values are clamped, garbage falls back, a half start is ignored', () => {
  const s = STATE.parse('kappa=1e9&angle=-999&steps=2.6&beta=abc&x=3&zoom=3');
  assert.deepEqual([s.kappa, s.angle, s.steps, s.beta, s.zoom], [1e6, -360, 3, null, null]);
  const m = createMomentumModel(s);
  assert.deepEqual(m.cur().start, DEFAULTS.quadratic.start, 'x without y');
  assert.equal(m.cur().beta, 0.9);
});

test('the address written back: rounded, only what applies, and it reads back the same', () => {
  const m = createMomentumModel(STATE.parse(''));
  m.kappa = 123.456789; m.cur().alphaGd = 0.123456789; m.cur().start = [1.23456, -0.5];
  const p = STATE.serialize(m.toState());
  assert.equal(p.toString(), 'f=quadratic&kappa=123.5&angle=0&agd=0.123457&ahb=0.5&beta=0.9&steps=150&x=1.235&y=-0.5');
  m.cur().sigma = 0.25; m.seed = 4; m.zoom = 2;
  const back = createMomentumModel(STATE.parse(STATE.serialize(m.toState())));
  assert.deepEqual([back.zoom, back.seed, back.cur().sigma, back.kappa], [2, 4, 0.25, 123.5]);
  m.setKind('rosenbrock');
  const r = STATE.serialize(m.toState());
  assert.equal(r.has('kappa') || r.has('angle'), false);
  assert.equal(r.get('b'), '100');
});

test('steps and t: t stays within the run; a paused race shows its end', () => {
  const m = createMomentumModel();
  m.t = 40;
  m.stepBy(-100);
  assert.equal(m.t, 0);
  m.stepBy(1000);
  assert.equal(m.t, 150);
  m.playing = true; m.t = 90;
  m.setSteps(60);
  assert.equal(m.t, 60);
  m.playing = false;
  m.setSteps(80);
  assert.equal(m.t, 80);
  assert.equal(stepsPerSecond(30), 15);
  assert.equal(stepsPerSecond(600), 100);
});

test('zoom grows the box about its centre; world ↔ pixel maps invert each other', () => {
  const v = zoomedView({ xmin: -2.2, xmax: 2.2, ymin: -0.3, ymax: 1.9 }, 2);
  [v.xmin, v.xmax, v.ymin, v.ymax].forEach((a, i) => close(a, [-4.4, 4.4, -1.4, 3][i]));
  const T = mapTransform({ xmin: -3, xmax: 3, ymin: -1.5, ymax: 1.5 }, 600, 300);
  assert.deepEqual([T.toX(-3), T.toX(0), T.toX(3)], [0, 300, 600]);
  assert.deepEqual([T.toY(1.5), T.toY(0), T.toY(-1.5)], [0, 150, 300]);
  assert.deepEqual(T.toWorld(0.75, 0.25), [1.5, 0.75]);
});

test('segments are clipped to the box (Liang–Barsky)', () => {
  const box = { xmin: 0, xmax: 1, ymin: 0, ymax: 1 };
  assert.deepEqual(clipSegment(0.2, 0.2, 0.8, 0.4, box), [0.2, 0.2, 0.8, 0.4], 'inside: unchanged');
  assert.deepEqual(clipSegment(-1, 0.5, 2, 0.5, box), [0, 0.5, 1, 0.5], 'crosses both sides');
  assert.equal(clipSegment(2, 2, 3, 3, box), null, 'outside');
  assert.equal(clipSegment(-1, 2, 2, 1.5, box), null, 'passes above');
  const d = clipSegment(0.5, 0.5, 2.5, 1.5, box); // leaves through x = 1 at y = 0.75
  [0.5, 0.5, 1, 0.75].forEach((a, i) => close(d[i], a));
});

test('the marker: on the iterate inside the map, else at the edge towards where it went', () => {
  const box = { xmin: -1, xmax: 1, ymin: -1, ymax: 1 };
  assert.deepEqual(markerAt([0.5, 0.5, 0.25, -0.5], 1, box), { x: 0.25, y: -0.5, off: false });
  const off = markerAt([0, 0, 4, 2], 1, box);
  assert.equal(off.off, true);
  close(off.x, 1); close(off.y, 0.5);
  const blown = markerAt([0, 0, 0, -8, NaN, Infinity], 2, box);
  assert.deepEqual([blown.off, blown.x, blown.y], [true, 0, -1], 'the last finite iterate gives the direction');
  assert.equal(lastIndex({ diverged_at: 12 }, 150), 12);
  assert.equal(lastIndex({ diverged_at: null }, 150), 150);
});

test('the landscape: log f, five decades of shading, contour levels halving from the top', () => {
  const land = landscape([1000, 10, 0, 1]);
  assert.deepEqual(Array.from(land.shade).slice(0, 2), [3, 1]);
  assert.equal(land.shade[2], -300, 'f = 0 at the minimum stays finite');
  assert.deepEqual([land.min, land.max], [-2, 3]);
  assert.equal(land.levels.length, CONTOUR_LEVELS);
  assert.deepEqual(land.levels.slice(0, 3), [500, 250, 125]);
  const shaded = colorize(land.shade, { scale: 'paper', min: land.min, max: land.max }).rgba;
  assert.deepEqual(Array.from(shaded.slice(0, 3)), [196, 190, 176], 'the top is the darkest');
  assert.deepEqual(Array.from(shaded.slice(8, 11)), [255, 253, 246], 'the bottom is cream');
});

test('the plot range and the theory line', () => {
  const { yMin, yMax } = gapRange([[4, 1, 0.01], [4, NaN, 0, 1e-3]], 4);
  assert.equal(yMax, 12);
  close(yMin, 1e-3 / 3);
  assert.equal(gapRange([[Infinity, 1e30]], 1).yMax, 3e4, 'capped at 10⁴·f(w⁰), ×3');
  assert.deepEqual(gapRange([[0]], 0), { yMin: 1e-3 / 3, yMax: 3 });
  assert.deepEqual(theoryCurve(2, 0.5, 3), [2, 0.5, 0.125, 0.03125]);
});

test('the step table: −α·g and β(wᵗ − wᵗ⁻¹) add up to wᵗ⁺¹', () => {
  // w⁰ = (1, 2), w¹ = (0.5, 1), w² = (0.1, 0.2): heavy ball α = 0.5, β = 0.4 with g¹ = (0.4, 0.8).
  const path = [1, 2, 0.5, 1, 0.1, 0.2];
  const t = stepTerms(path, [0.4, 0.8], 1, 0.5, 0.4, 2, true);
  assert.deepEqual(t.w, [0.5, 1]);
  assert.deepEqual(t.grad, [-0.2, -0.4]);
  assert.deepEqual(t.mom, [-0.2, -0.4]);
  [0, 1].forEach((i) => close(t.w[i] + t.grad[i] + t.mom[i], t.next[i]));
  assert.equal(stepTerms(path, [1, 1], 0, 0.5, 0, 2, false).mom, null, 'gradient descent has no momentum term');
  assert.equal(stepTerms(path, [1, 1], 1, 0.5, 0, 1, false), null, 'past the escape step');
  assert.equal(stepTerms([0, 0, NaN, 1], [1, 1], 0, 0.5, 0, 5, false), null, 'not finite');
});
