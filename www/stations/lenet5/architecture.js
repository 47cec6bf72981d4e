// The architecture figure, as on the lecture's slide: input → conv1 → pool → conv2 → pool →
// fc 120 → fc 84 → 10 → softmax, each stage with its shape, what it does and how many
// parameters it has. The stages come from the core's layer list (model.js stagesFromLayers),
// so every shape and count here is the network's own. Wide screens read it left to right;
// narrow ones top to bottom (CSS), one stage per row.
import { h } from '../../lib/dom.js';
import { thousands } from '../../lib/format.js';

const SVG = 'http://www.w3.org/2000/svg';
const MAX_PLANES = 6; // feature maps drawn per stack (the rest are implied by the label)
const PLANE_PX = (side) => 12 + 2.1 * side; // glyph size of a side × side map, CSS px
const GLYPH_H = 92; // every glyph's box height, so the labels line up

function svg(tag, attrs = {}) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

/** A stack of feature maps (c planes of side × side) or a column of n dense units. */
function glyph(stage) {
  const [c, rows] = stage.shape;
  const isMaps = rows > 1;
  const root = svg('svg', { class: 'la-glyph', 'aria-hidden': 'true' });
  if (isMaps) {
    const s = PLANE_PX(rows), n = Math.min(c, MAX_PLANES), dx = 5, dy = 5;
    const w = s + dx * (n - 1) + 2, hgt = s + dy * (n - 1) + 2;
    root.setAttribute('viewBox', `0 0 ${w} ${Math.max(hgt, GLYPH_H)}`);
    root.setAttribute('width', w);
    root.setAttribute('height', GLYPH_H);
    const top = (GLYPH_H - hgt) / 2;
    for (let k = n - 1; k >= 0; k--) {
      root.append(svg('rect', {
        x: 1 + dx * k, y: top + 1 + dy * (n - 1 - k), width: s, height: s, rx: 2,
        class: k === 0 ? 'la-plane la-front' : 'la-plane',
      }));
    }
  } else {
    const barH = Math.min(GLYPH_H - 4, 16 + 6 * Math.sqrt(c)), w = 16;
    root.setAttribute('viewBox', `0 0 ${w + 2} ${GLYPH_H}`);
    root.setAttribute('width', w + 2);
    root.setAttribute('height', GLYPH_H);
    const top = (GLYPH_H - barH) / 2;
    root.append(svg('rect', { x: 1, y: top, width: w, height: barH, rx: 3, class: 'la-dense' }));
    const ticks = Math.min(c, 12);
    for (let k = 1; k < ticks; k++) {
      const y = top + (barH * k) / ticks;
      root.append(svg('line', { x1: 3, x2: w - 1, y1: y, y2: y, class: 'la-tick' }));
    }
  }
  return root;
}

/** The shape as the slide writes it: 6@28×28, or 120. */
export const shapeText = ([c, rows, cols]) => (rows > 1 || cols > 1 ? `${c}@${rows}×${cols}` : String(c));

/**
 * Builds the figure from the stages; returns {el, highlight(name)} — highlight marks the
 * stage a hovered unit belongs to (null clears it).
 */
export function architectureFigure(stages) {
  const total = stages.reduce((a, s) => a + s.params, 0);
  const items = stages.map((s) => h('li', { class: 'la-stage', 'data-stage': s.name },
    glyph(s),
    h('div', { class: 'la-text' },
      h('strong', { class: 'la-name' }, s.label),
      h('span', { class: 'la-shape', 'data-shape': shapeText(s.shape) }, shapeText(s.shape)),
      h('span', { class: 'la-ops' }, s.ops.join(' · ')),
      h('span', { class: 'la-params', 'data-params': String(s.params) }, s.params ? `${thousands(s.params)} parameters` : 'no parameters'))));
  const el = h('figure', { class: 'la-figure' },
    h('ol', { class: 'la-stages', 'aria-label': 'LeNet-5, layer by layer' }, items),
    h('figcaption', { class: 'caption' },
      `LeNet-5 (LeCun et al., 1998) as this page runs it: ${thousands(total)} parameters in all. `,
      'Shapes are channels@rows×columns; a k×k conv with c_in input channels has (k²·c_in + 1)·c_out parameters.'));
  el.dataset.total = String(total);
  return {
    el,
    highlight(name) {
      for (const li of items) li.classList.toggle('active', li.dataset.stage === name);
    },
  };
}
