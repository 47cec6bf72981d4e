// The skip station's dense-block panel: a diagram that follows depth L and growth rate k, and
// the parameter counts of the plain, residual and dense stacks at equal depth (from the core:
// wasm.stack_param_counts builds the three networks and counts their weights).
import { h } from '../../lib/dom.js';
import { prepareCanvas } from '../../lib/canvas.js';
import { thousands } from '../../lib/format.js';
import { COLORS, WIDTH, denseDiagram } from './model.js';

const SIZE = { width: 560, height: 250 };
const SHADES = ['#c4b5fd', '#a78bfa', '#8b5cf6', '#7c3aed', '#6d28d9', '#5b21b6'];

export function densePanel() {
  const canvas = h('canvas', { class: 'sk-dense', role: 'img', 'aria-label': 'Dense block: each layer reads the concatenation of the input and every earlier layer\'s output' });
  const caption = h('p', { class: 'caption sk-dense-caption' });
  const body = h('tbody');
  const table = h('table', { class: 'sk-stats sk-counts' },
    h('thead', {}, h('tr', {}, h('th', {}, 'stack'), h('th', {}, 'layer l reads'), h('th', {}, 'weights'))), body);
  const el = h('div', { class: 'panel sk-dense-panel' },
    h('h3', {}, 'Dense block (DenseNet): every layer reads all earlier feature maps'),
    h('div', { class: 'sk-dense-grid' }, h('div', { class: 'figure' }, canvas, caption), table));

  /** Redraws for depth L, growth k and the core's counts {plain, residual, dense}. */
  function draw(depth, k, counts) {
    const d = denseDiagram(depth, k);
    const g = prepareCanvas(canvas, SIZE.width, SIZE.height, { setWidth: false });
    const cols = d.shown + 1, left = 24, right = 24, top = 28, bottom = 40;
    const step = (SIZE.width - left - right) / cols;
    const unit = (SIZE.height - top - bottom) / Math.max(d.maps[d.shown].channels, 1);
    const barW = Math.min(30, step * 0.36);
    const x = (l) => left + step * (l + 0.5);
    const base = SIZE.height - bottom;
    // Column l: the concatenation x_l = [x₀, H₁, …, H_l], one coloured segment per source.
    for (const m of d.maps) {
      let y = base;
      for (let j = 0; j <= m.index; j++) {
        const hgt = (j === 0 ? WIDTH : k) * unit;
        g.fillStyle = j === 0 ? '#9aa1ad' : SHADES[(j - 1) % SHADES.length];
        g.fillRect(x(m.index) - barW / 2, y - hgt, barW, hgt);
        g.strokeStyle = '#fff'; g.lineWidth = 1; g.strokeRect(x(m.index) - barW / 2, y - hgt, barW, hgt);
        y -= hgt;
      }
      g.fillStyle = '#1d2330'; g.font = '15px system-ui, sans-serif'; g.textAlign = 'center'; g.textBaseline = 'top';
      g.fillText(`x${m.index}`, x(m.index), base + 4);
      g.fillText(`${m.channels}`, x(m.index), base + 20);
    }
    // Layer l = H_l reads all of x_{l−1} and adds k channels: an arrow from each earlier source.
    g.strokeStyle = COLORS.dense; g.lineWidth = 1.4;
    for (const a of d.arrows) {
      const x0 = x(a.from) + barW / 2, x1 = x(a.to) - barW / 2;
      const lift = 10 + 10 * (a.to - a.from);
      const y0 = base - (a.from === 0 ? WIDTH : WIDTH + a.from * k) * unit + 4;
      g.beginPath(); g.moveTo(x0, y0);
      g.quadraticCurveTo((x0 + x1) / 2, Math.max(top - 18, y0 - lift * 1.6), x1, base - (WIDTH + (a.to - 1) * k) * unit - 2);
      g.stroke();
    }
    g.fillStyle = '#1d2330'; g.textAlign = 'left'; g.textBaseline = 'top'; g.font = '15px system-ui, sans-serif';
    g.fillText(`channels per map (n = ${WIDTH}, k = ${k})`, left, 4);
    canvas.dataset.depth = String(depth);
    canvas.dataset.k = String(k);
    caption.textContent = d.hidden > 0
      ? `The first ${d.shown} of ${depth} layers; the block's output x${depth} has ${WIDTH} + ${depth}·${k} = ${thousands(d.outChannels)} channels.`
      : `Output x${depth}: ${WIDTH} + ${depth}·${k} = ${thousands(d.outChannels)} channels. Each arrow is a direct path from a map to a later layer (and its gradient back).`;
    const row = (name, cls, reads, n) => h('tr', { class: cls }, h('th', {}, name), h('td', {}, reads), h('td', { 'data-stat': `params-${cls}` }, thousands(n)));
    body.replaceChildren(
      row('plain', 'plain', `h_l (${WIDTH})`, counts.plain),
      row('residual', 'residual', `h_l (${WIDTH}), adds it back`, counts.residual),
      row('dense', 'dense', `${WIDTH} + (l−1)·${k}`, counts.dense));
  }
  return { el, draw };
}
