// The current image, shared by every station: a built-in sample or the student's own photo.
// Uploaded files are decoded in this tab only; nothing is ever sent anywhere.
import { sniffImage, refusal, HEAD_BYTES, TAIL_BYTES } from './image-sniff.js';

/** Images above this many pixels are scaled down before filtering (keeps every edit fast). */
export const MAX_PIXELS = 4_000_000;
/** Files above this many pixels are refused outright (the browser could run out of memory). */
export const REFUSE_PIXELS = 250_000_000;
/** Longest side kept (canvases refuse sides above about 32,767 px; 20,000 × 1 still fits). */
export const MAX_SIDE = 20_000;

export const SAMPLES = [
  { id: 'astronaut', title: 'Astronaut', file: 'samples/astronaut.jpg' },
  { id: 'coffee', title: 'Coffee cup', file: 'samples/coffee.jpg' },
  { id: 'camera', title: 'Cameraman', file: 'samples/camera.jpg' },
  { id: 'brick', title: 'Brick wall (texture)', file: 'samples/brick.jpg' },
  { id: 'chelsea', title: 'Chelsea the cat', file: 'samples/chelsea.jpg' },
];

/** Decodes an <img>-loadable URL; rejects with a readable message when it is not an image. */
function loadImageElement(url) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('This file could not be read as an image. Use a PNG, JPEG, GIF, WebP or BMP photo.'));
    img.src = url;
  });
}

/** Draws an image scaled so it has at most MAX_PIXELS pixels; returns {width, height, rgba, scaledFrom}. */
function rasterise(img) {
  const w0 = img.naturalWidth, h0 = img.naturalHeight;
  if (!w0 || !h0) throw new Error('This image has no pixels (width or height is 0).');
  if (w0 * h0 > REFUSE_PIXELS) {
    throw new Error(`This image is ${(w0 * h0 / 1e6).toFixed(0)} megapixels, too large to open in a browser tab. Try one under 250 megapixels.`);
  }
  const s = Math.min(1, Math.sqrt(MAX_PIXELS / (w0 * h0)), MAX_SIDE / w0, MAX_SIDE / h0);
  const width = Math.max(1, Math.floor(w0 * s)), height = Math.max(1, Math.floor(h0 * s));
  const canvas = document.createElement('canvas');
  canvas.width = width; canvas.height = height;
  const g = canvas.getContext('2d', { willReadFrequently: true });
  g.imageSmoothingQuality = 'high';
  g.drawImage(img, 0, 0, width, height);
  const rgba = g.getImageData(0, 0, width, height).data;
  return { width, height, rgba, scaledFrom: s < 1 ? { width: w0, height: h0 } : null };
}

/** Creates the shared store. `current()` is null until the first sample has loaded. */
export function createImageStore() {
  let image = null;
  let grayCache = null;
  const listeners = new Set();
  const set = (next) => {
    image = next;
    grayCache = null;
    for (const fn of listeners) fn(image);
    return image;
  };
  return {
    samples: SAMPLES,
    current: () => image,
    /** Luminance in 0..1 (Rec. 601 weights), computed once per image. */
    gray() {
      if (!image) return null;
      if (!grayCache) {
        const { width, height, rgba } = image;
        const data = new Float32Array(width * height);
        for (let i = 0; i < data.length; i++) {
          data[i] = (0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]) / 255;
        }
        grayCache = { width, height, data };
      }
      return grayCache;
    },
    subscribe(fn) { listeners.add(fn); return () => listeners.delete(fn); },
    /** Loads a built-in sample by id. */
    async select(id) {
      const sample = SAMPLES.find((s) => s.id === id);
      if (!sample) throw new Error(`There is no sample called "${id}".`);
      const img = await loadImageElement(sample.file);
      return set({ name: sample.title, sampleId: id, ...rasterise(img) });
    },
    /**
     * Makes pixels already decoded in this tab the current image: a camera frame, say.
     * `live: true` marks a frame that the next one will replace within ~30 ms.
     */
    setPixels({ name, width, height, rgba, live = false }) {
      if (!(width > 0 && height > 0) || !rgba || rgba.length !== 4 * width * height) {
        throw new Error(`These pixels do not form a ${width}×${height} RGBA image.`);
      }
      return set({ name, sampleId: null, width, height, rgba, scaledFrom: null, live });
    },
    /** Loads a File/Blob the student chose; on failure the current image stays. */
    async loadFile(file) {
      if (!file) throw new Error('No file was given.');
      if (file.type && !file.type.startsWith('image/')) {
        throw new Error(`"${file.name}" is not an image (its type is ${file.type}). Choose a PNG, JPEG, GIF, WebP or BMP photo.`);
      }
      // The file's own header first: a renamed text file, an empty or cut-short file, or a
      // header claiming billions of pixels is refused before the browser tries to decode it.
      const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
      const tail = new Uint8Array(await file.slice(Math.max(0, file.size - TAIL_BYTES)).arrayBuffer());
      const refused = refusal(sniffImage(head, tail, file.size), REFUSE_PIXELS);
      if (refused) throw new Error(`"${file.name || 'pasted image'}": ${refused}`);
      const url = URL.createObjectURL(file);
      try {
        const img = await loadImageElement(url);
        return set({ name: file.name || 'pasted image', sampleId: null, ...rasterise(img) });
      } finally {
        URL.revokeObjectURL(url);
      }
    },
  };
}
