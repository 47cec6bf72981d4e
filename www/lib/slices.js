// Pure helpers for worker tasks that train in short slices: give queued commands (pause, stop)
// their turn between slices and size each call into the core so it takes about the time aimed
// for (the sessions www/workers/learned.js, lenet5.js), and keep the live runs of one-shot tasks
// between calls (www/workers/train_skip.js, train_mlp.js).

/** Yields to the event loop without setTimeout's 4 ms clamp, so queued commands run between slices. */
export function yieldNow() {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { ch.port1.close(); resolve(); };
    ch.port2.postMessage(null);
  });
}

/**
 * The number of steps for the next call, from `steps` steps that took `ms` milliseconds: scaled
 * towards `targetMs` (at most doubling at once; doubling when the call was too fast to time),
 * a whole number from 1 to `max`.
 */
export function nextCallSize(steps, ms, targetMs, max) {
  const scale = ms > 0 ? Math.min(2, targetMs / ms) : 2;
  return Math.max(1, Math.min(max, Math.round(steps * scale)));
}

/**
 * A task's live runs (wasm objects with free()) by key, kept between one-shot calls.
 * get(key) throws a message for the student when there is none (the page reset it);
 * drop(key) frees and forgets a run, so a start that then fails leaves no freed object behind;
 * set(key, run) keeps a new one (after drop).
 */
export function runStore() {
  const runs = new Map();
  return {
    get(key) {
      const r = runs.get(key);
      if (!r) throw new Error('This training run was reset: press Train to start a new one.');
      return r;
    },
    set(key, run) { runs.set(key, run); return run; },
    drop(key) { runs.get(key)?.free(); runs.delete(key); },
  };
}
