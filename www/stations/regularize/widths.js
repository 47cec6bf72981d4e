// The regularization station's width sweep on MNIST (Neyshabur, Tomioka & Srebro 2015, Fig. 1):
// one-hidden-layer ReLU nets of 4 … 2,048 units, plain SGD, no regularizer, trained until the
// training error is 0 (or an epoch cap). The figure opens at once from the shipped results
// (www/data/width-sweep.json, made by `cargo run --release --example width_sweep`); any width,
// or the whole sweep, can be rerun here in the worker with the same settings.
import { h, button, select, message } from '../../lib/dom.js';
import { linePlot } from '../../lib/plot.js';
import { thousands } from '../../lib/format.js';
import { mergePoint, interpolationWidth, describeWidths } from './model.js';
import { COLORS, dot } from './fit.js';

const PLOT = { width: 560, height: 360 };
const KEY = 'widths';
const EPOCH_BUDGET_MS = 400;
const pct = (e) => `${(100 * e).toFixed(2)} %`;

export function widthPanel(ctx) {
  let alive = true, running = false, stop = false;
  let shipped = null, points = [];
  ctx.onCleanup(() => { alive = false; stop = true; ctx.worker.run('train_mlp', { op: 'free', key: KEY }).catch(() => {}); });

  const canvas = h('canvas', { class: 'rg-widths', role: 'img', 'aria-label': 'Training and held-out error against the number of hidden units, log scale' });
  const settingsNote = h('p', { class: 'caption rg-widths-settings' });
  const widthSel = select({ label: 'Width', options: [], onChange: () => {} });
  widthSel.input.dataset.key = 'width';
  const oneBtn = button('▶ Rerun this width', () => rerun([+widthSel.get()]), { cls: 'primary rg-rerun-one', title: 'Train this width again here, with the shipped settings' });
  const allBtn = button('Rerun whole sweep', () => rerun(shipped.points.map((p) => p.width)), { cls: 'rg-rerun-all', title: 'Train every width again here (several minutes)' });
  const stopBtn = button('■ Stop', () => { stop = true; }, { cls: 'rg-widths-stop' });
  const progress = h('progress', { max: 1, value: 0, class: 'rg-progress', 'aria-label': 'Rerun progress' });
  const status = h('div', { class: 'rg-status rg-widths-status', 'aria-live': 'polite' });
  const msgEl = h('div', { class: 'rg-msg' });
  const msg = message(msgEl);
  const body = h('tbody');
  const table = h('table', { class: 'rg-stats rg-widths-table' },
    h('thead', {}, h('tr', {}, h('th', {}, 'units'), h('th', {}, 'weights'), h('th', {}, 'epochs'), h('th', {}, 'train error'), h('th', {}, 'held-out'))), body);
  const tableNote = h('p', { class: 'caption rg-widths-note' });
  const finding = h('p', { class: 'rg-finding rg-widths-finding', 'aria-live': 'polite' });
  const el = h('div', { class: 'panel rg-widths-panel' },
    h('h3', {}, 'Test error vs width on MNIST (SGD, no regularization)'),
    h('div', { class: 'rg-sweep-grid' },
      h('div', { class: 'controls rg-sweep-controls' },
        h('p', { class: 'note' }, 'The lecture\'s "hidden regularization" slide (Neyshabur, Tomioka & Srebro 2015, Fig. 1): one hidden ReLU layer, trained by plain SGD with no weight decay, dropout or early stopping until every training digit is right. Wider nets fit the training set exactly — does held-out error still fall?'),
        settingsNote, widthSel.el,
        h('div', { class: 'row rg-buttons' }, oneBtn, stopBtn), allBtn,
        h('div', { class: 'rg-progress-row' }, progress, status), msgEl),
      h('div', { class: 'figure' }, canvas),
      h('div', { class: 'rg-sweep-side' }, table, tableNote, finding)));

  function setBusy() {
    oneBtn.disabled = allBtn.disabled = running || !shipped;
    stopBtn.disabled = !running;
  }

  async function load() {
    try {
      const r = await fetch(new URL('../../data/width-sweep.json', import.meta.url));
      if (!r.ok) throw new Error(`The shipped sweep could not be loaded (${r.status}).`);
      shipped = await r.json();
    } catch (e) {
      if (alive) msg.error(e.message);
      return;
    }
    if (!alive) return;
    const st = shipped.settings;
    points = shipped.points.map((p) => ({ ...p, source: 'shipped' }));
    widthSel.input.replaceChildren(...shipped.points.map((p) => p.width).map((w) => h('option', { value: String(w) }, thousands(w))));
    settingsNote.textContent = `Settings: the first ${thousands(st.train_digits)} training digits, ${thousands(st.held_out_digits)} held-out digits; step size ${st.learning_rate}, batch ${st.batch_size}, momentum 0, weight decay 0, seed ${st.seed}; at most ${st.max_epochs} epochs. Shipped results: ${shipped.made_by} (${Math.round(shipped.seconds)} s natively).`;
    status.textContent = 'Shipped results: rerun any width to check them.';
    setBusy();
    draw();
  }

  async function rerun(widths) {
    if (running || !shipped) return;
    running = true; stop = false; msg.clear(); setBusy();
    try {
      for (const [k, w] of widths.entries()) {
        if (!alive || stop) break;
        await ctx.worker.run('train_mlp', { op: 'width_start', key: KEY, width: w });
        for (;;) {
          const r = await ctx.worker.run('train_mlp', { op: 'width_epoch', key: KEY, budgetMs: EPOCH_BUDGET_MS });
          if (!alive) return;
          const cap = shipped.settings.max_epochs;
          progress.value = (k + (r.done ? 1 : r.epochs / cap)) / widths.length;
          status.textContent = `${thousands(w)} units: epoch ${r.epochs} of at most ${cap}, training error ${pct(r.trainError)}`;
          if (r.done) { points = mergePoint(points, { ...r.point, source: 'rerun' }); draw(); break; }
          if (stop) break;
        }
      }
      if (alive) status.textContent = stop ? 'Stopped: the points rerun so far are shown.' : `Done: ${widths.length === 1 ? `${thousands(widths[0])} units` : `${widths.length} widths`} rerun here.`;
    } catch (e) {
      if (alive) msg.error(e.message);
    } finally {
      running = false;
      if (alive) { setBusy(); ctx.rendered(); }
    }
  }

  function draw() {
    const P = points;
    const w0 = interpolationWidth(P);
    const ys = (k) => P.map((p) => 100 * p[k]);
    const xs = P.map((p) => p.width);
    const yMax = Math.max(5, ...ys('held_out_error'), ...ys('train_error')) * 1.1;
    const series = [
      { name: 'training error', color: COLORS.train, xs, ys: ys('train_error'), width: 2.6, marker: 'circle', markerSize: 4 },
      { name: 'held-out error', color: COLORS.val, xs, ys: ys('held_out_error'), width: 2.6, marker: 'circle', markerSize: 4 },
    ];
    const vlines = w0 === null ? [] : [{ x: w0, color: COLORS.early, dash: [6, 4], label: 'training error 0' }];
    const { px, py } = linePlot(canvas, series, { size: PLOT, logX: true, xMin: 3, xMax: P.length ? P[P.length - 1].width * 1.4 : 3000, yMin: 0, yMax, xLabel: 'hidden units (log scale)', yLabel: 'error (%)', vlines });
    const g = canvas.getContext('2d');
    // Points rerun in this browser get a white ring.
    for (const p of P.filter((q) => q.source === 'rerun')) {
      dot(g, px(p.width), py(100 * p.held_out_error), 6, COLORS.val, '#fff');
      dot(g, px(p.width), py(100 * p.train_error), 6, COLORS.train, '#fff');
    }
    canvas.dataset.points = String(P.length);
    canvas.dataset.rerun = P.filter((q) => q.source === 'rerun').map((q) => q.width).join(',');
    body.replaceChildren(...P.map((p) => h('tr', { 'data-width': String(p.width), class: p.source },
      h('td', {}, thousands(p.width)), h('td', {}, thousands(p.params)), h('td', {}, String(p.epochs)),
      h('td', { 'data-stat': 'train' }, pct(p.train_error)), h('td', { 'data-stat': 'held-out' }, pct(p.held_out_error)))));
    tableNote.textContent = P.some((q) => q.source === 'rerun') ? '↻ = rerun in this browser; the other rows are the shipped results.' : 'All rows: the shipped results.';
    const heldOut = shipped.settings.held_out_digits;
    finding.textContent = describeWidths(P, { heldOut, standardError: (p) => ctx.wasm.error_rate_standard_error(p, heldOut) });
    ctx.rendered();
  }

  setBusy();
  load();
  return { el };
}
