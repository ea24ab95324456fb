// Start-up benchmark: whole `ownless` processes, from spawn to exit, beside `node -e 0` in the same run.
// Run after `npm run build` (it needs dist/): `node bench/startup.mjs`; `npm run bench` includes it.
//
//   --runs N            processes per row (default 15; one more per row first, unmeasured)
//   --compare <cli.js>  also measure another build's CLI (e.g. an older commit's dist/cli.js, built in
//                       a worktree) in the same rounds, as rows marked "compare N"; repeatable
//   --check             exit 1 when a target fails
//
// Rows: `node -e 0` (the floor: node's own start), `ownless --version`, `ownless lint` of the example
// app (a small template and its three handlers: tree-sitter loads), of its template alone (no handler
// code: nothing of tree-sitter should load), and of stress/big-sam.yaml (2,000 functions, about 4,000
// findings printed). The lint rows run twice: with the code cache (src/cli/bundles.ts) as a user's
// second run has it, and with OWNLESS_CODE_CACHE=0 (what a first run, or a run after an upgrade, pays).
// The cache is kept in bench/.cache/code-cache (OWNLESS_CACHE_DIR), not the user's.
// Each round runs every row once, in turn, so load from other work on the machine falls on all rows
// alike. Output goes to a pipe, as in CI. The Markdown section goes to stdout, progress to stderr.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIG_SAM } from './lib/big-sam.mjs';
import { fmtMs, percentile } from './lib/stats.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const CACHE = join(ROOT, 'bench', '.cache');
const argv = process.argv.slice(2);
const option = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const RUNS = Number(option('--runs') ?? 15);
const COMPARE = argv.flatMap((a, i) => (argv[i - 1] === '--compare' ? [resolve(a)] : []));
const CHECK = argv.includes('--check');
const log = (s) => process.stderr.write(`${s}\n`);

if (!existsSync(CLI)) {
  log('dist/cli.js is missing: run `npm run build` first.');
  process.exit(2);
}

// The example's template alone, in a folder of its own: a template-only lint.
const TEMPLATE_ONLY = join(CACHE, 'startup', 'template-only');
mkdirSync(TEMPLATE_ONLY, { recursive: true });
copyFileSync(join(ROOT, 'examples', 'orders-app', 'template.yaml'), join(TEMPLATE_ONLY, 'template.yaml'));
const CODE_CACHE = join(CACHE, 'code-cache');
rmSync(CODE_CACHE, { recursive: true, force: true });

const TARGETS = { version: 100, small: 150, big: 300 };
const cached = { OWNLESS_CACHE_DIR: CODE_CACHE };
const uncached = { OWNLESS_CODE_CACHE: '0' };

/** A lint that ran exits 0, or 1 for a finding at error severity; 2 or a crash means it did not run. */
const LINTED = [0, 1];

/** One row: a command line, its environment, the exit codes it may end with, its target. */
const rows = [{ label: '`node -e 0`', args: ['-e', '0'], status: 0 }];
for (const [tag, cli] of [['', CLI], ...COMPARE.map((c, i) => [` (compare ${i + 1})`, c])]) {
  const ownless = (label, args, status, extra = {}) =>
    rows.push({
      label: `${label}${tag}`,
      args: [cli, ...args],
      status,
      compare: cli !== CLI,
      ...extra,
    });
  ownless('`ownless --version`', ['--version'], 0, { target: TARGETS.version });
  ownless('`ownless lint examples/orders-app`', ['lint', 'examples/orders-app'], LINTED, {
    target: TARGETS.small,
    env: cached,
  });
  if (cli === CLI)
    ownless('↳ without the code cache', ['lint', 'examples/orders-app'], LINTED, {
      env: uncached,
    });
  ownless('`ownless lint` of its template alone', ['lint', TEMPLATE_ONLY], LINTED, {
    env: cached,
  });
  ownless('`ownless lint big-sam.yaml` (generated)', ['lint', BIG_SAM], LINTED, {
    target: TARGETS.big,
    env: cached,
  });
  if (cli === CLI)
    ownless('↳ without the code cache', ['lint', BIG_SAM], LINTED, {
      env: uncached,
    });
}

function spawnRow(row) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, row.args, {
    cwd: ROOT,
    env: { ...process.env, ...row.env },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t0;
  if (![row.status].flat().includes(r.status))
    throw new Error(`${row.label}: exit ${r.status ?? r.signal}, expected ${row.status}\n${r.stderr}`);
  return ms;
}

log(`Start-up: ${rows.length} rows × ${RUNS} processes (+1 unmeasured each), interleaved`);
const loadStart = loadavg()[0];
for (const row of rows) {
  spawnRow(row); // warms the file cache and writes the code cache
  row.times = [];
}
for (let i = 0; i < RUNS; i++) for (const row of rows) row.times.push(spawnRow(row));
const loadEnd = loadavg()[0];

const stats = (times) => {
  const s = [...times].sort((a, b) => a - b);
  return { median: percentile(s, 50), min: s[0], p95: percentile(s, 95) };
};
for (const row of rows) row.stats = stats(row.times);
const floor = rows[0].stats.median;
// --check judges this build only: compared builds are there for reference.
const failed = rows.filter((r) => !r.compare && r.target !== undefined && r.stats.median > r.target);

const md = [
  '## Start-up (`node bench/startup.mjs`)',
  '',
  `Whole processes, spawn to exit, output to a pipe; ${RUNS} runs per row after one unmeasured, rows interleaved. ` +
    `node ${process.version}, ${cpus().length} cores, load average ${loadStart.toFixed(1)} at start, ${loadEnd.toFixed(1)} at end` +
    (Math.max(loadStart, loadEnd) > cpus().length
      ? ' (a shared machine: min is steadier than median).'
      : '.') +
    ' The code cache rows reuse a V8 code cache of the lint bundle made by the unmeasured run; "without" is a first run.',
  '',
  '| command | median | min | p95 | over `node -e 0` | target | result |',
  '| --- | --: | --: | --: | --: | --- | --- |',
  ...rows.map((r) => {
    const over = r === rows[0] ? '' : `+${fmtMs(r.stats.median - floor)}`;
    const target = r.target === undefined ? '' : `≤ ${r.target} ms`;
    const result = r.target === undefined ? '' : r.stats.median <= r.target ? 'PASS' : '**FAIL**';
    return `| ${r.label} | ${fmtMs(r.stats.median)} | ${fmtMs(r.stats.min)} | ${fmtMs(r.stats.p95)} | ${over} | ${target} | ${result} |`;
  }),
  '',
];
process.stdout.write(`${md.join('\n')}\n`);
if (CHECK && failed.length) process.exitCode = 1;
