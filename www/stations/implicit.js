// Station "Implicit regularization": the lecture's two examples of an optimiser choosing one
// solution among many without any penalty term.
//
// 1. Least squares with more unknowns than independent equations, f(w) = (1/2n)‖Xw − y‖²:
//    GD and SGD from w⁰ only move along rows of X, so they converge to w⁰ + X⁺(y − Xw⁰), the
//    solution nearest the start; from 0 that is the minimum-norm solution X⁺y.
// 2. Logistic regression on separable data (no intercept): ‖w‖ → ∞ but w/‖w‖ → the max-margin
//    (hard-margin SVM) direction, with an angle that falls like 1/log t.
//
// Paths, X⁺y, the nearest solution, the max-margin direction and the angles all come from the
// Rust core (least_squares_path, min_norm_solution, nearest_solution, max_margin_direction,
// logistic_path, angle_degrees); this module draws them and keeps the controls in step.

import { h, slider, select, button, message } from '../lib/dom.js';
import { makeCanvas } from '../lib/canvas.js';
import { linePlot } from '../lib/plot.js';

// ---- figure geometry: logical px, drawn on a HIDPI× finer backing store ----
const HIDPI = 2;
const MAP = { w: 540, h: 540, pad: { l: 46, r: 14, t: 14, b: 44 } }; // logical px
const PLOT = { w: 460, h: 250 }; // logical px: linePlot's 12 px labels ≈ 16 CSS px at the column's width
const FONT = 16; // logical px, for the map labels
const WORLD = 4; // both maps show w₁, w₂ ∈ [−WORLD, WORLD]
const COLORS = {
  zero: '#c4374b', // runs from w = 0 (= --gd)
  start: '#2458c6', // runs from the clicked start (= --hb)
  solutions: '#1f7a3a', // the line of exact solutions
  minNorm: '#111', // X⁺y and the max-margin boundary
  pos: '#e07b00', // class +1
  neg: '#6a3d9a', // class −1
  history: '#9aa3b5', // earlier GD boundaries
};

// ---- part 1: the least-squares data ----
// Three examples whose two features are collinear (xᵢ = sᵢ·a, yᵢ = sᵢ·b): three equations but
// only one independent one, a·w = b, so a whole line of w fits all three exactly.
const SCALES = [1, 1.5, -0.5];
const LS_DEFAULT = { a1: 1, a2: 2, b: 3, start: [2.5, -1], method: 'gd', rel: 0.5, steps: 40, seed: 1 };
const START_LIMIT = 50; // |start coordinate| a typed value may have

// ---- part 2: the logistic-regression data (tests/fixtures/gen_implicit.py holds the same) ----
const LOGI_POINTS = [
  [1.6, 0.3], [0.5, 1.5], [2.5, 2.0], [1.8, 3.0], [3.0, 1.0],
  [-1.4, -0.5], [-0.3, -1.7], [-2.2, -2.6], [-3.0, -1.5], [-1.0, -3.0],
];
const LOGI_LABELS = [1, 1, 1, 1, 1, -1, -1, -1, -1, -1];
const LOGI_DEFAULT = { start: [-2, 3], step: 1, iterations: 100000 };
const ITERATION_CHOICES = [1000, 10000, 100000, 1000000];
const HISTORY_T = [1, 10, 100, 1000, 10000, 100000, 1000000]; // boundaries drawn from the past
const MAX_POINTS = 60;

/** A number with `digits` significant digits and a real minus sign. */
export function num(v, digits = 4) {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e6 || a < 1e-4 ? v.toExponential(digits - 1) : String(+v.toPrecision(digits));
  return s.replace(/-/g, '−');
}
const vec = (w) => `(${num(w[0])}, ${num(w[1])})`;
const norm = (w) => Math.hypot(w[0], w[1]);
const SUP = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };
const pow10 = (k) => (k === 0 ? '1' : k === 1 ? '10' : `10${String(k).split('').map((c) => SUP[c]).join('')}`);

/** The 2D context of `canvas` drawing in logical px, and a stand-in of the logical size for linePlot. */
function logical(canvas, w, hgt) {
  const g = canvas.getContext('2d');
  g.setTransform(canvas.width / w, 0, 0, canvas.height / hgt, 0, 0);
  return { g, view: { width: w, height: hgt, getContext: () => g } };
}

/** World ↔ logical-px mapping of a square map with axes w₁ (right) and w₂ (up). */
function mapGeometry() {
  const { w, h: H, pad } = MAP;
  const side = Math.min(w - pad.l - pad.r, H - pad.t - pad.b);
  const s = side / (2 * WORLD);
  const cx = pad.l + side / 2, cy = pad.t + side / 2;
  return {
    side, s,
    X: (x) => cx + x * s,
    Y: (y) => cy - y * s,
    toWorld: (px, py) => [(px - cx) / s, (cy - py) / s],
    rect: [pad.l, pad.t, side, side],
  };
}

