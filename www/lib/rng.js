// Deterministic pseudo-random numbers for the page's presets (a "noisy" signal, a random
// image) that must look the same on every visit: mulberry32, 32-bit state.

/** A generator of numbers in [0, 1) from an integer seed (mulberry32). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
