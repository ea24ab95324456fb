// Runs extension tests INSIDE VS Code's Node extension host, the way a downloaded VS Code does for
// @vscode/test-electron's runTests(), but with code-server + headless Chromium. bin/code execs this file,
// so it takes VS Code's command line:
//
//   node test/e2e/ext-host.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [--extensions-dir=DIR] [FOLDER]
//
// How: the web workbench reads a `payload` URL parameter; its extensionDevelopmentPath/extensionTestsPath
// entries (vscode-remote URIs, i.e. paths on the code-server side) make the remote extension host load
// the extension from source and await require(extensionTestsPath).run(). When that settles, the workbench
// calls window.codeAutomationExit(code) and forwards the extension host's console to
// window.codeAutomationLog(type, args); both are exposed here with Playwright. Exit code = the tests'.
// The FOLDER is opened in place (the tests may edit it). Other VS Code flags (--no-sandbox,
// --disable-gpu-sandbox, --user-data-dir, --disable-extensions, ...) are accepted and ignored: every run
// gets fresh user data and, unless --extensions-dir is given, an empty extensions folder.
// Env: OWNLESS_EXT_TESTS_TIMEOUT_MS (default 600000), OWNLESS_WORKSPACE_TRUST=1 (trust on), KEEP=1,
//      OWNLESS_EXT_HOST_VERBOSE=1 (also print the workbench's own start-up log lines).
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import {
  SHOTS_DIR,
  elapsed,
  launchBrowser,
  log,
  makeSandbox,
  startCodeServer,
  workbenchUrl,
} from './lib.mjs';

const devPaths = [];
let testsPath = null;
let extensionsDir = null;
let folder = null;
const ignored = [];
const argv = process.argv.slice(2);
const withValue = [
  'extensionDevelopmentPath',
  'extensionTestsPath',
  'extensions-dir',
  'user-data-dir',
  'folder-uri',
];
for (let i = 0; i < argv.length; i++) {
  const m = /^--([^=]+)(?:=(.*))?$/.exec(argv[i]);
  if (!m) {
    folder = resolve(argv[i]);
    continue;
  }
  const [, name, inline] = m;
  const value = inline ?? (withValue.includes(name) ? argv[++i] : undefined);
  if (name === 'extensionDevelopmentPath') devPaths.push(resolve(value));
  else if (name === 'extensionTestsPath') testsPath = resolve(value);
  else if (name === 'extensions-dir') extensionsDir = resolve(value);
  else ignored.push(argv[i]);
}
if (!devPaths.length || !testsPath) {
  console.error('usage: ext-host.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [FOLDER]');
  process.exit(2);
}
if (folder && !existsSync(folder)) {
  console.error('workspace folder not found: ' + folder);
  process.exit(2);
}
if (ignored.length) log('ignoring VS Code flags:', ignored.join(' '));
const timeoutMs = Number(process.env.OWNLESS_EXT_TESTS_TIMEOUT_MS || 600000);
// codeAutomationLog also carries the workbench's own start-up chatter; these lines say nothing about the tests
const NOISE =
  /^(Resolving connection token|Resolved connection token|Creating a socket|Ignoring fetching additional builtin|Updating additional builtin|\[Service Worker\]|ChatSessionStore)/;
const verbose = process.env.OWNLESS_EXT_HOST_VERBOSE === '1';

const sb = makeSandbox({
  workspace: folder ?? undefined,
  workspaceTrust: process.env.OWNLESS_WORKSPACE_TRUST === '1',
});
if (extensionsDir) {
  mkdirSync(extensionsDir, { recursive: true });
  sb.dirs.extensions = extensionsDir;
}

let exitCode = null;
let summary = null;
let cs;
let browser;
try {
  cs = await startCodeServer(sb);
  browser = await launchBrowser(sb.dirs.browser, { env: sb.browserEnv });
  const { page } = browser;
  let settle;
  const done = new Promise((r) => (settle = r));
  await page.exposeFunction('codeAutomationExit', (code) => {
    exitCode = code;
    settle('exit');
  });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const msg = Array.isArray(args) ? format(...args) : String(args);
    const s = /^\s*(\d+ passing.*|\d+ passed, \d+ failed.*)$/.exec(msg);
    if (s) summary = s[1];
    if (!verbose && NOISE.test(msg)) return;
    for (const line of msg.split('\n')) console.log(`[exthost ${type}] ${line}`);
  });
  const url = workbenchUrl(cs.base, sb.dirs.workspace, { devPaths, testsPath });
  log('opening', url);
  await page.goto(url);
  let timer;
  const outcome = await Promise.race([
    done,
    new Promise((r) => (timer = setTimeout(r, timeoutMs, 'timeout'))),
  ]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    log(`no codeAutomationExit after ${timeoutMs} ms`);
    await page.screenshot({ path: join(SHOTS_DIR, 'FAIL-ext-host-timeout.png') }).catch(() => {});
  }
} catch (e) {
  console.error(e);
} finally {
  await browser?.context.close().catch(() => {});
  await cs?.stop();
  if (exitCode !== 0 && cs) console.log('----- code-server log -----\n' + cs.logText());
  sb.cleanup();
}
log(
  `extension tests exit code: ${exitCode}; wall time ${elapsed().toFixed(1)} s${summary ? '; ' + summary : ''}`,
);
process.exit(exitCode === 0 ? 0 : 1);