/** Grid, axes, ticks and axis labels of a map; returns its geometry. */
function drawAxes(g, xLabel, yLabel) {
  const m = mapGeometry();
  g.fillStyle = '#fff'; g.fillRect(0, 0, MAP.w, MAP.h);
  g.font = `${FONT}px system-ui, sans-serif`;
  g.lineWidth = 1;
  for (let k = -WORLD; k <= WORLD; k++) {
    g.strokeStyle = k === 0 ? '#8a93a6' : '#e6e9ef';
    g.lineWidth = k === 0 ? 1.5 : 1;
    g.beginPath(); g.moveTo(m.X(k), m.Y(-WORLD)); g.lineTo(m.X(k), m.Y(WORLD)); g.stroke();
    g.beginPath(); g.moveTo(m.X(-WORLD), m.Y(k)); g.lineTo(m.X(WORLD), m.Y(k)); g.stroke();
  }
  g.strokeStyle = '#555'; g.lineWidth = 1;
  g.strokeRect(...m.rect);
  g.fillStyle = '#333';
  g.textAlign = 'center'; g.textBaseline = 'top';
  for (let k = -WORLD; k <= WORLD; k += 2) g.fillText(String(k).replace('-', '−'), m.X(k), m.Y(-WORLD) + 4);
  g.textAlign = 'right'; g.textBaseline = 'middle';
  for (let k = -WORLD; k <= WORLD; k += 2) g.fillText(String(k).replace('-', '−'), m.X(-WORLD) - 5, m.Y(k));
  g.font = `italic ${FONT + 1}px system-ui, sans-serif`;
  g.textAlign = 'center'; g.textBaseline = 'bottom';
  g.fillText(xLabel, m.X(0), MAP.h - 2);
  g.save(); g.translate(13, m.Y(0)); g.rotate(-Math.PI / 2); g.textBaseline = 'middle'; g.fillText(yLabel, 0, 0); g.restore();
  return m;
}

/** Clips drawing to the map's plot square (call g.restore() after). */
function clipToMap(g, m) { g.save(); g.beginPath(); g.rect(...m.rect); g.clip(); }

/** The infinite line {w : n·w = c} drawn across the map (n ≠ 0). */
function drawLine(g, m, n, c) {
  const r = norm(n);
  if (!(r > 0)) return;
  const p = [(n[0] * c) / (r * r), (n[1] * c) / (r * r)]; // the line's point nearest 0
  const d = [-n[1] / r, n[0] / r];
  const L = 4 * WORLD;
  g.beginPath(); g.moveTo(m.X(p[0] - L * d[0]), m.Y(p[1] - L * d[1])); g.lineTo(m.X(p[0] + L * d[0]), m.Y(p[1] + L * d[1])); g.stroke();
}

/** An HTML legend under a map: [{label, kind: line|dash|dot|ring|square|diamond, color}]. */
function legend(items, cls) {
  return h('ul', { class: `im-legend ${cls}`, 'aria-label': 'Legend' },
    items.map((it) => h('li', {}, h('span', { class: `im-swatch im-sw-${it.kind}`, style: `--c: ${it.color}` }), it.label)));
}

const dot = (color, r = 5, ring = false) => (gg, x, y) => {
  gg.beginPath(); gg.arc(x, y, r, 0, 2 * Math.PI);
  if (ring) { gg.strokeStyle = color; gg.lineWidth = 2.5; gg.stroke(); } else { gg.fillStyle = color; gg.fill(); }
};
const square = (color, r = 5) => (gg, x, y) => { gg.fillStyle = color; gg.fillRect(x - r, y - r, 2 * r, 2 * r); };

/** A number for the tables: 4 decimals at most, so round-off (2·10⁻¹⁶) reads as 0. */
const fx = (v) => (Number.isFinite(v) ? num(Math.abs(v) < 5e-5 ? 0 : +v.toFixed(4), 8) : num(v));
const vecFx = (w) => `(${fx(w[0])}, ${fx(w[1])})`;

/** A labelled typed-number box (keyboard access to what a click on the map sets). */
function numberBox(label, key, value, onChange) {
  const id = `im-${key}`;
  const box = h('input', { type: 'number', id, step: 'any', value, class: 'im-num', 'data-key': key });
  box.addEventListener('input', () => onChange(box));
  return { el: h('span', { class: 'im-field' }, h('label', { for: id }, label), box), box };
}

