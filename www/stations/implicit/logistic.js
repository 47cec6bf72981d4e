// Part 2 of the implicit-regularization station: logistic regression on separable points.
// ‖w‖ grows forever but w/‖w‖ turns towards the max-margin direction. The core computes the
// runs (logistic_path), the max-margin direction (max_margin_direction) and the angles, in the
// worker (www/workers/logistic.js): a million iterations from two starts take most of a second.
// While it works, the panel is aria-busy and the last picture stays.
import { h, select, button, message } from '../../lib/dom.js';
import { numberControl, pointControl } from '../../lib/controls.js';
import { num, thousands, pow10 } from '../../lib/format.js';
import { linePlot } from '../../lib/plot.js';
import { latestOnly } from '../../lib/latest.js';
import {
  COLORS, WORLD, START_LIMIT, ITERATION_CHOICES, HISTORY_T, STEP_LIMITS, LG_LEGEND, boundaryLabelAt, weightsAt, weightsAtT,
} from './model.js';
import { mapSize, startMap, drawLine, disc, square, emptyPlot, partPanel, worldAtEvent } from './figure.js';
import { fx, vecFx, vec } from './least-squares.js';

const isZero = (w) => w[0] === 0 && w[1] === 0;

/** Builds part 2; `changed()` is called after each redraw. */
export function logisticPart(ctx, model, changed) {
  const { wasm } = ctx;
  const lg = model.lg;
  /** ‖w‖ and w/‖w‖ from the core ({ norm: NaN } for weights that are not finite numbers). */
  const lengthOf = (w) => { try { return wasm.norm_and_direction(new Float64Array(w)); } catch { return { norm: NaN }; } };
  const canvas = h('canvas', {
    class: 'im-map im-lg-map', role: 'img',
    'aria-label': 'Data points of class +1 (orange circles) and −1 (purple squares), the max-margin line (black dashed) and gradient descent\'s decision boundary over time (blue). Click to add a point.',
  });
  const plotCanvas = h('canvas', { class: 'im-plot', role: 'img', 'aria-label': 'Angle between w/‖w‖ and the max-margin direction against the iteration t on a log scale' });
  const msgEl = h('div'); const msg = message(msgEl);
  const progress = h('progress', { class: 'im-progress', max: 1, value: 0, hidden: true, 'aria-label': 'Computing the runs' });
  const status = h('p', { class: 'note im-status', role: 'status' });
  const added = h('div', { class: 'note im-added', 'aria-live': 'polite' });
  const numbers = h('table', { class: 'im-numbers im-lg-numbers' });
  const cls = select({
    label: 'A click adds', value: '1', onChange: (v) => { lg.cls = Number(v); },
    options: [{ value: '1', label: 'class +1 (orange ●)' }, { value: '-1', label: 'class −1 (purple ■)' }],
  });
  const iterations = select({
    label: 'Iterations', value: String(lg.iterations), onChange: (v) => { lg.iterations = Number(v); update(); },
    options: ITERATION_CHOICES.map((t) => ({ value: String(t), label: thousands(t) })),
  });
  const step = numberControl({
    id: 'im-step', label: 'step α', min: STEP_LIMITS[0], max: STEP_LIMITS[1], step: 0.1, value: lg.step,
    onChange: (v) => { lg.step = v; update(); },
  });
  const limits = [-START_LIMIT, START_LIMIT];
  const start = pointControl({
    label: 'start w⁰', names: ['start w₁⁰', 'start w₂⁰'], ids: ['im-lg-x', 'im-lg-y'], keys: ['lg-x', 'lg-y'],
    limits, value: lg.start, onChange: (p) => { lg.start = p; update(); },
  });
  const newPoint = pointControl({ label: 'new point', names: ['new point x₁', 'new point x₂'], ids: ['im-new-x', 'im-new-y'], keys: ['new-x', 'new-y'], limits, value: [1, 0] });
  const addBtn = button('Add point', () => { const p = newPoint.read(); if (p) addPoint(p); },
    { title: 'Add a point of the chosen class at (x₁, x₂) — the same as clicking there', cls: 'im-add' });
  const undoBtn = button('Remove last point', () => {
    if (model.removeLast()) { added.textContent = `Removed the last point (${lg.points.length} left).`; update(); }
  }, { cls: 'im-undo' });
  const resetBtn = button('Reset points', () => { model.resetPoints(); added.textContent = ''; update(); }, { cls: 'im-reset' });

  const el = partPanel({
    cls: 'im-lg',
    title: '2 · Logistic regression on linearly separable data',
    canvas,
    legend: LG_LEGEND,
    caption: 'Click to add a point of the chosen class. Lines go through the origin (no intercept): the boundary w·x = 0 of gradient descent at t = 1, 10, 100, … turns towards the max-margin line.',
  },
    h('div', { class: 'formula im-formula' },
      h('div', {}, 'L(w) = (1/n) Σᵢ log(1 + exp(−yᵢ w·xᵢ)),  yᵢ = ±1'),
      h('div', {}, 'GD: w ← w − α·∇L(w)'),
      h('div', {}, 'max margin: u* = argmax over ‖u‖ = 1 of minᵢ yᵢ u·xᵢ')),
    h('div', { class: 'im-two stacked-controls' },
      h('div', { class: 'controls' }, cls.el, h('div', { class: 'row im-buttons' }, undoBtn, resetBtn)),
      h('div', { class: 'controls' }, iterations.el, step.el)),
    h('div', { class: 'row im-start' }, start.el),
    h('div', { class: 'row im-start' }, newPoint.el, addBtn),
    msgEl, added,
    h('div', { class: 'im-work' }, progress, status),
    h('figure', { class: 'figure' }, plotCanvas,
      h('figcaption', {}, 'The direction converges, slowly: the angle falls roughly like 1/log t.')),
    numbers);

  let drawn = { runs: null, svm: null, angles: {} };
  // The runs are computed in the worker; while a drag goes on, only the newest request waits.
  let alive = true;
  ctx.onCleanup(() => { alive = false; });
  const request = latestOnly((job) => ctx.worker.run('logistic', job, (fraction, text) => {
    if (alive) { progress.value = fraction; status.textContent = text; }
  }));

  let asked = 0; // requests so far: the panel stays busy until the newest one is drawn
  async function update() {
    undoBtn.disabled = lg.points.length <= 1;
    el.setAttribute('aria-busy', 'true');
    progress.hidden = false;
    const mine = ++asked;
    const job = { points: new Float64Array(lg.points.flat()), labels: new Float64Array(lg.labels), starts: [[0, 0], lg.start], step: lg.step, iterations: lg.iterations };
    const r = await request(job);
    if (!alive || !r.done) return;
    // An older run that finished while a newer one waits is drawn, but the panel stays busy.
    if (mine === asked) {
      el.removeAttribute('aria-busy');
      progress.hidden = true;
    }
    if (r.error) {
      msg.error(r.error.message);
      status.textContent = '';
      drawn = { runs: null, svm: null, angles: {}, job, failed: true };
      return finish();
    }
    const { svm, svmError, angles, ms } = r.value;
    const runs = { zero: r.value.runs[0], start: r.value.runs[1] };
    status.textContent = `${thousands(job.iterations)} iterations from each start in ${ms.toFixed(0)} ms (in the worker).`;
    if (svmError) msg.error(svmError); else msg.clear();
    drawn = { runs, svm, angles: angles ? { zero: angles[0], start: angles[1] } : {}, job };
    writeNumbers(runs, svm, drawn.angles, job);
    return finish();
  }

  function writeNumbers(runs, svm, angles, job) {
    const end = (r) => weightsAt(r, r.iterations.length - 1);
    const wz = end(runs.zero), ws = end(runs.start);
    const [nz, ns] = [lengthOf(wz), lengthOf(ws)];
    const direction = (v) => (v.direction ? vec(v.direction) : '—');
    const lastAngle = (k) => (svm ? `${num(angles[k][angles[k].length - 1], 3)}°` : '—');
    const tenth = job.iterations / 10;
    const row = (label, a, b, rowCls = '') => h('tr', { class: rowCls }, h('th', { scope: 'row' }, label), h('td', { class: 'im-c-zero' }, a), h('td', { class: 'im-c-start' }, b));
    numbers.replaceChildren(
      h('caption', {}, `After t = ${thousands(job.iterations)} iterations`),
      h('thead', {}, h('tr', {}, h('th', {}), h('th', { class: 'im-c-zero' }, 'from w⁰ = 0'), h('th', { class: 'im-c-start' }, `from w⁰ = ${vec(job.starts[1])}`))),
      h('tbody', {},
        row(`‖w‖ at t = ${thousands(tenth)}`, fx(lengthOf(weightsAtT(runs.zero, tenth)).norm), fx(lengthOf(weightsAtT(runs.start, tenth)).norm), 'im-lg-norm-before'),
        row(`‖w‖ at t = ${thousands(job.iterations)}`, fx(nz.norm), fx(ns.norm), 'im-lg-norm'),
        row('w/‖w‖', direction(nz), direction(ns), 'im-lg-dir'),
        row('angle to u*', lastAngle('zero'), lastAngle('start'), 'im-lg-angle')),
      h('tfoot', {}, h('tr', { class: 'im-svm' }, h('th', { scope: 'row' }, 'max margin'),
        h('td', { colspan: 2 }, svm ? `u* = ${vec(svm.direction)},  margin γ = ${num(svm.margin, 3)}` : 'none: not separable by a line through 0'))));
  }
  function finish() { draw(); changed(); }

  function draw() {
    drawMap();
    drawPlot();
  }
  function drawMap() {
    const { runs, svm } = drawn;
    const { g, m, font } = startMap(canvas, mapSize(canvas), 'x₁', 'x₂');
    if (svm) {
      // The margin band |u*·x| < γ holds no point.
      const u = svm.direction, gm = svm.margin, L = 4 * WORLD, d = [-u[1], u[0]];
      const corner = (s, t) => [m.X(s * gm * u[0] + t * L * d[0]), m.Y(s * gm * u[1] + t * L * d[1])];
      g.fillStyle = 'rgba(0,0,0,0.07)';
      g.beginPath(); g.moveTo(...corner(1, -1)); g.lineTo(...corner(1, 1)); g.lineTo(...corner(-1, 1)); g.lineTo(...corner(-1, -1)); g.closePath(); g.fill();
      g.strokeStyle = COLORS.minNorm; g.lineWidth = 3; g.setLineDash([10, 7]);
      drawLine(g, m, u, 0);
      g.setLineDash([]);
    }
    if (runs) {
      const r = runs.start, lastT = r.iterations[r.iterations.length - 1];
      g.font = `${font}px system-ui, sans-serif`;
      for (const t of HISTORY_T) {
        const i = r.iterations.indexOf(t);
        const w = i < 0 || t === lastT ? null : weightsAt(r, i);
        if (!w || isZero(w)) continue;
        g.strokeStyle = COLORS.history; g.lineWidth = 1.5;
        drawLine(g, m, w, 0);
        const [lx, ly] = boundaryLabelAt(w);
        g.fillStyle = '#5b6475'; g.textAlign = 'center'; g.textBaseline = 'middle';
        g.fillText(`t=${pow10(Math.round(Math.log10(t)))}`, m.X(lx), m.Y(ly));
      }
      const wl = weightsAt(r, r.iterations.length - 1);
      const u = lengthOf(wl).direction;
      if (u) {
        g.strokeStyle = COLORS.start; g.lineWidth = 3;
        drawLine(g, m, wl, 0);
        // Arrow along w/‖w‖ (the core's): the side GD calls class +1.
        g.lineWidth = 2.5; g.beginPath(); g.moveTo(m.X(0), m.Y(0)); g.lineTo(m.X(1.5 * u[0]), m.Y(1.5 * u[1])); g.stroke();
      }
    }
    lg.points.forEach((p, i) => {
      if (lg.labels[i] > 0) disc(g, m.X(p[0]), m.Y(p[1]), 7, COLORS.pos, { rim: '#fff' });
      else square(g, m.X(p[0]), m.Y(p[1]), 6, COLORS.neg, '#fff');
    });
    g.restore();
  }

  function drawPlot() {
    const { runs, angles, job } = drawn;
    const width = Math.max(220, Math.floor(plotCanvas.parentElement.clientWidth));
    const height = Math.round(Math.max(200, Math.min(280, width * 0.55)));
    const series = [];
    for (const [k, name, color] of [['zero', 'from w⁰ = 0', COLORS.zero], ['start', `from w⁰ = ${job && vec(job.starts[1])}`, COLORS.start]]) {
      if (!runs || !angles[k]) continue;
      const xs = [], ys = [];
      runs[k].iterations.forEach((t, i) => { if (t >= 1) { xs.push(t); ys.push(angles[k][i]); } });
      series.push({ name, color, xs, ys });
    }
    if (!series.length) {
      emptyPlot(plotCanvas, width, height, !job ? 'Computing the runs…' : drawn.failed ? 'Nothing to plot: see the message above.'
        : 'No max-margin direction: the classes are not separable through 0.');
      return;
    }
    linePlot(plotCanvas, series, {
      size: { width, height }, xLabel: 'iteration t (log scale)', yLabel: 'angle to u* (degrees)',
      logX: true, xMin: 1, xMax: job.iterations, yMin: 0,
    });
  }

  function addPoint(p) {
    const error = model.addPoint(p);
    if (error) { msg.error(error); return; }
    added.textContent = `Added a class ${lg.cls > 0 ? '+1' : '−1'} point at ${vecFx(p)} (${lg.points.length} points).`;
    update();
  }
  ctx.listen(canvas, 'click', (ev) => { const w = worldAtEvent(canvas, ev); if (w) addPoint(w); });

  return { el, update, draw };
}
