// Pure helpers for a worker session that trains in short slices (www/workers/learned.js,
// www/workers/lenet5.js): give queued commands (pause, stop) their turn between slices, and size
// each call into the core so it takes about the time aimed for.

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
