// The page shell: loads the wasm core once, builds the navigation, mounts one station at a time.
import init, * as wasm from './pkg/convlab.js';
import { STATIONS } from './stations/registry.js';
import { parseHash, stationHash } from './lib/hash.js';
import { createImageStore } from './lib/images.js';
import { createWorkerClient } from './lib/worker-client.js';
import { h } from './lib/dom.js';

const DEFAULT_STATION = 'kernel';
const DEFAULT_SAMPLE = 'astronaut';

const app = document.getElementById('app');
const nav = document.getElementById('nav');
const images = createImageStore();
const worker = createWorkerClient();
let mounted = null; // { id, unmount }
let mounting = Promise.resolve();

function buildNav() {
  nav.replaceChildren(...STATIONS.map((s, i) =>
    h('a', { href: `#/${s.id}`, 'data-station': s.id, title: `Station ${i + 1}: ${s.title}` }, s.nav || s.title)));
}

function markNav(id) {
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.station === id) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function mountStation(id) {
  const station = STATIONS.find((s) => s.id === id) || STATIONS.find((s) => s.id === DEFAULT_STATION);
  // An unknown route shows the default station, and the address says so.
  if (parseHash().id !== station.id) history.replaceState(null, '', `#/${station.id}`);
  if (mounted && mounted.id === station.id) return;
  if (mounted) { try { mounted.unmount && mounted.unmount(); } catch (e) { console.warn(e); } mounted = null; }
  document.body.dataset.station = '';
  markNav(station.id);
  const root = h('section', { class: 'station', id: `station-${station.id}`, 'aria-label': station.title });
  app.replaceChildren(root);
  try {
    const mod = await station.load();
    const unmount = await mod.mount(root, { wasm, images, worker, hash: stationHash(station.id) });
    mounted = { id: station.id, unmount };
    document.title = `${station.title} — ConvLab`;
    document.body.dataset.station = station.id;
  } catch (e) {
    console.error(e);
    root.replaceChildren(h('p', { class: 'error', role: 'alert' }, `This station failed to start: ${e.message}`));
    mounted = { id: station.id, unmount: null };
  }
}

async function start() {
  buildNav();
  try {
    await init();
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
  const onRoute = () => { mounting = mounting.then(() => mountStation(parseHash().id)); };
  window.addEventListener('hashchange', onRoute);
  onRoute();
  await mounting;
  document.body.dataset.ready = 'true';
}

start();
