// Line plots with axes, ticks, a legend, markers and vertical lines; linear or log axes.
// The tick and scale maths at the bottom is DOM-free (tests/js/plot.test.mjs).
import { short, pow10 } from './format.js';
import { prepareCanvas } from './canvas.js';

/**
 * How much larger a plot's default type is in presenter mode (html.presenter, www/lib/presenter.js):
 * the page's type grows with the projector, so the plots' ticks and labels grow with it, up to 1.6×.
 */
export function presenterScale() {
  const root = globalThis.document?.documentElement;
  if (!root?.classList.contains('presenter')) return 1;
  const remPx = parseFloat(globalThis.getComputedStyle(root).fontSize) || 16;
  return Math.min(1.6, Math.max(1, (remPx / 16) * 0.85));
}

/**
 * linePlot(target, series, opts) draws and returns { px, py, toData } (data → canvas px and back).
 * target: a canvas (drawn in its own pixels), or with opts.size = {width, height} a canvas
 *   drawn in CSS px at the device pixel ratio, or a { width, height, getContext } view.
 * series: [{ name, color, xs, ys, dash, width, marker: 'circle'|'square', markerSize }]
 * opts: xLabel, yLabel, title, logX, logY, xMin, xMax, yMin, yMax,
 *   legend: 'top-right' (default) | 'top-left' | 'bottom-right' | 'bottom-left' | 'none',
 *   vlines: [{ x, color, dash, label }], hlines: [{ y, color, dash, label }],
 *   font: px (default from the size, larger in presenter mode so ticks read from the back row).
 * Non-finite points (and ≤ 0 on a log axis) break the line instead of poisoning the scale.
 */
export function linePlot(target, series, opts = {}) {
  let ctx, W, H;
  if (opts.size) {
    W = opts.size.width; H = opts.size.height;
    ctx = prepareCanvas(target, W, H, { dpr: opts.dpr, setWidth: opts.setWidth ?? false });
  } else {
    ctx = target.getContext('2d');
    W = target.width; H = target.height;
  }
  const baseFont = Math.max(12, Math.round(Math.min(W, H) / 22));
  const grow = presenterScale(); // never so large that the labels crowd out the plot
  const font = opts.font ?? (grow === 1 ? baseFont : Math.round(Math.min(baseFont * grow, Math.max(baseFont, Math.min(W, H) / 11))));
  const pad = { l: font * 4.2, r: font, t: font * (opts.title ? 2.2 : 1), b: font * 3.2 };
  const X = axisScale(series.flatMap((s) => s.xs), { log: opts.logX, min: opts.xMin, max: opts.xMax, fallback: [0, 1], includeZero: !opts.logX, count: 6 });
  const okPoint = (x, y) => X.ok(x) && Y.ok(y);
  const Y = axisScale(series.flatMap((s) => s.ys.filter((_, i) => X.ok(s.xs[i]))), { log: opts.logY, min: opts.yMin, max: opts.yMax, fallback: [0, 1] });
  const px = (x) => pad.l + ((X.t(x) - X.lo) / (X.hi - X.lo)) * (W - pad.l - pad.r);
  const py = (y) => H - pad.b - ((Y.t(y) - Y.lo) / (Y.hi - Y.lo)) * (H - pad.t - pad.b);
  const toData = (cx, cy) => ({
    x: X.inv(X.lo + ((cx - pad.l) / (W - pad.l - pad.r)) * (X.hi - X.lo)),
    y: Y.inv(Y.lo + ((H - pad.b - cy) / (H - pad.t - pad.b)) * (Y.hi - Y.lo)),
  });
  const setFont = (bold) => { ctx.font = `${bold ? 'bold ' : ''}${font}px system-ui, sans-serif`; };

  if (!opts.size) { ctx.clearRect(0, 0, W, H); ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, W, H); }
  setFont();
  ctx.strokeStyle = '#ddd'; ctx.fillStyle = '#333'; ctx.lineWidth = 1; ctx.setLineDash([]);
  ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
  for (const t of Y.ticks) {
    const y = py(Y.inv(t));
    ctx.beginPath(); ctx.moveTo(pad.l, y); ctx.lineTo(W - pad.r, y); ctx.stroke();
    ctx.fillText(opts.logY ? pow10(t) : short(t), pad.l - 6, y);
  }
  ctx.textAlign = 'center'; ctx.textBaseline = 'top';
  for (const t of X.ticks) {
    const x = px(X.inv(t));
    ctx.beginPath(); ctx.moveTo(x, pad.t); ctx.lineTo(x, H - pad.b); ctx.stroke();
    ctx.fillText(opts.logX ? pow10(t) : short(t), x, H - pad.b + 4);
  }
  ctx.strokeStyle = '#555';
  ctx.strokeRect(pad.l, pad.t, W - pad.l - pad.r, H - pad.t - pad.b);
  if (opts.xLabel) ctx.fillText(opts.xLabel, (pad.l + W - pad.r) / 2, H - font * 1.5);
  if (opts.title) { setFont(true); ctx.fillText(opts.title, W / 2, font * 0.4); setFont(); }
  if (opts.yLabel) {
    ctx.save(); ctx.translate(font * 0.9, (pad.t + H - pad.b) / 2); ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle'; ctx.fillText(opts.yLabel, 0, 0); ctx.restore();
  }
  // Reference lines, lines and markers, clipped to the plot area.
  ctx.save();
  ctx.beginPath(); ctx.rect(pad.l, pad.t, W - pad.l - pad.r, H - pad.t - pad.b); ctx.clip();
  const named = series.filter((s) => s.name);
  const where = opts.legend || 'top-right';
  const box = named.length && where !== 'none' ? legendBox(ctx, named, where, { W, H, pad, font }) : null;
  for (const v of opts.vlines || []) {
    if (!X.ok(v.x)) continue;
    refLine(ctx, v, px(v.x), pad.t, px(v.x), H - pad.b, font, box);
  }
  for (const v of opts.hlines || []) {
    if (!Y.ok(v.y)) continue;
    refLine(ctx, v, pad.l, py(v.y), W - pad.r, py(v.y), font, box);
  }
  for (const s of series) {
    ctx.strokeStyle = s.color; ctx.lineWidth = s.width ?? 2.5; ctx.setLineDash(s.dash || []);
    ctx.beginPath();
    let pen = false;
    s.xs.forEach((x, i) => {
      if (!okPoint(x, s.ys[i])) { pen = false; return; }
      if (pen) ctx.lineTo(px(x), py(s.ys[i])); else ctx.moveTo(px(x), py(s.ys[i]));
      pen = true;
    });
    if (s.width !== 0) ctx.stroke();
    ctx.setLineDash([]);
    if (s.marker) s.xs.forEach((x, i) => { if (okPoint(x, s.ys[i])) marker(ctx, s, px(x), py(s.ys[i])); });
  }
  ctx.restore();
  ctx.setLineDash([]);
  if (box) legend(ctx, named, box, font);
  describeCanvas(target, series, opts);
  return { px, py, toData };
}

