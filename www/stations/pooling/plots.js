// The two shift figures of the pooling station, drawn in CSS px at the device pixel ratio at
// whatever width their column has (so labels stay at reading size on a phone and a projector):
// grouped bars of the change per filter, and the mean change against the shift.
import { prepareCanvas } from '../../lib/canvas.js';
import { linePlot } from '../../lib/plot.js';
import { STAGES, MAX_SHIFT, tickStep } from './model.js';

const FONT = 'system-ui, sans-serif';
/** CSS px: the bars' height (their width follows the column). */
const BARS_HEIGHT = 300;

/**
 * Grouped horizontal bars of the relative changes, in %: one group per filter plus the mean,
 * one bar per stage, each labelled with its value (horizontal, so labels never collide).
 * groups: [{ name, v: [change per stage] }]; s: the shift (no value labels at 0).
 */
export function drawBars(canvas, width, groups, s) {
  // The legend goes across the top, on two rows when the canvas is too narrow for one.
  const items = legendLayout(width);
  const extra = 18 * items[items.length - 1].row;
  const W = width, H = BARS_HEIGHT + extra;
  const g = prepareCanvas(canvas, W, H, { setWidth: false });
  const pad = { l: 84, r: 46, t: 32 + extra, b: 24 };
  const bh = 12, bgap = 2, ggap = 10; // bar height, gap between bars, gap between groups (px)
  const top = Math.max(0.1, ...groups.flatMap((x) => x.v)) * 1.02;
  const step = tickStep(top);
  const x = (v) => pad.l + (v / top) * (W - pad.l - pad.r);
  const bottom = H - pad.b;
  // Grid and axis ticks.
  g.strokeStyle = '#e3e6ec'; g.lineWidth = 1; g.fillStyle = '#444';
  g.font = `12px ${FONT}`; g.textAlign = 'center'; g.textBaseline = 'top';
  for (let t = 0; t <= top + 1e-9; t += step) {
    const X = Math.round(x(t)) + 0.5;
    g.beginPath(); g.moveTo(X, pad.t - 4); g.lineTo(X, bottom); g.stroke();
    g.fillText(`${Math.round(100 * t)} %`, X, bottom + 4);
  }
  const groupH = STAGES.length * bh + (STAGES.length - 1) * bgap;
  groups.forEach((grp, gi) => {
    const y0 = pad.t + gi * (groupH + ggap);
    if (grp.name === 'mean') {
      g.strokeStyle = '#b9c1cf';
      g.beginPath(); g.moveTo(4, y0 - ggap / 2 + 0.5); g.lineTo(W - 4, y0 - ggap / 2 + 0.5); g.stroke();
    }
    g.fillStyle = '#222'; g.textAlign = 'right'; g.textBaseline = 'middle';
    g.font = `${grp.name === 'mean' ? 'bold ' : ''}14px ${FONT}`;
    g.fillText(grp.name, pad.l - 8, y0 + groupH / 2);
    grp.v.forEach((v, si) => {
      const y = y0 + si * (bh + bgap);
      g.fillStyle = STAGES[si].color;
      g.fillRect(pad.l, y, Math.max(0, x(v) - pad.l), bh);
      if (s > 0) {
        g.fillStyle = '#222'; g.textAlign = 'left'; g.font = `12px ${FONT}`;
        g.fillText(`${Math.round(100 * v)}`, x(v) + 4, y + bh / 2 + 0.5);
      }
    });
  });
  g.strokeStyle = '#555';
  g.beginPath(); g.moveTo(pad.l + 0.5, pad.t - 4); g.lineTo(pad.l + 0.5, bottom); g.stroke();
  g.textAlign = 'left'; g.textBaseline = 'middle'; g.font = `13px ${FONT}`;
  items.forEach(({ x, row }, i) => {
    const y = 6 + 18 * row;
    g.fillStyle = STAGES[i].color; g.fillRect(x, y, 13, 13);
    g.fillStyle = '#222'; g.fillText(STAGES[i].name, x + 17, y + 7);
  });
}

/** Where each stage's legend entry goes ({ x, row }), wrapping at `width` CSS px. */
function legendLayout(width) {
  const g = document.createElement('canvas').getContext('2d');
  g.font = `13px ${FONT}`;
  let x = 4, row = 0;
  return STAGES.map((st) => {
    const w = 17 + g.measureText(st.name).width;
    if (x > 4 && x + w > width - 4) { x = 4; row++; }
    const at = { x, row };
    x += w + 14;
    return at;
  });
}

/**
 * Mean change (%) against the shift for each stage, the chosen shift dashed and marked, and
 * the shifts smaller than the pool size shaded (where pooling can absorb the move).
 * series: [{ name, color, xs, ys }] in %; s: the chosen shift; size: the pool size.
 */
export function drawCurve(canvas, width, series, s, size) {
  const height = Math.round(Math.min(260, Math.max(190, width * 0.7)));
  const yMax = Math.max(10, ...series.flatMap((x) => x.ys)) * 1.75; // headroom for the legend
  const { px, py } = linePlot(canvas, series.map((x) => ({ ...x, width: 2 })), {
    size: { width, height }, font: 12, xLabel: 'shift (px)', yLabel: 'change (%)',
    xMin: 0, xMax: MAX_SHIFT, yMin: 0, yMax,
    vlines: [{ x: s, color: '#111', dash: [4, 3], width: 1.3 }],
  });
  const g = canvas.getContext('2d');
  g.save();
  g.fillStyle = 'rgba(36, 88, 198, 0.08)';
  const shadeW = Math.max(0, px(Math.min(MAX_SHIFT, size - 1)) - px(0));
  g.fillRect(px(0), py(yMax), shadeW, py(0) - py(yMax));
  g.font = `12px ${FONT}`;
  const note = 'shift < pool size';
  if (shadeW >= g.measureText(note).width + 8) {
    g.fillStyle = '#2458c6'; g.textAlign = 'left'; g.textBaseline = 'top';
    g.fillText(note, px(0) + 4, py(yMax) + 4);
  }
  for (const st of series) {
    g.fillStyle = st.color;
    g.beginPath(); g.arc(px(s), py(st.ys[s]), 4, 0, 2 * Math.PI); g.fill();
  }
  g.restore();
}
