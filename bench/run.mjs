// Ownless benchmark suite: `npm run bench` (builds dist/cli.js first), or `node bench/run.mjs`.
//
//   --quick   skip cfn-lint (the full run spends about four minutes in it)
//   --check   exit 1 when a target fails
//   --core    only the core (a) and (b); otherwise the other suites follow, each in its own process:
//             code.mjs (handler code), lsp.mjs (language server), invoke.mjs (local runtime),
//             vscode.mjs (activation in code-server; needs `bash test/e2e/setup.sh` once)
//
// (a) big-sam.yaml (generated: lib/big-sam.mjs): cold lint, re-lint after a one-line edit, bare parses (ours, js-yaml,
//     yaml), peak RSS in a child process, the bundled CLI end to end, cfn-lint once.
// (b) every template in the shared corpus (CLI selection rule): Ownless lint, bare parses, cfn-lint.
// Progress goes to stderr; the Markdown table goes to stdout and bench/results.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT, buildCore, loadCore } from './lib/build-core.mjs';
import { BIG_SAM } from './lib/big-sam.mjs';
import { selectCorpus } from './lib/corpus.mjs';
import { HEAVY, measureColdLint, measureRelint } from './lib/big-sam-loops.mjs';
import { cfnLintVersion, cfnNote, runCfnLint } from './lib/cfn-lint.mjs';
import { cpuMs, fmtMs, gc, measure, median, summarize } from './lib/stats.mjs';

const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const CHECK = args.has('--check');
let suitesFailed = false;
const CACHE = join(ROOT, 'bench', '.cache');

const TARGETS = {
  coldLint: { label: 'big-sam cold lint', limit: 60, unit: 'ms' },
  relint: { label: 'big-sam re-lint after a one-line edit', limit: 16, unit: 'ms' },
  rss: { label: 'peak RSS, Ownless lint of big-sam (child process)', limit: 150, unit: 'MB' },
  patternMedian: { label: 'median per serverless-patterns template', limit: 1, unit: 'ms' },
};

const log = (s) => process.stderr.write(`${s}\n`);
const mb = (kb) => (kb * 1024) / 1e6;
const fmtMB = (kb) => `${mb(kb).toFixed(1)} MB`;
const fmtKB = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;

// ---------------------------------------------------------------------------------------------
// Setup

