// Seeded inputs shared by the benchmark cases: every contender of a case gets the same data.

/** A seeded generator of uniform numbers in [0, 1) (32-bit LCG, high bits). */
export function rng(seed = 12345) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
}

/** A `width × height` RGBA photo of seeded noise, opaque (alpha 255), as a photo would be. */
export function photo(width, height, seed = 12345) {
  const a = new Uint8ClampedArray(width * height * 4);
  const next = rng(seed);
  for (let i = 0; i < a.length; i++) a[i] = (i & 3) === 3 ? 255 : (next() * 256) | 0;
  return a;
}

/** The R, G, B of an RGBA photo as floats, 3 a pixel (what TF.js takes as an [h, w, 3] tensor). */
export function rgbFloats(rgba) {
  const out = new Float32Array((rgba.length / 4) * 3);
  for (let p = 0, q = 0; p < rgba.length; p += 4, q += 3) {
    out[q] = rgba[p]; out[q + 1] = rgba[p + 1]; out[q + 2] = rgba[p + 2];
  }
  return out;
}

/** An `n × n` grey image in [0, 1]: oriented waves, a disc and noise (texture everywhere). */
export function greyImage(n, seed = 12345) {
  const img = new Float32Array(n * n);
  const next = rng(seed);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const noise = (next() - 0.5) * 0.2;
      const wave = 0.25 * Math.sin(0.11 * j + 0.07 * i) + 0.15 * Math.cos(0.31 * i - 0.05 * j);
      const disc = (i - n / 2) ** 2 + (j - n / 3) ** 2 < (n / 6) ** 2 ? 0.3 : 0;
      img[i * n + j] = Math.min(1, Math.max(0, 0.4 + wave + disc + noise));
    }
  }
  return img;
}

/** Largest |a − b| relative to the largest |a| (for float maps of any scale). */
export function relDiff(a, b) {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    diff = Number.isNaN(d) ? Infinity : Math.max(diff, d);
    scale = Math.max(scale, Math.abs(a[i]));
  }
  return diff / (scale || 1);
}
