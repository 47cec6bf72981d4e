// The 1D station's W from the wasm core, and the "Counting W" panel: its size, its non-zeros,
// its free parameters, and the check that W x equals the direct correlation.
import { h } from '../../lib/dom.js';
import { num, sub, thousands } from '../../lib/format.js';
import { agreement, nonzeroGroups } from '../../lib/matrix-links.js';

/**
 * Asks the core for W (conv_matrix_1d), its tap map, W x (matvec), the direct correlation
 * (correlate1d, zero border) cut to W's rows, and W's non-zero counts. { error } on bad sizes.
 */
export function computeMatrix(wasm, st) {
  const L = st.kernel.length, c = Math.floor(L / 2);
  const kf = Float32Array.from(st.kernel), xf = Float32Array.from(st.x);
  try {
    const W = wasm.conv_matrix_1d(st.n, kf, st.mode);
    const rows = W.length / st.n;
    const first = st.mode === 'valid' ? c : 0;
    return {
      W, rows, first, L, c,
      taps: wasm.conv_matrix_1d_taps(st.n, L, st.mode),
      z: wasm.matvec(W, rows, st.n, xf),
      zConv: wasm.correlate1d(xf, kf, 'constant').slice(first, first + rows),
      perRow: wasm.nonzeros_per_row(W, rows, st.n),
      distinct: wasm.distinct_nonzero_values(W),
      error: null,
    };
  } catch (e) {
    return { error: e.message, L, c };
  }
}

/** Fills the counters list: entries, non-zeros, per row, free parameters, distinct values. */
export function describeCounts(el, m, st, perRow) {
  const { rows, L } = m, n = st.n;
  const entries = rows * n;
  const nnz = Array.from(m.perRow).reduce((a, b) => a + b, 0);
  const nzTaps = st.kernel.filter((v) => v !== 0).length;
  const uniform = nonzeroGroups(m.perRow).groups.length === 1;
  const tapNote = nzTaps < L ? ` (${L - nzTaps} of the ${L} taps are 0)` : ' (= 2m + 1)';
  const dd = (...c) => h('dd', {}, ...c);
  el.replaceChildren(
    h('dt', {}, 'total entries'), dd(`${rows} × ${n} = ${thousands(entries)}`),
    h('dt', {}, 'non-zeros'), dd(`${nnz} (${((100 * nnz) / entries).toFixed(1)} %)`),
    h('dt', {}, 'non-zeros per row'), h('dd', { 'data-testid': 'nnz-per-row' }, perRow, h('span', { class: 'note' }, uniform ? tapNote : '')),
    h('dt', {}, 'free parameters'), dd(`${L}: w${sub(-(L - 1) / 2)} … w${sub((L - 1) / 2)} `, h('span', { class: 'note' }, `shared by every row (a dense ${rows} × ${n} matrix has ${thousands(entries)})`)),
    h('dt', {}, 'distinct non-zero values'), h('dd', { 'data-testid': 'distinct' }, String(m.distinct),
      h('span', { class: 'note' }, m.distinct < nzTaps ? ' (some taps repeat a value)' : '')));
}

/** The verdict: W x against correlate1d, with the largest difference. */
export function describeCheck(el, m, mode) {
  const { maxDiff, ok } = agreement(m.z, m.zConv);
  el.replaceChildren(
    h('span', { class: ok ? 'good' : 'error' }, ok ? '✓ W x equals the convolution. ' : '✗ W x differs from the convolution. '),
    h('span', { class: 'note' }, `max |W x − correlate1d(x, w, zero border)${mode === 'valid' ? ' (interior)' : ''}| = ${num(maxDiff, 2)}`));
  el.dataset.maxDiff = String(maxDiff);
}
