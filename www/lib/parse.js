// Reading what a student types, once for the whole page (DOM-free, unit-tested in
// tests/js/parse.test.mjs). Each reader returns {value} or {error}; an error is a phrase that
// follows the field's name ("Row 2, column 1 " + error), so a message reads as one sentence.
import { num, thousands } from './format.js';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A typed number: `-0.5`, `2e-1`, `−2` (Unicode minus) or a fraction `1/16`.
 * `maxAbs` bounds |value| (so float32 products stay finite); non-zero values below `minAbs`
 * in size are refused (they would round to 0 in float32).
 */
export function parseNumber(text, { maxAbs = Infinity, minAbs = 0 } = {}) {
  const t = String(text).trim().replace(/\u2212/g, '-');
  if (t === '') return { error: 'is empty: type a number such as 0' };
  const parts = t.split('/').map((p) => p.trim());
  if (parts.length > 2 || !parts.every((p) => NUMBER.test(p))) {
    return { error: `"${text}" is not a number: use e.g. 1, -0.5 or 1/16` };
  }
  const value = parts.length === 2 ? Number(parts[0]) / Number(parts[1]) : Number(parts[0]);
  if (Number.isNaN(value)) return { error: `"${text}" is not a number (0/0?)` };
  if (!Number.isFinite(value) && parts.length === 2 && Number(parts[1]) === 0) return { error: `"${text}" divides by zero` };
  if (!Number.isFinite(value)) return { error: `"${text}" is not a finite number` };
  if (!(Math.abs(value) <= maxAbs)) return { error: `"${text}" is too large: keep numbers between −${thousands(maxAbs)} and ${thousands(maxAbs)}` };
  if (value !== 0 && Math.abs(value) < minAbs) return { error: `"${text}" is too small to store in float32: use 0 or a number above ${minAbs} in size` };
  return { value };
}

/**
 * Checks a number against a control's limits: finite, whole when `integer`, within [min, max].
 * `value` may be NaN (what an empty or garbled type=number box reports).
 */
export function checkNumber(value, { min = -Infinity, max = Infinity, integer = false } = {}) {
  if (Number.isNaN(value)) return { error: 'needs an ordinary number, e.g. 0.5' };
  if (!Number.isFinite(value)) return { error: `is too large: type a number up to ${num(max)}` };
  if (integer && !Number.isInteger(value)) return { error: 'must be a whole number' };
  if (value < min) return { error: `must be at least ${num(min)}` };
  if (value > max) return { error: `must be at most ${num(max)}` };
  return { value };
}

const SEPARATORS = /[,_\s\u00a0\u202f]/g;
/**
 * A typed count ≥ 1: digits with optional separators (10,000 or 10 000 or 10_000), at most
 * `max`. Errors say what is wrong: a decimal, a negative, too large, not a number.
 */
export function parseCount(text, { max = Number.MAX_SAFE_INTEGER } = {}) {
  const t = String(text).trim().replace(SEPARATORS, '');
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    if (n < 1) return { error: 'must be at least 1' };
    if (n > max || !Number.isSafeInteger(n)) return { error: `must be at most ${thousands(max)}` };
    return { value: n };
  }
  if (NUMBER.test(t)) return { error: `must be a whole number of at least 1 (not ${String(text).trim()})` };
  return { error: 'type a whole number of at least 1, like 256 or 10,000' };
}
