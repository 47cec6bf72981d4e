// Station "1D conv = matrix": the signal, the filter, the boundary, their URL schema and
// validation, and the sentences the figure's readout prints (DOM-free; tests/js/matrix1d.test.mjs).
// W, its taps, W x and the direct correlation come from the wasm core (see view.js).
import { parseNumber } from '../../lib/matrixview.js';
import { schema } from '../../lib/state.js';
import { cell, sub } from '../../lib/format.js';
import { mulberry32 } from '../../lib/rng.js';
import { rowEntries, colRows, nonzeroGroups } from '../../lib/matrix-links.js';

export const N_MIN = 8, N_MAX = 64, N_DEFAULT = 12;
/** The signal editor's y range is ±X_LIMIT. */
export const X_LIMIT = 1.5;
/** Filter lengths 2m + 1 offered. */
export const LENGTHS = [3, 5, 7, 9];

/** Filter presets (cell texts, so fractions stay readable). The slide's [1, −2, 1] first. */
export const FILTERS = [
  { id: 'second-diff', label: 'Slide: [1, −2, 1]', cells: ['1', '-2', '1'] },
  { id: 'first-diff', label: 'Difference [−1, 0, 1]', cells: ['-1', '0', '1'] },
  { id: 'average', label: 'Average of 3', cells: ['1/3', '1/3', '1/3'] },
  { id: 'gauss5', label: 'Smooth [1 4 6 4 1]/16', cells: ['1/16', '4/16', '6/16', '4/16', '1/16'] },
  { id: 'identity', label: 'Identity', cells: ['0', '1', '0'] },
];

/** Signal presets of length n, values within ±X_LIMIT. */
export const SIGNALS = {
  step: { label: 'Step', make: (n) => Array.from({ length: n }, (_, i) => (i < Math.floor(n / 2) ? 0 : 1)) },
  spike: { label: 'Spike', make: (n) => Array.from({ length: n }, (_, i) => (i === Math.floor(n / 2) ? 1 : 0)) },
  sine: {
    label: 'Noisy sine',
    make: (n) => {
      const r = mulberry32(340);
      return Array.from({ length: n }, (_, i) => +(0.8 * Math.sin((2 * Math.PI * 2 * i) / n) + 0.3 * (r() - 0.5)).toFixed(2));
    },
  },
};

export const clampX = (v) => Math.max(-X_LIMIT, Math.min(X_LIMIT, v));
export const round2 = (v) => Math.round(v * 100) / 100;
const numbers = (t) => t.split(',').map(Number);

/** The URL state: n, w (tap texts), mode, x (a preset's name or the samples). */
export const STATE = schema([
  { name: 'n', type: 'int', min: N_MIN, max: N_MAX, default: N_DEFAULT },
  { name: 'w', type: 'list', lengths: LENGTHS, item: (t) => !parseNumber(t).error, default: FILTERS[0].cells },
  { name: 'mode', type: 'enum', values: ['valid', 'same'], default: 'valid' },
  { name: 'x', type: 'text', default: 'step', valid: (t) => Boolean(SIGNALS[t]) || numbers(t).every(Number.isFinite) },
]);

/** Resamples a signal to length n by linear interpolation (keeps a hand-drawn shape). */
export function resample(x, n) {
  if (x.length === n) return x.slice();
  if (x.length === 1) return Array(n).fill(x[0]);
  return Array.from({ length: n }, (_, i) => {
    const t = (i * (x.length - 1)) / (n - 1), k = Math.floor(t), f = t - k;
    return round2(k + 1 < x.length ? x[k] * (1 - f) + x[k + 1] * f : x[k]);
  });
}

/** The station's state from the parsed address: { n, cells, kernel, mode, source, x }. */
export function initialState(s) {
  const st = { n: s.n, cells: s.w.slice(), kernel: s.w.map((c) => parseNumber(c).value), mode: s.mode, source: 'step', x: SIGNALS.step.make(s.n) };
  if (SIGNALS[s.x]) { st.source = s.x; st.x = SIGNALS[s.x].make(s.n); } else {
    const vals = numbers(s.x);
    if (vals.length === s.n) { st.source = 'custom'; st.x = vals.map(clampX); }
  }
  return st;
}

