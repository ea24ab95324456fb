// The Serverless Framework benchmark, standalone: `node bench/serverless.mjs [--quick]` (npm run bench
// runs it). A generated serverless.yml of 500 functions (provider settings every function inherits,
// variables, events, queues under `resources`) is linted through the front door (`analyzeFile`):
//   - cold: read from text, parse, resolve variables, build the model, run every rule;
//   - re-lint after an edit: one function's timeout changes, and the edited text is analysed with the
//     previous analysis given (serverless.yml is re-linted in full: no incremental re-parse yet).
// Peers measured in the same run: our bare YAML parse of the same text, and the framework's own reading
// of it, `sls print` (variables resolved; serverless 3.40.0 from scripts/install-oracles.sh), as a
// process: what a user would otherwise run to see what the framework makes of the file.
// Writes a Markdown section to stdout; progress goes to stderr.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './lib/build-core.mjs';
import { fmtMs, measure, summarize } from './lib/stats.mjs';

const QUICK = process.argv.includes('--quick');
const log = (s) => process.stderr.write(`${s}\n`);
const CACHE = join(ROOT, 'bench', '.cache');
const BUNDLE = join(CACHE, 'serverless-core.cjs');
const SLS = join(
  ROOT,
  '.cache',
  'oracles',
  'serverless',
  'node_modules',
  'serverless',
  'bin',
  'serverless.js',
);
const FUNCTIONS = 500;
const TARGETS = {
  cold: { label: '500-function serverless.yml, cold lint', limit: 50 },
  relint: { label: '500-function serverless.yml, re-lint after an edit', limit: 50 },
};

mkdirSync(CACHE, { recursive: true });
await build({
  stdin: {
    contents: `
export { analyzeFile, resolveConfig } from './src/core';
export { parseYaml } from './src/core/parse/yaml/parser';
`,
    resolveDir: ROOT,
    sourcefile: 'bench-serverless-entry.ts',
    loader: 'ts',
  },
  outfile: BUNDLE,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  mainFields: ['module', 'main'],
  logLevel: 'warning',
});
const core = createRequire(import.meta.url)(BUNDLE);

/** A service of `n` functions: the shapes real services use, varied deterministically. */
function generate(n) {
  const lines = [
    'service: bench-orders',
    'frameworkVersion: "3"',
    'custom:',
    '  defaultTimeout: 20',
    '  tableName: ${self:service}-${sls:stage}-orders',
    'provider:',
    '  name: aws',
    '  runtime: nodejs20.x',
    "  stage: ${opt:stage, 'dev'}",
    '  region: eu-west-1',
    '  memorySize: 512',
    '  environment:',
    '    TABLE: ${self:custom.tableName}',
    '  vpc:',
    '    securityGroupIds: [sg-0123456789abcdef0]',
    '    subnetIds: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]',
    'functions:',
  ];
  for (let i = 0; i < n; i++) {
    lines.push(`  fn${i}:`, `    handler: src/handlers/fn${i}.handler`);
    if (i % 3 === 0) lines.push('    timeout: ${self:custom.defaultTimeout}');
    else lines.push(`    timeout: ${10 + (i % 50)}`);
    if (i % 7 === 0) lines.push('    memorySize: 10240');
    if (i % 11 === 0) lines.push('    vpc: null');
    if (i % 13 === 0) lines.push('    provisionedConcurrency: 2');
    lines.push('    events:');
    if (i % 4 === 0) lines.push(`      - http:`, `          path: /orders/${i}`, '          method: get');
    else if (i % 4 === 1) lines.push(`      - httpApi: 'POST /orders/${i}'`);
    else if (i % 4 === 2)
      lines.push('      - sqs:', `          arn: !GetAtt Queue${i}.Arn`, '          batchSize: 10');
    else lines.push(`      - schedule: rate(${1 + (i % 10)} minutes)`);
  }
  lines.push('resources:', '  Resources:');
  for (let i = 2; i < n; i += 4)
    lines.push(
      `    Queue${i}:`,
      '      Type: AWS::SQS::Queue',
      '      Properties:',
      `        VisibilityTimeout: ${i % 8 === 2 ? 30 : 600}`,
    );
  return `${lines.join('\n')}\n`;
}

