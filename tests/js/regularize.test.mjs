// Unit tests of the regularization station's model (www/stations/regularize/model.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATE, LAMBDA, mergePoint, interpolationWidth, describeWidths } from '../../www/stations/regularize/model.js';

test('the address: out-of-range numbers clamp, unknown enum values fall back', () => {
  const s = STATE.parse('hidden=1e9&act=relu&lr=0.1&epochs=-3&bs=7&lam=-1');
  assert.equal(s.hidden, 200);
  assert.equal(s.act, 'relu');
  assert.equal(s.lr, 0.1);
  assert.equal(s.epochs, '2000');
  assert.equal(s.bs, '1');
  assert.equal(s.lam, 0);
  assert.equal(STATE.parse('lam=5').lam, LAMBDA.max, 'λ clamps to the slider\'s top');
  assert.equal(STATE.serialize(s).get('act'), 'relu');
});

const P = (width, tr, ho) => ({ width, train_error: tr, held_out_error: ho });

test('mergePoint replaces the same width and keeps the widths sorted', () => {
  const pts = [P(4, 0.1, 0.2), P(16, 0, 0.1)];
  const m = mergePoint(pts, P(4, 0.09, 0.19));
  assert.deepEqual(m.map((p) => p.width), [4, 16]);
  assert.equal(m[0].train_error, 0.09);
  assert.deepEqual(mergePoint(pts, P(8, 0.05, 0.15)).map((p) => p.width), [4, 8, 16]);
  assert.equal(pts[0].train_error, 0.1, 'the input is not changed');
});

test('interpolationWidth: the narrowest width with zero training error', () => {
  assert.equal(interpolationWidth([P(4, 0.1, 0.2), P(8, 0, 0.1), P(16, 0, 0.09)]), 8);
  assert.equal(interpolationWidth([P(4, 0.1, 0.2)]), null);
});

test('describeWidths: past the interpolation point, falls / flattens, with the numbers', () => {
  // The standard error is the core's (error_rate_standard_error, tested natively); here a
  // stand-in: 0.61 %, the core's √(0.08·0.92/2000) at 8 % on 2,000 digits.
  const asked = [];
  const standardError = (p) => { asked.push(p); return 0.0061; };
  const opts = { heldOut: 2000, standardError };
  const falls = describeWidths([P(4, 0.1, 0.2), P(8, 0, 0.1), P(16, 0, 0.08), P(32, 0, 0.082)], opts);
  assert.deepEqual(asked, [0.08], 'asked for the lowest held-out error past the interpolation point');
  assert.match(falls, /Training error is 0 from 8 units on, yet held-out error goes from 10\.00 % there to 8\.00 % at 16 units: it still falls/);
  assert.match(falls, /From 16 to 32 units it stays between 8\.00 % and 8\.20 % \(one standard error on 2,000 digits ≈ 0\.61 %\): here the curve flattens/);
  // A wider spread turns "it still falls" into "within one standard error", and a 0.2 % rise
  // over 2·SE into "rises again".
  const wide = describeWidths([P(4, 0.1, 0.2), P(8, 0, 0.1), P(16, 0, 0.08), P(32, 0, 0.082)], { heldOut: 2000, standardError: () => 0.05 });
  assert.match(wide, /to 8\.00 % at 16 units, within one standard error \(5\.00 %\)/);
  const narrow = describeWidths([P(4, 0.1, 0.2), P(8, 0, 0.1), P(16, 0, 0.08), P(32, 0, 0.082)], { heldOut: 2000, standardError: () => 0.0005 });
  assert.match(narrow, /Wider than 16 units it rises again, to 8\.20 % at 32 units/);
  const never = describeWidths([P(4, 0.1, 0.2), P(8, 0, 0.1), P(16, 0, 0.11)], opts);
  assert.match(never, /no wider net does better/);
  const rises = describeWidths([P(4, 0.1, 0.2), P(8, 0, 0.1), P(16, 0, 0.2)], opts);
  assert.match(rises, /rises again, to 20\.00 % at 16 units/);
  assert.match(describeWidths([P(4, 0.1, 0.2), P(8, 0.05, 0.1)], opts), /No width reached 0 training error/);
  assert.match(falls, /lowest at 16 units \(8\.00 %\)/);
});
