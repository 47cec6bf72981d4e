// The momentum station's read-outs: the legend, the update rule with the current numbers, the
// step t → t+1 term by term, the rates in words, the divergence messages, and the plot of
// f(wᵗ) − f* on a log scale with the slopes the theory predicts.
import { h } from '../../lib/dom.js';
import { num } from '../../lib/format.js';
import { linePlot } from '../../lib/plot.js';
import { COLORS, NAMES, lastIndex, gapRange, theoryCurve, stepTerms } from './model.js';

/** The read-out elements (the view places them). */
export function createPanels() {
  return {
    keyGd: h('span', { class: 'mm-key mm-key-gd' }),
    keyHb: h('span', { class: 'mm-key mm-key-hb' }),
    formula: h('div', { class: 'mm-formula' }),
    now: h('div', { class: 'mm-now', 'aria-live': 'off' }),
    theory: h('div', { class: 'mm-theory' }),
    optimal: h('p', { class: 'mm-optimal-note' }),
    caption: h('p', { class: 'caption mm-plot-caption' }),
    plotLegend: h('ul', { class: 'mm-plot-legend', 'aria-label': 'Legend of the plot' }),
  };
}

const val = (cls, v) => h('b', { class: `mm-val ${cls}` }, num(v));

/**
 * Writes every read-out for the model's step t. `gradient(key, s)` is the gradient run `key`
 * used at step s (the core's, noise included). Returns the divergence problems in words.
 */
export function writePanels(p, model, runs, gradient) {
  const c = model.cur();
  const { info } = runs;
  p.keyGd.textContent = `Gradient descent  α = ${num(c.alphaGd)}`;
  p.keyHb.textContent = `Heavy ball  α = ${num(c.alphaHb)}, β = ${num(c.beta)}`;
  p.formula.replaceChildren(
    h('div', { class: 'mm-eq mm-eq-gd' }, h('span', { class: 'mm-dot gd' }),
      h('span', { class: 'mm-eq-body' }, 'wᵗ⁺¹ = wᵗ − ', val('mm-val-alpha-gd', c.alphaGd), '·∇f(wᵗ)')),
    h('div', { class: 'mm-eq mm-eq-hb' }, h('span', { class: 'mm-dot hb' }),
      h('span', { class: 'mm-eq-body' }, 'wᵗ⁺¹ = wᵗ − ', val('mm-val-alpha-hb', c.alphaHb), '·∇f(wᵗ) + ',
        val('mm-val-beta', c.beta), '·(wᵗ − wᵗ⁻¹)')));

  // The step from wˢ to wˢ⁺¹, term by term, for both methods side by side.
  const s = Math.min(model.t, c.steps - 1);
  const noisy = c.sigma > 0;
  const cols = {};
  for (const key of ['gd', 'hb']) {
    const r = runs[key], last = lastIndex(r.diag, c.steps);
    cols[key] = s < last ? stepTerms(r.path, gradient(key, s), s, r.alpha, r.beta, last, key === 'hb') : null;
  }
  const names = { gd: 'gradient descent', hb: 'heavy ball' };
  const table = (key) => {
    const col = cols[key];
    const row = (label, field, cls) => h('tr', { class: cls }, h('th', { scope: 'row' }, label),
      ...(!col ? [h('td', { colspan: 2 }, field === 'w' ? 'diverged' : '')]
        : !col[field] ? [h('td', { colspan: 2 }, '—')] : col[field].map((v) => h('td', {}, num(v, 3)))));
    return h('table', { class: `mm-now-table mm-now-${key}` },
      h('caption', {}, h('span', { class: `mm-dot ${key}` }), names[key]),
      h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', { scope: 'col' }, 'x'), h('th', { scope: 'col' }, 'y'))),
      h('tbody', {},
        row('wᵗ', 'w'),
        row(noisy ? '−α(∇f + noise)' : '−α∇f(wᵗ)', 'grad'),
        row('+β(wᵗ − wᵗ⁻¹)', 'mom'),
        row('= wᵗ⁺¹', 'next', 'mm-sum')));
  };
  p.now.replaceChildren(
    h('p', { class: 'mm-now-caption' }, `Step t = ${s} → ${s + 1}, coordinates (x, y):`),
    h('div', { class: 'mm-now-tables' }, table('gd'), table('hb')));

  const exact = info.exact;
  const rateText = (r) => (r.closer !== undefined
    ? `contracts ×${num(r.diag.rate, 3)} per step: 1000× closer every ${r.closer} steps`
    : `ρ = ${num(r.diag.rate, 3)} ≥ 1: no convergence`);
  p.theory.replaceChildren(
    h('p', {}, h('span', { class: 'mm-dot gd' }), h('b', {}, 'GD '), rateText(runs.gd)),
    h('p', {}, h('span', { class: 'mm-dot hb' }), h('b', {}, 'Heavy ball '), rateText(runs.hb)),
    h('p', { class: 'note' }, exact
      ? `Best possible at κ = ${num(info.kappa, 4)}: GD ρ = (κ−1)/(κ+1) = ${num(info.gradient_descent.rate, 3)}, heavy ball ρ = (√κ−1)/(√κ+1) = ${num(info.heavy_ball.rate, 3)}. Heavy ball converges iff |β| < 1 and 0 < αλ < 2 + 2β for both curvatures λ (GD: β = 0).`
      : `Rosenbrock is not a quadratic: ρ here uses the curvature at the minimum (λ = ${num(info.lambda_min, 3)} and ${num(info.lambda_max, 4)}), so it only describes the end of the run; farther out the valley is steeper.`));
  p.optimal.replaceChildren(
    h('span', {}, `GD α* = 2/(λ_min+λ_max) = ${num(info.gradient_descent.alpha)}`), h('br'),
    h('span', {}, `HB α* = (2/(√λ_min+√λ_max))² = ${num(info.heavy_ball.alpha)}, β* = ((√κ−1)/(√κ+1))² = ${num(info.heavy_ball.beta)}`),
    ...(exact ? [] : [h('br'), h('span', {}, '(from the curvature at the minimum; may diverge far from it)')]));
  p.caption.textContent = `Dashed: the slope the theory predicts, f(w⁰)·ρ²ᵗ (f − f* shrinks like the squared distance)${exact ? '' : '; ρ is the local rate at the minimum'}${noisy ? '. With noise a run stalls at a noise floor that the noise-free theory ignores' : ''}.`;

  return ['gd', 'hb'].filter((key) => runs[key].diag.message).map((key) => `${NAMES[key]} ${runs[key].diag.message}.`);
}

