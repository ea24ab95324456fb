// Start-up in a real VS Code: code-server 4.100.3 + headless Chromium (test/e2e/lib.mjs), with the packaged
// .vsix installed, a fresh code-server, user data and copy of the workspace for every run.
//
//   node bench/vscode.mjs [--runs N] [--no-big]        (needs test/e2e/setup.sh; ~15 s per run)
//
// Measured per run:
//   - activation → first diagnostics: `timings.firstDiagnostics - timings.activated`, as the extension
//     exports them (Date.now() in its activate() and in the language client's first non-empty
//     publishDiagnostics). They are read inside the extension host by a probe: a ten-line extension,
//     packaged into its own .vsix and installed beside Ownless, that activates on start-up, waits
//     until `ownless-dev.ownless` is active and its `exports.timings.firstDiagnostics` is set (checked
//     every 20 ms: it only reads the timestamps the extension took itself) and writes them as JSON to
//     $OWNLESS_BENCH_OUT. It never calls activate(), so it does not change when Ownless starts.
//   - open → first Ownless entry in Problems: wall time in this process from page.goto(workbench URL)
//     until the Problems panel (opened with Ctrl+Shift+M as soon as the workbench shows) lists an entry
//     whose source is `ownless`: browser start-up excluded, workbench + extension host start included.
// Workspaces: test/e2e/workspace (3 functions, 3 findings) and, unless --no-big, the same plus the
// corpus' stress/big-sam.yaml (2,000 functions; the probe also notes when its diagnostics arrive).
// Markdown to stdout, progress to stderr, JSON to bench/.cache/vscode.json.
// The .vsix: $OWNLESS_VSIX, else lib's extensionVsix() packages this repo (`vsce package`, which runs the
// production build and so rewrites dist/).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { format } from 'node:util';
import {
  CHROMIUM,
  CS_ENTRY,
  REPO,
  VSCodeSession,
  extensionVsix,
  launchBrowser,
  makeSandbox,
  packageVsix,
  startCodeServer,
  workbenchUrl,
} from '../test/e2e/lib.mjs';
import { fmtMs, median } from './lib/stats.mjs';

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 5;
const BIG = !args.includes('--no-big');
const CACHE = join(REPO, 'bench', '.cache');
const FIXTURE = join(REPO, 'test', 'e2e', 'workspace');
const TARGET_MS = 1000;
const log = (s) => process.stderr.write(`${s}\n`);
// stdout carries only the Markdown (bench/run.mjs keeps it): the e2e lib's progress lines go to stderr
console.log = (...a) => log(format(...a));
const tick = () => new Promise((r) => setTimeout(r, 100)); // one polling interval of a condition loop

// ---------------------------------------------------------------------------------------------------
// The probe extension (see the header). `files`: workspace-relative names whose first Ownless
// diagnostics it also times.

const PROBE_PACKAGE = {
  name: 'ownless-bench-probe',
  displayName: 'Ownless bench probe',
  description: "Reads Ownless's exported start-up timings inside the extension host (bench/vscode.mjs).",
  version: '0.0.1',
  publisher: 'ownless-bench',
  license: 'MIT',
  repository: { type: 'git', url: 'https://github.com/ownless-dev/ownless.git' },
  engines: { vscode: '^1.100.0' },
  activationEvents: ['onStartupFinished'],
  main: './extension.js',
  files: ['extension.js', 'README.md', 'LICENSE'],
};

const PROBE_SOURCE = `const fs = require('fs');
const vscode = require('vscode');
exports.activate = function activate() {
  const out = process.env.OWNLESS_BENCH_OUT;
  const files = (process.env.OWNLESS_BENCH_FILES || '').split(',').filter(Boolean);
  if (!out) return;
  const probeActivated = Date.now();
  const seen = {};
  const note = () => {
    for (const file of files) {
      if (seen[file]) continue;
      const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, file);
      if (vscode.languages.getDiagnostics(uri).some((d) => d.source === 'ownless')) seen[file] = Date.now();
    }
  };
  const sub = vscode.languages.onDidChangeDiagnostics(note);
  const timer = setInterval(() => {
    note();
    const ext = vscode.extensions.getExtension('ownless-dev.ownless');
    const timings = ext && ext.isActive && ext.exports && ext.exports.timings;
    if (!timings || !timings.firstDiagnostics || files.some((f) => !seen[f])) return;
    clearInterval(timer);
    sub.dispose();
    fs.writeFileSync(out, JSON.stringify({ timings, probeActivated, files: seen }));
  }, 20);
};
exports.deactivate = function deactivate() {};
`;

