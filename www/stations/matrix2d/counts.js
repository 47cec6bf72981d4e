// The 2D station's W from the wasm core, its counters, and the check that reshaping
// W · vec(x) gives the direct correlation.
import { h } from '../../lib/dom.js';
import { agreement } from '../../lib/matrix-links.js';
import { num, thousands } from '../../lib/format.js';
import { K } from './model.js';

/**
 * Asks the core for W (conv_matrix_2d), its taps, W·vec(x) (matvec), correlate2d with a zero
 * border cut to the output's OR × OC, and W's non-zero counts. { error } on bad sizes.
 */
export function computeMatrix(wasm, st) {
  const { R, C, mode } = st;
  const kf = Float32Array.from(st.kernel), xf = Float32Array.from(st.x);
  try {
    const W = wasm.conv_matrix_2d(R, C, kf, K, K, mode);
    const N = R * C, M = W.length / N;
    const full = wasm.correlate2d(xf, R, C, kf, K, K, 'constant');
    const [OR, OC, a0, b0] = mode === 'valid' ? [R - K + 1, C - K + 1, 1, 1] : [R, C, 0, 0];
    const zConv = new Float32Array(M);
    for (let a = 0; a < OR; a++) for (let b = 0; b < OC; b++) zConv[a * OC + b] = full[(a + a0) * C + b + b0];
    return {
      W, N, M, OR, OC, a0, b0, zConv,
      taps: wasm.conv_matrix_2d_taps(R, C, K, K, mode),
      z: wasm.matvec(W, M, N, xf),
      perRow: wasm.nonzeros_per_row(W, M, N),
      distinct: wasm.distinct_nonzero_values(W),
      error: null,
    };
  } catch (e) {
    return { error: e.message };
  }
}

/** Fills the counters list: entries, non-zeros, per row, free parameters, distinct values. */
export function describeCounts(el, m, kernel, perRow) {
  const entries = m.M * m.N, nnz = Array.from(m.perRow).reduce((s, v) => s + v, 0);
  const nzTaps = kernel.filter((v) => v !== 0).length;
  const note = nzTaps < K * K ? ` (${K * K - nzTaps} of the 9 kernel cells are 0)` : '';
  el.replaceChildren(
    h('dt', {}, 'total entries'), h('dd', {}, `${m.M} × ${m.N} = ${thousands(entries)}`),
    h('dt', {}, 'non-zeros'), h('dd', {}, `${nnz} (${((100 * nnz) / entries).toFixed(1)} %)`),
    h('dt', {}, 'non-zeros per row'), h('dd', { 'data-testid': 'nnz-per-row' }, perRow, h('span', { class: 'note' }, note)),
    h('dt', {}, 'free parameters'), h('dd', {}, '9 (the kernel) ', h('span', { class: 'note' }, `vs ${thousands(entries)} for a dense ${m.M} × ${m.N} layer`)),
    h('dt', {}, 'distinct non-zero values'), h('dd', { 'data-testid': 'distinct' }, String(m.distinct)));
}

/** The verdict: W · vec(x) reshaped against correlate2d, with the largest difference. */
export function describeCheck(el, m, st) {
  const { maxDiff, ok } = agreement(m.z, m.zConv);
  const crop = st.mode === 'valid' ? `[1:${st.R - 1}, 1:${st.C - 1}]` : '';
  el.dataset.maxDiff = String(maxDiff);
  el.dataset.agree = String(ok);
  el.replaceChildren(
    h('span', { class: ok ? 'good m2d-verdict' : 'error m2d-verdict' }, ok ? '✓ Same numbers. ' : '✗ Different numbers! '),
    `Reshaping W · vec(x) (${m.M} values) into ${m.OR} × ${m.OC} gives the direct convolution correlate2d(x, w, border "constant")${crop} computed by the wasm core: max |difference| = ${num(maxDiff, 2)}.`);
}
