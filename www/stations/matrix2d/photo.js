// The 2D station's photo-patch chooser: a thumbnail of the current photo with the patch in a
// yellow box; click, drag or the arrow keys move it.
import { h, select } from '../../lib/dom.js';
import { makeCanvas } from '../../lib/canvas.js';
import { paint } from '../../lib/heatmap.js';
import { imagePicker } from '../../lib/image-picker.js';
import { PATCH_SCALES } from './model.js';

const THUMB_W = 300; // px, the thumbnail's backing width

/**
 * Builds the chooser. st is the station's state (patch, R, C); onMove() after the patch moved
 * or changed scale. Returns { el, msg, draw() }.
 */
export function photoChooser(ctx, st, onMove) {
  const { images } = ctx;
  const picker = imagePicker(ctx, { id: 'matrix2d', sources: ['samples', 'file'], sampleLabel: 'Photo' });
  const scaleSel = select({
    label: 'Cell =', options: PATCH_SCALES.map((s) => ({ value: String(s), label: `${s} × ${s} px` })),
    value: String(st.patch.scale), onChange: (v) => { st.patch.scale = +v; onMove(); },
  });
  const thumb = makeCanvas(THUMB_W, 200, { label: 'The current photo: click or drag to choose the patch; arrow keys move it', cls: 'm2d-thumb' });
  thumb.tabIndex = 0;
  const el = h('div', { class: 'm2d-photo', hidden: true }, picker.el, scaleSel.el, thumb,
    h('div', { class: 'note' }, 'Click or drag to move the patch (yellow box); arrow keys too. Grey levels 0…1.'));

  function draw() {
    const img = images.current(), gray = images.gray();
    if (!img || !gray || st.source !== 'photo') return;
    const tw = THUMB_W, th = Math.max(1, Math.round((THUMB_W * img.height) / img.width));
    // Downsample by sampling (the thumbnail is only for pointing).
    const small = new Float32Array(tw * th);
    for (let y = 0; y < th; y++) for (let x = 0; x < tw; x++) {
      small[y * tw + x] = gray.data[Math.floor((y * img.height) / th) * img.width + Math.floor((x * img.width) / tw)];
    }
    paint(thumb, small, tw, th, { scale: 'gray', min: 0, max: 1 });
    const box = st.patch.box;
    if (!box) return;
    const g = thumb.getContext('2d'), k = tw / img.width;
    const w = Math.max(3, box.pw * k), hgt = Math.max(3, box.ph * k);
    g.lineWidth = 3; g.strokeStyle = '#ffd000';
    g.strokeRect(box.x0 * k - 1.5, box.y0 * k - 1.5, w + 3, hgt + 3);
    g.lineWidth = 1; g.strokeStyle = '#000';
    g.strokeRect(box.x0 * k - 3.5, box.y0 * k - 3.5, w + 7, hgt + 7);
  }

  let dragging = false;
  function moveTo(ev) {
    const img = images.current();
    if (!img) return;
    const r = thumb.getBoundingClientRect();
    st.patch.cx = ((ev.clientX - r.left) / r.width) * img.width;
    st.patch.cy = ((ev.clientY - r.top) / r.height) * img.height;
    onMove();
  }
  ctx.listen(thumb, 'pointerdown', (ev) => { dragging = true; thumb.setPointerCapture(ev.pointerId); moveTo(ev); });
  ctx.listen(thumb, 'pointermove', (ev) => { if (dragging) moveTo(ev); });
  ctx.listen(thumb, 'pointerup', () => { dragging = false; });
  ctx.listen(thumb, 'pointercancel', () => { dragging = false; });
  ctx.listen(thumb, 'keydown', (ev) => {
    const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[ev.key];
    const box = st.patch.box;
    if (!step || !box) return;
    ev.preventDefault();
    st.patch.cx += step[0] * box.s * (ev.shiftKey ? st.C : 1);
    st.patch.cy += step[1] * box.s * (ev.shiftKey ? st.R : 1);
    onMove();
  });
  return { el, msg: picker.msg, draw };
}
