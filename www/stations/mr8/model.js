// Station "MR8 filter bank" (part 3 of the filter stations): its URL state, the layout of the
// 38-filter bank, the names of the 8 features and the probe's moves (DOM-free;
// tests/js/mr8.test.mjs). The features themselves are the core's (Mr8Job, in the worker).
import { schema } from '../../lib/state.js';
import { ORIENTATIONS } from '../orient/model.js';

/** px, side of every RFS filter. */
export const RFS = 49;
export const MR8_NAMES = ['edge σ=1', 'edge σ=2', 'edge σ=4', 'bar σ=1', 'bar σ=2', 'bar σ=4', 'Gaussian σ=10', 'LoG σ=10'];

/** The address: abs = max of |response| instead of the signed max; img = the sample. */
export const STATE = schema([
  { name: 'abs', type: 'bool', default: false },
  { name: 'img', type: 'text', optional: true },
]);

/**
 * The bank as the grid shows it, row by row: a header row of orientations, then per kind and
 * scale a label and six filters (index into rfs_bank(): edges 0–17, bars 18–35, by scale then
 * orientation), then the Gaussian (36) and the LoG (37).
 * Items: { head } | { label } | { index, title } | { note }.
 */
export function bankLayout() {
  const items = [{ head: '' }, ...ORIENTATIONS.map((t) => ({ head: `${t}°` }))];
  ['edge', 'bar'].forEach((kind, b) => [1, 2, 4].forEach((s, si) => {
    items.push({ label: `${kind} σ=${s}` });
    ORIENTATIONS.forEach((t, o) => items.push({ index: b * 18 + si * 6 + o, title: `${kind} σ=${s}, θ=${t}°` }));
  }));
  items.push({ label: 'σ=10' }, { index: 36, title: 'Gaussian σ=10 (zero-mean)' }, { index: 37, title: 'LoG σ=10' }, { note: 'Gaussian, LoG' });
  return items;
}

const clampTo = (v, n) => Math.min(n - 1, Math.max(0, v));

/** The pixel under a pointer at fractions (fx, fy) of a map's width and height. */
export const probeAt = (fx, fy, cols, rows) => ({ x: clampTo(Math.floor(fx * cols), cols), y: clampTo(Math.floor(fy * rows), rows) });

/** The probe after an arrow key (Shift: 10 px), or null for any other key. */
export function moveProbe(probe, key, shift, cols, rows) {
  const step = shift ? 10 : 1;
  const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[key];
  return d ? { x: clampTo(probe.x + d[0], cols), y: clampTo(probe.y + d[1], rows) } : null;
}

/** The probe kept when the maps change size: the same pixel if it is still inside, else the centre. */
export const keepProbe = (probe, cols, rows) => (probe && probe.x < cols && probe.y < rows ? probe : { x: Math.floor(cols / 2), y: Math.floor(rows / 2) });
