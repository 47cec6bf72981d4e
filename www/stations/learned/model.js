// Station "Fixed vs learned filters": its state, URL schema, the bank the student picks and the
// kernel they type, and the sentences that report what was measured (DOM-free;
// tests/js/learned.test.mjs). The kernels themselves, the training and every accuracy come
// from the wasm core (FilterRaceRun in the worker, www/workers/learned.js).
import { schema } from '../../lib/state.js';
import { percent, thousands, short } from '../../lib/format.js';
import { parseCell } from '../kernel/model.js';

/**
 * The kernels on offer, as the core builds them (all 5 × 5): Gaussian and LoG at σ = 1 px, Gabor
 * (σ = 1.5 px, wavelength 4 px, aspect 0.6) at eight orientations, Sobel in x and y.
 */
export const CATALOGUE = [
  { id: 'g1', label: 'Gaussian σ = 1', short: 'Gauss', spec: { gaussian: 1 } },
  { id: 'log1', label: 'LoG σ = 1', short: 'LoG', spec: { log: 1 } },
  ...[0, 22.5, 45, 67.5, 90, 112.5, 135, 157.5].map((deg) => ({
    id: `gb${Math.floor(deg)}`, label: `Gabor ${deg}°`, short: `${deg}°`, spec: { gabor: deg },
  })),
  { id: 'sx', label: 'Sobel x', short: 'Sobel x', spec: 'sobel_x' },
  { id: 'sy', label: 'Sobel y', short: 'Sobel y', spec: 'sobel_y' },
];
/** The student's own kernel, when ticked, is the last filter of the bank. */
export const OWN = 'own';
/** The core's default bank: Gaussian, LoG, Gabor at 0°, 45°, 90°, 135°, Sobel x and y. */
export const DEFAULT_BANK = ['g1', 'log1', 'gb0', 'gb45', 'gb90', 'gb135', 'sx', 'sy'];
/** A Laplacian, 3 × 3, as a starting point for the typed kernel. */
export const DEFAULT_KERNEL = ['0', '1', '0', '1', '-4', '1', '0', '1', '0'];

/** The three networks: same architecture, seed and digits; only the first layer differs. */
export const VARIANTS = [
  { id: 'fixed', tag: '(a)', label: 'fixed bank, frozen', color: '#d1495b' },
  { id: 'learned', tag: '(b)', label: 'learned from random', color: '#2458c6' },
  { id: 'from_bank', tag: '(c)', label: 'learned, starting from the bank', color: '#2a9d5b' },
];

export const MAX_SEED = 2 ** 31 - 1;
/** Digits per step (the core's batch). */
export const BATCH = 32;
/** Curve points score the first EVAL_DIGITS held-out digits; the final figure scores all. */
export const EVAL_DIGITS = 500;
export const HELD_OUT = 2000;
/** Below this held-out accuracy a network counts as not having learned (chance is 10 %). */
export const STUCK = 0.2;

const bankIds = new Set([...CATALOGUE.map((k) => k.id), OWN]);

export const STATE = schema([
  { name: 'bank', type: 'list', item: (t) => bankIds.has(t), default: DEFAULT_BANK },
  { name: 'k', type: 'list', lengths: [9, 25], item: (t) => !parseCell(t).error, default: DEFAULT_KERNEL },
  { name: 'nets', type: 'list', item: (t) => VARIANTS.some((v) => v.id === t), default: VARIANTS.map((v) => v.id) },
  { name: 'seed', type: 'int', min: 0, max: MAX_SEED, default: 1 },
  { name: 'steps', type: 'int', min: 20, max: 3000, default: 300 },
  { name: 'digit', type: 'int', min: 0, max: HELD_OUT - 1, default: 0 },
]);

/** "Row 2, column 3" of cell i of a side × side kernel. */
export const cellName = (i, side) => `Row ${Math.floor(i / side) + 1}, column ${(i % side) + 1}`;

