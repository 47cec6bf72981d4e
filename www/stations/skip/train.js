// The skip station's training panel: plain, residual and dense-block stacks trained on the
// same batch in the worker (www/workers/train_skip.js); loss curves and per-layer gradient
// norms ‖∂L/∂W_l‖ of all three, redrawn after every slice.
import { h, button, message } from '../../lib/dom.js';
import { linePlot } from '../../lib/plot.js';
import { num } from '../../lib/format.js';
import { COLORS, headroom, plotSize, range } from './model.js';

const TRAIN_STEPS = 100;
const SLICE_MS = 60;
const KEY = 'skip';
const NAMES = ['plain', 'residual', 'dense'];
const STAT = { plain: 'plain', residual: 'res', dense: 'dense' };

export function trainPanel(ctx, config) {
  let alive = true, training = false, generation = 0, started = false;
  let hist = [[], [], []], grads = null;
  ctx.onCleanup(() => { alive = false; generation++; ctx.worker.run('train_skip', { op: 'free', key: KEY }).catch(() => {}); });
  const lossCanvas = h('canvas', { class: 'sk-loss', role: 'img', 'aria-label': 'Training loss against step for the plain, residual and dense stacks, log scale' });
  const gradCanvas = h('canvas', { class: 'sk-train-grad', role: 'img', 'aria-label': 'Weight gradient norm per layer of the three stacks being trained, log scale' });
  const trainBtn = button(`▶ Train ${TRAIN_STEPS} steps`, () => train(), { title: 'Gradient descent on all three stacks, same batch, same step size α = 0.02', cls: 'primary sk-train' });
  const progress = h('progress', { max: 1, value: 0, class: 'sk-progress', 'aria-label': 'Training progress' });
  const status = h('div', { class: 'sk-status', 'aria-live': 'polite' }, 'Ready: press Train.');
  const msgEl = h('div');
  const msg = message(msgEl);
  const statRow = (name) => h('tr', { class: name }, h('th', {}, name), h('td', { 'data-stat': `loss0-${STAT[name]}` }), h('td', { 'data-stat': `loss-${STAT[name]}` }));
  const stats = h('table', { class: 'sk-stats' },
    h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, 'step 0'), h('th', {}, 'now'))),
    h('tbody', {}, NAMES.map(statRow)));
  const el = h('div', { class: 'panel sk-train-panel' },
    h('h3', {}, 'Training all three: loss and per-layer gradient (log scales)'),
    h('div', { class: 'sk-train-grid' },
      h('div', { class: 'figure' }, lossCanvas),
      h('div', { class: 'figure' }, gradCanvas),
      h('div', { class: 'controls' }, trainBtn, progress, status, stats, msgEl,
        h('p', { class: 'note' }, 'In the page\'s worker on the f32 engine: full-batch gradient descent, α = 0.02, each stack’s gradient clipped to norm 1 (clipping only shrinks large gradients, so it cannot hide vanishing ones), the same batch and initial weights N(0, gain²/fan-in) for all three; the dense block has growth rate k and its read-out sees all n + L·k channels.'))));

  /** Settings changed: drop the run; the curves start again. */
  function reset() {
    generation++; training = false; started = false; hist = [[], [], []]; grads = null;
    trainBtn.disabled = false; progress.value = 0; status.textContent = 'Ready: press Train.'; msg.clear();
    draw();
  }
  const push = (flat) => { for (let i = 0; i < flat.length; i += 3) for (let j = 0; j < 3; j++) hist[j].push(flat[i + j]); };

  async function train() {
    if (training) return;
    const gen = generation;
    training = true; trainBtn.disabled = true; msg.clear();
    try {
      if (!started) {
        const snap = await ctx.worker.run('train_skip', { op: 'start', key: KEY, config: config() });
        if (!alive || gen !== generation) return;
        hist = [[], [], []]; push(snap.losses); grads = snap.gradNorms; started = true;
      }
      const from = hist[0].length - 1, until = from + TRAIN_STEPS;
      let steps = from;
      while (alive && gen === generation && steps < until) {
        const snap = await ctx.worker.run('train_skip', { op: 'step', key: KEY, until, budgetMs: SLICE_MS, from: hist[0].length });
        if (!alive || gen !== generation) return;
        push(snap.losses); grads = snap.gradNorms; steps = snap.steps;
        progress.value = (steps - from) / TRAIN_STEPS;
        status.textContent = `Step ${steps} of ${until}`;
        draw();
      }
      if (alive && gen === generation) status.textContent = `Done: ${steps} steps.`;
    } catch (e) {
      if (alive) msg.error(e.message);
    } finally {
      if (gen === generation) { training = false; trainBtn.disabled = false; }
    }
  }

  function setStat(key, v) {
    const cell = stats.querySelector(`[data-stat="${key}"]`);
    cell.textContent = Number.isFinite(v) ? num(v, 3) : '';
    cell.dataset.value = String(v);
  }

  function draw() {
    const steps = hist[0].length - 1;
    const xs = range(0, steps);
    const series = hist[0].length ? NAMES.map((name, j) => ({ name, color: COLORS[name], xs, ys: hist[j], width: 3 })) : [];
    linePlot(lossCanvas, series, { size: plotSize(lossCanvas.clientWidth), xLabel: 'step', yLabel: 'loss L', logY: true, xMin: 0, xMax: Math.max(TRAIN_STEPS, steps), yMax: headroom(series, 0.25) });
    lossCanvas.dataset.steps = String(Math.max(0, steps));
    const gs = grads ? NAMES.map((name, j) => ({ name, color: COLORS[name], xs: range(1, grads[j].length), ys: Array.from(grads[j]), width: 3 })) : [];
    linePlot(gradCanvas, gs, { size: plotSize(gradCanvas.clientWidth), xLabel: 'layer l (1 = next to the input)', yLabel: '‖∂L/∂W_l‖', logY: true, xMin: 1, xMax: Math.max(2, grads ? grads[0].length : config().depth), yMax: headroom(gs, 0.25) });
    gradCanvas.dataset.steps = String(Math.max(0, steps));
    NAMES.forEach((name, j) => { setStat(`loss0-${STAT[name]}`, hist[j][0]); setStat(`loss-${STAT[name]}`, hist[j][steps]); });
    ctx.rendered();
  }

  draw();
  ctx.observeWidth([lossCanvas, gradCanvas], draw);
  return { el, reset };
}
