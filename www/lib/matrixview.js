// Drawing a convolution matrix W (and the vectors it multiplies) as a grid of cells, for the
// "convolution = matrix multiplication" stations. Zeros are faint, non-zeros take the diverging
// blue-white-red scale of ../lib/canvas.js and a dark outline (so a tiny weight never looks
// like a zero); numbers are printed when the cells are big enough to read.

import { divergingColor } from './canvas.js';

/** Highlight colours: amber for "this output row", purple for "this input column". */
export const ROW_COLOR = '#e08a00';
export const COL_COLOR = '#7b2cbf';
/** Cells smaller than this (CSS px) get no printed numbers. */
export const MIN_NUMBER_CELL = 22; // px
const ZERO_FILL = '#f4f5f8';
const ZERO_LINE = '#e2e5ec';
const NONZERO_LINE = '#3b4252';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/** Typed numbers stay within ±MAX_ABS, so products and sums stay finite (and readable) in float32. */
export const MAX_ABS = 1e6;
/** Non-zero typed numbers below this magnitude would round to 0 (or lose all digits) in float32. */
const MIN_ABS = 1e-30;

/**
 * Reads a typed number: `-0.5`, `2e-1`, `−2` (Unicode minus) or a fraction `1/3`.
 * Returns {value} or {error} (a phrase that follows the field's name).
 */
export function parseNumber(text) {
  const t = String(text).trim().replace(/\u2212/g, '-');
  if (t === '') return { error: 'is empty: type a number such as 0' };
  const parts = t.split('/').map((p) => p.trim());
  if (parts.length > 2 || !parts.every((p) => NUMBER.test(p))) {
    return { error: `"${text}" is not a number: use e.g. 1, -0.5 or 1/3` };
  }
  const value = parts.length === 2 ? Number(parts[0]) / Number(parts[1]) : Number(parts[0]);
  if (Number.isNaN(value)) return { error: `"${text}" is not a number (0/0?)` };
  if (!Number.isFinite(value) && parts.length === 2 && Number(parts[1]) === 0) return { error: `"${text}" divides by zero` };
  if (!(Math.abs(value) <= MAX_ABS)) return { error: `"${text}" is too large: keep numbers between −1,000,000 and 1,000,000` };
  if (value !== 0 && Math.abs(value) < MIN_ABS) return { error: `"${text}" is too small to store in float32: use 0 or a number above 1e-30 in size` };
  return { value };
}

/** Short cell text: −2, 0.33, 1.5e-4 (Unicode minus for legibility). */
export function cellText(v, digits = 2) {
  if (v === 0) return '0';
  const a = Math.abs(v);
  let s;
  if (a >= 1000 || a < 0.005) s = v.toExponential(0);
  else s = String(+v.toFixed(a >= 100 ? 0 : digits));
  return s.replace('-', '−');
}

/** Unicode subscript of an integer: −1 → ₋₁. */
export function sub(n) {
  const map = { '-': '₋', 0: '₀', 1: '₁', 2: '₂', 3: '₃', 4: '₄', 5: '₅', 6: '₆', 7: '₇', 8: '₈', 9: '₉' };
  return String(n).split('').map((c) => map[c] ?? c).join('');
}

/**
 * Sizes a canvas to cssW × cssH CSS pixels at the device pixel ratio and returns its 2D
 * context drawing in CSS pixels, cleared to white.
 */
export function prepareCanvas(canvas, cssW, cssH) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(cssW * dpr)), hgt = Math.max(1, Math.round(cssH * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== hgt) canvas.height = hgt;
  canvas.style.width = `${cssW}px`;
  canvas.style.aspectRatio = `${cssW} / ${cssH}`;
  const g = canvas.getContext('2d');
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.fillStyle = '#fff';
  g.fillRect(0, 0, cssW, cssH);
  return g;
}

/** Mouse/touch position in the canvas's CSS-pixel drawing coordinates (robust to CSS scaling). */
export function eventPoint(canvas, ev, cssW, cssH) {
  const r = canvas.getBoundingClientRect();
  return { x: ((ev.clientX - r.left) * cssW) / r.width, y: ((ev.clientY - r.top) * cssH) / r.height };
}

/** Font string at `px` CSS pixels. */
export const font = (px, weight = '') => `${weight} ${px}px ${FONT}`.trim();

/** Grey level [r, g, b] of v on lo…hi (lo → black, hi → white), for image pixels. */
export function grayColor(v, lo, hi) {
  const t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
  const c = Math.round(255 * Math.max(0, Math.min(1, t)));
  return [c, c, c];
}

