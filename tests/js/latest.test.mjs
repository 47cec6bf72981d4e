// Unit tests for www/lib/latest.js: one job at a time, only the newest waiting request runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latestOnly } from '../../www/lib/latest.js';

test('requests made while a job runs collapse to the newest', async () => {
  const started = [];
  let release;
  const request = latestOnly((n) => { started.push(n); return new Promise((r) => { release = () => r(n * 10); }); });
  const a = request(1), b = request(2), c = request(3);
  assert.deepEqual(started, [1], 'only the first starts at once');
  release();
  assert.deepEqual(await a, { done: true, value: 10 });
  assert.deepEqual(await b, { done: false }, 'replaced before it started');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(started, [1, 3]);
  release();
  assert.deepEqual(await c, { done: true, value: 30 });
});

test('a failing job reports its error and the next request still runs', async () => {
  const request = latestOnly(async (n) => { if (n === 1) throw new Error('bad'); return n; });
  const r1 = await request(1);
  assert.equal(r1.error.message, 'bad');
  assert.deepEqual(await request(2), { done: true, value: 2 });
});
