// Handler-code benchmarks (issue 5's speed targets), standalone: `node bench/code.mjs` after `npm run build`.
//   - re-diagnose a 2,000-line handler after a keystroke: the core's incremental lintCode (parse +
//     model + every code rule + suppressions), on a file of many functions and on one 2,000-line
//     function (the worst case for reuse); then through LSP to the real server (`dist/cli.js lsp
//     --stdio`, debounce 0), didChange → publishDiagnostics for that version;
//   - lint 500 generated handler files from scratch (JavaScript, TypeScript, Python) in process, and
//     `ownless lint` end to end on a project whose template links 500 handler files.
// Peers measured in the same run: tree-sitter's own parse (incremental after the same edit, and full),
// V8 compiling the file (`new vm.Script`: what `node --check` does, minus process start), and the
// CLI on the same template with no handler files.
// Writes a Markdown section to stdout and JSON to bench/.cache/code.json; progress goes to stderr.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { build } from 'esbuild';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import { ROOT } from './lib/build-core.mjs';
import { fmtMs, gc, summarize } from './lib/stats.mjs';

const log = (s) => process.stderr.write(`${s}\n`);
const CACHE = join(ROOT, 'bench', '.cache');
const BUNDLE = join(CACHE, 'code-core.cjs');
const CLI = join(ROOT, 'dist', 'cli.js');
const TARGETS = {
  keystroke: { label: 're-diagnose a 2,000-line handler after a keystroke (core, p95)', limit: 5 },
  files: { label: 'lint 500 generated handler files (core, from scratch)', limit: 1000 },
};

// The core's code analysis and the speed probe's generators, bundled like the rest of the bench.
const ENTRY = `
export { initCodeParsers, lintCode, parseCode, releaseCode, diffTexts } from './src/core/code';
export { loadedLanguage } from './src/core/code/parsers';
export { resolveConfig } from './src/core/config/config';
export { buildLargeHandler, buildOneFunctionHandler, buildHandlerFiles } from './test/code/speed-probe';
`;
mkdirSync(CACHE, { recursive: true });
await build({
  stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: 'bench-code-entry.ts', loader: 'ts' },
  outfile: BUNDLE,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  mainFields: ['module', 'main'],
  logLevel: 'warning',
});
const core = createRequire(import.meta.url)(BUNDLE);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const initStart = performance.now();
await core.initCodeParsers();
const initMs = performance.now() - initStart;
const config = core.resolveConfig({});

// ---------------------------------------------------------------------------------------------
// (1) A keystroke in a 2,000-line handler, in process

/** One keystroke at a time into a string literal in the middle: ten typed, ten deleted, and so on. */
function* keystrokes(text, count) {
  let at = text.indexOf("'k", Math.floor(text.length / 2)) + 2;
  let current = text;
  for (let k = 0; k < count; k++) {
    const typing = k % 20 < 10;
    const next = typing
      ? current.slice(0, at) + 'x' + current.slice(at)
      : current.slice(0, at - 1) + current.slice(at);
    const edit = typing
      ? { start: at, oldEnd: at, newEnd: at + 1 }
      : { start: at - 1, oldEnd: at, newEnd: at - 1 };
    yield { before: current, text: next, edit };
    at = typing ? at + 1 : at - 1;
    current = next;
  }
}

function pointAt(text, offset) {
  const before = text.slice(0, offset);
  const row = before.split('\n').length - 1;
  return { row, column: offset - (before.lastIndexOf('\n') + 1) };
}

const WARM = 20;

function typeInto(text, path, count) {
  gc();
  let start = performance.now();
  let result = core.lintCode(text, path, config);
  const first = performance.now() - start;
  const findings = result.findings.length;
  const samples = [];
  const cpu = [];
  for (const step of keystrokes(text, count)) {
    const c0 = cpuMs();
    start = performance.now();
    result = core.lintCode(step.text, path, config, { previous: result, edit: step.edit });
    samples.push(performance.now() - start);
    cpu.push(cpuMs() - c0);
  }
  core.releaseCode(result.parsed);
  return {
    first,
    findings,
    lines: text.split('\n').length,
    ...summarize(samples.slice(WARM), cpu.slice(WARM)),
  };
}

