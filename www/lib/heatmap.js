// The page's one heat-map painter and its legend. The colouring rules (range from finite values
// only, ±∞ at the scale's ends, NaN in a neutral grey) are stated and tested in ./colors.js.
import { colorize, SCALES, NAN_COLOR } from './colors.js';
import { short } from './format.js';

export { maxAbs, minMax, robustLimit, heatmapRange, NAN_COLOR } from './colors.js';

/** Sets a canvas's backing size to w × h pixels (only when it differs: resizing clears it). */
function resize(canvas, w, h) {
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
}

/**
 * What a heat map shows now, in words, for its text alternative: its size and the range of its
 * finite values (`lo`, `hi`; null when it has none), and NaN when present. DOM-free
 * (tests/js/heatmap.test.mjs).
 */
export function describeHeatmap({ w, h, lo, hi, nan = false }) {
  const range = lo === null ? 'no finite values' : lo === hi ? `all ${short(lo)}` : `from ${short(lo)} to ${short(hi)}`;
  return `${w} × ${h} values, ${range}${nan ? ', some NaN (drawn grey)' : ''}`;
}

/**
 * Keeps a labelled canvas's text alternative up to date: its own label (kept in
 * data-figure-label, as www/lib/plot.js does for line plots), then what it shows now. Canvases
 * without a label, hidden from assistive technology, or not in the DOM are left alone.
 */
function describeCanvas(canvas, text) {
  if (typeof canvas.setAttribute !== 'function' || canvas.getAttribute('aria-hidden') === 'true') return;
  if (canvas.dataset.figureLabel === undefined) {
    const label = canvas.getAttribute('aria-label');
    if (!label) return;
    canvas.dataset.figureLabel = label;
  }
  canvas.setAttribute('aria-label', `${canvas.dataset.figureLabel}. Now: ${text}.`);
}

/**
 * Paints `data` (w × h values, row-major) on `canvas`, resized to w × h.
 * opts.scale: 'diverging' (blue − / white 0 / red +, symmetric ±limit), 'sequential', 'gray'
 * or 'paper' (a pale backdrop; min → max); `limit` (diverging) or `min`/`max` fix the range.
 * A labelled canvas's aria-label then says what it shows (describeHeatmap); `describe: false`
 * leaves it to the caller (whose values would mislead a listener, e.g. ink drawn negated).
 * Returns { min, max, nan } — the range used (for the legend) and whether any value was NaN.
 */
export function paint(canvas, data, w, h, opts = {}) {
  resize(canvas, w, h);
  const n = w * h;
  const view = data.length === n ? data : data.subarray ? data.subarray(0, n) : Array.prototype.slice.call(data, 0, n);
  const { rgba, min, max } = colorize(view, opts);
  let nan = false, lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = view[i];
    if (v !== v) nan = true;
    else if (v > -Infinity && v < Infinity) { if (v < lo) lo = v; if (v > hi) hi = v; }
  }
  canvas.getContext('2d').putImageData(new ImageData(rgba, w, h), 0, 0);
  if (opts.describe !== false) {
    describeCanvas(canvas, describeHeatmap({ w, h, lo: lo <= hi ? lo : null, hi: lo <= hi ? hi : null, nan }));
  }
  return { min, max, nan };
}

/** Puts an ImageData (e.g. one the wasm core hands out) on a canvas, resized to fit it. */
export function drawImageData(canvas, image) {
  resize(canvas, image.width, image.height);
  canvas.getContext('2d').putImageData(image, 0, 0);
}

/** Puts RGBA bytes on a canvas, resizing it to w × h. */
export function drawRGBA(canvas, rgba, w, h) {
  resize(canvas, w, h);
  const bytes = rgba instanceof Uint8ClampedArray && rgba.length === 4 * w * h ? rgba : new Uint8ClampedArray(rgba);
  canvas.getContext('2d').putImageData(new ImageData(bytes, w, h), 0, 0);
}

/**
 * A horizontal colour bar with min and max ticks (and 0 in the middle of a diverging bar
 * that spans it; otherwise `label` there). `scale` as for paint (or legacy
 * `diverging: false` → sequential); `nan: true` adds a NaN swatch at the right end.
 */
export function drawLegend(canvas, min, max, { scale, diverging = true, label = '', nan = false } = {}) {
  const name = scale ?? (diverging ? 'diverging' : 'sequential');
  const { color, lo } = SCALES[name];
  const ctx = canvas.getContext('2d');
  const W = canvas.width, H = canvas.height;
  ctx.clearRect(0, 0, W, H);
  const middle = name === 'diverging' && min < 0 && max > 0 ? '0' : label;
  // The type scales with the legend's height, but shrinks (to 9 px) until the end labels and the
  // middle one fit side by side under the bar: a tall, narrow legend must not overprint them.
  let fontPx = Math.max(11, Math.round(H * 0.32)), nanW, x1;
  const x0 = 10;
  for (;;) {
    ctx.font = `${fontPx}px system-ui, sans-serif`;
    nanW = nan ? ctx.measureText('NaN').width + 22 : 0;
    x1 = W - 10 - nanW;
    const gap = fontPx * 0.6;
    const ends = [short(min), short(max)].map((t) => ctx.measureText(t).width);
    // with a middle label each half holds it half and the wider end label
    const need = middle ? 2 * Math.max(...ends) + ctx.measureText(middle).width + 2 * gap : ends[0] + ends[1] + gap;
    if (need <= x1 - x0 || fontPx <= 9) break;
    fontPx--;
  }
  const barH = Math.max(8, Math.round(H * 0.35));
  for (let x = x0; x < x1; x++) {
    const c = color(lo + (1 - lo) * ((x - x0) / Math.max(1, x1 - x0 - 1)));
    ctx.fillStyle = `rgb(${c[0]},${c[1]},${c[2]})`;
    ctx.fillRect(x, 2, 1, barH);
  }
  ctx.strokeStyle = '#888';
  ctx.strokeRect(x0 + 0.5, 2.5, x1 - x0 - 1, barH);
  ctx.fillStyle = '#222';
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left'; ctx.fillText(short(min), x0, barH + 5);
  ctx.textAlign = 'right'; ctx.fillText(short(max), x1, barH + 5);
  ctx.textAlign = 'center';
  if (middle) ctx.fillText(middle, (x0 + x1) / 2, barH + 5);
  if (nan) {
    const sx = x1 + 12, sw = nanW - 12;
    ctx.fillStyle = `rgb(${NAN_COLOR.join(',')})`;
    ctx.fillRect(sx, 2, sw, barH);
    ctx.strokeRect(sx + 0.5, 2.5, sw - 1, barH);
    ctx.fillStyle = '#222';
    ctx.fillText('NaN', sx + sw / 2, barH + 5);
  }
}