const machine = {
  cpu: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
  memory: `${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  node: process.version,
  cfnLint: cfnLintVersion() ?? 'not found',
  commit: tryRun('git', ['rev-parse', '--short', 'HEAD'], ROOT) ?? 'unknown',
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  loadStart: loadavg()[0],
};
const cfnAvailable = machine.cfnLint !== 'not found';

log(
  `Ownless bench — ${machine.cpu}, node ${machine.node}, ${machine.cfnLint}${QUICK ? ' (--quick: cfn-lint skipped)' : ''}`,
);
await buildCore();
const core = loadCore();
const config = core.resolveConfig({});
const results = { machine, quick: QUICK, bigSam: {}, corpus: {} };

// ---------------------------------------------------------------------------------------------
// (a) big-sam.yaml

const bigText = readFileSync(BIG_SAM, 'utf8');
const big = results.bigSam;
big.bytes = Buffer.byteLength(bigText);
// The setup and measurement blocks below are functions, not bare blocks: with top-level await, a
// bare block's variables live in the module's context to the end of the run, and a lint of big-sam
// held that way (16 MB more live heap) made every later measurement slower (cold lint ~20%,
// re-lint ~30%) through the garbage collector's heuristics.
(() => {
  const doc = core.parseTemplate(bigText, BIG_SAM, config.limits);
  const lint = core.lintText(bigText, BIG_SAM, config);
  big.functions = lint.model.functions.length;
  big.findings = lint.findings.length;
  big.problems = doc.problems.length;
})();
log(`\n(a) big-sam.yaml: ${fmtKB(big.bytes)}, ${big.functions} functions, ${big.findings} findings`);

big.coldLint = measureColdLint(core, config, bigText);
log(`  cold lint              ${fmtStatsLine(big.coldLint)}`);

(() => {
  const { stats, edit, editedText } = measureRelint(core, config, bigText);
  big.relint = stats;
  big.relintEdit = edit;
  const check = core.lintText(editedText, BIG_SAM, config);
  if (check.doc.problems.length || check.model.functions.length !== big.functions)
    throw new Error('edited big-sam.yaml no longer parses the same');
})();
log(`  re-lint after edit     ${fmtStatsLine(big.relint)}`);

// Where the lint's time goes: the engine's two halves, measured separately.
(() => {
  big.parseTemplate = measure(() => core.parseTemplate(bigText, BIG_SAM, config.limits), HEAVY);
  const doc = core.parseTemplate(bigText, BIG_SAM, config.limits);
  big.buildModel = measure(() => core.buildModel(doc), HEAVY);
  big.lintDocument = measure(() => core.lintDocument(doc, config), HEAVY);
  log(`  parseTemplate          ${fmtStatsLine(big.parseTemplate)}`);
  log(`  buildModel             ${fmtStatsLine(big.buildModel)}`);
  log(`  lintDocument           ${fmtStatsLine(big.lintDocument)}`);
})();

big.parseOurs = measure(
  () => core.parseYaml(bigText, { maxDepth: config.limits.maxDepth, maxAliases: config.limits.maxAliases }),
  HEAVY,
);
log(`  parse: ours            ${fmtStatsLine(big.parseOurs)}`);
// The peers' modules are loaded only now, after Ownless's own big-sam measurements: loaded from the
// start (several MB of library code and schemas in the heap), they made those lint times erratic
// (43 ms against 45–59 ms in alternating runs) through the garbage collector's heuristics, and neither
// the CLI nor the language server ever loads them.
const { default: jsYaml } = await import('js-yaml');
const { parseDocument } = await import('yaml');
const { CFN_SCHEMA, YAML_CUSTOM_TAGS } = await import('./lib/cfn-tags.mjs');
big.parseJsYaml = measure(() => jsYaml.load(bigText, { schema: CFN_SCHEMA }), HEAVY);
log(`  parse: js-yaml load    ${fmtStatsLine(big.parseJsYaml)}`);
big.parseYamlPkg = measure(() => parseDocument(bigText, { customTags: YAML_CUSTOM_TAGS }), {
  ...HEAVY,
  minRuns: 10,
});
log(`  parse: yaml parseDoc   ${fmtStatsLine(big.parseYamlPkg)}`);

// Peak RSS and the first lint in a fresh process (no JIT warm-up), median of 5 children.
{
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const out = execFileSync(
      process.execPath,
      [join(ROOT, 'bench', 'lib', 'rss-child.mjs'), join(CACHE, 'core.cjs'), BIG_SAM],
      { encoding: 'utf8' },
    );
    runs.push(JSON.parse(out));
  }
  big.rss = {
    peakKB: median(runs.map((r) => r.peakKB)),
    maxPeakKB: Math.max(...runs.map((r) => r.peakKB)),
    loadedKB: median(runs.map((r) => r.loadedKB)),
    firstLint: summarize(runs.map((r) => r.firstLintMs)),
  };
  log(
    `  peak RSS (child)       ${fmtMB(big.rss.peakKB)} (max of 5: ${fmtMB(big.rss.maxPeakKB)}; node + bundle loaded: ${fmtMB(big.rss.loadedKB)})`,
  );
  log(`  first lint, fresh proc ${fmtStatsLine(big.rss.firstLint)}`);
}

// The bundled CLI end to end (process start, read, lint, JSON output to a pipe).
{
  const cli = join(ROOT, 'dist', 'cli.js');
  if (existsSync(cli)) {
    const times = [];
    const peaks = [];
    const rssFile = join(tmpdir(), `ownless-bench-rss-${process.pid}.json`);
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const r = spawnSync(
        process.execPath,
        ['--import', join(ROOT, 'bench', 'lib', 'rss-hook.mjs'), cli, 'lint', '--format', 'json', BIG_SAM],
        {
          env: { ...process.env, OWNLESS_BENCH_RSS_OUT: rssFile },
          maxBuffer: 1 << 30,
        },
      );
      times.push(performance.now() - t0);
      if (r.status === 2 || r.error) throw new Error(`dist/cli.js failed: ${r.error ?? r.stderr}`);
      peaks.push(JSON.parse(readFileSync(rssFile, 'utf8')).peakKB);
    }
    rmSync(rssFile, { force: true });
    big.cli = { wall: summarize(times), peakKB: median(peaks) };
    log(`  CLI end to end         ${fmtStatsLine(big.cli.wall)}, peak RSS ${fmtMB(big.cli.peakKB)}`);
  }
}

if (!QUICK && cfnAvailable) {
  log('  cfn-lint (one run, ~80 s)…');
  big.cfnLint = runCfnLint([BIG_SAM]);
  log(`  cfn-lint               ${fmtMs(big.cfnLint.ms)}; ${cfnNote(big.cfnLint)}`);
}

// ---------------------------------------------------------------------------------------------
// (b) the corpus

const corpus = results.corpus;
const { files, found, dropped } = selectCorpus(core, config);
const groups = [...new Set(files.map((f) => f.group))];
corpus.count = files.length;
corpus.found = found;
corpus.dropped = dropped;
corpus.bytes = files.reduce((n, f) => n + f.bytes, 0);
corpus.byGroup = Object.fromEntries(groups.map((g) => [g, files.filter((f) => f.group === g).length]));
corpus.json = files.filter((f) => f.syntax === 'json').length;
corpus.withProblems = files.filter((f) => f.problems > 0).length;
log(
  `\n(b) corpus: ${files.length} templates (${fmtKB(corpus.bytes)}; ${corpus.json} JSON; ${corpus.withProblems} with parse problems) of ${found} candidate files — ` +
    groups.map((g) => `${g} ${corpus.byGroup[g]}`).join(', '),
);

const SWEEPS = { warmup: 2, runs: 10 };
corpus.lint = sweep((f) => core.lintText(f.text, f.path, config), SWEEPS);
log(
  `  Ownless lint           total ${fmtMs(corpus.lint.total.median)}, median/file ${fmtMs(corpus.lint.perFileMedian)}`,
);
const limits = { maxDepth: config.limits.maxDepth, maxAliases: config.limits.maxAliases };
corpus.parseOurs = sweep(
  (f) => (f.syntax === 'json' ? core.parseJson(f.text, limits.maxDepth) : core.parseYaml(f.text, limits)),
  SWEEPS,
);
log(
  `  parse: ours            total ${fmtMs(corpus.parseOurs.total.median)}, median/file ${fmtMs(corpus.parseOurs.perFileMedian)}`,
);
corpus.parseJsYaml = sweep((f) => jsYaml.load(f.text, { schema: CFN_SCHEMA }), SWEEPS);
log(
  `  parse: js-yaml         total ${fmtMs(corpus.parseJsYaml.total.median)}, median/file ${fmtMs(corpus.parseJsYaml.perFileMedian)}, ${corpus.parseJsYaml.failures} throw`,
);
corpus.parseYamlPkg = sweep(
  (f) => parseDocument(f.text, { customTags: YAML_CUSTOM_TAGS }),
  { warmup: 1, runs: 5 },
  (doc) => doc.errors.length > 0,
);
log(
  `  parse: yaml            total ${fmtMs(corpus.parseYamlPkg.total.median)}, median/file ${fmtMs(corpus.parseYamlPkg.perFileMedian)}, ${corpus.parseYamlPkg.failures} with errors`,
);

const patterns = files.filter((f) => f.group === 'serverless-patterns');
corpus.patterns = { count: patterns.length, bytes: patterns.reduce((n, f) => n + f.bytes, 0) };
{
  const index = new Map(files.map((f, i) => [f, i]));
  const per = patterns.map((f) => corpus.lint.perFile[index.get(f)]);
  corpus.patterns.lintMedian = median(per);
  corpus.patterns.lintTotal = per.reduce((a, b) => a + b, 0);
  corpus.patterns.lintP95 = summarize(per).p95;
  corpus.patterns.lintMax = summarize(per).max;
}
log(
  `  serverless-patterns    ${patterns.length} templates, Ownless lint median/template ${fmtMs(corpus.patterns.lintMedian)}, p95 ${fmtMs(corpus.patterns.lintP95)}, max ${fmtMs(corpus.patterns.lintMax)}`,
);

if (!QUICK && cfnAvailable) {
  const smallest = [...patterns].sort((a, b) => a.bytes - b.bytes)[0];
  corpus.cfnStartup = runCfnLint([smallest.path]);
  corpus.cfnStartup.file = `${smallest.rel} (${smallest.bytes} B)`;
  log(`  cfn-lint, 1 tiny file  ${fmtMs(corpus.cfnStartup.ms)}`);
  log(`  cfn-lint, serverless-patterns (${patterns.length} files, one run)…`);
  corpus.cfnPatterns = runCfnLint(patterns.map((f) => f.path));
  log(`  cfn-lint, patterns     ${fmtMs(corpus.cfnPatterns.ms)}; ${cfnNote(corpus.cfnPatterns)}`);
  log(`  cfn-lint, all ${files.length} files (one run)…`);
  corpus.cfnAll = runCfnLint(files.map((f) => f.path));
  log(`  cfn-lint, all          ${fmtMs(corpus.cfnAll.ms)}; ${cfnNote(corpus.cfnAll)}`);
}

// ---------------------------------------------------------------------------------------------
// Report

const checks = [
  {
    ...TARGETS.coldLint,
    value: big.coldLint.median,
    shown: fmtMs(big.coldLint.median),
    extra: `min ${fmtMs(big.coldLint.min)}, CPU ${fmtMs(big.coldLint.cpuMedian)}`,
  },
  {
    ...TARGETS.relint,
    value: big.relint.median,
    shown: fmtMs(big.relint.median),
    extra: `min ${fmtMs(big.relint.min)}, CPU ${fmtMs(big.relint.cpuMedian)}`,
  },
  {
    ...TARGETS.rss,
    value: mb(big.rss.peakKB),
    shown: fmtMB(big.rss.peakKB),
    extra: `max of 5 ${fmtMB(big.rss.maxPeakKB)}`,
  },
  {
    ...TARGETS.patternMedian,
    value: corpus.patterns.lintMedian,
    shown: fmtMs(corpus.patterns.lintMedian),
    extra: `p95 ${fmtMs(corpus.patterns.lintP95)}`,
  },
].map((c) => ({ ...c, pass: c.value <= c.limit }));
results.targets = checks;

machine.loadEnd = loadavg()[0];
const markdown = report() + otherSuites();
mkdirSync(CACHE, { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results.md'), markdown);
writeFileSync(
  join(CACHE, 'results.json'),
  JSON.stringify(results, (k, v) => (k === 'samples' || k === 'perFile' ? undefined : v), 2),
);
process.stdout.write(`\n${markdown}`);
log('\nWrote bench/results.md (raw numbers: bench/.cache/results.json).');
if (CHECK && (checks.some((c) => !c.pass) || suitesFailed)) process.exitCode = 1;

// ---------------------------------------------------------------------------------------------
// The other suites: each prints its own Markdown section (with its targets and peers) on stdout.

function otherSuites() {
  if (args.has('--core')) return '';
  const sections = [];
  for (const suite of ['startup.mjs', 'code.mjs', 'serverless.mjs', 'lsp.mjs', 'invoke.mjs', 'vscode.mjs']) {
    const script = join(ROOT, 'bench', suite);
    if (!existsSync(script)) continue;
    log(`\n== bench/${suite}`);
    const run = spawnSync(process.execPath, [script, ...(QUICK ? ['--quick'] : [])], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status === 0) sections.push(run.stdout.trim());
    else {
      suitesFailed = true;
      sections.push(
        `## bench/${suite}\n\nDid not complete (exit ${run.status ?? run.signal}); see its stderr.`,
      );
    }
  }
  return sections.length ? `\n${sections.join('\n\n')}\n` : '';
}

