/**
 * The Lambda Runtime API (2018-06-01) that execution environments poll for events and answer on.
 *
 * Each environment has its own loopback port: `AWS_LAMBDA_RUNTIME_API=127.0.0.1:PORT`, the `host:port`
 * Lambda documents, which AWS's runtime interface clients require (the Node.js one refuses anything
 * else), as do curl-based bootstraps and aws-lambda-go. The port keeps environments apart: what comes
 * in on it is that environment's, so no token is needed in the path. Requests that are not the
 * runtime's own are refused by who opened the connection (see loopback-peer): a process of another
 * OS user gets a 403 and its connection closed before anything is read from it.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readBody } from './http-body';
import { isOwnPeer } from './loopback-peer';

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

/** The Runtime API of one environment, listening until `close`. */
export interface RuntimeApiEndpoint {
  /** `127.0.0.1:PORT`: the environment's AWS_LAMBDA_RUNTIME_API. */
  readonly address: string;
  close(): Promise<void>;
}

/** What the server needs to know of an environment beyond its calls: its process, for the peer check. */
export interface RuntimeApiOwner extends RuntimeApiClient {
  /** The process the environment spawned (Windows accepts connections from it alone). */
  readonly pid: number | undefined;
}

export class RuntimeApiServer {
  private readonly endpoints = new Set<RuntimeApiEndpoint>();
  private closed = false;

  /** Opens a port for one environment; its calls go to `client` and nowhere else. */
  async register(client: RuntimeApiOwner): Promise<RuntimeApiEndpoint> {
    if (this.closed) throw new Error('the Runtime API has stopped');
    const server = createServer();
    // `next` is a long poll: an event may come minutes later.
    server.requestTimeout = 0;
    server.keepAliveTimeout = 60_000;
    const verdicts = new WeakMap<Socket, Promise<boolean>>();
    server.on('connection', (socket: Socket) =>
      verdicts.set(
        socket,
        isOwnPeer(socket, () => client.pid),
      ),
    );
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      void (async () => {
        if (!(await verdicts.get(req.socket))) {
          req.resume();
          sendJson(res, 403, {
            errorMessage: 'Not a runtime of this environment',
            errorType: 'AccessDeniedException',
          });
          req.socket.destroySoon();
          return;
        }
        await this.handle(client, req, res);
      })().catch(() => sendJson(res, 500, { errorMessage: 'Internal error', errorType: 'ServiceException' }));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const endpoint: RuntimeApiEndpoint = {
      address: `127.0.0.1:${port}`,
      close: async () => {
        if (!this.endpoints.delete(endpoint)) return;
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
    this.endpoints.add(endpoint);
    return endpoint;
  }

  /** Closes every environment's port. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.endpoints].map((endpoint) => endpoint.close()));
  }

  private async handle(client: RuntimeApiClient, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const route = (req.url ?? '').split('?')[0];
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
      let requestId: string;
      try {
        requestId = decodeURIComponent(invocation[1]);
      } catch {
        req.resume();
        return sendJson(res, 400, { errorMessage: 'Invalid request ID', errorType: 'InvalidRequestID' });
      }
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
