// Station "Momentum": gradient descent and the heavy-ball method race on the same function.
//
//   gradient descent  w^{t+1} = w^t − α∇f(w^t)
//   heavy ball        w^{t+1} = w^t − α∇f(w^t) + β(w^t − w^{t−1}),   w^{−1} = w^0
//
// Every path, the contour grid, the divergence diagnosis and the optimal (α, β) come from the
// Rust core (heavy_ball_path, objective_grid, diagnose_path, optimal_parameters); this module
// draws them, animates t and keeps the controls, the printed formula and the URL in step.

import { h, button, select, message } from '../lib/dom.js';
import { makeCanvas } from '../lib/canvas.js';
import { linePlot } from '../lib/plot.js';
import { contourSegments } from '../lib/contour.js';

// ---- figure geometry (canvas backing pixels; CSS scales them to the column width) ----
const MAP_W = 1200, MAP_H = 600; // 2:1, world boxes below have the same aspect
const GRID_NX = 300, GRID_NY = 150; // f samples for the shading and the contour lines
// The plot is laid out in PLOT_W × PLOT_H logical px (so linePlot's 12 px labels come out
// about 15 CSS px at the column's width) on a backing store PLOT_SCALE× finer, for a sharp projector image.
const PLOT_W = 560, PLOT_H = 236, PLOT_SCALE = 2;
const VIEWS = {
  quadratic: { xmin: -3, xmax: 3, ymin: -1.5, ymax: 1.5 },
  rosenbrock: { xmin: -2.2, xmax: 2.2, ymin: -0.3, ymax: 1.9 },
};
const CONTOUR_RATIO = 0.5; // each contour line is half the height of the next one out
const CONTOUR_LEVELS = 18;
const RUN_SECONDS = 6; // a full run plays in about this long…
const MIN_STEPS_PER_SECOND = 15; // …but never slower than this
const HASH_DELAY_MS = 250;
const COLORS = { gd: '#c4374b', hb: '#2458c6' }; // = --gd, --hb in style.css
const NAMES = { gd: 'Gradient descent', hb: 'Heavy ball' };

// Curvatures: the quadratic has λ₂ = 1 (steep, y before rotation) and λ₁ = 1/κ (shallow), so
// αλ_max = α and the α sliders read directly against the rule αλ_max < 2 + 2β.
const DEFAULTS = {
  quadratic: { alphaGd: 0.5, alphaHb: 0.5, beta: 0.9, sigma: 0, steps: 150, start: [-2.6, 1.2] },
  rosenbrock: { alphaGd: 0.0015, alphaHb: 0.0015, beta: 0.9, sigma: 0, steps: 300, start: [-1.2, 1] },
};
// What typed values (and the URL) may hold: wide enough to show divergence and uphill steps,
// small enough that every number stays printable.
const LIMITS = {
  kappa: [1, 1e6], angle: [-360, 360], b: [1, 1e4], alpha: [-1000, 1000], beta: [-10, 10],
  sigma: [0, 1000], steps: [1, 2000], start: [-1000, 1000],
};
const within = ([lo, hi]) => (v) => v >= lo && v <= hi;
const NOISE_MAX = { quadratic: 1, rosenbrock: 50 }; // σ slider ends (Rosenbrock's gradients are ~100× larger)

const SUP = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻', '+': '⁺', t: 'ᵗ' };
const sup = (s) => String(s).split('').map((c) => SUP[c] ?? c).join('');

/** A number with `digits` significant digits, no trailing zeros, a real minus sign. */
export function num(v, digits = 4) {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  let s;
  if (a >= 1e6 || a < 1e-4) {
    const [m, e] = v.toExponential(digits - 1).split('e');
    s = `${+m}·10${sup(+e)}`;
  } else s = String(+v.toPrecision(digits));
  return s.replace(/-/g, '−');
}
/** Table cells: 3 significant digits, e-notation when tiny or huge (fits a narrow column). */
function short(v) {
  if (!Number.isFinite(v)) return num(v);
  const a = Math.abs(v);
  const s = a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(1) : String(+v.toPrecision(3));
  return s.replace(/-/g, '−');
}

/** Clips the segment p→q to the rectangle; returns [x0, y0, x1, y1] or null (Liang–Barsky). */
function clipSegment(x0, y0, x1, y1, r) {
  let t0 = 0, t1 = 1;
  const dx = x1 - x0, dy = y1 - y0;
  for (const [p, q] of [[-dx, x0 - r.xmin], [dx, r.xmax - x0], [-dy, y0 - r.ymin], [dy, r.ymax - y0]]) {
    if (p === 0) { if (q < 0) return null; continue; }
    const t = q / p;
    if (p < 0) { if (t > t1) return null; if (t > t0) t0 = t; } else { if (t < t0) return null; if (t < t1) t1 = t; }
  }
  return [x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy];
}

/** Pale shading for log f: cream near the minimum → grey-beige high up, so paths stand out. */
function shade(u) {
  const lo = [255, 253, 246], hi = [196, 190, 176];
  const s = Math.max(0, Math.min(1, u));
  return lo.map((c, k) => Math.round(c + (hi[k] - c) * s));
}

/**
 * A labelled slider with a typed-number box beside it. The value lives in the caller's state;
 * `set(v)` shows an exact value (a slider would round it to its step).
 */
