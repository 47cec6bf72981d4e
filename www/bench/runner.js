// Runs benchmark cases (www/bench/cases/*.js, interface in /work/notes/bench.md and the README):
// warm-up, then rounds in which every contender of a case runs once, in an order that rotates
// from round to round (so a slow drift of the machine hits everyone alike); the median per
// contender; outputs compared; ratios against the case's first (reference) contender.

/** Median of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Largest |a[i] − b[i]| over `channels` of every `stride` values (default: all values). */
export function maxAbsDiff(a, b, { stride = 1, channels = stride } = {}) {
  if (a.length !== b.length) throw new Error(`outputs differ in length: ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i += stride) {
    for (let c = 0; c < channels; c++) {
      const d = Math.abs(a[i + c] - b[i + c]);
      if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
    }
  }
  return worst;
}

const yieldToPage = () => new Promise((r) => setTimeout(r, 0));

/** One run's time in ms: wall time, or the `{ ms }` a run measured itself (page start-up). */
async function timeOnce(run) {
  const t0 = performance.now();
  let r = run();
  if (r && typeof r.then === 'function') r = await r;
  const wall = performance.now() - t0;
  return r && typeof r.ms === 'number' ? r.ms : wall;
}

/**
 * Runs one case module; resolves to its result record:
 * `{ id, title, unit, contenders: [{ name, peer, medianMs, minMs, runs, perSecond?, ratio?,
 *   maxDiff?, note? }], facts, notes, target }`.
 */
export async function runCase(id, mod, ctx, { log = () => {}, reps: defaultReps = 15, warm: defaultWarm = 3 } = {}) {
  const setup = await mod.setup(ctx);
  const record = { id, title: mod.title, notes: setup.notes || [], facts: setup.facts || [], target: null, contenders: [] };
  try {
    const contenders = (setup.contenders || []).filter(Boolean);
    const reps = Math.max(10, setup.reps || defaultReps);
    const warm = setup.warm ?? defaultWarm;
    for (const c of contenders) {
      for (let i = 0; i < (c.warm ?? warm); i++) await timeOnce(c.run);
      await yieldToPage();
    }
    const times = contenders.map(() => []);
    for (let round = 0; round < reps; round++) {
      for (let k = 0; k < contenders.length; k++) {
        const i = (k + round) % contenders.length;
        if (times[i].length >= (contenders[i].reps ?? reps)) continue;
        times[i].push(await timeOnce(contenders[i].run));
      }
      await yieldToPage();
    }
    const ref = contenders[0];
    const refOut = ref && ref.output ? await ref.output() : null;
    for (const [i, c] of contenders.entries()) {
      const medianMs = median(times[i]);
      const row = { name: c.name, peer: Boolean(c.peer), medianMs, minMs: Math.min(...times[i]), runs: times[i].length };
      if (setup.per) row.perSecond = (setup.per.count * 1000) / medianMs;
      if (i > 0) row.ratio = medianMs / median(times[0]);
      // Against the case's reference output, or the contender's own oracle (`against`).
      const expected = c.against || (i > 0 ? refOut : null);
      if (c.output && expected) {
        row.maxDiff = (c.compare || setup.compare || maxAbsDiff)(expected, await c.output());
      }
      if (c.note) row.note = c.note;
      record.contenders.push(row);
    }
    if (setup.per) record.per = setup.per;
    // A target judged on this run's figures: { text, met }.
    if (setup.target) record.target = setup.target(record.contenders);
  } finally {
    if (setup.teardown) await setup.teardown();
  }
  log(formatCase(record));
  return record;
}

const fmtMs = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const fmtDiff = (d) => (d === undefined ? '' : d === 0 ? '0' : d < 1e-3 ? d.toExponential(1) : String(+d.toPrecision(3)));

/** A case as text: one line per contender (median, min, runs, ratio, largest difference). */
export function formatCase(rec) {
  const lines = [`\n${rec.title}`];
  const width = Math.max(10, ...rec.contenders.map((c) => c.name.length));
  for (const c of rec.contenders) {
    const rate = c.perSecond ? `  ${c.perSecond.toFixed(0)} ${rec.per.noun}/s` : '';
    const ratio = c.ratio === undefined ? '  (reference)'
      : !c.peer ? `  ${c.ratio.toFixed(2)}× the reference's time`
        : c.ratio >= 1 ? `  ConvLab ${c.ratio.toFixed(1)}× faster` : `  ConvLab ${(1 / c.ratio).toFixed(2)}× slower`;
    const diff = c.maxDiff === undefined ? '' : `  max |Δ| ${fmtDiff(c.maxDiff)}`;
    lines.push(`  ${c.name.padEnd(width)}  ${fmtMs(c.medianMs).padStart(7)} ms (min ${fmtMs(c.minMs)}, n=${c.runs})${rate}${ratio}${diff}${c.note ? `  [${c.note}]` : ''}`);
  }
  for (const f of rec.facts) lines.push(`  ${f.name}: ${f.value}${f.unit ? ' ' + f.unit : ''}`);
  if (rec.target) lines.push(`  target: ${rec.target.text} → ${rec.target.met ? 'met' : 'MISSED'}`);
  for (const n of rec.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}
