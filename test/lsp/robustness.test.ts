/**
 * The language server never exits on bad input (issue 16 item 5), spoken to as a hostile client would:
 * raw frames over stdio to `node dist/cli.js lsp --stdio`. Invalid JSON gets -32700, a message that is
 * no request -32600, invalid params -32602 (a notification with invalid params is dropped and logged),
 * and the server keeps answering; a framing error ends the stream (exit 1, one line on stderr) so
 * the client restarts it instead of talking to a deaf server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CLI } from './client';

interface Message {
  jsonrpc: string;
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

/** A client that writes raw bytes and reads the frames the server sends back. */
class RawClient {
  readonly child: ChildProcess;
  readonly received: Message[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  private buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];

  constructor() {
    this.child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (chunk) => (this.stderr += String(chunk)));
    this.child.stdout!.on('data', (chunk: Buffer) => this.onData(chunk));
    this.exited = new Promise((done) => this.child.on('exit', (code) => done(code)));
    this.child.stdin!.on('error', () => undefined); // the server may close first
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end === -1) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())![1]);
      if (this.buffer.length < end + 4 + length) return;
      this.received.push(JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString()) as Message);
      this.buffer = this.buffer.subarray(end + 4 + length);
      for (const wake of this.waiters.splice(0)) wake();
    }
  }

  raw(bytes: string): void {
    this.child.stdin!.write(bytes);
  }

  send(message: unknown): void {
    const body = typeof message === 'string' ? message : JSON.stringify(message);
    this.raw(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  async waitFor(match: (m: Message) => boolean, what: string): Promise<Message> {
    for (;;) {
      const found = this.received.find(match);
      if (found) return found;
      const woke = await Promise.race([
        new Promise<boolean>((wake) => this.waiters.push(() => wake(true))),
        this.exited.then(() => false),
      ]);
      if (!woke) throw new Error(`the server exited waiting for ${what}; stderr: ${this.stderr}`);
    }
  }

  response(id: number): Promise<Message> {
    return this.waitFor((m) => m.id === id && m.method === undefined, `the response to ${id}`);
  }

  async initialize(rootUri: string | null = null): Promise<void> {
    this.send({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { processId: null, rootUri, capabilities: {} },
    });
    await this.response(0);
    this.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
  }

  /** Still serving: answers a request. */
  async alive(id: number): Promise<void> {
    this.send({ jsonrpc: '2.0', id, method: 'ownless/functions' });
    const answer = await this.response(id);
    expect(answer.error).toBeUndefined();
  }
}

const clients: RawClient[] = [];
function client(): RawClient {
  const c = new RawClient();
  clients.push(c);
  return c;
}
afterEach(() => {
  for (const c of clients.splice(0)) c.child.kill();
});

const dir = mkdtempSync(join(tmpdir(), 'ownless-lsp-raw-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TEMPLATE =
  'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: index.handler\n      InlineCode: x\n      VpcConfig:\n        SubnetIds: [a]\n';
writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
const uri = pathToFileURL(join(dir, 'template.yaml')).href;

describe('the language server on bad input', () => {
  it('survives a didOpen whose text is not a string, and still analyses the next document', async () => {
    const c = client();
    await c.initialize();
    c.send({
      jsonrpc: '2.0',
      method: 'textDocument/didOpen',
      params: { textDocument: { uri, languageId: 'yaml', version: 1, text: 42 } },
    });
    c.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: null });
    await c.alive(1);
    c.send({
      jsonrpc: '2.0',
      method: 'textDocument/didOpen',
      params: { textDocument: { uri, languageId: 'yaml', version: 2, text: TEMPLATE } },
    });
    const published = await c.waitFor(
      (m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri,
      'diagnostics',
    );
    expect(
      (published.params as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code),
    ).toContain('network/no-vpc');
    expect(c.child.exitCode).toBeNull();
  });

  it('answers invalid JSON with -32700 and a message that is no request with -32600, and keeps serving', async () => {
    const c = client();
    await c.initialize();
    c.send('{"jsonrpc":"2.0","id":2,"method":"textDocument/hover",');
    const parseError = await c.waitFor((m) => m.error?.code === -32700, '-32700');
    expect(parseError.id).toBeNull();
    c.send('42');
    c.send({ jsonrpc: '2.0', id: 3 });
    const invalid = await c.waitFor((m) => m.error?.code === -32600 && m.id === 3, '-32600');
    expect(invalid.error!.message).toMatch(/method/);
    await c.alive(4);
  });

  it('answers invalid params with -32602, naming what is wrong', async () => {
    const c = client();
    await c.initialize();
    c.send({ jsonrpc: '2.0', id: 5, method: 'textDocument/hover', params: { textDocument: 42 } });
    c.send({
      jsonrpc: '2.0',
      id: 6,
      method: 'textDocument/hover',
      params: { textDocument: { uri }, position: { line: -1, character: 'x' } },
    });
    c.send({ jsonrpc: '2.0', id: 7, method: 'textDocument/codeAction', params: 'everything' });
    c.send({
      jsonrpc: '2.0',
      id: 8,
      method: 'ownless/suppressionEdit',
      params: { target: { uri }, reason: 3 },
    });
    for (const id of [5, 6, 7, 8]) {
      const answer = await c.response(id);
      expect(answer.error?.code, `request ${id}`).toBe(-32602);
    }
    expect((await c.response(6)).error!.message).toMatch(/position/);
    await c.alive(9);
  });

  it('ends the stream on a framing error, exiting 1 with one line and no stack', async () => {
    const c = client();
    await c.initialize();
    c.raw('Content-Length: abc\r\n\r\n{}');
    expect(await c.exited).toBe(1);
    expect(c.stderr).toMatch(/framing/i);
    expect(c.stderr).not.toMatch(/\n\s+at /);
  });

  it('ends the stream on a header without Content-Length, and on an absurd length', async () => {
    const a = client();
    await a.initialize();
    a.raw('Content-Type: application/json\r\n\r\n{}');
    expect(await a.exited).toBe(1);
    const b = client();
    await b.initialize();
    b.raw('Content-Length: 99999999999999\r\n\r\n{}');
    expect(await b.exited).toBe(1);
  });

  it('exits 0 after shutdown and exit, and 1 when the stream ends without them', async () => {
    const a = client();
    await a.initialize();
    a.send({ jsonrpc: '2.0', id: 10, method: 'shutdown' });
    await a.response(10);
    a.send({ jsonrpc: '2.0', method: 'exit' });
    expect(await a.exited).toBe(0);
    const b = client();
    await b.initialize();
    b.child.stdin!.end();
    expect(await b.exited).toBe(1);
  });
});
