// Language-server benchmarks, through LSP to the real server (`dist/cli.js lsp --stdio`):
//   - re-diagnose big-sam.yaml after a keystroke: didChange → publishDiagnostics for that version,
//     with the debounce set to 0 (the analysis itself) and at its default (what a user waits);
//   - server memory with the whole corpus open: the corpus as the workspace folder (scanned), then
//     every template in it opened as a document; RSS and peak RSS from /proc.
// Peer in the same run: `yaml`'s parseDocument of big-sam.yaml (a bare parse, no analysis).
// Writes a Markdown section to stdout (run.mjs appends it to bench/results.md) and JSON to
// bench/.cache/lsp.json. `node bench/lsp.mjs` after `npm run build`.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import { parseDocument } from 'yaml';
import { ROOT, buildCore, loadCore } from './lib/build-core.mjs';
import { BIG_SAM, CORPUS } from './lib/corpus.mjs';
import { YAML_CUSTOM_TAGS } from './lib/cfn-tags.mjs';
import { fmtMs, measure, summarize } from './lib/stats.mjs';

const log = (s) => process.stderr.write(`${s}\n`);
const CLI = join(ROOT, 'dist', 'cli.js');
const TARGETS = {
  keystroke: { label: 're-diagnose big-sam after a keystroke, through LSP (p95)', limit: 50 },
  memory: { label: 'server peak RSS with the whole corpus open', limit: 200 },
};

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)[1]);
  return { rssMB: (kb('VmRSS') * 1024) / 1e6, peakMB: (kb('VmHWM') * 1024) / 1e6 };
}

async function startServer({ rootPath, settings }) {
  // OWNLESS_SERVER_NODE_ARGS: extra node flags for the server, e.g. --cpu-prof to profile it.
  const nodeArgs = (process.env.OWNLESS_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, CLI, 'lsp', '--stdio'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const listeners = new Set();
  const state = { diagnostics: new Map(), status: undefined };
  const changed = () => listeners.forEach((l) => l());
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    state.diagnostics.set(p.uri, p);
    changed();
  });
  connection.onNotification('ownless/status', (p) => {
    state.status = p;
    changed();
  });
  connection.onNotification('window/logMessage', () => {});
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => settings));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const until = (check) =>
    new Promise((resolve) => {
      if (check()) return resolve();
      const l = () => {
        if (check()) {
          listeners.delete(l);
          resolve();
        }
      };
      listeners.add(l);
    });
  const rootUri = rootPath ? pathToFileURL(rootPath).href : null;
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: rootUri ? [{ uri: rootUri, name: 'corpus' }] : null,
    capabilities: { workspace: { configuration: true } },
  });
  await connection.sendNotification('initialized', {});
  const stop = async () => {
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    await new Promise((r) => child.once('exit', r));
    connection.dispose();
  };
  return { child, connection, state, until, stop };
}

/** Times didChange → publishDiagnostics for that version, over `runs` one-character edits. */
async function keystrokes(debounce, runs) {
  const server = await startServer({ settings: { debounce } });
  const text = readFileSync(BIG_SAM, 'utf8');
  const uri = pathToFileURL(BIG_SAM).href;
  await server.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'yaml', version: 1, text },
  });
  await server.until(() => server.state.diagnostics.get(uri)?.version === 1);
  // Fn1000's Timeout value: the keystroke types over its last digit.
  const at = text.indexOf('Timeout: ', text.indexOf('\n  Fn1000:\n')) + 'Timeout: '.length;
  const line = text.slice(0, at).split('\n').length - 1;
  const character = at - text.lastIndexOf('\n', at - 1) - 1;
  const samples = [];
  for (let version = 2; version < runs + 2 + 5; version++) {
    const digit = String(1 + (version % 9));
    const started = performance.now();
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [
        { range: { start: { line, character }, end: { line, character: character + 1 } }, text: digit },
      ],
    });
    await server.until(() => server.state.diagnostics.get(uri)?.version === version);
    if (version >= 7) samples.push(performance.now() - started); // the first 5 warm the server up
  }
  const rss = rssOf(server.child.pid);
  await server.stop();
  return { ...summarize(samples), rss };
}