/** Tree-sitter's incremental parse alone after the same keystrokes (the edit's positions worked out untimed). */
function treeSitterIncremental(text, count) {
  const { parser } = core.loadedLanguage('javascript');
  let tree = parser.parse(text);
  const samples = [];
  for (const step of keystrokes(text, count)) {
    const edit = {
      startIndex: step.edit.start,
      oldEndIndex: step.edit.oldEnd,
      newEndIndex: step.edit.newEnd,
      startPosition: pointAt(step.before, step.edit.start),
      oldEndPosition: pointAt(step.before, step.edit.oldEnd),
      newEndPosition: pointAt(step.text, step.edit.newEnd),
    };
    const start = performance.now();
    tree.edit(edit);
    const next = parser.parse(step.text, tree);
    samples.push(performance.now() - start);
    tree.delete();
    tree = next;
  }
  tree.delete();
  return samples;
}

/**
 * Peer: tree-sitter alone, the same keystrokes (tree.edit + incremental parse) in both files, and a
 * full parse.
 */
function treeSitterPeer(text, oneFunctionText, count) {
  const { parser } = core.loadedLanguage('javascript');
  const incremental = treeSitterIncremental(text, count);
  const full = [];
  for (let i = 0; i < 30; i++) {
    const start = performance.now();
    parser.parse(text).delete();
    full.push(performance.now() - start);
  }
  const v8 = [];
  for (let i = 0; i < 30; i++) {
    // A fresh source each time (V8 caches compilations by source): what `node --check` does, in process.
    const source = `${text}\n//${i}-${Math.random()}`;
    const start = performance.now();
    new Script(source, { filename: 'handler.js' });
    v8.push(performance.now() - start);
  }
  return {
    incremental: summarize(incremental.slice(WARM)),
    oneFunction: summarize(treeSitterIncremental(oneFunctionText, count).slice(WARM)),
    full: summarize(full.slice(5)),
    v8: summarize(v8.slice(5)),
  };
}

log(`code parsers loaded in ${fmtMs(initMs)}`);
log('core: keystrokes in a 2,000-line handler…');
const large = core.buildLargeHandler(2000);
const keystroke = typeInto(large, 'handler.js', 220);
const oneFunctionText = core.buildOneFunctionHandler(2000);
const oneFunction = typeInto(oneFunctionText, 'handler.js', 220);
const peer = treeSitterPeer(large, oneFunctionText, 220);
log(
  `  p95 ${fmtMs(keystroke.p95)} (one function: ${fmtMs(oneFunction.p95)}); tree-sitter incremental ${fmtMs(peer.incremental.p95)}`,
);

// ---------------------------------------------------------------------------------------------
// (2) The same keystrokes through LSP

async function lspKeystrokes(text, count) {
  const child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const published = new Map();
  let wake = () => {};
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    published.set(p.uri, p);
    wake();
  });
  connection.onNotification('window/logMessage', () => {});
  connection.onNotification('ownless/status', () => {});
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => ({ debounce: 0 })));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const until = (check) =>
    new Promise((resolve) => {
      if (check()) return resolve();
      wake = () => check() && resolve();
    });
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true } },
  });
  await connection.sendNotification('initialized', {});
  const uri = 'file:///virtual/bench/handler.js';
  await connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'javascript', version: 1, text },
  });
  await until(() => published.get(uri)?.version === 1);
  const diagnostics = published.get(uri).diagnostics.length;
  const samples = [];
  let version = 1;
  for (const step of keystrokes(text, count)) {
    version++;
    const start = pointAt(step.before, step.edit.start);
    const end = pointAt(step.before, step.edit.oldEnd);
    const inserted = step.text.slice(step.edit.start, step.edit.newEnd);
    const started = performance.now();
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [
        {
          range: {
            start: { line: start.row, character: start.column },
            end: { line: end.row, character: end.column },
          },
          text: inserted,
        },
      ],
    });
    await until(() => published.get(uri)?.version === version);
    samples.push(performance.now() - started);
  }
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  await new Promise((r) => child.once('exit', r));
  connection.dispose();
  return { diagnostics, ...summarize(samples.slice(WARM)) };
}

