/**
 * Handler code through the real server (`ownless lsp --stdio`): handler files linked from a workspace
 * template are diagnosed (closed, from the scan, and open, as the user types), with quick fixes,
 * "Accept this deviation", hovers, completion, and a lens above each handler export.
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeAction, CodeLens, CompletionItem, Hover } from 'vscode-languageserver-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { TemplateFunctions } from '../../src/server/protocol';
import { TestClient } from './client';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 10
    MemorySize: 128
Resources:
  Create:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.create
      Runtime: nodejs22.x
  List:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.list
      Runtime: nodejs22.x
  Report:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: reports/
      Handler: daily.handler
      Runtime: python3.13
`;

const APP = `const { S3Client } = require('@aws-sdk/client-s3');
const { setTimeout: sleep } = require('node:timers/promises');

exports.create = async (event) => {
  const s3 = new S3Client({});
  return s3.config;
};

exports.list = async (event) => {
  await sleep(5000);
  return [];
};
`;

const DAILY = `import time


def handler(event, context):
    time.sleep(3)
    return {"ok": True}
`;

let client: TestClient | undefined;

afterEach(async () => {
  await client?.stop();
  client = undefined;
});

const codes = (diagnostics: { code?: string | number }[]) => diagnostics.map((d) => d.code).sort();

function workspace(): { root: string; template: string; app: string; daily: string } {
  const root = mkdtempSync(join(tmpdir(), 'ownless-lsp-code-'));
  mkdirSync(join(root, 'src'));
  mkdirSync(join(root, 'reports'));
  writeFileSync(join(root, 'template.yaml'), TEMPLATE);
  writeFileSync(join(root, 'src', 'app.js'), APP);
  writeFileSync(join(root, 'reports', 'daily.py'), DAILY);
  writeFileSync(join(root, 'src', 'helper.js'), 'exports.add = (a, b) => a + b;\n');
  return {
    root,
    template: `file://${root}/template.yaml`,
    app: `file://${root}/src/app.js`,
    daily: `file://${root}/reports/daily.py`,
  };
}

async function scanned(ws: ReturnType<typeof workspace>, options: { promptsForReason?: boolean } = {}) {
  client = await TestClient.start({ rootPath: ws.root, initializationOptions: options });
  await client.until(() => client!.status?.scanning === false, 'the workspace scan');
  return client;
}

/** Calls `ask` until `done` holds of its answer (at most 10 s), and returns the last answer. */
async function eventually<T>(ask: () => Promise<T>, done: (answer: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const answer = await ask();
    if (done(answer) || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function actionsAt(c: TestClient, uri: string, line: number, character: number) {
  return c.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line, character }, end: { line, character } },
    context: { diagnostics: [] },
  });
}