/** Values for the address. */
export const toState = (st) => ({ n: st.n, w: st.cells, mode: st.mode, x: st.source === 'custom' ? st.x.map(round2).join(',') : st.source });

/** The signal for a new length: a preset is made afresh, a drawn signal resampled. */
export const signalFor = (st, n) => (st.source === 'custom' ? resample(st.x, n).map(clampX) : SIGNALS[st.source].make(n));

/** The taps for a new filter length: the centre and its neighbours kept, zeros padded or crop. */
export function resizeTaps(cells, L) {
  const d = (L - cells.length) / 2;
  return Array.from({ length: L }, (_, t) => cells[t - d] ?? '0');
}

/** Tap t's name for a filter of length L: w₋ₘ … wₘ. */
export const tapName = (t, L) => `w${sub(t - (L - 1) / 2)}`;

/** Reads the typed taps: { kernel } or { problems: [{ index, message }] }. */
export function readTaps(cells) {
  const problems = [];
  const kernel = cells.map((c, t) => {
    const p = parseNumber(c);
    if (p.error) problems.push({ index: t, message: `${tapName(t, cells.length)} ${p.error}` });
    return p.value;
  });
  return problems.length ? { problems } : { kernel };
}

/**
 * The readout for a selection, as { title, formula?, note? } strings. m = W's model:
 * { taps, rows, n, first (index of z's first entry), L, z }; kernel and x the numbers.
 */
export function readout(active, m, kernel, x) {
  const c = (m.L - 1) / 2;
  if (active && active.kind === 'row') {
    const r = active.r, i = r + m.first;
    const ents = rowEntries(m.taps, m.n, r);
    const terms = ents.map(({ j, t }) => `${tapName(t, m.L)}·x${sub(j)}`);
    const nums = ents.map(({ j, t }) => `(${cell(kernel[t], 3)})(${cell(x[j], 2)})`);
    const dropped = m.L - ents.length;
    return {
      kind: 'row',
      title: `Row ${r} of W computes z${sub(i)}`,
      rest: ` from the window x${sub(i - c)} … x${sub(i - c + m.L - 1)}:`,
      formula: `z${sub(i)} = ${terms.join(' + ')}\n    = ${nums.join(' + ')} = ${cell(m.z[r], 3)}`,
      note: dropped > 0 ? `${dropped} tap${dropped > 1 ? 's' : ''} would read past the end of x; the zero border makes ${dropped > 1 ? 'them' : 'it'} 0, so W has no entry there.` : null,
    };
  }
  if (active && active.kind === 'col') {
    const j = active.j, rs = colRows(m.taps, m.rows, m.n, j);
    const uses = rs.map((r) => `z${sub(r + m.first)} (as ${tapName(m.taps[r * m.n + j], m.L)})`);
    return {
      kind: 'col',
      title: `Column ${j} of W multiplies x${sub(j)}`,
      rest: '.',
      note: rs.length ? `x${sub(j)} enters ${rs.length} output${rs.length > 1 ? 's' : ''}: ${uses.join(', ')}.`
        : `No output uses x${sub(j)}: in valid mode the first and last m samples are only seen by windows that do not fit.`,
    };
  }
  return null;
}

/** "3 in every row" or "3 in most rows; 2 in rows 0, 11" from the core's nonzeros_per_row. */
export function perRowText(perRow) {
  const { groups } = nonzeroGroups(perRow);
  if (groups.length === 1) return `${groups[0].count} in every row`;
  const rest = groups.slice(1).map((g) => `${g.count} in row${g.rows.length > 1 ? 's' : ''} ${g.rows.join(', ')}`).join('; ');
  return `${groups[0].count} in most rows; ${rest}`;
}