log('LSP: keystrokes in the same handler (debounce 0)…');
const lsp = await lspKeystrokes(large, 120);
log(`  p95 ${fmtMs(lsp.p95)}`);

// ---------------------------------------------------------------------------------------------
// (3) 500 handler files from scratch, in process and through the CLI

const files = core.buildHandlerFiles(500);
const lines = files.reduce((n, f) => n + f.text.split('\n').length, 0);
const languageOf = (path) =>
  path.endsWith('.py') ? 'python' : path.endsWith('.ts') ? 'typescript' : 'javascript';

function lintAll() {
  let findings = 0;
  for (const f of files)
    findings += core.lintCode(f.text, f.path, config, { keepTree: false }).findings.length;
  return findings;
}
function parseAll() {
  for (const f of files) core.loadedLanguage(languageOf(f.path)).parser.parse(f.text).delete();
}
function timeRuns(fn, runs) {
  fn(); // warm-up
  const samples = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    gc();
    const c0 = cpuMs();
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
    cpu.push(cpuMs() - c0);
  }
  return summarize(samples, cpu);
}

log('core: 500 handler files…');
const filesFindings = lintAll();
// The first pass of a fresh process (no JIT warm-up), as a CLI run sees it, in a child process.
const coldMs = Number(
  execFileSync(process.execPath, [
    '-e',
    `const c = require(${JSON.stringify(BUNDLE)});
     c.initCodeParsers().then(() => {
       const config = c.resolveConfig({});
       const files = c.buildHandlerFiles(500);
       const t = performance.now();
       for (const f of files) c.lintCode(f.text, f.path, config, { keepTree: false });
       process.stdout.write(String(performance.now() - t));
     });`,
  ]).toString(),
);
const lintFiles = timeRuns(lintAll, 10);
const parseFiles = timeRuns(parseAll, 10);
log(
  `  lint ${fmtMs(lintFiles.median)} (cold ${fmtMs(coldMs)}), tree-sitter parse alone ${fmtMs(parseFiles.median)}`,
);

/** A project: one template whose 500 functions each link one of the generated handler files. */
function project(withCode) {
  const dir = mkdtempSync(join(tmpdir(), 'ownless-bench-code-'));
  const resources = files.map((f, i) => {
    const [folder, file] = f.path.split('/');
    const base = file.replace(/\.(js|ts|py)$/, '');
    const runtime = file.endsWith('.py') ? 'python3.13' : 'nodejs22.x';
    const handler = file.endsWith('.py') ? `${base}.lambda_handler` : `${base}.handler`;
    if (withCode) {
      mkdirSync(join(dir, folder), { recursive: true });
      writeFileSync(join(dir, f.path), f.text);
    }
    return `  Fn${i}:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: ${folder}/\n      Handler: ${handler}\n      Runtime: ${runtime}\n      Timeout: 10\n      MemorySize: 256\n`;
  });
  writeFileSync(
    join(dir, 'template.yaml'),
    `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n${resources.join('')}`,
  );
  return dir;
}

function cliRuns(dir, runs) {
  const samples = [];
  let report;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    let out;
    try {
      out = execFileSync(process.execPath, [CLI, 'lint', dir, '--format', 'json'], { maxBuffer: 1 << 28 });
    } catch (e) {
      out = e.stdout; // exit 1: error findings (unit/handler-not-found when there is no code)
    }
    samples.push(performance.now() - start);
    report = JSON.parse(out.toString());
  }
  return { ...summarize(samples), files: report.files.length, findings: report.findings.length };
}

log('CLI: a template linking 500 handler files…');
const withCodeDir = project(true);
const withoutCodeDir = project(false);
const cliCode = cliRuns(withCodeDir, 5);
const cliTemplate = cliRuns(withoutCodeDir, 5);
rmSync(withCodeDir, { recursive: true, force: true });
rmSync(withoutCodeDir, { recursive: true, force: true });
log(`  ${fmtMs(cliCode.median)} (template alone ${fmtMs(cliTemplate.median)})`);

// ---------------------------------------------------------------------------------------------
// Report