/** The plot's height for a width (CSS px): a wide strip, taller on a phone so the legend fits. */
const plotHeight = (width) => Math.round(Math.max(200, Math.min(320, width * 0.42)));

/** f(wᵗ) − f* of both runs up to step t (solid) and the theory's slopes (dashed), log y. */
export function drawPlot(canvas, legendEl, width, model, runs) {
  const steps = model.cur().steps;
  const xsAll = Array.from({ length: steps + 1 }, (_, i) => i);
  const f0 = runs.gd.gap[0];
  const series = [];
  for (const key of ['gd', 'hb']) {
    const r = runs[key], last = Math.min(model.t, lastIndex(r.diag, steps));
    series.push({ name: `${NAMES[key]}, measured`, color: COLORS[key], xs: xsAll.slice(0, last + 1), ys: Array.from(r.gap.slice(0, last + 1)), width: 2.4 });
  }
  for (const key of ['gd', 'hb']) {
    const rho = runs[key].diag.rate;
    if (!(f0 > 0 && Number.isFinite(rho))) continue;
    series.push({ name: `theory f(w⁰)·ρ²ᵗ, ρ = ${num(rho, 3)}`, color: COLORS[key], dash: [8, 5], width: 1.5, xs: xsAll, ys: theoryCurve(f0, rho, steps) });
  }
  const gaps = ['gd', 'hb'].map((key) => runs[key].gap.slice(0, lastIndex(runs[key].diag, steps) + 1));
  const { yMin, yMax } = gapRange(gaps, f0);
  linePlot(canvas, series, {
    size: { width, height: plotHeight(width) }, xLabel: 'step t', yLabel: 'f(wᵗ) − f*', logY: true,
    xMin: 0, xMax: steps, yMin, yMax, legend: 'none',
    vlines: [{ x: model.t, color: 'rgba(29,35,48,0.55)', dash: [3, 3], width: 1.3 }],
  });
  // The legend is text under the plot: it wraps on a phone instead of covering the curves.
  legendEl.replaceChildren(...series.map((q) => h('li', {},
    h('span', { class: `mm-swatch ${q.dash ? 'dashed' : ''}`, style: { '--c': q.color } }), q.name)));
}
