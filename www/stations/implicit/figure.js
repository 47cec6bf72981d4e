// Drawing shared by the implicit-regularization station's two maps: the axes of a square
// weight (or feature) space, lines across it, point markers, and the HTML legend beneath.
import { h } from '../../lib/dom.js';
import { prepareCanvas } from '../../lib/canvas.js';
import { presenterScale } from '../../lib/plot.js';
import { minus } from '../../lib/format.js';
import { WORLD, MAP_MAX, mapGeometry, lineEnds, pickWorld } from './model.js';

/** The CSS width a map gets in its column (square, at most MAP_MAX; more in presenter mode). */
export const mapSize = (canvas) => Math.max(220, Math.min(Math.round(MAP_MAX * presenterScale()), Math.floor(canvas.parentElement.clientWidth)));

/** The world point a click on a map picks (2 decimals), or null outside its plot square. */
export function worldAtEvent(canvas, ev) {
  const r = canvas.getBoundingClientRect();
  const size = mapSize(canvas);
  return pickWorld(mapGeometry(size), ((ev.clientX - r.left) / r.width) * size, ((ev.clientY - r.top) / r.height) * size);
}

/**
 * Sizes the canvas to `size` CSS px square, draws the grid, axes, ticks and labels, and
 * returns { g, m } with the context clipped to the plot square (call g.restore() when done).
 */
export function startMap(canvas, size, xLabel, yLabel) {
  const g = prepareCanvas(canvas, size, size, { setWidth: false });
  const m = mapGeometry(size);
  // Larger on a projector, but no more than the margins (MAP_PAD) hold.
  const font = Math.round((size < 400 ? 13 : 15) * Math.min(1.3, presenterScale()));
  for (let k = -WORLD; k <= WORLD; k++) {
    g.strokeStyle = k === 0 ? '#8a93a6' : '#e6e9ef';
    g.lineWidth = k === 0 ? 1.5 : 1;
    g.beginPath(); g.moveTo(m.X(k), m.Y(-WORLD)); g.lineTo(m.X(k), m.Y(WORLD)); g.stroke();
    g.beginPath(); g.moveTo(m.X(-WORLD), m.Y(k)); g.lineTo(m.X(WORLD), m.Y(k)); g.stroke();
  }
  g.strokeStyle = '#555'; g.lineWidth = 1;
  g.strokeRect(...m.rect);
  g.fillStyle = '#333';
  g.font = `${font}px system-ui, sans-serif`;
  g.textAlign = 'center'; g.textBaseline = 'top';
  for (let k = -WORLD; k <= WORLD; k += 2) g.fillText(minus(k), m.X(k), m.Y(-WORLD) + 4);
  g.textAlign = 'right'; g.textBaseline = 'middle';
  for (let k = -WORLD; k <= WORLD; k += 2) g.fillText(minus(k), m.X(-WORLD) - 5, m.Y(k));
  g.font = `italic ${font + 1}px system-ui, sans-serif`;
  g.textAlign = 'center'; g.textBaseline = 'bottom';
  g.fillText(xLabel, m.X(0), size - 2);
  g.save(); g.translate(13, m.Y(0)); g.rotate(-Math.PI / 2); g.textBaseline = 'middle'; g.fillText(yLabel, 0, 0); g.restore();
  g.save(); g.beginPath(); g.rect(...m.rect); g.clip();
  return { g, m, font };
}

/** The infinite line {w : n·w = c} across the map (nothing when n = 0). */
export function drawLine(g, m, n, c) {
  const ends = lineEnds(n, c);
  if (!ends) return;
  g.beginPath(); g.moveTo(m.X(ends[0][0]), m.Y(ends[0][1])); g.lineTo(m.X(ends[1][0]), m.Y(ends[1][1])); g.stroke();
}

/** Markers: a filled disc (or a ring), a square, a diamond, centred on (x, y) px. */
export function disc(g, x, y, r, color, { ring = false, rim = '' } = {}) {
  g.beginPath(); g.arc(x, y, r, 0, 2 * Math.PI);
  if (ring) { g.strokeStyle = color; g.lineWidth = 2.5; g.stroke(); return; }
  g.fillStyle = color; g.fill();
  if (rim) { g.strokeStyle = rim; g.lineWidth = 1.5; g.stroke(); }
}
export function square(g, x, y, r, color, rim = '') {
  g.fillStyle = color; g.fillRect(x - r, y - r, 2 * r, 2 * r);
  if (rim) { g.strokeStyle = rim; g.lineWidth = 1.5; g.strokeRect(x - r, y - r, 2 * r, 2 * r); }
}
export function diamond(g, x, y, r, color) {
  g.fillStyle = color;
  g.save(); g.translate(x, y); g.rotate(Math.PI / 4); g.fillRect(-r, -r, 2 * r, 2 * r); g.restore();
}

/**
 * One part of the station: a panel with its title, the map with an HTML legend
 * ([{ label, kind: line|thin|dash|dot|ring|square|diamond, color }]) and caption, and `side`
 * (the controls and read-outs) beside it.
 */
export function partPanel({ cls, title, canvas, legend, caption }, ...side) {
  return h('div', { class: `panel im-panel ${cls}` },
    h('h3', {}, title),
    h('div', { class: 'im-layout' },
      h('figure', { class: 'figure' }, canvas,
        h('ul', { class: `im-legend ${cls}-legend`, 'aria-label': 'Legend' },
          legend.map((it) => h('li', {}, h('span', { class: `im-swatch im-sw-${it.kind}`, style: { '--c': it.color } }), it.label))),
        h('figcaption', {}, caption)),
      h('div', { class: 'controls im-side' }, ...side)));
}

/** The message drawn on an empty plot. */
export function emptyPlot(canvas, width, height, text) {
  const g = prepareCanvas(canvas, width, height, { setWidth: false });
  g.fillStyle = '#5b6475'; g.font = '15px system-ui, sans-serif'; g.textAlign = 'center'; g.textBaseline = 'middle';
  g.fillText(text, width / 2, height / 2, width - 20);
}
