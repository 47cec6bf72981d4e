// The size of what a visitor downloads for the core: each .wasm raw and gzipped, and the glue.
import { BUILD_FILES } from '../../lib/core.js';

export const title = 'download size of the wasm core';

async function sizes(url) {
  const raw = new Uint8Array(await (await fetch(url, { cache: 'no-store' })).arrayBuffer());
  const gz = new Response(new Blob([raw]).stream().pipeThrough(new CompressionStream('gzip')));
  return { raw: raw.length, gzip: (await gz.arrayBuffer()).byteLength };
}

const kib = (n) => (n / 1024).toFixed(0);

export async function setup() {
  const facts = [];
  for (const [build, file] of [...Object.entries(BUILD_FILES), ['glue', 'convlab.js']]) {
    const s = await sizes(`/pkg/${file}`);
    facts.push({ name: `${file} (${build})`, value: `${kib(s.raw)} KiB raw, ${kib(s.gzip)} KiB gzipped`, raw: s.raw, gzip: s.gzip });
  }
  return { facts };
}