/** Text colour that reads on a background [r, g, b]. */
export const inkOn = ([R, G, B]) => (0.299 * R + 0.587 * G + 0.114 * B < 150 ? '#fff' : '#111');

/**
 * Draws a rows × cols grid of cells at (x, y), each cw × ch CSS px.
 * value(r, c) gives the number; max scales the diverging colours (|v| = max is the darkest),
 * or color(v) → [r, g, b] replaces them (then zeros are coloured too, e.g. black pixels);
 * numbers: print values (only if the cells are big enough; text that would need a font below
 * minFont px is left out).
 */
export function drawCells(g, { x, y, rows, cols, cw, ch, value, max, color, numbers = true, digits = 2, minFont = 8 }) {
  let showNumbers = numbers && Math.min(cw, ch) >= MIN_NUMBER_CELL;
  // One font size for the whole grid: the largest at which the widest number fits its cell.
  let fontPx = Math.max(11, Math.min(18, Math.floor(ch * 0.55)));
  if (showNumbers) {
    g.font = font(fontPx);
    let widest = 0;
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
      widest = Math.max(widest, g.measureText(cellText(value(r, c), digits)).width);
    }
    if (widest > cw - 4) fontPx = Math.floor((fontPx * (cw - 4)) / widest);
    if (fontPx < minFont) showNumbers = false;
  }
  g.font = font(fontPx);
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  const scale = max > 0 ? max : 1;
  // Zeros first (faint), then non-zeros on top so their dark outlines are not overdrawn.
  g.lineWidth = 1;
  for (const pass of [0, 1]) {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const v = value(r, c);
        const isZero = v === 0 && !color;
        if ((pass === 0) !== isZero) continue;
        const X = x + c * cw, Y = y + r * ch;
        if (isZero) {
          g.fillStyle = ZERO_FILL;
          g.fillRect(X, Y, cw, ch);
          g.strokeStyle = ZERO_LINE;
          g.strokeRect(X + 0.5, Y + 0.5, cw - 1, ch - 1);
          if (showNumbers) { g.fillStyle = '#b7bdc9'; g.fillText('0', X + cw / 2, Y + ch / 2 + 1); }
        } else {
          const rgb = color ? color(v) : divergingColor(v / scale);
          g.fillStyle = `rgb(${rgb[0]},${rgb[1]},${rgb[2]})`;
          g.fillRect(X, Y, cw, ch);
          g.strokeStyle = NONZERO_LINE;
          g.strokeRect(X + 0.5, Y + 0.5, cw - 1, ch - 1);
          if (showNumbers) {
            g.fillStyle = inkOn(rgb);
            g.fillText(cellText(v, digits), X + cw / 2, Y + ch / 2 + 1);
          }
        }
      }
    }
  }
  return { showNumbers };
}

/** A highlight frame around a rectangle (drawn outside it so the cells stay visible). */
export function frame(g, x, y, w, hgt, color, width = 3) {
  g.save();
  g.strokeStyle = color;
  g.lineWidth = width;
  g.strokeRect(x - width / 2, y - width / 2, w + width, hgt + width);
  g.restore();
}

/** Veils a rectangle in translucent white, so what is not highlighted recedes. */
export function veil(g, x, y, w, hgt, alpha = 0.6) {
  g.save();
  g.fillStyle = `rgba(255,255,255,${alpha})`;
  g.fillRect(x, y, w, hgt);
  g.restore();
}

/** Draws a square bracket pair around a matrix block, as in printed maths. */
export function brackets(g, x, y, w, hgt, color = '#222') {
  const t = Math.min(10, Math.max(5, w * 0.08));
  g.save();
  g.strokeStyle = color;
  g.lineWidth = 2;
  g.beginPath();
  g.moveTo(x - 4 + t, y - 4); g.lineTo(x - 4, y - 4); g.lineTo(x - 4, y + hgt + 4); g.lineTo(x - 4 + t, y + hgt + 4);
  g.moveTo(x + w + 4 - t, y - 4); g.lineTo(x + w + 4, y - 4); g.lineTo(x + w + 4, y + hgt + 4); g.lineTo(x + w + 4 - t, y + hgt + 4);
  g.stroke();
  g.restore();
}

/** Largest |value| (1 when all are zero), for a symmetric diverging scale. */
export function absMax(values) {
  let m = 0;
  for (const v of values) if (Number.isFinite(v) && Math.abs(v) > m) m = Math.abs(v);
  return m || 1;
}
