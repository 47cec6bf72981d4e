// Skip-connection station, DOM-free: the URL schema, the dense block's diagram geometry, and
// the plain-words reading of the gradient profiles (whose numbers come from the core).
import { schema } from '../../lib/state.js';
import { num } from '../../lib/format.js';

/** Width n of every stack (the core's default). */
export const WIDTH = 16;
export const COLORS = { plain: '#c4374b', residual: '#2458c6', dense: '#7c3aed' };

export const STATE = schema([
  { name: 'depth', type: 'int', min: 2, max: 100, default: 30 },
  { name: 'act', type: 'enum', values: ['tanh', 'relu'], default: 'tanh' },
  { name: 'gain', type: 'number', min: 0.25, max: 2, default: 1 },
  { name: 'seed', type: 'int', min: 1, max: 50, default: 1 },
  { name: 'k', type: 'int', min: 1, max: 32, default: 8 },
]);

/** A plot's drawn size: at most 440 × 300 CSS px, and no wider than it is shown (≥ 260), so its
 * 12 px ticks stay 12 px on a phone instead of being scaled down with the canvas. At least 260 px
 * high: the legend's lines keep their height, and the curves' headroom leaves them that much. */
export function plotSize(shownWidth) {
  const width = Math.round(Math.min(440, Math.max(260, shownWidth || 440)));
  return { width, height: Math.max(260, Math.round((width * 300) / 440)) };
}

/** The whole numbers a … b (empty when b < a): a plot's layer or step axis. */
export const range = (a, b) => Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);

/** The settings object the wasm calls take. */
export const coreConfig = (s) => ({ depth: s.depth, activation: s.act, gain: s.gain, seed: s.seed, growth: s.k, width: WIDTH });

/** yMax on a log axis leaving the top `frac` of the plot free for the legend. */
export function headroom(series, frac) {
  const vals = series.flatMap((t) => t.ys.filter((y) => Number.isFinite(y) && y > 0));
  if (!vals.length) return undefined;
  const lo = Math.log10(Math.min(...vals)), hi = Math.log10(Math.max(...vals));
  const span = Math.max(hi - lo, 1);
  return 10 ** (hi + (span * frac) / (1 - frac));
}

/**
 * The dense block drawn for depth L and growth k: one column per feature map x₀ … x_L, its
 * channel count (x₀ has n, each later one k more), and the arrows from every earlier map into
 * layer l. At most `maxShown` layers are drawn; deeper blocks show the first ones and say so.
 */
export function denseDiagram(depth, k, { n = WIDTH, maxShown = 6 } = {}) {
  const shown = Math.min(depth, maxShown);
  const maps = Array.from({ length: shown + 1 }, (_, l) => ({ index: l, channels: n + l * k, added: l === 0 ? n : k }));
  const arrows = [];
  for (let l = 0; l < shown; l++) for (let j = 0; j <= l; j++) arrows.push({ from: j, to: l + 1 });
  return { maps, arrows, shown, hidden: depth - shown, outChannels: n + depth * k };
}

/** Sentences on the profile: vanishing or exploding plain signal, the residual one. */
export function verdict(sp, sr, residualMaxAct) {
  const words = [];
  if (sp < 1e-2) words.push(`Vanishing gradients: in the plain net the signal shrinks ${num(1 / sp, 3)}-fold on its way down, so the first layers hardly learn.`);
  else if (sp > 1e2) words.push(`Exploding gradients: in the plain net the signal grows ${num(sp, 3)}-fold on its way down.`);
  else words.push('At this depth and gain the plain net\'s gradient signal neither vanishes nor explodes much: try depth 100 or gain 0.5.');
  if (residualMaxAct > 1e3) words.push(`The residual sum hₗ + f(Wₗ hₗ) keeps growing (‖h‖ reaches ${num(residualMaxAct, 3)}); real ResNets add batch normalization to hold it in check.`);
  else if (sr >= 0.1 && sr <= 10) words.push('The skip connection carries the gradient straight down: the residual net\'s signal stays within a factor 10.');
  else if (sr > 10) words.push(`In the residual net the gradient paths add up instead of multiplying away: its signal even grows ${num(sr, 3)}-fold toward the input.`);
  return words.join(' ');
}
