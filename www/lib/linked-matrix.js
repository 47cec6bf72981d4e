// The linked-matrix figure shared by the 1D and 2D conv-as-matrix stations: W beside (or under)
// the input x and the output z, each a grid of cells, with one output (a row of W) or one input
// (a column) highlighted across all three. Pointer, touch and keyboard select; the station
// decides what a selection means elsewhere on its page (plots, tables, readouts).
//
//   const fig = linkedMatrix(ctx, { canvas, figure, legend, placement, geometry, decorate, onSelect });
//   fig.draw({ W, M, N, taps, x, z, wMax, xColor }, active);
//
// placement 'column': W | x = z side by side (1D);  'strip': vec(x)ᵀ drawn across the top of W
// so each column sits under its pixel, then W = z (2D). The canvas's data-layout holds the
// geometry (CSS px; `fit` = the width of the figure's box it was laid out for) and the figure's data-active-row / data-active-col the selection, for tests.
import { prepareCanvas, eventPoint } from './canvas.js';
import { drawLegend } from './heatmap.js';
import { drawCells, frame, veil, brackets, font, absMax, ROW_COLOR, COL_COLOR } from './matrixview.js';
import { rowEntries, colRows, runs, stepSelection } from './matrix-links.js';

/**
 * Where everything goes for a width: the largest cell (≤ maxCell px) at which the figure fits
 * `width` and `maxHeight`, but never below minCell (then the figure is wider than `width` and
 * its container scrolls). Pure; g = { left, top, right, labelW, gap, gapTop, maxCell, minCell, maxHeight, vecWidth }.
 */
export function matrixLayout(placement, M, N, width, g) {
  const strip = placement === 'strip';
  const size = (cell) => {
    const vw = g.vecWidth(cell);
    const Wx = g.left, Wy = strip ? g.top + cell + g.gapTop : g.top;
    const xX = strip ? Wx : Wx + N * cell + g.gap, xY = strip ? g.top : Wy;
    const zX = strip ? Wx + N * cell + g.gap : xX + vw + g.labelW + g.gap, zY = Wy;
    const w = Math.ceil(zX + vw + g.labelW + g.right);
    const h = Math.ceil(Wy + (strip ? M : Math.max(M, N)) * cell + (strip ? 10 : 14));
    return { cell, vw, Wx, Wy, xX, xY, stripY: strip ? xY : undefined, zX, zY, rows: M, cols: N, width: w, height: h };
  };
  let cell = g.maxCell;
  while (cell > (g.minCell ?? 5) && (size(cell).width > width || size(cell).height > g.maxHeight)) cell--;
  return size(cell);
}

/** Which part of the figure point p is over: a selection, or null. */
export function hitTest(p, geo, placement, taps) {
  const { cell, vw, Wx, Wy, xX, xY, zX, zY, rows: M, cols: N } = geo;
  const j = Math.floor((p.x - Wx) / cell), r = Math.floor((p.y - Wy) / cell);
  if (placement === 'strip') {
    if (p.x >= Wx && j < N && p.y >= xY && p.y < xY + cell) return { kind: 'col', j };
  } else {
    const jx = Math.floor((p.y - xY) / cell);
    if (p.x >= xX && p.x < xX + vw + 30 && jx >= 0 && jx < N) return { kind: 'col', j: jx };
  }
  if (p.x >= Wx && j < N && p.y >= Wy && r >= 0 && r < M) {
    const t = taps[r * N + j];
    return t >= 0 ? { kind: 'row', r, j, tap: t } : { kind: 'row', r };
  }
  const rz = Math.floor((p.y - zY) / cell);
  if (p.x >= zX && p.x < zX + vw + 50 && p.y >= zY && rz < M) return { kind: 'row', r: rz };
  return null;
}

/**
 * Builds the figure on `canvas` (inside `figure`, whose parent's width it fills) with the colour
 * legend on `legend`. geometry: see matrixLayout, plus maxWidth, margin (px kept free of the
 * parent's width), veil: { w, x } alphas. decorate(g, geo, data): the station's labels, drawn
 * over the cells and under the highlights. onSelect(selection) on pointer and keys.
 */
