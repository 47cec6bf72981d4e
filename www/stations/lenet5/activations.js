// Every layer's activations for the current input: feature maps as heat maps (one colour range
// per layer, 0 … the layer's largest value), dense layers as bar charts. Pointing at a unit
// (mouse hover, a tap, or the arrow keys on a focused layer) selects it; the inspector then
// writes out how that unit was computed.
import { h } from '../../lib/dom.js';
import { paint, drawLegend } from '../../lib/heatmap.js';
import { short } from '../../lib/format.js';
import { shapeText } from './architecture.js';

const MAP_CSS = (side) => (side >= 28 ? 64 : side >= 14 ? 46 : side >= 10 ? 42 : 34); // px per map
const BAR_W = 4; // canvas px per dense unit
const BAR_H = 56;

/**
 * Draws a dense layer's values as bars up from 0 (negative values show no bar). A layer of
 * at most 10 units (the output) gets wide bars labelled 0 … 9.
 */
function drawBars(canvas, values, max, selected) {
  const n = values.length;
  const labelled = n <= 10;
  const barW = labelled ? 24 : BAR_W, labelH = labelled ? 13 : 0;
  canvas.width = n * barW;
  canvas.height = BAR_H + labelH;
  if (labelled) canvas.style.maxWidth = `${n * barW}px`;
  const g = canvas.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  const scale = max > 0 ? (BAR_H - 4) / max : 0;
  g.font = '11px system-ui, sans-serif';
  g.textAlign = 'center';
  g.textBaseline = 'top';
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const hgt = Number.isFinite(v) ? Math.max(0, v) * scale : BAR_H;
    g.fillStyle = i === selected ? '#e07b00' : Number.isFinite(v) ? '#3b528b' : '#888';
    g.fillRect(i * barW + (labelled ? 3 : 0), BAR_H - hgt, barW - (labelled ? 6 : 1), hgt);
    if (labelled) { g.fillStyle = '#333'; g.fillText(String(i), (i + 0.5) * barW, BAR_H + 1); }
  }
  g.fillStyle = '#9aa1ad';
  g.fillRect(0, BAR_H - 1, canvas.width, 1);
}

/**
 * stages: [{name, label, shape: [c, rows, cols]}] (the architecture's, minus the input).
 * onSelect({stage, channel, row, col}, chosen) when the pointer or the keys pick a unit; chosen
 * is true for a click or tap (not a hover).
 * Returns {el, draw(outputs), mark(selection)}; outputs maps a stage name to its values.
 */
