// Station "Skip connections": why residual networks (ResNets) let very deep stacks train.
//
//   plain     h_{l+1} = f(W_l h_l + b_l)
//   residual  h_{l+1} = h_l + f(W_l h_l + b_l)        W_l ~ N(0, gain²/n), f = tanh or ReLU
//   read-out  ŷ = vᵀ h_L + c,   L = (1/2B)·Σ (ŷ − y)²  on a fixed toy batch
//
// Backprop through a residual block adds the incoming gradient back (∂h_{l+1}/∂h_l = I + …),
// so the signal reaching layer 1 cannot shrink like a product of L Jacobians. The figures show,
// per layer, the weight gradient ‖∂L/∂W_l‖ and the sizes of h_l (forward) and ∂L/∂h_l (backward)
// for both wirings with the same weights; "Train" runs 100 gradient-descent steps on both, in
// slices of ≤ SLICE_MS on the main thread (one step at depth 100 takes ~2 ms).

import { h, slider, select, button, message } from '../lib/dom.js';
import { makeCanvas } from '../lib/canvas.js';
import { linePlot } from '../lib/plot.js';

const PLOT_W = 440, PLOT_H = 300, SCALE = 2; // logical px; the canvas is SCALE× finer
const COLORS = { plain: '#c4374b', residual: '#2458c6' };
const TRAIN_STEPS = 100; // steps per click of the Train button
const SLICE_MS = 25; // main-thread time per training slice before yielding to the browser
const DEFAULTS = { depth: 30, act: 'tanh', gain: 1, seed: 1 };

/** A number with 3 significant digits, ·10ⁿ when tiny or huge, real minus signs. */
export function num(v, digits = 3) {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : '∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a < 1e-3 || a >= 1e5 ? v.toExponential(digits - 1).replace('e', '·10^').replace('^+', '^') : String(+v.toPrecision(digits));
  return s.replace(/\^(-?\d+)/, (_, e) => e.split('').map((c) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[c] ?? '⁻').join('')).replace(/-/g, '−');
}

/** A 2D context drawing in logical px on a SCALE× canvas, wrapped for linePlot. */
function logical(canvas) {
  const g = canvas.getContext('2d');
  g.setTransform(SCALE, 0, 0, SCALE, 0, 0);
  return { g, view: { width: PLOT_W, height: PLOT_H, getContext: () => g } };
}

/** yMax on a log axis leaving the top `frac` of the plot free for the legend. */
function headroom(series, frac) {
  const vals = series.flatMap((t) => t.ys.filter((y) => Number.isFinite(y) && y > 0));
  if (!vals.length) return undefined;
  const lo = Math.log10(Math.min(...vals)), hi = Math.log10(Math.max(...vals));
  const span = Math.max(hi - lo, 1);
  return 10 ** (hi + (span * frac) / (1 - frac));
}

const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const stat = (key) => h('b', { 'data-stat': key });

