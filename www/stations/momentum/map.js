// The momentum station's contour map: the landscape of f (shaded, with contour lines), the
// minimum, the start, both paths up to step t and a marker (or an "off the map" arrow) for each.
// Drawn in CSS px at the device pixel ratio, sized to the column; line widths and fonts grow
// with the map so it reads on a phone and from the back of a lecture hall.
import { prepareCanvas } from '../../lib/canvas.js';
import { paint } from '../../lib/heatmap.js';
import { contourSegments } from '../../lib/contour.js';
import {
  GRID_NX, GRID_NY, MAP_ASPECT, MAX_DOTTED_STEPS, COLORS, landscape, mapTransform, clipSegment, lastIndex, markerAt,
} from './model.js';

/** The landscape of the model's function (f on the grid → a shaded image and contour segments). */
export function computeLandscape(wasm, model) {
  const v = model.view();
  const f = wasm.objective_grid(model.problem(false), v.xmin, v.xmax, v.ymin, v.ymax, GRID_NX, GRID_NY);
  const land = landscape(f);
  const image = document.createElement('canvas');
  paint(image, land.shade, GRID_NX, GRID_NY, { scale: 'paper', min: land.min, max: land.max });
  return { key: model.gridKey(), image, segments: land.levels.map((level) => contourSegments(f, GRID_NX, GRID_NY, level)) };
}

/** Draws the map `width` CSS px wide. runs = { info, gd, hb } with each run's path and diag. */
export function drawMap(canvas, width, { model, runs, land }) {
  const W = width, H = width / MAP_ASPECT;
  const k = Math.max(0.75, Math.min(1.6, W / 700)); // line and font scale
  const g = prepareCanvas(canvas, W, H, { setWidth: false });
  const box = model.view();
  const T = mapTransform(box, W, H);
  g.imageSmoothingEnabled = true;
  g.drawImage(land.image, 0, 0, W, H);
  // contour lines (grid units → px: sample (c, r) sits at the centre of its cell)
  g.strokeStyle = 'rgba(70, 64, 52, 0.45)';
  g.lineWidth = 0.9 * k;
  g.beginPath();
  const sx = W / GRID_NX, sy = H / GRID_NY;
  for (const seg of land.segments) {
    for (let i = 0; i < seg.length; i += 4) {
      g.moveTo((seg[i] + 0.5) * sx, (seg[i + 1] + 0.5) * sy);
      g.lineTo((seg[i + 2] + 0.5) * sx, (seg[i + 3] + 0.5) * sy);
    }
  }
  g.stroke();

  const [mx, my] = runs.info.w_star;
  star(g, T.toX(mx), T.toY(my), 9 * k, k);
  label(g, 'w*', T.toX(mx) + 10 * k, T.toY(my) + 15 * k, '#222', k);
  const [s0, s1] = model.cur().start;
  g.lineWidth = 2.4 * k; g.strokeStyle = '#111'; g.fillStyle = 'rgba(255,255,255,0.85)';
  g.beginPath(); g.arc(T.toX(s0), T.toY(s1), 7.5 * k, 0, 2 * Math.PI); g.fill(); g.stroke();

  // paths: GD first, heavy ball on top; the markers over both
  const steps = model.cur().steps;
  const heads = ['gd', 'hb'].map((key) => {
    const last = Math.min(model.t, lastIndex(runs[key].diag, steps));
    drawPath(g, T, runs[key].path, last, box, COLORS[key], k, steps <= MAX_DOTTED_STEPS);
    return { color: COLORS[key], ...markerAt(runs[key].path, last, box) };
  });
  for (const m of heads) drawHead(g, T, m, W, H, k);

  // the step counter, readable from the back of the room (bottom right: arrows point up and out)
  const text = `t = ${model.t}`;
  g.font = `bold ${Math.round(22 * k)}px system-ui, sans-serif`;
  const tw = g.measureText(text).width;
  g.fillStyle = 'rgba(255,255,255,0.85)';
  g.fillRect(W - tw - 20 * k, H - 38 * k, tw + 13 * k, 30 * k);
  g.fillStyle = '#1d2330'; g.textAlign = 'right'; g.textBaseline = 'middle';
  g.fillText(text, W - 13 * k, H - 23 * k);
}