/**
 * What a plot shows now, in words, for screen readers: each named series' latest finite point,
 * e.g. "held-out: accuracy % 98.2 at epoch 4". The figure's own label (its aria-label when first
 * drawn) stays in front, so the text alternative says both what the figure is and where it stands.
 */
export function describePlot(series, { xLabel = 'x', yLabel = 'y' } = {}) {
  const parts = [];
  for (const s of series) {
    if (!s.name) continue;
    let i = s.ys.length - 1;
    while (i >= 0 && !(Number.isFinite(s.ys[i]) && Number.isFinite(s.xs[i]))) i--;
    parts.push(i < 0 ? `${s.name}: no points yet` : `${s.name}: ${yLabel} ${short(s.ys[i], 4)} at ${xLabel} ${short(s.xs[i], 4)}`);
  }
  return parts.join('; ');
}

// Only real canvases carry a label (logicalCanvas views have no DOM node).
function describeCanvas(target, series, opts) {
  if (typeof target.setAttribute !== 'function') return;
  if (target.dataset.figureLabel === undefined) target.dataset.figureLabel = target.getAttribute('aria-label') || opts.title || 'Line plot';
  const now = describePlot(series, opts);
  if (!target.hasAttribute('role')) target.setAttribute('role', 'img');
  target.setAttribute('aria-label', now ? `${target.dataset.figureLabel}. Now: ${now}.` : target.dataset.figureLabel);
}

