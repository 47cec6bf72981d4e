// Station "2D conv = matrix": the small image x, the 3×3 kernel, the boundary, the photo patch,
// their URL schema and validation, and the readout sentences (DOM-free; tests/js/matrix2d.test.mjs).
// W (conv_matrix_2d), its taps, W·vec(x) and the direct correlation come from the wasm core.
import { parseNumber } from '../../lib/matrixview.js';
import { schema } from '../../lib/state.js';
import { cell } from '../../lib/format.js';
import { mulberry32 } from '../../lib/rng.js';
import { rowEntries, colRows, runs, nonzeroGroups } from '../../lib/matrix-links.js';

export const SIZE_MIN = 4, SIZE_MAX = 8, SIZE_DEFAULT = 6;
/** Kernel rows = cols. */
export const K = 3;
/** Photo pixels per image cell (block mean). */
export const PATCH_SCALES = [1, 2, 4, 8, 16, 32];

/** Kernel presets; the slide's kernel first. */
export const KERNELS = [
  { id: 'slide', label: 'Slide', cells: ['-2', '-1', '0', '-1', '0', '1', '0', '1', '2'] },
  { id: 'sobel-x', label: 'Sobel x', cells: ['-1', '0', '1', '-2', '0', '2', '-1', '0', '1'] },
  { id: 'box', label: 'Box blur', cells: Array(9).fill('1/9') },
  { id: 'laplacian', label: 'Laplacian', cells: ['0', '1', '0', '1', '-4', '1', '0', '1', '0'] },
  { id: 'identity', label: 'Identity', cells: ['0', '0', '0', '0', '1', '0', '0', '0', '0'] },
];

/** R × C values f(p, q), row-major. */
export function grid(R, C, f) {
  const out = [];
  for (let p = 0; p < R; p++) for (let q = 0; q < C; q++) out.push(f(p, q));
  return out;
}

/** Image presets (small integers, so every product can be read off). */
export const IMAGES = {
  // Bright lower-right corner: the edge runs across the slide kernel's direction (↘), so it responds.
  edge: { label: 'Diagonal edge', make: (R, C) => grid(R, C, (p, q) => (p + q >= Math.floor((R + C) / 2) ? 1 : 0)) },
  square: {
    label: 'Square',
    make: (R, C) => grid(R, C, (p, q) => (p >= Math.floor(R / 4) && p < R - Math.floor(R / 4) && q >= Math.floor(C / 4) && q < C - Math.floor(C / 4) ? 1 : 0)),
  },
  ramp: { label: 'Ramp', make: (R, C) => grid(R, C, (p, q) => q) },
  random: { label: 'Random 0–9', make: (R, C, seed = 1) => { const r = mulberry32(seed); return grid(R, C, () => Math.floor(r() * 10)); } },
};
/** Where the image comes from: a preset, a patch of the photo, or typed cells. */
const SOURCES = [...Object.keys(IMAGES), 'photo', 'custom'];

const typed = (t) => !parseNumber(t).error;
/** The URL state; px/py/s only for a photo patch, x only for typed cells. */
export const STATE = schema([
  { name: 'r', type: 'int', min: SIZE_MIN, max: SIZE_MAX, default: SIZE_DEFAULT },
  { name: 'c', type: 'int', min: SIZE_MIN, max: SIZE_MAX, default: SIZE_DEFAULT },
  { name: 'mode', type: 'enum', values: ['valid', 'same'], default: 'valid' },
  { name: 'k', type: 'list', lengths: [K * K], item: typed, default: KERNELS[0].cells },
  { name: 'src', type: 'enum', values: SOURCES, default: 'edge' },
  { name: 'x', type: 'list', item: typed, optional: true },
  { name: 'px', type: 'number', min: 0, optional: true },
  { name: 'py', type: 'number', min: 0, optional: true },
  { name: 's', type: 'enum', values: PATCH_SCALES.map(String), default: '16' },
  { name: 'img', type: 'text', optional: true },
]);

/** The station's state from the parsed address. xText is null until the source is loaded. */
export function initialState(s) {
  const st = {
    R: s.r, C: s.c, mode: s.mode, kcells: s.k.slice(), kernel: s.k.map((t) => parseNumber(t).value),
    source: s.src, seed: 1, xText: null, x: [],
    patch: { cx: s.px ?? null, cy: s.py ?? null, scale: +s.s, box: null },
  };
  if (st.source === 'custom') {
    if (s.x && s.x.length === st.R * st.C) st.xText = s.x.slice(); else st.source = 'edge';
  }
  return st;
}

/** Values for the address. */
export function toState(st, sampleId) {
  const photo = st.source === 'photo', placed = photo && st.patch.cx !== null;
  return {
    r: st.R, c: st.C, mode: st.mode, k: st.kcells, src: st.source,
    x: st.source === 'custom' ? st.xText : null,
    px: placed ? Math.round(st.patch.cx) : null, py: placed ? Math.round(st.patch.cy) : null,
    s: placed ? String(st.patch.scale) : null,
    // The patch position only means something on the same photo: keep it in the address too.
    img: photo ? sampleId ?? null : null,
  };
}