export function createActivations(stages, { onSelect }) {
  const views = stages.map((s) => {
    const [c, rows, cols] = s.shape;
    const isMaps = rows > 1;
    const max = h('span', { class: 'lx-max' });
    let cells, body;
    if (isMaps) {
      cells = Array.from({ length: c }, (_, k) => {
        const canvas = h('canvas', { width: cols, height: rows, class: 'lx-map', 'data-channel': String(k) });
        const marker = h('div', { class: 'lx-marker', hidden: true });
        return { canvas, marker, wrap: h('div', { class: 'lx-mapwrap' }, canvas, marker) };
      });
      body = h('div', { class: 'lx-maps', style: { '--per-row': String(Math.min(c, 8)), '--map': `${MAP_CSS(rows)}px` } }, cells.map((x) => x.wrap));
    } else {
      const canvas = h('canvas', { class: 'lx-bars', height: BAR_H });
      cells = [{ canvas }];
      body = h('div', { class: 'lx-barwrap' }, canvas);
    }
    const row = h('div', {
      class: `lx-layer ${isMaps ? 'lx-maplayer' : 'lx-denselayer'}`, 'data-stage': s.name, tabindex: '0',
      role: 'group', 'aria-label': `${s.label}, ${shapeText(s.shape)}: point at a unit, or use the arrow keys`,
    },
    h('div', { class: 'lx-name' }, h('strong', {}, s.label), h('span', {}, shapeText(s.shape)), max),
    body);
    return { ...s, c, rows, cols, isMaps, cells, row, max, values: null, layerMax: 0 };
  });
  const legend = h('canvas', { class: 'lx-legend', width: 220, height: 34, 'aria-hidden': 'true' });
  const el = h('div', { class: 'lx' }, views.map((v) => v.row),
    h('div', { class: 'lx-legendrow' }, legend, h('span', { class: 'caption' }, 'activation, from 0 to the layer\'s largest value (ReLU outputs are never negative)')));
  drawLegend(legend, 0, 1, { scale: 'sequential', label: '' });
  let selection = null;

  const pick = (v, channel, row, col, chosen = false) => onSelect({ stage: v.name, channel, row, col }, chosen);
  for (const v of views) {
    const fromEvent = (ev, canvas, channel) => {
      const r = canvas.getBoundingClientRect();
      const fx = (ev.clientX - r.left) / r.width, fy = (ev.clientY - r.top) / r.height;
      if (fx < 0 || fx >= 1 || fy < 0 || fy >= 1) return;
      const chosen = ev.type === 'pointerdown'; // a click or tap, not a pass of the mouse
      if (v.isMaps) pick(v, channel, Math.floor(fy * v.rows), Math.floor(fx * v.cols), chosen);
      else pick(v, Math.floor(fx * v.c), 0, 0, chosen);
    };
    v.cells.forEach((cell, k) => {
      const handler = (ev) => fromEvent(ev, cell.canvas, k);
      cell.canvas.addEventListener('pointermove', handler);
      cell.canvas.addEventListener('pointerdown', handler);
    });
    v.row.addEventListener('keydown', (ev) => {
      const cur = selection && selection.stage === v.name ? selection : { channel: 0, row: 0, col: 0 };
      const moves = { ArrowLeft: [0, 0, -1], ArrowRight: [0, 0, 1], ArrowUp: [0, -1, 0], ArrowDown: [0, 1, 0], PageUp: [-1, 0, 0], PageDown: [1, 0, 0] };
      const m = moves[ev.key];
      if (!m) return;
      ev.preventDefault();
      if (v.isMaps) {
        const ch = (cur.channel + m[0] + v.c) % v.c;
        pick(v, ch, Math.max(0, Math.min(v.rows - 1, cur.row + m[1])), Math.max(0, Math.min(v.cols - 1, cur.col + m[2])));
      } else {
        pick(v, Math.max(0, Math.min(v.c - 1, cur.channel + m[2] + m[1] + m[0])), 0, 0);
      }
    });
  }

  function drawDense(v) {
    drawBars(v.cells[0].canvas, v.values, v.layerMax, selection && selection.stage === v.name ? selection.channel : -1);
  }

  return {
    el,
    /** Redraws every layer from outputs (stage name → Float32Array). */
    draw(outputs) {
      for (const v of views) {
        const a = outputs.get(v.name);
        if (!a) continue;
        v.values = a;
        let m = 0;
        for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
        v.layerMax = m;
        v.max.textContent = `max ${short(m, 2)}`;
        v.max.dataset.max = String(m);
        if (v.isMaps) {
          const n = v.rows * v.cols;
          v.cells.forEach((cell, k) => paint(cell.canvas, a.subarray(k * n, (k + 1) * n), v.cols, v.rows, { scale: 'sequential', min: 0, max: m || 1 }));
        } else drawDense(v);
      }
    },
    /** Outlines the selected unit (and only it). */
    mark(sel) {
      selection = sel;
      for (const v of views) {
        if (v.isMaps) {
          v.cells.forEach((cell, k) => {
            const on = sel && sel.stage === v.name && sel.channel === k;
            cell.marker.hidden = !on;
            cell.wrap.classList.toggle('selected', !!(sel && sel.stage === v.name && sel.channel === k));
            if (on) {
              Object.assign(cell.marker.style, {
                left: `${(100 * sel.col) / v.cols}%`, top: `${(100 * sel.row) / v.rows}%`,
                width: `${100 / v.cols}%`, height: `${100 / v.rows}%`,
              });
            }
          });
        } else if (v.values) drawDense(v);
        v.row.classList.toggle('active', !!(sel && sel.stage === v.name));
      }
    },
  };
}
