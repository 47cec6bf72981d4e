// The page shell: loads the wasm core once, builds the navigation, mounts one station at a time.
import { initCore, wasm } from './lib/core.js';
import { STATIONS, GROUPS } from './stations/registry.js';
import { parseHash, stationHash } from './lib/hash.js';
import { createImageStore } from './lib/images.js';
import { createWorkerClient } from './lib/worker-client.js';
import { h } from './lib/dom.js';
import { mountModule } from './lib/station.js';
import { createNav } from './lib/nav.js';

const DEFAULT_STATION = 'kernel';
const DEFAULT_SAMPLE = 'astronaut';

const app = document.getElementById('app');
const images = createImageStore();
const worker = createWorkerClient();
let mounted = null; // { id, unmount }
let mounting = Promise.resolve();

let nav = null; // the header's station navigation (www/lib/nav.js)

function buildNav() {
  nav = createNav({
    header: document.querySelector('.app-header'), bar: document.getElementById('station-bar'),
    nav: document.getElementById('nav'), stations: STATIONS, groups: GROUPS,
  });
}

async function mountStation(id, { force = false, img = null } = {}) {
  const station = STATIONS.find((s) => s.id === id) || STATIONS.find((s) => s.id === DEFAULT_STATION);
  // An unknown route shows the default station, and the address says so.
  if (parseHash().id !== station.id) history.replaceState(null, '', `#/${station.id}`);
  if (mounted && mounted.id === station.id && !force) return;
  if (mounted) { try { mounted.unmount && mounted.unmount(); } catch (e) { console.warn(e); } mounted = null; }
  // A photo named in the address, loaded once the old station is gone (it would rewrite the hash).
  if (img && img !== images.current()?.sampleId && images.samples.some((s) => s.id === img)) {
    try { await images.select(img); } catch (e) { console.warn('sample image failed to load', e); }
  }
  document.body.dataset.station = '';
  nav.mark(station.id);
  const root = h('section', { class: 'station', id: `station-${station.id}`, 'aria-label': station.title, tabindex: '-1' });
  app.replaceChildren(root);
  try {
    const mod = await station.load();
    const unmount = await mountModule(mod, root, { wasm, images, worker, hash: stationHash(station.id) });
    mounted = { id: station.id, unmount };
    // Keyboard focus moves into the new station (it stayed on the header link), so a station's
    // own keys, such as space to play, work at once and screen readers hear the new content.
    if (root.isConnected && !root.contains(document.activeElement)) root.focus({ preventScroll: true });
    document.title = `${station.title} — ConvLab`;
    document.body.dataset.station = station.id;
  } catch (e) {
    console.error(e);
    root.replaceChildren(h('p', { class: 'error', role: 'alert' }, `This station failed to start: ${e.message}`));
    mounted = { id: station.id, unmount: null };
  }
}

/**
 * Follows the address. Stations write their state with history.replaceState, which fires no
 * hashchange, so a hashchange (`ev`) always comes from outside: a typed or pasted address, a link.
 * Its state is applied: the photo named by img=, and the open station is mounted afresh when the
 * address carries state for it. The open station's own nav link (no state) keeps what is shown
 * and puts that state back in the address.
 */
async function route(ev) {
  const { id, params } = parseHash();
  const same = Boolean(ev && mounted && mounted.id === id);
  if (same && [...params.keys()].length === 0) {
    const old = ev.oldURL ? new URL(ev.oldURL).hash : '';
    if (parseHash(old).id === id) history.replaceState(null, '', old);
    return;
  }
  await mountStation(id, { force: same, img: ev ? params.get('img') : null });
}

async function start() {
  buildNav();
  try {
    await initCore();
  } catch (e) {
    app.replaceChildren(h('p', { class: 'error', role: 'alert' },
      `The WebAssembly core could not be loaded (${e.message}). Build it with ./build.sh serve.`));
    return;
  }
  const wanted = parseHash().params.get('img');
  try {
    await images.select(images.samples.some((s) => s.id === wanted) ? wanted : DEFAULT_SAMPLE);
  } catch (e) {
    console.warn('sample image failed to load', e);
  }
  // Exposed for scripts, the console and tests: the wasm API and the shared image store.
  window.convlab = { wasm, images };
  // body.dataset.routed counts handled addresses, so tests can wait for one to be handled.
  const onRoute = (ev) => {
    mounting = mounting.then(() => route(ev)).catch((e) => console.error(e)).finally(() => {
      document.body.dataset.routed = String((Number(document.body.dataset.routed) || 0) + 1);
    });
  };
  window.addEventListener('hashchange', onRoute);
  onRoute();
  await mounting;
  document.body.dataset.ready = 'true';
}

start();
