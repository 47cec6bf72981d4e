// The regularization station's toy panel: a one-hidden-layer network fits 20 noisy points;
// L2 weight decay λ, dropout p and early stopping keep it from fitting the noise.
//
//   ŷ(x) = vᵀ·drop(h(W x + b))/√H + c,   h = tanh or ReLU, H hidden units
//   f(w) = (1/2|B|)·Σ_{i∈B} (ŷ(xᵢ) − yᵢ)² + (λ/2)·(‖W‖²_F + ‖v‖²)   per mini-batch B
//
// Training runs in the worker (www/workers/train_mlp.js) one ~60 ms slice at a time, so the
// curves move live and Stop answers at once.
import { h, select, button, message, nextId } from '../../lib/dom.js';
import { numberControl } from '../../lib/controls.js';
import { linePlot } from '../../lib/plot.js';
import { num as fmtNum } from '../../lib/format.js';
import { EPOCH_CHOICES, LAMBDA } from './model.js';

const PLOT = { width: 440, height: 330 };
const X_MIN = -1.05, X_MAX = 1.05; // the data lie in [−1, 1]
const Y_MIN = -2.2, Y_MAX = 2.6; // fixed so the curve does not jump while training
const GRID_N = 211;
const GRID = Array.from({ length: GRID_N }, (_, i) => X_MIN + ((X_MAX - X_MIN) * i) / (GRID_N - 1));
const STEP_BUDGET_MS = 60;
const RESET_DELAY_MS = 150;
const KEY = 'regularize';
export const COLORS = { train: '#2458c6', val: '#d97706', early: '#15803d', truth: '#8a8f99', noise: '#9aa1ad' };
const num = (v) => fmtNum(v, 3);
const us = (n) => n.toLocaleString('en-US');

export function dot(g, x, y, r, fill, stroke) {
  g.beginPath(); g.arc(x, y, r, 0, 2 * Math.PI);
  g.fillStyle = fill; g.fill();
  if (stroke) { g.strokeStyle = stroke; g.lineWidth = 1.2; g.stroke(); }
}

