// What links a convolution matrix W to its input x and output z, for the conv-as-matrix
// stations (DOM-free; tests/js/matrix-links.test.mjs). `taps` is the core's tap map
// (conv_matrix_1d_taps / conv_matrix_2d_taps): taps[r·N + j] = the kernel cell that W[r, j]
// holds, or −1 where W is structurally zero. A selection is {kind: 'row', r, j?, tap?}
// (an output, optionally one entry of its row), {kind: 'col', j} (an input) or null.

/** The entries of row r: [{ j, t }] — input j meets kernel cell t. */
export function rowEntries(taps, N, r) {
  const out = [];
  for (let j = 0; j < N; j++) { const t = taps[r * N + j]; if (t >= 0) out.push({ j, t }); }
  return out;
}

/** The rows (outputs) whose window holds input j. */
export function colRows(taps, M, N, j) {
  const out = [];
  for (let r = 0; r < M; r++) if (taps[r * N + j] >= 0) out.push(r);
  return out;
}

/** Sorted runs of consecutive integers: [7, 8, 9, 13, 14] → [[7, 9], [13, 14]]. */
export function runs(list) {
  const s = [...list].sort((a, b) => a - b), out = [];
  for (const v of s) {
    if (out.length && out[out.length - 1][1] === v - 1) out[out.length - 1][1] = v;
    else if (!out.length || out[out.length - 1][1] !== v) out.push([v, v]);
  }
  return out;
}

/**
 * Groups rows by their count of non-zeros (the core's nonzeros_per_row), most common first:
 * { nnz, groups: [{ count, rows: [r…] }] }.
 */
export function nonzeroGroups(perRow) {
  const byCount = new Map();
  let nnz = 0;
  Array.from(perRow).forEach((k, r) => {
    nnz += k;
    if (!byCount.has(k)) byCount.set(k, []);
    byCount.get(k).push(r);
  });
  const groups = [...byCount.entries()].map(([count, rows]) => ({ count, rows }))
    .sort((a, b) => b.rows.length - a.rows.length || b.count - a.count);
  return { nnz, groups };
}

/**
 * Does W x agree with the direct convolution? max |z − zRef|, and ok when it is within float32
 * rounding: 1e-5 · max(1, max |zRef|).
 */
export function agreement(z, zRef) {
  let maxDiff = 0, scale = 1;
  for (let i = 0; i < zRef.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(z[i] - zRef[i]));
    if (Number.isFinite(zRef[i])) scale = Math.max(scale, Math.abs(zRef[i]));
  }
  if (z.length !== zRef.length) maxDiff = Infinity;
  return { maxDiff, ok: maxDiff <= 1e-5 * scale };
}

/**
 * The selection after a key on the matrix figure: ↓/↑ walk the rows (the first press picks
 * row 0), →/← the columns, Esc clears. `undefined` for any other key (not handled).
 */
export function stepSelection(active, key, M, N) {
  const clamp = (v, n) => Math.max(0, Math.min(n - 1, v));
  if (key === 'ArrowDown' || key === 'ArrowUp') {
    const r = active && active.kind === 'row' ? active.r + (key === 'ArrowDown' ? 1 : -1) : 0;
    return { kind: 'row', r: clamp(r, M) };
  }
  if (key === 'ArrowRight' || key === 'ArrowLeft') {
    const j = active && active.kind === 'col' ? active.j + (key === 'ArrowRight' ? 1 : -1) : 0;
    return { kind: 'col', j: clamp(j, N) };
  }
  if (key === 'Escape') return null;
  return undefined;
}

/** Whether two selections are the same (so a pointer move within a cell redraws nothing). */
export const sameSelection = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** A selection that still fits after W changed shape (else null). */
export function keepSelection(active, M, N) {
  if (!active) return null;
  if (active.kind === 'row') return active.r < M && (active.j === undefined || active.j < N) ? active : null;
  return active.j < N ? active : null;
}