const text = generate(FUNCTIONS);
const dir = mkdtempSync(join(tmpdir(), 'ownless-bench-sls-'));
const path = join(dir, 'serverless.yml');
writeFileSync(path, text);
const config = core.resolveConfig({});
const HEAVY = { warmup: 5, minRuns: 15, maxRuns: QUICK ? 20 : 40, budgetMs: QUICK ? 5_000 : 15_000 };

log('serverless.yml: cold lint');
const first = core.analyzeFile({ path, text }, { config });
if (first.kind !== 'template' || first.result.semantics.format.id !== 'serverless')
  throw new Error(`the generated service was not analysed as serverless.yml (${first.kind})`);
const functions = first.result.semantics.functions.length;
const findings = first.result.findings.length;
if (functions !== FUNCTIONS) throw new Error(`expected ${FUNCTIONS} functions, got ${functions}`);
const cold = measure(() => core.analyzeFile({ path, text }, { config }), HEAVY);

log('serverless.yml: re-lint after an edit');
const at = text.indexOf('timeout: 11\n') + 'timeout: '.length;
const edited = (i) => `${text.slice(0, at)}${12 + (i % 80)}${text.slice(at + 2)}`;
let previous = first;
const relint = measure(
  (next) => core.analyzeFile({ path, text: next }, { config, previous: { result: previous.result, config } }),
  {
    ...HEAVY,
    prepare: (i) => {
      previous = core.analyzeFile({ path, text }, { config });
      return edited(i);
    },
  },
);

log('serverless.yml: bare YAML parse');
const parse = measure(() => core.parseYaml(text), HEAVY);

// The framework's reading, as a process (it reads the file, loads its plugins and resolves variables).
let slsPrint;
if (existsSync(SLS)) {
  log('serverless.yml: sls print');
  const home = mkdtempSync(join(tmpdir(), 'ownless-bench-sls-home-'));
  const env = {
    ...process.env,
    HOME: home,
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const times = [];
  for (let i = 0; i < (QUICK ? 2 : 4); i++) {
    const start = performance.now();
    const run = spawnSync(process.execPath, [SLS, 'print', '--format', 'json'], {
      cwd: dir,
      env,
      encoding: 'utf8',
    });
    const ms = performance.now() - start;
    if (run.status !== 0) throw new Error(`sls print failed: ${run.stderr || run.stdout}`);
    if (i > 0) times.push(ms); // the first run warms the file cache
  }
  slsPrint = summarize(times);
  rmSync(home, { recursive: true, force: true });
}
rmSync(dir, { recursive: true, force: true });

const row = (label, s, notes = '') =>
  `| ${label} | ${fmtMs(s.median)} | ${fmtMs(s.min)} | ${fmtMs(s.p95)} | ${s.n} | ${notes} |`;
const verdict = (s, t) => `${fmtMs(s.median)} ≤ ${t.limit} ms: ${s.median <= t.limit ? 'PASS' : '**FAIL**'}`;
const out = [
  `## bench/serverless.mjs — a generated serverless.yml, ${FUNCTIONS} functions, ${(text.length / 1024).toFixed(0)} KB, ${findings} findings`,
  '',
  'Through the front door (`analyzeFile`), in process, on text in memory; a full GC before each run. `sls print` is',
  'the framework reading the same file (variables resolved), as a process, run after one unmeasured run.',
  '',
  '| measurement | median | min | p95 | runs | notes |',
  '| --- | --: | --: | --: | --: | --- |',
  row('Ownless cold lint (parse, variables, model, every rule)', cold),
  row('Ownless re-lint after a one-line edit', relint, 'fn1 timeout changes; linted in full'),
  row('Bare parse: ours (`parseYaml`)', parse),
  slsPrint
    ? row(
        '`sls print` (serverless 3.40.0), process',
        slsPrint,
        `${(slsPrint.median / cold.median).toFixed(0)}× our cold lint`,
      )
    : '| `sls print` | not installed |  |  |  | `bash scripts/install-oracles.sh` installs it |',
  '',
  `Targets: ${TARGETS.cold.label}: ${verdict(cold, TARGETS.cold)}; ${TARGETS.relint.label}: ${verdict(relint, TARGETS.relint)}.`,
];
process.stdout.write(`${out.join('\n')}\n`);