const results = {
  initMs,
  keystroke,
  oneFunction,
  peer,
  lsp,
  files: { count: files.length, lines, findings: filesFindings, coldMs, lint: lintFiles, parse: parseFiles },
  cli: { withCode: cliCode, templateOnly: cliTemplate },
};
writeFileSync(
  join(CACHE, 'code.json'),
  JSON.stringify(results, (k, v) => (k === 'samples' ? undefined : v), 2),
);
const pass = (v, t) => (v <= t.limit ? 'pass' : '**FAIL**');
const x = (a, b) => `×${(a / b).toFixed(1)}`;
process.stdout.write(`## Handler code (\`node bench/code.mjs\`)

| measurement | Ownless | same run: peer | target |
|---|--:|--:|---|
| ${TARGETS.keystroke.label} | ${fmtMs(keystroke.p95)} (median ${fmtMs(keystroke.median)}, CPU ${fmtMs(keystroke.cpuMedian)}, n=${keystroke.n}) | tree-sitter's incremental parse of the same edit alone: p95 ${fmtMs(peer.incremental.p95)} (median ${fmtMs(peer.incremental.median)}; ours ${x(keystroke.median, peer.incremental.median)}) | ≤ ${TARGETS.keystroke.limit} ms: ${pass(keystroke.p95, TARGETS.keystroke)} |
| same, the whole file one 2,000-line handler function | ${fmtMs(oneFunction.p95)} (median ${fmtMs(oneFunction.median)}, CPU ${fmtMs(oneFunction.cpuMedian)}) | tree-sitter's incremental parse alone: p95 ${fmtMs(peer.oneFunction.p95)} (median ${fmtMs(peer.oneFunction.median)}; ours ${x(oneFunction.median, peer.oneFunction.median)}) | ≤ ${TARGETS.keystroke.limit} ms: ${pass(oneFunction.p95, TARGETS.keystroke)} |
| first lint of the 2,000-line handler (full parse) | ${fmtMs(keystroke.first)} (${keystroke.findings} findings) | tree-sitter full parse: ${fmtMs(peer.full.median)}; V8 compile (\`node --check\` in process): ${fmtMs(peer.v8.median)} | |
| same keystrokes through LSP (didChange → publishDiagnostics, debounce 0) | p95 ${fmtMs(lsp.p95)} (median ${fmtMs(lsp.median)}, ${lsp.diagnostics} diagnostics) | core alone: median ${fmtMs(keystroke.median)} | |
| ${TARGETS.files.label}: ${files.length} files, ${lines} lines | ${fmtMs(lintFiles.median)} (min ${fmtMs(lintFiles.min)}, CPU ${fmtMs(lintFiles.cpuMedian)}; first pass in a fresh process ${fmtMs(coldMs)}; ${filesFindings} findings) | tree-sitter parse of the same files alone: ${fmtMs(parseFiles.median)} (ours ${x(lintFiles.median, parseFiles.median)}) | ≤ ${TARGETS.files.limit} ms: ${pass(Math.max(lintFiles.median, coldMs), TARGETS.files)} |
| \`ownless lint --format json\` end to end: a template of 500 functions with their handler files | ${fmtMs(cliCode.median)} (${cliCode.files} files, ${cliCode.findings} findings) | the same template without handler files: ${fmtMs(cliTemplate.median)} | |
| loading the parsers (wasm runtime and 4 grammars, once per process) | ${fmtMs(initMs)} | | |

Keystrokes: one character typed into (then deleted from) a string literal in the middle of a generated 2,000-line CommonJS
handler (\`test/code/speed-probe.ts\`: imports, module-scope clients, 140 helper functions, a handler calling them), each
re-linted incrementally with the previous result (parse, model, every code rule, suppressions); ${WARM} warm-up keystrokes, then 200.
Through LSP: the same file opened in \`dist/cli.js lsp --stdio\` (a handler by convention), 100 timed keystrokes.
Files: ${files.length} generated handlers (a third each JavaScript ESM, TypeScript, Python), linted from scratch without keeping trees;
median of 10 passes after one warm-up pass, and the first pass of a fresh process. The CLI rows start \`node\` each time (5 runs).
`);
