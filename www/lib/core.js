// Loads ConvLab's wasm core once, picking the fastest build this browser can run.
//
// ./build.sh wasm makes two .wasm files from the same source with the same JS glue
// (www/pkg/convlab.js): convlab_relaxed_bg.wasm uses relaxed-SIMD fused multiply-add,
// convlab_bg.wasm only SIMD128. A relaxed module does not even compile where relaxed SIMD is
// missing, so a tiny probe module is validated first and the plain build is the fallback (also
// when the relaxed file cannot be loaded). `?core=simd` or `?core=relaxed` in the page address
// forces one (benchmarks and tests use it).
//
//   import { initCore, wasm } from './lib/core.js';
//   const build = await initCore(); // 'relaxed' | 'simd'; then call wasm.correlate2d(...)
import init, * as wasm from '../pkg/convlab.js';

export { wasm };

/** The .wasm file of each build, next to the glue. */
export const BUILD_FILES = { relaxed: 'convlab_relaxed_bg.wasm', simd: 'convlab_bg.wasm' };

/**
 * A module with one function, `(v128, v128, v128) → f32x4.relaxed_madd`: it validates exactly
 * where the relaxed-SIMD proposal is on.
 */
const RELAXED_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b, // type: (v128 v128 v128) → v128
  0x03, 0x02, 0x01, 0x00, // one function of that type
  0x0a, 0x0d, 0x01, 0x0b, 0x00, // code: one body of 11 bytes, no locals
  0x20, 0x00, 0x20, 0x01, 0x20, 0x02, // local.get 0, 1, 2
  0xfd, 0x85, 0x02, 0x0b, // f32x4.relaxed_madd, end
]);

/** Whether this engine runs relaxed SIMD (feature detection, no user-agent sniffing). */
export function relaxedSimdSupported() {
  try {
    return WebAssembly.validate(RELAXED_PROBE);
  } catch {
    return false;
  }
}

/** The build to load: forced by `?core=` in `search`, else relaxed where supported. */
export function chooseBuild(search = globalThis.location ? globalThis.location.search : '') {
  const forced = new URLSearchParams(search).get('core');
  if (forced === 'simd') return 'simd';
  return relaxedSimdSupported() ? 'relaxed' : 'simd';
}

let loaded = null;

/**
 * Initialises the core (once; later calls resolve to the same answer) and resolves to the
 * build in use, 'relaxed' or 'simd'. Rejects only when not even the plain build loads.
 */
export function initCore(build = chooseBuild()) {
  if (!loaded) loaded = load(build);
  return loaded;
}

async function load(build) {
  let used = 'simd';
  if (build === 'relaxed') {
    try {
      await init({ module_or_path: new URL(`../pkg/${BUILD_FILES.relaxed}`, import.meta.url) });
      used = 'relaxed';
    } catch (e) {
      console.warn(`relaxed-SIMD core did not load (${e.message}); using the SIMD build`);
    }
  }
  if (used === 'simd') await init({ module_or_path: new URL(`../pkg/${BUILD_FILES.simd}`, import.meta.url) });
  // Visible to tests and to anyone inspecting the page: <html data-core="relaxed">.
  if (globalThis.document) document.documentElement.dataset.core = used;
  return used;
}
