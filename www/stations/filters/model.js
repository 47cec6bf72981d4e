// The filter stations' shared model (DOM-free; tests/js/filters.test.mjs): the filter types and
// their parameters, the URL fields that hold them, the working image, and the notes a kernel
// earns. Used by "Filters as features" (this folder), the orientation sweep (../orient/) and,
// for the working image, MR8 (../mr8/). The kernels themselves are the wasm core's.
import { schema } from '../../lib/state.js';
import { areaResample, fitWithin } from '../../lib/resample.js';
import { short } from '../../lib/format.js';

/** px: the working image is scaled down to at most this side (every station the same). */
export const MAX_SIDE = 512;
export const BORDER = 'reflect';
const DEG = Math.PI / 180;

export const TYPES = [
  { id: 'gaussian', label: 'Gaussian (blur)', params: ['sigma', 'radius'] },
  { id: 'log', label: 'Laplacian of Gaussian (blobs)', params: ['sigma', 'radius'] },
  { id: 'gabor', label: 'Gabor (oriented stripes)', params: ['sigma', 'theta', 'lambda', 'gamma', 'psi', 'radius'], oriented: true },
  { id: 'edge', label: 'RFS edge (1st derivative)', params: ['sigma', 'theta', 'radius'], oriented: true },
  { id: 'bar', label: 'RFS bar (2nd derivative)', params: ['sigma', 'theta', 'radius'], oriented: true },
];
export const ORIENTED = TYPES.filter((t) => t.oriented).map((t) => t.id);

/**
 * The parameters: slider span (min, max, step), what a typed value may be (limits), the unit
 * and the URL field (hash). The radius's upper limit is the core's (station_constants).
 */
export const PARAMS = {
  sigma: { label: 'σ scale', min: 0.5, max: 12, step: 0.1, limits: [0.1, 100], unit: 'px', hash: 's' },
  theta: { label: 'θ orientation', min: 0, max: 180, step: 1, limits: [-360, 360], unit: '°', hash: 't' },
  lambda: { label: 'λ wavelength', min: 2, max: 40, step: 0.5, limits: [0.5, 400], unit: 'px', hash: 'l' },
  gamma: { label: 'γ aspect', min: 0.2, max: 3, step: 0.05, limits: [0.05, 20], unit: '', hash: 'g' },
  psi: { label: 'ψ phase', min: -180, max: 180, step: 5, limits: [-360, 360], unit: '°', hash: 'p' },
  radius: { label: 'radius', min: 1, max: 40, step: 1, limits: [1, 200], unit: 'px', hash: 'r', integer: true },
};
export const DEFAULTS = {
  gaussian: { sigma: 2, radius: 6 },
  log: { sigma: 3, radius: 10 },
  gabor: { sigma: 4, theta: 30, lambda: 10, gamma: 0.5, psi: 0, radius: 24 },
  edge: { sigma: 2, theta: 30, radius: 18 },
  bar: { sigma: 2, theta: 30, radius: 18 },
};
export const FORMULAS = {
  gaussian: 'G(x, y) ∝ exp(−(x² + y²) / 2σ²),   scaled so that Σ G = 1\nA weighted average: blurs away detail smaller than about σ.',
  log: 'LoG(x, y) ∝ (x² + y² − 2σ²)/σ⁴ · exp(−(x² + y²) / 2σ²),   shifted to Σ = 0, scaled to Σ|·| = 1\nA second derivative: responds to blobs about 2.8σ across (dark blobs > 0, bright < 0).',
  gabor: 'g(x, y) = exp(−(x′² + γ²y′²) / 2σ²) · cos(2π x′/λ + ψ)\nx′ = x cosθ + y sinθ,  y′ = −x sinθ + y cosθ.  θ points across the stripes; y grows down, so θ turns clockwise.\nWith ψ = 0 the kernel has Σ ≠ 0, so bright flat areas respond too; ψ = ±90° gives an odd kernel with Σ = 0.',
  edge: 'edge = G₀(3σ, u) · G₁(σ, v),   u = x cosθ + y sinθ (along),  v = x sinθ − y cosθ (across)\nSmooth along u, first derivative across it; zero-mean, Σ|·| = 1 (Varma & Zisserman’s RFS). θ turns clockwise.',
  bar: 'bar = G₀(3σ, u) · G₂(σ, v),   u = x cosθ + y sinθ (along),  v = x sinθ − y cosθ (across)\nSmooth along u, second derivative across it: dark lines about 2σ wide respond > 0; zero-mean, Σ|·| = 1.',
};

