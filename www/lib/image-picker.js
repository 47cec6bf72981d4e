// The image picker every station uses: built-in samples, a file from this computer, a photo
// dropped on the station or pasted. Each way in is a *source* in IMAGE_SOURCES; a new one (a
// camera, say) is one more entry, registered with addImageSource, and stations list the
// sources they want. Images go to the shared store (./images.js) and never leave the browser.
import { h, select, button, message } from './dom.js';
import { cameraSource } from './camera.js';

/**
 * The sources by name. Each is `(picker) → Node | null`, where picker = { ctx, images, id,
 * dropTarget, open(file), msg } and ctx is the station scaffold's (listen, onCleanup).
 */
export const IMAGE_SOURCES = {
  samples(p) {
    const sel = select({
      label: p.sampleLabel,
      options: [...p.images.samples.map((s) => ({ value: s.id, label: s.title })), { value: '', label: '(your own image)' }],
      value: p.images.current()?.sampleId || '',
      onChange: async (id) => {
        if (!id) return;
        try { p.msg.clear(); await p.images.select(id); } catch (e) { p.msg.error(e.message); }
      },
    });
    sel.input.setAttribute('data-testid', 'sample-select');
    p.ctx.onCleanup(p.images.subscribe((img) => sel.set(img?.sampleId || '')));
    return sel.el;
  },
  file(p) {
    const input = h('input', { type: 'file', accept: 'image/*', class: 'visually-hidden', id: `${p.id}-file`, 'aria-label': 'Open an image file' });
    p.ctx.listen(input, 'change', () => { if (input.files[0]) p.open(input.files[0]); input.value = ''; });
    const btn = button('Open your image…', () => input.click(), { title: 'Choose a photo from this computer; it never leaves your browser' });
    return h('div', { class: 'row' }, btn, input);
  },
  drop(p) {
    const t = p.dropTarget;
    if (!t) return null;
    p.ctx.listen(t, 'dragover', (ev) => { ev.preventDefault(); t.classList.add('dragging'); });
    p.ctx.listen(t, 'dragleave', () => t.classList.remove('dragging'));
    p.ctx.listen(t, 'drop', (ev) => {
      ev.preventDefault();
      t.classList.remove('dragging');
      const file = ev.dataTransfer && ev.dataTransfer.files[0];
      if (file) p.open(file); else p.msg.error('Nothing usable was dropped: drop an image file.');
    });
    return null;
  },
  /** Live frames from the camera (./camera.js). */
  camera: cameraSource,
  paste(p) {
    p.ctx.listen(document, 'paste', (ev) => {
      const item = [...(ev.clipboardData?.items || [])].find((it) => it.kind === 'file');
      if (item) p.open(item.getAsFile());
    });
    return null;
  },
};

/** Registers another way in (e.g. 'camera'); stations opt in by listing it in `sources`. */
export function addImageSource(name, factory) {
  if (IMAGE_SOURCES[name]) throw new Error(`image source "${name}" exists already`);
  IMAGE_SOURCES[name] = factory;
}

/** What the hint under the controls says for the sources in use ('' when there is nothing to add). */
function hint(sources) {
  const ways = [];
  if (sources.includes('drop')) ways.push('drag a photo onto the page');
  if (sources.includes('paste')) ways.push('paste one (Ctrl+V)');
  return ways.length ? `or ${ways.join(', or ')}. Your photo stays in this browser.` : 'Your photo stays in this browser.';
}

/**
 * Builds the picker for a station. ctx: the scaffold's ctx (images, listen, onCleanup).
 * opts.id prefixes element ids (`<id>-file`); opts.dropTarget gets the drop source (usually
 * the station root); opts.sources lists the sources, in order; opts.sampleLabel labels the
 * samples' select.
 * Returns { el, msg, open(file) }: msg is the message line under it (error / info / clear).
 */
export function imagePicker(ctx, { id = 'image', dropTarget = null, sources = ['samples', 'file', 'drop', 'paste'], sampleLabel = 'Sample image' } = {}) {
  const { images } = ctx;
  const msgEl = h('div', { 'data-testid': 'image-message' });
  const msg = message(msgEl);
  async function open(file) {
    try {
      msg.info(`Opening "${file.name || 'pasted image'}"…`);
      const img = await images.loadFile(file);
      if (img.scaledFrom) {
        msg.info(`Your image was ${img.scaledFrom.width}×${img.scaledFrom.height} px; it is shown at ${img.width}×${img.height} so every edit stays instant.`);
      } else msg.clear();
    } catch (e) {
      msg.error(`${e.message} The previous image is kept.`);
    }
  }
  const picker = { ctx, images, id, dropTarget, open, msg, sampleLabel };
  const parts = sources.map((name) => {
    const make = IMAGE_SOURCES[name];
    if (!make) throw new Error(`unknown image source "${name}"`);
    return make(picker);
  });
  if (!images.current()) msg.error('No image is loaded yet: choose a sample or open your own.');
  const el = h('div', { class: 'image-picker' }, parts, h('p', { class: 'note' }, hint(sources)), msgEl);
  return { el, msg, open };
}
