// Offline "real VS Code" for tests: an isolated code-server 4.100.3 (= VS Code 1.100.3 with a Node
// extension host, installed by test/e2e/setup.sh into .vscode-test/code-server) driven through Debian's
// Chromium with playwright-core. Used by the UI tests (openVSCode) and by the in-host test runner
// (ext-host.mjs, behind bin/code). Nothing here touches $HOME or the network.
//
// Waiting rule: wait on events and DOM conditions (locator.waitFor, page.waitForFunction), never on fixed
// sleeps; the few polling loops below check a condition every 100 ms.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const E2E_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(E2E_DIR, '../..');
export const VSCODE_TEST_DIR = join(REPO, '.vscode-test');
export const CS_ENTRY = join(VSCODE_TEST_DIR, 'code-server/node_modules/code-server/out/node/entry.js');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const VSCE = join(REPO, 'node_modules/.bin/vsce');
/** Where UI tests put screenshots (CI can keep this folder as an artifact). */
export const SHOTS_DIR = process.env.OWNLESS_E2E_SHOTS || join(VSCODE_TEST_DIR, 'e2e', 'shots');

const T0 = Date.now();
export const elapsed = () => (Date.now() - T0) / 1000;
export const log = (...a) => console.log(`[e2e ${elapsed().toFixed(1)}s]`, ...a);
const tick = () => new Promise((r) => setTimeout(r, 100)); // one polling interval of a condition loop

