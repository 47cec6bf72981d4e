// Unit tests for www/lib/state.js: the URL-state schema parses, clamps and serialises the same
// way for every station.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schema } from '../../www/lib/state.js';

const S = schema([
  { name: 'n', type: 'int', min: 8, max: 64, default: 12 },
  { name: 'lr', type: 'number', min: 1e-4, max: 10, default: 0.1 },
  { name: 'mode', type: 'enum', values: ['valid', 'same'], default: 'valid' },
  { name: 'on', type: 'bool', default: false },
  { name: 'w', type: 'list', lengths: [3, 5], item: (t) => Number.isFinite(Number(t)), default: ['1', '-2', '1'] },
  { name: 'img', type: 'text', optional: true, valid: (t) => /^[a-z]+$/.test(t) },
]);

test('missing fields take their defaults (fresh copies of lists)', () => {
  const a = S.parse(new URLSearchParams(''));
  assert.deepEqual(a, { n: 12, lr: 0.1, mode: 'valid', on: false, w: ['1', '-2', '1'], img: null });
  a.w.push('9');
  assert.deepEqual(S.parse('').w, ['1', '-2', '1'], 'the default was not shared');
});

test('numbers are clamped to their limits and ints rounded; garbage falls back to the default', () => {
  assert.equal(S.parse('n=99').n, 64);
  assert.equal(S.parse('n=-5').n, 8);
  assert.equal(S.parse('n=20.6').n, 21);
  assert.equal(S.parse('n=abc').n, 12);
  assert.equal(S.parse('n=').n, 12);
  assert.equal(S.parse('n=Infinity').n, 12);
  assert.equal(S.parse('lr=1e9').lr, 10);
  assert.equal(S.parse('lr=0.5').lr, 0.5);
  assert.equal(S.parse('lr=NaN').lr, 0.1);
});

test('enums, bools, lists and texts are checked', () => {
  assert.equal(S.parse('mode=same').mode, 'same');
  assert.equal(S.parse('mode=full').mode, 'valid');
  assert.equal(S.parse('on=1').on, true);
  assert.equal(S.parse('on=false').on, false);
  assert.equal(S.parse('on=maybe').on, false);
  assert.deepEqual(S.parse('w=1,2,3,4,5').w, ['1', '2', '3', '4', '5']);
  assert.deepEqual(S.parse('w=1,2').w, ['1', '-2', '1'], 'a length not offered');
  assert.deepEqual(S.parse('w=1,x,3').w, ['1', '-2', '1'], 'an item that fails its check');
  assert.equal(S.parse('img=coffee').img, 'coffee');
  assert.equal(S.parse('img=../etc').img, null);
});

test('serialize writes declared order, leaves out null optionals, and round-trips', () => {
  const v = { n: 16, lr: 0.25, mode: 'same', on: true, w: ['1/3', '1/3', '1/3'], img: null };
  const p = S.serialize(v);
  assert.equal(p.toString(), 'n=16&lr=0.25&mode=same&on=1&w=1%2F3%2C1%2F3%2C1%2F3');
  const back = schema([...S.fields.slice(0, 4), { name: 'w', type: 'list', default: [] }, S.fields[5]]).parse(p);
  assert.deepEqual(back, v);
  assert.equal(S.serialize({ ...v, img: 'coffee' }).get('img'), 'coffee');
});

test('a plain object is read like URLSearchParams', () => {
  assert.equal(S.parse({ n: '40', mode: 'same' }).n, 40);
});

test('a schema with a mistake fails when it is declared', () => {
  assert.throws(() => schema([{ name: 'x', type: 'float', default: 1 }]), /unknown type/);
  assert.throws(() => schema([{ name: 'x', type: 'int' }]), /needs a default/);
  assert.throws(() => schema([{ name: 'x', type: 'enum', values: ['a'], default: 'b' }]), /not one of its values/);
  assert.throws(() => schema([{ name: 'x', type: 'int', default: 1 }, { name: 'x', type: 'int', default: 2 }]), /declared twice/);
});
