// Station "Implicit regularization": its data, state, URL schema and the maps' geometry
// (DOM-free; tests/js/implicit.test.mjs). Paths, X⁺y, the nearest solution, the step size and
// its verdicts, the max-margin direction and the angles are the wasm core's.
//
// 1. Least squares with more unknowns than independent equations, f(w) = (1/2n)‖Xw − y‖²:
//    GD and SGD from w⁰ only move along rows of X, so they converge to w⁰ + X⁺(y − Xw⁰).
// 2. Logistic regression on separable data (no intercept): ‖w‖ → ∞ but w/‖w‖ → the max-margin
//    direction, with an angle that falls like 1/log t.
import { schema } from '../../lib/state.js';

/** Both maps show w₁, w₂ (or x₁, x₂) ∈ [−WORLD, WORLD]. */
export const WORLD = 4;
/** The maps' margins in CSS px (left for the w₂ ticks, bottom for the w₁ ticks and label). */
export const MAP_PAD = { l: 46, r: 14, t: 14, b: 44 };
/** A map is at most this many CSS px wide. */
export const MAP_MAX = 560;
export const COLORS = {
  zero: '#c4374b', // runs from w = 0 (= --gd)
  start: '#2458c6', // runs from the chosen start (= --hb)
  solutions: '#1f7a3a', // the line of exact solutions
  minNorm: '#111', // X⁺y and the max-margin boundary
  pos: '#e07b00', // class +1
  neg: '#6a3d9a', // class −1
  history: '#9aa3b5', // earlier GD boundaries
};

/** The maps' legends: what each mark means. */
export const LS_LEGEND = [
  { label: 'exact solutions a·w = b', kind: 'line', color: COLORS.solutions },
  { label: 'path from w⁰ = 0', kind: 'line', color: COLORS.zero },
  { label: 'path from your start', kind: 'line', color: COLORS.start },
  { label: 'X⁺y (min-norm solution)', kind: 'diamond', color: COLORS.minNorm },
  { label: 'solution nearest your start', kind: 'ring', color: COLORS.start },
  { label: 'circle ‖w‖ = ‖X⁺y‖', kind: 'dash', color: '#777' },
];
export const LG_LEGEND = [
  { label: 'class +1', kind: 'dot', color: COLORS.pos },
  { label: 'class −1', kind: 'square', color: COLORS.neg },
  { label: 'max-margin line (SVM) and its margin', kind: 'dash', color: COLORS.minNorm },
  { label: 'GD boundary at the last t (arrow: w, from your start)', kind: 'line', color: COLORS.start },
  { label: 'GD boundary at t = 1, 10, 100, …', kind: 'thin', color: COLORS.history },
];

// ---- part 1: least squares ----
// Three examples whose two features are collinear (xᵢ = sᵢ·a, yᵢ = sᵢ·b): three equations but
// only one independent one, a·w = b, so a whole line of w fits all three exactly.
export const SCALES = [1, 1.5, -0.5];
const LS_DEFAULT = { a1: 1, a2: 2, b: 3, start: [2.5, -1], method: 'gd', rel: 0.5, steps: 40, seed: 1 };
/** |coordinate| a typed start or point may have. */
export const START_LIMIT = 50;
/** α·L: the slider's span, and what may be typed (past 2 the iterates blow up, on purpose). */
export const REL_SLIDER = [0.05, 1.9], REL_LIMITS = [0.01, 5];
export const MAX_STEPS = 300;

// ---- part 2: logistic regression (tests/fixtures/gen_implicit.py holds the same data) ----
export const LOGI_POINTS = [
  [1.6, 0.3], [0.5, 1.5], [2.5, 2.0], [1.8, 3.0], [3.0, 1.0],
  [-1.4, -0.5], [-0.3, -1.7], [-2.2, -2.6], [-3.0, -1.5], [-1.0, -3.0],
];
export const LOGI_LABELS = [1, 1, 1, 1, 1, -1, -1, -1, -1, -1];
const LOGI_DEFAULT = { start: [-2, 3], step: 1, iterations: 100000 };
export const ITERATION_CHOICES = [1000, 10000, 100000, 1000000];
/** Iterations whose boundaries are drawn from the past. */
export const HISTORY_T = [1, 10, 100, 1000, 10000, 100000, 1000000];
export const MAX_POINTS = 60;
export const STEP_LIMITS = [0.1, 4];

