/**
 * Ownless's Python bootstrap against a stand-in Runtime API that numbers the connections it accepts:
 * every call of a warm environment (next, response, error) goes over one kept-alive connection, and a
 * kept-alive connection the server has closed is replaced by a new one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bootstrapPath } from '../../../src/lambda/local/launch';
import { sendJson } from '../../../src/lambda/local/runtime-api';
import { FIXTURE_APP } from './helpers';

const PREFIX = '/2018-06-01/runtime';

interface Answer {
  requestId: string;
  kind: 'response' | 'error';
  body: Record<string, unknown>;
  /** The connection it came over, numbered from 1 in the order they were accepted. */
  connection: number;
}

interface StandIn {
  server: Server;
  /** The connection of each request, in order (the next that is never answered included). */
  requests: { route: string; connection: number }[];
  /** Settles with the answers once every event is answered; rejects if the bootstrap exits first. */
  answered: Promise<Answer[]>;
  child: ChildProcess;
}

let running: StandIn | undefined;

afterEach(async () => {
  const standIn = running;
  running = undefined;
  if (!standIn) return;
  if (standIn.child.exitCode === null && standIn.child.signalCode === null) {
    const exited = once(standIn.child, 'exit');
    standIn.child.kill('SIGKILL');
    await exited;
  }
  standIn.server.closeAllConnections();
  await new Promise<void>((resolve) => standIn.server.close(() => resolve()));
});

/**
 * Serves `events` to the fixture's Python handler through the bootstrap. `closeAfterAnswer`: the
 * server treats a connection as closed once it has taken an answer, and drops the next request made
 * on it unanswered, as when it closes an idle kept-alive connection just as the runtime reuses it.
 */
async function serve(events: unknown[], { closeAfterAnswer = false } = {}): Promise<StandIn> {
  const sockets = new Map<Socket, number>();
  const closed = new Set<Socket>();
  const requests: StandIn['requests'] = [];
  const answers: Answer[] = [];
  let settle!: { resolve: (answers: Answer[]) => void; reject: (error: Error) => void };
  const answered = new Promise<Answer[]>((resolve, reject) => (settle = { resolve, reject }));
  let delivered = 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    const connection = sockets.get(socket) ?? 0;
    const route = (req.url ?? '').slice(PREFIX.length);
    requests.push({ route, connection });
    if (closed.has(socket)) {
      socket.destroy();
      return;
    }
    if (req.method === 'GET' && route === '/invocation/next') {
      if (delivered === events.length) return; // the environment waits, warm, for an event that never comes
      const requestId = `request-${++delivered}`;
      return sendJson(res, 200, events[delivered - 1], {
        'Lambda-Runtime-Aws-Request-Id': requestId,
        'Lambda-Runtime-Deadline-Ms': String(Date.now() + 60_000),
        'Lambda-Runtime-Invoked-Function-Arn': 'arn:aws:lambda:eu-west-1:000000000000:function:Python',
        'Lambda-Runtime-Trace-Id':
          'Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0',
      });
    }
    const match = /^\/invocation\/([^/]+)\/(response|error)$/.exec(route);
    if (req.method !== 'POST' || !match) return sendJson(res, 404, { errorType: 'NotFound' });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      answers.push({ requestId: match[1], kind: match[2] as Answer['kind'], body, connection });
      if (closeAfterAnswer) closed.add(socket);
      sendJson(res, 202, { status: 'OK' });
      if (answers.length === events.length) settle.resolve(answers);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket: Socket) => sockets.set(socket, sockets.size + 1));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  const child = spawn('python3', [bootstrapPath('python_bootstrap.py')], {
    cwd: join(FIXTURE_APP, 'python'),
    env: {
      PATH: process.env.PATH,
      AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${port}`,
      LAMBDA_TASK_ROOT: join(FIXTURE_APP, 'python'),
      _HANDLER: 'pkg/module.handler',
      PYTHONDONTWRITEBYTECODE: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.once('exit', (code, signal) =>
    settle.reject(new Error(`the bootstrap exited (${code ?? signal}) before answering:\n${output}`)),
  );
  child.once('error', (error) =>
    settle.reject(new Error(`cannot start python3 (npm test needs it on PATH): ${error.message}`)),
  );
  running = { server, requests, answered, child };
  return running;
}

describe('the Python bootstrap', () => {
  it('makes every call of several warm invocations over one connection', async () => {
    const standIn = await serve([{ n: 1 }, { n: 2 }, { action: 'error' }, { n: 4 }]);
    const answers = await standIn.answered;
    expect(answers.map(({ requestId, kind }) => [requestId, kind])).toEqual([
      ['request-1', 'response'],
      ['request-2', 'response'],
      ['request-3', 'error'],
      ['request-4', 'response'],
    ]);
    expect(answers[1].body.event).toEqual({ n: 2 });
    expect(answers[2].body).toMatchObject({ errorType: 'ValueError', errorMessage: 'python says no' });
    // Four nexts and four answers so far (a fifth next may be on its way), all on the first connection.
    expect(standIn.requests.length).toBeGreaterThanOrEqual(8);
    expect(new Set(standIn.requests.map(({ connection }) => connection))).toEqual(new Set([1]));
  });

  it('makes a call again on a new connection when the server closed the one it kept', async () => {
    const standIn = await serve([{ n: 1 }, { n: 2 }, { n: 3 }], { closeAfterAnswer: true });
    const answers = await standIn.answered;
    expect(answers.map(({ requestId, kind }) => [requestId, kind])).toEqual([
      ['request-1', 'response'],
      ['request-2', 'response'],
      ['request-3', 'response'],
    ]);
    expect(answers.map(({ body }) => body.event)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    // Each invocation's next was refused on the connection closed after the answer before it, then
    // made on a new one that also carried the invocation's answer.
    expect(answers.map(({ connection }) => connection)).toEqual([1, 2, 3]);
    expect(standIn.requests.slice(0, 8)).toEqual([
      { route: '/invocation/next', connection: 1 },
      { route: '/invocation/request-1/response', connection: 1 },
      { route: '/invocation/next', connection: 1 },
      { route: '/invocation/next', connection: 2 },
      { route: '/invocation/request-2/response', connection: 2 },
      { route: '/invocation/next', connection: 2 },
      { route: '/invocation/next', connection: 3 },
      { route: '/invocation/request-3/response', connection: 3 },
    ]);
  });
});
