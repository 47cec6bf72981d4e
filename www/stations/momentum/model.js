// Station "Momentum": its state, URL schema and the presentational arithmetic of the figure
// (DOM-free; tests/js/momentum.test.mjs). Paths, rates, the optimum and the divergence verdict
// are the wasm core's (heavy_ball_path, diagnose_path, optimal_parameters, objective_grid).
//
//   gradient descent  w^{t+1} = w^t − α∇f(w^t)
//   heavy ball        w^{t+1} = w^t − α∇f(w^t) + β(w^t − w^{t−1}),   w^{−1} = w^0
import { schema } from '../../lib/state.js';

/** The world box each function is shown in (2:1, like the map). */
const VIEWS = {
  quadratic: { xmin: -3, xmax: 3, ymin: -1.5, ymax: 1.5 },
  rosenbrock: { xmin: -2.2, xmax: 2.2, ymin: -0.3, ymax: 1.9 },
};
/** The map's width : height. */
export const MAP_ASPECT = 2;
/** f is sampled on GRID_NX × GRID_NY points for the shading and the contour lines. */
export const GRID_NX = 300, GRID_NY = 150;
/** Each contour line is half the height of the next one out; this many lines. */
const CONTOUR_RATIO = 0.5;
export const CONTOUR_LEVELS = 18;
/** The shading spans this many decades of f below its top. */
const SHADE_DECADES = 5;
/** A full run plays in about RUN_SECONDS, never slower than MIN_STEPS_PER_SECOND. */
const RUN_SECONDS = 6, MIN_STEPS_PER_SECOND = 15;
/** Iterate dots are drawn for runs up to this many steps. */
export const MAX_DOTTED_STEPS = 400;
export const COLORS = { gd: '#c4374b', hb: '#2458c6' }; // = --gd, --hb in style.css
export const NAMES = { gd: 'Gradient descent', hb: 'Heavy ball' };

// Curvatures: the quadratic has λ₂ = 1 (steep, y before rotation) and λ₁ = 1/κ (shallow), so
// αλ_max = α and the α sliders read directly against the rule αλ_max < 2 + 2β.
export const DEFAULTS = {
  quadratic: { alphaGd: 0.5, alphaHb: 0.5, beta: 0.9, sigma: 0, steps: 150, start: [-2.6, 1.2] },
  rosenbrock: { alphaGd: 0.0015, alphaHb: 0.0015, beta: 0.9, sigma: 0, steps: 300, start: [-1.2, 1] },
};
/** What typed values (and the URL) may hold: wide enough to show divergence and uphill steps. */
export const LIMITS = {
  kappa: [1, 1e6], angle: [-360, 360], b: [1, 1e4], alpha: [-1000, 1000], beta: [-10, 10],
  sigma: [0, 1000], steps: [1, 2000], start: [-1000, 1000],
};
/** σ slider ends (Rosenbrock's gradients are ~100× larger). */
export const NOISE_MAX = { quadratic: 1, rosenbrock: 50 };
export const ZOOMS = [1, 2, 4];

const num = (name, [min, max], extra = {}) => ({ name, type: 'number', min, max, ...extra });
/**
 * The URL state. f = function; kappa, angle (quadratic) or b (Rosenbrock); agd, ahb, beta,
 * sigma, steps, x, y = the run (defaults depend on f, so they are optional); seed = the noise.
 */
export const STATE = schema([
  { name: 'f', type: 'enum', values: ['quadratic', 'rosenbrock'], default: 'quadratic' },
  { name: 'zoom', type: 'enum', values: ZOOMS.map(String), optional: true },
  num('kappa', LIMITS.kappa, { default: 100 }),
  num('angle', LIMITS.angle, { default: 0 }),
  num('b', LIMITS.b, { default: 100 }),
  num('agd', LIMITS.alpha, { optional: true }),
  num('ahb', LIMITS.alpha, { optional: true }),
  num('beta', LIMITS.beta, { optional: true }),
  num('sigma', LIMITS.sigma, { optional: true }),
  { name: 'seed', type: 'int', min: 0, max: 2 ** 31, default: 1 },
  { name: 'steps', type: 'int', min: LIMITS.steps[0], max: LIMITS.steps[1], optional: true },
  num('x', LIMITS.start, { optional: true }),
  num('y', LIMITS.start, { optional: true }),
]);

const round = (v, digits) => +(+v).toPrecision(digits);

