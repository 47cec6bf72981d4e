// Unit tests for www/lib/format.js: every printed number goes through these, so each format
// is pinned here by hand-written expectations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { num, short, cell, thousands, inWords, bytes, sci, percent, sub, sup, pow10 } from '../../www/lib/format.js';
import { parsePrinted } from '../e2e/harness.mjs';

test('num: significant digits, real minus, m·10ᵉ outside 1e-4…1e6, non-finite words', () => {
  assert.equal(num(0.074912), '0.07491');
  assert.equal(num(-1.5), '−1.5');
  assert.equal(num(2), '2');
  assert.equal(num(0), '0');
  assert.equal(num(1.23456e-5), '1.235·10⁻⁵');
  assert.equal(num(-3.2e7, 2), '−3.2·10⁷');
  assert.equal(num(999999), '1·10⁶'); // rounds into the exponent range
  assert.equal(num(0.000099996), '0.0001');
  assert.equal(num(NaN), 'NaN');
  assert.equal(num(Infinity), '∞');
  assert.equal(num(-Infinity), '−∞');
});

test('num output reads back through the e2e parser', () => {
  for (const v of [0.07491, -1.5, 1.235e-5, -3.2e7, 123456]) {
    assert.ok(Math.abs(parsePrinted(num(v)) - v) <= Math.abs(v) * 1e-3, `${v} → ${num(v)}`);
  }
});

test('short: legend and tick labels', () => {
  assert.equal(short(0.5), '0.5');
  assert.equal(short(1 / 3), '0.333');
  assert.equal(short(1 / 3, 4), '0.3333');
  assert.equal(short(-2), '-2');
  assert.equal(short(-2, 3, { unicode: true }), '−2');
  assert.equal(short(123456), '1.2e+5');
  assert.equal(short(0.0001234), '1.2e-4');
  assert.equal(short(0), '0');
  assert.equal(short(-Infinity), '−∞');
});

test('cell: fits a matrix cell', () => {
  assert.equal(cell(-2), '−2');
  assert.equal(cell(1 / 3), '0.33');
  assert.equal(cell(150.4), '150');
  assert.equal(cell(-0.00012), '−1e−4');
  assert.equal(cell(2500), '3e+3');
  assert.equal(cell(0), '0');
});

test('counts, bytes, words, powers', () => {
  assert.equal(thousands(1966080000), '1,966,080,000');
  assert.equal(thousands(12.6), '13');
  assert.equal(inWords(1966090000), '≈ 2.0 billion');
  assert.equal(inWords(999), '');
  assert.equal(bytes(7864360000), '7.9 GB');
  assert.equal(bytes(512), '512 bytes');
  assert.equal(bytes(64000), '64 kB');
  assert.equal(sci(999999), '999,999');
  assert.equal(sci(8.2e11), '8.2\u00a0×\u00a010¹¹');
  assert.equal(percent(0.0123), '1.23\u00a0%');
  assert.equal(percent(0.00123), '0.12\u00a0%');
  assert.equal(percent(0.5), '50.0\u00a0%');
  assert.equal(sub(-1), '₋₁');
  assert.equal(sup(12), '¹²');
  assert.equal(pow10(0), '1');
  assert.equal(pow10(1), '10');
  assert.equal(pow10(-3), '10⁻³');
});
