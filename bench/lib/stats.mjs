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

/** Median, min, p95, max of wall-clock samples; with `cpuSamples`, also their median and min. */
export function summarize(samples, cpuSamples) {
  const s = [...samples].sort((a, b) => a - b);
  const out = {
    n: s.length,
    median: median(s),
    min: s[0],
    p95: percentile(s, 95),
    max: s[s.length - 1],
    samples,
  };
  if (cpuSamples) Object.assign(out, { cpuMedian: median(cpuSamples), cpuMin: Math.min(...cpuSamples) });
  return out;
}

/** Process CPU time (user + system, all threads, so GC helpers count), in milliseconds. */
export function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Times `fn(input)` after `warmup` unmeasured calls: at least `minRuns` runs, then more until
 * `budgetMs` of measuring has passed or `maxRuns` is reached. `prepare(i)` runs untimed before each
 * call and its result is the input. A full GC precedes each timed call. Returns milliseconds, wall
 * clock and process CPU time (the CPU figure is steadier when other processes share the cores).
 */
export function measure(
  fn,
  { warmup = 3, minRuns = 10, maxRuns = 50, budgetMs = 10_000, prepare = (i) => i } = {},
) {
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink ^= touch(fn(prepare(-1 - i)));
  const samples = [];
  const cpuSamples = [];
  const started = performance.now();
  for (let i = 0; i < maxRuns && (i < minRuns || performance.now() - started < budgetMs); i++) {
    const input = prepare(i);
    gc();
    const cpu0 = cpuMs();
    const start = performance.now();
    const result = fn(input);
    samples.push(performance.now() - start);
    cpuSamples.push(cpuMs() - cpu0);
    sink ^= touch(result);
  }
  if (sink === 0.5) console.log('unreachable'); // keeps results observable so nothing is optimised away
  return summarize(samples, cpuSamples);
}

function touch(result) {
  return result === undefined || result === null ? 0 : 1;
}

export const fmtMs = (ms) =>
  Number.isNaN(ms)
    ? '–'
    : ms >= 1000
      ? `${(ms / 1000).toFixed(2)} s`
      : ms >= 10
        ? `${ms.toFixed(1)} ms`
        : `${ms.toFixed(2)} ms`;