/** The station's state, from parsed URL values (STATE.parse). */
export function createMomentumModel(s = STATE.defaults()) {
  const per = structuredClone(DEFAULTS);
  const c = per[s.f];
  if (s.agd !== null) c.alphaGd = s.agd;
  if (s.ahb !== null) c.alphaHb = s.ahb;
  if (s.beta !== null) c.beta = s.beta;
  if (s.sigma !== null) c.sigma = s.sigma;
  if (s.steps !== null) c.steps = s.steps;
  if (s.x !== null && s.y !== null) c.start = [s.x, s.y];
  const m = {
    kind: s.f, kappa: s.kappa, angleDeg: s.angle, b: s.b, seed: s.seed,
    zoom: s.zoom === null ? 1 : Number(s.zoom), per, t: c.steps, playing: false,
    /** The settings of the function shown (each function keeps its own). */
    cur: () => m.per[m.kind],
    /** Switches the function; opens on its whole race. */
    setKind(kind) { m.kind = kind; m.playing = false; m.t = m.cur().steps; },
    /** Changes the number of steps: t stays within it, and a paused race shows its end. */
    setSteps(n) { m.cur().steps = n; m.t = m.playing ? Math.min(m.t, n) : n; },
    /** Moves t by d steps within 0…steps. */
    stepBy(d) { m.t = clampStep(m.t + d, m.cur().steps); },
    /** The problem object the core takes ({kind, …}; noise and seed when σ > 0 and asked for). */
    problem(withNoise = true) {
      const p = m.kind === 'quadratic'
        ? { kind: 'quadratic', lambda1: 1 / m.kappa, lambda2: 1, angle: (m.angleDeg * Math.PI) / 180 }
        : { kind: 'rosenbrock', a: 1, b: m.b };
      if (withNoise && m.cur().sigma > 0) { p.noise = m.cur().sigma; p.seed = m.seed; }
      return p;
    },
    /** The world box on the map: the function's box, zoomed out about its centre. */
    view: () => zoomedView(VIEWS[m.kind], m.zoom),
    /** What the landscape depends on (it is recomputed only when this changes). */
    gridKey: () => `${m.kind}|${m.kappa}|${m.angleDeg}|${m.b}|${m.zoom}`,
    /** Values for the address (STATE serialises them; null fields are left out). */
    toState() {
      const r = m.cur(), quad = m.kind === 'quadratic', noisy = r.sigma > 0;
      return {
        f: m.kind, zoom: m.zoom === 1 ? null : String(m.zoom),
        kappa: quad ? round(m.kappa, 4) : null, angle: quad ? round(m.angleDeg, 4) : null, b: quad ? null : round(m.b, 4),
        agd: round(r.alphaGd, 6), ahb: round(r.alphaHb, 6), beta: round(r.beta, 6),
        sigma: noisy ? round(r.sigma, 3) : null, seed: noisy ? m.seed : null,
        steps: r.steps, x: round(r.start[0], 4), y: round(r.start[1], 4),
      };
    },
  };
  return m;
}

export const clampStep = (t, steps) => Math.max(0, Math.min(steps, Math.round(t)));

/** The box v zoomed out z× about its centre. */
export function zoomedView(v, z) {
  const cx = (v.xmin + v.xmax) / 2, cy = (v.ymin + v.ymax) / 2;
  return { xmin: cx + (v.xmin - cx) * z, xmax: cx + (v.xmax - cx) * z, ymin: cy + (v.ymin - cy) * z, ymax: cy + (v.ymax - cy) * z };
}

/** World ↔ map pixels for a W × H map of the box v (y up). */
export function mapTransform(v, W, H) {
  return {
    toX: (x) => ((x - v.xmin) / (v.xmax - v.xmin)) * W,
    toY: (y) => ((v.ymax - y) / (v.ymax - v.ymin)) * H,
    /** A point at fractions (u, v) of the map's width and height → world (x, y). */
    toWorld: (u, w) => [v.xmin + u * (v.xmax - v.xmin), v.ymax - w * (v.ymax - v.ymin)],
  };
}

