// A drawing pad: dark ink on a transparent canvas, drawn with a mouse, a finger or a pen
// (pointer events), cleared with a button or the Delete / Backspace / Escape key.
//
//   const pad = createDrawPad({ label: 'Draw a digit', onChange: (why) => … });
//   root.append(pad.el);            // the canvas (style it with .drawpad)
//   pad.rgba()                      // → { data: Uint8ClampedArray, width, height } of the pad
//   pad.paintInk(ink, 28, 28)       // shows an ink image (values 0..1), e.g. a sample digit
//   pad.clear();  pad.destroy();
//   pad.version                     // → how many changes the ink has had (also data-ink on the
//                                   //   canvas): a reader records the one it read, so a test can
//                                   //   wait for the reading of the pad as it is now
//
// The canvas stays transparent where nothing is drawn and ink is opaque black, so a reader
// such as lenet5_preprocess sees ink = (1 − luminance/255) · alpha/255 = alpha/255: exactly the
// ink the pen laid down, anti-aliased edges included. The page shows the pad on a white
// background from CSS. onChange(why) is called at most once per animation frame while drawing
// ('stroke'), and after clear() ('clear') or paintInk() ('paint'); why says which.

const INK = '#000';

/**
 * Builds a pad of `size` × `size` canvas pixels. `penWidth` is in canvas pixels (the default
 * suits digits: MNIST strokes are about a tenth of the digit's height).
 */
export function createDrawPad({ size = 280, penWidth = 22, label = 'Drawing pad', onChange } = {}) {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  canvas.className = 'drawpad';
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${label}. Press Delete to clear.`);
  const g = canvas.getContext('2d', { willReadFrequently: true });
  let last = null; // {x, y} of the active stroke, in canvas px
  let activePointer = null;
  let frame = 0;
  let pendingWhy = null;
  let version = 0;
  canvas.dataset.ink = '0';

  const notify = (why) => {
    version++;
    canvas.dataset.ink = String(version);
    if (!onChange) return;
    if (why !== 'stroke') { // clear and paint report at once, and supersede a pending stroke
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      pendingWhy = null;
      onChange(why);
      return;
    }
    pendingWhy = why;
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; const w = pendingWhy; pendingWhy = null; if (w) onChange(w); });
  };

  const toCanvas = (e) => {
    const r = canvas.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * size, y: ((e.clientY - r.top) / r.height) * size };
  };

  function segment(from, to) {
    g.strokeStyle = INK;
    g.lineWidth = penWidth;
    g.lineCap = 'round';
    g.lineJoin = 'round';
    g.beginPath();
    g.moveTo(from.x, from.y);
    // A zero-length line draws nothing with some canvases: nudge it so a dab leaves a dot.
    g.lineTo(to.x + (from.x === to.x && from.y === to.y ? 0.01 : 0), to.y);
    g.stroke();
  }

  function onDown(e) {
    if (e.button !== undefined && e.button > 0) return; // right / middle button: not a pen
    e.preventDefault();
    canvas.setPointerCapture?.(e.pointerId);
    activePointer = e.pointerId;
    last = toCanvas(e);
    segment(last, last);
    notify('stroke');
  }
  function onMove(e) {
    if (e.pointerId !== activePointer || !last) return;
    e.preventDefault();
    // A pen or a fast mouse reports several positions per frame: draw through all of them.
    const points = e.getCoalescedEvents ? e.getCoalescedEvents() : [];
    for (const p of (points.length ? points : [e])) {
      const next = toCanvas(p);
      segment(last, next);
      last = next;
    }
    notify('stroke');
  }
  function onUp(e) {
    if (e.pointerId !== activePointer) return;
    activePointer = null;
    last = null;
  }
  function onKey(e) {
    if (e.key === 'Delete' || e.key === 'Backspace' || e.key === 'Escape') { e.preventDefault(); pad.clear(); }
  }

  canvas.addEventListener('pointerdown', onDown);
  canvas.addEventListener('pointermove', onMove);
  canvas.addEventListener('pointerup', onUp);
  canvas.addEventListener('pointercancel', onUp);
  canvas.addEventListener('keydown', onKey);

  const pad = {
    el: canvas,
    size,
    /** How many changes the ink has had: strokes, clears and painted images. */
    get version() { return version; },
    /** The pad's pixels (RGBA, straight alpha) for a reader such as lenet5_preprocess. */
    rgba() {
      const img = g.getImageData(0, 0, size, size);
      return { data: img.data, width: size, height: size };
    },
    /** True when no pixel carries ink. */
    isEmpty() {
      const d = g.getImageData(0, 0, size, size).data;
      for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return false;
      return true;
    },
    /** Wipes the pad. */
    clear() {
      g.clearRect(0, 0, size, size);
      notify('clear');
    },
    /**
     * Replaces the drawing with an ink image (`w` × `h` values in 0..1, row-major), scaled
     * smoothly so it fills `fill` of the pad (MNIST digits fill about 20/28 of their box).
     */
    paintInk(ink, w, h, { fill = 1 } = {}) {
      const small = document.createElement('canvas');
      small.width = w;
      small.height = h;
      const rgba = new Uint8ClampedArray(w * h * 4);
      for (let i = 0; i < w * h; i++) rgba[4 * i + 3] = Math.round(255 * Math.min(1, Math.max(0, ink[i] || 0)));
      small.getContext('2d').putImageData(new ImageData(rgba, w, h), 0, 0);
      const scale = (fill * size) / Math.max(w, h);
      g.clearRect(0, 0, size, size);
      g.imageSmoothingEnabled = true;
      g.imageSmoothingQuality = 'high';
      g.drawImage(small, (size - w * scale) / 2, (size - h * scale) / 2, w * scale, h * scale);
      notify('paint');
    },
    /** Removes the listeners and any pending frame. */
    destroy() {
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointermove', onMove);
      canvas.removeEventListener('pointerup', onUp);
      canvas.removeEventListener('pointercancel', onUp);
      canvas.removeEventListener('keydown', onKey);
    },
  };
  return pad;
}
