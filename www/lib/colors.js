// Colour scales and the heat-map colouring rules, once for the page (DOM-free, unit-tested in
// tests/js/colors.test.mjs). heatmap.js puts the result on a canvas.
//
// The rules, for every heat map:
//   - The range comes from the finite values only (NaN and ±∞ never stretch the scale).
//     diverging: symmetric, −L…+L with L = `limit` or max|finite v| (1 when that is 0);
//     sequential / gray: `min`…`max` or the finite min…max (a flat map gets min…min + 1).
//   - Values beyond the range take the end colour (+∞ the top end, −∞ the bottom end).
//   - NaN is drawn in NAN_COLOR (a mid grey with no place on any scale), never as a value.

/** RGB of NaN cells: a neutral grey that is on none of the scales. */
export const NAN_COLOR = [128, 128, 128];

// Diverging: blue (negative) → white (0) → red (positive), after ColorBrewer's RdBu.
const NEG = [33, 102, 172], MID = [247, 247, 247], POS = [178, 24, 43];
/** Colour of t ∈ [−1, 1] on the diverging scale, as [r, g, b] (clamped; NaN → white). */
export function divergingColor(t) {
  const u = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : Number.isNaN(t) ? 0 : Math.sign(t)));
  const end = u < 0 ? NEG : POS, a = Math.abs(u);
  return [0, 1, 2].map((k) => Math.round(MID[k] + (end[k] - MID[k]) * a));
}
const VIRIDIS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
/** Sequential scale for t ∈ [0, 1] (dark blue → yellow, viridis-like), clamped. */
export function sequentialColor(t) {
  const c = Number.isFinite(t) ? t : Number.isNaN(t) ? 0 : t > 0 ? 1 : 0;
  const u = Math.max(0, Math.min(1, c)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u)), f = u - i;
  return [0, 1, 2].map((k) => Math.round(VIRIDIS[i][k] + (VIRIDIS[i + 1][k] - VIRIDIS[i][k]) * f));
}
/** Grey level for t ∈ [0, 1]: 0 black, 1 white, clamped. */
export function grayColor(t) {
  const c = Math.round(255 * Math.max(0, Math.min(1, Number.isFinite(t) ? t : t > 0 ? 1 : 0)));
  return [c, c, c];
}
const PAPER_LO = [255, 253, 246], PAPER_HI = [196, 190, 176];
/** A pale backdrop for t ∈ [0, 1] (cream → grey-beige), clamped: lines drawn on it stand out. */
export function paperColor(t) {
  const u = Math.max(0, Math.min(1, Number.isFinite(t) ? t : t > 0 ? 1 : 0));
  return [0, 1, 2].map((k) => Math.round(PAPER_LO[k] + (PAPER_HI[k] - PAPER_LO[k]) * u));
}
/** Text colour that reads on a background [r, g, b]. */
export const inkOn = ([R, G, B]) => (0.299 * R + 0.587 * G + 0.114 * B < 150 ? '#fff' : '#111');

/** The scales by name, each as t ↦ [r, g, b] with the t range it covers. */
export const SCALES = {
  diverging: { color: divergingColor, lo: -1 },
  sequential: { color: sequentialColor, lo: 0 },
  gray: { color: grayColor, lo: 0 },
  paper: { color: paperColor, lo: 0 },
};

/** Largest |v| over the finite values (0 for an empty or all-non-finite array). */
export function maxAbs(data) {
  let m = 0;
  for (let i = 0; i < data.length; i++) {
    const a = Math.abs(data[i]);
    if (a > m && a !== Infinity) m = a;
  }
  return m;
}

/** Min and max over the finite values ({min: 0, max: 1} when there are none). */
export function minMax(data) {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? { min: lo, max: hi } : { min: 0, max: 1 };
}

/**
 * The q-quantile of |v| (from at most ~40 000 evenly spaced finite samples): a colour limit
 * a few extreme pixels cannot wash out. Falls back to max|v| (or 1) when the quantile is 0.
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

/** The range a heat map of `data` uses under the rules above: {min, max}. */
export function heatmapRange(data, { scale = 'diverging', limit, min, max } = {}) {
  if (scale === 'diverging') {
    const m = limit ?? (min !== undefined || max !== undefined
      ? Math.max(Math.abs(min ?? 0), Math.abs(max ?? 0)) : maxAbs(data));
    const L = m > 0 && Number.isFinite(m) ? m : 1;
    return { min: -L, max: L };
  }
  const r = minMax(data);
  const lo = min ?? r.min;
  let hi = max ?? r.max;
  if (!(hi > lo)) hi = lo + 1;
  return { min: lo, max: hi };
}

const LUT_SIZE = 1024;
const LUTS = {};
/** A LUT_SIZE-entry RGBA table of a scale, built once (a 512² map redraws on every drag). */
function lut(scale) {
  if (LUTS[scale]) return LUTS[scale];
  const { color, lo } = SCALES[scale];
  const t = new Uint8ClampedArray(LUT_SIZE * 4);
  for (let i = 0; i < LUT_SIZE; i++) {
    const c = color(lo + (1 - lo) * (i / (LUT_SIZE - 1)));
    t.set([c[0], c[1], c[2], 255], 4 * i);
  }
  return (LUTS[scale] = t);
}

/**
 * Colours `data` (any numeric array) as RGBA bytes under the rules above.
 * Returns { rgba: Uint8ClampedArray(4·n), min, max } (the range used, for the legend).
 */
export function colorize(data, opts = {}) {
  const scale = opts.scale ?? 'diverging';
  if (!SCALES[scale]) throw new Error(`unknown colour scale "${scale}"`);
  const { min: lo, max: hi } = heatmapRange(data, { ...opts, scale });
  const table = new Uint32Array(lut(scale).buffer);
  const nan = new Uint32Array(Uint8ClampedArray.from([...NAN_COLOR, 255]).buffer)[0];
  const k = (LUT_SIZE - 1) / (hi - lo);
  const n = data.length;
  const rgba = new Uint8ClampedArray(4 * n);
  const px = new Uint32Array(rgba.buffer);
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (v !== v) { px[i] = nan; continue; } // NaN
    const j = (v - lo) * k + 0.5;
    px[i] = table[j <= 0 ? 0 : j >= LUT_SIZE - 1 ? LUT_SIZE - 1 : j | 0];
  }
  return { rgba, min: lo, max: hi };
}