/** Clips the segment (x0, y0)→(x1, y1) to the box; [x0, y0, x1, y1] or null (Liang–Barsky). */
export function clipSegment(x0, y0, x1, y1, r) {
  let t0 = 0, t1 = 1;
  const dx = x1 - x0, dy = y1 - y0;
  for (const [p, q] of [[-dx, x0 - r.xmin], [dx, r.xmax - x0], [-dy, y0 - r.ymin], [dy, r.ymax - y0]]) {
    if (p === 0) { if (q < 0) return null; continue; }
    const t = q / p;
    if (p < 0) { if (t > t1) return null; if (t > t0) t0 = t; } else { if (t < t0) return null; if (t < t1) t1 = t; }
  }
  return [x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy];
}

/** Last index of a run that may be drawn: up to its escape step (diagnose_path's diverged_at). */
export const lastIndex = (diag, steps) => diag.diverged_at ?? steps;

/**
 * Where a run's marker goes at step t: the iterate w^t when it is finite and inside the box,
 * else the box's edge towards it (off: true), in world units, with the direction it went.
 */
export function markerAt(path, last, box) {
  const x = path[2 * last], y = path[2 * last + 1];
  const inside = x >= box.xmin && x <= box.xmax && y >= box.ymin && y <= box.ymax;
  if (Number.isFinite(x) && Number.isFinite(y) && inside) return { x, y, off: false };
  let j = last; // blown up: the last finite iterate gives the direction
  while (j > 0 && !(Number.isFinite(path[2 * j]) && Number.isFinite(path[2 * j + 1]))) j--;
  const px = path[2 * j], py = path[2 * j + 1];
  const cx = (box.xmin + box.xmax) / 2, cy = (box.ymin + box.ymax) / 2;
  const seg = clipSegment(cx, cy, px, py, box);
  return { x: seg ? seg[2] : px, y: seg ? seg[3] : py, off: true, towards: [px, py], from: [cx, cy] };
}

/**
 * The landscape's shading and contour heights from f on the grid: log₁₀ f (for the 'paper'
 * scale over SHADE_DECADES decades below the top) and the contour levels top·ratioᵏ.
 */
export function landscape(f) {
  let top = 0;
  for (const v of f) if (v > top) top = v;
  const shade = Float64Array.from(f, (v) => Math.log10(Math.max(v, 1e-300)));
  const hi = Math.log10(top);
  const levels = Array.from({ length: CONTOUR_LEVELS }, (_, k) => top * CONTOUR_RATIO ** (k + 1));
  return { shade, min: hi - SHADE_DECADES, max: hi, levels };
}

/** Animation speed in steps per second. */
export const stepsPerSecond = (steps) => Math.max(MIN_STEPS_PER_SECOND, steps / RUN_SECONDS);

/**
 * The convergence plot's y range (log axis) from the runs' gaps f(wᵗ) − f* up to their escape:
 * from the largest gap (capped at 10⁴·f(w⁰)) down at most 16 decades, with a margin of 3×.
 */
export function gapRange(gaps, f0) {
  let hi = 0, lo = Infinity;
  for (const g of gaps) for (const v of g) if (v > 0 && Number.isFinite(v)) { hi = Math.max(hi, v); lo = Math.min(lo, v); }
  if (!(hi > 0)) { hi = 1; lo = 1e-3; }
  const yMax = Math.min(hi, f0 > 0 ? f0 * 1e4 : hi) * 3;
  return { yMin: Math.max(lo, yMax * 1e-16) / 3, yMax };
}

/** f(w⁰)·ρ²ᵗ for t = 0…steps: the slope the theory predicts (f − f* shrinks like the squared distance). */
export const theoryCurve = (f0, rho, steps) => Array.from({ length: steps + 1 }, (_, t) => f0 * rho ** (2 * t));

/**
 * The step from wˢ to wˢ⁺¹ of a run, term by term: { w, grad: −α·gˢ, mom: β(wˢ − wˢ⁻¹) (heavy
 * ball only), next }, where g is the gradient the step used (the core's). null when the run
 * has escaped by step s or a number is not finite.
 */
export function stepTerms(path, g, s, alpha, beta, last, withMomentum) {
  const w = [path[2 * s], path[2 * s + 1]];
  const next = [path[2 * s + 2], path[2 * s + 3]];
  const prev = s > 0 ? [path[2 * s - 2], path[2 * s - 1]] : w;
  if (s >= last || ![...w, ...next, ...prev, ...g].every(Number.isFinite)) return null;
  return {
    w,
    grad: [-alpha * g[0], -alpha * g[1]],
    mom: withMomentum ? [beta * (w[0] - prev[0]), beta * (w[1] - prev[1])] : null,
    next,
  };
}
