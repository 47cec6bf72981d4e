// The "Train from scratch" panel: the training settings (shared number controls, kept in the
// address), start / pause / resume / stop, a progress bar, images per second, and live
// training and held-out loss and accuracy curves (shared line plot). The training itself runs
// in the worker session (www/workers/lenet5.js); this panel only shows what it reports.
import { h, button, message } from '../../lib/dom.js';
import { numberControl, runButtons } from '../../lib/controls.js';
import { linePlot } from '../../lib/plot.js';
import { num, percent, thousands } from '../../lib/format.js';
import { HYPER, createHistory } from './model.js';

const PLOT_H = 190; // px
const TRAIN_COLOR = '#2458c6', TEST_COLOR = '#d1495b';

/**
 * state: the station's state object (settings are read from and written to it).
 * on: {start(), pause(), resume(), stop(), pretrained(), changed()} — the buttons and controls.
 * Returns {el, setRunState(s), progress(p), metrics(m), error(message, control), resize()}.
 */
export function createTrainingPanel(state, on) {
  const controls = {};
  const grid = h('div', { class: 'lt-controls' }, HYPER.map((p) => {
    const c = numberControl({
      label: p.label, id: `lenet5-${p.name}`, min: p.min, max: p.max, step: p.step, log: !!p.log,
      integer: !!p.integer, digits: p.digits, limits: p.limits, value: state[p.name], testid: `hyper-${p.name}`,
      onChange: (v) => { state[p.name] = v; on.changed(p.name); },
    });
    c.el.title = p.help;
    c.el.dataset.setting = p.name;
    controls[p.name] = c;
    return c.el;
  }));

  const cosineBox = h('input', { type: 'checkbox', id: 'lenet5-cosine', checked: state.cosine });
  cosineBox.addEventListener('change', () => { state.cosine = cosineBox.checked; on.changed('cosine'); });
  grid.append(h('div', { class: 'control lt-check', 'data-setting': 'cosine' }, cosineBox,
    h('label', { for: 'lenet5-cosine' }, 'cosine schedule: α falls smoothly to 0 by the last epoch')));
  const run = runButtons({
    start: { label: '▶ Train from scratch', activeLabel: '↺ Restart from scratch', cls: 'primary lt-start', title: 'New random weights, then SGD with these settings' },
    pauseCls: 'lt-pause',
    stop: { cls: 'lt-stop', title: 'End this run; the pad keeps its weights' },
    on,
  });
  const pretrainedBtn = button('Use pretrained weights', on.pretrained, { cls: 'lt-pretrained', title: 'The weights shipped with the page' });
  const bar = h('progress', { class: 'lt-progress', max: 1, value: 0, 'aria-label': 'Training progress' });
  const progressText = h('span', { class: 'lt-progress-text', 'aria-live': 'off' }, 'Not training: the pad uses the pretrained weights.');
  const speed = h('span', { class: 'lt-speed' });
  const stats = h('div', { class: 'lt-stats' });
  const msgEl = h('div', { class: 'lt-message' });
  const msg = message(msgEl);
  const lossCanvas = h('canvas', { class: 'lt-plot lt-loss', role: 'img', 'aria-label': 'Loss curves: training and held-out cross-entropy per epoch' });
  const accCanvas = h('canvas', { class: 'lt-plot lt-acc', role: 'img', 'aria-label': 'Accuracy curves: training and held-out accuracy per epoch' });
  const plots = h('div', { class: 'lt-plots' }, lossCanvas, accCanvas);
  const history = createHistory();
  let points = 0;

  const el = h('div', { class: 'lt' },
    h('div', { class: 'lt-left' },
      grid,
      h('div', { class: 'row lt-buttons' }, run.start, run.pause, run.stop, pretrainedBtn),
      msgEl),
    h('div', { class: 'lt-right' },
      h('div', { class: 'lt-progressrow' }, bar, speed),
      progressText, stats, plots));

  function drawPlots() {
    const width = Math.max(200, Math.floor(plots.clientWidth / (plots.clientWidth > 620 ? 2 : 1)) - 8);
    const loss = [
      { name: 'training (running mean)', color: TRAIN_COLOR, ...history.xy('trainLoss') },
      { name: 'held-out', color: TEST_COLOR, marker: 'circle', markerSize: 3, ...history.xy('testLoss') },
    ];
    const acc = [
      { name: 'training', color: TRAIN_COLOR, ...history.xy('trainAcc') },
      { name: 'held-out', color: TEST_COLOR, marker: 'circle', markerSize: 3, ...history.xy('testAcc') },
    ].map((s) => ({ ...s, ys: s.ys.map((y) => 100 * y) }));
    // Before any point, the axis spans the epochs a run will take (not 0…1).
    const xMax = history.count('trainLoss') || history.count('testAcc') ? undefined : state.epochs;
    linePlot(lossCanvas, loss, { size: { width, height: PLOT_H }, xLabel: 'epoch', yLabel: 'cross-entropy', logY: true, xMin: 0, xMax });
    linePlot(accCanvas, acc, { size: { width, height: PLOT_H }, xLabel: 'epoch', yLabel: 'accuracy %', xMin: 0, xMax, yMax: 100, legend: 'bottom-right' });
    lossCanvas.dataset.points = String(history.count('trainLoss'));
    accCanvas.dataset.points = String(history.count('testAcc'));
    plots.dataset.fit = String(plots.clientWidth); // the width the plots were drawn for (tests wait on it)
  }

  function setRunState(s) {
    run.set(s);
    el.dataset.state = s;
    if (s === 'done') progressText.textContent += ' · done';
    if (s === 'stopped') progressText.textContent += ' · stopped';
  }
  setRunState('idle');

  return {
    el,
    /** The button/label state for 'idle' | 'running' | 'paused' | 'done' | 'stopped' | 'diverged'. */
    setRunState,
    /** A new run: clears the curves and any message. */
    reset() {
      history.clear();
      for (const k of ['testAccuracy', 'testLoss', 'testEpoch']) delete stats.dataset[k];
      stats.textContent = '';
      points = 0;
      msg.clear();
      controls.lr.error('');
      drawPlots();
    },
    progress(p) {
      bar.value = p.fraction;
      bar.dataset.fraction = String(p.fraction);
      progressText.textContent = `Epoch ${num(p.epoch, 3)} of ${p.epochs} · ${thousands(p.step)} steps`;
      speed.textContent = `${thousands(p.imagesPerSecond)} images/s`;
      speed.dataset.ips = String(p.imagesPerSecond);
    },
    metrics(m) {
      history.add(m);
      points++;
      el.dataset.reports = String(points);
      const parts = m.trainLoss === undefined ? [] : [`training loss ${num(m.trainLoss, 3)}, accuracy ${percent(m.trainAccuracy)}`];
      if (m.testAccuracy !== undefined) {
        stats.dataset.testAccuracy = String(m.testAccuracy);
        stats.dataset.testLoss = String(m.testLoss);
        stats.dataset.testEpoch = String(m.epoch);
      }
      if (stats.dataset.testAccuracy) {
        parts.push(`held-out (epoch ${num(+stats.dataset.testEpoch, 2)}) loss ${num(+stats.dataset.testLoss, 3)}, accuracy ${percent(+stats.dataset.testAccuracy)}`);
      }
      stats.textContent = parts.join(' · ');
      drawPlots();
    },
    /** A message next to the start button, or (control = a setting's name) next to that control. */
    error(text, control) {
      if (control && controls[control]) controls[control].error(text);
      else msg.error(text);
    },
    info(text) { msg.info(text); },
    resize: drawPlots,
  };
}