/**
 * Reads a whole kernel typed or pasted in one go: numbers separated by spaces, commas,
 * semicolons or new lines (`-1 0 1; -2 0 2; -1 0 1`). Returns {cells} (9 or 25 texts) or {error}.
 */
export function parseKernelText(text) {
  const cells = String(text).trim().split(/[\s,;]+/).filter((t) => t !== '');
  if (cells.length !== 9 && cells.length !== 25) {
    return { error: `has ${cells.length} number${cells.length === 1 ? '' : 's'}: a kernel needs 9 (3×3) or 25 (5×5)` };
  }
  for (const [i, t] of cells.entries()) {
    const r = parseCell(t);
    if (r.error) return { error: `${cellName(i, Math.sqrt(cells.length)).toLowerCase()} ${r.error}` };
  }
  return { cells };
}

/** The 3 × 3 kernel in the middle of a 5 × 5 one (zeros around), or the middle of a 5 × 5. */
export function resizeCells(cells, side) {
  const from = Math.sqrt(cells.length);
  if (from === side) return cells.slice();
  if (side === 5) return Array.from({ length: 25 }, (_, i) => { const r = Math.floor(i / 5), c = i % 5; return r >= 1 && r <= 3 && c >= 1 && c <= 3 ? cells[(r - 1) * 3 + c - 1] : '0'; });
  return Array.from({ length: 9 }, (_, i) => cells[(Math.floor(i / 3) + 1) * 5 + (i % 3) + 1]);
}

/** The station's state: the bank ticked, the typed kernel (last good one), networks, seed… */
export function createModel(initial = STATE.defaults()) {
  const m = {
    bank: CATALOGUE.map((k) => k.id).filter((id) => initial.bank.includes(id)).concat(initial.bank.includes(OWN) ? [OWN] : []),
    cells: initial.k.slice(),
    nets: VARIANTS.map((v) => v.id).filter((id) => initial.nets.includes(id)),
    seed: initial.seed,
    steps: initial.steps,
    digit: initial.digit,
    get side() { return Math.sqrt(m.cells.length); },
    /** Ticks or unticks a bank kernel; refuses to leave the bank empty. Returns {error} or {}. */
    toggle(id, on) {
      if (!bankIds.has(id)) return { error: `There is no kernel "${id}".` };
      const next = new Set(m.bank);
      if (on) next.add(id); else next.delete(id);
      if (!next.size) return { error: 'Keep at least one filter in the bank: the first layer needs one.' };
      m.bank = [...CATALOGUE.map((k) => k.id), OWN].filter((k) => next.has(k));
      return {};
    },
    /** Ticks or unticks a network; at least one must stay. Returns {error} or {}. */
    toggleNet(id, on) {
      const next = new Set(m.nets);
      if (on) next.add(id); else next.delete(id);
      if (!next.size) return { error: 'Train at least one of the three networks.' };
      m.nets = VARIANTS.map((v) => v.id).filter((v) => next.has(v));
      return {};
    },
    /** Takes typed cell texts; returns the problems [{index, message}]. Only a clean kernel replaces the old one. */
    setCells(texts) {
      const side = Math.sqrt(texts.length);
      const problems = [];
      texts.forEach((t, i) => { const r = parseCell(t); if (r.error) problems.push({ index: i, message: `${cellName(i, side)} ${r.error}.` }); });
      if (side !== 3 && side !== 5) problems.push({ index: -1, message: `A kernel is 3×3 or 5×5, not ${texts.length} numbers.` });
      if (!problems.length) m.cells = texts.map((t) => String(t).trim());
      return problems;
    },
    /** Switches the typed kernel between 3 × 3 and 5 × 5 (keeping the middle). */
    setSide(side) { m.cells = resizeCells(m.cells, side); },
    /** The bank as the core reads it: [{gaussian: 1}, …, {custom: [numbers]}]. */
    bankSpec: () => m.bank.map((id) => (id === OWN ? { custom: m.cells.map((t) => parseCell(t).value) } : CATALOGUE.find((k) => k.id === id).spec)),
    /** One short name per filter, in bank order. */
    filterNames: () => m.bank.map((id) => (id === OWN ? 'yours' : CATALOGUE.find((k) => k.id === id).short)),
    /** The settings for `new FilterRaceRun(data, config)`. */
    config: () => ({ bank: m.bankSpec(), variants: m.nets.slice(), seed: m.seed, batch_size: BATCH }),
    /** Steps between two points of the curve: about 12 points whatever the length of the run. */
    evalEvery: () => Math.max(5, Math.round(m.steps / 12)),
    /** A different seed from `random` (a function giving [0, 1)). */
    newSeed(random = Math.random) {
      let s = m.seed;
      while (s === m.seed) s = 1 + Math.floor(random() * (MAX_SEED - 1));
      m.seed = s;
      return s;
    },
    toState: () => ({ bank: m.bank, k: m.cells, nets: m.nets, seed: m.seed, steps: m.steps, digit: m.digit }),
  };
  if (!m.bank.length) m.bank = DEFAULT_BANK.slice();
  return m;
}