const within = (v) => Number.isFinite(v) && Math.abs(v) <= START_LIMIT;
/** Reads "x,y,label;x,y,label;…" (labels ±1, 1…MAX_POINTS points) → { points, labels } or null. */
export function parsePoints(text) {
  const rows = String(text).split(';').map((t) => t.split(',').map((v) => (v.trim() === '' ? NaN : Number(v))));
  if (rows.length < 1 || rows.length > MAX_POINTS) return null;
  if (!rows.every((q) => q.length === 3 && within(q[0]) && within(q[1]) && Math.abs(q[2]) === 1)) return null;
  return { points: rows.map((q) => [q[0], q[1]]), labels: rows.map((q) => q[2]) };
}
/** Writes points and labels as parsePoints reads them. */
export const formatPoints = (points, labels) => points.map((p, i) => `${p[0]},${p[1]},${labels[i]}`).join(';');
const DEFAULT_POINTS = formatPoints(LOGI_POINTS, LOGI_LABELS);

const num = (name, min, max, d) => ({ name, type: 'number', min, max, default: d });
/**
 * The URL state. Part 1: a1, a2, b (the equation), rel (= α·L), T (steps), m (gd | sgd), seed,
 * sx, sy (start). Part 2: it (iterations), alpha (step), wx, wy (start), pts (the data).
 * Only what differs from the defaults is written.
 */
export const STATE = schema([
  num('a1', -3, 3, LS_DEFAULT.a1), num('a2', -3, 3, LS_DEFAULT.a2), num('b', -3, 3, LS_DEFAULT.b),
  num('rel', REL_LIMITS[0], REL_LIMITS[1], LS_DEFAULT.rel),
  { name: 'T', type: 'int', min: 1, max: MAX_STEPS, default: LS_DEFAULT.steps },
  { name: 'm', type: 'enum', values: ['gd', 'sgd'], default: LS_DEFAULT.method },
  { name: 'seed', type: 'int', min: 1, max: 1e9 - 1, default: LS_DEFAULT.seed },
  num('sx', -START_LIMIT, START_LIMIT, LS_DEFAULT.start[0]), num('sy', -START_LIMIT, START_LIMIT, LS_DEFAULT.start[1]),
  { name: 'it', type: 'enum', values: ITERATION_CHOICES.map(String), default: String(LOGI_DEFAULT.iterations) },
  num('alpha', STEP_LIMITS[0], STEP_LIMITS[1], LOGI_DEFAULT.step),
  num('wx', -START_LIMIT, START_LIMIT, LOGI_DEFAULT.start[0]), num('wy', -START_LIMIT, START_LIMIT, LOGI_DEFAULT.start[1]),
  { name: 'pts', type: 'text', valid: (t) => parsePoints(t) !== null, default: DEFAULT_POINTS },
]);