export function linkedMatrix(ctx, { canvas, figure, legend, placement, geometry, decorate, onSelect }) {
  let geo = null, data = null;
  const alpha = { w: 0.6, x: 0.6, ...(geometry.veil || {}) };

  function draw(d, active) {
    data = d;
    const fit = figure.parentElement.clientWidth; // the width laid out for (in data-layout)
    const avail = Math.max(320, fit - (geometry.margin ?? 20));
    geo = matrixLayout(placement, d.M, d.N, Math.min(avail, geometry.maxWidth ?? 1200), geometry);
    const { cell, vw, Wx, Wy, xX, xY, zX, zY } = geo;
    const { M, N } = d;
    const strip = placement === 'strip';
    const g = prepareCanvas(canvas, geo.width, geo.height);
    const xCells = strip
      ? { x: xX, y: xY, rows: 1, cols: N, cw: cell, ch: cell, value: (_, j) => d.x[j] }
      : { x: xX, y: xY, rows: N, cols: 1, cw: vw, ch: cell, value: (j) => d.x[j] };
    drawCells(g, { ...xCells, max: absMax(d.x), color: d.xColor, minFont: strip ? 12 : 8 });
    drawCells(g, { x: Wx, y: Wy, rows: M, cols: N, cw: cell, ch: cell, value: (r, j) => d.W[r * N + j], max: d.wMax, minFont: strip ? 10 : 8 });
    drawCells(g, { x: zX, y: zY, rows: M, cols: 1, cw: vw, ch: cell, value: (r) => d.z[r], max: absMax(d.z), minFont: strip ? 10 : 8 });
    brackets(g, Wx, Wy, N * cell, M * cell);
    if (!strip) brackets(g, xX, xY, vw, N * cell);
    brackets(g, zX, zY, vw, M * cell);
    g.font = font(strip ? 28 : 30, 'bold'); g.fillStyle = '#1d2330'; g.textAlign = 'center'; g.textBaseline = 'middle';
    g.fillText('=', zX - geometry.gap / 2, Wy + (Math.min(M, strip ? M : N) * cell) / 2);
    if (decorate) decorate(g, geo, d);
    highlight(g, d, active);
    canvas.dataset.layout = JSON.stringify({ ...geo, fit });
    figure.dataset.activeRow = active && active.kind === 'row' ? String(active.r) : '';
    figure.dataset.activeCol = active && active.kind === 'col' ? String(active.j) : '';
    if (legend) drawLegend(legend, -d.wMax, d.wMax, { diverging: true });
  }

  /** An x entry's rectangle: a cell of the strip, or of the column vector. */
  const xRect = (lo, hi) => (placement === 'strip'
    ? [geo.xX + lo * geo.cell, geo.xY, (hi - lo + 1) * geo.cell, geo.cell]
    : [geo.xX, geo.xY + lo * geo.cell, geo.vw, (hi - lo + 1) * geo.cell]);

  function highlight(g, d, active) {
    const { cell, vw, Wx, Wy, zX, zY } = geo;
    const { M, N } = d;
    if (active && active.kind === 'row' && active.r < M) {
      const r = active.r, inWin = new Set(rowEntries(d.taps, N, r).map((e) => e.j));
      veil(g, Wx, Wy, N * cell, r * cell, alpha.w);
      veil(g, Wx, Wy + (r + 1) * cell, N * cell, (M - r - 1) * cell, alpha.w);
      veil(g, zX, zY, vw, r * cell, alpha.w);
      veil(g, zX, zY + (r + 1) * cell, vw, (M - r - 1) * cell, alpha.w);
      for (let j = 0; j < N; j++) if (!inWin.has(j)) veil(g, ...xRect(j, j), alpha.x);
      // One frame per run of window columns: one run in 1D, one per image row in 2D.
      for (const [lo, hi] of runs(inWin)) {
        frame(g, ...xRect(lo, hi), ROW_COLOR, placement === 'strip' ? 3 : 4);
        frame(g, Wx + lo * cell, Wy + r * cell, (hi - lo + 1) * cell, cell, ROW_COLOR, 2);
      }
      frame(g, Wx, Wy + r * cell, N * cell, cell, ROW_COLOR, 4);
      frame(g, zX, zY + r * cell, vw, cell, ROW_COLOR, 4);
      if (active.j !== undefined && active.j < N) frame(g, Wx + active.j * cell, Wy + r * cell, cell, cell, '#111', 2);
    } else if (active && active.kind === 'col' && active.j < N) {
      const j = active.j, rs = new Set(colRows(d.taps, M, N, j));
      veil(g, Wx, Wy, j * cell, M * cell, alpha.w);
      veil(g, Wx + (j + 1) * cell, Wy, (N - j - 1) * cell, M * cell, alpha.w);
      for (let k = 0; k < N; k++) if (k !== j) veil(g, ...xRect(k, k), alpha.x);
      for (let r = 0; r < M; r++) if (!rs.has(r)) veil(g, zX, zY + r * cell, vw, cell, alpha.w);
      frame(g, Wx + j * cell, Wy, cell, M * cell, COL_COLOR, 4);
      frame(g, ...xRect(j, j), COL_COLOR, 4);
      for (const [lo, hi] of runs(rs)) frame(g, zX, zY + lo * cell, vw, (hi - lo + 1) * cell, COL_COLOR, 4);
    }
  }

  /** An empty figure (W could not be built): no geometry, so nothing can be selected. */
  function clear() {
    prepareCanvas(canvas, 300, 40);
    geo = null; data = null;
    figure.dataset.activeRow = '';
    figure.dataset.activeCol = '';
  }

  // pointermove for mice, pointerdown so a tap selects on touch screens.
  const onPointer = (ev) => {
    if (!geo) return;
    const hit = hitTest(eventPoint(canvas, ev, geo.width, geo.height), geo, placement, data.taps);
    if (hit) onSelect(hit);
  };
  ctx.listen(canvas, 'pointermove', onPointer);
  ctx.listen(canvas, 'pointerdown', onPointer);
  ctx.listen(canvas, 'pointerleave', () => onSelect(null));
  ctx.listen(canvas, 'blur', () => onSelect(null));
  ctx.listen(canvas, 'keydown', (ev) => {
    if (!geo) return;
    const next = stepSelection(currentSelection(), ev.key, data.M, data.N);
    if (next === undefined) return;
    ev.preventDefault();
    onSelect(next);
  });
  let selection = null;
  const currentSelection = () => selection;
  return {
    /** Draws data with `active` highlighted (and remembers it for the arrow keys). */
    draw(d, active) { selection = active; draw(d, active); },
    clear,
    geometry: () => geo,
  };
}
