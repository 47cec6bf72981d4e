// Worker task "train_skip": the skip station's plain, residual and dense-block stacks trained
// side by side on one toy batch (wasm StackRaceRun, the f32 engine), a slice at a time.
//
// payload.op:
//   'start' {key, config}            → new StackRaceRun(config); returns a snapshot from step 0
//   'step'  {key, until, budgetMs, from}
//                                    → steps until `until` or for about budgetMs ms; returns a
//                                      snapshot with losses from step `from`
//   'free'  {key}                    → drops the run
//   'init'  {config}                 → the three stacks at initialisation, for the station's
//                                      profile figure (nothing kept): {gradNorms, params}
// Snapshot: {steps, losses: Float64Array [plain, residual, dense, …] from `from`,
//            gradNorms: [Float64Array ×3] per layer now, params: {plain, residual, dense}}.

import { runStore } from '../lib/slices.js';

const runs = runStore();

function snapshot(r, from) {
  return { steps: r.steps(), losses: new Float64Array(r.losses_from(from)), gradNorms: r.grad_norms(), params: r.param_counts() };
}

export async function run(wasm, payload, progress) {
  const { op, key = 'default' } = payload || {};
  switch (op) {
    case 'start': {
      runs.drop(key);
      const r = runs.set(key, new wasm.StackRaceRun(payload.config));
      return snapshot(r, 0);
    }
    case 'step': {
      const r = runs.get(key);
      const t0 = performance.now();
      while (r.steps() < payload.until && performance.now() - t0 < (payload.budgetMs ?? 60)) r.step(1);
      progress(r.steps() / payload.until, `Step ${r.steps()}`);
      return snapshot(r, payload.from ?? 0);
    }
    case 'init': {
      const r = new wasm.StackRaceRun(payload.config);
      try {
        return { gradNorms: r.grad_norms(), params: r.param_counts() };
      } finally {
        r.free();
      }
    }
    case 'free': {
      runs.drop(key);
      return true;
    }
    default:
      throw new Error(`train_skip: unknown operation "${op}".`);
  }
}