const variant = (id) => VARIANTS.find((v) => v.id === id);
/** "(b) learned from random". */
export const variantName = (id) => `${variant(id).tag} ${variant(id).label}`;

/**
 * The measured result, in words: `final` = {step, images, epoch, digits, accuracy: [per net]},
 * `nets` the variant ids in the same order. Only numbers from the core are printed; the one
 * computed here is the difference between two of them.
 */
export function resultSentence(final, nets) {
  const parts = nets.map((id, i) => `${variantName(id)} ${percent(final.accuracy[i])}`);
  const scored = final.digits === HELD_OUT ? `all ${thousands(HELD_OUT)}` : thousands(final.digits);
  // A network still near chance (10 %) has not learned at all; say so, and what to try.
  const stuck = nets.filter((_, i) => final.accuracy[i] < STUCK);
  const stuckNote = stuck.length ? ` ${stuck.map((id) => variant(id).tag).join(' and ')} ${stuck.length > 1 ? 'are' : 'is'} still near chance (10 %): ${stuck.length > 1 ? 'they have' : 'it has'} not learned. Few or very large filters can stall a ReLU network; try New seed, more filters or smaller weights.` : '';
  const head = `After ${thousands(final.step)} steps of ${BATCH} digits (${thousands(final.images)} training digits, ${short(final.epoch, 2)} epochs), accuracy on ${scored} held-out digits: ${parts.join(', ')}.${stuckNote}`;
  const a = nets.indexOf('fixed'), b = nets.indexOf('learned');
  if (a < 0 || b < 0 || stuck.length) return head;
  // Accuracies are counts of digits: the gap is a whole number of digits.
  const gap = Math.round(final.accuracy[b] * final.digits) - Math.round(final.accuracy[a] * final.digits);
  const points = short((100 * Math.abs(gap)) / final.digits, 2);
  const rel = gap === 0 ? 'level with the fixed bank (a): both classify the same number of digits correctly'
    : `${points} point${points === "1" ? "" : "s"} ${gap > 0 ? 'ahead of' : 'behind'} the fixed bank (a): ${thousands(Math.abs(gap))} ${gap > 0 ? 'more' : 'fewer'} of the ${thousands(final.digits)} digits right`;
  return `${head} The learned first layer (b) is ${rel}. Press New seed to see how much of that gap is chance.`;
}

/**
 * Where the accuracy axis starts (%): 0 until there are points after step 0; then a multiple
 * of 5 at least 2 points below the lowest accuracy after step 0, so the differences near the
 * top stay readable (the step-0 point, about chance, then lies below the axis).
 */
export function accuracyFloor(points) {
  const later = points.filter((p) => p.step > 0).flatMap((p) => p.accuracy).filter(Number.isFinite);
  if (!later.length) return 0;
  return Math.max(0, 5 * Math.floor((100 * Math.min(...later) - 2) / 5));
}
