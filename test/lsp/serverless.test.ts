/**
 * The language server on serverless.yml, started for real (`ownless lsp --stdio`): diagnostics in the
 * framework's words with the provider's related locations, a quick fix that edits serverless.yml,
 * accepting a deviation with a comment, lenses, the sidebar's functions, the handler file, and a
 * workspace scan that finds services that are not open.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeAction, CodeLens } from 'vscode-languageserver-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { TemplateFunctions } from '../../src/server/protocol';
import { TestClient } from './client';

const SERVICE = `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  vpc:
    securityGroupIds: [sg-0123]
    subnetIds: [subnet-0123]
functions:
  create:
    handler: src/orders.create
    timeout: 10
  report:
    handler: src/report.handler
    timeout: 20
    memorySize: 10240
`;

let client: TestClient | undefined;
afterEach(async () => {
  await client?.stop();
  client = undefined;
});

const codes = (diagnostics: { code?: string | number }[]) => diagnostics.map((d) => d.code).sort();

describe('language server on serverless.yml', () => {
  it('publishes findings in the framework’s words, with the provider block as the related location', async () => {
    client = await TestClient.start();
    const uri = 'file:///virtual/svc/serverless.yml';
    const diagnostics = await client.open(uri, SERVICE);
    expect(codes(diagnostics)).toContain('network/no-vpc');
    const vpc = diagnostics.find((d) => d.code === 'network/no-vpc')!;
    expect(vpc.range.start).toEqual({ line: 4, character: 2 });
    expect(vpc.message).toContain('vpc');
    expect(vpc.message).not.toContain('VpcConfig');
    expect(vpc.message).toContain('create');
    expect(vpc.message).toContain('report');
    const memory = diagnostics.find((d) => d.code === 'limits/memory-budget')!;
    expect(memory.range.start.line).toBe(14);
    expect(memory.message).toContain('memorySize');
  });

  it('a quick fix edits serverless.yml, and accepting a deviation writes the comment', async () => {
    client = await TestClient.start();
    const uri = 'file:///virtual/svc2/serverless.yml';
    const diagnostics = await client.open(uri, SERVICE);
    const memory = diagnostics.find((d) => d.code === 'limits/memory-budget')!;
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: memory.range,
      context: { diagnostics: [memory] },
    });
    const fix = actions.find((a) => a.edit && /memorySize/.test(a.title));
    expect(fix, actions.map((a) => a.title).join(' | ')).toBeDefined();
    const edits = fix!.edit!.changes![uri];
    expect(edits.length).toBeGreaterThan(0);
    expect(edits.every((e) => e.range.start.line === 14)).toBe(true);

    const accept = actions.find((a) => /^Accept this deviation/.test(a.title))!;
    const written = accept.edit?.changes?.[uri] ?? [];
    expect(written.map((e) => [e.range.start.line, e.newText])).toEqual([
      [14, '    # ownless-ignore limits/memory-budget:\n'],
    ]);
  });

  it('lenses above each function, and the sidebar lists the service’s functions', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ownless-lsp-sls-'));
    mkdirSync(join(root, 'svc', 'src'), { recursive: true });
    writeFileSync(join(root, 'svc', 'serverless.yml'), SERVICE);
    writeFileSync(join(root, 'svc', 'src', 'orders.js'), 'exports.create = async () => 1;\n');
    client = await TestClient.start({ rootPath: root });
    await client.until(() => client!.status?.scanning === false && client!.functionsChanged > 0, 'the scan');
    const uri = `file://${root}/svc/serverless.yml`;
    expect(codes(await client.diagnosticsFor(uri))).toContain('network/no-vpc');
    const [service] = await client.connection.sendRequest<TemplateFunctions[]>('ownless/functions');
    expect(service.uri).toBe(uri);
    expect(service.functions.map((f) => [f.id, f.runtime, f.handler])).toEqual([
      ['create', 'nodejs20.x', 'src/orders.create'],
      ['report', 'nodejs20.x', 'src/report.handler'],
    ]);
    expect(service.functions[0].range.start).toEqual({ line: 8, character: 2 });

    await client.open(uri, SERVICE);
    const lenses = await client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', {
      textDocument: { uri },
    });
    expect(lenses.filter((l) => l.range.start.line === 8).map((l) => l.command!.title)).toEqual([
      expect.stringMatching(/^Ownless: \d+ findings?$/),
      'Invoke',
      'Deploy',
    ]);
    const handler = await client.connection.sendRequest<{ file?: string; problem?: string }>(
      'ownless/handlerFile',
      { uri, functionId: 'create' },
    );
    expect(handler.file).toBe(join(root, 'svc', 'src', 'orders.js'));
  });
});
