// Unit tests for www/stations/params/model.js: reading the six sizes, stepping them with the
// arrow keys, and their URL state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATE, DEFAULTS, readFields, stepCount, pretty, coreArgs, formatRatio } from '../../www/stations/params/model.js';

const typed = (over = {}) => ({ H: '256', W: '256', C: '3', k: '10,000', K: '64', f: '3', ...over });

test('the slide’s sizes read as counts; separators are allowed', () => {
  const r = readFields(typed());
  assert.deepEqual(r.values, DEFAULTS);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(coreArgs(r.values), { height: 256, width: 256, channels: 3, units: 10000, filters: 64, filter_size: 3 });
});

test('every bad field is named with its reason; no values while any is bad', () => {
  const r = readFields(typed({ W: '2.5', C: '', H: '99999999999999999999' }));
  assert.equal(r.values, null);
  assert.deepEqual(r.invalid, ['H', 'W', 'C']);
  assert.equal(r.problems[0], 'Height H must be at most 1,000,000.');
  assert.equal(r.problems[1], 'Width W must be a whole number of at least 1 (not 2.5).');
  assert.match(r.problems[2], /^Channels C: type a whole number/);
});

test('arrow keys step by 1, Shift by the leading power of ten, within 1 … max', () => {
  assert.equal(stepCount('1,000', true, false, 1e9), 1001);
  assert.equal(stepCount('256', true, true, 1e6), 356);
  assert.equal(stepCount('10,000', false, true, 1e9), 1, 'never below 1');
  assert.equal(stepCount('1', false, false, 1e6), 1);
  assert.equal(stepCount('999999', true, true, 1e6), 1e6);
  assert.equal(stepCount('abc', true, false, 1e6), null);
});

test('pretty keeps what it cannot read; formatRatio', () => {
  assert.equal(pretty('10000'), '10,000');
  assert.equal(pretty('ten'), 'ten');
  assert.equal(formatRatio(1097148.4), '1,097,148');
  assert.equal(formatRatio(2.3456), '2.35');
});

test('the URL state clamps to 1 … max and falls back on garbage', () => {
  assert.deepEqual(STATE.parse(''), DEFAULTS);
  const s = STATE.parse('H=28&W=0&C=abc&k=1e12&K=6&f=5');
  assert.deepEqual(s, { H: 28, W: 1, C: 3, k: 1e9, K: 6, f: 5 });
  assert.equal(STATE.serialize(DEFAULTS).toString(), 'H=256&W=256&C=3&k=10000&K=64&f=3');
});
