// Station "Skip connections": why residual networks and dense blocks let very deep stacks train.
//
//   plain     h_{l+1} = f(W_l h_l + b_l)
//   residual  h_{l+1} = h_l + f(W_l h_l + b_l)        W_l ~ N(0, gain²/n), f = tanh or ReLU
//   dense     h_{l+1} = [h_l, f(W_l h_l + b_l)]       (DenseNet, growth rate k)
//   read-out  ŷ = vᵀ h_L + c,   L = (1/2B)·Σ (ŷ − y)²  on a fixed toy batch
//
// The profile figures (per-layer ‖∂L/∂W_l‖ and signal sizes of plain vs residual at the same
// weights) come from wasm.skip_profiles at once; the dense block's ‖∂L/∂W_l‖ at initialisation
// (its own weights, k × (n + (l−1)·k) per layer, on the same batch) from the f32 engine in the
// worker, a moment later (it can take a second at depth 100, k = 32); the dense-block diagram
// and parameter counts from wasm.stack_param_counts; training of all three runs in the worker
// (train.js).
import { station } from '../../lib/station.js';
import { h, select, button, message } from '../../lib/dom.js';
import { numberControl } from '../../lib/controls.js';
import { linePlot } from '../../lib/plot.js';
import { num, thousands } from '../../lib/format.js';
import { latestOnly } from '../../lib/latest.js';
import { STATE, COLORS, WIDTH, coreConfig, headroom, plotSize, verdict, range } from './model.js';
import { densePanel } from './dense.js';
import { trainPanel } from './train.js';

const stat = (key) => h('b', { 'data-stat': key });