export function assertInstalled() {
  if (!existsSync(CS_ENTRY))
    throw new Error(`code-server is not installed (${CS_ENTRY}): run test/e2e/setup.sh`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run test/e2e/setup.sh`);
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** Package an extension folder into a .vsix with the project's vsce. Returns the .vsix path. */
export function packageVsix({
  extDir = REPO,
  out = join(VSCODE_TEST_DIR, 'e2e', 'extension.vsix'),
  dependencies = false,
} = {}) {
  mkdirSync(dirname(out), { recursive: true });
  const args = ['package', '-o', out, ...(dependencies ? [] : ['--no-dependencies'])];
  execFileSync(VSCE, args, { cwd: extDir, stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

let repoVsix;
/**
 * The extension under test as a .vsix: $OWNLESS_VSIX if set, else this repo packaged once per process
 * into .vscode-test/e2e/ownless.vsix (vsce runs the `vscode:prepublish` build first, which rewrites dist/).
 */
export function extensionVsix() {
  repoVsix ??= process.env.OWNLESS_VSIX || packageVsix({ out: join(VSCODE_TEST_DIR, 'e2e', 'ownless.vsix') });
  return repoVsix;
}

export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.editor.enablePreview': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
  'git.enabled': false,
};

// Process groups of the code-servers this process started and their sandboxes: ended and removed on exit
// (also on Ctrl+C / SIGTERM) even if a test forgets close() or the run is interrupted.
const liveGroups = new Set();
const liveSandboxes = new Set();
let handlersInstalled = false;
function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const pgid of liveGroups) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (!process.env.KEEP) for (const root of liveSandboxes) rmSync(root, { recursive: true, force: true });
  });
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ]) {
    process.once(sig, () => process.exit(code));
  }
}

/**
 * Fresh temp folders for one code-server run: user data, extensions, XDG, TMPDIR, Chromium profile and
 * a workspace folder (a copy of `folder`, plus `files`: { 'rel/path': 'text' }). Nothing goes to $HOME.
 * `workspace` (an existing path) opens that folder in place instead of a copy.
 */
export function makeSandbox({ folder, files = {}, workspace, settings = {}, workspaceTrust = false } = {}) {
  installExitHandlers();
  const root = mkdtempSync(join(tmpdir(), 'ownless-e2e-'));
  liveSandboxes.add(root);
  const dirs = {
    root,
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    workspace: workspace ? resolve(workspace) : join(root, 'workspace'),
    xdgConfig: join(root, 'xdg-config'),
    xdgData: join(root, 'xdg-data'),
    xdgCache: join(root, 'xdg-cache'),
    browser: join(root, 'chromium-profile'),
    browserHome: join(root, 'chromium-home'),
    tmp: join(root, 'tmp'),
  };
  for (const [k, d] of Object.entries(dirs))
    if (k !== 'workspace' || !workspace) mkdirSync(d, { recursive: true });
  if (folder) cpSync(folder, dirs.workspace, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dirs.workspace, rel)), { recursive: true });
    writeFileSync(join(dirs.workspace, rel), text);
  }
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  const allSettings = {
    ...DEFAULT_SETTINGS,
    'security.workspace.trust.enabled': workspaceTrust,
    ...settings,
  };
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(allSettings, null, 2));
  // EXTENSIONS_GALLERY='{}' turns off code-server's default marketplace (open-vsx.org): no gallery
  // queries on a closed network. XDG_*: code-server's config.yaml and logs, VS Code's device id.
  // TMPDIR: the extension host leaves vscode-ipc-*.sock files in os.tmpdir().
  const xdg = { XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData, XDG_CACHE_HOME: dirs.xdgCache };
  const env = { EXTENSIONS_GALLERY: '{}', ...process.env, ...xdg, TMPDIR: dirs.tmp };
  // Chromium writes crash reports, dconf and scoped dirs under $HOME/.config and $HOME/.cache
  const browserEnv = { ...process.env, ...xdg, HOME: dirs.browserHome, TMPDIR: dirs.tmp };
  const csArgs = () => ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  return {
    dirs,
    env,
    browserEnv,
    workspaceTrust,
    csArgs,
    installVsix(vsix) {
      execFileSync(process.execPath, [CS_ENTRY, ...csArgs(), '--install-extension', resolve(vsix)], {
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    },
    cleanup() {
      liveSandboxes.delete(root);
      if (!process.env.KEEP) rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * Start code-server on 127.0.0.1 in its own process group and wait until it listens.
 * Workspace trust is off (--disable-workspace-trust) unless the sandbox was made with workspaceTrust: true.
 */
export async function startCodeServer(sb, { port, extraArgs = [], timeoutMs = 60000 } = {}) {
  assertInstalled();
  installExitHandlers();
  port = port || (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const args = [
    CS_ENTRY,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(sb.workspaceTrust ? [] : ['--disable-workspace-trust']),
    ...sb.csArgs(),
    ...extraArgs,
    sb.dirs.workspace,
  ];
  // detached: code-server leads its own process group (id = its pid), so stop() ends it together with
  // the extension host, file watcher and pty host it forks; those outlive a plain SIGTERM briefly.
  const proc = spawn(process.execPath, args, {
    env: sb.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  liveGroups.add(proc.pid);
  const out = [];
  const started = Date.now();
  await new Promise((res, rej) => {
    const timer = setTimeout(() => {
      stopGroup(proc.pid);
      rej(new Error(`code-server did not listen within ${timeoutMs} ms:\n${out.join('')}`));
    }, timeoutMs);
    const onData = (b) => {
      out.push(b.toString());
      if (/HTTP server listening on/.test(b.toString())) {
        clearTimeout(timer);
        res();
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`code-server exited (${code}):\n${out.join('')}`));
    });
  });
  const health = await fetch(`${base}/healthz`);
  if (!health.ok) throw new Error(`code-server /healthz: HTTP ${health.status}`);
  log(`code-server pid ${proc.pid} on ${base} (ready after ${Date.now() - started} ms)`);
  return {
    proc,
    base,
    port,
    logText: () => out.join(''),
    stop: () => stopGroup(proc.pid),
  };
}

/**
 * SIGTERM the process group, SIGKILL what is left after 2 s, and wait until the group is gone. (A remote
 * extension host whose workbench just went away can sit out a reconnection grace period; nothing in the
 * throw-away user data needs a clean shutdown.)
 */
async function stopGroup(pgid) {
  const alive = () => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signal = (s) => {
    try {
      process.kill(-pgid, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  for (let i = 0; i < 20 && alive(); i++) await tick();
  if (alive()) signal('SIGKILL');
  for (let i = 0; i < 50 && alive(); i++) await tick();
  liveGroups.delete(pgid);
}

/** Debian Chromium, headless, with the flags that keep it quiet on a closed network. */
export async function launchBrowser(profileDir, { viewport = { width: 1400, height: 900 }, env } = {}) {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    env,
    headless: true,
    viewport,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] || (await context.newPage());
  return { context, page };
}

/**
 * The workbench URL for a folder (or a .code-workspace file). Extension development and test paths go
 * in the `payload` parameter as vscode-remote URIs: code-server's own command line refuses them.
 */
export function workbenchUrl(base, workspace, { devPaths = [], testsPath } = {}) {
  const authority = new URL(base).host;
  const remote = (p) => `vscode-remote://${authority}${resolve(p)}`;
  const payload = [
    ...devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]),
    ...(testsPath ? [['extensionTestsPath', remote(testsPath)]] : []),
    ['skipWelcome', 'true'],
  ];
  const kind = workspace.endsWith('.code-workspace') ? 'workspace' : 'folder';
  return `${base}/?${kind}=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * Start an isolated code-server with `vsix` installed (and/or `devPaths` loaded from source), open the
 * workspace in Chromium and wait for the workbench. Always call close() (in a finally / after hook).
 * Options: vsix, devPaths, folder (copied), files, workspace (opened in place), settings,
 * workspaceTrust (default false = --disable-workspace-trust), env (extra environment for code-server),
 * args (extra code-server arguments, e.g. ['--log', 'trace']).
 */
export async function openVSCode(opts = {}) {
  const sb = makeSandbox(opts);
  Object.assign(sb.env, opts.env || {});
  let cs;
  let browser;
  try {
    for (const v of [].concat(opts.vsix || [])) sb.installVsix(v);
    cs = await startCodeServer(sb, { extraArgs: opts.args });
    browser = await launchBrowser(sb.dirs.browser, { env: sb.browserEnv });
    const vscode = new VSCodeSession(sb, cs, browser);
    await vscode.page.goto(workbenchUrl(cs.base, sb.dirs.workspace, { devPaths: opts.devPaths }));
    await vscode.waitForWorkbench();
    return vscode;
  } catch (e) {
    await browser?.context.close().catch(() => {});
    await cs?.stop();
    sb.cleanup();
    throw e;
  }
}

/** In the page: the text of an editor's `.view-lines`, its line elements in the order they are drawn. */
function renderedLines(viewLines) {
  return [...viewLines.querySelectorAll('.view-line')]
    .map((line) => [parseFloat(line.style.top) || 0, line.textContent.replace(/\u00a0/g, ' ')])
    .sort((a, b) => a[0] - b[0])
    .map(([, text]) => text)
    .join('\n');
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class VSCodeSession {
  constructor(sb, cs, { context, page }) {
    this.sb = sb;
    this.cs = cs;
    this.context = context;
    this.page = page;
    this.workspace = sb.dirs.workspace;
    this.pageErrors = [];
    page.on('pageerror', (e) => this.pageErrors.push(String(e)));
  }

  /** The workbench is up and the workspace's explorer has rendered (or the trust dialog is showing). */
  async waitForWorkbench({ timeout = 60000 } = {}) {
    const page = this.page;
    await page.locator('.monaco-workbench').waitFor({ timeout });
    await page
      .locator('.explorer-folders-view .monaco-list-row, .monaco-dialog-box')
      .first()
      .waitFor({ timeout });
  }

  /** With workspaceTrust: answer the "Do you trust the authors" dialog (true = trust, false = restricted mode). */
  async answerTrustPrompt(trust, { timeout = 30000 } = {}) {
    const label = trust ? /^Yes, I trust the authors/ : /^No, I don't trust the authors/;
    const dialog = this.page.locator('.monaco-dialog-box');
    await dialog.getByRole('button', { name: label }).click({ timeout });
    await dialog.waitFor({ state: 'detached', timeout });
  }

  /** Path of a workspace file on disk. */
  file(rel) {
    return join(this.workspace, rel);
  }

  readFile(rel) {
    return readFileSync(this.file(rel), 'utf8');
  }

  /**
   * Type into the open quick input (command palette, Quick Open) and accept the row labelled `label`
   * (exactly, or followed by a parenthesized detail: 'View: Focus Problems (Errors, Warnings, Infos)').
   */
  async pickQuickInput(text, label, { timeout = 15000 } = {}) {
    const page = this.page;
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout });
    await input.fill(text);
    const exact = new RegExp(`^${escapeRegExp(label)}(?: \\(.*\\))?$`);
    const rows = page.locator('.quick-input-list .monaco-list-row');
    const wanted = rows.filter({ has: page.locator('.monaco-icon-label .label-name', { hasText: exact }) });
    await wanted.first().waitFor({ timeout });
    // move the keyboard focus onto the wanted row (it is usually the first one), then accept with Enter
    const focused = page.locator('.quick-input-list .monaco-list-row.focused .label-name');
    for (let i = 0; i < 30; i++) {
      const now = await focused.innerText({ timeout }).catch(() => '');
      if (exact.test(now.trim())) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout });
  }

  /** Run a command from the palette by its label, e.g. 'View: Focus Problems' or 'Ownless: Lint Workspace'. */
  async runCommand(label, opts) {
    await this.page.keyboard.press('F1');
    await this.pickQuickInput('>' + label, label, opts);
  }

  /** Open a workspace file through Quick Open (Ctrl+P) and wait until its editor is active. */
  async openFile(rel, { timeout = 30000 } = {}) {
    const page = this.page;
    const name = basename(rel);
    await page.keyboard.press('Control+p');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout });
    await input.fill(rel);
    // Quick Open's rows: label = file name, description = folder relative to the workspace
    const dir = dirname(rel) === '.' ? '' : dirname(rel);
    const row = page.locator('.quick-input-list .monaco-list-row.focused', {
      has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }),
    });
    await row.waitFor({ timeout });
    if (dir) await row.locator('.label-description', { hasText: dir }).waitFor({ timeout });
    await page.keyboard.press('Enter');
    await page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).waitFor({ timeout });
    await this.focusEditor();
  }

  async focusEditor() {
    const ed = this.page.locator('.editor-group-container.active .monaco-editor textarea.inputarea').first();
    await ed.focus();
  }

  /**
   * The active editor's visible text (the rendered lines; long files show only the viewport). Monaco
   * positions its line elements absolutely and reuses them, so after an edit their DOM order is not the
   * line order: they are read sorted by their `top`. Non-breaking spaces are plain spaces.
   */
  async editorText() {
    return this.page
      .locator('.editor-group-container.active .monaco-editor .view-lines')
      .first()
      .evaluate(renderedLines);
  }

  /** Wait until the active editor's rendered text satisfies `predicate` (a RegExp or a function of the text). */
  async waitForEditorText(predicate, { timeout = 15000 } = {}) {
    const src = predicate instanceof RegExp ? { re: predicate.source, flags: predicate.flags } : null;
    if (src) {
      await this.page.waitForFunction(
        ({ re, flags }) => {
          const v = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
          if (!v) return false;
          // = renderedLines(v): a page function cannot call one defined here (and eval may be refused)
          const text = [...v.querySelectorAll('.view-line')]
            .map((line) => [parseFloat(line.style.top) || 0, line.textContent.replace(/\u00a0/g, ' ')])
            .sort((a, b) => a[0] - b[0])
            .map(([, t]) => t)
            .join('\n');
          return new RegExp(re, flags).test(text);
        },
        src,
        { timeout },
      );
      return;
    }
    const end = Date.now() + timeout;
    for (;;) {
      const text = await this.editorText();
      if (predicate(text)) return;
      if (Date.now() > end) throw new Error('editor text did not match; now:\n' + text);
      await tick();
    }
  }

  /** Move the cursor of the active editor to a 1-based line/column (Go to Line, Ctrl+G). */
  async gotoPosition(line, column = 1, { timeout = 15000 } = {}) {
    const page = this.page;
    await this.focusEditor();
    await page.keyboard.press('Control+g');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout });
    await input.fill(`:${line}:${column}`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout });
    await page
      .locator('#status\\.editor\\.selection', { hasText: new RegExp(`Ln ${line}, Col ${column}\\b`) })
      .waitFor({ timeout });
  }

  /**
   * Entries of the Problems panel (opens it). Each: { severity, message, source, code, line, column, file,
   * fsPath, text }: file = the file's name, fsPath = its path, text = the row as shown, e.g.
   * "hello-diagnostic hello-diag(HD001) [Ln 5, Col 7]".
   * Options: waitFor (string/RegExp that some entry's text must match; waits for it), timeout.
   */
  async problems({ waitFor, timeout = 30000 } = {}) {
    const page = this.page;
    if (!(await page.locator('.markers-panel').isVisible())) await this.runCommand('View: Focus Problems');
    await page.locator('.markers-panel').waitFor({ timeout });
    if (waitFor !== undefined) {
      await page
        .locator('.markers-panel .monaco-list-row', { hasText: waitFor })
        .first()
        .waitFor({ timeout });
    }
    return page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) => {
      let file = null;
      let fsPath = null;
      const out = [];
      for (const row of rows) {
        const q = (sel) => row.querySelector(sel)?.textContent.trim() ?? '';
        if (!row.querySelector('.marker-message-details-container')) {
          // a file row heads its markers; its icon label's aria-label is the file's path
          file = q('.resource-label-container .label-name') || file;
          fsPath =
            row.querySelector('.resource-label-container .monaco-icon-label')?.getAttribute('aria-label') ||
            null;
          continue;
        }
        const icon = row.querySelector('.marker-icon')?.className ?? '';
        const severity = ['error', 'warning', 'info'].find((s) => icon.split(/\s+/).includes(s)) ?? 'hint';
        const pos = /Ln (\d+), Col (\d+)/.exec(q('.marker-line'));
        const [message, source, code] = [q('.marker-message'), q('.marker-source'), q('.marker-code')];
        out.push({
          severity,
          message,
          source,
          code,
          line: pos ? Number(pos[1]) : null,
          column: pos ? Number(pos[2]) : null,
          file,
          fsPath,
          text: `${message} ${source}${code ? `(${code})` : ''} ${q('.marker-line')}`
            .replace(/\s+/g, ' ')
            .trim(),
        });
      }
      return out;
    });
  }

  /** Wait until no Problems entry's text matches `match` (the panel must be open). */
  async waitForNoProblem(match, { timeout = 30000 } = {}) {
    await this.page
      .locator('.markers-panel .monaco-list-row', { hasText: match })
      .first()
      .waitFor({ state: 'detached', timeout });
  }

  /**
   * Apply the quick fix titled `label` at the cursor (or at { line, column } first): wait for the
   * lightbulb, open the menu with Ctrl+., move the focus onto the entry and press Enter. A click does not
   * work: the action widget lays a pointer-blocking overlay over the page.
   */
  async quickFix(label, { line, column, timeout = 15000 } = {}) {
    const page = this.page;
    if (line) await this.gotoPosition(line, column ?? 1);
    // the lightbulb shows once the code actions at the cursor are known; some fixes show none, so go on
    await page
      .locator('.monaco-editor .lightBulbWidget')
      .first()
      .waitFor({ state: 'visible', timeout })
      .catch(() => log('quickFix: no lightbulb shown, trying Ctrl+. anyway'));
    const exact = new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`);
    const menu = page.locator('.action-widget');
    const item = menu.locator('.monaco-list-row', { has: page.locator('.title', { hasText: exact }) });
    // Right after the cursor moves, Ctrl+. can race the code-action request and show "No code actions
    // available"; retry (each attempt waits on the menu, not on a timer).
    for (let attempt = 1; ; attempt++) {
      await this.focusEditor();
      await page.keyboard.press('Control+Period');
      try {
        await item.first().waitFor({ timeout: 5000 });
        break;
      } catch (e) {
        if (attempt === 4) {
          const shown = await menu.innerText().catch(() => '(no menu)');
          throw new Error(`quick fix "${label}" not offered; menu: ${shown}`, { cause: e });
        }
        log(`quickFix: "${label}" not in the menu (attempt ${attempt}), retrying`);
        await page.keyboard.press('Escape');
        await menu.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
      }
    }
    const focusedTitle = menu.locator('.monaco-list-row.focused .title');
    for (let i = 0; i < 30; i++) {
      const now = await focusedTitle.innerText({ timeout: 2000 }).catch(() => '');
      if (exact.test(now)) break;
      await page.keyboard.press('ArrowDown');
    }
    await menu
      .locator('.monaco-list-row.focused', { has: page.locator('.title', { hasText: exact }) })
      .waitFor({ timeout });
    await page.keyboard.press('Enter');
    await item.first().waitFor({ state: 'detached', timeout });
  }

  /**
   * Show the hover at a 1-based line/column of the active editor (keyboard: Ctrl+K Ctrl+I, Show or Focus
   * Hover) and return its text without the status row ("View Problem", "Quick Fix..."), one line per hover
   * part. A diagnostic reads "message source(code)", as in the Problems panel. `waitFor` (string/RegExp)
   * waits for a part with that text.
   */
  async hover(line, column, { timeout = 15000, waitFor } = {}) {
    const page = this.page;
    await this.gotoPosition(line, column);
    const hover = page.locator('.monaco-hover:not(.hidden):not(.workbench-hover)');
    const rows = hover.locator('.monaco-hover-content .hover-row:not(.status-bar)');
    await page.keyboard.press('Control+k');
    await page.keyboard.press('Control+i');
    await rows.first().waitFor({ state: 'visible', timeout });
    if (waitFor) await rows.filter({ hasText: waitFor }).first().waitFor({ timeout });
    // A diagnostic's row is <message><details>; details is "source(code)" as text, or source + a link
    // to the code's documentation (no parentheses in the DOM): write both as "message source(code)".
    const text = await rows.evaluateAll((els) =>
      els
        .map((row) => {
          const marker = row.querySelector('.marker.hover-contents');
          if (!marker) return row.innerText.trim();
          const [message, details] = marker.children;
          const link = details?.querySelector('a.code-link');
          const source = link ? (details.querySelector(':scope > span')?.innerText.trim() ?? '') : '';
          const tail = link ? `${source}(${link.innerText.trim()})` : (details?.innerText.trim() ?? '');
          return [message?.innerText.trim(), tail].filter(Boolean).join(' ');
        })
        .join('\n')
        .trim(),
    );
    await page.keyboard.press('Escape');
    await hover
      .first()
      .waitFor({ state: 'hidden', timeout })
      .catch(() => {});
    return text;
  }

  /**
   * Open a view by its name (Quick Open's "view " provider, i.e. View: Open View) and return its tree rows:
   * [{ label, description, level, expanded, text }]. `waitFor` (string/RegExp) waits for a matching row.
   */
  async treeView(viewName, { waitFor, timeout = 30000 } = {}) {
    const page = this.page;
    await page.keyboard.press('Control+p');
    await this.pickQuickInput('view ' + viewName, viewName, { timeout });
    // the view's tree carries the view's name as its aria-label
    const rows = page.locator(`.pane-body [role="tree"][aria-label="${viewName}"] .monaco-list-row`);
    await (waitFor ? rows.filter({ hasText: waitFor }) : rows).first().waitFor({ timeout });
    return rows.evaluateAll((els) =>
      els.map((r) => ({
        label: r.querySelector('.label-name')?.textContent.trim() ?? r.innerText.trim(),
        description: r.querySelector('.label-description')?.textContent.trim() ?? '',
        level: Number(r.getAttribute('aria-level') || 1),
        expanded: r.hasAttribute('aria-expanded') ? r.getAttribute('aria-expanded') === 'true' : null,
        text: r.innerText.replace(/\s+/g, ' ').trim(),
      })),
    );
  }

  /** Wait for a notification toast containing `text`; returns its text. */
  async notification(text, { timeout = 15000 } = {}) {
    const toast = this.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
    await toast.waitFor({ timeout });
    return toast.innerText();
  }

  /** Save the active editor (Ctrl+S) and wait until the file on disk satisfies `predicate(text)`. */
  async save(rel, predicate = () => true, { timeout = 15000 } = {}) {
    await this.focusEditor();
    await this.page.keyboard.press('Control+s');
    const end = Date.now() + timeout;
    for (;;) {
      const text = this.readFile(rel);
      if (predicate(text)) return text;
      if (Date.now() > end) throw new Error(`${rel} on disk did not change as expected:\n${text}`);
      await tick();
    }
  }

  async screenshot(path) {
    mkdirSync(dirname(path), { recursive: true });
    await this.page.screenshot({ path });
    return path;
  }

  /** code-server's output so far (server and extension-host logs go to its user-data folder). */
  logText() {
    return this.cs.logText();
  }

  /** Close Chromium, end code-server's process group, remove the temp folders (KEEP=1 keeps them). */
  async close() {
    await this.context.close().catch(() => {});
    await this.cs.stop();
    this.sb.cleanup();
  }
}
