import { test } from 'node:test';
import assert from 'node:assert/strict';
import { yieldNow, nextCallSize, runStore } from '../../www/lib/slices.js';

test('nextCallSize scales towards the aimed-for time, at most doubling, within 1 … max', () => {
  assert.equal(nextCallSize(10, 5, 10, 50), 20); // half the time aimed for: twice the steps
  assert.equal(nextCallSize(10, 1, 10, 50), 20); // far too fast: still only doubles
  assert.equal(nextCallSize(10, 0, 10, 50), 20); // too fast to time: doubles
  assert.equal(nextCallSize(10, 40, 10, 50), 3); // four times too slow: a quarter, rounded
  assert.equal(nextCallSize(40, 5, 10, 50), 50); // capped at max
  assert.equal(nextCallSize(1, 1000, 8, 64), 1); // never below one step
});

test('yieldNow resolves only after a turn of the event loop, not among the microtasks', async () => {
  let resolved = false;
  const done = yieldNow().then(() => { resolved = true; });
  for (let i = 0; i < 10; i++) await Promise.resolve();
  assert.equal(resolved, false);
  await done;
  assert.equal(resolved, true);
});

test('runStore keeps runs by key, frees a dropped one, and names a missing one for the student', () => {
  const freed = [];
  const run = (name) => ({ name, free() { freed.push(name); } });
  const runs = runStore();
  assert.equal(runs.set('a', run('first')).name, 'first');
  assert.equal(runs.get('a').name, 'first');
  runs.drop('a');
  assert.deepEqual(freed, ['first']);
  assert.throws(() => runs.get('a'), /reset: press Train/);
  runs.drop('a'); // nothing there: no second free
  assert.deepEqual(freed, ['first']);
  runs.set('b', run('second'));
  assert.throws(() => runs.get('a'), /reset/);
  assert.equal(runs.get('b').name, 'second');
});