/** The station's state from parsed URL values: ls (least squares) and lg (logistic regression). */
export function createImplicitModel(s = STATE.defaults()) {
  const data = parsePoints(s.pts);
  const m = {
    ls: { a1: s.a1, a2: s.a2, b: s.b, rel: s.rel, steps: s.T, method: s.m, seed: s.seed, start: [s.sx, s.sy] },
    lg: { points: data.points, labels: data.labels, cls: 1, step: s.alpha, iterations: Number(s.it), start: [s.wx, s.wy] },
    /** Adds a point of the chosen class; an error text when there are MAX_POINTS already. */
    addPoint(p) {
      if (m.lg.points.length >= MAX_POINTS) return `At most ${MAX_POINTS} points: remove some first.`;
      m.lg.points.push(p); m.lg.labels.push(m.lg.cls);
      return '';
    },
    /** Removes the last point (one always stays); whether it did. */
    removeLast() {
      if (m.lg.points.length <= 1) return false;
      m.lg.points.pop(); m.lg.labels.pop();
      return true;
    },
    resetPoints() { m.lg.points = LOGI_POINTS.map((p) => p.slice()); m.lg.labels = LOGI_LABELS.slice(); },
    /** Values for the address: null (left out) where a value is its default. */
    toState() {
      const { ls, lg } = m;
      const d = STATE.defaults();
      const v = {
        a1: ls.a1, a2: ls.a2, b: ls.b, rel: ls.rel, T: ls.steps, m: ls.method, seed: ls.seed, sx: ls.start[0], sy: ls.start[1],
        it: String(lg.iterations), alpha: lg.step, wx: lg.start[0], wy: lg.start[1], pts: formatPoints(lg.points, lg.labels),
      };
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x === d[k] ? null : x]));
    },
  };
  return m;
}

/** The least-squares system of part 1: X (3 × 2, row-major), y, and the equation's normal a. */
export function lsSystem(ls) {
  const a = [ls.a1, ls.a2];
  return {
    a,
    x: new Float64Array(SCALES.flatMap((s) => [s * a[0], s * a[1]])),
    y: new Float64Array(SCALES.map((s) => s * ls.b)),
    n: SCALES.length,
    d: 2,
  };
}

/** World ↔ CSS px of a square map `size` px wide, axes w₁ (right) and w₂ (up). */
export function mapGeometry(size) {
  const { l, r, t, b } = MAP_PAD;
  const side = Math.min(size - l - r, size - t - b);
  const s = side / (2 * WORLD);
  const cx = l + side / 2, cy = t + side / 2;
  return {
    size, side, s,
    X: (x) => cx + x * s,
    Y: (y) => cy - y * s,
    toWorld: (px, py) => [(px - cx) / s, (cy - py) / s],
    rect: [l, t, side, side],
  };
}

/** The world point under (px, py), to 2 decimals, or null outside the plot square. */
export function pickWorld(geometry, px, py) {
  const [x, y] = geometry.toWorld(px, py);
  return Math.abs(x) <= WORLD && Math.abs(y) <= WORLD ? [+x.toFixed(2), +y.toFixed(2)] : null;
}

/**
 * Two far-apart points of the line {w : n·w = c} (n ≠ 0), enough to cross the map: the foot
 * of the perpendicular from 0 ± 4·WORLD along the line. null when n = 0.
 */
export function lineEnds(n, c) {
  const r = Math.hypot(n[0], n[1]);
  if (!(r > 0)) return null;
  const p = [(n[0] * c) / (r * r), (n[1] * c) / (r * r)];
  const d = [-n[1] / r, n[0] / r], L = 4 * WORLD;
  return [[p[0] - L * d[0], p[1] - L * d[1]], [p[0] + L * d[0], p[1] + L * d[1]]];
}

/**
 * Where the label of the boundary w·x = 0 goes: on the line (⟂ w), 90 % of the way to the
 * square's edge, on its upper side.
 */
export function boundaryLabelAt(w) {
  const r = Math.hypot(w[0], w[1]);
  const d = [-w[1] / r, w[0] / r];
  const sgn = d[1] >= 0 ? 1 : -1;
  const k = (WORLD * 0.9) / Math.max(Math.abs(d[0]), Math.abs(d[1]));
  return [sgn * k * d[0], sgn * k * d[1]];
}

/** A logistic run's weights at sample i, and at iteration t (the first sample if t was not sampled). */
export const weightsAt = (run, i) => [run.weights[2 * i], run.weights[2 * i + 1]];
export const weightsAtT = (run, t) => weightsAt(run, Math.max(0, run.iterations.indexOf(t)));
