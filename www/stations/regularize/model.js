// Regularization station, DOM-free: the URL schema, the λ slider's span, and the width
// sweep's bookkeeping and plain-words reading of its numbers (all of which come from the core:
// the shipped www/data/width-sweep.json made by `cargo run --release --example width_sweep`, or
// a rerun in the worker).
import { schema } from '../../lib/state.js';

/** Epoch budgets of the toy fit. */
export const EPOCH_CHOICES = [200, 500, 1000, 2000, 5000, 10000];
/** The weight decay's log slider: λ from `min` to `max`, with 0 (off) at its left end. */
export const LAMBDA = { min: 1e-6, max: 1 };

export const STATE = schema([
  { name: 'hidden', type: 'int', min: 1, max: 200, default: 50 },
  { name: 'act', type: 'enum', values: ['tanh', 'relu'], default: 'tanh' },
  { name: 'lam', type: 'number', min: 0, max: 1, default: 0 },
  { name: 'p', type: 'number', min: 0, max: 0.8, default: 0 },
  { name: 'lr', type: 'number', min: 0.001, max: 1, default: 0.05 },
  { name: 'bs', type: 'enum', values: ['1', '5', '20'], default: '1' },
  { name: 'epochs', type: 'enum', values: EPOCH_CHOICES.map(String), default: '2000' },
  { name: 'data', type: 'int', min: 1, max: 1e9, default: 1 },
]);

/** The points with `p` put in place of the same width's old point, sorted by width. */
export function mergePoint(points, p) {
  return [...points.filter((q) => q.width !== p.width), p].sort((a, b) => a.width - b.width);
}

/** The narrowest width whose training error is 0 (the interpolation point), or null. */
export function interpolationWidth(points) {
  const p = points.find((q) => q.train_error === 0);
  return p ? p.width : null;
}

const pct = (e) => `${(100 * e).toFixed(2)} %`;
const lowest = (pts) => pts.reduce((a, b) => (b.held_out_error < a.held_out_error ? b : a));

/**
 * What the sweep shows, in words, quoting its own numbers: where training error reaches 0,
 * whether held-out error still falls past that width, and whether it keeps falling up to the
 * widest net or flattens (compared with one standard error on the `heldOut` digits, which
 * `standardError(p)` gives: the core's error_rate_standard_error(p, heldOut)).
 */
export function describeWidths(points, { heldOut = 2000, standardError }) {
  if (points.length < 2) return '';
  const first = points[0], last = points[points.length - 1];
  const best = lowest(points);
  const w0 = interpolationWidth(points);
  const parts = [`Training error goes from ${pct(first.train_error)} at ${first.width} units to ${pct(last.train_error)} at ${last.width}; held-out error from ${pct(first.held_out_error)} to ${pct(last.held_out_error)}, lowest at ${best.width} units (${pct(best.held_out_error)}).`];
  if (w0 === null) return `${parts[0]} No width reached 0 training error within the epoch cap.`;
  const after = points.filter((q) => q.width >= w0);
  const at = after[0], low = lowest(after);
  const se = standardError(low.held_out_error);
  if (low.width === at.width) {
    parts.push(`Training error is 0 from ${w0} units on, and no wider net does better on held-out digits: past the interpolation point the measured curve does not fall, unlike the slide's.`);
  } else {
    const fell = at.held_out_error - low.held_out_error > se;
    parts.push(`Training error is 0 from ${w0} units on, yet held-out error goes from ${pct(at.held_out_error)} there to ${pct(low.held_out_error)} at ${low.width} units${fell ? ': it still falls, as on the slide' : ', within one standard error (' + pct(se) + ')'}.`);
  }
  const tail = points.filter((q) => q.width >= low.width);
  if (tail.length > 1) {
    const high = tail.reduce((a, b) => (b.held_out_error > a.held_out_error ? b : a));
    const flat = high.held_out_error - low.held_out_error <= 2 * se;
    parts.push(flat
      ? `From ${low.width} to ${last.width} units it stays between ${pct(low.held_out_error)} and ${pct(high.held_out_error)} (one standard error on ${heldOut.toLocaleString('en-US')} digits ≈ ${pct(se)}): here the curve flattens rather than keeps falling.`
      : `Wider than ${low.width} units it rises again, to ${pct(high.held_out_error)} at ${high.width} units.`);
  }
  return parts.join(' ');
}
