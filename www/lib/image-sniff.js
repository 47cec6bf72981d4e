// Reads what an image file says about itself before the browser decodes it (pure: no DOM).
//
// A file's first bytes name its format and its size; its last bytes show whether it is whole.
// Checking them first turns a text file renamed .png, an empty or cut-short download, or a
// header claiming 30,000 × 30,000 pixels into a sentence a student can act on, instead of a
// decoder failure, a half-grey photo or a tab out of memory.

/** Bytes of the file's start that sniffImage reads (JPEG size markers follow EXIF blocks). */
export const HEAD_BYTES = 256 * 1024;
/** Bytes of the file's end that sniffImage reads. */
export const TAIL_BYTES = 64;

const ascii = (b, at, n) => String.fromCharCode(...b.subarray(at, at + n));
const u16be = (b, at) => (b[at] << 8) | b[at + 1];
const u32be = (b, at) => ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + (b[at + 2] << 8) + b[at + 3];
const u16le = (b, at) => b[at] | (b[at + 1] << 8);
const i32le = (b, at) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);

/** Where a JPEG says its size: the first start-of-frame marker (SOF0…SOF15 but DHT, JPG, DAC). */
function jpegSize(b) {
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1];
    if (marker === 0xff) { at++; continue; } // fill byte
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { at += 2; continue; }
    const len = u16be(b, at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16be(b, at + 5), width: u16be(b, at + 7) };
    }
    if (len < 2) return null;
    at += 2 + len;
  }
  return null;
}

/**
 * What `head` (the file's first bytes) and `tail` (its last bytes) say: `{ type, width, height,
 * complete }` (width / height null where the format hides them in compressed data), or
 * `{ error }` with a sentence. `size` is the file's length in bytes.
 */
export function sniffImage(head, tail, size) {
  if (!size) return { error: 'This file is empty (0 bytes).' };
  const b = head;
  const endsWith = (...bytes) => {
    // Some writers pad the end with zeros; look past them.
    let end = tail.length;
    while (end > 0 && tail[end - 1] === 0) end--;
    return bytes.every((v, i) => tail[end - bytes.length + i] === v);
  };
  if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, 3) === 'PNG') {
    if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return { error: 'This PNG file is cut short before its size is even stated.' };
    return { type: 'PNG', width: u32be(b, 16), height: u32be(b, 20), complete: tail.length >= 8 && ascii(tail, tail.length - 8, 4) === 'IEND' };
  }
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    const dims = jpegSize(b);
    return { type: 'JPEG', width: dims ? dims.width : null, height: dims ? dims.height : null, complete: endsWith(0xff, 0xd9) };
  }
  if (b.length >= 10 && ascii(b, 0, 4) === 'GIF8') {
    return { type: 'GIF', width: u16le(b, 6), height: u16le(b, 8), complete: endsWith(0x3b) };
  }
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') {
    const declared = (b[4] | (b[5] << 8) | (b[6] << 16) | (b[7] << 24)) >>> 0;
    return { type: 'WebP', width: null, height: null, complete: size >= declared + 8 };
  }
  if (b.length >= 26 && ascii(b, 0, 2) === 'BM') {
    return { type: 'BMP', width: Math.abs(i32le(b, 18)), height: Math.abs(i32le(b, 22)), complete: true };
  }
  if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp') return { type: 'AVIF/HEIF', width: null, height: null, complete: true };
  const text = ascii(b, 0, Math.min(b.length, 1024)).replace(/^\uFEFF/, '');
  if (/<svg[\s>]/i.test(text)) return { type: 'SVG', width: null, height: null, complete: /<\/svg>\s*$|\/>\s*$/i.test(ascii(tail, 0, tail.length)) };
  return { error: 'This file is not an image this page can read: use a PNG, JPEG, GIF, WebP, BMP or SVG file.' };
}

/**
 * The sentence that refuses `info` (from sniffImage), or null when the file may be decoded.
 * `refusePixels`: the largest image the tab may hold.
 */
export function refusal(info, refusePixels) {
  if (info.error) return info.error;
  if (!info.complete) return `This ${info.type} file is cut short (it did not finish downloading or copying).`;
  if (info.width === 0 || info.height === 0) return `This ${info.type} image has no pixels (its header says ${info.width} × ${info.height}).`;
  if (info.width && info.height && info.width * info.height > refusePixels) {
    const mp = (info.width * info.height) / 1e6;
    return `This ${info.type} says it is ${info.width.toLocaleString('en-US')} × ${info.height.toLocaleString('en-US')} pixels (${mp.toFixed(0)} megapixels), too large to open in a browser tab. Use one under ${refusePixels / 1e6} megapixels.`;
  }
  return null;
}