/** A reference line; its label goes under the legend's box `box` when it would run into it. */
function refLine(ctx, v, x0, y0, x1, y1, font, box) {
  ctx.strokeStyle = v.color || '#555'; ctx.lineWidth = v.width ?? 1.5; ctx.setLineDash(v.dash || [5, 4]);
  ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(x1, y1); ctx.stroke();
  ctx.setLineDash([]);
  if (v.label) {
    ctx.fillStyle = v.color || '#555'; ctx.textAlign = 'left'; ctx.textBaseline = 'top';
    const lx = x0 + 4, w = ctx.measureText(v.label).width;
    let ly = y0 + 4;
    if (box && lx < box.x + box.w && lx + w > box.x && ly < box.y + box.h && ly + font > box.y) ly = box.y + box.h + 4;
    ctx.fillText(v.label, lx, ly);
  }
}

function marker(ctx, s, x, y) {
  const r = s.markerSize ?? 4;
  ctx.fillStyle = s.color;
  ctx.beginPath();
  if (s.marker === 'square') ctx.rect(x - r, y - r, 2 * r, 2 * r); else ctx.arc(x, y, r, 0, 2 * Math.PI);
  ctx.fill();
}

/** Where the legend of `named` goes: { x, y, w, h } in canvas px. */
function legendBox(ctx, named, where, { W, H, pad, font }) {
  const w = Math.max(...named.map((s) => ctx.measureText(s.name).width)) + font * 3;
  const h = font * 1.3 * named.length + 6;
  const x = where.endsWith('left') ? pad.l + 6 : W - pad.r - w - 6;
  const y = where.startsWith('bottom') ? H - pad.b - h - 6 : pad.t + 6;
  return { x, y, w, h };
}

function legend(ctx, named, { x: lx, y: ly, w: lw, h: lhTotal }, font) {
  const lh = font * 1.3;
  ctx.fillStyle = 'rgba(255,255,255,0.9)'; ctx.fillRect(lx, ly, lw, lhTotal);
  ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
  named.forEach((s, i) => {
    const y = ly + 3 + lh * (i + 0.5);
    ctx.strokeStyle = s.color; ctx.lineWidth = s.width || 2.5; ctx.setLineDash(s.dash || []);
    ctx.beginPath(); ctx.moveTo(lx + 6, y); ctx.lineTo(lx + font * 2, y); ctx.stroke();
    ctx.setLineDash([]);
    if (s.marker) marker(ctx, s, lx + 6 + font, y);
    ctx.fillStyle = '#222'; ctx.fillText(s.name, lx + font * 2.4, y);
  });
}

// ---- DOM-free maths ----

/**
 * One axis: { ok(v), t(v), inv(u), lo, hi, ticks } in transformed units (log10 on a log axis).
 * Data limits come from the values that are finite (and > 0 on a log axis) unless min/max are
 * given; an empty axis spans `fallback`; a flat one is widened by ±1 (×10 on a log axis).
 */
export function axisScale(values, { log = false, min, max, fallback = [0, 1], includeZero = false, count = 5 } = {}) {
  const ok = (v) => Number.isFinite(v) && (!log || v > 0);
  const t = log ? Math.log10 : (v) => v;
  const inv = log ? (u) => 10 ** u : (u) => u;
  let lo = Infinity, hi = -Infinity;
  for (const v of values) if (ok(v)) { const u = t(v); if (u < lo) lo = u; if (u > hi) hi = u; }
  if (includeZero && lo <= hi) { lo = Math.min(lo, 0); hi = Math.max(hi, 1); }
  if (!(lo <= hi)) { lo = t(fallback[0] > 0 || !log ? fallback[0] : 1); hi = t(fallback[1] > 0 || !log ? fallback[1] : 10); }
  if (min !== undefined && ok(min)) lo = t(min);
  if (max !== undefined && ok(max)) hi = t(max);
  if (hi - lo < 1e-12) { lo -= 1; hi += 1; }
  const ticks = log ? decadeTicks(lo, hi) : niceTicks(lo, hi, count);
  return { ok, t, inv, lo, hi, ticks };
}

/** Whole decades within [lo, hi] (log10 units), thinned to at most about 7. */
export function decadeTicks(lo, hi) {
  const step = Math.max(1, Math.ceil((hi - lo) / 6));
  const out = [];
  for (let e = Math.ceil(lo); e <= hi + 1e-9; e += step) out.push(e);
  return out;
}

/** About `count` round-numbered ticks covering [lo, hi]. */
export function niceTicks(lo, hi, count) {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / count, mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= count) || 10 * mag;
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(+t.toPrecision(12));
  return out;
}
