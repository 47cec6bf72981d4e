// The training panel's controls: which networks, how many steps, the seed (typed, or a new
// one at the press of a button), Train / Pause / Stop, progress and speed.
import { h, button, message } from '../../lib/dom.js';
import { numberControl, runButtons } from '../../lib/controls.js';
import { thousands, short } from '../../lib/format.js';
import { checkNumber } from '../../lib/parse.js';
import { VARIANTS, MAX_SEED, BATCH, variantName } from './model.js';

/**
 * on: {netsChanged(), stepsChanged(), seedChanged(), train(), pause(), resume(), stop()}.
 * Returns {el, msg, setRunState(s), progress(p), showSeed()}.
 */
export function trainControls(model, on) {
  const msgEl = h('div', { class: 'lf-train-message', 'data-testid': 'train-message' });
  const msg = message(msgEl);
  const netBox = (v) => {
    const input = h('input', { type: 'checkbox', id: `lf-net-${v.id}`, 'data-net': v.id, checked: model.nets.includes(v.id) });
    input.addEventListener('change', () => {
      const r = model.toggleNet(v.id, input.checked);
      if (r.error) { input.checked = true; msg.error(r.error); return; }
      msg.clear();
      on.netsChanged();
    });
    return h('label', { class: 'lf-check lf-netcheck', for: `lf-net-${v.id}`, style: { '--c': v.color } }, input, h('span', { class: 'lf-swatch', 'aria-hidden': 'true' }), h('span', {}, variantName(v.id)));
  };
  const steps = numberControl({
    label: 'Training steps', id: 'lf-steps', min: 20, max: 3000, step: 10, log: true, integer: true, value: model.steps,
    testid: 'steps', onChange: (v) => { model.steps = v; on.stepsChanged(); },
  });
  const seed = seedBox(model.seed, (v) => { model.seed = v; on.seedChanged(); });
  const newSeedBtn = button('⟳ New seed', () => { model.newSeed(); seed.show(model.seed); on.seedChanged(); }, { cls: 'lf-newseed', title: 'A different random start and digit order for all three networks' });
  const run = runButtons({
    start: {
      label: '▶ Train', activeLabel: '↺ Restart', cls: 'primary lf-train',
      title: 'Fresh networks, then SGD on all of them, one batch each in turn', activeTitle: 'Start again from fresh networks',
    },
    pauseCls: 'lf-pause',
    stop: { cls: 'lf-stop', title: 'End the run here and score all 2,000 held-out digits' },
    on: { start: on.train, pause: on.pause, resume: on.resume, stop: on.stop },
  });
  const bar = h('progress', { class: 'lf-progress', max: 1, value: 0, 'aria-label': 'Training progress' });
  const status = h('span', { class: 'lf-status' }, 'Not trained yet: press Train.');
  const speed = h('span', { class: 'lf-speed' });

  const el = h('div', { class: 'lf-train-controls stacked-controls' },
    h('fieldset', { class: 'lf-nets-pick' }, h('legend', {}, 'Networks to train (same architecture, seed and digits)'), VARIANTS.map(netBox)),
    steps.el,
    h('div', { class: 'lf-seed-row' }, seed.el, newSeedBtn),
    h('div', { class: 'row lf-buttons' }, run.start, run.pause, run.stop),
    h('div', { class: 'lf-progress-row' }, bar, speed),
    status, msgEl);

  function setRunState(s) {
    run.set(s);
    el.dataset.state = s;
    if (s === 'idle') { bar.value = 0; status.textContent = 'Not trained yet: press Train.'; speed.textContent = ''; }
    if (s === 'done' || s === 'stopped') status.textContent += s === 'done' ? ' · done' : ' · stopped';
  }
  setRunState('idle');

  return {
    el, msg, setRunState,
    progress(p) {
      bar.value = p.fraction;
      bar.dataset.fraction = String(p.fraction);
      status.textContent = `Step ${thousands(p.step)} of ${thousands(p.steps)} · ${thousands(p.step * BATCH)} digits per network (epoch ${short(p.epoch, 2)})`;
      speed.textContent = p.imagesPerSecond ? `${thousands(p.imagesPerSecond)} images/s, all networks` : '';
      speed.dataset.ips = String(p.imagesPerSecond);
    },
  };
}

/** A typed seed (a whole number from 0 to 2³¹ − 1) with its error line; a typo keeps the last seed. */
function seedBox(value, onChange) {
  const box = h('input', { type: 'number', id: 'lf-seed', class: 'num-box lf-seed', min: 0, max: MAX_SEED, step: 1, value, 'data-testid': 'seed' });
  const err = h('div', { class: 'field-error', role: 'alert', id: 'lf-seed-error' });
  box.setAttribute('aria-errormessage', err.id);
  box.addEventListener('input', () => {
    const r = checkNumber(box.value === '' ? NaN : Number(box.value), { min: 0, max: MAX_SEED, integer: true });
    if (r.error) { box.setAttribute('aria-invalid', 'true'); err.textContent = `The seed ${r.error}.`; return; }
    box.removeAttribute('aria-invalid'); err.textContent = '';
    onChange(r.value);
  });
  const el = h('div', { class: 'control lf-seed-control', title: 'The initial weights and the order of the digits: the same seed gives the same picture every time' },
    h('label', { for: 'lf-seed' }, 'Seed'), box, err);
  return { el, show(v) { box.value = String(v); box.removeAttribute('aria-invalid'); err.textContent = ''; } };
}
