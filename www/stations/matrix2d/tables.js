// The 2D station's image ⋆ kernel = output tables: the image as editable grey cells, the output
// as coloured cells, both marking what the current selection of W touches. The cells are
// rebuilt with the tables, so their listeners go with them (no scaffold listen needed).
import { h } from '../../lib/dom.js';
import { divergingColor, inkOn } from '../../lib/colors.js';
import { cell } from '../../lib/format.js';
import { absMax, grayColor } from '../../lib/matrixview.js';
import { rowEntries, colRows } from '../../lib/matrix-links.js';

/**
 * Fills `table` with an input per pixel (R × C, texts as typed). onInput() on typing;
 * onSelect({kind: 'col', j}) on focus or pointer. Returns the inputs, row-major.
 */
export function buildImageTable(table, R, C, texts, { onInput, onSelect }) {
  const inputs = [];
  const rows = [];
  for (let p = 0; p < R; p++) {
    const tds = [];
    for (let q = 0; q < C; q++) {
      const j = p * C + q;
      const inp = h('input', {
        type: 'text', inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false', value: texts[j],
        'data-pixel': j, 'aria-label': `Image pixel row ${p}, column ${q} (entry ${j} of vec(x))`,
      });
      inp.addEventListener('input', onInput);
      inp.addEventListener('focus', () => onSelect({ kind: 'col', j }));
      inp.addEventListener('pointerenter', () => onSelect({ kind: 'col', j }));
      inputs.push(inp);
      tds.push(h('td', {}, inp));
    }
    rows.push(h('tr', {}, tds));
  }
  table.replaceChildren(h('tbody', {}, rows));
  return inputs;
}

/** Fills `table` with W·vec(x) reshaped to OR × OC; onSelect({kind: 'row', r}) on hover or focus. */
export function buildOutTable(table, m, onSelect) {
  const zMax = absMax(m.z);
  const cells = [];
  const rows = [];
  for (let a = 0; a < m.OR; a++) {
    const tds = [];
    for (let b = 0; b < m.OC; b++) {
      const r = a * m.OC + b, v = m.z[r], rgb = divergingColor(v / zMax);
      const td = h('td', {
        tabindex: '0', 'data-row': r, style: { background: `rgb(${rgb})`, color: inkOn(rgb) },
        'aria-label': `Output pixel (${a + m.a0}, ${b + m.b0}) = ${cell(v, 3)}; row ${r} of W`,
      }, cell(v, 2));
      td.addEventListener('pointerenter', () => onSelect({ kind: 'row', r }));
      td.addEventListener('focus', () => onSelect({ kind: 'row', r }));
      cells.push(td);
      tds.push(td);
    }
    rows.push(h('tr', {}, tds));
  }
  table.replaceChildren(h('tbody', {}, rows));
  return cells;
}

/** The grey range the image is drawn on: at least 0…1, wider when typed values are. */
export const grayRange = (x) => ({ lo: Math.min(0, ...x), hi: Math.max(1, ...x) });

/**
 * Colours the image cells and marks, for the selection, the window (row) or the pixel (column)
 * in the image, the kernel cell (an entry of W), and the outputs in the output table.
 */
export function paintTables({ imageInputs, kernelInputs, outCells }, m, x, active) {
  const { lo, hi } = grayRange(x);
  const win = new Set();
  let hotRows = new Set();
  if (m && active && active.kind === 'row') {
    for (const { j } of rowEntries(m.taps, m.N, active.r)) win.add(j);
    hotRows = new Set([active.r]);
  } else if (m && active && active.kind === 'col') hotRows = new Set(colRows(m.taps, m.M, m.N, active.j));
  imageInputs.forEach((inp, j) => {
    const rgb = grayColor(x[j] ?? 0, lo, hi);
    inp.style.background = `rgb(${rgb})`;
    inp.style.color = inkOn(rgb);
    const td = inp.parentElement;
    td.classList.toggle('in-window', win.has(j));
    td.classList.toggle('hot-col', active?.kind === 'col' && active.j === j);
    td.classList.toggle('tap-cell', active?.kind === 'row' && active.j === j);
  });
  kernelInputs.forEach((inp, t) => inp.classList.toggle('hot-tap', active?.kind === 'row' && active.tap === t));
  outCells.forEach((td, r) => {
    td.classList.toggle('hot-row', active?.kind === 'row' && active.r === r);
    td.classList.toggle('uses-col', active?.kind === 'col' && hotRows.has(r));
  });
}