export function mount(root, ctx) {
  const link = h('link', { rel: 'stylesheet', href: new URL('./skip.css', import.meta.url).href });
  document.head.append(link);
  let alive = true;

  const saved = ctx.hash.get();
  const read = (k, ok) => { const v = Number(saved.get(k)); return saved.has(k) && Number.isFinite(v) && ok(v) ? v : DEFAULTS[k]; };
  const s = {
    depth: read('depth', (v) => Number.isInteger(v) && v >= 2 && v <= 100),
    act: saved.get('act') === 'relu' ? 'relu' : 'tanh',
    gain: read('gain', (v) => v >= 0.25 && v <= 2),
    seed: read('seed', (v) => Number.isInteger(v) && v >= 1 && v <= 50),
  };
  let prof = null; // skip_profiles(...) of the current settings
  let trainer = null, history = { p: [], r: [] }, training = false, generation = 0;

  // ---- DOM ----
  const gradCanvas = makeCanvas(PLOT_W * SCALE, PLOT_H * SCALE, { label: 'Weight gradient norm per layer, plain and residual, log scale', cls: 'sk-grad' });
  const sigCanvas = makeCanvas(PLOT_W * SCALE, PLOT_H * SCALE, { label: 'Forward activation size and backward gradient size per layer, plain and residual, log scale', cls: 'sk-sig' });
  const lossCanvas = makeCanvas(PLOT_W * SCALE, PLOT_H * SCALE, { label: 'Training loss against step, plain and residual, log scale', cls: 'sk-loss' });

  const depthCtl = slider({ label: 'Depth L (layers)', min: 2, max: 100, step: 1, value: s.depth, format: (v) => String(v), onInput: (v) => { s.depth = v; changed(); } });
  depthCtl.input.dataset.key = 'depth';
  const actCtl = select({ label: 'Activation f', options: [{ value: 'tanh', label: 'tanh' }, { value: 'relu', label: 'ReLU' }], value: s.act, onChange: (v) => { s.act = v; changed(); } });
  actCtl.input.dataset.key = 'act';
  const gainCtl = slider({ label: 'Init gain', min: 0.25, max: 2, step: 0.05, value: s.gain, format: (v) => v.toFixed(2), onInput: (v) => { s.gain = v; changed(); } });
  gainCtl.input.dataset.key = 'gain';
  const seedCtl = slider({ label: 'Seed', min: 1, max: 50, step: 1, value: s.seed, format: (v) => String(v), onInput: (v) => { s.seed = v; changed(); } });
  seedCtl.input.dataset.key = 'seed';
  const presetBtns = h('div', { class: 'row sk-presets' },
    button('Standard (tanh, gain 1)', () => preset('tanh', 1), { title: 'LeCun init for tanh' }),
    button('Small init (gain 0.5)', () => preset('tanh', 0.5), { title: 'Too-small weights: the plain signal vanishes' }),
    button('ReLU, He (gain 1.4 ≈ √2)', () => preset('relu', 1.4), { title: 'He init for ReLU' }));
  const msgHost = h('div');
  const msg = message(msgHost);

  const finding = h('div', { class: 'sk-finding', 'aria-live': 'polite' },
    h('p', {}, 'At depth ', stat('depth'), ' the first layer\'s weight gradient ‖∂L/∂W₁‖ is ', stat('w-ratio-plain'), '× the last one\'s in the plain net, ', stat('w-ratio-res'), '× in the residual net.'),
    h('p', {}, 'The back-propagated gradient ‖∂L/∂h‖ arrives at the input ', stat('s-ratio-plain'), '× as large as it left the top in the plain net, ', stat('s-ratio-res'), '× in the residual net.'),
    h('p', {}, 'The plain net\'s first layer gets ', stat('w1-plain-vs-res'), '× the gradient of the residual net\'s first layer.'),
    h('p', { class: 'sk-verdict' }));
  const verdict = finding.querySelector('.sk-verdict');
  const params = h('p', { class: 'note sk-params' }, 'Parameters: plain or residual stack ', stat('params'),
    ' (skips are free); DenseNet-style stack where each layer reads all earlier outputs (growth rate 16): ', stat('dense-params'), '.');

  const trainBtn = button(`▶ Train ${TRAIN_STEPS} steps`, () => train(), { title: 'Gradient descent on both networks, same start, same step size α = 0.02', cls: 'primary sk-train' });
  const progress = h('progress', { max: 1, value: 0, class: 'sk-progress', 'aria-label': 'Training progress' });
  const status = h('div', { class: 'sk-status', 'aria-live': 'polite' }, 'Ready: press Train.');
  const lossStats = h('table', { class: 'sk-stats' },
    h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, 'step 0'), h('th', {}, 'now'))),
    h('tbody', {},
      h('tr', { class: 'plain' }, h('th', {}, 'plain'), h('td', { 'data-stat': 'loss0-plain' }), h('td', { 'data-stat': 'loss-plain' })),
      h('tr', { class: 'residual' }, h('th', {}, 'residual'), h('td', { 'data-stat': 'loss0-res' }), h('td', { 'data-stat': 'loss-res' }))));

  const controls = h('div', { class: 'panel controls sk-controls' },
    h('h3', {}, 'The stack'),
    depthCtl.el, actCtl.el, gainCtl.el, seedCtl.el, presetBtns, msgHost,
    h('p', { class: 'note' }, 'Weights Wₗ ~ N(0, gain²/n), biases 0, width n = 16; a batch of 32 inputs x ~ N(0, I) with targets y = sin(x₁ + x₂) + x₃x₄/2; read-out ŷ = vᵀh_L. Both nets get the same weights.'));
  const gradPanel = h('div', { class: 'panel figure' }, h('h3', {}, 'Weight gradient per layer ‖∂L/∂W_l‖'), gradCanvas,
    h('p', { class: 'caption' }, 'Log scale. What gradient descent uses to update each layer: a tiny value means that layer barely learns.'));
  const sigPanel = h('div', { class: 'panel figure' }, h('h3', {}, 'Signal size per layer'), sigCanvas,
    h('p', { class: 'caption' }, 'Log scale. Solid: forward activations, RMS ‖hₗ‖. Dashed: back-propagated gradients, RMS ‖∂L/∂hₗ‖.'));
  const findPanel = h('div', { class: 'panel sk-find-panel' }, h('h3', {}, 'What the figures say'), finding, params);
  const trainPanel = h('div', { class: 'panel sk-train-panel' },
    h('h3', {}, 'Training: loss vs step (log scale)'),
    h('div', { class: 'sk-train-grid' },
      h('div', { class: 'figure' }, lossCanvas),
      h('div', { class: 'controls' }, trainBtn, progress, status, lossStats,
        h('p', { class: 'note' }, 'Full-batch gradient descent, α = 0.02, gradient clipped to norm 1 (clipping only shrinks large gradients, so it cannot hide vanishing ones).'))));

  root.append(h('div', { class: 'station sk' },
    h('div', { class: 'sk-head' },
      h('h2', {}, 'Skip connections: why ResNets can be 100 layers deep'),
      h('p', { class: 'formula' }, 'plain:  hₗ₊₁ = f(Wₗ hₗ)      residual:  hₗ₊₁ = hₗ + f(Wₗ hₗ)      so  ∂hₗ₊₁/∂hₗ = I + diag(f′) Wₗ'),
      h('p', { class: 'lede' }, 'The “I” is a path on which the gradient skips the layer: backprop through L residual blocks is a sum over paths, not a product of L small factors. Drag the depth and watch the red (plain) and blue (residual) curves.')),
    h('div', { class: 'sk-top' }, controls, gradPanel, sigPanel),
    h('div', { class: 'sk-bottom' }, findPanel, trainPanel)));

  // ---- logic ----
  const config = () => ({ depth: s.depth, activation: s.act, gain: s.gain, seed: s.seed });
  function saveHash() {
    const q = new URLSearchParams();
    for (const k of ['depth', 'act', 'gain', 'seed']) if (s[k] !== DEFAULTS[k]) q.set(k, s[k]);
    ctx.hash.set(q);
  }
  function preset(act, gain) {
    s.act = act; s.gain = gain; actCtl.set(act); gainCtl.set(gain); changed();
  }

  /** Settings changed: recompute the profile now (a few ms), drop any training run. */
  function changed() {
    saveHash();
    generation++;
    trainer?.free(); trainer = null; history = { p: [], r: [] };
    training = false; trainBtn.disabled = false; progress.value = 0;
    status.textContent = 'Ready: press Train.';
    try {
      msg.clear();
      prof = ctx.wasm.skip_profiles(config());
      // The untrained loss is step 0 of the training curve.
      history = { p: [prof.plain.loss], r: [prof.residual.loss] };
    } catch (e) {
      prof = null; msg.error(e.message);
    }
    draw();
  }

  function push(flat) {
    for (let i = 0; i < flat.length; i += 2) { history.p.push(flat[i]); history.r.push(flat[i + 1]); }
  }

  async function train() {
    if (training) return;
    const gen = generation;
    training = true; trainBtn.disabled = true; msg.clear();
    try {
      if (!trainer) { trainer = new ctx.wasm.SkipTrainer(config()); history = { p: [], r: [] }; push(trainer.history_from(0)); }
      const until = trainer.steps() + TRAIN_STEPS, from = trainer.steps();
      while (alive && gen === generation && trainer.steps() < until) {
        const t0 = performance.now();
        const before = trainer.steps();
        while (trainer.steps() < until && performance.now() - t0 < SLICE_MS) trainer.step(1);
        push(trainer.history_from(before + 1));
        progress.value = (trainer.steps() - from) / TRAIN_STEPS;
        status.textContent = `Step ${trainer.steps()} of ${until}`;
        drawLoss();
        // The longest main-thread slice so far (ms), for the curious and for the e2e test.
        lossCanvas.dataset.maxSliceMs = String(Math.max(+(lossCanvas.dataset.maxSliceMs || 0), performance.now() - t0));
        await new Promise((r) => setTimeout(r, 0));
      }
      if (alive && gen === generation) { status.textContent = `Done: ${trainer.steps()} steps.`; drawLoss(); }
    } catch (e) {
      if (alive) msg.error(e.message);
    } finally {
      if (gen === generation) { training = false; trainBtn.disabled = false; }
    }
  }

  // ---- drawing ----
  function setStat(key, v) {
    const el = root.querySelector(`[data-stat="${key}"]`);
    el.textContent = num(v);
    el.dataset.value = String(v);
  }

  function draw() {
    drawProfiles();
    drawLoss();
  }

  function drawProfiles() {
    const L = s.depth;
    const layers = range(1, L), levels = range(0, L);
    let series = [];
    if (prof) {
      series = [
        { name: 'plain', color: COLORS.plain, xs: layers, ys: prof.plain.grad_norms, width: 3 },
        { name: 'residual', color: COLORS.residual, xs: layers, ys: prof.residual.grad_norms, width: 3 },
      ];
    }
    linePlot(logical(gradCanvas).view, series, { xLabel: 'layer l (1 = next to the input)', logY: true, xMin: 1, xMax: L, yMax: headroom(series, 0.2) });
    let sig = [];
    if (prof) {
      sig = [
        { name: 'plain ‖h‖', color: COLORS.plain, xs: levels, ys: prof.plain.act_norms, width: 3 },
        { name: 'plain ‖∂L/∂h‖', color: COLORS.plain, xs: levels, ys: prof.plain.signal_norms, width: 3, dash: [8, 5] },
        { name: 'residual ‖h‖', color: COLORS.residual, xs: levels, ys: prof.residual.act_norms, width: 3 },
        { name: 'residual ‖∂L/∂h‖', color: COLORS.residual, xs: levels, ys: prof.residual.signal_norms, width: 3, dash: [8, 5] },
      ];
    }
    linePlot(logical(sigCanvas).view, sig, { xLabel: 'layer l (0 = the input)', logY: true, xMin: 0, xMax: L, yMax: headroom(sig, 0.36) });
    if (!prof) return;
    const P = prof.plain, R = prof.residual;
    root.querySelector('[data-stat="depth"]').textContent = String(L);
    setStat('w-ratio-plain', P.grad_norms[0] / P.grad_norms[L - 1]);
    setStat('w-ratio-res', R.grad_norms[0] / R.grad_norms[L - 1]);
    const sp = P.signal_norms[0] / P.signal_norms[L], sr = R.signal_norms[0] / R.signal_norms[L];
    setStat('s-ratio-plain', sp);
    setStat('s-ratio-res', sr);
    setStat('w1-plain-vs-res', P.grad_norms[0] / R.grad_norms[0]);
    root.querySelector('[data-stat="params"]').textContent = prof.params.toLocaleString('en-US');
    root.querySelector('[data-stat="dense-params"]').textContent = prof.densenet_params.toLocaleString('en-US');
    const words = [];
    if (sp < 1e-2) words.push(`Vanishing gradients: in the plain net the signal shrinks ${num(1 / sp)}-fold on its way down, so the first layers hardly learn.`);
    else if (sp > 1e2) words.push(`Exploding gradients: in the plain net the signal grows ${num(sp)}-fold on its way down.`);
    else words.push('At this depth and gain the plain net\'s gradient signal neither vanishes nor explodes much: try depth 100 or gain 0.5.');
    const big = Math.max(...R.act_norms);
    if (big > 1e3) words.push(`The residual sum hₗ + f(Wₗ hₗ) keeps growing (‖h‖ reaches ${num(big)}); real ResNets add batch normalization to hold it in check.`);
    else if (sr >= 0.1 && sr <= 10) words.push('The skip connection carries the gradient straight down: the residual net\'s signal stays within a factor 10.');
    else if (sr > 10) words.push(`In the residual net the gradient paths add up instead of multiplying away: its signal even grows ${num(sr)}-fold toward the input.`);
    verdict.textContent = words.join(' ');
  }

  function drawLoss() {
    const steps = history.p.length - 1;
    const xs = range(0, Math.max(0, steps));
    const series = [
      { name: 'plain', color: COLORS.plain, xs, ys: history.p, width: 3 },
      { name: 'residual', color: COLORS.residual, xs, ys: history.r, width: 3 },
    ];
    const { g, view } = logical(lossCanvas);
    const yMax = history.p.length ? headroom(series, 0.2) : undefined;
    // Leave a margin below the lowest value so a curve never sits on the frame.
    const lows = series.flatMap((t) => t.ys.filter((y) => Number.isFinite(y) && y > 0));
    const yMin = lows.length ? Math.min(...lows) / 3 : undefined;
    const { px, py } = linePlot(view, history.p.length ? series : [], { xLabel: 'step', yLabel: 'loss L', logY: true, xMin: 0, xMax: Math.max(TRAIN_STEPS, steps), yMin, yMax });
    // A dot on each curve's latest value (at step 0 the curves are single points).
    for (const t of history.p.length ? series : []) {
      const y = t.ys[steps];
      if (!(Number.isFinite(y) && y > 0)) continue;
      g.beginPath(); g.arc(px(steps), py(y), 5, 0, 2 * Math.PI);
      g.fillStyle = t.color; g.fill();
    }
    lossCanvas.dataset.steps = String(Math.max(0, steps));
    if (!history.p.length) return;
    setStat('loss0-plain', history.p[0]);
    setStat('loss0-res', history.r[0]);
    setStat('loss-plain', history.p[steps]);
    setStat('loss-res', history.r[steps]);
  }

  changed();

  return function unmount() {
    alive = false;
    generation++;
    trainer?.free(); trainer = null;
    link.remove();
  };
}
