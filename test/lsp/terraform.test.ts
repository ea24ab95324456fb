/**
 * The language server on Terraform, started for real (`ownless lsp --stdio`): an open .tf file is
 * analysed with the other files of its folder (its grammar loaded on first need), diagnostics sit on
 * its own lines, accepting a deviation writes a `#` comment, the sidebar lists each file's functions
 * by address, lenses sit above them, and a change saved to one file re-analyses the others.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeAction, CodeLens } from 'vscode-languageserver-protocol';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { TemplateFunctions } from '../../src/server/protocol';
import { TestClient } from './client';

const VARIABLES = `variable "memory" {
  type    = number
  default = 512
}
`;

const WORKER = `resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "code.zip"
  timeout       = 10
  memory_size   = var.memory
}
`;

let client: TestClient | undefined;
const made: string[] = [];
afterEach(async () => {
  await client?.stop();
  client = undefined;
});
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'ownless-lsp-tf-'));
  made.push(root);
  mkdirSync(join(root, 'infra'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'infra', name), text);
  return root;
}

describe('language server on Terraform', () => {
  it("analyses an open .tf file with its folder: the variable's value from tfvars, findings on its lines", async () => {
    const root = folder({ 'variables.tf': VARIABLES, 'terraform.tfvars': 'memory = 10240\n' });
    client = await TestClient.start();
    const uri = `file://${root}/infra/worker.tf`;
    const diagnostics = await client.open(uri, WORKER, 'terraform');
    const memory = diagnostics.find((d) => d.code === 'limits/memory-budget')!;
    expect(memory, JSON.stringify(diagnostics)).toBeDefined();
    expect(memory.range.start).toEqual({ line: 6, character: 2 });

    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: memory.range,
      context: { diagnostics: [memory] },
    });
    const accept = actions.find((a) => /^Accept this deviation/.test(a.title))!;
    expect(accept.edit?.changes?.[uri]?.map((e) => [e.range.start.line, e.newText])).toEqual([
      [6, '  # ownless-ignore limits/memory-budget:\n'],
    ]);
    const lenses = await client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', {
      textDocument: { uri },
    });
    expect(lenses.filter((l) => l.range.start.line === 0).map((l) => l.command!.title)[0]).toMatch(
      /^Ownless: \d+ findings?$/,
    );
  });

  it("the workspace scan lists each file's functions by address, and a saved change re-analyses the folder", async () => {
    const root = folder({ 'variables.tf': VARIABLES, 'worker.tf': WORKER });
    client = await TestClient.start({ rootPath: root });
    await client.until(() => client!.status?.scanning === false && client!.functionsChanged > 0, 'the scan');
    const workerUri = `file://${root}/infra/worker.tf`;
    const functions = await client.connection.sendRequest<TemplateFunctions[]>('ownless/functions');
    const worker = functions.find((f) => f.uri === workerUri)!;
    expect(worker.functions.map((f) => [f.id, f.range.start.line])).toEqual([
      ['aws_lambda_function.worker', 0],
    ]);
    expect(functions.find((f) => f.uri.endsWith('variables.tf'))?.functions ?? []).toEqual([]);
    expect(codes(await client.diagnosticsFor(workerUri))).not.toContain('limits/memory-budget');

    // terraform.tfvars written: worker.tf, which reads var.memory, is analysed again.
    writeFileSync(join(root, 'infra', 'terraform.tfvars'), 'memory = 10240\n');
    client.diagnostics.delete(workerUri);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: `file://${root}/infra/terraform.tfvars`, type: 1 }],
    });
    expect(codes(await client.diagnosticsFor(workerUri))).toContain('limits/memory-budget');
  });
});

const codes = (diagnostics: { code?: string | number }[]) => diagnostics.map((d) => d.code).sort();
