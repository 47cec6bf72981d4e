// Station "Max over orientations" (part 2 of the filter stations): its URL state and the words
// around the core's rotation-invariance measure (DOM-free; tests/js/orient.test.mjs). The sweep
// itself (six oriented responses, their max, the turned image and the measure) runs in the
// worker (www/workers/orient.js) on the wasm core.
import { schema } from '../../lib/state.js';
import { TYPES, ORIENTED, filterFields, paramsFromState, paramsToState } from '../filters/model.js';

/** Degrees: the six orientations of the RFS bank. */
export const ORIENTATIONS = [0, 30, 60, 90, 120, 150];
/** Degrees the "rotate" button turns the image clockwise: one orientation step. */
export const ROTATION = 30;

/** The address: the oriented filter (f = gabor | edge | bar and its parameters but θ), rot, abs, img. */
export const STATE = schema([
  ...filterFields(ORIENTED, 'gabor').filter((f) => f.name !== 't'),
  { name: 'rot', type: 'bool', default: false },
  { name: 'abs', type: 'bool', default: false },
  { name: 'img', type: 'text', optional: true },
]);

/** The parameters this station shows for a type: the filter's, without θ (the sweep sets it). */
export const sweptParams = (type) => TYPES.find((t) => t.id === type).params.filter((k) => k !== 'theta');

/** The station's state from parsed URL values. */
export function createOrientModel(initial = STATE.defaults()) {
  const { type, params } = paramsFromState(initial);
  const m = {
    type, params, rotated: initial.rot, abs: initial.abs,
    current: () => m.params[m.type],
    toState(sampleId = null) {
      const q = paramsToState(m.type, m.current());
      delete q.t;
      return { ...q, rot: m.rotated, abs: m.abs, img: sampleId };
    },
    /** What the worker needs, beside the image. */
    job: () => ({ type: m.type, params: { ...m.current() }, rotated: m.rotated, abs: m.abs, orientations: ORIENTATIONS, degrees: ROTATION }),
  };
  return m;
}

/** Odd filters change sign when turned by 180°: an edge, or a Gabor whose phase is not 0 or 180°. */
export const isOdd = (type, p) => type === 'edge' || (type === 'gabor' && Math.abs(p.psi) % 180 !== 0);

/** The note under the measure: why the max is (or is not) nearly unchanged. */
export function verdictNote({ invariant }, type, p, abs) {
  if (invariant) return 'The maximum is almost unchanged; what remains is interpolation blur from turning the image. A single orientation changes a lot: its pattern moved to the next map.';
  if (isOdd(type, p) && !abs) return 'Large change: this filter is odd, and turning θ = 150° by 30° gives θ = 180°, the same filter with its sign flipped, which is not in the set. Tick “max of |response|”.';
  return 'Large change: check the radius and σ (a kernel cut off by its window does not turn cleanly).';
}

/** A relative difference as the table prints it: 0.0312 → "3.1 %". */
export const pct = (v) => `${(100 * v).toFixed(1)} %`;
