// The Ownless sidebar inside a real VS Code extension host (npm run test:vscode; see test/e2e/README.md):
// the commands of the Functions view and their effects — the invoke panel (a webview tab), invoking in
// the embedded local runtime (response and logs apart, durations, cold then warm), Open handler, Reveal
// in template — and the AWS actions against a moto_server the suite starts: Invoke on AWS, and Deploy
// code, asked for the deployed name and confirmed in a modal, checked with the AWS SDK.
//
// The tree's items are not reachable through the API; the UI test test/e2e/sidebar.e2e.mjs clicks them.
// The invoke panel's own invoke() (the webview's Invoke button calls it) is reached through the
// extension's `exports.test.invokePanels()`.
//
// Fixture: greeter/ in the workspace copy (GreeterFunction, nodejs22.x, 256 MB, no findings; a saved
// event in greeter/events/GreeterFunction/). Other tests' template.yaml is left alone.
// In an untrusted workspace (OWNLESS_WORKSPACE_TRUST=1) the run/deploy tests check the refusal instead.
const assert = require('assert');
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');

const EXTENSION_ID = 'ownless-dev.ownless';
const FUNCTION_ID = 'GreeterFunction';
const GREETER_LINE = 5; // 0-based line of "  GreeterFunction:" in greeter/template.yaml
const DEPLOYED = 'ownless-sidebar-greeter'; // created in moto by the suite
const CREATED = 'ownless-sidebar-created'; // created by the extension's Deploy

const folder = () => vscode.workspace.workspaceFolders[0].uri;
const greeterTemplate = () => vscode.Uri.joinPath(folder(), 'greeter', 'template.yaml');
const greeterRef = () => ({ uri: greeterTemplate().toString(), functionId: FUNCTION_ID });
const trusted = () => vscode.workspace.isTrusted;