function star(g, x, y, r, k) {
  g.beginPath();
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5, rr = i % 2 ? r * 0.45 : r;
    g.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
  }
  g.closePath();
  g.fillStyle = '#1d2330'; g.strokeStyle = '#fff'; g.lineWidth = 1.8 * k;
  g.stroke(); g.fill();
}

function label(g, text, x, y, color, k) {
  g.font = `bold ${Math.round(17 * k)}px system-ui, sans-serif`;
  g.textAlign = 'left'; g.textBaseline = 'middle';
  g.lineWidth = 3.5 * k; g.strokeStyle = 'rgba(255,255,255,0.9)'; g.strokeText(text, x, y);
  g.fillStyle = color; g.fillText(text, x, y);
}

/** Iterates 0…last of a path, clipped to the box, with a dot on each iterate inside it. */
function drawPath(g, T, P, last, box, color, k, dots) {
  g.strokeStyle = color; g.lineWidth = 2.6 * k; g.lineJoin = 'round'; g.lineCap = 'round';
  g.beginPath();
  for (let i = 0; i < last; i++) {
    const a = [P[2 * i], P[2 * i + 1]], b = [P[2 * i + 2], P[2 * i + 3]];
    if (![...a, ...b].every(Number.isFinite)) break;
    const c = clipSegment(a[0], a[1], b[0], b[1], box);
    if (!c) continue;
    g.moveTo(T.toX(c[0]), T.toY(c[1])); g.lineTo(T.toX(c[2]), T.toY(c[3]));
  }
  g.stroke();
  if (!dots) return;
  g.fillStyle = color;
  for (let i = 1; i < last; i++) {
    const x = P[2 * i], y = P[2 * i + 1];
    if (x >= box.xmin && x <= box.xmax && y >= box.ymin && y <= box.ymax) {
      g.beginPath(); g.arc(T.toX(x), T.toY(y), 2.6 * k, 0, 2 * Math.PI); g.fill();
    }
  }
}

/** A filled disc on the current iterate, or an arrow at the map's edge pointing where it went. */
function drawHead(g, T, m, W, H, k) {
  const x = T.toX(m.x), y = T.toY(m.y);
  if (!m.off) {
    g.beginPath(); g.arc(x, y, 8.5 * k, 0, 2 * Math.PI);
    g.fillStyle = m.color; g.fill(); g.lineWidth = 2.2 * k; g.strokeStyle = '#fff'; g.stroke();
    return;
  }
  const angle = Math.atan2(T.toY(m.towards[1]) - T.toY(m.from[1]), T.toX(m.towards[0]) - T.toX(m.from[0]));
  const e = 18 * k, ax = Math.max(e, Math.min(W - e, x)), ay = Math.max(e, Math.min(H - e, y));
  g.save();
  g.translate(ax, ay); g.rotate(angle); g.scale(k, k);
  g.beginPath(); g.moveTo(12, 0); g.lineTo(-11, -9); g.lineTo(-6, 0); g.lineTo(-11, 9); g.closePath();
  g.fillStyle = m.color; g.fill(); g.lineWidth = 1.8; g.strokeStyle = '#fff'; g.stroke();
  g.restore();
  const text = 'off the map';
  g.font = `bold ${Math.round(16 * k)}px system-ui, sans-serif`;
  const tw = g.measureText(text).width;
  const lx = Math.max(6, Math.min(W - tw - 6, ax - tw / 2));
  label(g, text, lx, ay < H / 2 ? ay + 26 * k : ay - 26 * k, m.color, k);
}
