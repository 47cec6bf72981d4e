// The station scaffold: what every station gets for free, so its own files hold only its lesson.
//
// A station module exports, as its default, `station({ id, title, css, state, mount })`:
//   id, title  as in www/stations/registry.js
//   css        URL (or list of URLs) of its stylesheet, loaded before mount so the first
//              layout is the real one (new URL('./x.css', import.meta.url))
//   state      a schema from ./state.js: the station's URL-hash fields
//   mount(root, ctx) → unmount (optional)
// ctx carries the shell's { wasm, images, worker } and:
//   ctx.state             the hash parsed and clamped against the schema (a fresh object)
//   ctx.save(values)      writes values to the address (replaceState, schema order)
//   ctx.listen(t, type, fn, opts)   addEventListener, removed on unmount
//   ctx.onCleanup(fn)     runs fn on unmount (e.g. a wasm handle's free)
//   ctx.rendered()        bumps the render counter document.body.dataset.frame; call it after
//                         each complete redraw (tests wait on it: harness.mjs waitForFrame)
//   ctx.frame(fn)         runs fn in the next animation frame, then bumps the counter; asking
//                         again for the same fn before then runs it once, and different fns
//                         asked for in one frame all run, in order (a resize's redraw must not
//                         swallow a pending update); cancelled on unmount
//   ctx.observeWidth(els, fn)  calls ctx.frame(fn) when an element's width changes (the
//                         stylesheet arriving, a window resize), not on height changes
// Old-style modules (`export function mount(root, ctx)`) still mount through mountModule.

/** Declares a station; checks its shape early so a typo fails at load, not at first use. */
export function station(def) {
  for (const key of ['id', 'title', 'mount']) if (!def[key]) throw new Error(`a station needs ${key}`);
  if (typeof def.mount !== 'function') throw new Error(`station ${def.id}: mount must be a function`);
  if (def.state && typeof def.state.parse !== 'function') throw new Error(`station ${def.id}: state must come from schema()`);
  return Object.freeze({ ...def, isStation: true });
}

/** The render counter tests wait on: how many complete redraws the page has made. */
export function bumpFrame() {
  const body = document.body;
  body.dataset.frame = String((Number(body.dataset.frame) || 0) + 1);
}

/** Loads stylesheets; resolves when each has loaded or failed (a missing sheet must not block). */
function loadCss(urls) {
  const links = urls.map((u) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = String(u);
    return link;
  });
  const done = Promise.all(links.map((link) => new Promise((resolve) => {
    link.addEventListener('load', resolve, { once: true });
    link.addEventListener('error', () => { console.warn(`stylesheet ${link.href} failed to load`); resolve(); }, { once: true });
  })));
  document.head.append(...links);
  return { links, done };
}

/** Mounts a new-style station; returns its unmount (which also undoes everything in ctx). */
async function mountDeclared(def, root, shell) {
  const cleanup = [];
  const run = () => { while (cleanup.length) { try { cleanup.pop()(); } catch (e) { console.warn(e); } } };
  const css = def.css ? (Array.isArray(def.css) ? def.css : [def.css]) : [];
  if (css.length) {
    const { links, done } = loadCss(css);
    cleanup.push(() => links.forEach((l) => l.remove()));
    await done;
  }
  let frameId = 0;
  const pending = new Set(); // the distinct fns asked for since the last frame, in order
  const ctx = {
    wasm: shell.wasm, images: shell.images, worker: shell.worker, hash: shell.hash,
    state: def.state ? def.state.parse(shell.hash.get()) : {},
    save(values) { if (def.state) shell.hash.set(def.state.serialize(values)); },
    listen(target, type, fn, opts) {
      target.addEventListener(type, fn, opts);
      cleanup.push(() => target.removeEventListener(type, fn, opts));
    },
    onCleanup(fn) { cleanup.push(fn); },
    rendered: bumpFrame,
    frame(fn) {
      pending.add(fn);
      if (frameId) return;
      frameId = requestAnimationFrame(() => {
        frameId = 0;
        const fns = [...pending];
        pending.clear();
        try {
          for (const f of fns) f();
        } finally {
          bumpFrame();
        }
      });
    },
    observeWidth(elements, fn) {
      const widths = new Map();
      const ro = new ResizeObserver((entries) => {
        let changed = false;
        for (const e of entries) {
          const w = Math.round(e.contentRect.width);
          if (widths.get(e.target) !== w) { widths.set(e.target, w); changed = true; }
        }
        if (changed) ctx.frame(fn);
      });
      for (const el of [].concat(elements)) ro.observe(el);
      cleanup.push(() => ro.disconnect());
    },
  };
  cleanup.push(() => { if (frameId) cancelAnimationFrame(frameId); frameId = 0; pending.clear(); });
  try {
    const unmount = await def.mount(root, ctx);
    if (typeof unmount === 'function') cleanup.push(unmount);
  } catch (e) {
    run();
    throw e;
  }
  return run;
}

/**
 * Mounts a loaded station module into root: a `station()` default export through the
 * scaffold, or an old-style `mount` export as it is. Resolves to the unmount function.
 */
export async function mountModule(mod, root, shell) {
  const def = mod.default && mod.default.isStation ? mod.default : null;
  const unmount = def ? await mountDeclared(def, root, shell) : await mod.mount(root, shell);
  bumpFrame();
  return typeof unmount === 'function' ? unmount : () => {};
}