/** Builds the toy panel; `s` is the station state (mutated), `save()` writes the address. */
export function fitPanels(ctx, s, save) {
  const NOISE_SD = ctx.wasm.station_constants().noise_sd; // σ of the toy labels' noise: the best MSE is σ²
  let alive = true, run = null, training = false, stopRequested = false, generation = 0, showEarly = true;
  ctx.onCleanup(() => {
    alive = false; stopRequested = true; clearTimeout(resetTimer);
    ctx.worker.run('train_mlp', { op: 'free', key: KEY }).catch(() => {});
  });
  const changed = (now) => settingsChanged(now);
  const fitCanvas = h('canvas', { class: 'rg-fit', role: 'img', 'aria-label': 'The 20 training points, the true function, the network\'s fitted curve and the early-stopping curve' });
  const errCanvas = h('canvas', { class: 'rg-err', role: 'img', 'aria-label': 'Training and validation error against epoch on a log scale, with the early-stopping point' });
  /** A slider + typed box for setting `key` (box #rg-<id>-box, range data-key = id). */
  const ctl = (key, id, opts) => {
    const c = numberControl({ id: `rg-${id}`, value: s[key], ...opts, onChange: (v) => { s[key] = v; changed(); } });
    c.range.dataset.key = id;
    return c;
  };
  const hiddenCtl = ctl('hidden', 'hidden', { label: 'Hidden units H', min: 1, max: 200, integer: true });
  const actCtl = select({ label: 'Activation h', options: [{ value: 'tanh', label: 'tanh' }, { value: 'relu', label: 'ReLU' }], value: s.act, onChange: (v) => { s.act = v; changed(); } });
  // λ on a log slider whose left end is 0 (no weight decay); 0 may be typed too.
  const lamCtl = ctl('lam', 'lambda', { label: 'Weight decay λ', log: true, zero: true, min: LAMBDA.min, max: LAMBDA.max, digits: 2, zeroNote: 'off' });
  const pCtl = ctl('p', 'p', { label: 'Dropout p', min: 0, max: 0.8, step: 0.05, digits: 2, zeroNote: 'off' });
  const lrCtl = ctl('lr', 'lr', { label: 'Learning rate α', log: true, min: 0.001, max: 1, digits: 2 });
  const bsCtl = select({ label: 'Batch size', options: [{ value: '1', label: '1 (SGD)' }, { value: '5', label: '5' }, { value: '20', label: '20 (full batch)' }], value: s.bs, onChange: (v) => { s.bs = v; changed(); } });
  const epochsCtl = select({ label: 'Epochs', options: EPOCH_CHOICES.map((e) => ({ value: String(e), label: us(e) })), value: s.epochs, onChange: (v) => { s.epochs = v; save(); draw(); } });
  const trainBtn = button('▶ Train', () => train(), { title: 'Train a fresh network with these settings', cls: 'primary rg-train' });
  const stopBtn = button('■ Stop', () => { stopRequested = true; }, { title: 'Stop training (keeps what was learnt so far)', cls: 'rg-stop' });
  const dataBtn = button('New data', () => { s.data += 1; changed(true); }, { title: 'Draw 20 new noisy training points (and new validation points)', cls: 'rg-newdata' });
  const dataLabel = h('span', { class: 'rg-dataset' });
  const earlyId = nextId('early');
  const earlyBox = h('input', { type: 'checkbox', id: earlyId, checked: true });
  earlyBox.addEventListener('change', () => { showEarly = earlyBox.checked; draw(); });
  const progress = h('progress', { max: 1, value: 0, class: 'rg-progress', 'aria-label': 'Training progress' });
  const status = h('div', { class: 'rg-status', 'aria-live': 'polite' });
  const statsBody = h('tbody');
  const stats = h('table', { class: 'rg-stats' },
    h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, 'epoch'), h('th', {}, 'train MSE'), h('th', {}, 'valid. MSE'), h('th', {}, '‖w‖'))),
    statsBody);
  const msgHost = h('div', { class: 'rg-msg' });
  const msgBox = message(msgHost);
  const controls = h('div', { class: 'panel rg-controls controls stacked-controls' },
    h('h3', {}, 'Network and training'),
    hiddenCtl.el, actCtl.el, lamCtl.el, pCtl.el, lrCtl.el, bsCtl.el, epochsCtl.el,
    h('div', { class: 'row rg-buttons' }, trainBtn, stopBtn),
    h('div', { class: 'row rg-data' }, dataBtn, dataLabel),
    h('div', { class: 'rg-check' }, earlyBox, h('label', { for: earlyId }, 'show the early-stopping curve')),
    h('div', { class: 'rg-progress-row' }, progress, status), msgHost);
  const fitPanel = h('div', { class: 'panel figure rg-fit-panel' },
    h('h3', {}, 'The fit: ŷ(x) = vᵀ h(Wx + b)/√H + c'), fitCanvas,
    h('div', { class: 'rg-key' },
      h('span', { class: 'rg-k rg-k-pts' }, 'training points'), h('span', { class: 'rg-k rg-k-val' }, 'validation points'),
      h('span', { class: 'rg-k rg-k-truth' }, 'true f(x)'), h('span', { class: 'rg-k rg-k-fit' }, 'network now'),
      h('span', { class: 'rg-k rg-k-early' }, 'stop here (early stopping)')),
    h('p', { class: 'caption' }, 'Dots: 20 noisy training samples of f(x) = sin(πx) + x²/2 (noise σ = 0.3). With many units and no regularization the curve chases the noise.'));
  const errPanel = h('div', { class: 'panel figure rg-err-panel' },
    h('h3', {}, 'Error vs epoch (log scale)'), errCanvas, stats,
    h('p', { class: 'caption' }, `Early stopping keeps the weights from the epoch of least validation error (green line); the grey dotted line is the noise level σ² = ${num(NOISE_SD ** 2)}, the best any model can do on average.`));

  const config = () => ({ hidden: s.hidden, activation: s.act, lambda: s.lam, dropout: s.p, learning_rate: s.lr, batch_size: +s.bs, seed: 1, data_seed: s.data });
  const setBusy = () => { trainBtn.disabled = training; stopBtn.disabled = !training; };
  async function start() {
    const gen = ++generation;
    const snap = await ctx.worker.run('train_mlp', { op: 'start', key: KEY, config: config(), grid: GRID });
    if (!alive || gen !== generation) return null;
    run = { ...snap, history: { e: [], tr: [], va: [] } };
    appendHistory(snap.history);
    run.first = { train: run.history.tr[0], val: run.history.va[0], weightNorm: snap.weightNorm };
    return gen;
  }
  function appendHistory(flat) {
    for (let i = 0; i < flat.length; i += 3) { run.history.e.push(flat[i]); run.history.tr.push(flat[i + 1]); run.history.va.push(flat[i + 2]); }
  }
  let resetTimer = 0;
  function settingsChanged(now = false) {
    save(); stopRequested = true; clearTimeout(resetTimer);
    resetTimer = setTimeout(reset, now ? 0 : RESET_DELAY_MS);
  }
  async function reset() {
    msgBox.clear();
    try {
      if (await start()) { status.textContent = 'Ready: press Train.'; progress.value = 0; draw(); }
    } catch (e) { if (alive) msgBox.error(e.message); }
  }
  async function train() {
    if (training) return;
    clearTimeout(resetTimer);
    training = true; stopRequested = false; setBusy(); msgBox.clear();
    try {
      const gen = await start();
      if (!gen) return;
      draw();
      const until = +s.epochs;
      while (alive && !stopRequested && gen === generation && run.epoch < until) {
        const snap = await ctx.worker.run('train_mlp', { op: 'step', key: KEY, until, budgetMs: STEP_BUDGET_MS, grid: GRID, from: run.history.e.length }, (f) => { progress.value = f; });
        if (!alive || gen !== generation) return;
        const history = run.history;
        Object.assign(run, snap, { history });
        appendHistory(snap.history);
        progress.value = run.epoch / until;
        status.textContent = `Epoch ${us(run.epoch)} of ${us(until)}`;
        draw();
      }
      if (alive && gen === generation) status.textContent = run.epoch >= until ? `Done: ${us(until)} epochs.` : `Stopped at epoch ${us(run.epoch)}.`;
    } catch (e) {
      if (alive) { msgBox.error(e.message); status.textContent = 'Training stopped.'; draw(); }
    } finally {
      training = false;
      if (alive) setBusy();
    }
  }

  function draw() { drawFit(); drawErrors(); drawStats(); dataLabel.textContent = `data set #${s.data}`; ctx.rendered(); }

  function drawFit() {
    
    const series = [];
    if (run) {
      series.push({ color: COLORS.truth, dash: [6, 5], width: 2, xs: GRID, ys: Array.from(run.data.target) });
      if (showEarly && run.best[0] > 0 && run.best[0] !== run.epoch) series.push({ color: COLORS.early, dash: [10, 6], width: 3, xs: GRID, ys: Array.from(run.bestCurve) });
      series.push({ color: COLORS.train, width: 3.2, xs: GRID, ys: Array.from(run.curve) });
    }
    const { px, py } = linePlot(fitCanvas, series, { size: PLOT, xLabel: 'x', yLabel: 'y', xMin: X_MIN, xMax: X_MAX, yMin: Y_MIN, yMax: Y_MAX });
    if (!run) return;
    const g = fitCanvas.getContext('2d');
    g.save();
    const inside = (y) => y >= Y_MIN && y <= Y_MAX;
    const { valX, valY, trainX, trainY } = run.data;
    for (let i = 0; i < valX.length; i++) if (inside(valY[i])) dot(g, px(valX[i]), py(valY[i]), 2.2, 'rgba(217,119,6,0.45)');
    for (let i = 0; i < trainX.length; i++) if (inside(trainY[i])) dot(g, px(trainX[i]), py(trainY[i]), 5, '#1d2330', '#fff');
    g.font = 'bold 15px system-ui, sans-serif'; g.fillStyle = '#1d2330'; g.textAlign = 'left'; g.textBaseline = 'top';
    g.fillText(`epoch ${us(run.epoch)}   ‖w‖ = ${num(run.weightNorm)}`, px(X_MIN) + 8, py(Y_MAX) + 6);
    g.restore();
    const curve = Array.from(run.curve).filter((_, i) => GRID[i] >= -1 && GRID[i] <= 1);
    fitCanvas.dataset.fitRange = String(Math.max(...curve) - Math.min(...curve));
  }

  function drawErrors() {
    
    // While training the axis spans the whole run; a stopped run fills the plot.
    const xMax = training || !run || run.epoch === 0 ? Math.max(+s.epochs, run ? run.epoch : 0) : Math.max(run.epoch, 10);
    const series = [];
    if (run) {
      const { e, tr, va } = run.history;
      series.push({ name: 'training', color: COLORS.train, xs: e, ys: tr, width: 2.6 });
      series.push({ name: 'validation', color: COLORS.val, xs: e, ys: va, width: 2.6 });
    }
    series.push({ name: 'noise σ²', color: COLORS.noise, dash: [2, 4], width: 2, xs: [0, xMax], ys: [NOISE_SD ** 2, NOISE_SD ** 2] });
    const all = run ? [...run.history.tr, ...run.history.va].filter((v) => v > 0 && Number.isFinite(v)) : [];
    const yMax = Math.max(1, ...all) * 1.3, yMin = Math.min(0.02, ...all) / 1.3;
    // 3 % spare on the right keeps the last tick's label inside the canvas.
    const { px, py } = linePlot(errCanvas, series, { size: PLOT, xLabel: 'epoch', yLabel: 'mean squared error', logY: true, xMin: 0, xMax: xMax * 1.03, yMin, yMax });
    if (!run || run.epoch === 0) return;
    const g = errCanvas.getContext('2d');
    const [be, , bv] = run.best;
    const x = px(be);
    g.save();
    g.strokeStyle = COLORS.early; g.lineWidth = 2; g.setLineDash([6, 4]);
    g.beginPath(); g.moveTo(x, py(yMax)); g.lineTo(x, py(yMin)); g.stroke();
    g.setLineDash([]);
    dot(g, x, py(bv), 6, COLORS.early, '#fff');
    g.font = 'bold 15px system-ui, sans-serif'; g.fillStyle = COLORS.early; g.textBaseline = 'bottom';
    const label = `stop here: epoch ${us(be)}`;
    const w = g.measureText(label).width;
    const right = x + 8 + w < px(xMax * 1.03) - 4;
    g.textAlign = right ? 'left' : 'right';
    g.fillStyle = 'rgba(255,255,255,0.85)';
    g.fillRect(right ? x + 6 : x - 10 - w, py(yMin) - 26, w + 6, 22);
    g.fillStyle = COLORS.early;
    g.fillText(label, right ? x + 8 : x - 8, py(yMin) - 6);
    g.restore();
  }

  function drawStats() {
    statsBody.replaceChildren();
    if (!run) return;
    const row = (name, cls, epoch, tr, va, w) => h('tr', { class: cls },
      h('th', {}, name), h('td', { 'data-stat': `${cls}-epoch` }, us(epoch)),
      h('td', { 'data-stat': `${cls}-train` }, num(tr)), h('td', { 'data-stat': `${cls}-val` }, num(va)),
      h('td', { 'data-stat': `${cls}-w` }, num(w)));
    const last = run.history.e.length - 1;
    statsBody.append(
      row('start', 'first', 0, run.first.train, run.first.val, run.first.weightNorm),
      row('now', 'now', run.epoch, run.history.tr[last], run.history.va[last], run.weightNorm),
      row('stop here', 'best', run.best[0], run.best[1], run.best[2], run.bestWeightNorm));
  }


  setBusy();
  draw();
  reset();
  return { els: [controls, fitPanel, errPanel] };
}
