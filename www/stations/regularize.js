// Station "Regularization": a one-hidden-layer network fits 20 noisy points; L2 weight decay λ,
// dropout p and early stopping keep it from fitting the noise.
//
//   ŷ(x) = vᵀ·drop(h(W x + b))/√H + c,   h = tanh or ReLU, H hidden units
//   f(w) = (1/2|B|)·Σ_{i∈B} (ŷ(xᵢ) − yᵢ)² + (λ/2)·(‖W‖²_F + ‖v‖²)   per mini-batch B
//   w ← w − α·∇f(w)  (the penalty adds λw: each step "decays" the weights)
//
// Training runs in the Web Worker (www/workers/train_mlp.js) one ~60 ms slice at a time, so the
// curves move live and Stop answers at once. A second panel sweeps the number of hidden units
// with no regularization (the lecture's "hidden regularization" slide).

import { h, slider, select, button, message, nextId } from '../lib/dom.js';
import { makeCanvas } from '../lib/canvas.js';
import { linePlot } from '../lib/plot.js';

// ---- figure geometry: linePlot lays out PLOT_W × PLOT_H logical px on a SCALE× finer canvas ----
const PLOT_W = 440, PLOT_H = 330, SCALE = 2;
const X_MIN = -1.05, X_MAX = 1.05; // the data lie in [−1, 1]
const Y_MIN = -2.2, Y_MAX = 2.6; // fixed so the curve does not jump while training
const GRID_N = 211; // points where the fitted curve is drawn
const GRID = Array.from({ length: GRID_N }, (_, i) => X_MIN + ((X_MAX - X_MIN) * i) / (GRID_N - 1));
const STEP_BUDGET_MS = 60; // training time per worker call between redraws
const RESET_DELAY_MS = 150; // debounce for slider drags
const KEY = 'regularize';
const SWEEP_WIDTHS = [1, 2, 5, 10, 20, 50, 100, 200];
const SWEEP_SEEDS = [1, 2, 3]; // each width is trained from 3 initialisations and averaged
const COLORS = { train: '#2458c6', val: '#d97706', early: '#15803d', truth: '#8a8f99', noise: '#9aa1ad' };
const EPOCH_CHOICES = [200, 500, 1000, 2000, 5000, 10000];
const SWEEP_EPOCH_CHOICES = [1000, 5000, 20000];
const LAMBDA_OFF = -6; // λ slider position meaning λ = 0; positions above are log₁₀ λ

const DEFAULTS = { hidden: 50, act: 'tanh', lam: 0, p: 0, lr: 0.05, bs: 1, epochs: 2000, data: 1, sweepEpochs: 5000 };

/** A number with 3 significant digits, e-notation when tiny, real minus signs. */
function num(v, digits = 3) {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : '∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a < 1e-3 || a >= 1e5 ? v.toExponential(digits - 1).replace('e', '·10^').replace('^+', '^') : String(+v.toPrecision(digits));
  return s.replace(/\^(-?\d+)/, (_, e) => e.split('').map((c) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[c] ?? '⁻').join('')).replace(/-/g, '−');
}
const lambdaFromPos = (pos) => (pos <= LAMBDA_OFF ? 0 : +(10 ** pos).toPrecision(2));
const posFromLambda = (lam) => (lam > 0 ? Math.max(LAMBDA_OFF + 0.25, Math.log10(lam)) : LAMBDA_OFF);

/** A 2D context drawing in logical px on a SCALE× canvas, wrapped for linePlot. */
function logical(canvas) {
  const g = canvas.getContext('2d');
  g.setTransform(SCALE, 0, 0, SCALE, 0, 0);
  return { g, view: { width: PLOT_W, height: PLOT_H, getContext: () => g } };
}

function dot(g, x, y, r, fill, stroke) {
  g.beginPath(); g.arc(x, y, r, 0, 2 * Math.PI);
  g.fillStyle = fill; g.fill();
  if (stroke) { g.strokeStyle = stroke; g.lineWidth = 1.2; g.stroke(); }
}

