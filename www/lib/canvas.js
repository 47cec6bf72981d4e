// Canvas basics shared by the stations: creating canvases, drawing at the device pixel ratio,
// turning pointer positions into drawing coordinates. Heat maps live in ./heatmap.js.

/** A canvas of w × h pixels, optionally shown at cssWidth CSS px, with an accessible label. */
export function makeCanvas(w, h, { cssWidth, label, cls } = {}) {
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  if (cssWidth) c.style.width = `${cssWidth}px`;
  if (label) { c.setAttribute('role', 'img'); c.setAttribute('aria-label', label); }
  if (cls) c.className = cls;
  return c;
}

/**
 * Sizes a canvas to cssW × cssH CSS pixels at the device pixel ratio (`dpr`, default the
 * screen's) and returns its 2D context drawing in CSS pixels, cleared to `background`
 * (null: transparent). The canvas keeps its aspect ratio when CSS shrinks it.
 */
export function prepareCanvas(canvas, cssW, cssH, { dpr, background = '#fff', setWidth = true } = {}) {
  const k = dpr ?? (globalThis.devicePixelRatio || 1);
  const w = Math.max(1, Math.round(cssW * k)), hgt = Math.max(1, Math.round(cssH * k));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== hgt) canvas.height = hgt;
  if (setWidth) canvas.style.width = `${cssW}px`;
  canvas.style.aspectRatio = `${cssW} / ${cssH}`;
  const g = canvas.getContext('2d');
  g.setTransform(1, 0, 0, 1, 0, 0);
  g.clearRect(0, 0, w, hgt);
  g.setTransform(w / cssW, 0, 0, hgt / cssH, 0, 0);
  if (background) { g.fillStyle = background; g.fillRect(0, 0, cssW, cssH); }
  return g;
}

/**
 * A drawing surface of w × h logical px on a canvas whose backing store is already sized
 * (e.g. HIDPI× larger): { g, view }, where `view` stands in for the canvas in linePlot
 * (it reports the logical size). Returns the context already scaled.
 */
export function logicalCanvas(canvas, w, hgt) {
  const g = canvas.getContext('2d');
  g.setTransform(canvas.width / w, 0, 0, canvas.height / hgt, 0, 0);
  return { g, view: { width: w, height: hgt, getContext: () => g } };
}

/** Mouse/touch position in a canvas's own drawing coordinates of cssW × cssH (robust to CSS scaling). */
export function eventPoint(canvas, ev, cssW, cssH) {
  const r = canvas.getBoundingClientRect();
  return { x: ((ev.clientX - r.left) * cssW) / r.width, y: ((ev.clientY - r.top) * cssH) / r.height };
}
