/**
 * The language server, started for real (`ownless lsp --stdio`) and driven as a client would:
 * open, change, diagnostics, code actions and their edits, hover, lenses, completion, fix-all,
 * accepting a deviation, configuration changes and cancellation.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeAction, CodeLens, CompletionItem, Hover } from 'vscode-languageserver-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { TemplateFunctions } from '../../src/server/protocol';
import { BIG_SAM } from '../helpers/big-sam';
import { TestClient } from './client';

const SAM = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    VpcConfig:
      SubnetIds: [subnet-1]
      SecurityGroupIds: [sg-1]
Resources:
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      InlineCode: exports.handler = async () => 1
      Timeout: 10
  Reports:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      InlineCode: exports.handler = async () => 1
      Timeout: 900
      MemorySize: 512
      AutoPublishAlias: live
      ProvisionedConcurrencyConfig:
        ProvisionedConcurrentExecutions: 2
`;

const URI = 'file:///virtual/template.yaml';
let client: TestClient | undefined;

afterEach(async () => {
  await client?.stop();
  client = undefined;
});

const codes = (diagnostics: { code?: string | number }[]) => diagnostics.map((d) => d.code).sort();

describe('language server over stdio', () => {
  it('publishes diagnostics with rule ids, docs links and Globals related information', async () => {
    client = await TestClient.start();
    expect(client.initializeResult?.serverInfo?.name).toBe('ownless');
    const diagnostics = await client.open(URI, SAM);
    expect(codes(diagnostics)).toEqual([
      'limits/explicit-limits',
      'limits/timeout-budget',
      'network/no-vpc',
      'provisioning/no-provisioned-concurrency',
    ]);
    const vpc = diagnostics.find((d) => d.code === 'network/no-vpc')!;
    expect(vpc.source).toBe('ownless');
    expect(vpc.range.start).toEqual({ line: 5, character: 4 });
    expect(vpc.message).toContain('2 functions (Orders, Reports)');
    expect(vpc.codeDescription?.href).toMatch(/docs\/rules\/network\/no-vpc\.md$/);
    expect(vpc.relatedInformation?.map((r) => r.location.uri)).toEqual([URI, URI]);
    expect(vpc.relatedInformation?.map((r) => r.message).join()).toMatch(/Orders.*Reports/);
  });

  it('re-analyses on incremental changes, and a quick fix edit removes its finding', async () => {
    client = await TestClient.start();
    await client.open(URI, SAM);
    // Raise Orders' timeout above the budget: one more finding, at the edited line.
    let diagnostics = await client.edit(URI, [
      { range: { start: { line: 14, character: 15 }, end: { line: 14, character: 17 } }, newText: '600' },
    ]);
    expect(
      diagnostics.filter((d) => d.code === 'limits/timeout-budget').map((d) => d.range.start.line),
    ).toEqual([14, 20]);
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: { start: { line: 5, character: 4 }, end: { line: 5, character: 4 } },
      context: { diagnostics: [] },
    });
    const titles = actions.map((a) => a.title);
    // Removing VpcConfig changes what the function can reach: offered, not preferred, not in fix-all.
    expect(titles).toContain('Remove VpcConfig (review: changes behaviour)');
    expect(titles.some((t) => t.startsWith('Accept this deviation (network/no-vpc)'))).toBe(true);
    expect(titles).toContain('Show documentation for network/no-vpc');
    const fix = actions.find((a) => a.title.startsWith('Remove VpcConfig'))!;
    expect(fix.kind).toBe('quickfix');
    expect(fix.isPreferred).toBe(false);
    expect(fix.diagnostics?.[0].code).toBe('network/no-vpc');
    diagnostics = await client.applyWorkspaceEdit(fix.edit!);
    expect(codes(diagnostics)).not.toContain('network/no-vpc');
    expect(client.text(URI)).not.toContain('VpcConfig');
    expect(client.text(URI)).toContain('    Runtime: nodejs22.x\nResources:');
  });

  it('shows documentation through window/showDocument', async () => {
    client = await TestClient.start();
    await client.open(URI, SAM);
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: { start: { line: 5, character: 4 }, end: { line: 5, character: 4 } },
      context: { diagnostics: [] },
    });
    const docs = actions.find((a) => a.title === 'Show documentation for network/no-vpc')!;
    await client.connection.sendRequest('workspace/executeCommand', docs.command);
    expect(client.shownDocuments).toEqual([expect.stringMatching(/docs\/rules\/network\/no-vpc\.md$/)]);
  });

  it('hover on a flagged property explains the tenet and the idle cost of provisioned concurrency', async () => {
    client = await TestClient.start();
    await client.open(URI, SAM);
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri: URI },
      position: { line: 23, character: 8 },
    });
    const text = (hover!.contents as { value: string }).value;
    expect(text).toContain('provisioning/no-provisioned-concurrency');
    expect(text).toContain('tenet: *no over- or under-provisioning*');
    expect(text).toMatch(/about \$\d+\.\d\d\/month idle \(2 × 512 MB, us-east-1 price of \d{4}-\d\d\)/);
    expect(text).toContain('**Why it matters:**');
    expect(text).toContain('**Serverless alternative:**');
    expect(text).toContain('**When it is justified:**');
    const nothing = await client.connection.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri: URI },
      position: { line: 0, character: 2 },
    });
    expect(nothing).toBeNull();
  });

  it('fix-all applies every safe fix and nothing else', async () => {
    client = await TestClient.start();
    await client.open(URI, SAM);
    const [fixAll] = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.ownless'] },
    });
    expect(fixAll.kind).toBe('source.fixAll.ownless');
    const diagnostics = await client.applyWorkspaceEdit(fixAll.edit!);
    // Adding Orders' explicit MemorySize is the only safe fix; the rest needs a human.
    expect(codes(diagnostics)).toEqual([
      'limits/timeout-budget',
      'network/no-vpc',
      'provisioning/no-provisioned-concurrency',
    ]);
    expect(client.text(URI)).toContain('      Timeout: 10\n      MemorySize: ');
    const again = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.ownless'] },
    });
    expect(again).toEqual([]);
  });

  it('a cancelled fix-all request returns nothing, and the server keeps serving', async () => {
    client = await TestClient.start();
    await client.open(URI, SAM);
    const { CancellationTokenSource } = await import('vscode-jsonrpc/node');
    // Keep the server busy analysing a big template, so that the request and its cancellation are
    // both waiting when it reads them again (as when a user types while a slow action is pending).
    void client.open('file:///virtual/big.yaml', BIG_SAM);
    const source = new CancellationTokenSource();
    const pending = client.connection.sendRequest<CodeAction[]>(
      'textDocument/codeAction',
      {
        textDocument: { uri: URI },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll.ownless'] },
      },
      source.token,
    );
    source.cancel();
    await expect(pending).resolves.toEqual([]);
    const [fixAll] = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.ownless'] },
    });
    expect(fixAll.kind).toBe('source.fixAll.ownless');
  });

  it('accepting a deviation with a reason writes the directive and the finding goes', async () => {
    client = await TestClient.start({ initializationOptions: { promptsForReason: true } });
    await client.open(URI, SAM);
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: { start: { line: 5, character: 4 }, end: { line: 5, character: 4 } },
      context: { diagnostics: [] },
    });
    const accept = actions.find((a) => a.title.startsWith('Accept this deviation'))!;
    expect(accept.command?.command).toBe('ownless.acceptDeviation');
    const [target] = accept.command!.arguments!;
    const edit = await client.connection.sendRequest('ownless/suppressionEdit', {
      target,
      reason: 'the warehouse database has only a private address',
    });
    const diagnostics = await client.applyWorkspaceEdit(edit as never);
    expect(codes(diagnostics)).not.toContain('network/no-vpc');
    expect(codes(diagnostics)).not.toContain('meta/invalid-suppression');
    expect(client.text(URI)).toContain(
      '    # ownless-ignore network/no-vpc: the warehouse database has only a private address\n    VpcConfig:',
    );
  });

  it('without a prompt, accepting a deviation leaves the reason to write, and says so', async () => {
    client = await TestClient.start();
    await client.open(URI, SAM);
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: { start: { line: 5, character: 4 }, end: { line: 5, character: 4 } },
      context: { diagnostics: [] },
    });
    const accept = actions.find((a) => a.title.startsWith('Accept this deviation'))!;
    const diagnostics = await client.applyWorkspaceEdit(accept.edit!);
    expect(codes(diagnostics)).not.toContain('network/no-vpc');
    const meta = diagnostics.find((d) => d.code === 'meta/invalid-suppression')!;
    expect(meta.range.start.line).toBe(5);
    expect(meta.message).toMatch(/reason/);
  });

  it('JSON templates accept a deviation in the resource Metadata, not a comment', async () => {
    client = await TestClient.start({ initializationOptions: { promptsForReason: true } });
    const uri = 'file:///virtual/template.json';
    const json = JSON.stringify(
      {
        Resources: {
          Fn: {
            Type: 'AWS::Lambda::Function',
            Properties: {
              Runtime: 'nodejs22.x',
              Handler: 'index.handler',
              Code: { ZipFile: 'x' },
              Role: 'arn:aws:iam::123456789012:role/r',
              Timeout: 10,
              MemorySize: 128,
              VpcConfig: { SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'] },
            },
          },
        },
      },
      null,
      2,
    );
    const diagnostics = await client.open(uri, json, 'json');
    const vpc = diagnostics.find((d) => d.code === 'network/no-vpc')!;
    const edit = await client.connection.sendRequest('ownless/suppressionEdit', {
      target: {
        uri,
        ruleId: 'network/no-vpc',
        line: vpc.range.start.line,
        character: vpc.range.start.character,
      },
      reason: 'private database',
    });
    const after = await client.applyWorkspaceEdit(edit as never);
    expect(codes(after)).not.toContain('network/no-vpc');
    const parsed = JSON.parse(client.text(uri));
    expect(parsed.Resources.Fn.Metadata).toEqual({
      ownless: { ignore: [{ rule: 'network/no-vpc', reason: 'private database' }] },
    });
  });

  it('completes rule ids inside ownless-ignore comments, and nowhere else', async () => {
    client = await TestClient.start();
    const text = `${SAM}# ownless-ignore net\n# just a comment net\n`;
    await client.open(URI, text);
    const lines = text.split('\n');
    const line = lines.length - 3;
    const items = await client.connection.sendRequest<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: URI },
      position: { line, character: lines[line].length },
    });
    const labels = items.map((i) => i.label);
    expect(labels).toContain('network/no-vpc');
    expect(labels).not.toContain('meta/invalid-suppression');
    expect(items.find((i) => i.label === 'network/no-vpc')!.textEdit).toEqual({
      range: { start: { line, character: 17 }, end: { line, character: 20 } },
      newText: 'network/no-vpc',
    });
    const none = await client.connection.sendRequest<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: URI },
      position: { line: line + 1, character: lines[line + 1].length },
    });
    expect(none).toEqual([]);
  });

  it('code lenses above each function: findings count, Invoke and Deploy', async () => {
    client = await TestClient.start();
    await client.open(URI, SAM);
    const lenses = await client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', {
      textDocument: { uri: URI },
    });
    const byLine = (line: number) =>
      lenses.filter((l) => l.range.start.line === line).map((l) => l.command!.title);
    expect(byLine(9)).toEqual(['Ownless: 2 findings', 'Invoke', 'Deploy']);
    expect(byLine(15)).toEqual(['Ownless: 3 findings', 'Invoke', 'Deploy']);
    expect(lenses.find((l) => l.command!.title === 'Invoke')!.command!.arguments).toEqual([
      { uri: URI, functionId: 'Orders' },
    ]);
  });

  it('a YAML file that is not a template gets no diagnostics, and a broken template gets one parse error', async () => {
    client = await TestClient.start();
    expect(await client.open('file:///virtual/workflow.yaml', 'on: push\njobs: {build: [\n')).toEqual([]);
    const broken = await client.open(
      'file:///virtual/broken.yaml',
      `${SAM.replace('      Timeout: 10\n', '      Timeout: [10\n')}`,
    );
    // One mistake, one error, at the bracket never closed; the keys after it are still analysed.
    const parse = broken.filter((d) => d.code === 'parse-error');
    expect(parse).toHaveLength(1);
    expect(parse[0]).toMatchObject({ severity: 1, range: { start: { line: 14, character: 15 } } });
    expect(parse[0].message).toMatch(/never closed/);
    expect(codes(broken)).toContain('provisioning/no-provisioned-concurrency');
  });

  it('editor settings apply per document and a settings change re-analyses', async () => {
    client = await TestClient.start({ settings: { profile: 'strict' } });
    const diagnostics = await client.open(URI, SAM);
    expect(diagnostics.find((d) => d.code === 'network/no-vpc')!.severity).toBe(1);
    expect(diagnostics.find((d) => d.code === 'limits/timeout-budget')!.message).toContain('30 s budget');
    client.settings = { budgets: { timeout: 900 }, rules: { 'network/no-vpc': 'off' } };
    client.diagnostics.delete(URI);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const after = await client.diagnosticsFor(URI, 1);
    expect(codes(after)).toEqual(['limits/explicit-limits', 'provisioning/no-provisioned-concurrency']);
  });
});

describe('language server on a workspace folder', () => {
  function workspace(): string {
    const root = mkdtempSync(join(tmpdir(), 'ownless-lsp-'));
    mkdirSync(join(root, 'app'));
    writeFileSync(join(root, 'app', 'template.yaml'), SAM);
    writeFileSync(join(root, 'app', 'other.yaml'), 'name: not a template\n');
    return root;
  }

  it('analyses templates that are not open, and ownless.yaml changes re-analyse the workspace', async () => {
    const root = workspace();
    client = await TestClient.start({ rootPath: root });
    const uri = `file://${root}/app/template.yaml`;
    await client.until(() => client!.status?.scanning === false, 'the workspace scan');
    expect(codes(await client.diagnosticsFor(uri))).toContain('network/no-vpc');
    expect(client.diagnostics.has(`file://${root}/app/other.yaml`)).toBe(false);
    expect(client.status).toMatchObject({ files: 1, errors: 0, warnings: 3, infos: 1 });
    expect(client.registrations).toContain('workspace/didChangeWatchedFiles');

    writeFileSync(join(root, 'ownless.yaml'), 'rules:\n  network/no-vpc: off\n');
    client.diagnostics.delete(uri);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: `file://${root}/ownless.yaml`, type: 1 }],
    });
    await client.until(
      () =>
        client!.diagnostics.has(uri) &&
        !codes(client!.diagnostics.get(uri)!.diagnostics).includes('network/no-vpc'),
      'diagnostics without network/no-vpc',
    );
  });

  it("lists every template's functions for the sidebar, and says when they change", async () => {
    const root = workspace();
    client = await TestClient.start({ rootPath: root });
    await client.until(() => client!.status?.scanning === false && client!.functionsChanged > 0, 'the scan');
    const uri = `file://${root}/app/template.yaml`;
    const [template, ...others] =
      await client.connection.sendRequest<TemplateFunctions[]>('ownless/functions');
    expect(others).toEqual([]);
    expect(template.uri).toBe(uri);
    expect(template.functions).toEqual([
      expect.objectContaining({ id: 'Orders', runtime: 'nodejs22.x', handler: 'index.handler', findings: 2 }),
      expect.objectContaining({ id: 'Reports', runtime: 'nodejs22.x', findings: 3, functionName: null }),
    ]);
    expect(template.functions[0].range.start).toEqual({ line: 9, character: 2 });
    const before = client.functionsChanged;
    await client.open(uri, SAM.replace('  Reports:', '  Billing:'));
    await client.until(() => client!.functionsChanged > before, 'functionsChanged');
    const [renamed] = await client.connection.sendRequest<TemplateFunctions[]>('ownless/functions');
    expect(renamed.functions.map((f) => f.id)).toEqual(['Orders', 'Billing']);
  });

  it('answers where a handler file is from the open buffer, unsaved edits included (ownless/handlerFile)', async () => {
    const root = workspace();
    mkdirSync(join(root, 'app', 'src'));
    writeFileSync(join(root, 'app', 'src', 'orders.mjs'), 'export const handler = async () => 1;\n');
    client = await TestClient.start({ rootPath: root });
    const uri = `file://${root}/app/template.yaml`;
    const ask = (functionId: string) =>
      client!.connection.sendRequest<{ file?: string; problem?: string }>('ownless/handlerFile', {
        uri,
        functionId,
      });
    // On disk the function's code is inline: no file to open.
    expect(await ask('Orders')).toEqual({ problem: 'the code of Orders is not a local folder' });
    // In the editor's buffer (not saved) it names a folder and a file: the answer follows the buffer.
    const edited = SAM.replace(
      '      Handler: index.handler\n      InlineCode: exports.handler = async () => 1\n      Timeout: 10',
      '      Handler: orders.handler\n      CodeUri: src/\n      Timeout: 10',
    );
    await client.open(uri, edited);
    expect(await ask('Orders')).toEqual({ file: join(root, 'app', 'src', 'orders.mjs') });
    expect(await ask('Gone')).toEqual({
      problem: `Gone is no longer in ${join(root, 'app', 'template.yaml')}`,
    });
  });

  it('offers the invoke panel sample events from the open buffer (ownless/functionPayloads)', async () => {
    const root = workspace();
    client = await TestClient.start({ rootPath: root });
    const uri = `file://${root}/app/template.yaml`;
    type Payloads = { location: { templateDir: string; functionId: string }; samples: { label: string }[] };
    const ask = () =>
      client!.connection.sendRequest<Payloads>('ownless/functionPayloads', { uri, functionId: 'Orders' });
    const before = await ask();
    expect(before.location).toEqual({ templateDir: join(root, 'app'), functionId: 'Orders' });
    expect(before.samples).toEqual([]);
    // An SQS event added in the editor (not saved) gives an SQS sample at once.
    const withQueue = SAM.replace(
      '      Timeout: 10\n',
      '      Timeout: 10\n      Events:\n        Jobs:\n          Type: SQS\n          Properties:\n            Queue: arn:aws:sqs:us-east-1:123456789012:jobs\n',
    );
    await client.open(uri, withQueue);
    const after = await ask();
    expect(after.samples.length).toBeGreaterThan(0);
    expect(after.samples.map((s) => s.label).join(' ')).toMatch(/SQS/);
  });

  it('reports errors in ownless.yaml on the file itself, and still applies its valid parts', async () => {
    const root = workspace();
    writeFileSync(join(root, 'ownless.yaml'), 'profile: strict\nrules:\n  network/no-vcp: off\n');
    client = await TestClient.start({ rootPath: root });
    const config = await client.diagnosticsFor(`file://${root}/ownless.yaml`);
    expect(config).toHaveLength(1);
    expect(config[0].range.start.line).toBe(2);
    expect(config[0].message).toMatch(/unknown rule 'network\/no-vcp'/);
    const uri = `file://${root}/app/template.yaml`;
    await client.until(() => client!.status?.scanning === false, 'the workspace scan');
    const vpc = (await client.diagnosticsFor(uri)).find((d) => d.code === 'network/no-vpc')!;
    expect(vpc.severity).toBe(1); // strict: an error
  });

  it('a template edited on disk is re-analysed; a deleted one loses its diagnostics', async () => {
    const root = workspace();
    client = await TestClient.start({ rootPath: root });
    const uri = `file://${root}/app/template.yaml`;
    await client.until(() => client!.status?.scanning === false, 'the workspace scan');
    await client.diagnosticsFor(uri);
    writeFileSync(join(root, 'app', 'template.yaml'), SAM.replace(/    VpcConfig:\n.*\n.*\n/, ''));
    client.diagnostics.delete(uri);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri, type: 2 }],
    });
    expect(codes(await client.diagnosticsFor(uri))).not.toContain('network/no-vpc');
    client.diagnostics.delete(uri);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri, type: 3 }],
    });
    expect(await client.diagnosticsFor(uri)).toEqual([]);
  });
});
