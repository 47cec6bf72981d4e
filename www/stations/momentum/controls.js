// The momentum station's control panel: α for each method, β, the function and its shape, the
// run (noise, steps, start) and the buttons that set α, β from theory or from the lecture.
import { h, button, select } from '../../lib/dom.js';
import { numberControl, pointControl } from '../../lib/controls.js';
import { LIMITS, NOISE_MAX, ZOOMS } from './model.js';

/**
 * Builds the controls; `on` = { change(), kind(v), zoom(v), steps(v), start(p), optimal(),
 * lecture(), reseed() }; value changes are written into the model before on.change().
 * Returns { el, optimalBar, sync(lambdaMax) } (sync shows the model's values).
 */
export function createControls(model, on, optimalNote) {
  const cur = () => model.cur();
  const control = (key, label, group, opts, set) => {
    const c = numberControl({ id: `mm-${key}`, testid: `mm-${key}`, label, value: opts.get(), ...opts, onChange: (v) => { set(v); on.change(); } });
    if (group) {
      c.range.setAttribute('aria-label', `${label} (${group})`);
      c.box.setAttribute('aria-label', `${label} (${group}, type a value)`);
    }
    return c;
  };
  const kappa = control('kappa', 'condition number κ', '', { min: 1, max: 1000, log: true, limits: LIMITS.kappa, get: () => model.kappa }, (v) => { model.kappa = v; });
  const angle = control('angle', 'rotation θ', '', { min: 0, max: 180, step: 1, unit: '°', limits: LIMITS.angle, get: () => model.angleDeg }, (v) => { model.angleDeg = v; });
  const b = control('b', 'b (valley steepness)', '', { min: 1, max: 100, log: true, digits: 3, limits: LIMITS.b, get: () => model.b }, (v) => { model.b = v; });
  const alphaGd = control('alpha-gd', 'α step size', 'gradient descent', { min: 0, max: 2.5, step: 0.001, limits: LIMITS.alpha, get: () => cur().alphaGd }, (v) => { cur().alphaGd = v; });
  const alphaHb = control('alpha-hb', 'α step size', 'heavy ball', { min: 0, max: 4.5, step: 0.001, limits: LIMITS.alpha, get: () => cur().alphaHb }, (v) => { cur().alphaHb = v; });
  const beta = control('beta', 'β momentum', '', { min: 0, max: 1.1, step: 0.001, limits: LIMITS.beta, get: () => cur().beta }, (v) => { cur().beta = v; });
  const sigma = control('sigma', 'noise σ', '', { min: 0, max: 1, step: 0.01, digits: 3, limits: LIMITS.sigma, get: () => cur().sigma }, (v) => { cur().sigma = v; });
  const steps = numberControl({
    id: 'mm-steps', testid: 'mm-steps', label: 'steps', min: 10, max: 500, integer: true, digits: 6, limits: LIMITS.steps,
    value: cur().steps, onChange: on.steps,
  });
  const start = pointControl({
    label: 'start w⁰', names: ['start x', 'start y'], keys: ['x', 'y'], ids: ['mm-x', 'mm-y'],
    limits: LIMITS.start, hint: '(or click on the map)', value: cur().start, onChange: on.start,
  });
  start.el.classList.add('mm-start');
  const kind = select({
    label: 'Shape', value: model.kind, onChange: on.kind,
    options: [{ value: 'quadratic', label: 'Quadratic bowl' }, { value: 'rosenbrock', label: 'Rosenbrock banana' }],
  });
  const zoom = select({
    label: 'Map shows', value: String(model.zoom), onChange: (v) => on.zoom(Number(v)),
    options: ZOOMS.map((z) => ({ value: String(z), label: z === 1 ? 'normal view' : `zoomed out ${z}×` })),
  });
  const optimalBtn = button('Use optimal α, β', on.optimal, { title: 'GD: α* = 2/(λ_min+λ_max). Heavy ball: α* = (2/(√λ_min+√λ_max))², β* = ((√κ−1)/(√κ+1))²', cls: 'primary mm-optimal' });
  const lectureBtn = button('Lecture: β = 0.9', on.lecture, { title: 'The slide\'s usual momentum', cls: 'mm-lecture' });
  const noiseBtn = button('New noise', on.reseed, { title: 'Draw a different noise sequence (same σ)', cls: 'mm-reseed' });
  const quadGroup = h('div', { class: 'mm-group-quadratic' }, kappa.el, angle.el);
  const rosenGroup = h('div', { class: 'mm-group-rosenbrock' }, b.el);
  const fieldset = (cls, legend, ...children) => h('fieldset', { class: `mm-fs stacked-controls ${cls}` }, h('legend', {}, ...legend), ...children);
  const el = h('div', { class: 'panel mm-controls' },
    h('div', { class: 'mm-optimal-bar' }, optimalBtn, optimalNote),
    h('div', { class: 'mm-groups' },
      fieldset('mm-fs-gd', [h('span', { class: 'mm-dot gd' }), 'Gradient descent'], alphaGd.el, h('p', { class: 'note' }, 'β = 0: it forgets its last step.')),
      fieldset('mm-fs-hb', [h('span', { class: 'mm-dot hb' }), 'Heavy ball'], alphaHb.el, beta.el, lectureBtn),
      fieldset('mm-fs-f', ['Function f'], kind.el, quadGroup, rosenGroup, zoom.el),
      fieldset('mm-fs-run', ['Run'], sigma.el, steps.el, start.el, noiseBtn)));

  /** Shows the model's values; the α and σ sliders span what suits the function's curvature. */
  function sync(lambdaMax) {
    const c = cur();
    kind.set(model.kind);
    zoom.set(String(model.zoom));
    quadGroup.hidden = model.kind !== 'quadratic';
    rosenGroup.hidden = model.kind !== 'rosenbrock';
    // α ranges follow the steepest curvature (1 for the bowl, the Hessian's at the minimum for
    // Rosenbrock), so the sliders always reach past the divergence limits 2 and 4.
    alphaGd.setRange(0, 2.5 / lambdaMax, 2.5 / lambdaMax / 1000);
    alphaHb.setRange(0, 4.5 / lambdaMax, 4.5 / lambdaMax / 1000);
    sigma.setRange(0, NOISE_MAX[model.kind], NOISE_MAX[model.kind] / 100);
    kappa.show(model.kappa); angle.show(model.angleDeg); b.show(model.b);
    alphaGd.show(c.alphaGd); alphaHb.show(c.alphaHb); beta.show(c.beta);
    sigma.show(c.sigma); steps.show(c.steps);
    start.show(c.start);
  }
  return { el, sync, start };
}
