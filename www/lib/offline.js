// Registers the service worker (www/sw.js) that keeps ConvLab usable offline, says in the footer
// whether this copy works without a network, and offers an update when a new build is cached.
//
// `document.body.dataset.offline` is "ready" once the worker controls the page with a complete
// cache, "update" when a newer build is cached and waiting, "unavailable" when the browser
// refuses service workers (file://, some private modes) or the build has no precache list.
// Tests wait on it.

const status = document.getElementById('offline-status');

function show(state, text, action = null) {
  document.body.dataset.offline = state;
  if (!status) return;
  status.replaceChildren(text);
  if (action) status.append(' ', action);
}

/** Asks the worker that controls this page which cache version it serves. */
export function servedVersion() {
  const sw = navigator.serviceWorker && navigator.serviceWorker.controller;
  if (!sw) return Promise.resolve(null);
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = (e) => resolve(e.data);
    sw.postMessage('version', [ch.port2]);
  });
}

function offerUpdate(waiting) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'update';
  button.textContent = 'Update now';
  button.addEventListener('click', () => {
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    waiting.postMessage('update');
  });
  show('update', 'A new version of ConvLab is ready.', button);
}

function watchForUpdates(reg) {
  if (reg.waiting && navigator.serviceWorker.controller) offerUpdate(reg.waiting);
  reg.addEventListener('updatefound', () => {
    const next = reg.installing;
    if (!next) return;
    next.addEventListener('statechange', () => {
      if (next.state === 'installed' && navigator.serviceWorker.controller) offerUpdate(next);
    });
  });
}

async function register() {
  if (!('serviceWorker' in navigator)) { show('unavailable', ''); return; }
  try {
    const reg = await navigator.serviceWorker.register('sw.js', { scope: './' });
    watchForUpdates(reg);
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
    if (document.body.dataset.offline !== 'update') {
      show('ready', 'Works offline: this page, its data and samples are saved in your browser.');
    }
  } catch (e) {
    // Offline use is a bonus: the page works without it, so this is a warning, not an error.
    console.warn('Offline mode is not available:', e && e.message);
    show('unavailable', '');
  }
}

// After the page has loaded, so caching the app never competes with the first paint.
if (document.readyState === 'complete') register();
else window.addEventListener('load', register, { once: true });
