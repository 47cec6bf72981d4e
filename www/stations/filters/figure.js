// A titled figure for the filter stations: canvas (scaled to its column by shared.css), an
// optional colour legend and a caption.
import { h } from '../../lib/dom.js';
import { drawLegend } from '../../lib/heatmap.js';
import { presenterScale } from '../../lib/plot.js';

/**
 * A figure: title, canvas, legend, caption (the canvas scales to the column's width); with
 * `overlay`, a transparent canvas on top for markers (the figure's own pixels stay clean).
 */
export function figure(title, { testid, label, pixelated = false, legend = true, cls = '', overlay = false } = {}) {
  const canvas = h('canvas', { width: 8, height: 8, class: `${cls}${pixelated ? ' pixelated' : ''}`, 'data-testid': testid, role: 'img', 'aria-label': label || title });
  const legendCanvas = legend ? h('canvas', { class: 'legend', width: 300, height: 40, 'aria-hidden': 'true' }) : null;
  const caption = h('figcaption', {});
  const over = overlay ? h('canvas', { class: 'probe-overlay', 'aria-hidden': 'true', width: 8, height: 8 }) : null;
  const el = h('figure', { class: 'figure' }, title ? h('div', { class: 'fig-title' }, title) : null,
    over ? h('div', { class: 'stack' }, canvas, over) : canvas, legendCanvas, caption);
  return { el, canvas, legend: legendCanvas, caption, overlay: over };
}

/** A legend's default height, CSS px: 34, or in presenter mode enough for ticks about as large as the page's small print. */
function legendHeight() {
  const grow = presenterScale();
  return grow === 1 ? 34 : Math.round(34 * grow * 1.35);
}

/**
 * drawLegend at the width the legend canvas is shown at (up to `maxWidth` CSS px) and the device
 * pixel ratio, so its numbers stay readable in a narrow column. `height` (CSS px; default 34, more
 * in presenter mode, like the plots' type) sets the tick labels' size too: a legend whose style
 * sheet fixes its height passes that height.
 */
export function legendAt(canvas, min, max, { height = legendHeight(), maxWidth = Math.round(300 * presenterScale()), ...opts } = {}) {
  const k = globalThis.devicePixelRatio || 1;
  const w = Math.max(120, Math.min(maxWidth, Math.round(canvas.clientWidth || 300)));
  canvas.width = Math.round(w * k);
  canvas.height = Math.round(Math.max(34, height) * k);
  drawLegend(canvas, min, max, opts);
}