function numberControl({ label, min, max, step, log = false, digits = 4, value, unit = '', onChange, key, group = '', limits, integer = false }) {
  // What a typed value may be (the slider's ends are only its usual range).
  const [lo, hi] = limits ?? [log ? min : -Infinity, Infinity];
  const id = `mm-${key}`;
  const toPos = (v) => (log ? Math.log10(v) : v);
  const fromPos = (p) => (log ? 10 ** p : p);
  const range = h('input', { type: 'range', id, min: toPos(min), max: toPos(max), step: log ? 0.01 : step, value: toPos(value), 'aria-label': `${label}${group}` });
  const box = h('input', { type: 'number', class: 'mm-num', step: 'any', value: +(+value).toPrecision(digits), 'aria-label': `${label}${group} (type a value)`, 'data-key': key });
  const err = h('div', { class: 'mm-field-error', role: 'alert' });
  const show = (v) => {
    const p = toPos(v);
    if (Number.isFinite(p)) range.value = Math.max(+range.min, Math.min(+range.max, p));
    box.value = +(+v).toPrecision(digits);
    box.removeAttribute('aria-invalid'); err.textContent = '';
  };
  range.addEventListener('input', () => {
    const v = +(+fromPos(+range.value)).toPrecision(log ? 3 : 6);
    box.value = +v.toPrecision(digits);
    box.removeAttribute('aria-invalid'); err.textContent = '';
    onChange(v);
  });
  box.addEventListener('input', () => {
    // A type=number box reports '' for anything that is not an ordinary number ("1e", "--",
    // "1e400"); browsers keep letters out of it altogether.
    const v = box.value === '' ? NaN : Number(box.value);
    const why = box.value === '' ? 'needs an ordinary number, e.g. 0.5'
      : !Number.isFinite(v) ? `is too large: type a number up to ${num(hi)}`
        : integer && !Number.isInteger(v) ? 'must be a whole number'
          : v < lo ? `must be at least ${num(lo)}`
            : v > hi ? `must be at most ${num(hi)}` : '';
    if (why) { box.setAttribute('aria-invalid', 'true'); err.textContent = `${label} ${why}.`; return; }
    box.removeAttribute('aria-invalid'); err.textContent = '';
    const p = toPos(v);
    range.value = Math.max(+range.min, Math.min(+range.max, p));
    onChange(v);
  });
  box.addEventListener('blur', () => { if (!box.hasAttribute('aria-invalid')) box.value = +(+box.value).toPrecision(digits); });
  const el = h('div', { class: 'control mm-control' },
    h('label', { for: id }, label), range, h('span', { class: 'mm-boxwrap' }, box, unit ? h('span', { class: 'mm-unit' }, unit) : null), err);
  return {
    el, range, box, show,
    setRange(lo, hi, st) { range.min = toPos(lo); range.max = toPos(hi); if (!log) range.step = st; },
  };
}

