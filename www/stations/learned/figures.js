// The station's figures: one card per network (its first-layer filters as 5×5 images and its
// responses to the chosen digit as 28×28 images, both through the shared heat-map painter), and
// the held-out accuracy curves of all networks on one plot.
import { h } from '../../lib/dom.js';
import { paint } from '../../lib/heatmap.js';
import { linePlot } from '../../lib/plot.js';
import { short } from '../../lib/format.js';
import { legendAt } from '../filters/figure.js';
import { VARIANTS, EVAL_DIGITS, variantName, accuracyFloor } from './model.js';

const SIDE = 5; // filter side, px of data
const DIGIT = 28;

/** A row of small images with a name and a number (the colour limit) under each. */
function strip(cls, label) {
  const el = h('div', { class: `lf-strip ${cls}`, role: 'group', 'aria-label': label });
  let tiles = [];
  return {
    el,
    /** Draws `count` images of `side`² values each from `data`; names[i] under image i. */
    draw(data, count, side, names, attrs) {
      if (tiles.length !== count) {
        tiles = Array.from({ length: count }, (_, i) => {
          const canvas = h('canvas', { class: 'pixelated', width: side, height: side, 'data-index': i });
          const name = h('span', { class: 'lf-tile-name' });
          const value = h('span', { class: 'lf-tile-value' });
          el.append(h('figure', { class: 'lf-tile' }, canvas, h('figcaption', {}, name, value)));
          return { canvas, name, value };
        });
        el.replaceChildren(...tiles.map((t) => t.canvas.parentElement));
      }
      tiles.forEach((t, i) => {
        const r = paint(t.canvas, data.subarray(i * side * side, (i + 1) * side * side), side, side, { scale: 'diverging', describe: false });
        t.name.textContent = names[i];
        t.value.textContent = `±${short(r.max, 2)}`;
        t.canvas.dataset.limit = String(r.max);
        t.canvas.setAttribute('aria-label', `${names[i]}: colour limit ±${short(r.max, 3)}`);
        for (const [k, v] of Object.entries(attrs)) t.canvas.dataset[k] = String(v);
      });
      for (const [k, v] of Object.entries(attrs)) el.dataset[k] = String(v);
    },
    clear() { el.replaceChildren(); tiles = []; },
  };
}

/** The card of one network: title, its filters, its responses. Returns {el, draw(snapshot, i, names)}. */
function netCard(variant) {
  const filters = strip('lf-filters', `${variantName(variant.id)}: first-layer filters`);
  const responses = strip('lf-responses', `${variantName(variant.id)}: first-layer responses to the digit`);
  const accuracy = h('span', { class: 'lf-net-acc', 'data-testid': `acc-${variant.id}` });
  const el = h('section', { class: 'lf-net', 'data-variant': variant.id, style: { '--c': variant.color } },
    h('h4', {}, h('span', { class: 'lf-swatch', 'aria-hidden': 'true' }), variantName(variant.id), accuracy),
    h('div', { class: 'lf-net-body' },
      h('div', { class: 'lf-net-part' }, h('div', { class: 'lf-row-label' }, 'first-layer filters w (5×5)'), filters.el),
      h('div', { class: 'lf-net-part' }, h('div', { class: 'lf-row-label' }, 'their responses to the digit (28×28, before the ReLU)'), responses.el)));
  return {
    el, accuracy,
    draw(s, i, bankNames) {
      // (b)'s filters started random: they are numbered, not named after the bank's kernels.
      const names = variant.id === 'learned' ? bankNames.map((_, k) => `#${k + 1}`) : bankNames;
      filters.draw(s.kernels[i], names.length, SIDE, names, { step: s.step, variant: variant.id });
      responses.draw(s.responses[i], names.length, DIGIT, names, { step: s.step, digit: s.digit, variant: variant.id });
    },
  };
}

/**
 * All network cards plus one legend. `draw(snapshot, names)` shows the networks in the
 * snapshot (hiding the others); `accuracy(id, text)` labels a card.
 */
export function networkCards() {
  const cards = new Map(VARIANTS.map((v) => [v.id, netCard(v)]));
  const legend = h('canvas', { class: 'legend lf-legend', width: 300, height: 34, 'aria-hidden': 'true' });
  const el = h('div', { class: 'lf-nets' },
    h('div', { class: 'lf-legend-row' }, legend,
      h('span', { class: 'caption' }, 'Colour: value ÷ the image’s own largest |value| (the ± number under it): blue negative, white 0, red positive.')),
    [...cards.values()].map((c) => c.el));
  const drawColourLegend = () => legendAt(legend, -1, 1, { scale: 'diverging', height: legend.clientHeight, maxWidth: 600 });
  return {
    el,
    draw(s, names) {
      const shown = new Set(s.names);
      for (const [id, card] of cards) {
        card.el.hidden = !shown.has(id);
        if (shown.has(id)) card.draw(s, s.names.indexOf(id), names);
      }
      el.dataset.step = String(s.step);
      el.dataset.digit = String(s.digit);
      drawColourLegend();
    },
    /** The −1…1 legend at the size it is shown (larger on a projector). */
    legend,
    drawColourLegend,
    accuracy(id, text) { cards.get(id).accuracy.textContent = text; },
  };
}

/** The held-out accuracy plot. `draw(points, nets, steps, width)`: points = [{step, accuracy: []}]. */
export function accuracyPlot() {
  const canvas = h('canvas', { class: 'lf-plot', role: 'img', 'aria-label': 'Held-out accuracy against training step for each network' });
  const keys = new Map(VARIANTS.map((v) => {
    return [v.id, { el: h('li', { class: 'lf-key', style: { '--c': v.color } }, h('span', { class: 'lf-key-line', 'aria-hidden': 'true' }), h('span', {}, variantName(v.id))) }];
  }));
  const key = h('ul', { class: 'lf-keys', 'aria-label': 'Legend' }, [...keys.values()].map((k) => k.el));
  return {
    el: h('div', { class: 'lf-plotbox' }, canvas, key),
    canvas,
    draw(points, nets, steps, width) {
      for (const [id, k] of keys) k.el.hidden = !nets.includes(id);
      const series = nets.map((id, i) => {
        const v = VARIANTS.find((x) => x.id === id);
        return { name: variantName(id), color: v.color, marker: 'circle', markerSize: 3, width: 3, xs: points.map((p) => p.step), ys: points.map((p) => 100 * p.accuracy[i]) };
      });
      // Type in step with the page's (larger on a projector): 0.8 rem, at least 12 px.
      const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      const font = Math.max(12, Math.round(0.8 * rem));
      linePlot(canvas, series, {
        size: { width, height: Math.round(Math.min(22 * font, Math.max(230, width * 0.55))) }, font,
        xLabel: 'training step (batches of 32 digits)', yLabel: `accuracy % (${EVAL_DIGITS} held-out)`, xMin: 0, xMax: steps,
        yMin: accuracyFloor(points), yMax: 100, legend: 'none',
      });
      canvas.dataset.points = String(points.length);
      canvas.dataset.curves = JSON.stringify(points.map((p) => p.accuracy));
      canvas.dataset.lastStep = String(points.length ? points[points.length - 1].step : -1);
    },
  };
}
