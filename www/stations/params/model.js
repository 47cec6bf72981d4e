// Station "Parameter count": the sizes typed, their URL schema and validation (DOM-free;
// tests/js/params.test.mjs). The counts themselves come from the Rust core (count_parameters).
import { parseCount } from '../../lib/parse.js';
import { schema } from '../../lib/state.js';
import { thousands } from '../../lib/format.js';

// The lecture's slide: 256 × 256 × 3 inputs, k = 10,000 units. K and f are a VGG-style first
// layer (64 filters of 3 × 3); the slide leaves them open.
export const DEFAULTS = { H: 256, W: 256, C: 3, k: 10000, K: 64, f: 3 };
export const FIELDS = [
  { key: 'H', label: 'Height H', unit: 'px', max: 1e6 },
  { key: 'W', label: 'Width W', unit: 'px', max: 1e6 },
  { key: 'C', label: 'Channels C', unit: '', max: 1e6 },
  { key: 'k', label: 'Units k', unit: '', max: 1e9 },
  { key: 'K', label: 'Filters K', unit: '', max: 1e6 },
  { key: 'f', label: 'Filter size f', unit: 'px', max: 1e6 },
];
export const PRESETS = [
  { label: 'Lecture slide', title: '256 × 256 RGB photo, 10,000 units (the slide)', v: DEFAULTS },
  { label: 'MNIST / LeNet', title: '28 × 28 grey digit; LeNet-5\u2019s first layer: 6 filters of 5 × 5', v: { H: 28, W: 28, C: 1, k: 100, K: 6, f: 5 } },
  { label: 'AlexNet', title: '227 × 227 RGB; AlexNet\u2019s first layer: 96 filters of 11 × 11 × 3; 4,096 units as in its dense layers', v: { H: 227, W: 227, C: 3, k: 4096, K: 96, f: 11 } },
];

/** The URL state: one whole count per field, clamped to 1 … its max. */
export const STATE = schema(FIELDS.map((f) => ({ name: f.key, type: 'int', min: 1, max: f.max, default: DEFAULTS[f.key] })));

/** Shows a typed count with separators (10000 → "10,000"), leaving anything unparsable as typed. */
export function pretty(text) {
  const r = parseCount(text);
  return r.error ? String(text) : thousands(r.value);
}

/**
 * Reads the six typed fields ({ H: '256', ... }). Returns { values, problems, invalid }:
 * values only when every field is a good count; problems as sentences naming the field;
 * invalid the keys of the bad fields.
 */
export function readFields(texts) {
  const values = {}, problems = [], invalid = [];
  for (const f of FIELDS) {
    const r = parseCount(texts[f.key], { max: f.max });
    if (r.error) {
      invalid.push(f.key);
      problems.push(`${f.label}${r.error.startsWith('type') ? ': ' : ' '}${r.error}.`);
    } else values[f.key] = r.value;
  }
  return { values: problems.length ? null : values, problems, invalid };
}

/**
 * The count after an arrow key in a field: ±1, or with Shift ± the count's leading power of
 * ten (256 → 356, 10,000 → 20,000), kept within 1 … max. null when the field is not a count.
 */
export function stepCount(text, up, shift, max) {
  const r = parseCount(text);
  if (r.error) return null;
  const n = r.value;
  const step = shift ? Math.max(1, 10 ** Math.floor(Math.log10(n))) : 1;
  return Math.min(max, Math.max(1, n + (up ? step : -step)));
}

/** The argument object of wasm.count_parameters for typed values. */
export const coreArgs = (v) => ({ height: v.H, width: v.W, channels: v.C, units: v.k, filters: v.K, filter_size: v.f });

/** "1,097,148" for large ratios, 3 significant digits for small ones. */
export const formatRatio = (r) => (r >= 100 ? thousands(r) : (+r.toPrecision(3)).toString());