export function mount(root, ctx) {
  const { wasm } = ctx;
  const cleanup = [];
  const listen = (target, type, fn, opts) => { target.addEventListener(type, fn, opts); cleanup.push(() => target.removeEventListener(type, fn, opts)); };
  const link = h('link', { rel: 'stylesheet', href: new URL('./momentum.css', import.meta.url).href });
  document.head.append(link);

  // ---- state, restored from the URL hash where it holds sensible numbers ----
  const state = {
    kind: 'quadratic', kappa: 100, angleDeg: 0, b: 100, seed: 1, zoom: 1,
    per: structuredClone(DEFAULTS), t: 0, playing: false,
  };
  const saved = ctx.hash.get();
  const read = (key, ok = () => true) => {
    if (!saved.has(key)) return undefined;
    const v = Number(saved.get(key));
    return Number.isFinite(v) && ok(v) ? v : undefined;
  };
  if (saved.get('f') === 'rosenbrock') state.kind = 'rosenbrock';
  state.kappa = read('kappa', within(LIMITS.kappa)) ?? state.kappa;
  state.angleDeg = read('angle', within(LIMITS.angle)) ?? state.angleDeg;
  state.b = read('b', within(LIMITS.b)) ?? state.b;
  state.seed = read('seed', (v) => v >= 0 && Number.isInteger(v)) ?? state.seed;
  state.zoom = read('zoom', (v) => [1, 2, 4].includes(v)) ?? state.zoom;
  {
    const c = state.per[state.kind];
    c.alphaGd = read('agd', within(LIMITS.alpha)) ?? c.alphaGd;
    c.alphaHb = read('ahb', within(LIMITS.alpha)) ?? c.alphaHb;
    c.beta = read('beta', within(LIMITS.beta)) ?? c.beta;
    c.sigma = read('sigma', within(LIMITS.sigma)) ?? c.sigma;
    c.steps = read('steps', (v) => Number.isInteger(v) && within(LIMITS.steps)(v)) ?? c.steps;
    const x = read('x', within(LIMITS.start)), y = read('y', within(LIMITS.start));
    if (x !== undefined && y !== undefined) c.start = [x, y];
  }
  const cur = () => state.per[state.kind];
  state.t = cur().steps; // open on the whole race; Play replays it from t = 0

  // ---- DOM ----
  const mapCanvas = makeCanvas(MAP_W, MAP_H, { label: 'Contour map of f with the gradient-descent path in red and the heavy-ball path in blue. Click to move the start; space plays or pauses; arrow keys step.', cls: 'mm-map' });
  mapCanvas.tabIndex = 0;
  const plotCanvas = makeCanvas(PLOT_W * PLOT_SCALE, PLOT_H * PLOT_SCALE, { label: 'f(w^t) minus f* against t on a log scale, measured and theoretical', cls: 'mm-plot' });
  const keyGd = h('span', { class: 'mm-key mm-key-gd' });
  const keyHb = h('span', { class: 'mm-key mm-key-hb' });
  const legend = h('div', { class: 'mm-legend', 'aria-label': 'Legend' }, keyGd, keyHb);
  const playBtn = button('▶ Play', () => togglePlay(), { title: 'Play or pause the animation (space)', cls: 'primary mm-play' });
  const stepBackBtn = button('◂ Step', () => stepBy(-1), { title: 'One step back (←)', cls: 'mm-back' });
  const stepBtn = button('Step ▸', () => stepBy(1), { title: 'One step forward (→)', cls: 'mm-step' });
  const resetBtn = button('Reset', () => { pause(); state.t = 0; render(); }, { title: 'Back to t = 0 (Home)', cls: 'mm-reset' });
  const scrub = h('input', { type: 'range', min: 0, max: cur().steps, step: 1, value: state.t, 'aria-label': 'Time step t', class: 'mm-scrub' });
  const tOut = h('output', { class: 'mm-t', 'aria-live': 'off' });
  const msgEl = h('div');
  const msg = message(msgEl);
  const msgBox = h('div', { class: 'mm-msgbox' }, msgEl);
  const formulaEl = h('div', { class: 'mm-formula' });
  const nowEl = h('div', { class: 'mm-now', 'aria-live': 'off' });
  const theoryEl = h('div', { class: 'mm-theory' });
  const plotCaption = h('p', { class: 'caption mm-plot-caption' });

  const kindSel = select({
    label: 'Shape',
    options: [{ value: 'quadratic', label: 'Quadratic bowl' }, { value: 'rosenbrock', label: 'Rosenbrock banana' }],
    value: state.kind,
    onChange: (v) => { state.kind = v; pause(); state.t = cur().steps; syncControls(); update(); },
  });
  const kappaCtl = numberControl({ key: 'kappa', label: 'condition number κ', min: 1, max: 1000, log: true, digits: 4, limits: LIMITS.kappa, value: state.kappa, onChange: (v) => { state.kappa = v; update(); } });
  const angleCtl = numberControl({ key: 'angle', label: 'rotation θ', min: 0, max: 180, step: 1, digits: 4, unit: '°', limits: LIMITS.angle, value: state.angleDeg, onChange: (v) => { state.angleDeg = v; update(); } });
  const bCtl = numberControl({ key: 'b', label: 'b (valley steepness)', min: 1, max: 100, log: true, digits: 3, limits: LIMITS.b, value: state.b, onChange: (v) => { state.b = v; update(); } });
  const alphaGdCtl = numberControl({ key: 'alpha-gd', label: 'α step size', group: ' (gradient descent)', min: 0, max: 2.5, step: 0.001, limits: LIMITS.alpha, value: cur().alphaGd, onChange: (v) => { cur().alphaGd = v; update(); } });
  const alphaHbCtl = numberControl({ key: 'alpha-hb', label: 'α step size', group: ' (heavy ball)', min: 0, max: 4.5, step: 0.001, limits: LIMITS.alpha, value: cur().alphaHb, onChange: (v) => { cur().alphaHb = v; update(); } });
  const betaCtl = numberControl({ key: 'beta', label: 'β momentum', min: 0, max: 1.1, step: 0.001, limits: LIMITS.beta, value: cur().beta, onChange: (v) => { cur().beta = v; update(); } });
  const sigmaCtl = numberControl({ key: 'sigma', label: 'noise σ', min: 0, max: 1, step: 0.01, digits: 3, limits: LIMITS.sigma, value: cur().sigma, onChange: (v) => { cur().sigma = v; update(); } });
  const stepsCtl = numberControl({ key: 'steps', label: 'steps', min: 10, max: 500, step: 1, digits: 6, limits: LIMITS.steps, integer: true, value: cur().steps, onChange: (v) => { cur().steps = v; state.t = Math.min(state.t, v); if (!state.playing) state.t = v; update(); } });
  const startX = h('input', { type: 'number', step: 'any', class: 'mm-num', 'aria-label': 'start x', 'data-key': 'x' });
  const startY = h('input', { type: 'number', step: 'any', class: 'mm-num', 'aria-label': 'start y', 'data-key': 'y' });
  const startErr = h('div', { class: 'mm-field-error', role: 'alert' });
  const onStartTyped = () => {
    const [lo, hi] = LIMITS.start;
    const whyNot = (box, name) => {
      const v = Number(box.value);
      if (box.value === '') return `start ${name} needs a number`;
      if (!Number.isFinite(v) || v < lo || v > hi) return `start ${name} must be between ${num(lo)} and ${num(hi)}`;
      return '';
    };
    const why = [whyNot(startX, 'x'), whyNot(startY, 'y')];
    [startX, startY].forEach((box, i) => { if (why[i]) box.setAttribute('aria-invalid', 'true'); else box.removeAttribute('aria-invalid'); });
    const text = why.filter(Boolean).join('; ');
    startErr.textContent = text ? `${text[0].toUpperCase()}${text.slice(1)} (or click on the map).` : '';
    if (!text) { cur().start = [Number(startX.value), Number(startY.value)]; update(); }
  };
  const clearStartError = () => { startErr.textContent = ''; startX.removeAttribute('aria-invalid'); startY.removeAttribute('aria-invalid'); };
  listen(startX, 'input', onStartTyped);
  listen(startY, 'input', onStartTyped);
  const optimalBtn = button('Use optimal α, β', () => useOptimal(), { title: 'GD: α* = 2/(λ_min+λ_max). Heavy ball: α* = (2/(√λ_min+√λ_max))², β* = ((√κ−1)/(√κ+1))²', cls: 'primary mm-optimal' });
  const lectureBtn = button('Lecture: β = 0.9', () => { cur().beta = 0.9; syncControls(); update(); }, { title: 'The slide\'s usual momentum', cls: 'mm-lecture' });
  const noiseBtn = button('New noise', () => { state.seed += 1; update(); }, { title: 'Draw a different noise sequence (same σ)', cls: 'mm-reseed' });
  const optimalNote = h('p', { class: 'mm-optimal-note' });

  const zoomSel = select({
    label: 'Map shows',
    options: [{ value: '1', label: 'normal view' }, { value: '2', label: 'zoomed out 2×' }, { value: '4', label: 'zoomed out 4×' }],
    value: String(state.zoom),
    onChange: (v) => { state.zoom = Number(v); update(); },
  });
  const quadGroup = h('div', { class: 'mm-group-quadratic' }, kappaCtl.el, angleCtl.el);
  const rosenGroup = h('div', { class: 'mm-group-rosenbrock' }, bCtl.el);
  const controls = h('div', { class: 'panel mm-controls' },
    h('div', { class: 'mm-optimal-bar' }, optimalBtn, optimalNote),
    h('div', { class: 'mm-groups' },
      h('fieldset', { class: 'mm-fs mm-fs-gd' }, h('legend', {}, h('span', { class: 'mm-dot gd' }), 'Gradient descent'), alphaGdCtl.el,
        h('p', { class: 'note' }, 'β = 0: it forgets its last step.')),
      h('fieldset', { class: 'mm-fs mm-fs-hb' }, h('legend', {}, h('span', { class: 'mm-dot hb' }), 'Heavy ball'), alphaHbCtl.el, betaCtl.el, lectureBtn),
      h('fieldset', { class: 'mm-fs' }, h('legend', {}, 'Function f'), kindSel.el, quadGroup, rosenGroup, zoomSel.el),
      h('fieldset', { class: 'mm-fs' }, h('legend', {}, 'Run'),
        sigmaCtl.el, stepsCtl.el,
        h('div', { class: 'mm-start' }, h('span', { class: 'mm-start-label' }, 'start w⁰'), h('span', { class: 'mm-boxwrap' }, '(', startX, ',', startY, ')'), startErr), noiseBtn)));

  root.classList.add('mm');
  root.append(
    h('header', { class: 'mm-head' },
      h('h2', {}, 'Setting the step size: gradient descent vs the heavy-ball method'),
      h('p', { class: 'lede' }, 'Same start, same function; heavy ball adds ',
        h('span', { class: 'mm-inline-formula' }, 'β(wᵗ − wᵗ⁻¹)'), ' and keeps going in its old direction.')),
    h('div', { class: 'mm-top' },
      h('div', { class: 'mm-left' },
        h('div', { class: 'panel mm-map-panel' }, legend,
          h('figure', { class: 'figure' }, mapCanvas),
          h('div', { class: 'row mm-transport' }, resetBtn, stepBackBtn, playBtn, stepBtn, scrub, tOut),
          msgBox,
          h('p', { class: 'caption' }, '★ minimum w*, ○ start w⁰: click or drag on the map to move it. Each contour line is half as high as the next one out; darker is higher. Keys: space play/pause, ← → step, Home reset.')),
        h('div', { class: 'panel mm-plot-panel' }, h('h3', {}, 'Distance from the bottom: f(wᵗ) − f*, log scale'), h('figure', { class: 'figure' }, plotCanvas), theoryEl, plotCaption)),
      h('div', { class: 'mm-right' },
        controls,
        h('div', { class: 'panel' }, h('h3', {}, 'The update, with the current numbers'), formulaEl, nowEl))));

  // ---- computation ----
  let grid = null; // { key, view, data, image (canvas), segments: [Float64Array] }
  let runs = null; // { info, gd, hb, problem }

  const problemSpec = (withNoise = true) => {
    const p = state.kind === 'quadratic'
      ? { kind: 'quadratic', lambda1: 1 / state.kappa, lambda2: 1, angle: (state.angleDeg * Math.PI) / 180 }
      : { kind: 'rosenbrock', a: 1, b: state.b };
    if (withNoise && cur().sigma > 0) { p.noise = cur().sigma; p.seed = state.seed; }
    return p;
  };

  function computeGrid() {
    const vw = view();
    const key = `${state.kind}|${state.kappa}|${state.angleDeg}|${state.b}|${state.zoom}`;
    if (grid && grid.key === key) return;
    const data = wasm.objective_grid(problemSpec(false), vw.xmin, vw.xmax, vw.ymin, vw.ymax, GRID_NX, GRID_NY);
    let top = 0;
    for (const v of data) if (v > top) top = v;
    const hiLog = Math.log10(top), loLog = hiLog - 5;
    const image = document.createElement('canvas');
    image.width = GRID_NX; image.height = GRID_NY;
    const px = new ImageData(GRID_NX, GRID_NY);
    for (let i = 0; i < data.length; i++) {
      const c = shade((Math.log10(Math.max(data[i], 1e-300)) - loLog) / (hiLog - loLog));
      px.data[4 * i] = c[0]; px.data[4 * i + 1] = c[1]; px.data[4 * i + 2] = c[2]; px.data[4 * i + 3] = 255;
    }
    image.getContext('2d').putImageData(px, 0, 0);
    const segments = [];
    for (let k = 1; k <= CONTOUR_LEVELS; k++) segments.push(contourSegments(data, GRID_NX, GRID_NY, top * CONTOUR_RATIO ** k));
    grid = { key, data, image, segments };
  }

  function run(problem, alpha, beta) {
    const c = cur();
    const path = wasm.heavy_ball_path(problem, c.start, alpha, beta, c.steps);
    const diag = wasm.diagnose_path(problem, path, alpha, beta);
    const gap = wasm.objective_gap(problem, path);
    return { path, diag, gap, alpha, beta };
  }

  function compute() {
    computeGrid();
    const problem = problemSpec();
    const info = wasm.optimal_parameters(problem);
    runs = { problem, info, gd: run(problem, cur().alphaGd, 0), hb: run(problem, cur().alphaHb, cur().beta) };
  }

  // ---- drawing: the map ----
  /** The world box on the map: the function's box, zoomed out about its centre. */
  const view = () => {
    const v = VIEWS[state.kind], z = state.zoom;
    const cx = (v.xmin + v.xmax) / 2, cy = (v.ymin + v.ymax) / 2;
    return { xmin: cx + (v.xmin - cx) * z, xmax: cx + (v.xmax - cx) * z, ymin: cy + (v.ymin - cy) * z, ymax: cy + (v.ymax - cy) * z };
  };
  const toX = (x) => ((x - view().xmin) / (view().xmax - view().xmin)) * MAP_W;
  const toY = (y) => ((view().ymax - y) / (view().ymax - view().ymin)) * MAP_H;
  /** Last index of a run that may be drawn: up to its escape step. */
  const lastIndex = (r) => (r.diag.diverged_at ?? cur().steps);

  function drawMap() {
    const g = mapCanvas.getContext('2d');
    g.save();
    g.imageSmoothingEnabled = true;
    g.drawImage(grid.image, 0, 0, MAP_W, MAP_H);
    // contour lines (grid units → pixels: sample (c, r) sits at the centre of its cell)
    g.strokeStyle = 'rgba(70, 64, 52, 0.45)';
    g.lineWidth = 1.6;
    g.beginPath();
    const sx = MAP_W / GRID_NX, sy = MAP_H / GRID_NY;
    for (const seg of grid.segments) {
      for (let i = 0; i < seg.length; i += 4) {
        g.moveTo((seg[i] + 0.5) * sx, (seg[i + 1] + 0.5) * sy);
        g.lineTo((seg[i + 2] + 0.5) * sx, (seg[i + 3] + 0.5) * sy);
      }
    }
    g.stroke();

    // minimum
    const [mx, my] = runs.info.w_star;
    star(g, toX(mx), toY(my), 16);
    label(g, 'w*', toX(mx) + 18, toY(my) + 26, '#222');

    // start
    const [s0, s1] = cur().start;
    g.lineWidth = 4; g.strokeStyle = '#111'; g.fillStyle = 'rgba(255,255,255,0.85)';
    g.beginPath(); g.arc(toX(s0), toY(s1), 13, 0, 2 * Math.PI); g.fill(); g.stroke();

    // paths: GD first, heavy ball on top
    const ends = [];
    for (const key of ['gd', 'hb']) ends.push(drawPath(g, runs[key], COLORS[key], key));
    for (const e of ends) if (e) drawHead(g, e);

    // the step counter, readable from the back of the room
    const text = `t = ${state.t}`;
    g.font = 'bold 40px system-ui, sans-serif';
    const w = g.measureText(text).width;
    g.fillStyle = 'rgba(255,255,255,0.85)';
    g.fillRect(MAP_W - w - 36, 14, w + 24, 54);
    g.fillStyle = '#1d2330'; g.textAlign = 'right'; g.textBaseline = 'middle';
    g.fillText(text, MAP_W - 24, 42);
    g.restore();
  }

  function star(g, x, y, r) {
    g.beginPath();
    for (let i = 0; i < 10; i++) {
      const a = -Math.PI / 2 + (i * Math.PI) / 5, rr = i % 2 ? r * 0.45 : r;
      g.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
    }
    g.closePath();
    g.fillStyle = '#1d2330'; g.strokeStyle = '#fff'; g.lineWidth = 3;
    g.stroke(); g.fill();
  }

  function label(g, text, x, y, color) {
    g.font = 'bold 30px system-ui, sans-serif';
    g.textAlign = 'left'; g.textBaseline = 'middle';
    g.lineWidth = 6; g.strokeStyle = 'rgba(255,255,255,0.9)'; g.strokeText(text, x, y);
    g.fillStyle = color; g.fillText(text, x, y);
  }

  /** Draws iterates 0..t of a run (clipped to the map) and returns where its marker goes. */
  function drawPath(g, r, color, key) {
    const last = Math.min(state.t, lastIndex(r));
    const P = r.path;
    const box = { xmin: view().xmin, xmax: view().xmax, ymin: view().ymin, ymax: view().ymax };
    g.strokeStyle = color; g.lineWidth = 4.5; g.lineJoin = 'round'; g.lineCap = 'round';
    g.beginPath();
    for (let i = 0; i < last; i++) {
      const a = [P[2 * i], P[2 * i + 1]], b = [P[2 * i + 2], P[2 * i + 3]];
      if (![...a, ...b].every(Number.isFinite)) break;
      const c = clipSegment(a[0], a[1], b[0], b[1], box);
      if (!c) continue;
      g.moveTo(toX(c[0]), toY(c[1])); g.lineTo(toX(c[2]), toY(c[3]));
    }
    g.stroke();
    // iterate dots (inside the map only)
    g.fillStyle = color;
    const inside = (x, y) => x >= box.xmin && x <= box.xmax && y >= box.ymin && y <= box.ymax;
    if (cur().steps <= 400) {
      for (let i = 1; i < last; i++) {
        const x = P[2 * i], y = P[2 * i + 1];
        if (inside(x, y)) { g.beginPath(); g.arc(toX(x), toY(y), 4.5, 0, 2 * Math.PI); g.fill(); }
      }
    }
    const x = P[2 * last], y = P[2 * last + 1];
    if (Number.isFinite(x) && Number.isFinite(y) && inside(x, y)) return { key, color, x: toX(x), y: toY(y), off: false };
    // Off the map (or blown up): an arrow at the edge, pointing where it went.
    let px = x, py = y;
    if (!(Number.isFinite(px) && Number.isFinite(py))) {
      // the last finite iterate gives the direction
      let j = last;
      while (j > 0 && !(Number.isFinite(P[2 * j]) && Number.isFinite(P[2 * j + 1]))) j--;
      px = P[2 * j]; py = P[2 * j + 1];
    }
    const cx = (box.xmin + box.xmax) / 2, cy = (box.ymin + box.ymax) / 2;
    const seg = clipSegment(cx, cy, px, py, box);
    const ex = seg ? seg[2] : px, ey = seg ? seg[3] : py;
    return { key, color, x: toX(ex), y: toY(ey), off: true, angle: Math.atan2(toY(py) - toY(cy), toX(px) - toX(cx)) };
  }

  function drawHead(g, e) {
    if (!e.off) {
      g.beginPath(); g.arc(e.x, e.y, 11, 0, 2 * Math.PI);
      g.fillStyle = e.color; g.fill(); g.lineWidth = 4; g.strokeStyle = '#fff'; g.stroke();
      return;
    }
    const x = Math.max(30, Math.min(MAP_W - 30, e.x)), y = Math.max(30, Math.min(MAP_H - 30, e.y));
    g.save();
    g.translate(x, y); g.rotate(e.angle);
    g.beginPath(); g.moveTo(20, 0); g.lineTo(-18, -15); g.lineTo(-10, 0); g.lineTo(-18, 15); g.closePath();
    g.fillStyle = e.color; g.fill(); g.lineWidth = 3; g.strokeStyle = '#fff'; g.stroke();
    g.restore();
    const text = 'off the map';
    g.font = 'bold 28px system-ui, sans-serif';
    const w = g.measureText(text).width;
    const lx = Math.max(10, Math.min(MAP_W - w - 10, x - w / 2));
    const ly = y < MAP_H / 2 ? y + 44 : y - 44;
    label(g, text, lx, ly, e.color);
  }

  // ---- drawing: the convergence plot ----
  function drawPlot() {
    const steps = cur().steps;
    const xsAll = Array.from({ length: steps + 1 }, (_, i) => i);
    const f0 = runs.gd.gap[0];
    const series = [];
    const keyRows = [];
    let hi = 0, lo = Infinity;
    for (const key of ['gd', 'hb']) {
      const r = runs[key];
      const last = Math.min(state.t, lastIndex(r));
      const ys = Array.from(r.gap.slice(0, last + 1));
      for (const v of r.gap.slice(0, lastIndex(r) + 1)) if (v > 0 && Number.isFinite(v)) { hi = Math.max(hi, v); lo = Math.min(lo, v); }
      series.push({ color: COLORS[key], xs: xsAll.slice(0, ys.length), ys, width: 2.4 });
      keyRows.push({ color: COLORS[key], dash: [], width: 2.4, text: `${NAMES[key]}, measured` });
    }
    for (const key of ['gd', 'hb']) {
      const rho = runs[key].diag.rate;
      if (!(f0 > 0 && Number.isFinite(rho))) continue;
      series.push({ color: COLORS[key], dash: [8, 5], width: 1.5, xs: xsAll, ys: xsAll.map((t) => f0 * rho ** (2 * t)) });
      keyRows.push({ color: COLORS[key], dash: [8, 5], width: 1.5, text: `theory f(w⁰)·ρ²ᵗ, ρ = ${num(rho, 3)}` });
    }
    if (!(hi > 0)) { hi = 1; lo = 1e-3; }
    const yMax = Math.min(hi, f0 > 0 ? f0 * 1e4 : hi) * 3;
    const yMin = Math.max(lo, yMax * 1e-16) / 3;
    const g = plotCanvas.getContext('2d');
    g.setTransform(PLOT_SCALE, 0, 0, PLOT_SCALE, 0, 0);
    // linePlot sizes itself from canvas.width/height: hand it the logical size.
    const logical = { width: PLOT_W, height: PLOT_H, getContext: () => g };
    const { px, py } = linePlot(logical, series, { xLabel: 'step t', yLabel: 'f(wᵗ) − f*', logY: true, xMin: 0, xMax: steps, yMin, yMax });
    g.save();
    // the current step
    const top = py(Math.log10(yMax)), bottom = py(Math.log10(yMin));
    g.strokeStyle = 'rgba(29,35,48,0.55)'; g.lineWidth = 1.3; g.setLineDash([3, 3]);
    g.beginPath(); g.moveTo(px(state.t), bottom); g.lineTo(px(state.t), top); g.stroke();
    // Legend in the lower left, where falling curves leave room.
    const font = 13, lh = 17;
    g.font = `${font}px system-ui, sans-serif`;
    const w = Math.max(...keyRows.map((k) => g.measureText(k.text).width)) + 44;
    const x0 = px(0) + 6, y0 = bottom - 6 - lh * keyRows.length;
    g.setLineDash([]);
    g.fillStyle = 'rgba(255,255,255,0.92)'; g.fillRect(x0, y0 - 4, w, lh * keyRows.length + 8);
    g.strokeStyle = '#ccd'; g.lineWidth = 1; g.strokeRect(x0 + 0.5, y0 - 3.5, w, lh * keyRows.length + 8);
    keyRows.forEach((k, i) => {
      const y = y0 + lh * (i + 0.5);
      g.strokeStyle = k.color; g.lineWidth = k.width; g.setLineDash(k.dash);
      g.beginPath(); g.moveTo(x0 + 6, y); g.lineTo(x0 + 34, y); g.stroke();
      g.setLineDash([]); g.fillStyle = '#222'; g.textAlign = 'left'; g.textBaseline = 'middle';
      g.fillText(k.text, x0 + 40, y);
    });
    g.restore();
  }

  // ---- text: legend, formula with numbers, theory, messages ----
  function writeText() {
    const c = cur();
    const { gd, hb, info } = runs;
    keyGd.textContent = `Gradient descent  α = ${num(c.alphaGd)}`;
    keyHb.textContent = `Heavy ball  α = ${num(c.alphaHb)}, β = ${num(c.beta)}`;
    tOut.textContent = `t = ${state.t} / ${c.steps}`;
    scrub.max = c.steps; scrub.value = state.t;
    playBtn.textContent = state.playing ? '❚❚ Pause' : '▶ Play';
    playBtn.setAttribute('aria-pressed', String(state.playing));

    formulaEl.replaceChildren(
      h('div', { class: 'mm-eq mm-eq-gd' }, h('span', { class: 'mm-dot gd' }),
        h('span', { class: 'mm-eq-body' }, 'wᵗ⁺¹ = wᵗ − ', h('b', { class: 'mm-val mm-val-alpha-gd' }, num(c.alphaGd)), '·∇f(wᵗ)')),
      h('div', { class: 'mm-eq mm-eq-hb' }, h('span', { class: 'mm-dot hb' }),
        h('span', { class: 'mm-eq-body' }, 'wᵗ⁺¹ = wᵗ − ', h('b', { class: 'mm-val mm-val-alpha-hb' }, num(c.alphaHb)), '·∇f(wᵗ) + ',
          h('b', { class: 'mm-val mm-val-beta' }, num(c.beta)), '·(wᵗ − wᵗ⁻¹)')));

    // The step from w^s to w^{s+1}, term by term, for both methods side by side.
    const s = Math.min(state.t, c.steps - 1);
    const noisy = c.sigma > 0;
    const cols = {};
    for (const key of ['gd', 'hb']) {
      const r = runs[key], P = r.path;
      const w = [P[2 * s], P[2 * s + 1]];
      const wn = [P[2 * s + 2], P[2 * s + 3]];
      const wp = s > 0 ? [P[2 * s - 2], P[2 * s - 1]] : w;
      if (s >= lastIndex(r) || ![...w, ...wn, ...wp].every(Number.isFinite)) { cols[key] = null; continue; }
      // The gradient actually used; with noise it is read back from the recurrence itself.
      const g = noisy && r.alpha !== 0
        ? [0, 1].map((i) => (w[i] - wn[i] + r.beta * (w[i] - wp[i])) / r.alpha)
        : Array.from(wasm.objective_gradient(runs.problem, w));
      cols[key] = {
        w,
        grad: [-r.alpha * g[0], -r.alpha * g[1]],
        mom: key === 'hb' ? [r.beta * (w[0] - wp[0]), r.beta * (w[1] - wp[1])] : null,
        next: wn,
      };
    }
    const cells = (key, field) => {
      const col = cols[key];
      if (!col) return field === 'w' ? [h('td', { class: `mm-td-${key}`, colspan: 2 }, 'diverged')] : [h('td', { colspan: 2 })];
      if (!col[field]) return [h('td', { class: `mm-td-${key}`, colspan: 2 }, '—')];
      return col[field].map((v) => h('td', { class: `mm-td-${key}` }, short(v)));
    };
    const gradTerm = noisy ? '−α(∇f + noise)' : '−α∇f(wᵗ)';
    const row = (label, field, cls) => h('tr', { class: cls }, h('th', { scope: 'row' }, label), ...cells('gd', field), ...cells('hb', field));
    nowEl.replaceChildren(h('div', { class: 'mm-now-scroll' }, h('table', { class: 'mm-now-table' },
      h('caption', {}, `Step t = ${s} → ${s + 1}, coordinates (x, y):`),
      h('thead', {},
        h('tr', {}, h('th', {}, ''), h('th', { class: 'mm-td-gd', colspan: 2 }, 'gradient descent'), h('th', { class: 'mm-td-hb', colspan: 2 }, 'heavy ball')),
        h('tr', { class: 'mm-xy' }, h('th', {}, ''), h('th', {}, 'x'), h('th', {}, 'y'), h('th', {}, 'x'), h('th', {}, 'y'))),
      h('tbody', {},
        row('wᵗ', 'w'),
        row(gradTerm, 'grad'),
        row('+β(wᵗ − wᵗ⁻¹)', 'mom'),
        row('= wᵗ⁺¹', 'next', 'mm-sum')))));

    // Theory in words.
    const exact = info.exact;
    const steps1000 = (rho) => (rho < 1 ? Math.ceil(Math.log(1e-3) / Math.log(rho)) : Infinity);
    const rateText = (r) => (r.diag.rate < 1 ? `contracts ×${num(r.diag.rate, 3)} per step: 1000× closer every ${steps1000(r.diag.rate)} steps` : `ρ = ${num(r.diag.rate, 3)} ≥ 1: no convergence`);
    theoryEl.replaceChildren(
      h('p', {}, h('span', { class: 'mm-dot gd' }), h('b', {}, 'GD '), rateText(gd)),
      h('p', {}, h('span', { class: 'mm-dot hb' }), h('b', {}, 'Heavy ball '), rateText(hb)),
      h('p', { class: 'note' },
        exact
          ? `Best possible at κ = ${num(info.kappa, 4)}: GD ρ = (κ−1)/(κ+1) = ${num(info.gradient_descent.rate, 3)}, heavy ball ρ = (√κ−1)/(√κ+1) = ${num(info.heavy_ball.rate, 3)}. Heavy ball converges iff |β| < 1 and 0 < αλ < 2 + 2β for both curvatures λ (GD: β = 0).`
          : `Rosenbrock is not a quadratic: ρ here uses the curvature at the minimum (λ = ${num(info.lambda_min, 3)} and ${num(info.lambda_max, 4)}), so it only describes the end of the run; farther out the valley is steeper.`));
    optimalNote.replaceChildren(
      h('span', {}, `GD α* = 2/(λ_min+λ_max) = ${num(info.gradient_descent.alpha)}`), h('br'),
      h('span', {}, `HB α* = (2/(√λ_min+√λ_max))² = ${num(info.heavy_ball.alpha)}, β* = ((√κ−1)/(√κ+1))² = ${num(info.heavy_ball.beta)}`),
      ...(exact ? [] : [h('br'), h('span', {}, '(from the curvature at the minimum; may diverge far from it)')]));
    plotCaption.textContent = `Dashed: the slope the theory predicts, f(w⁰)·ρ²ᵗ (f − f* shrinks like the squared distance)${exact ? '' : '; ρ is the local rate at the minimum'}${noisy ? '. With noise a run stalls at a noise floor that the noise-free theory ignores' : ''}.`;

    // Divergence, in words.
    const problems = [];
    for (const key of ['gd', 'hb']) {
      const m = runs[key].diag.message;
      if (m) problems.push(`${NAMES[key]} ${m}.`);
    }
    if (problems.length) msg.error(problems.join('\n'));
    else msg.clear();
  }

  function render() {
    if (!runs) return;
    state.t = Math.max(0, Math.min(cur().steps, state.t));
    drawMap();
    drawPlot();
    writeText();
  }

  // ---- state changes ----
  let hashTimer = 0;
  function saveHash() {
    clearTimeout(hashTimer);
    hashTimer = setTimeout(() => {
      const c = cur();
      const p = new URLSearchParams();
      p.set('f', state.kind);
      if (state.zoom !== 1) p.set('zoom', state.zoom);
      if (state.kind === 'quadratic') { p.set('kappa', +state.kappa.toPrecision(4)); p.set('angle', +state.angleDeg.toPrecision(4)); } else p.set('b', +state.b.toPrecision(4));
      p.set('agd', +c.alphaGd.toPrecision(6)); p.set('ahb', +c.alphaHb.toPrecision(6)); p.set('beta', +c.beta.toPrecision(6));
      if (c.sigma > 0) { p.set('sigma', +c.sigma.toPrecision(3)); p.set('seed', state.seed); }
      p.set('steps', c.steps);
      p.set('x', +c.start[0].toPrecision(4)); p.set('y', +c.start[1].toPrecision(4));
      ctx.hash.set(p);
    }, HASH_DELAY_MS);
  }

  function update() {
    try {
      compute();
    } catch (e) {
      runs = null;
      msg.error(e.message || String(e));
      return;
    }
    render();
    saveHash();
  }

  function syncControls() {
    const c = cur();
    kindSel.set(state.kind);
    zoomSel.set(String(state.zoom));
    quadGroup.hidden = state.kind !== 'quadratic';
    rosenGroup.hidden = state.kind !== 'rosenbrock';
    // α ranges follow the steepest curvature (1 for the bowl, the Hessian's at the minimum for
    // Rosenbrock), so the sliders always reach past the divergence limits 2 and 4.
    let lmax = 1;
    try { lmax = wasm.optimal_parameters(problemSpec(false)).lambda_max; } catch { /* shown by update() */ }
    alphaGdCtl.setRange(0, 2.5 / lmax, 2.5 / lmax / 1000);
    alphaHbCtl.setRange(0, 4.5 / lmax, 4.5 / lmax / 1000);
    sigmaCtl.setRange(0, NOISE_MAX[state.kind], NOISE_MAX[state.kind] / 100);
    kappaCtl.show(state.kappa); angleCtl.show(state.angleDeg); bCtl.show(state.b);
    alphaGdCtl.show(c.alphaGd); alphaHbCtl.show(c.alphaHb); betaCtl.show(c.beta);
    sigmaCtl.show(c.sigma); stepsCtl.show(c.steps);
    startX.value = +c.start[0].toPrecision(4); startY.value = +c.start[1].toPrecision(4);
    clearStartError();
  }

  function useOptimal() {
    const info = runs ? runs.info : wasm.optimal_parameters(problemSpec(false));
    const c = cur();
    c.alphaGd = info.gradient_descent.alpha;
    c.alphaHb = info.heavy_ball.alpha;
    c.beta = info.heavy_ball.beta;
    syncControls();
    update();
  }

  // Start point: click or drag on the map.
  let dragging = false;
  const worldAt = (ev) => {
    const r = mapCanvas.getBoundingClientRect();
    const u = (ev.clientX - r.left) / r.width, v = (ev.clientY - r.top) / r.height;
    const vw = view();
    return [vw.xmin + u * (vw.xmax - vw.xmin), vw.ymax - v * (vw.ymax - vw.ymin)];
  };
  const moveStart = (ev) => {
    const [x, y] = worldAt(ev);
    cur().start = [+x.toPrecision(4), +y.toPrecision(4)];
    startX.value = cur().start[0]; startY.value = cur().start[1];
    clearStartError();
    if (!state.playing) state.t = cur().steps;
    update();
  };
  listen(mapCanvas, 'pointerdown', (ev) => { dragging = true; mapCanvas.setPointerCapture?.(ev.pointerId); moveStart(ev); });
  listen(mapCanvas, 'pointermove', (ev) => { if (dragging) moveStart(ev); });
  listen(mapCanvas, 'pointerup', () => { dragging = false; });
  listen(mapCanvas, 'pointercancel', () => { dragging = false; });

  // ---- animation ----
  let raf = 0, lastTime = 0, carry = 0;
  function frame(now) {
    if (!state.playing) return;
    const dt = lastTime ? (now - lastTime) / 1000 : 0;
    lastTime = now;
    const rate = Math.max(MIN_STEPS_PER_SECOND, cur().steps / RUN_SECONDS);
    carry += dt * rate;
    const advance = Math.floor(carry);
    if (advance > 0) {
      carry -= advance;
      state.t = Math.min(cur().steps, state.t + advance);
      render();
    }
    if (state.t >= cur().steps) { pause(); return; }
    raf = requestAnimationFrame(frame);
  }
  function play() {
    if (!runs) return;
    if (state.t >= cur().steps) state.t = 0;
    state.playing = true; lastTime = 0; carry = 0;
    render();
    raf = requestAnimationFrame(frame);
  }
  function pause() {
    state.playing = false;
    cancelAnimationFrame(raf);
    if (runs) writeText();
  }
  function togglePlay() { if (state.playing) pause(); else play(); }
  function stepBy(d) { pause(); state.t = Math.max(0, Math.min(cur().steps, state.t + d)); render(); }

  listen(scrub, 'input', () => { pause(); state.t = +scrub.value; render(); });
  listen(document, 'keydown', (ev) => {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const el = ev.target;
    if (el !== mapCanvas && el instanceof Element && el.closest('input, select, textarea, button, a')) return;
    if (!root.isConnected) return;
    if (ev.key === ' ' || ev.code === 'Space') { ev.preventDefault(); togglePlay(); }
    else if (ev.key === 'ArrowRight') { ev.preventDefault(); stepBy(1); }
    else if (ev.key === 'ArrowLeft') { ev.preventDefault(); stepBy(-1); }
    else if (ev.key === 'Home') { ev.preventDefault(); pause(); state.t = 0; render(); }
  });

  syncControls();
  update();

  return function unmount() {
    state.playing = false;
    cancelAnimationFrame(raf);
    clearTimeout(hashTimer);
    cleanup.forEach((f) => f());
    link.remove();
  };
}
