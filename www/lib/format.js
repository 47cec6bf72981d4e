// Number formatting, once for the whole page (DOM-free, unit-tested in tests/js/format.test.mjs).
// Every printed number uses a real minus sign (U+2212) so it reads on a projector; the e2e
// harness's parsePrinted() reads all of these formats back.

const SUP = { 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹', '-': '⁻', '+': '⁺', t: 'ᵗ' };
const SUB = { 0: '₀', 1: '₁', 2: '₂', 3: '₃', 4: '₄', 5: '₅', 6: '₆', 7: '₇', 8: '₈', 9: '₉', '-': '₋', '+': '₊' };

/** Unicode superscript of a number or short text: 12 → ¹², −3 → ⁻³, 't' → ᵗ. */
export const sup = (s) => String(s).split('').map((c) => SUP[c] ?? c).join('');
/** Unicode subscript of an integer: −1 → ₋₁. */
export const sub = (s) => String(s).split('').map((c) => SUB[c] ?? c).join('');
/** A power of ten for axis labels: 0 → "1", 1 → "10", 12 → "10¹²". */
export const pow10 = (e) => (e === 0 ? '1' : e === 1 ? '10' : `10${sup(e)}`);
/** Replaces ASCII minus signs with U+2212. */
export const minus = (s) => String(s).replace(/-/g, '−');

/** The printed form of a non-finite value: NaN, ∞, −∞ (null when v is finite). */
function nonFinite(v) {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  return null;
}

/**
 * A result number: `digits` significant digits, no trailing zeros, a real minus sign, and
 * m·10ᵉ outside 10⁻⁴ ≤ |v| < 10⁶ (0.0749, −1.5, 1.2·10⁻⁵). NaN and ±∞ print as NaN, ∞, −∞.
 */
export function num(v, digits = 4) {
  const bad = nonFinite(v);
  if (bad) return bad;
  if (v === 0) return '0';
  // Decide on the rounded value: 999 999 at 4 digits is 1·10⁶, not "1000000".
  const a = Math.abs(+v.toPrecision(digits));
  if (a >= 1e6 || a < 1e-4) {
    const [m, e] = v.toExponential(digits - 1).split('e');
    return minus(`${+m}·10${sup(+e)}`);
  }
  return minus(String(+v.toPrecision(digits)));
}

/**
 * A short label for a legend, an axis tick or a narrow table cell: at most `decimals`
 * decimals, e-notation (1 decimal) outside 10⁻³ ≤ |v| < 10⁵. ASCII minus unless `unicode`.
 */
export function short(v, decimals = 3, { unicode = false } = {}) {
  const bad = nonFinite(v);
  if (bad) return bad;
  const s = v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3) ? v.toExponential(1) : String(+v.toFixed(decimals));
  return unicode ? minus(s) : s;
}

/** Matrix-cell text: −2, 0.33, 1.5e-4 → fits a small square (e-notation outside 0.005…1000). */
export function cell(v, digits = 2) {
  const bad = nonFinite(v);
  if (bad) return bad;
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1000 || a < 0.005 ? v.toExponential(0) : String(+v.toFixed(a >= 100 ? 0 : digits));
  return minus(s);
}

/** A count with thousands separators: 1966080000 → "1,966,080,000" (rounded to an integer). */
export const thousands = (n) => Math.round(n).toLocaleString('en-US');

const WORDS = [[1e15, 'quadrillion'], [1e12, 'trillion'], [1e9, 'billion'], [1e6, 'million'], [1e3, 'thousand']];
/** "≈ 2.0 billion" for counts of a thousand and more, '' below. */
export function inWords(n) {
  for (const [v, w] of WORDS) if (n >= v) return `≈ ${(n / v).toPrecision(2)} ${w}`;
  return '';
}

/** Bytes in decimal units, as on the lecture's slide: 7,864,360,000 → "7.9 GB". */
export function bytes(b) {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let i = 0, v = b;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return i === 0 ? `${v} bytes` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** Large numbers as "8.2 × 10¹¹" (with no-break spaces), smaller ones with separators. */
export function sci(n) {
  if (Math.abs(n) < 1e6) return thousands(n);
  const e = Math.floor(Math.log10(Math.abs(n)));
  return `${minus((n / 10 ** e).toFixed(1))}\u00a0×\u00a0${pow10(e)}`;
}

/** A fraction as a percentage with 3 significant digits (2 below 1 %): 0.0123 → "1.2 %". */
export const percent = (x) => `${(100 * x).toPrecision(x >= 0.01 ? 3 : 2)}\u00a0%`;