function buildProbe() {
  const dir = join(CACHE, 'vscode-probe');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(PROBE_PACKAGE, null, 2));
  writeFileSync(join(dir, 'extension.js'), PROBE_SOURCE);
  writeFileSync(join(dir, 'README.md'), '# Ownless bench probe\n\nSee bench/vscode.mjs.\n');
  copyFileSync(join(REPO, 'LICENSE'), join(dir, 'LICENSE'));
  return packageVsix({ extDir: dir, out: join(CACHE, 'ownless-bench-probe.vsix') });
}

// ---------------------------------------------------------------------------------------------------
// One run: a fresh sandbox, code-server and Chromium.

async function waitForFile(path, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > end) throw new Error(`no ${path} after ${timeoutMs} ms`);
    await tick();
  }
  return JSON.parse(readFileSync(path, 'utf8'));
}

async function oneRun({ vsixes, files, watch }) {
  const sb = makeSandbox({ folder: FIXTURE, files });
  const out = join(sb.dirs.root, 'probe.json');
  Object.assign(sb.env, { OWNLESS_BENCH_OUT: out, OWNLESS_BENCH_FILES: watch.join(',') });
  let cs;
  let browser;
  try {
    for (const v of vsixes) sb.installVsix(v);
    cs = await startCodeServer(sb);
    browser = await launchBrowser(sb.dirs.browser, { env: sb.browserEnv });
    const vs = new VSCodeSession(sb, cs, browser);
    const page = vs.page;
    const opened = Date.now();
    await page.goto(workbenchUrl(cs.base, sb.dirs.workspace));
    await vs.waitForWorkbench();
    const workbench = Date.now();
    // Problems: Ctrl+Shift+M, repeated until the panel shows (a key can arrive before the keybindings)
    const panel = page.locator('.markers-panel');
    for (let i = 0; !(await panel.isVisible()); i++) {
      if (i === 50) throw new Error('the Problems panel did not open');
      await page.keyboard.press('Control+Shift+M');
      await panel.waitFor({ state: 'visible', timeout: 200 }).catch(() => {});
    }
    const panelOpen = Date.now();
    const rows = page.locator('.markers-panel .monaco-list-row');
    await rows
      .filter({ has: page.locator('.marker-source', { hasText: /^ownless$/ }) })
      .first()
      .waitFor({ timeout: 120000 });
    const firstEntry = Date.now();
    // a file's row in the Problems panel (its markers follow it)
    const fileRows = {};
    for (const f of watch.filter((w) => w !== 'template.yaml')) {
      await rows
        .filter({ has: page.locator('.resource-label-container .label-name', { hasText: basename(f) }) })
        .first()
        .waitFor({ timeout: 120000 });
      fileRows[f] = Date.now() - opened;
    }
    const probe = await waitForFile(out, 120000);
    const t = probe.timings;
    return {
      activationToFirstDiagnostics: t.firstDiagnostics - t.activated,
      activationToServer: t.serverStarted - t.activated,
      openToActivated: t.activated - opened,
      openToWorkbench: workbench - opened,
      openToPanel: panelOpen - opened,
      openToProblems: firstEntry - opened,
      activationToFile: Object.fromEntries(
        Object.entries(probe.files).map(([f, at]) => [f, at - t.activated]),
      ),
      openToFileInProblems: fileRows,
      timings: t,
    };
  } finally {
    await browser?.context.close().catch(() => {});
    await cs?.stop();
    sb.cleanup();
  }
}

function stats(values) {
  return {
    n: values.length,
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    values,
  };
}

async function scenario(name, opts) {
  const runs = [];
  for (let i = 1; i <= RUNS; i++) {
    const r = await oneRun(opts);
    runs.push(r);
    log(
      `  ${name} #${i}: activation → first diagnostics ${fmtMs(r.activationToFirstDiagnostics)}, ` +
        `open → Problems ${fmtMs(r.openToProblems)} (activated at +${fmtMs(r.openToActivated)})`,
    );
  }
  const pick = (fn) => stats(runs.map(fn));
  const summary = {
    runs,
    activationToFirstDiagnostics: pick((r) => r.activationToFirstDiagnostics),
    activationToServer: pick((r) => r.activationToServer),
    openToActivated: pick((r) => r.openToActivated),
    openToWorkbench: pick((r) => r.openToWorkbench),
    openToProblems: pick((r) => r.openToProblems),
  };
  for (const f of opts.watch.filter((w) => w !== 'template.yaml')) {
    summary[`activationTo:${f}`] = pick((r) => r.activationToFile[f]);
    summary[`openToProblems:${f}`] = pick((r) => r.openToFileInProblems[f]);
  }
  return summary;
}

// ---------------------------------------------------------------------------------------------------

