// Fast heat maps for large arrays (a 512×512 response redrawn on every slider move): the
// colours come from canvas.js's scales, looked up in a 1024-entry table instead of computed
// per pixel.
import { divergingColor, sequentialColor } from './canvas.js';

const LUT_SIZE = 1024;

function buildLut(color, lo) {
  const lut = new Uint8ClampedArray(LUT_SIZE * 4);
  for (let i = 0; i < LUT_SIZE; i++) {
    const t = lo + (1 - lo) * (i / (LUT_SIZE - 1));
    const c = color(t);
    lut.set([c[0], c[1], c[2], 255], 4 * i);
  }
  return lut;
}

const DIVERGING = buildLut(divergingColor, -1);
const SEQUENTIAL = buildLut(sequentialColor, 0);
const GRAY = (() => {
  const lut = new Uint8ClampedArray(LUT_SIZE * 4);
  for (let i = 0; i < LUT_SIZE; i++) {
    const v = Math.round((255 * i) / (LUT_SIZE - 1));
    lut.set([v, v, v, 255], 4 * i);
  }
  return lut;
})();

/** Largest |v| over the finite values (0 for an empty or all-NaN array). */
export function maxAbs(data) {
  let m = 0;
  for (let i = 0; i < data.length; i++) {
    const a = Math.abs(data[i]);
    if (a > m) m = a;
  }
  return m;
}

/**
 * The q-quantile of |v| (from at most ~40 000 evenly spaced samples): a colour limit that a
 * few extreme pixels cannot wash out. Falls back to max|v| when the quantile is 0.
 */
export function robustLimit(data, q = 0.995) {
  const step = Math.max(1, Math.floor(data.length / 40000));
  const s = [];
  for (let i = 0; i < data.length; i += step) { const a = Math.abs(data[i]); if (Number.isFinite(a)) s.push(a); }
  if (!s.length) return 1;
  s.sort((a, b) => a - b);
  const v = s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))];
  return v > 0 ? v : (maxAbs(data) || 1);
}

/** Min and max over the finite values. */
export function minMax(data) {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return Number.isFinite(lo) ? { min: lo, max: hi } : { min: 0, max: 1 };
}

/**
 * Paints `data` (w × h) on `canvas` (resized to w × h).
 * scale: 'diverging' (blue − / white 0 / red +, symmetric ±limit), 'sequential' or 'gray'
 * (min → max). `limit` (diverging) or `min`/`max` fix the range; returns the range used.
 */
export function paint(canvas, data, w, h, { scale = 'diverging', limit, min, max } = {}) {
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  let lo, hi, lut;
  if (scale === 'diverging') {
    const m = limit ?? maxAbs(data);
    lo = -(m || 1); hi = m || 1;
    lut = DIVERGING;
  } else {
    const r = minMax(data);
    lo = min ?? r.min; hi = max ?? r.max;
    if (!(hi > lo)) hi = lo + 1;
    lut = scale === 'gray' ? GRAY : SEQUENTIAL;
  }
  const k = (LUT_SIZE - 1) / (hi - lo);
  const img = new ImageData(w, h);
  const px = new Uint32Array(img.data.buffer);
  const lut32 = new Uint32Array(lut.buffer);
  const n = w * h;
  for (let i = 0; i < n; i++) {
    let j = ((data[i] - lo) * k + 0.5) | 0;
    if (j < 0) j = 0; else if (j >= LUT_SIZE) j = LUT_SIZE - 1;
    px[i] = lut32[j];
  }
  canvas.getContext('2d').putImageData(img, 0, 0);
  return { min: lo, max: hi };
}

/** A grey colour bar (black → white) with min and max ticks, styled like canvas.js's drawLegend. */
export function drawGrayLegend(canvas, min, max, label = '') {
  const ctx = canvas.getContext('2d');
  const W = canvas.width, H = canvas.height;
  ctx.clearRect(0, 0, W, H);
  const barH = Math.max(8, Math.round(H * 0.35)), x0 = 10, x1 = W - 10;
  const grad = ctx.createLinearGradient(x0, 0, x1, 0);
  grad.addColorStop(0, '#000');
  grad.addColorStop(1, '#fff');
  ctx.fillStyle = grad;
  ctx.fillRect(x0, 2, x1 - x0, barH);
  ctx.strokeStyle = '#888';
  ctx.strokeRect(x0 + 0.5, 2.5, x1 - x0 - 1, barH);
  ctx.fillStyle = '#222';
  ctx.font = `${Math.max(11, Math.round(H * 0.32))}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  const f = (v) => String(+v.toPrecision(3));
  ctx.textAlign = 'left'; ctx.fillText(f(min), x0, barH + 5);
  ctx.textAlign = 'right'; ctx.fillText(f(max), x1, barH + 5);
  if (label) { ctx.textAlign = 'center'; ctx.fillText(label, (x0 + x1) / 2, barH + 5); }
}
