// Both ConvLab builds in one page, so a case can time them side by side: the one www/lib/core.js
// chose (as the app does) and the other, instantiated separately from the same glue module
// (imported under another URL, which makes it a second module instance with its own memory).
import { initCore, wasm, relaxedSimdSupported, BUILD_FILES } from '../lib/core.js';

/** Resolves to `{ build, wasm, cores: { relaxed, simd } }` (`relaxed` null where unsupported). */
export async function loadCores() {
  const build = await initCore();
  const cores = { relaxed: null, simd: null };
  cores[build] = wasm;
  const other = build === 'relaxed' ? 'simd' : 'relaxed';
  if (other === 'simd' || relaxedSimdSupported()) {
    const mod = await import(`../pkg/convlab.js?instance=${other}`);
    await mod.default({ module_or_path: new URL(`../pkg/${BUILD_FILES[other]}`, import.meta.url) });
    cores[other] = mod;
  }
  return { build, wasm, cores };
}