export function mount(root, ctx) {
  const { wasm } = ctx;
  const cleanup = [];
  const listen = (t, type, fn) => { t.addEventListener(type, fn); cleanup.push(() => t.removeEventListener(type, fn)); };
  const link = h('link', { rel: 'stylesheet', href: new URL('./implicit.css', import.meta.url).href });
  document.head.append(link);

  // =====================================================================================
  // Part 1: least squares
  // =====================================================================================
  const ls = structuredClone(LS_DEFAULT);
  // ---- state restored from the URL hash (bad or missing values keep the defaults) ----
  const saved = ctx.hash.get();
  const fromHash = (k, ok) => { const v = Number(saved.get(k)); return saved.has(k) && saved.get(k).trim() !== '' && Number.isFinite(v) && ok(v) ? v : undefined; };
  const within = (lo, hi) => (v) => v >= lo && v <= hi;
  const okStart = within(-START_LIMIT, START_LIMIT);
  for (const [k, lo, hi] of [['a1', -3, 3], ['a2', -3, 3], ['b', -3, 3], ['rel', 0.05, 1.9]]) ls[k] = fromHash(k, within(lo, hi)) ?? ls[k];
  ls.steps = fromHash('T', (v) => Number.isInteger(v) && v >= 1 && v <= 300) ?? ls.steps;
  ls.seed = fromHash('seed', (v) => Number.isInteger(v) && v >= 1 && v < 1e9) ?? ls.seed;
  if (saved.get('m') === 'sgd') ls.method = 'sgd';
  { const x = fromHash('sx', okStart), y = fromHash('sy', okStart); if (x !== undefined && y !== undefined) ls.start = [x, y]; }
  const lsCanvas = makeCanvas(MAP.w * HIDPI, MAP.h * HIDPI, { cls: 'im-map im-ls-map', label: 'Weight space (w₁, w₂): the green line holds every exact solution; red is gradient descent from 0, blue from your start. Click to move the start.' });
  const lsMsgEl = h('div'); const lsMsg = message(lsMsgEl);
  const lsData = h('table', { class: 'im-data' });
  const lsNumbers = h('table', { class: 'im-numbers im-ls-numbers' });
  const lsFormula = h('div', { class: 'formula im-formula' });
  const lsSliders = {
    a1: slider({ label: 'a₁', min: -3, max: 3, step: 0.1, value: ls.a1, onInput: (v) => { ls.a1 = v; updateLs(); } }),
    a2: slider({ label: 'a₂', min: -3, max: 3, step: 0.1, value: ls.a2, onInput: (v) => { ls.a2 = v; updateLs(); } }),
    b: slider({ label: 'b', min: -3, max: 3, step: 0.1, value: ls.b, onInput: (v) => { ls.b = v; updateLs(); } }),
    rel: slider({ label: 'step α·L', min: 0.05, max: 1.9, step: 0.05, value: ls.rel, onInput: (v) => { ls.rel = v; updateLs(); } }),
    steps: slider({ label: 'steps T', min: 1, max: 300, step: 1, value: ls.steps, onInput: (v) => { ls.steps = v; updateLs(); } }),
  };
  const methodSel = select({
    label: 'Method',
    options: [{ value: 'gd', label: 'GD (all 3 examples)' }, { value: 'sgd', label: 'SGD (1 random example)' }],
    value: ls.method,
    onChange: (v) => { ls.method = v; updateLs(); },
  });
  const startErr = h('div', { class: 'im-field-error', role: 'alert' });
  const onStartTyped = () => {
    const v = [startX.box, startY.box].map((b) => (b.value === '' ? NaN : Number(b.value)));
    const bad = v.map((x) => !(Number.isFinite(x) && Math.abs(x) <= START_LIMIT));
    [startX.box, startY.box].forEach((b, i) => (bad[i] ? b.setAttribute('aria-invalid', 'true') : b.removeAttribute('aria-invalid')));
    if (bad[0] || bad[1]) { startErr.textContent = `The start needs two numbers between −${START_LIMIT} and ${START_LIMIT} (or click on the map).`; return; }
    startErr.textContent = '';
    ls.start = v; updateLs();
  };
  const startX = numberBox('start w₁⁰', 'ls-x', ls.start[0], onStartTyped);
  const startY = numberBox('start w₂⁰', 'ls-y', ls.start[1], onStartTyped);
  const reseedBtn = button('New random order', () => { ls.seed += 1; updateLs(); }, { title: 'SGD: draw a different sequence of examples', cls: 'im-reseed' });

  const lsPanel = h('div', { class: 'panel im-panel' },
    h('h3', {}, '1 · Least squares with more unknowns than equations'),
    h('div', { class: 'im-layout' },
      h('figure', { class: 'figure' }, lsCanvas,
        legend([
          { label: 'exact solutions a·w = b', kind: 'line', color: COLORS.solutions },
          { label: 'path from w⁰ = 0', kind: 'line', color: COLORS.zero },
          { label: 'path from your start', kind: 'line', color: COLORS.start },
          { label: 'X⁺y (min-norm solution)', kind: 'diamond', color: COLORS.minNorm },
          { label: 'solution nearest your start', kind: 'ring', color: COLORS.start },
          { label: 'circle ‖w‖ = ‖X⁺y‖', kind: 'dash', color: '#777' },
        ], 'im-ls-legend'),
        h('figcaption', {}, 'Click anywhere to start gradient descent there (blue). Every point on the green line fits the data exactly; the path only moves at right angles to it, so it lands at the foot of the perpendicular.')),
      h('div', { class: 'controls im-side' },
        lsFormula,
        h('div', { class: 'im-two' },
          h('div', { class: 'controls' }, lsSliders.a1.el, lsSliders.a2.el, lsSliders.b.el),
          h('div', { class: 'controls' }, methodSel.el, lsSliders.rel.el, lsSliders.steps.el)),
        h('div', { class: 'row im-start' }, startX.el, startY.el, reseedBtn),
        startErr, lsMsgEl,
        lsData,
        lsNumbers)));

  function lsSystem() {
    const a = [ls.a1, ls.a2];
    const x = new Float64Array(SCALES.flatMap((s) => [s * a[0], s * a[1]]));
    const y = new Float64Array(SCALES.map((s) => s * ls.b));
    return { a, x, y, n: SCALES.length, d: 2 };
  }

  function updateLs() {
    saveHash();
    const sys = lsSystem();
    const stochastic = ls.method === 'sgd';
    // L = the largest per-example curvature ‖xᵢ‖² (SGD's bound; GD's (1/n)Σ‖xᵢ‖² is smaller),
    // so α·L < 2 keeps both stable (the core's step_size).
    let step;
    try { step = wasm.least_squares_step(sys.x, sys.n, sys.d, ls.rel); } catch { step = { curvature: NaN, alpha: 0 }; }
    const { curvature: L, alpha } = step;
    reseedBtn.hidden = !stochastic;
    lsFormula.replaceChildren(
      h('div', {}, `f(w) = (1/2n) Σᵢ (xᵢ·w − yᵢ)²,  n = 3 examples, 2 weights`),
      h('div', {}, `the features are collinear: xᵢ = sᵢ·(a₁, a₂), yᵢ = sᵢ·b`),
      h('div', {}, stochastic ? 'SGD: w ← w − α·xᵢ(xᵢ·w − yᵢ), i random' : 'GD:  w ← w − α·(1/n)·Xᵀ(Xw − y)'),
      h('div', {}, `α = ${num(ls.rel, 3)}/L = ${num(alpha, 3)},  L = maxᵢ ‖xᵢ‖² = ${num(L, 4)}`));
    lsData.replaceChildren(
      h('caption', {}, 'Training data (each row is one equation xᵢ·w = yᵢ)'),
      h('thead', {}, h('tr', {}, h('th', {}, 'i'), h('th', {}, 'xᵢ₁'), h('th', {}, 'xᵢ₂'), h('th', {}, 'yᵢ'))),
      h('tbody', {}, SCALES.map((s, i) => h('tr', {}, h('th', {}, String(i + 1)), h('td', {}, num(sys.x[2 * i], 3)), h('td', {}, num(sys.x[2 * i + 1], 3)), h('td', {}, num(sys.y[i], 3))))));
    if (sys.a[0] === 0 && sys.a[1] === 0) {
      lsMsg.error('With a₁ = a₂ = 0 every example reads 0 = yᵢ: there is no line of solutions. Move a₁ or a₂ away from 0.');
      drawLs(null);
      lsNumbers.replaceChildren();
      return;
    }
    try {
      const run = (w0) => wasm.least_squares_path(sys.x, sys.y, sys.n, sys.d, new Float64Array(w0), alpha, ls.steps, stochastic, ls.seed);
      const pathZero = run([0, 0]);
      const pathStart = run(ls.start);
      const minNorm = Array.from(wasm.min_norm_solution(sys.x, sys.y, sys.n, sys.d));
      const nearest = Array.from(wasm.nearest_solution(sys.x, sys.y, sys.n, sys.d, new Float64Array(ls.start)));
      // Where each run ended (‖wᵀ‖, largest residual, blow-up verdict), from the core.
      const endZero = wasm.least_squares_end(sys.x, sys.y, sys.n, sys.d, pathZero);
      const endStart = wasm.least_squares_end(sys.x, sys.y, sys.n, sys.d, pathStart);
      const wz = endZero.last, ws = endStart.last;
      const blewUp = endZero.diverged || endStart.diverged;
      if (blewUp) lsMsg.error(`The step is too large: α·L = ${num(ls.rel, 3)} ≥ 2 makes the iterates blow up. Lower "step α·L" below 2.`);
      else if (step.overshoots) lsMsg.info('α·L > 1: each step overshoots the line and comes back (still converges while α·L < 2).');
      else lsMsg.clear();
      drawLs({ sys, pathZero, pathStart, minNorm, nearest });
      const row = (label, a, b, cls = '') => h('tr', { class: cls }, h('th', { scope: 'row' }, label), h('td', { class: 'im-c-zero' }, a), h('td', { class: 'im-c-start' }, b));
      lsNumbers.replaceChildren(
        h('caption', {}, `After T = ${ls.steps} steps of ${stochastic ? 'SGD' : 'gradient descent'}`),
        h('thead', {}, h('tr', {}, h('th', {}), h('th', { class: 'im-c-zero' }, 'from w⁰ = 0'), h('th', { class: 'im-c-start' }, `from w⁰ = ${vec(ls.start)}`))),
        h('tbody', {},
          row('w after T steps', vecFx(wz), vecFx(ws), 'im-wT'),
          row('‖w‖ after T steps', fx(endZero.norm), fx(endStart.norm), 'im-normT'),
          row('largest |xᵢ·w − yᵢ|', num(endZero.max_residual, 3), num(endStart.max_residual, 3)),
          row('limit (theory)', `X⁺y = ${vecFx(minNorm)}`, `w⁰ + X⁺(y − Xw⁰) = ${vecFx(nearest)}`, 'im-limit'),
          row('‖limit‖', fx(norm(minNorm)), fx(norm(nearest)), 'im-limit-norm')));
    } catch (e) {
      lsMsg.error(e.message);
      drawLs(null);
    }
  }

  function drawLs(r) {
    const { g } = logical(lsCanvas, MAP.w, MAP.h);
    const m = drawAxes(g, 'w₁', 'w₂');
    if (!r) return;
    clipToMap(g, m);
    const { sys, pathZero, pathStart, minNorm, nearest } = r;
    // The circle ‖w‖ = ‖X⁺y‖ just touches the line: no solution is shorter.
    g.strokeStyle = '#777'; g.lineWidth = 1.5; g.setLineDash([5, 5]);
    g.beginPath(); g.arc(m.X(0), m.Y(0), norm(minNorm) * m.s, 0, 2 * Math.PI); g.stroke();
    g.setLineDash([]);
    g.strokeStyle = COLORS.solutions; g.lineWidth = 4;
    drawLine(g, m, sys.a, ls.b);
    // Dotted perpendicular from the start to where it must land.
    g.strokeStyle = COLORS.start; g.lineWidth = 1.5; g.setLineDash([3, 4]);
    g.beginPath(); g.moveTo(m.X(ls.start[0]), m.Y(ls.start[1])); g.lineTo(m.X(nearest[0]), m.Y(nearest[1])); g.stroke();
    g.setLineDash([]);
    const drawPath = (p, color) => {
      g.strokeStyle = color; g.lineWidth = 2.5;
      g.beginPath();
      for (let i = 0; i < p.length; i += 2) {
        if (!Number.isFinite(p[i]) || !Number.isFinite(p[i + 1])) break;
        const x = Math.max(-1e4, Math.min(1e4, m.X(p[i]))), y = Math.max(-1e4, Math.min(1e4, m.Y(p[i + 1])));
        if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
      }
      g.stroke();
      g.fillStyle = color;
      for (let i = 0; i < p.length; i += 2) {
        if (!Number.isFinite(p[i]) || Math.abs(p[i]) > 1e4 || Math.abs(p[i + 1]) > 1e4) break;
        g.beginPath(); g.arc(m.X(p[i]), m.Y(p[i + 1]), 3, 0, 2 * Math.PI); g.fill();
      }
    };
    drawPath(pathZero, COLORS.zero);
    drawPath(pathStart, COLORS.start);
    dot(COLORS.start, 7, true)(g, m.X(nearest[0]), m.Y(nearest[1]));
    // Start markers
    square(COLORS.start, 6)(g, m.X(ls.start[0]), m.Y(ls.start[1]));
    square(COLORS.zero, 6)(g, m.X(0), m.Y(0));
    // X⁺y: a black diamond.
    g.fillStyle = COLORS.minNorm;
    g.save(); g.translate(m.X(minNorm[0]), m.Y(minNorm[1])); g.rotate(Math.PI / 4); g.fillRect(-6, -6, 12, 12); g.restore();
    g.restore();
  }

  /** Logical map coordinates of a pointer event. */
  const eventToWorld = (canvas, ev) => {
    const r = canvas.getBoundingClientRect();
    const px = ((ev.clientX - r.left) / r.width) * MAP.w, py = ((ev.clientY - r.top) / r.height) * MAP.h;
    const m = mapGeometry();
    const [x, y] = m.toWorld(px, py);
    return Math.abs(x) <= WORLD && Math.abs(y) <= WORLD ? [+x.toFixed(2), +y.toFixed(2)] : null;
  };
  listen(lsCanvas, 'click', (ev) => {
    const w = eventToWorld(lsCanvas, ev);
    if (!w) return;
    ls.start = w;
    startX.box.value = w[0]; startY.box.value = w[1];
    startErr.textContent = '';
    [startX.box, startY.box].forEach((b) => b.removeAttribute('aria-invalid'));
    updateLs();
  });

  // =====================================================================================
  // Part 2: logistic regression
  // =====================================================================================
  const lg = { points: LOGI_POINTS.map((p) => p.slice()), labels: LOGI_LABELS.slice(), cls: 1, ...structuredClone(LOGI_DEFAULT) };
  lg.iterations = fromHash('it', (v) => ITERATION_CHOICES.includes(v)) ?? lg.iterations;
  lg.step = fromHash('alpha', within(0.1, 4)) ?? lg.step;
  { const x = fromHash('wx', okStart), y = fromHash('wy', okStart); if (x !== undefined && y !== undefined) lg.start = [x, y]; }
  if (saved.has('pts')) {
    // "x,y,label;x,y,label;…" with labels ±1.
    const pts = saved.get('pts').split(';').map((t) => t.split(',').map(Number));
    if (pts.length >= 1 && pts.length <= MAX_POINTS && pts.every((q) => q.length === 3 && okStart(q[0]) && okStart(q[1]) && Math.abs(q[2]) === 1)) {
      lg.points = pts.map((q) => [q[0], q[1]]);
      lg.labels = pts.map((q) => q[2]);
    }
  }
  /** Writes both parts' settings to the address (only what differs from the defaults). */
  function saveHash() {
    const q = new URLSearchParams();
    for (const k of ['a1', 'a2', 'b', 'rel']) if (ls[k] !== LS_DEFAULT[k]) q.set(k, ls[k]);
    if (ls.steps !== LS_DEFAULT.steps) q.set('T', ls.steps);
    if (ls.method !== LS_DEFAULT.method) q.set('m', ls.method);
    if (ls.seed !== LS_DEFAULT.seed) q.set('seed', ls.seed);
    if (String(ls.start) !== String(LS_DEFAULT.start)) { q.set('sx', ls.start[0]); q.set('sy', ls.start[1]); }
    if (lg.iterations !== LOGI_DEFAULT.iterations) q.set('it', lg.iterations);
    if (lg.step !== LOGI_DEFAULT.step) q.set('alpha', lg.step);
    if (String(lg.start) !== String(LOGI_DEFAULT.start)) { q.set('wx', lg.start[0]); q.set('wy', lg.start[1]); }
    const pts = lg.points.map((p, i) => `${p[0]},${p[1]},${lg.labels[i]}`).join(';');
    if (pts !== LOGI_POINTS.map((p, i) => `${p[0]},${p[1]},${LOGI_LABELS[i]}`).join(';')) q.set('pts', pts);
    ctx.hash.set(q);
  }
  const lgCanvas = makeCanvas(MAP.w * HIDPI, MAP.h * HIDPI, { cls: 'im-map im-lg-map', label: 'Data points of class +1 (orange circles) and −1 (purple squares), the max-margin line (black dashed) and gradient descent\'s decision boundary over time (blue). Click to add a point.' });
  const plotCanvas = makeCanvas(PLOT.w * HIDPI, PLOT.h * HIDPI, { cls: 'im-plot', label: 'Angle between w/‖w‖ and the max-margin direction against the iteration t on a log scale' });
  const lgMsgEl = h('div'); const lgMsg = message(lgMsgEl);
  const lgAdded = h('div', { class: 'note im-added', 'aria-live': 'polite' });
  const lgNumbers = h('table', { class: 'im-numbers im-lg-numbers' });
  const clsSel = select({
    label: 'A click adds',
    options: [{ value: '1', label: 'class +1 (orange ●)' }, { value: '-1', label: 'class −1 (purple ■)' }],
    value: '1',
    onChange: (v) => { lg.cls = Number(v); },
  });
  const itersSel = select({
    label: 'Iterations',
    options: ITERATION_CHOICES.map((t) => ({ value: String(t), label: `${t.toLocaleString('en-US')}` })),
    value: String(lg.iterations),
    onChange: (v) => { lg.iterations = Number(v); updateLg(); },
  });
  // A million iterations take a few hundred ms: redraw at most once per frame while dragging.
  let lgFrame = 0;
  const scheduleLg = () => { if (!lgFrame) lgFrame = requestAnimationFrame(() => { lgFrame = 0; updateLg(); }); };
  cleanup.push(() => cancelAnimationFrame(lgFrame));
  const stepSlider = slider({ label: 'step α', min: 0.1, max: 4, step: 0.1, value: lg.step, onInput: (v) => { lg.step = v; scheduleLg(); } });
  const lgStartErr = h('div', { class: 'im-field-error', role: 'alert' });
  const onLgStartTyped = () => {
    const v = [lgX.box, lgY.box].map((b) => (b.value === '' ? NaN : Number(b.value)));
    const bad = v.map((x) => !(Number.isFinite(x) && Math.abs(x) <= START_LIMIT));
    [lgX.box, lgY.box].forEach((b, i) => (bad[i] ? b.setAttribute('aria-invalid', 'true') : b.removeAttribute('aria-invalid')));
    if (bad[0] || bad[1]) { lgStartErr.textContent = `The start needs two numbers between −${START_LIMIT} and ${START_LIMIT}.`; return; }
    lgStartErr.textContent = '';
    lg.start = v; updateLg();
  };
  const newX = numberBox('new point x₁', 'new-x', 1, () => {});
  const newY = numberBox('x₂', 'new-y', 0, () => {});
  const addBtn = button('Add point', null, { title: 'Add a point of the chosen class at (x₁, x₂) — the same as clicking there', cls: 'im-add' });
  const lgX = numberBox('start w₁⁰', 'lg-x', lg.start[0], onLgStartTyped);
  const lgY = numberBox('start w₂⁰', 'lg-y', lg.start[1], onLgStartTyped);
  const undoBtn = button('Remove last point', () => {
    if (lg.points.length > 1) { lg.points.pop(); lg.labels.pop(); lgAdded.textContent = `Removed the last point (${lg.points.length} left).`; updateLg(); }
  }, { cls: 'im-undo' });
  const resetBtn = button('Reset points', () => { lg.points = LOGI_POINTS.map((p) => p.slice()); lg.labels = LOGI_LABELS.slice(); lgAdded.textContent = ''; updateLg(); }, { cls: 'im-reset' });

  const lgPanel = h('div', { class: 'panel im-panel' },
    h('h3', {}, '2 · Logistic regression on linearly separable data'),
    h('div', { class: 'im-layout' },
      h('figure', { class: 'figure' }, lgCanvas,
        legend([
          { label: 'class +1', kind: 'dot', color: COLORS.pos },
          { label: 'class −1', kind: 'square', color: COLORS.neg },
          { label: 'max-margin line (SVM) and its margin', kind: 'dash', color: COLORS.minNorm },
          { label: 'GD boundary at the last t (arrow: w, from your start)', kind: 'line', color: COLORS.start },
          { label: 'GD boundary at t = 1, 10, 100, …', kind: 'thin', color: COLORS.history },
        ], 'im-lg-legend'),
        h('figcaption', {}, 'Click to add a point of the chosen class. Lines go through the origin (no intercept): the boundary w·x = 0 of gradient descent at t = 1, 10, 100, … turns towards the max-margin line.')),
      h('div', { class: 'controls im-side' },
        h('div', { class: 'formula im-formula' },
          h('div', {}, 'L(w) = (1/n) Σᵢ log(1 + exp(−yᵢ w·xᵢ)),  yᵢ = ±1'),
          h('div', {}, 'GD: w ← w − α·∇L(w)'),
          h('div', {}, 'max margin: u* = argmax over ‖u‖ = 1 of minᵢ yᵢ u·xᵢ')),
        h('div', { class: 'im-two' },
          h('div', { class: 'controls' }, clsSel.el, h('div', { class: 'row im-buttons' }, undoBtn, resetBtn)),
          h('div', { class: 'controls' }, itersSel.el, stepSlider.el)),
        h('div', { class: 'row im-start' }, lgX.el, lgY.el),
        h('div', { class: 'row im-start' }, newX.el, newY.el, addBtn),
        lgStartErr, lgMsgEl, lgAdded,
        h('figure', { class: 'figure' }, plotCanvas,
          h('figcaption', {}, 'The direction converges, slowly: the angle falls roughly like 1/log t.')),
        lgNumbers)));

  root.append(
    h('h2', {}, 'Implicit regularization'),
    h('p', { class: 'lede' }, 'When many weights fit the training data exactly, the optimiser picks one. Gradient descent picks the shortest (least squares) or the widest-margin one (logistic regression) — an L2-like regularization nobody asked for.'),
    lsPanel, lgPanel);

  const wAt = (res, i) => [res.weights[2 * i], res.weights[2 * i + 1]];
  const wAtT = (res, t) => wAt(res, Math.max(0, res.iterations.indexOf(t)));

  function updateLg() {
    saveHash();
    undoBtn.disabled = lg.points.length <= 1;
    const pts = new Float64Array(lg.points.flat());
    const labels = new Float64Array(lg.labels);
    let svm = null;
    let svmError = '';
    try { svm = wasm.max_margin_direction(pts, labels); } catch (e) { svmError = e.message; }
    let runs;
    try {
      runs = {
        zero: wasm.logistic_path(pts, labels, new Float64Array([0, 0]), lg.step, lg.iterations),
        start: wasm.logistic_path(pts, labels, new Float64Array(lg.start), lg.step, lg.iterations),
      };
    } catch (e) {
      lgMsg.error(e.message);
      drawLg(null, svm);
      return;
    }
    if (svmError) lgMsg.error(svmError);
    else lgMsg.clear();
    const angles = {};
    if (svm) {
      for (const k of ['zero', 'start']) {
        const r = runs[k];
        angles[k] = r.iterations.map((_, i) => wasm.angle_degrees(new Float64Array(wAt(r, i)), new Float64Array(svm.direction)));
      }
    }
    drawLg(runs, svm);
    drawPlot(runs, angles);
    const fin = (r) => wAt(r, r.iterations.length - 1);
    const wz = fin(runs.zero), ws = fin(runs.start);
    const u = (w) => [w[0] / norm(w), w[1] / norm(w)];
    const lastAngle = (k) => (svm ? `${num(angles[k][angles[k].length - 1], 3)}°` : '—');
    const row = (label, a, b, cls = '') => h('tr', { class: cls }, h('th', { scope: 'row' }, label), h('td', { class: 'im-c-zero' }, a), h('td', { class: 'im-c-start' }, b));
    lgNumbers.replaceChildren(
      h('caption', {}, `After t = ${lg.iterations.toLocaleString('en-US')} iterations`),
      h('thead', {}, h('tr', {}, h('th', {}), h('th', { class: 'im-c-zero' }, 'from w⁰ = 0'), h('th', { class: 'im-c-start' }, `from w⁰ = ${vec(lg.start)}`))),
      h('tbody', {},
        row(`‖w‖ at t = ${(lg.iterations / 10).toLocaleString('en-US')}`, fx(norm(wAtT(runs.zero, lg.iterations / 10))), fx(norm(wAtT(runs.start, lg.iterations / 10))), 'im-lg-norm-before'),
        row(`‖w‖ at t = ${lg.iterations.toLocaleString('en-US')}`, fx(norm(wz)), fx(norm(ws)), 'im-lg-norm'),
        row('w/‖w‖', vec(u(wz)), vec(u(ws))),
        row('angle to u*', lastAngle('zero'), lastAngle('start'), 'im-lg-angle')),
      h('tfoot', {}, h('tr', { class: 'im-svm' },
        h('th', { scope: 'row' }, 'max margin'),
        h('td', { colspan: 2 }, svm ? `u* = ${vec(svm.direction)},  margin γ = ${num(svm.margin, 3)}` : 'none: not separable by a line through 0'))));
  }

  function drawLg(runs, svm) {
    const { g } = logical(lgCanvas, MAP.w, MAP.h);
    const m = drawAxes(g, 'x₁', 'x₂');
    clipToMap(g, m);
    if (svm) {
      // The margin band: |u*·x| < γ holds no point.
      const u = svm.direction, gm = svm.margin, L = 4 * WORLD, d = [-u[1], u[0]];
      g.fillStyle = 'rgba(0,0,0,0.07)';
      g.beginPath();
      const corner = (s, t) => [m.X(s * gm * u[0] + t * L * d[0]), m.Y(s * gm * u[1] + t * L * d[1])];
      g.moveTo(...corner(1, -1)); g.lineTo(...corner(1, 1)); g.lineTo(...corner(-1, 1)); g.lineTo(...corner(-1, -1)); g.closePath(); g.fill();
      g.strokeStyle = COLORS.minNorm; g.lineWidth = 3; g.setLineDash([10, 7]);
      drawLine(g, m, u, 0);
      g.setLineDash([]);
    }
    if (runs) {
      const r = runs.start;
      g.font = `${FONT}px system-ui, sans-serif`;
      for (const t of HISTORY_T) {
        const i = r.iterations.indexOf(t);
        if (i < 0 || t === r.iterations[r.iterations.length - 1]) continue;
        const w = wAt(r, i);
        if (!(norm(w) > 0)) continue;
        g.strokeStyle = COLORS.history; g.lineWidth = 1.5;
        drawLine(g, m, w, 0);
        // Label at the edge where the line leaves the square (direction ⟂ w, on the upper side).
        const d = [-w[1] / norm(w), w[0] / norm(w)];
        const sgn = d[1] >= 0 ? 1 : -1;
        const k = (WORLD * 0.9) / Math.max(Math.abs(d[0]), Math.abs(d[1]));
        g.fillStyle = '#5b6475'; g.textAlign = 'center'; g.textBaseline = 'middle';
        g.fillText(`t=${pow10(Math.round(Math.log10(t)))}`, m.X(sgn * k * d[0]), m.Y(sgn * k * d[1]));
      }
      const wl = wAt(r, r.iterations.length - 1);
      if (norm(wl) > 0) {
        g.strokeStyle = COLORS.start; g.lineWidth = 3;
        drawLine(g, m, wl, 0);
        // Arrow along w (scaled to unit length): the side GD calls class +1.
        const u = [wl[0] / norm(wl), wl[1] / norm(wl)];
        g.lineWidth = 2.5; g.beginPath(); g.moveTo(m.X(0), m.Y(0)); g.lineTo(m.X(1.5 * u[0]), m.Y(1.5 * u[1])); g.stroke();
      }
    }
    lg.points.forEach((p, i) => {
      const x = m.X(p[0]), y = m.Y(p[1]);
      if (lg.labels[i] > 0) dot(COLORS.pos, 7)(g, x, y); else square(COLORS.neg, 6)(g, x, y);
      g.strokeStyle = '#fff'; g.lineWidth = 1.5;
      if (lg.labels[i] > 0) { g.beginPath(); g.arc(x, y, 7, 0, 2 * Math.PI); g.stroke(); } else g.strokeRect(x - 6, y - 6, 12, 12);
    });
    g.restore();
  }

  function drawPlot(runs, angles) {
    const { g, view } = logical(plotCanvas, PLOT.w, PLOT.h);
    const series = [];
    for (const [k, name, color] of [['zero', 'from w⁰ = 0', COLORS.zero], ['start', `from w⁰ = ${vec(lg.start)}`, COLORS.start]]) {
      if (!angles[k]) continue;
      const xs = [], ys = [];
      runs[k].iterations.forEach((t, i) => { if (t >= 1) { xs.push(Math.log10(t)); ys.push(angles[k][i]); } });
      series.push({ name, color, xs, ys });
    }
    if (!series.length) {
      g.fillStyle = '#fff'; g.fillRect(0, 0, PLOT.w, PLOT.h);
      g.fillStyle = '#5b6475'; g.font = '16px system-ui, sans-serif'; g.textAlign = 'center'; g.textBaseline = 'middle';
      g.fillText('No max-margin direction: the classes are not separable through 0.', PLOT.w / 2, PLOT.h / 2);
      return;
    }
    const decades = Math.log10(lg.iterations);
    const { px } = linePlot(view, series, { xLabel: 'iteration t (log scale)', yLabel: 'angle to u* (degrees)', xMin: 0, xMax: decades, yMin: 0 });
    // linePlot labels x ticks 0, 1, 2…: those are log₁₀ t, so write them as 1, 10, 100, 10³…
    const font = Math.max(12, Math.round(Math.min(PLOT.w, PLOT.h) / 22));
    const top = PLOT.h - font * 3.2 + 2;
    g.fillStyle = '#fff'; g.fillRect(0, top, PLOT.w, font + 6);
    g.fillStyle = '#333'; g.font = `${font}px system-ui, sans-serif`; g.textAlign = 'center'; g.textBaseline = 'top';
    for (let k = 0; k <= decades; k++) g.fillText(pow10(k), px(k), top + 2);
  }

  function addPoint(w) {
    if (lg.points.length >= MAX_POINTS) { lgMsg.error(`At most ${MAX_POINTS} points: remove some first.`); return; }
    lg.points.push(w); lg.labels.push(lg.cls);
    lgAdded.textContent = `Added a class ${lg.cls > 0 ? '+1' : '−1'} point at ${vecFx(w)} (${lg.points.length} points).`;
    updateLg();
  }
  listen(lgCanvas, 'click', (ev) => { const w = eventToWorld(lgCanvas, ev); if (w) addPoint(w); });
  listen(addBtn, 'click', () => {
    const v = [newX.box, newY.box].map((b) => (b.value === '' ? NaN : Number(b.value)));
    const bad = v.map((x) => !(Number.isFinite(x) && Math.abs(x) <= START_LIMIT));
    [newX.box, newY.box].forEach((b, i) => (bad[i] ? b.setAttribute('aria-invalid', 'true') : b.removeAttribute('aria-invalid')));
    if (bad[0] || bad[1]) { lgStartErr.textContent = `A new point needs two numbers between −${START_LIMIT} and ${START_LIMIT}.`; return; }
    lgStartErr.textContent = '';
    addPoint(v);
  });

  updateLs();
  updateLg();

  return function unmount() {
    cleanup.forEach((f) => f());
    link.remove();
  };
}