describe('handler code in the language server', () => {
  it('diagnoses the handler files a workspace template links to, before they are opened', async () => {
    const ws = workspace();
    const c = await scanned(ws);
    const app = await c.diagnosticsFor(ws.app);
    expect(codes(app)).toEqual(['idle/client-in-handler', 'idle/no-busy-wait']);
    const busy = app.find((d) => d.code === 'idle/no-busy-wait')!;
    expect(busy.range.start).toEqual({ line: 9, character: 8 });
    expect(busy.source).toBe('ownless');
    expect(busy.codeDescription?.href).toMatch(/docs\/rules\/idle\/no-busy-wait\.md$/);
    expect(codes(await c.diagnosticsFor(ws.daily))).toEqual(['idle/no-busy-wait']);
    // A code file no template links, and that is not open, is not reported.
    expect(c.diagnostics.has(`file://${ws.root}/src/helper.js`)).toBe(false);
    expect(c.status).toMatchObject({ files: 2, warnings: 3 });
    expect(c.registrations).toContain('workspace/didChangeWatchedFiles');
  });

  it('checks handler exports in a fresh server (the code parsers load on first need, then the template again)', async () => {
    const ws = workspace();
    const text = TEMPLATE.replace('Handler: app.list', 'Handler: app.missing');
    client = await TestClient.start({});
    // The first analysis found an existing handler file without its grammar: the one published has the export check.
    const diagnostics = await client.open(ws.template, text);
    expect(diagnostics.filter((d) => d.code === 'unit/handler-not-found')).toHaveLength(1);
  });

  it('re-diagnoses an open handler file as it is edited (incremental changes)', async () => {
    const ws = workspace();
    const c = await scanned(ws);
    expect(codes(await c.open(ws.app, APP, 'javascript'))).toEqual([
      'idle/client-in-handler',
      'idle/no-busy-wait',
    ]);
    // `sleep(5000)` → `sleep(50)`: a short back-off is fine.
    let diagnostics = await c.edit(ws.app, [
      { range: { start: { line: 9, character: 16 }, end: { line: 9, character: 18 } }, newText: '' },
    ]);
    expect(codes(diagnostics)).toEqual(['idle/client-in-handler']);
    expect(c.text(ws.app)).toContain('await sleep(50);');
    // Type a line above the client: its diagnostic moves down with it.
    diagnostics = await c.edit(ws.app, [
      { range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, newText: '  // x\n' },
    ]);
    expect(diagnostics[0].range.start).toEqual({ line: 5, character: 13 });
    // The same after a burst of keystrokes.
    for (const [i, ch] of [...'abc'].entries())
      await c.edit(ws.app, [
        { range: { start: { line: 4, character: 6 + i }, end: { line: 4, character: 6 + i } }, newText: ch },
      ]);
    expect(c.text(ws.app)).toContain('  // xabc\n');
    expect(codes(c.diagnostics.get(ws.app)!.diagnostics)).toEqual(['idle/client-in-handler']);
  });

  it('quick fixes on a handler: the safe fix, accepting the deviation, the documentation', async () => {
    const ws = workspace();
    const c = await scanned(ws);
    await c.open(ws.app, APP, 'javascript');
    const actions = await actionsAt(c, ws.app, 4, 16);
    expect(actions.map((a) => a.title)).toEqual([
      'Move the client to module scope',
      'Accept this deviation (idle/client-in-handler): write the reason',
      'Show documentation for idle/client-in-handler',
      'Fix all safe Ownless findings',
    ]);
    expect(actions[0].isPreferred).toBe(true);
    const diagnostics = await c.applyWorkspaceEdit(actions[0].edit!);
    expect(codes(diagnostics)).toEqual(['idle/no-busy-wait']);
    expect(c.text(ws.app)).toContain(
      '\nconst s3 = new S3Client({});\n\nexports.create = async (event) => {\n  return',
    );

    // Accepting the deviation writes a `//` directive above the line; without a reason it is reported.
    const accept = (await actionsAt(c, ws.app, diagnostics[0].range.start.line, 10)).find((a) =>
      a.title.startsWith('Accept this deviation'),
    )!;
    const after = await c.applyWorkspaceEdit(accept.edit!);
    expect(c.text(ws.app)).toContain('  // ownless-ignore idle/no-busy-wait:\n  await sleep(5000);');
    expect(codes(after)).toEqual(['meta/invalid-suppression']);

    const docs = (await actionsAt(c, ws.daily, 4, 6)).find((a) => a.title.startsWith('Show documentation'));
    expect(docs).toBeUndefined(); // not open: no analysis to act on
    await c.open(ws.daily, DAILY, 'python');
    const show = (await actionsAt(c, ws.daily, 4, 6)).find((a) => a.title.startsWith('Show documentation'))!;
    await c.connection.sendRequest('workspace/executeCommand', show.command);
    expect(c.shownDocuments).toEqual([expect.stringMatching(/docs\/rules\/idle\/no-busy-wait\.md$/)]);
  });

  it('accepting a deviation with a reason in Python writes a # directive, and the finding goes', async () => {
    const ws = workspace();
    const c = await scanned(ws, { promptsForReason: true });
    await c.open(ws.daily, DAILY, 'python');
    const accept = (await actionsAt(c, ws.daily, 4, 6)).find((a) =>
      a.title.startsWith('Accept this deviation'),
    )!;
    expect(accept.command?.command).toBe('ownless.acceptDeviation');
    const edit = await c.connection.sendRequest('ownless/suppressionEdit', {
      target: accept.command!.arguments![0],
      reason: 'the partner API allows one call every 3 s',
    });
    expect(await c.applyWorkspaceEdit(edit as never)).toEqual([]);
    expect(c.text(ws.daily)).toContain(
      '    # ownless-ignore idle/no-busy-wait: the partner API allows one call every 3 s\n    time.sleep(3)',
    );
  });

  it('fix-all on a handler file applies the safe fixes', async () => {
    const ws = workspace();
    const c = await scanned(ws);
    await c.open(ws.app, APP, 'javascript');
    const [fixAll] = await c.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: ws.app },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.ownless'] },
    });
    expect(fixAll.kind).toBe('source.fixAll.ownless');
    expect(codes(await c.applyWorkspaceEdit(fixAll.edit!))).toEqual(['idle/no-busy-wait']);
  });

  it('hover explains the finding, names the function and links the docs', async () => {
    const ws = workspace();
    const c = await scanned(ws);
    await c.open(ws.app, APP, 'javascript');
    const hover = await c.connection.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri: ws.app },
      position: { line: 9, character: 12 },
    });
    const text = (hover!.contents as { value: string }).value;
    expect(text).toContain('**Ownless · idle/no-busy-wait** — tenet: *never pay for idle*');
    expect(text).toContain('Affects: List');
    expect(text).toMatch(/\[Rule documentation\]\(.*docs\/rules\/idle\/no-busy-wait\.md\)/);
  });

  it('a lens above each handler export: its function, findings, Invoke locally and Invoke on AWS', async () => {
    const ws = workspace();
    const c = await scanned(ws);
    await c.open(ws.app, APP, 'javascript');
    const lenses = await c.connection.sendRequest<CodeLens[]>('textDocument/codeLens', {
      textDocument: { uri: ws.app },
    });
    const byLine = (line: number) =>
      lenses.filter((l) => l.range.start.line === line).map((l) => l.command!.title);
    // Each function's findings: one in its handler, plus none in the template.
    expect(byLine(3)).toEqual(['Ownless · Create: 1 finding', 'Invoke locally', 'Invoke on AWS']);
    expect(byLine(8)).toEqual(['Ownless · List: 1 finding', 'Invoke locally', 'Invoke on AWS']);
    expect(lenses).toHaveLength(6);
    expect(lenses[0].range).toEqual({ start: { line: 3, character: 8 }, end: { line: 3, character: 14 } });
    const invokeOnAws = lenses.find((l) => l.range.start.line === 8 && l.command!.title === 'Invoke on AWS')!;
    expect(invokeOnAws.command).toMatchObject({
      command: 'ownless.invokeOnAws',
      arguments: [{ uri: ws.template, functionId: 'List' }],
    });
    const invoke = lenses.find((l) => l.command!.title === 'Invoke locally')!;
    expect(invoke.command).toMatchObject({
      command: 'ownless.invokeFunction',
      arguments: [{ uri: ws.template, functionId: 'Create' }],
    });
    await c.open(ws.daily, DAILY, 'python');
    const python = await c.connection.sendRequest<CodeLens[]>('textDocument/codeLens', {
      textDocument: { uri: ws.daily },
    });
    expect(python.map((l) => [l.range.start.line, l.command!.title])).toEqual([
      [3, 'Ownless · Report: 1 finding'],
      [3, 'Invoke locally'],
      [3, 'Invoke on AWS'],
    ]);
  });

  it('follows the template: a Handler edited in the open template moves the lenses and the owners', async () => {
    const ws = workspace();
    const c = await scanned(ws);
    await c.open(ws.app, APP, 'javascript');
    await c.open(ws.template, TEMPLATE);
    await c.edit(ws.template, [
      { range: { start: { line: 17, character: 19 }, end: { line: 17, character: 23 } }, newText: 'create' },
    ]);
    expect(c.text(ws.template)).toContain('Handler: app.create\n      Runtime: nodejs22.x\n  Report:');
    // The server's handler index follows templates at most 300 ms behind: ask until it has.
    const titles = await eventually(
      async () =>
        (
          await c.connection.sendRequest<CodeLens[]>('textDocument/codeLens', {
            textDocument: { uri: ws.app },
          })
        ).map((l) => `${l.range.start.line} ${l.command!.title}`),
      (t) => t.length === 6 && t.every((x) => x.startsWith('3 ')),
    );
    expect(titles.map((t) => t.slice(2))).toEqual([
      'Ownless · Create: 1 finding',
      'Invoke locally',
      'Invoke on AWS',
      'Ownless · List: 1 finding',
      'Invoke locally',
      'Invoke on AWS',
    ]);
    // Both functions now run the client's line: its finding names them both.
    const hover = await c.connection.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri: ws.app },
      position: { line: 4, character: 16 },
    });
    expect((hover!.contents as { value: string }).value).toContain('Affects: Create, List');
  });
  it("the sidebar's count of a function adds its handler's findings, as the handler's lens does", async () => {
    const ws = workspace();
    const c = await scanned(ws);
    /** id → [findings, of which in the handler code], from `ownless/functions`. */
    const counts = async () => {
      const [template] = await c.connection.sendRequest<TemplateFunctions[]>('ownless/functions');
      return Object.fromEntries(template.functions.map((f) => [f.id, [f.findings, f.codeFindings]]));
    };
    const lensCounts = async () =>
      (await c.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: ws.app } }))
        .map((l) => l.command!.title)
        .filter((t) => t.startsWith('Ownless · '));
    // From the scan: the handler files are closed, read from disk.
    expect(await counts()).toEqual({ Create: [1, 1], List: [1, 1], Report: [1, 1] });

    // Typing in the open handler: `sleep(5000)` → `sleep(50)`; the sidebar is told, and follows.
    await c.open(ws.app, APP, 'javascript');
    let before = c.functionsChanged;
    await c.edit(ws.app, [
      { range: { start: { line: 9, character: 16 }, end: { line: 9, character: 18 } }, newText: '' },
    ]);
    await c.until(() => c.functionsChanged > before, 'functionsChanged after the handler edit');
    expect(await counts()).toEqual({ Create: [1, 1], List: [0, 0], Report: [1, 1] });

    // A finding in the template (Globals Timeout 300: every function's) adds to both counts alike.
    await c.open(ws.template, TEMPLATE);
    before = c.functionsChanged;
    await c.edit(ws.template, [
      { range: { start: { line: 4, character: 13 }, end: { line: 4, character: 15 } }, newText: '300' },
    ]);
    await c.until(() => c.functionsChanged > before, 'functionsChanged after the template edit');
    expect(await counts()).toEqual({ Create: [2, 1], List: [1, 0], Report: [2, 1] });
    expect(await lensCounts()).toEqual([
      'Ownless · Create: 2 findings (1 here)',
      'Ownless · List: 1 finding (0 here)',
    ]);

    // Closing the handler unsaved: what is on disk counts again.
    before = c.functionsChanged;
    await c.close(ws.app);
    await c.until(() => c.functionsChanged > before, 'functionsChanged after closing the handler');
    expect(await counts()).toEqual({ Create: [2, 1], List: [2, 1], Report: [2, 1] });
  });

  it('completes rule ids in ownless-ignore comments of code files', async () => {
    const ws = workspace();
    const c = await scanned(ws);
    const text = `${APP}// ownless-ignore idle/no-b\n`;
    await c.open(ws.app, text, 'javascript');
    const line = text.split('\n').length - 2;
    const items = await c.connection.sendRequest<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: ws.app },
      position: { line, character: 26 },
    });
    expect(items.map((i) => i.label)).toContain('idle/no-busy-wait');
    expect(items.find((i) => i.label === 'idle/no-busy-wait')!.textEdit).toEqual({
      range: { start: { line, character: 18 }, end: { line, character: 26 } },
      newText: 'idle/no-busy-wait',
    });
  });

  it('an open code file no template links is reported only when it looks like a handler', async () => {
    client = await TestClient.start();
    const handler = await client.open('file:///virtual/lone.py', DAILY, 'python');
    expect(codes(handler)).toEqual(['idle/no-busy-wait']);
    const helper = await client.open(
      'file:///virtual/helper.py',
      'import time\n\n\ndef wait():\n    time.sleep(3)\n',
      'python',
    );
    expect(helper).toEqual([]);
    const untitled = await client.open('untitled:Untitled-1', APP, 'javascript');
    expect(codes(untitled)).toEqual(['idle/client-in-handler', 'idle/no-busy-wait']);
  });

  it('a handler file changed on disk is read again', async () => {
    const ws = workspace();
    const c = await scanned(ws);
    await c.diagnosticsFor(ws.daily);
    writeFileSync(join(ws.root, 'reports', 'daily.py'), DAILY.replace('time.sleep(3)', 'time.sleep(0.1)'));
    c.diagnostics.delete(ws.daily);
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: ws.daily, type: 2 }],
    });
    expect(await c.diagnosticsFor(ws.daily)).toEqual([]);
    expect(readFileSync(join(ws.root, 'reports', 'daily.py'), 'utf8')).toContain('0.1');
  });
});
