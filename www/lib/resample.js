// Resampling a grey image by area averaging (DOM-free; tests/js/resample.test.mjs). The
// stations that work on a smaller copy of the photo (pooling, the filter stations) use this,
// so every station shrinks a photo the same way: each output pixel is the mean of the input
// pixels its footprint covers (nearest neighbour when enlarging).

/** The input span [a, b) that output index i of n covers in a side of `side` px (never empty). */
function span(i, n, side) {
  const a = Math.min(side - 1, Math.floor((i * side) / n));
  return [a, Math.max(a + 1, Math.floor(((i + 1) * side) / n))];
}

/**
 * Area-averages the rectangle `from` = { x0, y0, width, height } (default: the whole image)
 * of `gray` = { width, height, data } to outW × outH values, row-major.
 */
export function areaResample(gray, outW, outH, from = {}) {
  const { x0 = 0, y0 = 0, width = gray.width - x0, height = gray.height - y0 } = from;
  if (!(outW >= 1 && outH >= 1 && width >= 1 && height >= 1)) throw new Error('areaResample needs positive sizes');
  if (x0 < 0 || y0 < 0 || x0 + width > gray.width || y0 + height > gray.height) throw new Error('areaResample: the rectangle leaves the image');
  const out = new Float32Array(outW * outH);
  const cols = Array.from({ length: outW }, (_, c) => span(c, outW, width));
  for (let r = 0; r < outH; r++) {
    const [ra, rb] = span(r, outH, height);
    for (let c = 0; c < outW; c++) {
      const [ca, cb] = cols[c];
      let s = 0;
      for (let y = ra; y < rb; y++) {
        const row = (y0 + y) * gray.width + x0;
        for (let x = ca; x < cb; x++) s += gray.data[row + x];
      }
      out[r * outW + c] = s / ((rb - ra) * (cb - ca));
    }
  }
  return out;
}

/** The centred square of a width × height image: { x0, y0, width: side, height: side }. */
export function centreSquare(width, height) {
  const side = Math.min(width, height);
  return { x0: Math.floor((width - side) / 2), y0: Math.floor((height - side) / 2), width: side, height: side };
}

/** The size of a width × height image scaled down (never up) so neither side exceeds maxSide. */
export function fitWithin(width, height, maxSide) {
  const s = Math.min(1, maxSide / Math.max(width, height));
  return s === 1 ? { width, height, scaled: false }
    : { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)), scaled: true };
}