/**
 * The URL fields of a filter choice: f = the type (one of `types`), then one optional number
 * per parameter (left out → the type's default). Stations add their own fields after these.
 */
export function filterFields(types = TYPES.map((t) => t.id), fallback = 'gabor') {
  return [
    { name: 'f', type: 'enum', values: types, default: fallback },
    ...Object.values(PARAMS).map((p) => ({ name: p.hash, type: 'number', min: p.limits[0], max: p.limits[1], optional: true })),
  ];
}

/** This station's address: the filter, and img = the sample shown. */
export const STATE = schema([...filterFields(), { name: 'img', type: 'text', optional: true }]);

/**
 * The parameters of every type: the defaults, with the chosen type's overridden by what the
 * address holds (the radius rounded: it counts pixels). Returns { type, params: {type → p} }.
 */
export function paramsFromState(state) {
  const params = Object.fromEntries(Object.entries(DEFAULTS).map(([k, v]) => [k, { ...v }]));
  const type = state.f;
  for (const key of TYPES.find((t) => t.id === type).params) {
    const v = state[PARAMS[key].hash];
    if (v !== null && v !== undefined) params[type][key] = key === 'radius' ? Math.round(v) : v;
  }
  return { type, params };
}

/** The address fields of one type's parameters: { f, s, t, … } (the others left out). */
export function paramsToState(type, p) {
  const out = { f: type };
  for (const key of TYPES.find((t) => t.id === type).params) out[PARAMS[key].hash] = p[key];
  return out;
}

/** Builds the kernel for `type` with parameters `p` (angles in degrees); throws the core's message. */
export function makeKernel(wasm, type, p) {
  switch (type) {
    case 'gaussian': return wasm.gaussian_kernel(p.sigma, p.radius);
    case 'log': return wasm.log_kernel(p.sigma, p.radius);
    case 'gabor': return wasm.gabor_kernel(p.sigma, p.theta * DEG, p.lambda, p.gamma, p.psi * DEG, p.radius);
    case 'edge': return wasm.edge_kernel(p.sigma, p.theta * DEG, p.radius);
    case 'bar': return wasm.bar_kernel(p.sigma, p.theta * DEG, p.radius);
    default: throw new Error(`Unknown filter type "${type}".`);
  }
}

/**
 * The image the filter stations work on: the shared image's grey values (0..1), area-averaged
 * down to at most MAX_SIDE px a side. `current` = images.current(), `gray` = images.gray().
 * Returns { width, height, data, name, from } (from: the original size when scaled, else null).
 */
export function workingImage(current, gray) {
  if (!current || !gray) return null;
  const fit = fitWithin(gray.width, gray.height, MAX_SIDE);
  if (!fit.scaled) return { width: gray.width, height: gray.height, data: gray.data, name: current.name, from: null };
  return {
    width: fit.width, height: fit.height, data: areaResample(gray, fit.width, fit.height),
    name: current.name, from: { width: gray.width, height: gray.height },
  };
}

/** The caption of the working image. */
export const workingCaption = (w) => `${w.name}, grey, ${w.width} × ${w.height} px` +
  (w.from ? ` (scaled down from ${w.from.width} × ${w.from.height} for speed)` : '');

/** Σk and Σ|k| of a kernel, for its caption. */
export function kernelSums(k) {
  let sum = 0, l1 = 0;
  for (const v of k) { sum += v; l1 += Math.abs(v); }
  return { sum, l1 };
}

/**
 * A note when the window cuts the filter off: its Gaussian envelope reaches about 3 standard
 * deviations (of the 3σ along-axis Gaussian for edge and bar; σ/γ across a Gabor's stripes),
 * and a radius under 2.5 of them truncates it visibly. '' when the radius is wide enough.
 */
export function truncationNote(type, p) {
  const rfs = type === 'edge' || type === 'bar';
  const reach = rfs ? 3 * p.sigma : p.sigma * (type === 'gabor' ? Math.max(1, 1 / p.gamma) : 1);
  if (!(p.radius < 2.5 * reach)) return '';
  return `The radius cuts the filter off: its Gaussian envelope reaches about ${short(3 * reach, 1)} px (3 standard deviations${rfs ? ' of the 3σ along-axis Gaussian' : ''}).`;
}

/** How the core computed a response, in words. */
export const METHOD_WORDS = { direct: 'direct sums', separable: 'two 1D passes (separable kernel)', fft: 'FFT' };
