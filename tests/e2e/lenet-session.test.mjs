// The LeNet-5 worker session (www/workers/lenet5.js) driven in Node against the real wasm core,
// as the page drives it through the worker: training reports progress, metrics and weights;
// pause really stops the loop; a NaN-inducing step size ends the run with a message about the
// step size and finite weights; the unit view returns 9 digits and a synthesised input.
// (It lives with the e2e tests because it needs the built www/pkg.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as wasm from '../../www/pkg/convlab.js';
import { open } from '../../www/workers/lenet5.js';

wasm.initSync({ module: fs.readFileSync(new URL('../../www/pkg/convlab_bg.wasm', import.meta.url)) });
const read = (p) => new Uint8Array(fs.readFileSync(new URL(`../../www/data/${p}`, import.meta.url)));
const MNIST = read('mnist.bin.gz');
const WEIGHTS = read('lenet5-weights.bin');

/** Opens a session that records its events; until(pred) resolves when an event satisfies it. */
function session() {
  const events = [];
  const waiters = [];
  const post = (event, data) => {
    events.push({ event, data });
    for (const w of waiters.slice()) if (w.pred(event, data)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(data); }
  };
  const handle = open(wasm, { mnist: MNIST, weights: WEIGHTS }, post);
  const until = (pred) => {
    const hit = events.find((e) => pred(e.event, e.data));
    return hit ? Promise.resolve(hit.data) : new Promise((resolve) => waiters.push({ pred, resolve }));
  };
  return { handle, events, until, count: (name) => events.filter((e) => e.event === name).length };
}
const CONFIG = { learning_rate: 0.02, momentum: 0.9, weight_decay: 5e-4, bias_lr_multiplier: 2, batch_size: 32, dropout: 0, seed: 1 };

test('training reports progress and finite weights; pause stops the loop, resume and stop work', async () => {
  const s = session();
  assert.deepEqual(s.handle.train({ config: CONFIG, epochs: 50 }), { state: 'running' });
  // The first report comes at once, with a held-out score of the random weights.
  const first = s.events.find((e) => e.event === 'metrics').data;
  assert.ok(first.testAccuracy >= 0 && first.testAccuracy < 0.3, `random weights score ${first.testAccuracy}`);
  await s.until((e, d) => e === 'progress' && d.step > 0);
  await s.until((e, d) => e === 'weights' && d.step > 0);
  const m = await s.until((e, d) => e === 'metrics' && d.step > 0 && d.trainLoss !== undefined);
  assert.ok(Number.isFinite(m.trainLoss) && m.trainLoss > 0, `training loss ${m.trainLoss}`);
  assert.ok(m.imagesPerSecond > 0, 'images/s');
  assert.deepEqual(s.handle.pause(), { state: 'paused' });
  const n = s.count('progress');
  // Give a loop that ignored the pause many turns of the event loop to train in.
  for (let k = 0; k < 50; k++) await new Promise((r) => setImmediate(r));
  assert.equal(s.count('progress'), n, 'no training while paused');
  assert.deepEqual(s.handle.resume(), { state: 'running' });
  await s.until((e, d) => e === 'progress' && s.count('progress') > n);
  assert.deepEqual(s.handle.stop(), { state: 'stopped' });
  const w = s.events.filter((e) => e.event === 'weights').at(-1).data.bytes;
  const model = new wasm.Lenet5Model();
  model.load_weights(w); // refuses non-finite weights
  model.free();
  s.handle.close();
});

test('a step size that makes the loss NaN ends the run naming the step size, with finite weights', async () => {
  const s = session();
  s.handle.train({ config: { ...CONFIG, learning_rate: 500 }, epochs: 5 });
  const err = await s.until((e) => e === 'error');
  assert.equal(err.control, 'lr');
  assert.match(err.message, /step size/);
  assert.ok(s.events.some((e) => e.event === 'state' && e.data.state === 'diverged'));
  const w = s.events.filter((e) => e.event === 'weights').at(-1).data.bytes;
  const model = new wasm.Lenet5Model();
  model.load_weights(w);
  const p = model.predict(new Float32Array(784).fill(0.1));
  assert.ok(p.every(Number.isFinite), 'the kept weights predict finite probabilities');
  model.free();
  s.handle.close();
});

test('the unit view: 9 held-out digits with patches and a synthesised input', () => {
  const s = session();
  const r = s.handle.unit({ layer: 3, channel: 2 });
  assert.equal(r.digits.length, 9);
  for (let k = 1; k < 9; k++) assert.ok(r.digits[k].activation <= r.digits[k - 1].activation, 'best first');
  for (const d of r.digits) {
    assert.equal(d.image.length, 784);
    assert.equal(d.field.bottom - d.field.top + 1, 14, 'a conv2 unit sees 14×14 input pixels');
  }
  assert.equal(r.synth.image.length, 784);
  assert.ok(r.synth.activation > r.digits[8].activation, 'the synthesised input excites its unit more than the 9th digit');
  s.handle.close();
});