const csVersion = JSON.parse(readFileSync(join(CS_ENTRY, '..', '..', '..', 'package.json'), 'utf8')).version;
// (Debian's chromium wrapper script prints a shell warning on stderr: not ours to show)
const chromium = execFileSync(CHROMIUM, ['--version'], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'ignore'],
})
  .trim()
  .replace(/ built on .*/, '');
log(`VS Code bench: code-server ${csVersion}, ${chromium}, ${RUNS} runs per workspace`);
mkdirSync(CACHE, { recursive: true });
const vsix = extensionVsix();
const probe = buildProbe();
log(`  extension: ${vsix}; probe: ${probe}`);

const results = { codeServer: csVersion, chromium, runs: RUNS, scenarios: {} };
results.scenarios.fixture = await scenario('fixture', {
  vsixes: [vsix, probe],
  files: {},
  watch: ['template.yaml'],
});

let bigBytes = 0;
if (BIG) {
  const { BIG_SAM } = await import('./lib/corpus.mjs').catch((e) => {
    log(`  big-sam skipped: ${e.message}`);
    return {};
  });
  if (BIG_SAM) {
    const text = readFileSync(BIG_SAM, 'utf8');
    bigBytes = Buffer.byteLength(text);
    results.scenarios.bigSam = await scenario('fixture + big-sam', {
      vsixes: [vsix, probe],
      files: { 'big-sam.yaml': text },
      watch: ['template.yaml', 'big-sam.yaml'],
    });
  }
}

const { fixture, bigSam } = results.scenarios;
results.target = {
  label: 'VS Code: activation → first diagnostics (test/e2e/workspace), median',
  limitMs: TARGET_MS,
  measuredMs: fixture.activationToFirstDiagnostics.median,
  pass: fixture.activationToFirstDiagnostics.median <= TARGET_MS,
};
writeFileSync(join(CACHE, 'vscode.json'), JSON.stringify(results, null, 2));

const cell = (s) => `${fmtMs(s.median)} | ${fmtMs(s.max)}`;
const pass = (s) => (s.median <= TARGET_MS ? 'pass' : '**FAIL**');
const lines = [
  `## VS Code (code-server ${csVersion}, ${chromium}, \`node bench/vscode.mjs\`)`,
  '',
  `| measurement (${RUNS} run${RUNS === 1 ? '' : 's'}, a fresh code-server each) | median | max | target |`,
  '|---|--:|--:|---|',
  `| activation → first diagnostics (the extension's \`timings\`), test/e2e/workspace | ${cell(fixture.activationToFirstDiagnostics)} | ≤ 1 s: ${pass(fixture.activationToFirstDiagnostics)} |`,
  `| of which activation → language server started | ${cell(fixture.activationToServer)} | |`,
  `| open the workspace URL → first Ownless entry in Problems (wall) | ${cell(fixture.openToProblems)} | |`,
  `| open → workbench shown / → Ownless's activate() called | ${fmtMs(fixture.openToWorkbench.median)} / ${fmtMs(fixture.openToActivated.median)} | ${fmtMs(fixture.openToWorkbench.max)} / ${fmtMs(fixture.openToActivated.max)} | |`,
];
if (bigSam)
  lines.push(
    `| with stress/big-sam.yaml (${(bigBytes / 1024).toFixed(0)} KB, 2,000 functions) in the workspace: activation → first diagnostics | ${cell(bigSam.activationToFirstDiagnostics)} | stress case, not judged (${pass(bigSam.activationToFirstDiagnostics)} against 1 s) |`,
    `| same: activation → big-sam.yaml's diagnostics in the extension host | ${cell(bigSam['activationTo:big-sam.yaml'])} | |`,
    `| same: open → first Ownless entry in Problems / → big-sam.yaml listed | ${fmtMs(bigSam.openToProblems.median)} / ${fmtMs(bigSam['openToProblems:big-sam.yaml'].median)} | ${fmtMs(bigSam.openToProblems.max)} / ${fmtMs(bigSam['openToProblems:big-sam.yaml'].max)} | |`,
  );
lines.push(
  '',
  'Activation → first diagnostics is read inside the extension host: a probe extension installed beside the',
  "`.vsix` waits for Ownless's exported `timings` (Date.now() at `activate()` and at the language client's first",
  'non-empty `publishDiagnostics`) and writes them to a file; it never activates Ownless itself. The wall time runs',
  'from `page.goto` of the workbench URL to the first Problems row whose source is `ownless` (the panel is opened',
  'with Ctrl+Shift+M as soon as the workbench shows, well before any diagnostics); it includes the workbench and',
  "extension host start-up, which are VS Code's, not Ownless's. Judged on the median; with big-sam.yaml in the",
  'workspace the first diagnostics wait for its cold lint in the new server process (it is scanned first).',
  '',
);
process.stdout.write(lines.join('\n'));