// ---------------------------------------------------------------------------------------------
// Helpers

function fmtStatsLine(s) {
  const cpu = s.cpuMedian === undefined ? '' : `  cpu ${fmtMs(s.cpuMedian)}`;
  return `median ${fmtMs(s.median)}  min ${fmtMs(s.min)}  p95 ${fmtMs(s.p95)}${cpu}  (n=${s.n})`;
}

function tryRun(cmd, argv, cwd) {
  try {
    return execFileSync(cmd, argv, { encoding: 'utf8', cwd, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/**
 * Lints every file `runs` times (after `warmup` sweeps), file by file in corpus order, with a GC
 * between sweeps. A file's time is its median over the sweeps; the total is per sweep.
 */
function sweep(fn, { warmup, runs }, failed = () => false) {
  let failures = 0;
  const once = (record) => {
    let total = 0;
    const times = [];
    for (const f of files) {
      let result;
      const t0 = performance.now();
      try {
        result = fn(f);
      } catch {
        result = undefined;
        if (record) failures++;
      }
      const ms = performance.now() - t0;
      if (record && result !== undefined && failed(result)) failures++;
      times.push(ms);
      total += ms;
    }
    return { total, times };
  };
  for (let i = 0; i < warmup; i++) once(false);
  const totals = [];
  const cpuTotals = [];
  const byFile = files.map(() => []);
  for (let i = 0; i < runs; i++) {
    gc();
    const cpu0 = cpuMs();
    const { total, times } = once(i === 0);
    cpuTotals.push(cpuMs() - cpu0);
    totals.push(total);
    times.forEach((t, j) => byFile[j].push(t));
  }
  const perFile = byFile.map(median);
  return {
    total: summarize(totals, cpuTotals),
    perFile,
    perFileMedian: median(perFile),
    perFileP95: summarize(perFile).p95,
    failures,
  };
}

function report() {
  const row = (cells) => `| ${cells.join(' | ')} |`;
  const stat = (s) => [
    fmtMs(s.median),
    fmtMs(s.min),
    fmtMs(s.p95),
    s.cpuMedian === undefined ? '' : fmtMs(s.cpuMedian),
    String(s.n),
  ];
  const targetCell = (key) => {
    const c = checks.find((x) => x.label === TARGETS[key].label);
    return `≤ ${c.limit} ${c.unit} **${c.pass ? 'PASS' : 'FAIL'}**`;
  };
  const skipped = QUICK ? 'skipped (--quick)' : 'cfn-lint not found';
  const cfnRow = (label, r, note) =>
    r
      ? row([label, fmtMs(r.ms), '–', '–', '', '1', '', note])
      : row([label, skipped, '', '', '', '', '', '']);
  const lines = [];
  lines.push('# Ownless benchmark results', '');
  lines.push(
    `Machine: ${machine.cpu}, ${machine.memory} RAM · node ${machine.node} · ${machine.cfnLint}${QUICK ? ' (not run: --quick)' : ''} · ownless @ ${machine.commit} (working tree) · ${machine.date}`,
    '',
    'Re-run: `npm run bench` (add `-- --quick` to skip cfn-lint). Times are medians over repeated in-process runs after warm-up,',
    'with a full GC between runs, on text already in memory. cfn-lint is a separate Python process (its own entry point, started by',
    '`bench/lib/cfn_lint_run.py` so that a crash names its template) run once per row: wall time including start-up and file reads.',
    `CPU = process CPU time (all threads, GC included). Load average: ${machine.loadStart.toFixed(1)} at start, ${machine.loadEnd.toFixed(1)} at end on ${cpus().length} cores` +
      (Math.max(machine.loadStart, machine.loadEnd) > cpus().length
        ? ' — the machine was shared with other work, so wall-clock figures are inflated; min and CPU are steadier.'
        : '.'),
    '',
  );

  lines.push(
    `## (a) big-sam.yaml (scripts/gen-big-sam.mjs) — ${fmtKB(big.bytes)}, ${big.functions} functions, ${big.findings} findings`,
    '',
  );
  lines.push(
    row(['measurement', 'median', 'min', 'p95', 'CPU median', 'runs', 'target', 'notes']),
    row(['---', '--:', '--:', '--:', '--:', '--:', '---', '---']),
  );
  lines.push(
    row([
      'Ownless cold lint (parse + model + all rules)',
      ...stat(big.coldLint),
      targetCell('coldLint'),
      'fresh parse every run',
    ]),
  );
  lines.push(
    row([
      'Ownless re-lint after a one-line edit',
      ...stat(big.relint),
      targetCell('relint'),
      `${big.relintEdit}; the edited resource re-parsed, model and rules run again`,
    ]),
  );
  lines.push(row(['↳ parseTemplate (YAML parse + line index)', ...stat(big.parseTemplate), '', 'breakdown']));
  lines.push(row(['↳ buildModel', ...stat(big.buildModel), '', 'breakdown']));
  lines.push(row(['↳ lintDocument (model + rules + findings)', ...stat(big.lintDocument), '', 'breakdown']));
  lines.push(row(['Bare parse: ours (`parseYaml`)', ...stat(big.parseOurs), '', 'positioned AST']));
  lines.push(
    row(['Bare parse: js-yaml `load` (CFN tags)', ...stat(big.parseJsYaml), '', 'plain JS objects']),
  );
  lines.push(
    row(['Bare parse: yaml `parseDocument` (CFN tags)', ...stat(big.parseYamlPkg), '', 'Document AST']),
  );
  lines.push(
    row([
      'Ownless first lint in a fresh process',
      ...stat(big.rss.firstLint),
      '',
      'no JIT warm-up; 5 child processes',
    ]),
  );
  if (big.cli)
    lines.push(
      row([
        '`node dist/cli.js lint --format json` end to end',
        ...stat(big.cli.wall),
        '',
        `process start to exit; peak RSS ${fmtMB(big.cli.peakKB)}`,
      ]),
    );
  lines.push(
    cfnRow('cfn-lint (run once: it takes minutes)', big.cfnLint, big.cfnLint ? cfnNote(big.cfnLint) : ''),
  );
  lines.push('');
  lines.push(row(['memory', 'value', 'runs', 'target', 'notes']), row(['---', '--:', '--:', '---', '---']));
  lines.push(
    row([
      'Peak RSS, Ownless lint of big-sam (child process, `process.resourceUsage().maxRSS`)',
      fmtMB(big.rss.peakKB),
      '5',
      targetCell('rss'),
      `median of 5 (max ${fmtMB(big.rss.maxPeakKB)}); node + bundle before the lint: ${fmtMB(big.rss.loadedKB)}`,
    ]),
  );
  lines.push('');

  const c = corpus;
  lines.push(
    `## (b) corpus — ${c.count} templates, ${fmtKB(c.bytes)} (${Object.entries(c.byGroup)
      .map(([g, n]) => `${g} ${n}`)
      .join(', ')}; ${c.json} JSON; ${c.withProblems} with parse problems)`,
    '',
    `Selection as \`ownless lint <corpus>\` (OWNLESS_CORPUS, else ../shared/corpus): ${c.found} candidate files (.yaml/.yml/.json/.template, \`mightBeTemplate\`), ${c.dropped} dropped as not templates; stress/ excluded (measured above).`,
    '',
  );
  lines.push(
    row([
      'measurement',
      'files',
      'total (CPU)',
      'median / file',
      'p95 / file',
      'avg / file',
      'target',
      'notes',
    ]),
  );
  lines.push(row(['---', '--:', '--:', '--:', '--:', '--:', '---', '---']));
  const sweepRow = (label, s, n, note) =>
    row([
      label,
      String(n),
      `${fmtMs(s.total.median)} (${fmtMs(s.total.cpuMedian)})`,
      fmtMs(s.perFileMedian),
      fmtMs(s.perFileP95),
      fmtMs(s.total.median / n),
      '',
      note,
    ]);
  lines.push(
    sweepRow(
      'Ownless lint, all templates',
      c.lint,
      c.count,
      `${c.lint.total.n} sweeps; per-file time = median over sweeps`,
    ),
  );
  lines.push(sweepRow('Bare parse: ours (`parseYaml` / `parseJson`)', c.parseOurs, c.count, ''));
  lines.push(
    sweepRow(
      'Bare parse: js-yaml `load` (CFN tags)',
      c.parseJsYaml,
      c.count,
      `${c.parseJsYaml.failures} files throw`,
    ),
  );
  lines.push(
    sweepRow(
      'Bare parse: yaml `parseDocument` (CFN tags)',
      c.parseYamlPkg,
      c.count,
      `${c.parseYamlPkg.failures} files with errors; ${c.parseYamlPkg.total.n} sweeps`,
    ),
  );
  const cfnCorpusRow = (label, r) =>
    r
      ? row([
          label,
          String(r.files),
          fmtMs(r.ms),
          'not observable',
          '',
          fmtMs(r.ms / r.files),
          '',
          cfnNote(r),
        ])
      : row([label, '', skipped, '', '', '', '', '']);
  lines.push(cfnCorpusRow('cfn-lint, all templates', c.cfnAll));
  lines.push(
    row([
      'Ownless lint, serverless-patterns',
      String(c.patterns.count),
      fmtMs(c.patterns.lintTotal),
      fmtMs(c.patterns.lintMedian),
      fmtMs(c.patterns.lintP95),
      fmtMs(c.patterns.lintTotal / c.patterns.count),
      targetCell('patternMedian'),
      `max ${fmtMs(c.patterns.lintMax)}; total = sum of per-file medians`,
    ]),
  );
  lines.push(cfnCorpusRow('cfn-lint, serverless-patterns', c.cfnPatterns));
  if (c.cfnStartup)
    lines.push(
      row([
        'cfn-lint, one tiny template (start-up + fixed cost)',
        '1',
        fmtMs(c.cfnStartup.ms),
        '',
        '',
        '',
        '',
        `${c.cfnStartup.file}; ${cfnNote(c.cfnStartup)}`,
      ]),
    );
  lines.push('');

  lines.push(
    '## Targets (judged on the median)',
    '',
    row(['target', 'limit', 'measured', 'also', 'result']),
    row(['---', '--:', '--:', '---', '---']),
  );
  for (const t of checks)
    lines.push(row([t.label, `≤ ${t.limit} ${t.unit}`, t.shown, t.extra, t.pass ? 'PASS' : '**FAIL**']));
  lines.push('');
  return lines.join('\n');
}
