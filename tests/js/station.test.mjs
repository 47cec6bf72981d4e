// Unit tests for the station scaffold (www/lib/station.js) with a minimal stand-in for the
// browser: stylesheet before mount, hash parsed against the schema, listen/onCleanup undone on
// unmount, the render counter, frame() coalescing (each distinct fn once), cleanup when mount throws, old-style modules.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { station, mountModule } from '../../www/lib/station.js';
import { schema } from '../../www/lib/state.js';

let frames, events;
beforeEach(() => {
  frames = new Map();
  events = [];
  let next = 1;
  globalThis.requestAnimationFrame = (fn) => { frames.set(next, fn); return next++; };
  globalThis.cancelAnimationFrame = (id) => frames.delete(id);
  globalThis.ResizeObserver = class { observe() {} disconnect() { events.push('ro-disconnect'); } };
  const head = {
    links: [],
    append(...links) {
      for (const l of links) { head.links.push(l); events.push(`css ${l.href}`); queueMicrotask(() => l.dispatchEvent(new Event(l.href.includes('missing') ? 'error' : 'load'))); }
    },
  };
  globalThis.document = {
    body: { dataset: {} },
    head,
    createElement() {
      const el = new EventTarget();
      el.remove = () => { head.links.splice(head.links.indexOf(el), 1); events.push(`css-removed ${el.href}`); };
      return el;
    },
  };
});
const runFrames = () => { const fs = [...frames.values()]; frames.clear(); fs.forEach((f) => f()); };
const frame = () => Number(document.body.dataset.frame) || 0;
const STATE = schema([{ name: 'n', type: 'int', min: 1, max: 10, default: 3 }]);
const shell = (hash = '') => {
  const saved = [];
  return { saved, ctx: { wasm: {}, images: {}, worker: {}, hash: { get: () => new URLSearchParams(hash), set: (p) => saved.push(String(p)) } } };
};

test('the stylesheet loads before mount; the hash arrives clamped; save writes the schema', async () => {
  const { saved, ctx } = shell('n=99');
  let seen = null;
  const def = station({
    id: 'x', title: 'X', css: 'x.css', state: STATE,
    mount(root, c) { events.push('mount'); seen = c.state; c.save({ n: 4 }); },
  });
  const unmount = await mountModule({ default: def }, {}, ctx);
  assert.deepEqual(events, ['css x.css', 'mount']);
  assert.deepEqual(seen, { n: 10 });
  assert.deepEqual(saved, ['n=4']);
  assert.equal(frame(), 1, 'a mount is a frame');
  unmount();
  assert.equal(document.head.links.length, 0, 'the stylesheet goes with the station');
});

test('a stylesheet that fails to load does not block the station', async () => {
  const warn = console.warn; console.warn = () => {};
  try {
    let mounted = false;
    await mountModule({ default: station({ id: 'x', title: 'X', css: 'missing.css', mount() { mounted = true; } }) }, {}, shell().ctx);
    assert.ok(mounted);
  } finally { console.warn = warn; }
});

test('listen and onCleanup are undone on unmount, the station’s own unmount first', async () => {
  const target = new EventTarget();
  let clicks = 0;
  const order = [];
  const def = station({
    id: 'x', title: 'X',
    mount(root, c) {
      c.listen(target, 'click', () => { clicks++; });
      c.onCleanup(() => order.push('cleanup'));
      c.observeWidth([{}], () => {});
      return () => order.push('unmount');
    },
  });
  const unmount = await mountModule({ default: def }, {}, shell().ctx);
  target.dispatchEvent(new Event('click'));
  unmount();
  target.dispatchEvent(new Event('click'));
  assert.equal(clicks, 1);
  assert.deepEqual(order, ['unmount', 'cleanup']);
  assert.ok(events.includes('ro-disconnect'));
});

test('frame() runs each requested redraw once per animation frame, then bumps the counter; unmount cancels', async () => {
  let ctxRef;
  const unmount = await mountModule({ default: station({ id: 'x', title: 'X', mount(root, c) { ctxRef = c; } }) }, {}, shell().ctx);
  const drawn = [];
  const before = frame();
  const update = () => drawn.push('update');
  const resize = () => drawn.push('resize');
  ctxRef.frame(update);
  ctxRef.frame(resize); // e.g. a ResizeObserver's redraw while an update is pending
  ctxRef.frame(update);
  assert.equal(frames.size, 1, 'one animation frame for all requests');
  runFrames();
  assert.deepEqual(drawn, ['update', 'resize'], 'the same fn once, a different one not swallowed');
  assert.equal(frame(), before + 1);
  ctxRef.rendered();
  assert.equal(frame(), before + 2);
  ctxRef.frame(() => drawn.push('c'));
  unmount();
  runFrames();
  assert.deepEqual(drawn, ['update', 'resize'], 'no redraw after unmount');
});

test('a mount that throws undoes what it set up and reports the error', async () => {
  const target = new EventTarget();
  let clicks = 0;
  const def = station({ id: 'x', title: 'X', css: 'y.css', mount(root, c) { c.listen(target, 'click', () => { clicks++; }); throw new Error('boom'); } });
  await assert.rejects(mountModule({ default: def }, {}, shell().ctx), /boom/);
  target.dispatchEvent(new Event('click'));
  assert.equal(clicks, 0);
  assert.equal(document.head.links.length, 0);
});

test('old-style modules mount as they are; a bad declaration fails early', async () => {
  let got = null;
  const unmount = await mountModule({ mount(root, c) { got = c; } }, {}, shell('n=2').ctx);
  assert.equal(typeof got.hash.get, 'function');
  assert.equal(typeof unmount, 'function');
  assert.throws(() => station({ id: 'x', title: 'X' }), /needs mount/);
  assert.throws(() => station({ id: 'x', title: 'X', mount() {}, state: {} }), /schema/);
});
