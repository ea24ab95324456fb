/**
 * The whole shared corpus opened as a workspace: the server analyses every template without crashing,
 * publishes diagnostics inside each file, and answers hovers, actions and lenses on a sample of them.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeAction, CodeLens } from 'vscode-languageserver-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS } from '../helpers/corpus';
import { CLI, TestClient } from '../lsp/client';

let client: TestClient;

beforeAll(async () => {
  client = await TestClient.start({ rootPath: CORPUS });
  await client.until(() => client.status?.scanning === false, 'the corpus scan', 240_000);
}, 300_000);

afterAll(async () => {
  expect(await client.stop()).toBe(0);
});

describe('the corpus as a workspace', () => {
  it('publishes the same findings as `ownless lint`, each inside its file', () => {
    const cli = spawnSync(process.execPath, [CLI, 'lint', CORPUS, '--format', 'json'], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    const report = JSON.parse(cli.stdout) as {
      files: { path: string; parseErrors: unknown[] }[];
      findings: { path: string; ruleId: string }[];
    };
    const expected = new Map<string, number>();
    for (const f of report.files) if (f.parseErrors.length) expected.set(f.path, f.parseErrors.length);
    for (const f of report.findings) expected.set(f.path, (expected.get(f.path) ?? 0) + 1);
    const published = new Map<string, number>();
    for (const [uri, { diagnostics }] of client.diagnostics)
      if (diagnostics.length) published.set(relative(process.cwd(), fileURLToPath(uri)), diagnostics.length);
    expect(published.size).toBeGreaterThan(300);
    expect(Object.fromEntries(published)).toEqual(Object.fromEntries(expected));
    expect(client.status!.files).toBe(published.size);
    let checked = 0;
    for (const [uri, { diagnostics }] of client.diagnostics) {
      if (diagnostics.length === 0) continue;
      const lines = readFileSync(new URL(uri), 'utf8').split('\n');
      for (const d of diagnostics) {
        expect(d.source).toBe('ownless');
        expect(d.range.start.line).toBeLessThan(lines.length);
        expect(d.range.end.line).toBeLessThan(lines.length + 1);
        expect(typeof d.code).toBe('string');
      }
      checked++;
    }
    expect(checked).toBe(client.status!.files);
    expect(client.serverErrors).not.toMatch(/Error|internal error/);
  });

  it('answers actions, hovers and lenses on every diagnostic of a sample of opened templates', async () => {
    const withFindings = [...client.diagnostics.entries()].filter(([, p]) => p.diagnostics.length > 0);
    // Every 10th file: a spread over the corpus's sources, in a stable order.
    const sample = withFindings.sort(([a], [b]) => (a < b ? -1 : 1)).filter((_, i) => i % 10 === 0);
    expect(sample.length).toBeGreaterThan(30);
    for (const [uri] of sample) {
      const text = readFileSync(new URL(uri), 'utf8');
      const languageId = uri.endsWith('.json') ? 'json' : 'yaml';
      const diagnostics = await client.open(uri, text, languageId);
      for (const d of diagnostics) {
        const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: d.range,
          context: { diagnostics: [d] },
        });
        if (d.code !== 'parse-error' && !String(d.code).startsWith('meta/'))
          expect(actions.map((a) => a.title)).toContain(`Show documentation for ${d.code}`);
        await client.connection.sendRequest('textDocument/hover', {
          textDocument: { uri },
          position: d.range.start,
        });
      }
      const lenses = await client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', {
        textDocument: { uri },
      });
      expect(lenses.length % 3).toBe(0);
      await client.close(uri);
    }
  }, 300_000);
});
