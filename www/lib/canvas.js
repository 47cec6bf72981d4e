// Canvas helpers shared by the stations: images, heat maps with a diverging scale, legends.

/** A canvas of w × h pixels, optionally shown at cssWidth CSS px, with an accessible label. */
export function makeCanvas(w, h, { cssWidth, label, cls } = {}) {
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  if (cssWidth) c.style.width = `${cssWidth}px`;
  if (label) { c.setAttribute('role', 'img'); c.setAttribute('aria-label', label); }
  if (cls) c.className = cls;
  return c;
}

/** Puts RGBA bytes on a canvas, resizing it to w × h. */
export function drawRGBA(canvas, rgba, w, h) {
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  canvas.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(rgba), w, h), 0, 0);
}

/** Min and max of an array, ignoring non-finite values. */
export function range(data) {
  let lo = Infinity, hi = -Infinity;
  for (const v of data) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (!Number.isFinite(lo)) return { min: 0, max: 1 };
  return { min: lo, max: hi };
}

/** Draws a single-channel array as grey, min → black, max → white. */
export function drawGray(canvas, data, w, h, { min, max } = {}) {
  const r = range(data);
  const lo = min ?? r.min, hi = max ?? r.max;
  const s = hi > lo ? 255 / (hi - lo) : 0;
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    const v = (data[i] - lo) * s;
    rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = v;
    rgba[4 * i + 3] = 255;
  }
  drawRGBA(canvas, rgba, w, h);
}

// Diverging scale: blue (negative) → white (0) → red (positive), after ColorBrewer's RdBu.
const NEG = [33, 102, 172], MID = [247, 247, 247], POS = [178, 24, 43];
/** Colour of t ∈ [−1, 1] on the diverging scale, as [r, g, b]. */
export function divergingColor(t) {
  const u = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  const end = u < 0 ? NEG : POS, a = Math.abs(u);
  return [0, 1, 2].map((k) => Math.round(MID[k] + (end[k] - MID[k]) * a));
}
/** Sequential scale for t ∈ [0, 1] (dark blue → yellow, viridis-like). */
export function sequentialColor(t) {
  const stops = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  const u = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(u)), f = u - i;
  return [0, 1, 2].map((k) => Math.round(stops[i][k] + (stops[i + 1][k] - stops[i][k]) * f));
}

/**
 * Draws values as a heat map. Diverging: symmetric about 0 (±max|v|) unless min/max given.
 * Returns the {min, max} used, for the legend.
 */
export function drawHeatmap(canvas, data, w, h, { min, max, diverging = true } = {}) {
  const r = range(data);
  let lo = min ?? r.min, hi = max ?? r.max;
  if (diverging && min === undefined && max === undefined) {
    const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    lo = -m; hi = m;
  }
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    const v = data[i];
    const c = diverging
      ? divergingColor(v / Math.max(Math.abs(lo), Math.abs(hi), 1e-30))
      : sequentialColor(hi > lo ? (v - lo) / (hi - lo) : 0);
    rgba[4 * i] = c[0]; rgba[4 * i + 1] = c[1]; rgba[4 * i + 2] = c[2]; rgba[4 * i + 3] = 255;
  }
  drawRGBA(canvas, rgba, w, h);
  return { min: lo, max: hi };
}

/** Number formatting for legends and cells: short, no trailing zeros. */
export function fmt(v, digits = 3) {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(1);
  return String(+v.toFixed(digits));
}

/** A horizontal colour-bar legend with min, 0 (when diverging) and max ticks. */
export function drawLegend(canvas, min, max, { diverging = true, label = '' } = {}) {
  const ctx = canvas.getContext('2d');
  const W = canvas.width, H = canvas.height;
  ctx.clearRect(0, 0, W, H);
  const barH = Math.max(8, Math.round(H * 0.35)), x0 = 10, x1 = W - 10;
  for (let x = x0; x < x1; x++) {
    const t = (x - x0) / (x1 - x0 - 1);
    const c = diverging ? divergingColor(2 * t - 1) : sequentialColor(t);
    ctx.fillStyle = `rgb(${c[0]},${c[1]},${c[2]})`;
    ctx.fillRect(x, 2, 1, barH);
  }
  ctx.strokeStyle = '#888';
  ctx.strokeRect(x0 + 0.5, 2.5, x1 - x0 - 1, barH);
  ctx.fillStyle = '#222';
  ctx.font = `${Math.max(11, Math.round(H * 0.32))}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left'; ctx.fillText(fmt(min), x0, barH + 5);
  ctx.textAlign = 'right'; ctx.fillText(fmt(max), x1, barH + 5);
  ctx.textAlign = 'center';
  if (diverging && min < 0 && max > 0) ctx.fillText('0', (x0 + x1) / 2, barH + 5);
  else if (label) ctx.fillText(label, (x0 + x1) / 2, barH + 5);
}
