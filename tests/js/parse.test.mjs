// Unit tests for www/lib/parse.js: what a typed field accepts, and what it says when it does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNumber, checkNumber, parseCount } from '../../www/lib/parse.js';

test('parseNumber reads decimals, exponents, Unicode minus and fractions', () => {
  assert.deepEqual(parseNumber('-0.5'), { value: -0.5 });
  assert.deepEqual(parseNumber(' 2e-1 '), { value: 0.2 });
  assert.deepEqual(parseNumber('−2'), { value: -2 });
  assert.deepEqual(parseNumber('1/16'), { value: 0.0625 });
  assert.deepEqual(parseNumber('-3 / 4'), { value: -0.75 });
  assert.deepEqual(parseNumber('.5'), { value: 0.5 });
});

test('parseNumber refuses text, NaN, infinities and division by zero with a reason', () => {
  assert.match(parseNumber('').error, /is empty/);
  assert.match(parseNumber('abc').error, /"abc" is not a number/);
  assert.match(parseNumber('NaN').error, /is not a number/);
  assert.match(parseNumber('Infinity').error, /is not a number/);
  assert.match(parseNumber('1/0').error, /divides by zero/);
  assert.match(parseNumber('0/0').error, /0\/0/);
  assert.match(parseNumber('1/2/3').error, /is not a number/);
  assert.match(parseNumber('1e400').error, /not a finite number/);
});

test('parseNumber limits: maxAbs and minAbs', () => {
  assert.match(parseNumber('2e7', { maxAbs: 1e6 }).error, /too large: keep numbers between −1,000,000 and 1,000,000/);
  assert.deepEqual(parseNumber('-1e6', { maxAbs: 1e6 }), { value: -1e6 });
  assert.match(parseNumber('1e-31', { minAbs: 1e-30 }).error, /too small/);
  assert.deepEqual(parseNumber('0', { minAbs: 1e-30 }), { value: 0 });
});

test('checkNumber applies a control’s limits', () => {
  assert.deepEqual(checkNumber(0.5, { min: 0, max: 1 }), { value: 0.5 });
  assert.match(checkNumber(NaN).error, /ordinary number/);
  assert.match(checkNumber(Infinity, { max: 10 }).error, /too large: type a number up to 10/);
  assert.match(checkNumber(2.5, { integer: true }).error, /whole number/);
  assert.match(checkNumber(-1, { min: 0 }).error, /at least 0/);
  assert.match(checkNumber(2e6, { max: 1e6 }).error, /at most 1·10⁶/);
});

test('parseCount reads separators and explains what is not a count', () => {
  assert.deepEqual(parseCount('10,000'), { value: 10000 });
  assert.deepEqual(parseCount('10 000'), { value: 10000 });
  assert.deepEqual(parseCount('10_000'), { value: 10000 });
  assert.match(parseCount('0').error, /at least 1/);
  assert.match(parseCount('99999999999999999999', { max: 1e6 }).error, /at most 1,000,000/);
  assert.match(parseCount('2.5').error, /whole number of at least 1 \(not 2\.5\)/);
  assert.match(parseCount('-7').error, /\(not -7\)/);
  assert.match(parseCount('three').error, /^type a whole number/);
  assert.match(parseCount('').error, /^type a whole number/);
});
