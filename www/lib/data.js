// The data files shipped with the page (www/data/), fetched from this site only.

/** The shipped MNIST digits (training and held-out splits; the core's MnistData reads them). */
export const MNIST_URL = new URL('../data/mnist.bin.gz', import.meta.url);

/** The bytes of a shipped file; a missing file rejects with a message naming it. */
export async function fetchBytes(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`Could not load ${url.pathname} (HTTP ${r.status}).`);
  return new Uint8Array(await r.arrayBuffer());
}
