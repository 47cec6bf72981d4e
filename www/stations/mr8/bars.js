// The MR8 feature vector of one pixel as 8 bars on a symmetric axis, drawn in CSS px at the
// device pixel ratio at the width of its column.
import { prepareCanvas } from '../../lib/canvas.js';
import { short } from '../../lib/format.js';
import { MR8_NAMES } from './model.js';

/** Feature names that fit a phone-wide chart. */
const SHORT = ['edge', 'edge', 'edge', 'bar', 'bar', 'bar', 'G', 'LoG'];

/** Draws `values` (8 features) on ±limit, `width` CSS px wide; returns the height used. */
export function drawBars(canvas, width, values, limit) {
  const W = width, H = Math.round(Math.min(330, Math.max(240, width * 0.45)));
  const g = prepareCanvas(canvas, W, H, { setWidth: false });
  const narrow = W < 500;
  const font = narrow ? 12 : 15;
  const pad = { l: narrow ? 50 : 62, r: narrow ? 6 : 12, t: 14 + font, b: 50 };
  const lim = limit > 0 ? limit : 1;
  const y = (v) => pad.t + (H - pad.t - pad.b) * (1 - (v + lim) / (2 * lim));
  g.font = `${font}px system-ui, sans-serif`;
  g.textAlign = 'right'; g.textBaseline = 'middle';
  for (const t of [-lim, -lim / 2, 0, lim / 2, lim]) {
    g.strokeStyle = t === 0 ? '#333' : '#e2e5ec'; g.lineWidth = t === 0 ? 1.5 : 1;
    g.beginPath(); g.moveTo(pad.l, y(t)); g.lineTo(W - pad.r, y(t)); g.stroke();
    g.fillStyle = '#333'; g.fillText(short(t, 3), pad.l - 6, y(t));
  }
  const slot = (W - pad.l - pad.r) / values.length;
  values.forEach((v, i) => {
    const x0 = pad.l + slot * i + slot * 0.15, bw = slot * 0.7;
    const top = Math.min(y(v), y(0)), hgt = Math.max(1, Math.abs(y(v) - y(0)));
    g.fillStyle = i >= 6 ? (v >= 0 ? '#d6604d' : '#4393c3') : (v >= 0 ? '#b2182b' : '#2166ac');
    g.fillRect(x0, top, bw, hgt);
    g.fillStyle = '#222'; g.textAlign = 'center';
    // Narrow: no value labels (the table below has them) and short names, so nothing collides.
    if (!narrow) {
      g.textBaseline = v >= 0 ? 'bottom' : 'top';
      g.fillText(short(v, 3), x0 + bw / 2, v >= 0 ? top - 3 : top + hgt + 3);
    }
    g.textBaseline = 'top';
    const [a, b] = MR8_NAMES[i].split(' ');
    g.fillText(narrow ? SHORT[i] : a, x0 + bw / 2, H - pad.b + 6);
    g.fillText(narrow ? b.replace('=', '') : b, x0 + bw / 2, H - pad.b + 6 + font + 2);
  });
  return H;
}
