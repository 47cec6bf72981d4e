// Unit tests for www/stations/learned/model.js: the URL state (defaults, bad values), the bank
// the student ticks, the typed and pasted kernel, the settings sent to the core, and the
// sentence that reports a run (its numbers checked by hand).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  STATE, CATALOGUE, DEFAULT_BANK, DEFAULT_KERNEL, OWN, createModel, parseKernelText, resizeCells,
  resultSentence, accuracyFloor,
} from '../../www/stations/learned/model.js';

test('the default state is the core\'s default bank, all three networks, seed 1, 300 steps', () => {
  const s = STATE.parse('');
  assert.deepEqual(s.bank, DEFAULT_BANK);
  assert.deepEqual(s.nets, ['fixed', 'learned', 'from_bank']);
  assert.deepEqual([s.seed, s.steps, s.digit], [1, 300, 0]);
  assert.deepEqual(s.k, DEFAULT_KERNEL);
  const m = createModel(s);
  // The same kernels, in the same order, as filter_bank::default_bank().
  assert.deepEqual(m.bankSpec(), [{ gaussian: 1 }, { log: 1 }, { gabor: 0 }, { gabor: 45 }, { gabor: 90 }, { gabor: 135 }, 'sobel_x', 'sobel_y']);
  assert.deepEqual(m.config(), { bank: m.bankSpec(), variants: ['fixed', 'learned', 'from_bank'], seed: 1, batch_size: 32 });
});

test('bad hash values fall back to the defaults or are clamped', () => {
  const s = STATE.parse('bank=g1,nope&k=1,2,3&nets=frozen&seed=-4&steps=1e9&digit=abc');
  assert.deepEqual(s.bank, DEFAULT_BANK, 'an unknown kernel id');
  assert.deepEqual(s.k, DEFAULT_KERNEL, '3 numbers are not a kernel');
  assert.deepEqual(s.nets, ['fixed', 'learned', 'from_bank']);
  assert.deepEqual([s.seed, s.steps, s.digit], [0, 3000, 0]);
  assert.deepEqual(STATE.parse('k=1,NaN,0,0,0,0,0,0,0').k, DEFAULT_KERNEL, 'NaN in a cell');
  // A good address comes back as written.
  const text = 'bank=gb22%2Csx%2Cown&k=0%2C1%2F2%2C0%2C0%2C0%2C0%2C0%2C0%2C-1&nets=learned&seed=7&steps=60&digit=12';
  const m = createModel(STATE.parse(text));
  assert.equal(STATE.serialize(m.toState()).toString(), text);
  assert.deepEqual(m.bankSpec(), [{ gabor: 22.5 }, 'sobel_x', { custom: [0, 0.5, 0, 0, 0, 0, 0, 0, -1] }]);
  assert.deepEqual(m.filterNames(), ['22.5°', 'Sobel x', 'yours']);
});

test('ticking keeps catalogue order and refuses an empty bank or no network', () => {
  const m = createModel();
  assert.deepEqual(m.toggle(OWN, true), {});
  assert.deepEqual(m.toggle('gb22', true), {});
  assert.deepEqual(m.bank, ['g1', 'log1', 'gb0', 'gb22', 'gb45', 'gb90', 'gb135', 'sx', 'sy', OWN]);
  for (const id of [...m.bank].slice(0, -1)) assert.deepEqual(m.toggle(id, false), {});
  assert.deepEqual(m.bank, [OWN]);
  assert.match(m.toggle(OWN, false).error, /at least one filter/);
  assert.deepEqual(m.bank, [OWN]);
  assert.match(m.toggle('zz', true).error, /no kernel "zz"/);
  m.toggleNet('fixed', false); m.toggleNet('from_bank', false);
  assert.match(m.toggleNet('learned', false).error, /at least one/);
  assert.deepEqual(m.nets, ['learned']);
  assert.ok(CATALOGUE.length + 1 <= 16, 'the core takes at most 16 filters');
});