/** Typed cells kept on a resize: the top-left part, padded with zeros. */
export const resizeCells = (old, oldC, R, C) => grid(R, C, (p, q) => (q < oldC && old[p * oldC + q] !== undefined ? old[p * oldC + q] : '0'));

/**
 * The block-mean grey levels of an R × C patch of a grey image ({ width, height, data } in
 * 0…1) around patch.{cx, cy} (the centre when unset), 2 decimals: what is shown is what is used.
 * Returns { texts, box: { x0, y0, pw, ph, s } } and fills in patch.cx/cy when unset.
 */
export function patchFromGray(gray, R, C, patch) {
  const { width, height, data } = gray;
  const s = Math.max(1, Math.min(patch.scale, Math.floor(width / C), Math.floor(height / R)));
  const pw = C * s, ph = R * s;
  if (patch.cx === null || !Number.isFinite(patch.cx)) { patch.cx = width / 2; patch.cy = height / 2; }
  const x0 = Math.round(Math.max(0, Math.min(width - pw, patch.cx - pw / 2)));
  const y0 = Math.round(Math.max(0, Math.min(height - ph, patch.cy - ph / 2)));
  const texts = grid(R, C, (p, q) => {
    let sum = 0;
    for (let dy = 0; dy < s; dy++) for (let dx = 0; dx < s; dx++) sum += data[(y0 + p * s + dy) * width + x0 + q * s + dx];
    return (sum / (s * s)).toFixed(2);
  });
  return { texts, box: { x0, y0, pw, ph, s } };
}

/** Reads typed cells; name(i) names cell i. { values } or { problems: [{ index, message }] }. */
export function readCells(texts, name) {
  const problems = [];
  const values = texts.map((t, i) => {
    const p = parseNumber(t);
    if (p.error) problems.push({ index: i, message: `${name(i)} ${p.error}` });
    return p.value;
  });
  return problems.length ? { problems } : { values };
}

/** Output pixel (a, b) in image coordinates of row r. m = { OC, a0, b0 }. */
export const outPixel = (m, r) => [Math.floor(r / m.OC) + m.a0, (r % m.OC) + m.b0];

/**
 * The readout for a selection: { kind, title, rest, formula?, notes: [] }.
 * m = W's model { taps, M, N, OC, a0, b0, z }; C the image width; kernel and x the numbers.
 */
export function readout(active, m, C, kernel, x) {
  if (active && active.kind === 'row') {
    const r = active.r, [a, b] = outPixel(m, r), ents = rowEntries(m.taps, m.N, r);
    const cols = runs(ents.map((e) => e.j)).map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}–${hi}`));
    const notes = [];
    if (active.tap !== undefined) {
      const u = Math.floor(active.tap / K), v = active.tap % K;
      notes.push(`Entry W[${r}, ${active.j}] = ${cell(kernel[active.tap], 3)} is kernel cell (row ${u + 1}, column ${v + 1}), meeting pixel (${Math.floor(active.j / C)}, ${active.j % C}).`);
    }
    if (ents.length < K * K) notes.push(`${K * K - ents.length} of the 9 window cells lie outside the image: the zero border drops them from W.`);
    return {
      kind: 'row',
      title: `Row ${r} of W = output pixel (${a}, ${b})`,
      rest: `: its non-zeros sit in columns ${cols.join(', ')} of W, the 3×3 window around pixel (${a}, ${b}), one run of 3 per image row.`,
      formula: `z(${a},${b}) = ${ents.map(({ j, t }) => `(${cell(kernel[t], 3)})(${cell(x[j], 2)})`).join(' + ')} = ${cell(m.z[r], 3)}`,
      notes,
    };
  }
  if (active && active.kind === 'col') {
    const j = active.j, p = Math.floor(j / C), q = j % C, rs = colRows(m.taps, m.M, m.N, j);
    return {
      kind: 'col',
      title: `Column ${j} of W multiplies pixel (${p}, ${q})`,
      rest: ` = ${cell(x[j], 3)} (row-major: ${p}·${C} + ${q} = ${j}).`,
      notes: [rs.length
        ? `It enters ${rs.length} output pixel${rs.length > 1 ? 's' : ''}: ${rs.map((r) => `(${outPixel(m, r).join(',')})`).join(', ')}, each time through a different kernel cell.`
        : 'No output uses it: in valid mode the border pixels are only seen by windows that do not fit.'],
    };
  }
  return null;
}

/** "6 in every row" or "6 in 16 rows, 4 in 16 rows, …" from the core's nonzeros_per_row. */
export function perRowText(perRow) {
  const { groups } = nonzeroGroups(perRow);
  if (groups.length === 1) return `${groups[0].count} in every row`;
  return groups.map((g) => `${g.count} in ${g.rows.length} row${g.rows.length > 1 ? 's' : ''}`).join(', ');
}