async function corpusMemory() {
  const server = await startServer({ rootPath: CORPUS, settings: {} });
  const started = performance.now();
  await server.until(() => server.state.status && server.state.status.scanning === false);
  const scanMs = performance.now() - started;
  const afterScan = rssOf(server.child.pid);
  const core = loadCore();
  const { files } = core.discover([CORPUS]);
  for (const [i, path] of files.entries()) {
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri: pathToFileURL(path).href,
        languageId: path.endsWith('.json') ? 'json' : 'yaml',
        version: 1,
        text: readFileSync(path, 'utf8'),
      },
    });
    if (i % 50 === 49)
      await server.connection.sendRequest('textDocument/hover', {
        textDocument: { uri: pathToFileURL(path).href },
        position: { line: 0, character: 0 },
      });
  }
  const last = pathToFileURL(files[files.length - 1]).href;
  await server.connection.sendRequest('textDocument/hover', {
    textDocument: { uri: last },
    position: { line: 0, character: 0 },
  });
  const allOpen = rssOf(server.child.pid);
  await server.stop();
  return { files: files.length, templates: server.state.status.files, scanMs, afterScan, allOpen };
}

await buildCore();
log('LSP: keystrokes in big-sam (debounce 0)…');
const immediate = await keystrokes(0, 40);
log(`  median ${fmtMs(immediate.median)}  p95 ${fmtMs(immediate.p95)}`);
log('LSP: keystrokes in big-sam (default debounce)…');
const debounced = await keystrokes(undefined, 15);
log(`  median ${fmtMs(debounced.median)}  p95 ${fmtMs(debounced.p95)}`);
log('LSP: the corpus open…');
const memory = process.env.OWNLESS_BENCH_SKIP_MEMORY ? null : await corpusMemory();
if (memory)
  log(`  ${memory.files} files, scan ${fmtMs(memory.scanMs)}, peak ${memory.allOpen.peakMB.toFixed(1)} MB`);
else log('  skipped (OWNLESS_BENCH_SKIP_MEMORY)');
const bigText = readFileSync(BIG_SAM, 'utf8');
const peer = measure(() => parseDocument(bigText, { customTags: YAML_CUSTOM_TAGS, uniqueKeys: false }), {
  warmup: 2,
  minRuns: 5,
  maxRuns: 10,
});

const results = { immediate, debounced, memory, peer };
mkdirSync(join(ROOT, 'bench', '.cache'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench', '.cache', 'lsp.json'),
  JSON.stringify(results, (k, v) => (k === 'samples' ? undefined : v), 2),
);
const pass = (v, t) => (v <= t.limit ? 'pass' : '**FAIL**');
const memoryRows = memory
  ? `| ${TARGETS.memory.label} | ${memory.allOpen.peakMB.toFixed(1)} MB (RSS now ${memory.allOpen.rssMB.toFixed(1)} MB; after the scan alone ${memory.afterScan.peakMB.toFixed(1)} MB) | | ≤ ${TARGETS.memory.limit} MB: ${pass(memory.allOpen.peakMB, TARGETS.memory)} |
| workspace scan of the corpus (${memory.files} candidate files, ${memory.templates} with diagnostics) | ${fmtMs(memory.scanMs)} | | |
`
  : `| ${TARGETS.memory.label} | not measured (OWNLESS_BENCH_SKIP_MEMORY) | | |
`;
process.stdout.write(`## Language server (through LSP, \`node bench/lsp.mjs\`)

| measurement | Ownless | same run: peer | target |
|---|--:|--:|---|
| ${TARGETS.keystroke.label} | ${fmtMs(immediate.p95)} (median ${fmtMs(immediate.median)}, n=${immediate.n}) | \`yaml\` parseDocument of big-sam alone: ${fmtMs(peer.median)} (×${(peer.median / immediate.p95).toFixed(1)} ours) | ≤ ${TARGETS.keystroke.limit} ms: ${pass(immediate.p95, TARGETS.keystroke)} |
| same, with the default 100 ms debounce (what a user waits) | ${fmtMs(debounced.p95)} (median ${fmtMs(debounced.median)}) | | |
${memoryRows}
Keystroke: one character typed over Fn1000's \`Timeout\` in big-sam.yaml (${(bigText.length / 1024).toFixed(0)} KB), timed from sending
\`didChange\` to receiving \`publishDiagnostics\` for that version; 5 warm-up edits, then 40. Memory: VmHWM of the server
process after the corpus was scanned as the workspace and then every candidate file was opened as a document.
`);