test('a typed kernel with text, NaN or a division by zero is refused and the last good one stays', () => {
  const m = createModel();
  const p = m.setCells(['1', 'abc', '0', '0', 'NaN', '0', '0', '1/0', '0']);
  assert.deepEqual(p.map((q) => q.index), [1, 4, 7]);
  assert.match(p[0].message, /^Row 1, column 2 "abc" is not a number/);
  assert.deepEqual(m.cells, DEFAULT_KERNEL);
  assert.deepEqual(m.setCells(['1', '2', '3', '4', '5', '6', '7']).map((q) => q.index), [-1]);
  assert.deepEqual(m.setCells(Array(25).fill('1/25')), []);
  assert.equal(m.side, 5);
});

test('a pasted kernel is read whole; a wrong count or a bad number says so', () => {
  assert.deepEqual(parseKernelText('-1 0 1; -2 0 2; -1 0 1').cells, ['-1', '0', '1', '-2', '0', '2', '-1', '0', '1']);
  assert.equal(parseKernelText(Array(25).fill('1').join(',\n')).cells.length, 25);
  assert.equal(parseKernelText('1 2 3 4 5 6 7').error, 'has 7 numbers: a kernel needs 9 (3×3) or 25 (5×5)');
  assert.match(parseKernelText('1 2 3 4 x 6 7 8 9').error, /^row 2, column 2 "x" is not a number/);
});

test('switching size keeps the middle: 3×3 → 5×5 adds a ring of zeros, 5×5 → 3×3 takes the centre', () => {
  const k3 = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
  const k5 = resizeCells(k3, 5);
  assert.deepEqual(k5.slice(5, 10), ['0', '1', '2', '3', '0']);
  assert.deepEqual(k5.filter((t) => t !== '0'), k3);
  assert.deepEqual(resizeCells(k5, 3), k3);
});

test('new seed differs from the old one; points are spread over the run', () => {
  const m = createModel();
  const seq = [0, 0, 0.5];
  const s = m.newSeed(() => seq.shift());
  assert.notEqual(s, 1);
  assert.equal(m.seed, s);
  m.steps = 300;
  assert.equal(m.evalEvery(), 25);
  m.steps = 20;
  assert.equal(m.evalEvery(), 5);
});

test('the result sentence prints the core\'s numbers and the gap between (b) and (a)', () => {
  const final = { step: 300, images: 9600, epoch: 1.2, digits: 2000, accuracy: [0.929, 0.9515, 0.948] };
  const text = resultSentence(final, ['fixed', 'learned', 'from_bank']);
  assert.equal(text, 'After 300 steps of 32 digits (9,600 training digits, 1.2 epochs), accuracy on all 2,000 held-out digits: '
    + '(a) fixed bank, frozen 92.9\u00a0%, (b) learned from random 95.2\u00a0%, (c) learned, starting from the bank 94.8\u00a0%. '
    + 'The learned first layer (b) is 2.25 points ahead of the fixed bank (a): 45 more of the 2,000 digits right. Press New seed to see how much of that gap is chance.');
  const behind = resultSentence({ ...final, accuracy: [0.95, 0.94] }, ['fixed', 'learned']);
  assert.match(behind, /is 1 point behind the fixed bank \(a\): 20 fewer of the 2,000 digits right/);
  assert.match(resultSentence({ ...final, accuracy: [0.95, 0.95] }, ['fixed', 'learned']), /level with the fixed bank/);
  assert.doesNotMatch(resultSentence({ ...final, accuracy: [0.9] }, ['learned']), /points/);
  // A network at chance is named, and no gap is computed against it.
  const stuck = resultSentence({ ...final, accuracy: [0.91, 0.12, 0.134] }, ['fixed', 'learned', 'from_bank']);
  assert.match(stuck, /\(b\) and \(c\) are still near chance \(10 %\): they have not learned\./);
  assert.doesNotMatch(stuck, /points/);
  assert.match(resultSentence({ ...final, accuracy: [0.12] }, ['fixed']), /\(a\) is still near chance \(10 %\): it has not learned\./);
});

test('the accuracy axis starts below the lowest point after step 0', () => {
  assert.equal(accuracyFloor([]), 0);
  assert.equal(accuracyFloor([{ step: 0, accuracy: [0.1, 0.09] }]), 0);
  assert.equal(accuracyFloor([{ step: 0, accuracy: [0.1] }, { step: 25, accuracy: [0.83] }, { step: 50, accuracy: [0.91] }]), 80);
  assert.equal(accuracyFloor([{ step: 25, accuracy: [0.01] }]), 0);
});
