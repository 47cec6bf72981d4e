// Part 1 of the implicit-regularization station: least squares with a line of exact solutions.
// Gradient descent (or SGD) from 0 lands on X⁺y, from the chosen start on the solution nearest
// it. The core computes the paths (least_squares_path), X⁺y, the nearest solution, the step
// size with its verdicts (least_squares_step) and where each run ended (least_squares_end).
import { h, select, button, message } from '../../lib/dom.js';
import { numberControl, pointControl } from '../../lib/controls.js';
import { num } from '../../lib/format.js';
import { COLORS, SCALES, START_LIMIT, REL_SLIDER, REL_LIMITS, MAX_STEPS, lsSystem, LS_LEGEND } from './model.js';
import { mapSize, startMap, drawLine, disc, square, diamond, partPanel, worldAtEvent } from './figure.js';

/** A number for the tables: 4 decimals at most, so round-off (2·10⁻¹⁶) reads as 0. */
export const fx = (v) => (Number.isFinite(v) ? num(Math.abs(v) < 5e-5 ? 0 : +v.toFixed(4), 8) : num(v));
export const vecFx = (w) => `(${fx(w[0])}, ${fx(w[1])})`;
export const vec = (w) => `(${num(w[0])}, ${num(w[1])})`;

/** Builds part 1; `changed()` is called after each redraw (the view saves and counts frames). */
export function leastSquaresPart(ctx, model, changed) {
  const { wasm } = ctx;
  const ls = model.ls;
  const canvas = h('canvas', {
    class: 'im-map im-ls-map', role: 'img',
    'aria-label': 'Weight space (w₁, w₂): the green line holds every exact solution; red is gradient descent from 0, blue from your start. Click to move the start.',
  });
  const msgEl = h('div'); const msg = message(msgEl);
  const data = h('table', { class: 'im-data' });
  const numbers = h('table', { class: 'im-numbers im-ls-numbers' });
  const formula = h('div', { class: 'formula im-formula' });
  const control = (key, label, opts, set) => numberControl({ id: `im-${key}`, label, ...opts, onChange: (v) => { set(v); update(); } });
  const a1 = control('a1', 'a₁', { min: -3, max: 3, step: 0.1, value: ls.a1 }, (v) => { ls.a1 = v; });
  const a2 = control('a2', 'a₂', { min: -3, max: 3, step: 0.1, value: ls.a2 }, (v) => { ls.a2 = v; });
  const b = control('b', 'b', { min: -3, max: 3, step: 0.1, value: ls.b }, (v) => { ls.b = v; });
  const rel = control('rel', 'step α·L', { min: REL_SLIDER[0], max: REL_SLIDER[1], step: 0.05, limits: REL_LIMITS, value: ls.rel }, (v) => { ls.rel = v; });
  const steps = control('steps', 'steps T', { min: 1, max: MAX_STEPS, integer: true, value: ls.steps }, (v) => { ls.steps = v; });
  const method = select({
    label: 'Method', value: ls.method, onChange: (v) => { ls.method = v; update(); },
    options: [{ value: 'gd', label: 'GD (all 3 examples)' }, { value: 'sgd', label: 'SGD (1 random example)' }],
  });
  const start = pointControl({
    label: 'start w⁰', names: ['start w₁⁰', 'start w₂⁰'], ids: ['im-ls-x', 'im-ls-y'], keys: ['ls-x', 'ls-y'],
    limits: [-START_LIMIT, START_LIMIT], hint: '(or click on the map)', value: ls.start,
    onChange: (p) => { ls.start = p; update(); },
  });
  const reseed = button('New random order', () => { ls.seed += 1; update(); }, { title: 'SGD: draw a different sequence of examples', cls: 'im-reseed' });

  const el = partPanel({
    cls: 'im-ls',
    title: '1 · Least squares with more unknowns than equations',
    canvas,
    legend: LS_LEGEND,
    caption: 'Click anywhere to start gradient descent there (blue). Every point on the green line fits the data exactly; the path only moves at right angles to it, so it lands at the foot of the perpendicular.',
  },
    formula,
    h('div', { class: 'im-two stacked-controls' },
      h('div', { class: 'controls' }, a1.el, a2.el, b.el),
      h('div', { class: 'controls' }, method.el, rel.el, steps.el)),
    h('div', { class: 'row im-start' }, start.el, reseed),
    msgEl, data, numbers);

  let drawn = null; // what the map shows: { sys, pathZero, pathStart, minNorm, minNormLength, nearest } or null

  function update() {
    const sys = lsSystem(ls);
    const stochastic = ls.method === 'sgd';
    reseed.hidden = !stochastic;
    // α = (α·L)/L with L = maxᵢ‖xᵢ‖², SGD's bound (GD's (1/n)Σ‖xᵢ‖² is smaller): α·L < 2 keeps both stable.
    let step;
    try { step = wasm.least_squares_step(sys.x, sys.n, sys.d, ls.rel); } catch { step = { curvature: NaN, alpha: 0, overshoots: false }; }
    formula.replaceChildren(
      h('div', {}, 'f(w) = (1/2n) Σᵢ (xᵢ·w − yᵢ)²,  n = 3 examples, 2 weights'),
      h('div', {}, 'the features are collinear: xᵢ = sᵢ·(a₁, a₂), yᵢ = sᵢ·b'),
      h('div', {}, stochastic ? 'SGD: w ← w − α·xᵢ(xᵢ·w − yᵢ), i random' : 'GD:  w ← w − α·(1/n)·Xᵀ(Xw − y)'),
      h('div', { class: 'im-alpha' }, `α = ${num(ls.rel, 3)}/L = ${num(step.alpha, 3)},  L = maxᵢ ‖xᵢ‖² = ${num(step.curvature, 4)}`));
    data.replaceChildren(
      h('caption', {}, 'Training data (each row is one equation xᵢ·w = yᵢ)'),
      h('thead', {}, h('tr', {}, h('th', {}, 'i'), h('th', {}, 'xᵢ₁'), h('th', {}, 'xᵢ₂'), h('th', {}, 'yᵢ'))),
      h('tbody', {}, SCALES.map((_, i) => h('tr', {}, h('th', {}, String(i + 1)),
        h('td', {}, num(sys.x[2 * i], 3)), h('td', {}, num(sys.x[2 * i + 1], 3)), h('td', {}, num(sys.y[i], 3))))));
    drawn = null;
    if (sys.a[0] === 0 && sys.a[1] === 0) {
      msg.error('With a₁ = a₂ = 0 every example reads 0 = yᵢ: there is no line of solutions. Move a₁ or a₂ away from 0.');
      numbers.replaceChildren();
      return finish();
    }
    try {
      const run = (w0) => wasm.least_squares_path(sys.x, sys.y, sys.n, sys.d, new Float64Array(w0), step.alpha, ls.steps, stochastic, ls.seed);
      const pathZero = run([0, 0]), pathStart = run(ls.start);
      const minNorm = Array.from(wasm.min_norm_solution(sys.x, sys.y, sys.n, sys.d));
      const nearest = Array.from(wasm.nearest_solution(sys.x, sys.y, sys.n, sys.d, new Float64Array(ls.start)));
      // ‖X⁺y‖ and ‖w⁰ + X⁺(y − Xw⁰)‖, from the core.
      const minNormLength = wasm.norm_and_direction(new Float64Array(minNorm)).norm;
      const nearestLength = wasm.norm_and_direction(new Float64Array(nearest)).norm;
      // Where each run ended (‖wᵀ‖, largest residual, blow-up verdict), from the core.
      const endZero = wasm.least_squares_end(sys.x, sys.y, sys.n, sys.d, pathZero);
      const endStart = wasm.least_squares_end(sys.x, sys.y, sys.n, sys.d, pathStart);
      if (endZero.diverged || endStart.diverged) msg.error(`The step is too large: α·L = ${num(ls.rel, 3)} ≥ 2 makes the iterates blow up. Lower "step α·L" below 2.`);
      else if (!step.guaranteed_stable) msg.info(`α·L = ${num(ls.rel, 3)} ≥ 2: convergence is no longer guaranteed (SGD's one-example steps can blow up); this run stays finite.`);
      else if (step.overshoots) msg.info('α·L > 1: each step overshoots the line and comes back (still converges while α·L < 2).');
      else msg.clear();
      drawn = { sys, pathZero, pathStart, minNorm, minNormLength, nearest };
      const row = (label, z, s, cls = '') => h('tr', { class: cls }, h('th', { scope: 'row' }, label), h('td', { class: 'im-c-zero' }, z), h('td', { class: 'im-c-start' }, s));
      numbers.replaceChildren(
        h('caption', {}, `After T = ${ls.steps} steps of ${stochastic ? 'SGD' : 'gradient descent'}`),
        h('thead', {}, h('tr', {}, h('th', {}), h('th', { class: 'im-c-zero' }, 'from w⁰ = 0'), h('th', { class: 'im-c-start' }, `from w⁰ = ${vec(ls.start)}`))),
        h('tbody', {},
          row('w after T steps', vecFx(endZero.last), vecFx(endStart.last), 'im-wT'),
          row('‖w‖ after T steps', fx(endZero.norm), fx(endStart.norm), 'im-normT'),
          row('largest |xᵢ·w − yᵢ|', num(endZero.max_residual, 3), num(endStart.max_residual, 3), 'im-resid'),
          row('limit (theory)', `X⁺y = ${vecFx(minNorm)}`, `w⁰ + X⁺(y − Xw⁰) = ${vecFx(nearest)}`, 'im-limit'),
          row('‖limit‖', fx(minNormLength), fx(nearestLength), 'im-limit-norm')));
    } catch (e) {
      msg.error(e.message);
      numbers.replaceChildren();
    }
    return finish();
  }
  function finish() { draw(); changed(); }

  function draw() {
    const { g, m } = startMap(canvas, mapSize(canvas), 'w₁', 'w₂');
    if (drawn) paintRuns(g, m, drawn);
    g.restore();
  }
  function paintRuns(g, m, { sys, pathZero, pathStart, minNorm, minNormLength, nearest }) {
    // The circle ‖w‖ = ‖X⁺y‖ just touches the line: no solution is shorter.
    g.strokeStyle = '#777'; g.lineWidth = 1.5; g.setLineDash([5, 5]);
    g.beginPath(); g.arc(m.X(0), m.Y(0), minNormLength * m.s, 0, 2 * Math.PI); g.stroke();
    g.setLineDash([]);
    g.strokeStyle = COLORS.solutions; g.lineWidth = 4;
    drawLine(g, m, sys.a, ls.b);
    // Dotted perpendicular from the start to where it must land.
    g.strokeStyle = COLORS.start; g.lineWidth = 1.5; g.setLineDash([3, 4]);
    g.beginPath(); g.moveTo(m.X(ls.start[0]), m.Y(ls.start[1])); g.lineTo(m.X(nearest[0]), m.Y(nearest[1])); g.stroke();
    g.setLineDash([]);
    for (const [p, color] of [[pathZero, COLORS.zero], [pathStart, COLORS.start]]) {
      g.strokeStyle = color; g.fillStyle = color; g.lineWidth = 2.5;
      g.beginPath();
      let n = 0; // iterates drawn (a blown-up run stops where it leaves any sensible range)
      for (let i = 0; i < p.length; i += 2, n++) {
        if (!(Math.abs(p[i]) <= 1e4 && Math.abs(p[i + 1]) <= 1e4)) break;
        if (i === 0) g.moveTo(m.X(p[i]), m.Y(p[i + 1])); else g.lineTo(m.X(p[i]), m.Y(p[i + 1]));
      }
      g.stroke();
      for (let i = 0; i < 2 * n; i += 2) { g.beginPath(); g.arc(m.X(p[i]), m.Y(p[i + 1]), 3, 0, 2 * Math.PI); g.fill(); }
    }
    disc(g, m.X(nearest[0]), m.Y(nearest[1]), 7, COLORS.start, { ring: true });
    square(g, m.X(ls.start[0]), m.Y(ls.start[1]), 6, COLORS.start);
    square(g, m.X(0), m.Y(0), 6, COLORS.zero);
    diamond(g, m.X(minNorm[0]), m.Y(minNorm[1]), 6, COLORS.minNorm);
  }

  ctx.listen(canvas, 'click', (ev) => {
    const w = worldAtEvent(canvas, ev);
    if (!w) return;
    ls.start = w;
    start.show(w);
    update();
  });

  return { el, update, draw, canvas };
}
