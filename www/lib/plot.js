// Line plots with axes, ticks and a legend (linear or log y), for convergence curves etc.

import { fmt } from './canvas.js';

/**
 * linePlot(canvas, [{name, color, xs, ys, dash}], {xLabel, yLabel, logY, xMin, xMax, yMin, yMax, title})
 * Non-finite points (and ≤ 0 on a log axis) break the line instead of poisoning the scale.
 */
export function linePlot(canvas, series, opts = {}) {
  const ctx = canvas.getContext('2d');
  const W = canvas.width, H = canvas.height;
  const font = Math.max(12, Math.round(Math.min(W, H) / 22));
  const pad = { l: font * 4.2, r: font, t: font * (opts.title ? 2.2 : 1), b: font * 3.2 };
  const ok = (y) => Number.isFinite(y) && (!opts.logY || y > 0);
  const tf = (y) => (opts.logY ? Math.log10(y) : y);
  let xMin = opts.xMin, xMax = opts.xMax, yMin = opts.yMin, yMax = opts.yMax;
  const xsAll = [], ysAll = [];
  for (const s of series) s.xs.forEach((x, i) => { if (ok(s.ys[i])) { xsAll.push(x); ysAll.push(tf(s.ys[i])); } });
  xMin ??= Math.min(...xsAll, 0); xMax ??= Math.max(...xsAll, 1);
  yMin = yMin !== undefined ? tf(yMin) : Math.min(...ysAll);
  yMax = yMax !== undefined ? tf(yMax) : Math.max(...ysAll);
  if (!Number.isFinite(yMin) || !Number.isFinite(yMax)) { yMin = 0; yMax = 1; }
  if (yMax - yMin < 1e-12) { yMin -= 1; yMax += 1; }
  if (xMax === xMin) xMax = xMin + 1;
  const px = (x) => pad.l + ((x - xMin) / (xMax - xMin)) * (W - pad.l - pad.r);
  const py = (y) => H - pad.b - ((y - yMin) / (yMax - yMin)) * (H - pad.t - pad.b);

  ctx.clearRect(0, 0, W, H);
  ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, W, H);
  ctx.font = `${font}px system-ui, sans-serif`;
  ctx.strokeStyle = '#ddd'; ctx.fillStyle = '#333'; ctx.lineWidth = 1;
  // y ticks: decades on a log axis, ~5 nice steps otherwise.
  const yTicks = [];
  if (opts.logY) {
    const step = Math.max(1, Math.ceil((yMax - yMin) / 6));
    for (let e = Math.ceil(yMin); e <= yMax; e += step) yTicks.push(e);
  } else yTicks.push(...niceTicks(yMin, yMax, 5));
  ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
  for (const t of yTicks) {
    ctx.beginPath(); ctx.moveTo(pad.l, py(t)); ctx.lineTo(W - pad.r, py(t)); ctx.stroke();
    ctx.fillText(opts.logY ? `1e${t}` : fmt(t), pad.l - 6, py(t));
  }
  ctx.textAlign = 'center'; ctx.textBaseline = 'top';
  for (const t of niceTicks(xMin, xMax, 6)) {
    ctx.beginPath(); ctx.moveTo(px(t), pad.t); ctx.lineTo(px(t), H - pad.b); ctx.stroke();
    ctx.fillText(fmt(t), px(t), H - pad.b + 4);
  }
  ctx.strokeStyle = '#555';
  ctx.strokeRect(pad.l, pad.t, W - pad.l - pad.r, H - pad.t - pad.b);
  if (opts.xLabel) ctx.fillText(opts.xLabel, (pad.l + W - pad.r) / 2, H - font * 1.5);
  if (opts.title) { ctx.font = `bold ${font}px system-ui, sans-serif`; ctx.fillText(opts.title, W / 2, font * 0.4); ctx.font = `${font}px system-ui, sans-serif`; }
  if (opts.yLabel) {
    ctx.save(); ctx.translate(font * 0.9, (pad.t + H - pad.b) / 2); ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle'; ctx.fillText(opts.yLabel, 0, 0); ctx.restore();
  }
  // Lines, clipped to the plot area.
  ctx.save();
  ctx.beginPath(); ctx.rect(pad.l, pad.t, W - pad.l - pad.r, H - pad.t - pad.b); ctx.clip();
  for (const s of series) {
    ctx.strokeStyle = s.color; ctx.lineWidth = s.width || 2.5; ctx.setLineDash(s.dash || []);
    ctx.beginPath();
    let pen = false;
    s.xs.forEach((x, i) => {
      if (!ok(s.ys[i])) { pen = false; return; }
      const X = px(x), Y = py(tf(s.ys[i]));
      if (pen) ctx.lineTo(X, Y); else ctx.moveTo(X, Y);
      pen = true;
    });
    ctx.stroke();
  }
  ctx.restore();
  ctx.setLineDash([]);
  // Legend, top right.
  const named = series.filter((s) => s.name);
  if (named.length) {
    const lh = font * 1.3;
    const lw = Math.max(...named.map((s) => ctx.measureText(s.name).width)) + font * 3;
    const lx = W - pad.r - lw - 6, ly = pad.t + 6;
    ctx.fillStyle = 'rgba(255,255,255,0.9)'; ctx.fillRect(lx, ly, lw, lh * named.length + 6);
    ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
    named.forEach((s, i) => {
      const y = ly + 3 + lh * (i + 0.5);
      ctx.strokeStyle = s.color; ctx.lineWidth = s.width || 2.5; ctx.setLineDash(s.dash || []);
      ctx.beginPath(); ctx.moveTo(lx + 6, y); ctx.lineTo(lx + font * 2, y); ctx.stroke();
      ctx.setLineDash([]); ctx.fillStyle = '#222'; ctx.fillText(s.name, lx + font * 2.4, y);
    });
  }
  return { px, py };
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