export function mount(root, ctx) {
  const NOISE_SD = ctx.wasm.station_constants().noise_sd; // σ of the label noise: the best possible MSE is σ²
  const link = h('link', { rel: 'stylesheet', href: new URL('./regularize.css', import.meta.url).href });
  document.head.append(link);
  let alive = true;

  // ---- state (restored from the URL hash where sensible) ----
  const saved = ctx.hash.get();
  const read = (k, ok) => { const v = Number(saved.get(k)); return saved.has(k) && Number.isFinite(v) && ok(v) ? v : DEFAULTS[k]; };
  const s = {
    hidden: read('hidden', (v) => Number.isInteger(v) && v >= 1 && v <= 200),
    act: saved.get('act') === 'relu' ? 'relu' : 'tanh',
    lam: read('lam', (v) => v >= 0 && v <= 1),
    p: read('p', (v) => v >= 0 && v <= 0.8),
    lr: read('lr', (v) => v >= 0.001 && v <= 1),
    bs: read('bs', (v) => [1, 5, 20].includes(v)),
    epochs: read('epochs', (v) => EPOCH_CHOICES.includes(v)),
    data: read('data', (v) => Number.isInteger(v) && v >= 1 && v < 1e9),
    sweepEpochs: DEFAULTS.sweepEpochs,
  };
  let run = null; // {data, epoch, history: {e, tr, va}, best, curve, bestCurve, weightNorm, bestWeightNorm, first}
  let training = false, stopRequested = false, generation = 0;
  let sweep = { running: false, stop: false, points: [] };
  let showEarly = true;

  // ---- DOM: the training panel ----
  const fitCanvas = makeCanvas(PLOT_W * SCALE, PLOT_H * SCALE, { label: 'The 20 training points, the true function, the network\'s fitted curve and the early-stopping curve', cls: 'rg-fit' });
  const errCanvas = makeCanvas(PLOT_W * SCALE, PLOT_H * SCALE, { label: 'Training and validation error against epoch on a log scale, with the early-stopping point', cls: 'rg-err' });
  const hiddenCtl = slider({ label: 'Hidden units H', min: 1, max: 200, step: 1, value: s.hidden, format: (v) => String(v), onInput: (v) => { s.hidden = v; settingsChanged(); } });
  const actCtl = select({ label: 'Activation h', options: [{ value: 'tanh', label: 'tanh' }, { value: 'relu', label: 'ReLU' }], value: s.act, onChange: (v) => { s.act = v; settingsChanged(); } });
  const lamCtl = slider({ label: 'Weight decay λ', min: LAMBDA_OFF, max: 0, step: 0.25, value: posFromLambda(s.lam), format: (pos) => (lambdaFromPos(pos) === 0 ? '0 (off)' : num(lambdaFromPos(pos), 2)), onInput: (pos) => { s.lam = lambdaFromPos(pos); settingsChanged(); } });
  lamCtl.input.dataset.key = 'lambda';
  const pCtl = slider({ label: 'Dropout p', min: 0, max: 0.8, step: 0.05, value: s.p, format: (v) => (v === 0 ? '0 (off)' : v.toFixed(2)), onInput: (v) => { s.p = v; settingsChanged(); } });
  const lrCtl = slider({ label: 'Learning rate α', min: -3, max: 0, step: 0.05, value: Math.log10(s.lr), format: (pos) => num(+(10 ** pos).toPrecision(2), 2), onInput: (pos) => { s.lr = +(10 ** pos).toPrecision(2); settingsChanged(); } });
  const bsCtl = select({ label: 'Batch size', options: [{ value: '1', label: '1 (SGD)' }, { value: '5', label: '5' }, { value: '20', label: '20 (full batch)' }], value: String(s.bs), onChange: (v) => { s.bs = +v; settingsChanged(); } });
  const epochsCtl = select({ label: 'Epochs', options: EPOCH_CHOICES.map((e) => ({ value: String(e), label: e.toLocaleString('en-US') })), value: String(s.epochs), onChange: (v) => { s.epochs = +v; saveHash(); draw(); } });
  const trainBtn = button('▶ Train', () => train(), { title: 'Train a fresh network with these settings', cls: 'primary rg-train' });
  const stopBtn = button('■ Stop', () => { stopRequested = true; }, { title: 'Stop training (keeps what was learnt so far)', cls: 'rg-stop' });
  const dataBtn = button('New data', () => { s.data += 1; settingsChanged(true); }, { title: 'Draw 20 new noisy training points (and new validation points)', cls: 'rg-newdata' });
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
  const fitLegend = h('div', { class: 'rg-key' },
    h('span', { class: 'rg-k rg-k-pts' }, 'training points'),
    h('span', { class: 'rg-k rg-k-val' }, 'validation points'),
    h('span', { class: 'rg-k rg-k-truth' }, 'true f(x)'),
    h('span', { class: 'rg-k rg-k-fit' }, 'network now'),
    h('span', { class: 'rg-k rg-k-early' }, 'stop here (early stopping)'));

  const controls = h('div', { class: 'panel rg-controls controls' },
    h('h3', {}, 'Network and training'),
    hiddenCtl.el, actCtl.el, lamCtl.el, pCtl.el, lrCtl.el, bsCtl.el, epochsCtl.el,
    h('div', { class: 'row rg-buttons' }, trainBtn, stopBtn),
    h('div', { class: 'row rg-data' }, dataBtn, dataLabel),
    h('div', { class: 'rg-check' }, earlyBox, h('label', { for: earlyId }, 'show the early-stopping curve')),
    h('div', { class: 'rg-progress-row' }, progress, status));
  const msgHost = h('div', { class: 'rg-msg' });
  controls.append(msgHost);
  const msgBox = message(msgHost);

  const fitPanel = h('div', { class: 'panel figure rg-fit-panel' },
    h('h3', {}, 'The fit: ŷ(x) = vᵀ h(Wx + b)/√H + c'),
    fitCanvas, fitLegend,
    h('p', { class: 'caption' }, 'Dots: 20 noisy training samples of f(x) = sin(πx) + x²/2 (noise σ = 0.3). With many units and no regularization the curve chases the noise.'));
  const errPanel = h('div', { class: 'panel figure rg-err-panel' },
    h('h3', {}, 'Error vs epoch (log scale)'),
    errCanvas, stats,
    h('p', { class: 'caption' }, 'Early stopping keeps the weights from the epoch of least validation error (green line); the grey dotted line is the noise level σ² = 0.09, the best any model can do on average.'));

  // ---- DOM: the sweep panel ----
  const sweepCanvas = makeCanvas(PLOT_W * SCALE, PLOT_H * SCALE, { label: 'Final training and test error against the number of hidden units, log scale', cls: 'rg-sweep' });
  const sweepEpochsCtl = select({ label: 'Epochs per network', options: SWEEP_EPOCH_CHOICES.map((e) => ({ value: String(e), label: e.toLocaleString('en-US') })), value: String(s.sweepEpochs), onChange: (v) => { s.sweepEpochs = +v; } });
  sweepEpochsCtl.input.dataset.key = 'sweep-epochs';
  const sweepBtn = button('▶ Run sweep', () => runSweep(), { title: 'Train networks with 1 … 200 hidden units, no regularization', cls: 'primary rg-sweep-run' });
  const sweepStopBtn = button('■ Stop', () => { sweep.stop = true; }, { cls: 'rg-sweep-stop' });
  const sweepProgress = h('progress', { max: 1, value: 0, class: 'rg-progress', 'aria-label': 'Sweep progress' });
  const sweepStatus = h('div', { class: 'rg-status', 'aria-live': 'polite' });
  const sweepMsgEl = h('div');
  const sweepMsg = message(sweepMsgEl);
  const sweepBody = h('tbody');
  const sweepTable = h('table', { class: 'rg-stats rg-sweep-table' },
    h('thead', {}, h('tr', {}, h('th', {}, 'H'), h('th', {}, 'train MSE'), h('th', {}, 'test MSE'))), sweepBody);
  const sweepFinding = h('p', { class: 'rg-finding' });
  const sweepPanel = h('div', { class: 'panel rg-sweep-panel' },
    h('h3', {}, 'Test error vs hidden units (SGD, no regularization)'),
    h('div', { class: 'rg-sweep-grid' },
      h('div', { class: 'controls rg-sweep-controls' },
        h('p', { class: 'note' }, 'The lecture\'s "hidden regularization" slide: with SGD and no regularizer, training error falls to ~0 as units are added — and on MNIST test error kept falling too. What happens on our 20 points? Each width is trained from 3 random initialisations (λ = 0, p = 0, α, batch size, activation and data from the left); the plot shows their mean.'),
        sweepEpochsCtl.el,
        h('div', { class: 'row rg-buttons' }, sweepBtn, sweepStopBtn),
        h('div', { class: 'rg-progress-row' }, sweepProgress, sweepStatus),
        sweepMsgEl),
      h('div', { class: 'figure' }, sweepCanvas),
      h('div', { class: 'rg-sweep-side' }, sweepTable, sweepFinding)));

  root.append(h('div', { class: 'station rg' },
    h('div', { class: 'rg-head' },
      h('h2', {}, 'Regularization: weight decay, dropout, early stopping'),
      h('p', { class: 'lede' }, 'Weight decay adds λw to the gradient, dropout zeroes each hidden unit with probability p while training (survivors ×1/(1−p)), early stopping keeps the weights with the least validation error.')),
    h('div', { class: 'rg-top' }, controls, fitPanel, errPanel),
    sweepPanel));

  // ---- helpers ----
  const config = (extra = {}) => ({
    hidden: s.hidden, activation: s.act, lambda: s.lam, dropout: s.p, learning_rate: s.lr,
    batch_size: s.bs, seed: 1, data_seed: s.data, ...extra,
  });
  function saveHash() {
    const q = new URLSearchParams();
    for (const k of ['hidden', 'act', 'lam', 'p', 'lr', 'bs', 'epochs', 'data']) if (s[k] !== DEFAULTS[k]) q.set(k, s[k]);
    ctx.hash.set(q);
  }
  function setBusy() {
    trainBtn.disabled = training;
    stopBtn.disabled = !training;
    sweepBtn.disabled = sweep.running;
    sweepStopBtn.disabled = !sweep.running;
  }

  /** Starts a fresh trainer in the worker (epoch 0) and shows it. */
  async function start() {
    const gen = ++generation;
    const snap = await ctx.worker.run('train_mlp', { op: 'start', key: KEY, config: config(), grid: GRID });
    if (!alive || gen !== generation) return null;
    run = { ...snap, history: { e: [], tr: [], va: [] } };
    appendHistory(snap.history);
    run.first = { epoch: 0, train: run.history.tr[0], val: run.history.va[0], weightNorm: snap.weightNorm };
    return gen;
  }
  function appendHistory(flat) {
    for (let i = 0; i < flat.length; i += 3) { run.history.e.push(flat[i]); run.history.tr.push(flat[i + 1]); run.history.va.push(flat[i + 2]); }
  }

  let resetTimer = 0;
  /** A setting changed: stop any run and show a fresh network with the new settings. */
  function settingsChanged(now = false) {
    saveHash();
    stopRequested = true;
    clearTimeout(resetTimer);
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
      const until = s.epochs;
      while (alive && !stopRequested && gen === generation && run.epoch < until) {
        const snap = await ctx.worker.run('train_mlp',
          { op: 'step', key: KEY, until, budgetMs: STEP_BUDGET_MS, grid: GRID, from: run.history.e.length },
          (f) => { progress.value = f; });
        if (!alive || gen !== generation) return;
        const history = run.history;
        Object.assign(run, snap, { history });
        appendHistory(snap.history);
        progress.value = run.epoch / until;
        status.textContent = `Epoch ${run.epoch.toLocaleString('en-US')} of ${until.toLocaleString('en-US')}`;
        draw();
      }
      if (alive && gen === generation) status.textContent = run.epoch >= until ? `Done: ${until.toLocaleString('en-US')} epochs.` : `Stopped at epoch ${run.epoch.toLocaleString('en-US')}.`;
    } catch (e) {
      if (alive) { msgBox.error(e.message); status.textContent = 'Training stopped.'; draw(); }
    } finally {
      training = false;
      if (alive) setBusy();
    }
  }

  async function runSweep() {
    if (sweep.running) return;
    sweep = { running: true, stop: false, points: [], epochs: s.sweepEpochs, act: s.act, lr: s.lr, bs: s.bs, data: s.data };
    setBusy(); sweepMsg.clear(); sweepFinding.textContent = ''; drawSweep();
    const jobs = SWEEP_WIDTHS.length * SWEEP_SEEDS.length;
    let done = 0;
    try {
      for (const H of SWEEP_WIDTHS) {
        const runs = [];
        for (const seed of SWEEP_SEEDS) {
          if (!alive || sweep.stop) break;
          const cfg = { hidden: H, activation: sweep.act, lambda: 0, dropout: 0, learning_rate: sweep.lr, batch_size: sweep.bs, seed, data_seed: sweep.data };
          runs.push(await ctx.worker.run('train_mlp', { op: 'sweep_point', config: cfg, epochs: sweep.epochs },
            (f) => { sweepProgress.value = (done + f) / jobs; sweepStatus.textContent = `H = ${H}: run ${seed} of ${SWEEP_SEEDS.length}`; }));
          done += 1;
          sweepProgress.value = done / jobs;
        }
        if (!alive || sweep.stop) break;
        const mean = (k) => runs.reduce((a, r) => a + r[k], 0) / runs.length;
        sweep.points.push({ hidden: H, train: mean('train'), test: mean('test') });
        drawSweep();
      }
      if (alive) sweepStatus.textContent = sweep.stop ? `Stopped after ${sweep.points.length} widths.` : `Done: ${SWEEP_WIDTHS.length} widths × ${SWEEP_SEEDS.length} runs × ${sweep.epochs.toLocaleString('en-US')} epochs.`;
      if (alive && !sweep.stop) describeSweep();
    } catch (e) {
      if (alive) sweepMsg.error(e.message);
    } finally {
      sweep.running = false;
      if (alive) setBusy();
    }
  }

  /** States in words what this sweep shows, whatever it is. */
  function describeSweep() {
    const P = sweep.points;
    const best = P.reduce((a, b) => (b.test < a.test ? b : a));
    const last = P[P.length - 1];
    const peak = P.reduce((a, b) => (b.test > a.test ? b : a));
    const parts = [`Training error goes from ${num(P[0].train)} (H = 1) to ${num(last.train)} (H = ${last.hidden}).`,
      `Test error is lowest at H = ${best.hidden} (${num(best.test)}) and is ${num(last.test)} at H = ${last.hidden}.`];
    const fallsAgain = peak.hidden > 1 && peak.hidden < last.hidden && last.test < 0.9 * peak.test;
    if (fallsAgain) parts.push(`Past its peak at H = ${peak.hidden} (${num(peak.test)}) test error comes down again as units are added, as on the slide.`);
    if (last.test <= best.test * 1.1) parts.push('The widest networks are about as good as the best width: adding units did not hurt.');
    else parts.push(`The widest networks do worse than H = ${best.hidden}: on 20 noisy points this run does not fully reproduce the slide's "test error keeps going down".`);
    parts.push(`Noise floor σ² = ${num(NOISE_SD ** 2)}. Try more epochs or another data set: the picture can change.`);
    sweepFinding.textContent = parts.join(' ');
  }

  // ---- drawing ----
  function draw() {
    drawFit();
    drawErrors();
    drawStats();
    dataLabel.textContent = `data set #${s.data}`;
  }

  function drawFit() {
    const { g, view } = logical(fitCanvas);
    const series = [];
    if (run) {
      series.push({ color: COLORS.truth, dash: [6, 5], width: 2, xs: GRID, ys: Array.from(run.data.target) });
      if (showEarly && run.best[0] > 0 && run.best[0] !== run.epoch) series.push({ color: COLORS.early, dash: [10, 6], width: 3, xs: GRID, ys: Array.from(run.bestCurve) });
      series.push({ color: COLORS.train, width: 3.2, xs: GRID, ys: Array.from(run.curve) });
    }
    const { px, py } = linePlot(view, series, { xLabel: 'x', yLabel: 'y', xMin: X_MIN, xMax: X_MAX, yMin: Y_MIN, yMax: Y_MAX });
    if (!run) return;
    g.save();
    const inside = (y) => y >= Y_MIN && y <= Y_MAX;
    const { valX, valY, trainX, trainY } = run.data;
    for (let i = 0; i < valX.length; i++) if (inside(valY[i])) dot(g, px(valX[i]), py(valY[i]), 2.2, 'rgba(217,119,6,0.45)');
    for (let i = 0; i < trainX.length; i++) if (inside(trainY[i])) dot(g, px(trainX[i]), py(trainY[i]), 5, '#1d2330', '#fff');
    g.font = 'bold 15px system-ui, sans-serif'; g.fillStyle = '#1d2330'; g.textAlign = 'left'; g.textBaseline = 'top';
    g.fillText(`epoch ${run.epoch.toLocaleString('en-US')}   ‖w‖ = ${num(run.weightNorm)}`, px(X_MIN) + 8, py(Y_MAX) + 6);
    g.restore();
    const curve = Array.from(run.curve).filter((_, i) => GRID[i] >= -1 && GRID[i] <= 1);
    fitCanvas.dataset.fitRange = String(Math.max(...curve) - Math.min(...curve));
  }

  function drawErrors() {
    const { g, view } = logical(errCanvas);
    // While training the axis spans the whole run; a stopped run fills the plot.
    const xMax = training || !run || run.epoch === 0 ? Math.max(s.epochs, run ? run.epoch : 0) : Math.max(run.epoch, 10);
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
    const { px, py } = linePlot(view, series, { xLabel: 'epoch', yLabel: 'mean squared error', logY: true, xMin: 0, xMax: xMax * 1.03, yMin, yMax });
    if (!run || run.epoch === 0) return;
    const [be, , bv] = run.best;
    const x = px(be);
    g.save();
    g.strokeStyle = COLORS.early; g.lineWidth = 2; g.setLineDash([6, 4]);
    g.beginPath(); g.moveTo(x, py(yMax)); g.lineTo(x, py(yMin)); g.stroke();
    g.setLineDash([]);
    dot(g, x, py(bv), 6, COLORS.early, '#fff');
    g.font = 'bold 15px system-ui, sans-serif'; g.fillStyle = COLORS.early; g.textBaseline = 'bottom';
    const label = `stop here: epoch ${be.toLocaleString('en-US')}`;
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
      h('th', {}, name), h('td', { 'data-stat': `${cls}-epoch` }, epoch.toLocaleString('en-US')),
      h('td', { 'data-stat': `${cls}-train` }, num(tr)), h('td', { 'data-stat': `${cls}-val` }, num(va)),
      h('td', { 'data-stat': `${cls}-w` }, num(w)));
    const last = run.history.e.length - 1;
    statsBody.append(
      row('start', 'first', 0, run.first.train, run.first.val, run.first.weightNorm),
      row('now', 'now', run.epoch, run.history.tr[last], run.history.va[last], run.weightNorm),
      row('stop here', 'best', run.best[0], run.best[1], run.best[2], run.bestWeightNorm));
  }

  function drawSweep() {
    const { g, view } = logical(sweepCanvas);
    const P = sweep.points;
    const lx = P.map((p) => Math.log10(p.hidden));
    const xMax = Math.log10(SWEEP_WIDTHS[SWEEP_WIDTHS.length - 1]);
    const series = [
      { name: 'training', color: COLORS.train, xs: lx, ys: P.map((p) => p.train), width: 2.6 },
      { name: 'test', color: COLORS.val, xs: lx, ys: P.map((p) => p.test), width: 2.6 },
      { name: 'noise σ²', color: COLORS.noise, dash: [2, 4], width: 2, xs: [-0.1, xMax + 0.1], ys: [NOISE_SD ** 2, NOISE_SD ** 2] },
    ];
    const all = P.flatMap((p) => [p.train, p.test]).filter((v) => v > 0);
    const yMax = Math.max(1, ...all) * 1.3, yMin = Math.min(0.02, ...all) / 1.3;
    const { px, py } = linePlot(view, series, { xLabel: 'hidden units H (log scale)', yLabel: 'mean squared error', logY: true, xMin: -0.1, xMax: xMax + 0.1, yMin, yMax });
    // linePlot labels x linearly (in log₁₀ H): replace those labels by the widths themselves.
    const font = Math.max(12, Math.round(Math.min(PLOT_W, PLOT_H) / 22));
    const axisY = py(yMin);
    g.save();
    g.fillStyle = '#fff'; g.fillRect(px(-0.1) - font, axisY + 1, px(xMax + 0.1) - px(-0.1) + 2 * font, font + 6);
    g.font = `${font}px system-ui, sans-serif`; g.fillStyle = '#333'; g.textAlign = 'center'; g.textBaseline = 'top';
    for (const H of SWEEP_WIDTHS) g.fillText(String(H), px(Math.log10(H)), axisY + 4);
    P.forEach((p, i) => {
      dot(g, px(lx[i]), py(p.train), 5, COLORS.train, '#fff');
      dot(g, px(lx[i]), py(p.test), 5, COLORS.val, '#fff');
    });
    g.restore();
    sweepCanvas.dataset.points = String(P.length);
    sweepBody.replaceChildren(...P.map((p) => h('tr', {}, h('td', {}, String(p.hidden)), h('td', {}, num(p.train)), h('td', {}, num(p.test)))));
  }

  // ---- go ----
  setBusy();
  draw();
  drawSweep();
  saveHash(); // the address shows what is used: values the hash held that were refused are dropped
  reset();

  return function unmount() {
    alive = false;
    stopRequested = true;
    sweep.stop = true;
    clearTimeout(resetTimer);
    ctx.worker.run('train_mlp', { op: 'free', key: KEY }).catch(() => {});
    link.remove();
  };
}
