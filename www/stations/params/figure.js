// The parameter-count figure: both layers' totals as bars on a log axis and as areas to scale,
// side by side on a wide screen (1080 × 270 figure px) or stacked on a phone (520 × 600), drawn
// at the device pixel ratio and scaled to the column by CSS.
import { thousands, sup } from '../../lib/format.js';
import { prepareCanvas } from '../../lib/canvas.js';

export const FC_COLOR = '#c2410c'; // orange-red: the big one
export const CONV_COLOR = '#1d4ed8'; // blue

/** Figure geometry (figure px): names left of the bars and the areas beside them, or all stacked. */
const WIDE = { W: 1080, H: 270, L: 228, R: 600, top: 14, barH: 62, gap: 30, namesAbove: false, side: 226, ax: 640, ay: 8 };
const NARROW = { W: 520, H: 600, L: 16, R: 476, top: 40, barH: 54, gap: 60, namesAbove: true, side: 240, ax: 30, ay: 314 };

/** Log-scale bars and areas to scale; `narrow` stacks them for a phone-width column. */
export function drawComparison(canvas, fcTotal, convTotal, { narrow = false } = {}) {
  const lay = narrow ? NARROW : WIDE;
  const g = prepareCanvas(canvas, lay.W, lay.H, { setWidth: false });
  const font = 24;
  const setFont = (px, bold = false) => { g.font = `${bold ? 'bold ' : ''}${px}px system-ui, sans-serif`; };

  // --- log bars ---
  const { L, R, top, barH, gap } = lay;
  const maxE = Math.max(3, Math.ceil(Math.log10(Math.max(fcTotal, convTotal)) + 0.05));
  const x = (n) => L + (Math.log10(Math.max(n, 1)) / maxE) * (R - L);
  const axisY = top + 2 * barH + gap + 12;
  g.strokeStyle = '#dde1e8'; g.lineWidth = 1; g.fillStyle = '#444';
  g.textAlign = 'center'; g.textBaseline = 'top';
  setFont(font - 2);
  const labelEvery = maxE > 8 ? (maxE > 16 ? 4 : 2) : 1; // decades between axis labels
  for (let e = 0; e <= maxE; e++) {
    const X = Math.round(x(10 ** e)) + 0.5;
    g.beginPath(); g.moveTo(X, top - 8); g.lineTo(X, axisY); g.stroke();
    if (e % labelEvery === 0) g.fillText(`10${sup(e)}`, X, axisY + 4);
  }
  g.fillText('parameters, log scale', (L + R) / 2, axisY + 34);
  const bars = [
    { name: 'Fully connected', n: fcTotal, color: FC_COLOR, y: top },
    { name: 'Convolutional', n: convTotal, color: CONV_COLOR, y: top + barH + gap },
  ];
  for (const b of bars) {
    g.fillStyle = b.color;
    g.fillRect(L, b.y, Math.max(2, x(b.n) - L), barH);
    g.fillStyle = b.color;
    setFont(font, true);
    if (lay.namesAbove) { g.textAlign = 'left'; g.textBaseline = 'bottom'; g.fillText(b.name, L, b.y - 6); } else {
      g.textAlign = 'right'; g.textBaseline = 'middle'; g.fillText(b.name, L - 12, b.y + barH / 2);
    }
    g.textBaseline = 'middle';
    setFont(font);
    const label = thousands(b.n);
    const inside = x(b.n) - L > g.measureText(label).width + 24;
    g.textAlign = inside ? 'right' : 'left';
    g.fillStyle = inside ? '#fff' : '#222';
    g.fillText(label, inside ? x(b.n) - 12 : x(b.n) + 10, b.y + barH / 2);
  }

  // --- areas to scale: the larger layer fills a square, the smaller is drawn beside it ---
  const { side, ax, ay } = lay;
  const fcBig = fcTotal >= convTotal;
  const bigN = fcBig ? fcTotal : convTotal, smallN = fcBig ? convTotal : fcTotal;
  const smallSide = side * Math.sqrt(smallN / bigN);
  g.fillStyle = fcBig ? FC_COLOR : CONV_COLOR;
  g.fillRect(ax, ay, side, side);
  // True size, but never invisible: below 1 px it is drawn as 1 px and circled.
  const drawn = Math.max(1, smallSide);
  const sx = ax + side + 14, sy = ay + side - drawn;
  g.fillStyle = fcBig ? CONV_COLOR : FC_COLOR;
  g.fillRect(sx, sy, drawn, drawn);
  g.fillStyle = '#222'; g.textAlign = 'center'; g.textBaseline = 'top';
  setFont(font - 2);
  g.fillText('area ∝ parameters', ax + side / 2, ay + side + 8);
  g.textAlign = 'left'; g.textBaseline = 'alphabetic';
  const small = fcBig ? 'convolutional' : 'fully connected';
  const lines = smallSide < 1
    ? [`← ${small}:`, `${smallSide.toPrecision(2)} px wide`, '(drawn as 1 px)']
    : [`← ${small}`];
  if (smallSide < 14) {
    g.strokeStyle = fcBig ? CONV_COLOR : FC_COLOR; g.lineWidth = 2.5;
    g.beginPath(); g.arc(sx + drawn / 2, sy + drawn / 2, 9, 0, 2 * Math.PI); g.stroke();
  }
  setFont(font - 4);
  const lx = sx + Math.max(drawn, 10) + 14;
  lines.forEach((t, i) => g.fillText(t, lx, sy + drawn / 2 + 7 - (lines.length - 1 - i) * 28));
}