function mount(root, ctx) {
  const s = { ...ctx.state };
  let prof = null;
  let dense = null; // { key, norms }: the dense block's ‖∂L/∂W_l‖ at initialisation, for settings `key`
  let alive = true;
  ctx.onCleanup(() => { alive = false; });
  const askDense = latestOnly((config) => ctx.worker.run('train_skip', { op: 'init', config }));
  const gradCanvas = h('canvas', { class: 'sk-grad', role: 'img', 'aria-label': 'Weight gradient norm per layer at initialisation, plain, residual and dense block, log scale' });
  const sigCanvas = h('canvas', { class: 'sk-sig', role: 'img', 'aria-label': 'Forward activation size and backward gradient size per layer, plain and residual, log scale' });
  /** A slider + typed box for setting `key` (the range carries data-key; the box is #sk-<key>-box). */
  const ctl = (key, opts) => {
    const c = numberControl({ id: `sk-${key}`, value: s[key], ...opts, onChange: (v) => { s[key] = v; changed(); } });
    c.range.dataset.key = key;
    return c;
  };
  const depthCtl = ctl('depth', { label: 'Depth L (layers)', min: 2, max: 100, integer: true });
  const actCtl = select({ label: 'Activation f', options: [{ value: 'tanh', label: 'tanh' }, { value: 'relu', label: 'ReLU' }], value: s.act, onChange: (v) => { s.act = v; changed(); } });
  actCtl.input.dataset.key = 'act';
  const gainCtl = ctl('gain', { label: 'Init gain', min: 0.25, max: 2, step: 0.05, digits: 3 });
  const kCtl = ctl('k', { label: 'Growth rate k (dense)', min: 1, max: 32, integer: true });
  const seedCtl = ctl('seed', { label: 'Seed', min: 1, max: 50, integer: true });
  const preset = (act, gain) => { s.act = act; s.gain = gain; actCtl.set(act); gainCtl.show(gain); changed(); };
  const presets = h('div', { class: 'row sk-presets' },
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
  const verdictEl = finding.querySelector('.sk-verdict');
  const denseFig = densePanel();
  const training = trainPanel(ctx, () => coreConfig(s));

  const controls = h('div', { class: 'panel controls stacked-controls sk-controls' },
    h('h3', {}, 'The stacks'), depthCtl.el, actCtl.el, gainCtl.el, kCtl.el, seedCtl.el, presets, msgHost,
    h('p', { class: 'note' }, `Weights Wₗ ~ N(0, gain²/fan-in), biases 0, width n = ${WIDTH}; a batch of 32 inputs x ~ N(0, I) with targets y = sin(x₁ + x₂) + x₃x₄/2; read-out ŷ = vᵀh_L. Plain and residual get the same weights.`));
  const gradPanel = h('div', { class: 'panel figure' }, h('h3', {}, 'Weight gradient per layer ‖∂L/∂W_l‖'), gradCanvas,
    h('p', { class: 'caption' }, 'Log scale, at initialisation. What gradient descent uses to update each layer: a tiny value means that layer barely learns. The dense block is its own network (layer l has k × (n + (l−1)·k) weights) on the same batch, computed in the worker.'));
  const sigPanel = h('div', { class: 'panel figure' }, h('h3', {}, 'Signal size per layer'), sigCanvas,
    h('p', { class: 'caption' }, 'Log scale. Solid: forward activations, RMS ‖hₗ‖. Dashed: back-propagated gradients, RMS ‖∂L/∂hₗ‖. Plain and residual only: the dense block\'s engine reports its weight gradients, not these.'));
  const findPanel = h('div', { class: 'panel sk-find-panel' }, h('h3', {}, 'What the figures say'), finding);
  root.append(h('div', { class: 'station sk' },
    h('div', { class: 'sk-head' },
      h('h2', {}, 'Skip connections: why ResNets can be 100 layers deep'),
      h('p', { class: 'formula' }, 'plain:  hₗ₊₁ = f(Wₗ hₗ)      residual:  hₗ₊₁ = hₗ + f(Wₗ hₗ)      dense:  hₗ₊₁ = [hₗ, f(Wₗ hₗ)]'),
      h('p', { class: 'lede' }, 'The residual “+ hₗ” is a path on which the gradient skips the layer (∂hₗ₊₁/∂hₗ = I + diag(f′) Wₗ): backprop through L blocks is a sum over paths, not a product of L small factors. A dense block goes further: every layer reads every earlier feature map, so each has a direct path to the loss.')),
    h('div', { class: 'sk-top' }, controls, gradPanel, sigPanel),
    h('div', { class: 'sk-bottom' }, findPanel, denseFig.el),
    training.el));

  function setStat(key, v) {
    const el = root.querySelector(`[data-stat="${key}"]`);
    el.textContent = num(v, 3);
    el.dataset.value = String(v);
  }

  /** Settings changed: recompute the profile and counts now (a few ms), drop any training run. */
  function changed() {
    ctx.save(s);
    training.reset();
    msg.clear();
    let counts = null;
    try {
      prof = ctx.wasm.skip_profiles({ depth: s.depth, activation: s.act, gain: s.gain, seed: s.seed });
      counts = ctx.wasm.stack_param_counts(coreConfig(s));
    } catch (e) {
      prof = null; msg.error(e.message);
    }
    drawProfiles();
    if (counts) denseFig.draw(s.depth, s.k, counts);
    ctx.rendered();
    if (prof) profileDense();
  }

  /** Asks the worker for the dense block at initialisation; draws it if the settings still hold. */
  async function profileDense() {
    const key = settingsKey();
    const r = await askDense(coreConfig(s));
    if (!alive || !r.done || key !== settingsKey()) return;
    if (r.error) { msg.error(r.error.message); return; }
    dense = { key, norms: Array.from(r.value.gradNorms[2]) };
    drawProfiles();
    ctx.rendered();
  }
  const settingsKey = () => String(STATE.serialize(s));

  function drawProfiles() {
    const L = s.depth, layers = range(1, L), levels = range(0, L);
    const denseNow = prof && dense && dense.key === settingsKey() ? dense.norms : null;
    const series = prof ? [
      { name: 'plain', color: COLORS.plain, xs: layers, ys: prof.plain.grad_norms, width: 3 },
      { name: 'residual', color: COLORS.residual, xs: layers, ys: prof.residual.grad_norms, width: 3 },
      ...(denseNow ? [{ name: 'dense block', color: COLORS.dense, xs: layers, ys: denseNow, width: 3 }] : []),
    ] : [];
    linePlot(gradCanvas, series, { size: plotSize(gradCanvas.clientWidth), xLabel: 'layer l (1 = next to the input)', logY: true, xMin: 1, xMax: L, yMax: headroom(series, 0.27) });
    // Which settings the drawn dense curve belongs to (tests wait for it); absent while it is asked for.
    if (denseNow) gradCanvas.dataset.dense = dense.key; else delete gradCanvas.dataset.dense;
    const sig = prof ? [
      { name: 'plain ‖h‖', color: COLORS.plain, xs: levels, ys: prof.plain.act_norms, width: 3 },
      { name: 'plain ‖∂L/∂h‖', color: COLORS.plain, xs: levels, ys: prof.plain.signal_norms, width: 3, dash: [8, 5] },
      { name: 'residual ‖h‖', color: COLORS.residual, xs: levels, ys: prof.residual.act_norms, width: 3 },
      { name: 'residual ‖∂L/∂h‖', color: COLORS.residual, xs: levels, ys: prof.residual.signal_norms, width: 3, dash: [8, 5] },
    ] : [];
    linePlot(sigCanvas, sig, { size: plotSize(sigCanvas.clientWidth), xLabel: 'layer l (0 = the input)', logY: true, xMin: 0, xMax: L, yMax: headroom(sig, 0.36) });
    if (!prof) return;
    const P = prof.plain, R = prof.residual;
    root.querySelector('[data-stat="depth"]').textContent = thousands(L);
    setStat('w-ratio-plain', P.grad_norms[0] / P.grad_norms[L - 1]);
    setStat('w-ratio-res', R.grad_norms[0] / R.grad_norms[L - 1]);
    const sp = P.signal_norms[0] / P.signal_norms[L], sr = R.signal_norms[0] / R.signal_norms[L];
    setStat('s-ratio-plain', sp);
    setStat('s-ratio-res', sr);
    setStat('w1-plain-vs-res', P.grad_norms[0] / R.grad_norms[0]);
    verdictEl.textContent = verdict(sp, sr, Math.max(...R.act_norms));
  }

  ctx.observeWidth([gradCanvas, sigCanvas], drawProfiles); // a phone draws them at their shown width
  changed();
}

export default station({ id: 'skip', title: 'Skip connections', css: new URL('./skip.css', import.meta.url), state: STATE, mount });
