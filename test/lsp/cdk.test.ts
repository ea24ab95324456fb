/**
 * The language server on a CDK app file, started for real (`ownless lsp --stdio`): a TypeScript file
 * that imports the CDK is analysed for its constructs (not as a handler), with findings on the props
 * and "Accept this deviation" writing a `//` comment; a handler file beside it stays handler code.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { TemplateFunctions } from '../../src/server/protocol';
import { TestClient } from './client';

const STACK = `import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export class ApiStack extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
    new lambda.Function(this, 'Handler', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('lambda'),
      timeout: Duration.minutes(15),
      memorySize: 10240,
    });
  }
}
`;

let client: TestClient | undefined;
afterEach(async () => {
  await client?.stop();
  client = undefined;
});

const codes = (diagnostics: { code?: string | number }[]) => diagnostics.map((d) => d.code).sort();

describe('language server on a CDK app file', () => {
  it('reports on the props, and accepting a deviation writes a // comment', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ownless-lsp-cdk-'));
    mkdirSync(join(root, 'lib'));
    writeFileSync(join(root, 'cdk.json'), '{ "app": "npx ts-node bin/app.ts" }\n');
    writeFileSync(join(root, 'lib', 'api-stack.ts'), STACK);
    client = await TestClient.start({ rootPath: root });
    const uri = `file://${root}/lib/api-stack.ts`;
    const diagnostics = await client.open(uri, STACK, 'typescript');
    expect(codes(diagnostics)).toEqual(['limits/memory-budget', 'limits/timeout-budget']);
    const memory = diagnostics.find((d) => d.code === 'limits/memory-budget')!;
    expect(memory.range.start.line).toBe(11);
    expect(memory.message).toContain('memorySize');
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: memory.range,
      context: { diagnostics: [memory] },
    });
    const accept = actions.find((a) => /^Accept this deviation/.test(a.title))!;
    expect(accept.edit?.changes?.[uri]?.map((e) => [e.range.start.line, e.newText])).toEqual([
      [11, '      // ownless-ignore limits/memory-budget:\n'],
    ]);
    const functions = await client.connection.sendRequest<TemplateFunctions[]>('ownless/functions');
    expect(functions.flatMap((t) => t.functions.map((f) => f.id))).toContain('Handler');
  });
});
