// The 1D station's two stem plots (signal x, output z): one stem per sample, a band behind the
// samples a selection touches, the touched samples enlarged. Drawn in CSS px at the device
// pixel ratio; the geometry (data-layout) lets tests and pointers find sample i.
import { prepareCanvas } from '../../lib/canvas.js';
import { font } from '../../lib/matrixview.js';
import { cell } from '../../lib/format.js';

/** Plot margins (CSS px). */
export const PAD = { l: 52, r: 14, t: 12, b: 28 };

/** Sample i ↔ x position for an n-sample plot `width` px wide. */
export function stemAxis(width, n) {
  const span = width - PAD.l - PAD.r;
  return {
    px: (i) => PAD.l + ((i + 0.5) * span) / n,
    indexAt: (X) => Math.max(0, Math.min(n - 1, Math.floor(((X - PAD.l) * n) / span))),
  };
}

/** The value at height yPx of a plot `height` px tall spanning ±yMax. */
export const valueAt = (yPx, height, yMax) => yMax - ((yPx - PAD.t) / (height - PAD.t - PAD.b)) * 2 * yMax;

/**
 * Draws values[k] at sample k + first. opts: width, height, n, yMax, color, label, band
 * ({lo, hi} samples), bandColor, marks (samples drawn hot), markColor, dots (hollow markers).
 */
export function stemPlot(canvas, { width, height, n, values, first = 0, yMax, color, label, band, bandColor, marks, markColor, dots }) {
  const g = prepareCanvas(canvas, width, height);
  const { px } = stemAxis(width, n);
  const gap = px(1) - px(0);
  const py = (v) => PAD.t + ((yMax - v) / (2 * yMax)) * (height - PAD.t - PAD.b);
  if (band) {
    g.fillStyle = bandColor;
    g.fillRect(px(band.lo) - gap / 2, PAD.t, (band.hi - band.lo + 1) * gap, height - PAD.t - PAD.b);
  }
  g.strokeStyle = '#d9dee7';
  g.fillStyle = '#5b6475';
  g.font = font(13);
  g.textAlign = 'right';
  g.textBaseline = 'middle';
  for (const t of [-yMax, -yMax / 2, 0, yMax / 2, yMax]) {
    g.beginPath(); g.moveTo(PAD.l, py(t)); g.lineTo(width - PAD.r, py(t)); g.stroke();
    g.fillText(cell(t), PAD.l - 6, py(t));
  }
  g.strokeStyle = '#8a93a5';
  g.beginPath(); g.moveTo(PAD.l, py(0)); g.lineTo(width - PAD.r, py(0)); g.stroke();
  g.textAlign = 'center';
  g.textBaseline = 'top';
  const every = n <= 16 ? 1 : n <= 32 ? 2 : 4;
  for (let i = 0; i < n; i += every) g.fillText(String(i), px(i), height - PAD.b + 6);
  g.save(); g.translate(16, (PAD.t + height - PAD.b) / 2); g.rotate(-Math.PI / 2);
  g.font = font(16, 'bold'); g.fillStyle = color; g.textAlign = 'center'; g.textBaseline = 'middle';
  g.fillText(label, 0, 0); g.restore();
  const radius = Math.max(3.5, Math.min(8, gap * 0.32));
  values.forEach((v, k) => {
    const i = k + first, X = px(i), Y = py(Math.max(-yMax, Math.min(yMax, v)));
    const hot = marks && marks.includes(i);
    g.strokeStyle = hot ? markColor : color;
    g.lineWidth = hot ? 3 : 2;
    g.beginPath(); g.moveTo(X, py(0)); g.lineTo(X, Y); g.stroke();
    g.beginPath(); g.arc(X, Y, hot ? radius + 2 : radius, 0, 2 * Math.PI);
    g.fillStyle = hot ? markColor : dots ? '#fff' : color;
    g.fill();
    g.lineWidth = 2; g.strokeStyle = hot ? markColor : color; g.stroke();
  });
  canvas.dataset.layout = JSON.stringify({ width, padL: PAD.l, padR: PAD.r, n });
}
