// Drawing a convolution matrix W (and the vectors it multiplies) as a grid of cells, for the
// "convolution = matrix multiplication" stations. Zeros are faint, non-zeros take the diverging
// blue-white-red scale of ../lib/canvas.js and a dark outline (so a tiny weight never looks
// like a zero); numbers are printed when the cells are big enough to read.

import { divergingColor, grayColor as grayScale, inkOn } from './colors.js';
import { parseNumber as parseNumberIn } from './parse.js';
import { cell as cellText, sub } from './format.js';

export { cellText, sub, inkOn };
export { prepareCanvas, eventPoint } from './canvas.js';

/** Highlight colours: amber for "this output row", purple for "this input column". */
export const ROW_COLOR = '#e08a00';
export const COL_COLOR = '#7b2cbf';
/** Cells smaller than this (CSS px) get no printed numbers. */
export const MIN_NUMBER_CELL = 22; // px
const ZERO_FILL = '#f4f5f8';
const ZERO_LINE = '#e2e5ec';
const NONZERO_LINE = '#3b4252';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** Typed numbers stay within ±MAX_ABS, so products and sums stay finite (and readable) in float32. */
export const MAX_ABS = 1e6;
/** Non-zero typed numbers below this magnitude would round to 0 (or lose all digits) in float32. */
const MIN_ABS = 1e-30;

/**
 * Reads a typed matrix entry (parse.parseNumber within ±MAX_ABS, float32-representable).
 * Returns {value} or {error} (a phrase that follows the field's name).
 */
export const parseNumber = (text) => parseNumberIn(text, { maxAbs: MAX_ABS, minAbs: MIN_ABS });

/** Font string at `px` CSS pixels. */
export const font = (px, weight = '') => `${weight} ${px}px ${FONT}`.trim();

/** Grey level [r, g, b] of v on lo…hi (lo → black, hi → white), for image pixels. */
export const grayColor = (v, lo, hi) => grayScale(hi > lo ? (v - lo) / (hi - lo) : 0.5);

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