/** Poll `check` every 50 ms until it returns a truthy value; that value is returned. */
async function until(check, what, timeout = 20000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Temporarily replace a `vscode.window` function (the tests share the extension's API object). */
function stubWindow(name, impl) {
  const original = vscode.window[name];
  const calls = [];
  vscode.window[name] = (...args) => {
    calls.push(args);
    return impl(...args);
  };
  return { calls, restore: () => (vscode.window[name] = original) };
}

/** Stubs several window functions at once; `restore()` puts all back. */
function stubs(map) {
  const made = Object.fromEntries(Object.entries(map).map(([name, impl]) => [name, stubWindow(name, impl)]));
  made.restore = () => {
    for (const [name, s] of Object.entries(made)) if (name !== 'restore') s.restore();
  };
  return made;
}

const allTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
const webviewTabs = (label) =>
  allTabs().filter((t) => t.input instanceof vscode.TabInputWebview && t.label === label);

/** The open invoke panel whose key satisfies `match`, from the extension's test export. */
function panelWhere(api, match) {
  for (const [key, panel] of api.test.invokePanels()) if (match(key)) return panel;
  return undefined;
}

async function closeEverything() {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await until(() => allTabs().length === 0, 'every tab closed');
}

// ---- moto_server, as test/aws/moto.ts starts it (in plain node: this suite is CJS) ----------

const FAKE_ACCESS_KEY_ID = 'AKIAOWNLESSTESTKEY01';
const AWS_VARIABLES = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_LAMBDA',
  'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS',
  'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
];

/** moto_server on 127.0.0.1, a port of the system's choosing (from its banner), Lambda without Docker. */
async function startMoto() {
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = await new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`moto_server printed no port:\n${output}`)), 30000);
    const read = (chunk) => {
      output += chunk.toString();
      const match = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot start moto_server (pip install 'moto[server]'): ${e.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`moto_server exited (${code}):\n${output}`));
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await until(
    () =>
      fetch(`${endpoint}/moto-api/`).then(
        () => true,
        () => false,
      ),
    'moto_server to answer',
    30000,
  );
  const configured = await fetch(`${endpoint}/moto-api/config`, {
    method: 'POST',
    body: JSON.stringify({ lambda: { use_docker: false } }),
  });
  assert.ok(configured.ok, `moto config: HTTP ${configured.status}`);
  return {
    endpoint,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** An IAM role in moto through IAM's query API (moto routes by the credential scope, checks no signature). */
async function createRole(endpoint, name) {
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  });
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `AWS4-HMAC-SHA256 Credential=${FAKE_ACCESS_KEY_ID}/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams({
      Action: 'CreateRole',
      Version: '2010-05-08',
      RoleName: name,
      AssumeRolePolicyDocument: trust,
    }),
  });
  const text = await response.text();
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(text)?.[1];
  assert.ok(arn, `CreateRole failed: ${text}`);
  return arn;
}

describe('Ownless sidebar (in the extension host)', function () {
  this.timeout(60000);
  let extension;
  let api;

  before(async () => {
    extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await until(() => extension.isActive, `${EXTENSION_ID} to activate`);
    api = extension.exports;
    // VS Code for the Web (code-server) saves after a delay by default: these tests save explicitly
    await vscode.workspace
      .getConfiguration('files')
      .update('autoSave', 'off', vscode.ConfigurationTarget.Workspace);
    assert.ok(api.test && typeof api.test.invokePanels === 'function', 'exports.test.invokePanels()');
    await closeEverything();
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('files')
      .update('autoSave', undefined, vscode.ConfigurationTarget.Workspace);
  });

  afterEach(async () => {
    for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await closeEverything();
  });

  describe('Invoke locally', () => {
    it('opens the invoke panel, a webview tab "Invoke GreeterFunction (local)" (before the view was ever shown)', async function () {
      const warning = stubWindow('showWarningMessage', async () => undefined);
      try {
        await vscode.commands.executeCommand('ownless.invokeFunction', greeterRef());
      } finally {
        warning.restore();
      }
      if (!trusted()) {
        assert.deepStrictEqual(webviewTabs('Invoke GreeterFunction (local)'), []);
        assert.match(
          warning.calls[0]?.[0] ?? '(no warning)',
          /^Ownless: Invoke runs code or changes AWS, so it is disabled in an untrusted workspace/,
        );
        return;
      }
      assert.deepStrictEqual(warning.calls, []);
      const [tab] = await until(
        () =>
          webviewTabs('Invoke GreeterFunction (local)').length &&
          webviewTabs('Invoke GreeterFunction (local)'),
        'the invoke panel',
      );
      assert.match(tab.input.viewType, /ownless\.invoke$/);
      assert.ok(
        panelWhere(api, (k) => k === `local:${greeterRef().uri}#${FUNCTION_ID}`),
        'the panel is keyed by template and function',
      );
    });

    it('works before the Functions view was ever shown: the local runtime knows the workspace’s functions', async function () {
      if (!trusted()) return this.skip();
      // The code lens calls ownless.invokeFunction too, usually before anyone opens the sidebar.
      await vscode.commands.executeCommand('ownless.invokeFunction', {
        ...greeterRef(),
        functionId: 'EchoFunction',
      });
      const panel = await until(
        () => panelWhere(api, (k) => k.endsWith('#EchoFunction')),
        'the EchoFunction panel',
      );
      const { outcome, error } = await panel.invoke('{ "echo": 1 }');
      assert.ok(outcome, `invoke failed: ${error}`);
      assert.deepStrictEqual(JSON.parse(outcome.payload), { echo: 1 });
    });

    describe('in a trusted workspace', function () {
      let panel;
      before(async function () {
        if (!trusted()) this.skip();
        // The runtime learns the templates when the sidebar first reads the workspace's functions (the
        // tree, or the palette's function picker); the test above checks it needs no such step. Here:
        // the picker, cancelled, so that these tests run whatever that one found.
        const pick = stubWindow('showQuickPick', async () => undefined);
        try {
          await vscode.commands.executeCommand('ownless.invokeFunction');
        } finally {
          pick.restore();
        }
        assert.strictEqual(pick.calls.length, 1);
      });
      beforeEach(async () => {
        await vscode.commands.executeCommand('ownless.invokeFunction', greeterRef());
        panel = await until(
          () => panelWhere(api, (k) => k === `local:${greeterRef().uri}#${FUNCTION_ID}`),
          'the GreeterFunction panel',
        );
      });

      it('runs the handler in the local runtime: the response, the logs apart, the durations; cold, then warm', async function () {
        this.timeout(90000);
        const first = await panel.invoke('{ "name": "Ada" }');
        assert.strictEqual(first.error, undefined, `invoke failed: ${first.error}`);
        const cold = first.outcome;
        assert.strictEqual(cold.statusCode, 200);
        assert.strictEqual(cold.functionError, undefined);
        assert.deepStrictEqual(JSON.parse(cold.payload), { message: 'Hello, Ada!' });
        // the logs: what the handler printed, framed by Lambda's START / END / REPORT lines
        assert.match(cold.logs, /greeting Ada/);
        assert.match(cold.logs, /^START RequestId: [\w-]+/m);
        assert.match(cold.logs, /^END RequestId: [\w-]+/m);
        assert.match(cold.logs, /^REPORT RequestId: [\w-]+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms/m);
        assert.doesNotMatch(cold.payload, /greeting|START|REPORT/, 'the response carries no logs');
        assert.strictEqual(typeof cold.duration, 'number');
        assert.ok(cold.billedDuration >= Math.floor(cold.duration), JSON.stringify(cold));
        assert.strictEqual(cold.memorySize, 256);
        assert.ok(cold.memoryUsed > 0 && cold.memoryUsed <= 256, `memory used ${cold.memoryUsed}`);
        assert.ok(cold.initDuration > 0, `a cold start reports its Init Duration: ${cold.initDuration}`);
        assert.match(cold.logs, /Init Duration: [\d.]+ ms/);

        const second = await panel.invoke('{ "name": "Grace" }');
        const warm = second.outcome;
        assert.ok(warm, `second invoke: ${second.error}`);
        assert.deepStrictEqual(JSON.parse(warm.payload), { message: 'Hello, Grace!' });
        assert.strictEqual(warm.initDuration, undefined, 'a warm start has no Init Duration');
        assert.doesNotMatch(warm.logs, /Init Duration/);
        assert.match(warm.logs, /greeting Grace/);
        console.log(
          `    cold: init ${cold.initDuration.toFixed(1)} ms + ${cold.duration.toFixed(1)} ms; warm: ${warm.duration.toFixed(2)} ms`,
        );
      });

      it('the runtime started with ownless.local.prewarm; a change waits for its next start', async () => {
        const declared = extension.packageJSON.contributes.configuration.properties['ownless.local.prewarm'];
        assert.deepStrictEqual([declared.type, declared.default, declared.minimum], ['integer', 2, 0]);
        const local = () => vscode.workspace.getConfiguration('ownless.local');
        assert.ok((await panel.invoke('{}')).outcome, 'the runtime runs');
        assert.deepStrictEqual(api.test.localRuntimeOptions(), {
          prewarm: local().get('prewarm'),
          hostCredentials: true,
        });
        await local().update('prewarm', 0, vscode.ConfigurationTarget.Workspace);
        try {
          // The running runtime goes on as it was: its environments stay warm.
          const { outcome, error } = await panel.invoke('{}');
          assert.ok(outcome, `invoke after the change: ${error}`);
          assert.strictEqual(outcome.initDuration, undefined, 'still warm');
          assert.deepStrictEqual(api.test.localRuntimeOptions(), { prewarm: 2, hostCredentials: true });
        } finally {
          await local().update('prewarm', undefined, vscode.ConfigurationTarget.Workspace);
        }
      });

      it('a handler that throws: status 200, function error Unhandled, the error as the response', async () => {
        const { outcome, error } = await panel.invoke('{ "name": "Bob", "fail": true }');
        assert.ok(outcome, `invoke failed: ${error}`);
        assert.strictEqual(outcome.statusCode, 200);
        assert.strictEqual(outcome.functionError, 'Unhandled');
        const response = JSON.parse(outcome.payload);
        assert.strictEqual(response.errorType, 'Error');
        assert.strictEqual(response.errorMessage, 'asked to fail');
        assert.match(outcome.logs, /greeting Bob/);
      });

      it('a payload that is not JSON is refused before anything runs', async () => {
        const entry = await panel.invoke('{ "name": ');
        assert.strictEqual(entry.outcome, undefined);
        assert.match(entry.error, /^The payload is not JSON: /);
      });

      it('Invoke again (or from the tree item) brings the same panel forward: one tab per function', async () => {
        // the tree passes its node: { kind: 'function', uri, fn }
        const node = { kind: 'function', uri: greeterRef().uri, fn: { id: FUNCTION_ID, findings: 0 } };
        await vscode.commands.executeCommand('ownless.invokeFunction', node);
        await vscode.commands.executeCommand('ownless.invokeFunction', greeterRef());
        await until(() => webviewTabs('Invoke GreeterFunction (local)').length > 0, 'the tab');
        assert.strictEqual(webviewTabs('Invoke GreeterFunction (local)').length, 1);
        const local = [...api.test.invokePanels().keys()].filter((k) => k.endsWith(`#${FUNCTION_ID}`));
        assert.deepStrictEqual(local, [`local:${greeterRef().uri}#${FUNCTION_ID}`]);
      });

      it('from the palette (no argument): asks which function, listing every template', async () => {
        await closeEverything();
        const pick = stubWindow('showQuickPick', async (items) =>
          (await items).find((i) => i.label === FUNCTION_ID),
        );
        try {
          await vscode.commands.executeCommand('ownless.invokeFunction');
        } finally {
          pick.restore();
        }
        const [items, options] = pick.calls[0];
        const labels = (await items).map((i) => i.label);
        for (const id of [FUNCTION_ID, 'OrdersFunction', 'ReportsFunction', 'NotifyFunction'])
          assert.ok(labels.includes(id), JSON.stringify(labels));
        const greeter = (await items).find((i) => i.label === FUNCTION_ID);
        assert.match(greeter.description, /^nodejs22\.x · greeter\/template\.yaml$/);
        assert.strictEqual(options.title, 'Invoke which function?');
        await until(() => webviewTabs('Invoke GreeterFunction (local)').length === 1, 'the panel');
      });

      it('typing in a template (unsaved) keeps the warm environments: the runtime reads templates from disk', async function () {
        this.timeout(60000);
        await vscode.commands.executeCommand('workbench.view.extension.ownless'); // the tree follows the edits
        await panel.invoke('{}');
        const warm = await panel.invoke('{}');
        assert.strictEqual(warm.outcome?.initDuration, undefined, 'warm before the edit');
        const document = await vscode.workspace.openTextDocument(greeterTemplate());
        await vscode.window.showTextDocument(document);
        const at = document.getText().indexOf('Timeout: 10') + 'Timeout: '.length;
        const edit = new vscode.WorkspaceEdit();
        edit.replace(
          document.uri,
          new vscode.Range(document.positionAt(at), document.positionAt(at + 2)),
          '300',
        );
        assert.ok(await vscode.workspace.applyEdit(edit));
        // the edit adds a finding (limits/timeout-budget): the sidebar's functions change
        await until(
          () =>
            vscode.languages
              .getDiagnostics(document.uri)
              .some((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'limits/timeout-budget'),
          'the new finding',
        );
        // for 3 s after it (the sidebar refreshes within ~0.5 s), every invoke stays warm and completes
        const seen = [];
        for (const end = Date.now() + 3000; Date.now() < end;) {
          const { outcome, error } = await panel.invoke('{}');
          seen.push(
            error ?? (outcome.initDuration === undefined ? 'warm' : `cold (init ${outcome.initDuration} ms)`),
          );
          await new Promise((r) => setTimeout(r, 100)); // one polling interval
        }
        assert.deepStrictEqual([...new Set(seen)], ['warm'], JSON.stringify(seen));
      });

      it('a function whose logical id is also in another template runs its own template’s code', async function () {
        this.timeout(60000);
        // `sam init` names every first function HelloWorldFunction: two apps in one workspace are common
        const dir = vscode.Uri.joinPath(folder(), 'greeter-copy');
        const copy = vscode.Uri.joinPath(dir, 'template.yaml');
        const original = fs.readFileSync(greeterTemplate().fsPath, 'utf8');
        fs.mkdirSync(path.join(dir.fsPath, 'src'), { recursive: true });
        fs.writeFileSync(copy.fsPath, original.replace('Greeter - the sidebar', 'A copy of the sidebar'));
        fs.writeFileSync(
          path.join(dir.fsPath, 'src', 'app.mjs'),
          "export const handler = async () => ({ message: 'from the copy' });\n",
        );
        try {
          // with the Functions view shown, the sidebar learns about the new template; the palette lists both
          await vscode.commands.executeCommand('workbench.view.extension.ownless');
          await vscode.commands.executeCommand('ownless.refreshFunctions');
          const copyRef = { uri: copy.toString(), functionId: FUNCTION_ID };
          await vscode.workspace.openTextDocument(copy); // the code lens request needs the document open
          await until(async () => {
            const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', copy);
            return lenses?.length > 0;
          }, 'the server to analyse the copy');
          const pick = stubWindow('showQuickPick', async (items) =>
            (await items).find((i) => i.ref.uri === copyRef.uri),
          );
          try {
            await until(async () => {
              await vscode.commands.executeCommand('ownless.invokeFunction');
              const items = await pick.calls.at(-1)[0];
              return items.filter((i) => i.label === FUNCTION_ID).length === 2;
            }, 'both GreeterFunctions offered');
          } finally {
            pick.restore();
          }
          const copyPanel = await until(
            () => panelWhere(api, (k) => k === `local:${copyRef.uri}#${FUNCTION_ID}`),
            'the copy’s panel',
          );
          // (an invoke still racing a reload of the runtime is retried: see the test above)
          const invoke = async (p) => {
            for (let i = 0; ; i++) {
              const entry = await p.invoke('{}');
              if (i === 3 || !/signal: killed/.test(entry.outcome?.payload ?? '')) return entry;
            }
          };
          const [mine, theirs] = [await invoke(copyPanel), await invoke(panel)];
          assert.deepStrictEqual(
            [
              JSON.parse(mine.outcome?.payload ?? '{}').message,
              JSON.parse(theirs.outcome?.payload ?? '{}').message,
            ],
            ['from the copy', 'Hello, world!'],
            `copy: ${mine.outcome?.payload ?? mine.error}; original: ${theirs.outcome?.payload ?? theirs.error}`,
          );
        } finally {
          await closeEverything();
          fs.rmSync(dir.fsPath, { recursive: true, force: true });
          await vscode.commands.executeCommand('ownless.refreshFunctions');
        }
      });
    });
  });

  describe('Open handler, Reveal in template', () => {
    it('Open handler opens the handler’s source file (from a code lens target or a tree node)', async () => {
      await vscode.commands.executeCommand('ownless.openHandler', greeterRef());
      const editor = await until(() => vscode.window.activeTextEditor, 'an editor');
      assert.strictEqual(editor.document.uri.fsPath, path.join(folder().fsPath, 'greeter', 'src', 'app.mjs'));
      await closeEverything();
      const node = {
        kind: 'function',
        uri: vscode.Uri.joinPath(folder(), 'template.yaml').toString(),
        fn: { id: 'NotifyFunction' },
      };
      await vscode.commands.executeCommand('ownless.openHandler', node);
      assert.strictEqual(
        vscode.window.activeTextEditor?.document.uri.fsPath,
        path.join(folder().fsPath, 'src', 'notify.py'),
      );
    });

    it('Open handler on a function that is gone says so', async () => {
      const warning = stubWindow('showWarningMessage', async () => undefined);
      try {
        await vscode.commands.executeCommand('ownless.openHandler', {
          uri: greeterRef().uri,
          functionId: 'GoneFunction',
        });
      } finally {
        warning.restore();
      }
      assert.strictEqual(warning.calls.length, 1);
      assert.match(
        warning.calls[0][0],
        /^Ownless: GoneFunction is no longer in .*greeter[\\/]template\.yaml\.$/,
      );
      assert.strictEqual(vscode.window.activeTextEditor, undefined);
    });

    it('Reveal in template opens the template and selects the function', async () => {
      // Reveal comes from the tree, which has read the workspace's functions by then; here the palette's
      // function picker (cancelled) reads them, and is awaited (trusted or not: it asks before the check)
      const pick = stubWindow('showQuickPick', async () => undefined);
      try {
        await vscode.commands.executeCommand('ownless.invokeFunction');
      } finally {
        pick.restore();
      }
      await vscode.commands.executeCommand('ownless.revealFunction', greeterRef());
      const editor = await until(() => vscode.window.activeTextEditor, 'an editor');
      assert.strictEqual(editor.document.uri.toString(), greeterTemplate().toString());
      assert.strictEqual(
        editor.selection.start.line,
        GREETER_LINE,
        `selection ${JSON.stringify(editor.selection)}`,
      );
      assert.ok(!editor.selection.isEmpty, 'the function is selected');
      assert.match(editor.document.lineAt(GREETER_LINE).text, /^ {2}GreeterFunction:/);
      assert.ok(
        editor.visibleRanges.some((r) => r.contains(editor.selection.start)),
        'the function is in view',
      );
    });

    it('Refresh runs in any workspace', async () => {
      await vscode.commands.executeCommand('ownless.refreshFunctions');
    });
  });

  describe('AWS (against moto_server)', function () {
    this.timeout(90000);
    let moto;
    let lambda;
    let sdk;
    let role;
    const savedEnv = new Map();
    const config = () => vscode.workspace.getConfiguration('ownless.aws');
    const awsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ownless-sidebar-aws-'));

    before(async function () {
      this.timeout(120000);
      if (!trusted()) return; // only the refusals are checked
      // Fake credentials for the extension's SDK clients (this suite runs in the extension host's
      // process) and empty shared files, so that ~/.aws is never read.
      for (const name of AWS_VARIABLES) {
        savedEnv.set(name, process.env[name]);
        delete process.env[name];
      }
      Object.assign(process.env, {
        AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: 'ownless-test-secret-value-that-must-never-be-printed',
        AWS_CONFIG_FILE: path.join(awsDir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(awsDir, 'credentials'),
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      });
      moto = await startMoto();
      await config().update('endpointUrl', moto.endpoint, vscode.ConfigurationTarget.Workspace);
      await config().update('region', 'us-east-1', vscode.ConfigurationTarget.Workspace);
      sdk = require('@aws-sdk/client-lambda');
      const { zipSync, strToU8 } = require('fflate');
      lambda = new sdk.LambdaClient({ endpoint: moto.endpoint, region: 'us-east-1' });
      role = await createRole(moto.endpoint, 'ownless-sidebar-role');
      await lambda.send(
        new sdk.CreateFunctionCommand({
          FunctionName: DEPLOYED,
          Runtime: 'nodejs22.x',
          Handler: 'app.handler',
          Role: role,
          Code: { ZipFile: zipSync({ 'app.mjs': strToU8("export const handler = async () => 'old';\n") }) },
          MemorySize: 256,
          Timeout: 10,
        }),
      );
    });

    after(async () => {
      if (moto) {
        await config().update('endpointUrl', undefined, vscode.ConfigurationTarget.Workspace);
        await config().update('region', undefined, vscode.ConfigurationTarget.Workspace);
        lambda?.destroy();
        await moto.stop();
      }
      for (const [name, value] of savedEnv) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      fs.rmSync(awsDir, { recursive: true, force: true });
    });

    const codeOf = async (name) =>
      (await lambda.send(new sdk.GetFunctionCommand({ FunctionName: name }))).Configuration;

    it('Invoke on AWS for a deployed function opens its panel, which invokes it there', async function () {
      const aws = { kind: 'awsFunction', name: DEPLOYED, region: 'us-east-1' };
      if (!trusted()) {
        const warning = stubWindow('showWarningMessage', async () => undefined);
        try {
          await vscode.commands.executeCommand('ownless.invokeOnAws', aws);
        } finally {
          warning.restore();
        }
        assert.match(
          warning.calls[0]?.[0] ?? '(none)',
          /^Ownless: Invoke on AWS runs code or changes AWS, so it is disabled/,
        );
        assert.deepStrictEqual(webviewTabs(`Invoke ${DEPLOYED} (AWS)`), []);
        return;
      }
      const error = stubWindow('showErrorMessage', async () => undefined);
      try {
        await vscode.commands.executeCommand('ownless.invokeOnAws', aws);
      } finally {
        error.restore();
      }
      assert.deepStrictEqual(error.calls, []);
      await until(() => webviewTabs(`Invoke ${DEPLOYED} (AWS)`).length === 1, 'the AWS invoke panel');
      const panel = panelWhere(api, (k) => k.startsWith('aws:') && k.endsWith(`:${DEPLOYED}`));
      assert.ok(panel, JSON.stringify([...api.test.invokePanels().keys()]));
      assert.ok(
        panelWhere(api, (k) => k.includes(moto.endpoint)),
        'keyed by the target (endpoint)',
      );
      const { outcome, error: failed } = await panel.invoke('{"hello":"moto"}');
      assert.ok(outcome, `invoke on moto failed: ${failed}`);
      assert.strictEqual(outcome.statusCode, 200);
      assert.deepStrictEqual(JSON.parse(outcome.payload), { hello: 'moto' }); // moto without Docker echoes
    });

    it('Deploy code: asks for the deployed name, Cancel in the confirmation changes nothing', async function () {
      if (!trusted()) return this.skip();
      const before = await codeOf(DEPLOYED);
      const ui = stubs({
        showInputBox: async () => DEPLOYED,
        showWarningMessage: async () => undefined, // the modal's Cancel (Escape)
        showInformationMessage: async () => undefined,
        showErrorMessage: async () => undefined,
      });
      try {
        await vscode.commands.executeCommand('ownless.deployFunction', greeterRef());
      } finally {
        ui.restore();
      }
      assert.deepStrictEqual(ui.showErrorMessage.calls, []);
      const [[input]] = ui.showInputBox.calls;
      assert.strictEqual(input.title, `The deployed name of ${FUNCTION_ID}`);
      assert.strictEqual(input.value, FUNCTION_ID);
      assert.match(input.prompt, /no FunctionName/);
      const [[question, options, ...buttons]] = ui.showWarningMessage.calls;
      assert.match(
        question,
        new RegExp(`^Update ${DEPLOYED} in .*${moto.endpoint.replace(/[.]/g, '\\.')}.*\\?$`),
      );
      assert.strictEqual(options.modal, true);
      assert.match(options.detail, /app\.mjs/, `the plan names the files: ${options.detail}`);
      assert.deepStrictEqual(buttons, ['Update']);
      assert.strictEqual((await codeOf(DEPLOYED)).CodeSha256, before.CodeSha256, 'nothing deployed');
    });

    it('Deploy code: confirmed, updates the function’s code (and a second deploy has nothing to do)', async function () {
      if (!trusted()) return this.skip();
      const before = await codeOf(DEPLOYED);
      const ui = stubs({
        showInputBox: async () => DEPLOYED,
        showWarningMessage: async (message, options, ...buttons) => (options?.modal ? buttons[0] : undefined),
        showInformationMessage: async () => undefined,
        showErrorMessage: async () => undefined,
      });
      try {
        await vscode.commands.executeCommand('ownless.deployFunction', greeterRef());
        assert.deepStrictEqual(ui.showErrorMessage.calls, []);
        assert.strictEqual(ui.showWarningMessage.calls.length, 1);
        const done = ui.showInformationMessage.calls.map(([m]) => m);
        assert.match(
          done.at(-1) ?? '(no message)',
          new RegExp(
            `^Ownless: Updated ${DEPLOYED} in .* in [\\d.]+ s \\(state Active, last update Successful\\)\\.$`,
          ),
        );
        const after = await codeOf(DEPLOYED);
        assert.notStrictEqual(after.CodeSha256, before.CodeSha256, 'the code changed');
        assert.notStrictEqual(after.CodeSize, before.CodeSize);

        // the same code again: the plan compares with what runs there, no question asked
        await vscode.commands.executeCommand('ownless.deployFunction', greeterRef());
        assert.strictEqual(ui.showWarningMessage.calls.length, 1, 'no second confirmation');
        assert.match(
          ui.showInformationMessage.calls.at(-1)[0],
          new RegExp(`nothing to deploy, ${DEPLOYED} already runs this code`),
        );
        assert.strictEqual((await codeOf(DEPLOYED)).CodeSha256, after.CodeSha256);
      } finally {
        ui.restore();
      }
    });

    it('Deploy code to a function that does not exist yet: asks for a role, confirms "Create", creates it', async function () {
      if (!trusted()) return this.skip();
      const answers = [CREATED, role];
      const ui = stubs({
        showInputBox: async () => answers.shift(),
        showWarningMessage: async (message, options, ...buttons) => (options?.modal ? buttons[0] : undefined),
        showInformationMessage: async () => undefined,
        showErrorMessage: async () => undefined,
      });
      try {
        await vscode.commands.executeCommand('ownless.deployFunction', greeterRef());
      } finally {
        ui.restore();
      }
      assert.deepStrictEqual(
        ui.showErrorMessage.calls.map(([m]) => m),
        [],
      );
      assert.strictEqual(ui.showInputBox.calls.length, 2);
      assert.match(
        ui.showInputBox.calls[1][0].title,
        new RegExp(`^${CREATED} does not exist yet: create it$`),
      );
      assert.ok(ui.showInputBox.calls[1][0].validateInput('not a role'), 'a role ARN is required');
      assert.match(ui.showWarningMessage.calls[0][0], new RegExp(`^Create ${CREATED} in `));
      const created = await codeOf(CREATED);
      assert.strictEqual(created.Runtime, 'nodejs22.x');
      assert.strictEqual(created.Handler, 'app.handler');
      assert.strictEqual(created.MemorySize, 256);
      assert.strictEqual(created.Timeout, 10);
      assert.strictEqual(created.Role, role);
    });

    it('Invoke on AWS from a workspace function asks which deployed function it is', async function () {
      if (!trusted()) return this.skip();
      const input = stubWindow('showInputBox', async () => DEPLOYED);
      try {
        await vscode.commands.executeCommand('ownless.invokeOnAws', greeterRef());
      } finally {
        input.restore();
      }
      assert.strictEqual(input.calls.length, 1);
      await until(() => webviewTabs(`Invoke ${DEPLOYED} (AWS)`).length === 1, 'the AWS invoke panel');
    });

    it('a function that does not exist: Invoke on AWS says so, with the next step', async function () {
      if (!trusted()) return this.skip();
      await vscode.commands.executeCommand('ownless.invokeOnAws', {
        kind: 'awsFunction',
        name: 'ownless-no-such',
        region: 'us-east-1',
      });
      const panel = await until(
        () => panelWhere(api, (k) => k.startsWith('aws:') && k.endsWith(':ownless-no-such')),
        'the panel',
      );
      const { outcome, error } = await panel.invoke('{}');
      assert.strictEqual(outcome, undefined);
      assert.match(error, /The function ownless-no-such does not exist in .* \(region us-east-1\)\./);
    });

    it('the target follows the shared config file (AWS_CONFIG_FILE): a region written there is the next invoke’s', async function () {
      if (!trusted()) return this.skip();
      const configFile = process.env.AWS_CONFIG_FILE;
      const aws = { kind: 'awsFunction', name: DEPLOYED, region: 'us-east-1' };
      // No region setting, no AWS_REGION, no config file: the endpoint's default region, us-east-1.
      await config().update('region', undefined, vscode.ConfigurationTarget.Workspace);
      try {
        await vscode.commands.executeCommand('ownless.invokeOnAws', aws);
        const panel = await until(
          () => panelWhere(api, (k) => k.startsWith('aws:') && k.endsWith(`:${DEPLOYED}`)),
          'the AWS invoke panel',
        );
        const first = await panel.invoke('{}');
        assert.ok(first.outcome, `invoke in us-east-1: ${first.error}`);
        // The default profile gets a region in the file: the target (cached until then) follows it.
        fs.writeFileSync(configFile, '[default]\nregion = eu-west-1\n');
        const moved = await until(async () => {
          const entry = await panel.invoke('{}');
          return /\(region eu-west-1\)/.test(entry.error ?? '') && entry;
        }, 'an invoke in eu-west-1');
        assert.match(
          moved.error,
          new RegExp(`The function ${DEPLOYED} does not exist in .*\\(region eu-west-1\\)\\.`),
        );
        fs.writeFileSync(configFile, '[default]\nregion = us-east-1\n');
        await until(async () => (await panel.invoke('{}')).outcome, 'an invoke in us-east-1 again');
      } finally {
        fs.rmSync(configFile, { force: true });
        await config().update('region', 'us-east-1', vscode.ConfigurationTarget.Workspace);
      }
    });

    it('Deploy and Show logs refuse in an untrusted workspace (only there)', async function () {
      if (trusted()) return this.skip();
      const ui = stubs({
        showWarningMessage: async () => undefined,
        showInputBox: async () => undefined,
        showInformationMessage: async () => undefined,
      });
      try {
        await vscode.commands.executeCommand('ownless.deployFunction', greeterRef());
        await vscode.commands.executeCommand('ownless.showLogs', {
          kind: 'awsFunction',
          name: DEPLOYED,
          region: 'us-east-1',
        });
      } finally {
        ui.restore();
      }
      assert.deepStrictEqual(
        ui.showWarningMessage.calls.map(([m]) => m.replace(/ runs code.*/, '')),
        ['Ownless: Deploy', 'Ownless: Show logs'],
      );
      assert.strictEqual(ui.showInputBox.calls.length, 0, 'nothing asked before refusing');
    });
  });
});
