/**
 * The Lambda Runtime API (2018-06-01) that execution environments poll for events and answer on.
 *
 * One loopback server serves every environment. Each environment is given a random 128-bit token as a
 * path prefix (`AWS_LAMBDA_RUNTIME_API=127.0.0.1:PORT/TOKEN`); requests without a live token are
 * refused. A path token was chosen over per-process checks (peer PIDs from /proc/net/tcp, a port per
 * environment) because it works on every OS, needs nothing from the runtime client but the variable
 * Lambda already defines, and an unprivileged local process can read another's environment only when
 * it could also ptrace it. Clients that build URLs as `http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/…`
 * (the AWS runtime interface clients, curl-based bootstraps, aws-lambda-go) work unchanged.
 */
import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './http-body';

/** An event handed to a runtime by `GET …/invocation/next`. */
export interface NextEvent {
  requestId: string;
  deadlineMs: number;
  invokedFunctionArn: string;
  traceId: string;
  /** The client context as JSON text (Lambda-Runtime-Client-Context). */
  clientContext?: string;
  payload: Buffer;
}

/** What an execution environment does with the calls its runtime makes. */
export interface RuntimeApiClient {
  /**
   * Ownless's own runtimes ask, once booted, whether to initialize the function now (`GET
   * …/ownless/start`): an environment started ahead of its first invocation waits there, so that its
   * init (loading the handler) happens when an invocation is given to it, as on Lambda. `begin`
   * answers the runtime and says whether it got the answer.
   */
  awaitStart(begin: () => boolean): void;
  /** The runtime is ready for an event; `deliver` answers it and says whether the runtime got it. */
  next(deliver: (event: NextEvent) => boolean): void;
  /** Returns false when `requestId` is not the invocation in progress. */
  response(requestId: string, body: Buffer): boolean;
  error(requestId: string, body: Buffer, errorType: string | undefined): boolean;
  initError(body: Buffer, errorType: string | undefined): void;
}

/** The largest response a function may return (Lambda's figure, in bytes). */
export const RESPONSE_LIMIT = 6291556;

const PREFIX = '/2018-06-01/runtime';
/** Outside Lambda's API, for Ownless's own bootstraps: see RuntimeApiClient.awaitStart. */
export const START_ROUTE = '/ownless/start';

/** A JSON answer with its length (nothing once the response has ended or its socket has gone). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export class RuntimeApiServer {
  private readonly clients = new Map<string, RuntimeApiClient>();

  private constructor(
    private readonly server: Server,
    /** `127.0.0.1:PORT`. */
    readonly address: string,
  ) {}

  static async start(): Promise<RuntimeApiServer> {
    const server = createServer();
    // `next` is a long poll: an event may come minutes later.
    server.requestTimeout = 0;
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const api = new RuntimeApiServer(server, `127.0.0.1:${port}`);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      api
        .handle(req, res)
        .catch(() => sendJson(res, 500, { errorMessage: 'Internal error', errorType: 'ServiceException' }));
    });
    return api;
  }

  /** Registers an environment; the result is its `AWS_LAMBDA_RUNTIME_API`. */
  register(client: RuntimeApiClient): { endpoint: string; token: string } {
    const token = randomBytes(16).toString('hex');
    this.clients.set(token, client);
    return { endpoint: `${this.address}/${token}`, token };
  }

  unregister(token: string): void {
    this.clients.delete(token);
  }

  async close(): Promise<void> {
    this.clients.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    const slash = path.indexOf('/', 1);
    const token = slash > 0 ? path.slice(1, slash) : '';
    const client = this.clients.get(token);
    if (!client) {
      req.resume();
      return sendJson(res, 403, { errorMessage: 'Unknown runtime', errorType: 'AccessDeniedException' });
    }
    const route = path.slice(slash);
    if (req.method === 'GET' && route === `${PREFIX}/invocation/next`) return this.next(client, res);
    if (req.method === 'GET' && route === START_ROUTE) {
      return client.awaitStart(() => {
        if (res.writableEnded || res.destroyed) return false;
        sendJson(res, 200, { status: 'OK' });
        return true;
      });
    }
    const invocation = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(route);
    const errorType = req.headers['lambda-runtime-function-error-type'];
    const errorTypeText = typeof errorType === 'string' ? errorType : undefined;
    if (req.method === 'POST' && invocation) {
      const requestId = decodeURIComponent(invocation[1]);
      const { body, size } = await readBody(req, RESPONSE_LIMIT);
      if (size > RESPONSE_LIMIT) {
        const tooLarge = {
          errorMessage: `Response payload size exceeded maximum allowed payload size (${RESPONSE_LIMIT} bytes).`,
          errorType: 'Function.ResponseSizeTooLarge',
        };
        client.error(requestId, Buffer.from(JSON.stringify(tooLarge)), tooLarge.errorType);
        return sendJson(res, 413, tooLarge);
      }
      const accepted =
        invocation[2] === 'response'
          ? client.response(requestId, body)
          : client.error(requestId, body, errorTypeText);
      if (!accepted)
        return sendJson(res, 400, { errorMessage: 'Invalid request ID', errorType: 'InvalidRequestID' });
      return sendJson(res, 202, { status: 'OK' });
    }
    if (req.method === 'POST' && route === `${PREFIX}/init/error`) {
      const { body } = await readBody(req, RESPONSE_LIMIT);
      client.initError(body, errorTypeText);
      return sendJson(res, 202, { status: 'OK' });
    }
    req.resume();
    sendJson(res, 404, { errorMessage: `No route for ${req.method} ${route}`, errorType: 'NotFound' });
  }

  private next(client: RuntimeApiClient, res: ServerResponse): void {
    client.next((event) => {
      if (res.writableEnded || res.destroyed) return false;
      const headers: Record<string, string | number> = {
        'Content-Type': 'application/json',
        'Content-Length': event.payload.length,
        'Lambda-Runtime-Aws-Request-Id': event.requestId,
        'Lambda-Runtime-Deadline-Ms': event.deadlineMs,
        'Lambda-Runtime-Invoked-Function-Arn': event.invokedFunctionArn,
        'Lambda-Runtime-Trace-Id': event.traceId,
      };
      if (event.clientContext !== undefined) headers['Lambda-Runtime-Client-Context'] = event.clientContext;
      res.writeHead(200, headers);
      res.end(event.payload);
      return true;
    });
  }
}
