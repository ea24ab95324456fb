// `npm run test:vscode`: the extension's mocha suites inside a real VS Code extension host, through
// unmodified @vscode/test-electron runTests().
//
//   node test/vscode/run.mjs [--extensionDevelopmentPath DIR] [--extensionTestsPath FILE] [FOLDER]
//
// Defaults: this repo, test/vscode/suite/index.cjs (loads test/vscode/suite/*.test.cjs), and a temp copy
// of test/vscode/workspace (FOLDER is copied too: the tests may edit files, the repo stays clean).
// Which VS Code, from OWNLESS_VSCODE:
//   code-server  test/e2e/bin/code: code-server 4.100.3 + headless Chromium (install: test/e2e/setup.sh)
//   electron     a VS Code downloaded by test-electron into .vscode-test/ (fails if it cannot download)
//   <path>       that VS Code executable
//   (unset)      download as usual; fall back to code-server when the download fails (offline) or when
//                there is no display to run a desktop VS Code on (Linux without DISPLAY/WAYLAND_DISPLAY)
// OWNLESS_VSCODE_VERSION picks the downloaded version (default: stable). OWNLESS_TEST_GREP filters tests.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import testElectron from '@vscode/test-electron';

const { runTests, downloadAndUnzipVSCode } = testElectron;
const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
const CACHE = join(REPO, '.vscode-test');
const STAND_IN = join(REPO, 'test/e2e/bin/code');
const log = (...a) => console.log('[test:vscode]', ...a);

function parseArgs(argv) {
  const out = {
    extensionDevelopmentPath: REPO,
    extensionTestsPath: join(HERE, 'suite/index.cjs'),
    folder: join(HERE, 'workspace'),
  };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(extensionDevelopmentPath|extensionTestsPath)(?:=(.*))?$/.exec(argv[i]);
    if (m) out[m[1]] = resolve(m[2] ?? argv[++i]);
    else if (argv[i].startsWith('--')) throw new Error(`unknown option ${argv[i]}`);
    else out.folder = resolve(argv[i]);
  }
  return out;
}

async function vscodeExecutable() {
  const choice = process.env.OWNLESS_VSCODE;
  if (choice === 'code-server') return STAND_IN;
  if (choice && choice !== 'electron') return resolve(choice);
  const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  if (!choice && headless) {
    log('no display for a desktop VS Code: using code-server (OWNLESS_VSCODE=electron to insist)');
    return STAND_IN;
  }
  try {
    const version = process.env.OWNLESS_VSCODE_VERSION || 'stable';
    return await downloadAndUnzipVSCode({ version, cachePath: CACHE, timeout: 60000 });
  } catch (e) {
    if (choice === 'electron') throw e;
    log(`cannot download VS Code (${e.message}): using code-server`);
    return STAND_IN;
  }
}

const args = parseArgs(process.argv.slice(2));
const workspace = mkdtempSync(join(tmpdir(), 'ownless-vscode-ws-'));
cpSync(args.folder, workspace, { recursive: true });
let code = 0;
try {
  const vscodeExecutablePath = await vscodeExecutable();
  log(`VS Code: ${vscodeExecutablePath}; workspace: copy of ${args.folder}`);
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: args.extensionDevelopmentPath,
    extensionTestsPath: args.extensionTestsPath,
    launchArgs: [
      workspace,
      '--disable-extensions',
      `--extensions-dir=${join(CACHE, 'extensions')}`,
      `--user-data-dir=${join(CACHE, 'user-data')}`,
    ],
    extensionTestsEnv: { OWNLESS_VSCODE_TESTS: '1' },
  });
} catch (e) {
  console.error('[test:vscode] failed:', e.message);
  code = 1;
} finally {
  if (!process.env.KEEP) rmSync(workspace, { recursive: true, force: true });
}
process.exit(code);
