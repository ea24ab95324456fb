// Timing helpers: repeated runs, summarised as median / min / p95 (nearest-rank).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
/** A full GC between measured runs, so one run's garbage is not billed to the next. */
export const gc = runInNewContext('gc');

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function summarize(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, median: median(s), min: s[0], p95: percentile(s, 95), max: s[s.length - 1], samples };
}

/**
 * Times `fn(i)` `runs` times after `warmup` unmeasured calls. `prepare(i)` runs untimed before
 * each call and its result is passed to fn. Returns a summary in milliseconds.
 */
export function measure(fn, { runs = 20, warmup = 3, prepare = (i) => i, collect = true } = {}) {
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink ^= touch(fn(prepare(-1 - i)));
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const input = prepare(i);
    if (collect) gc();
    const start = performance.now();
    const result = fn(input);
    samples.push(performance.now() - start);
    sink ^= touch(result);
  }
  if (sink === 0.5) console.log('unreachable'); // keeps results alive so nothing is optimised away
  return summarize(samples);
}

function touch(result) {
  return result === undefined || result === null ? 0 : 1;
}

export const fmtMs = (ms) => (Number.isNaN(ms) ? '–' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`);
export const fmtStats = (s) => `${fmtMs(s.median)} (min ${fmtMs(s.min)}, p95 ${fmtMs(s.p95)}, n=${s.n})`;
