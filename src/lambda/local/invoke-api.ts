/**
 * The Lambda API (2015-03-31) on loopback: Invoke, ListFunctions, GetFunction and
 * GetFunctionConfiguration, shaped as AWS shapes them so that the AWS SDK and CLI work unchanged.
 * Every request must name this server in its Host header (a defence against DNS rebinding) and be
 * signed with SigV4 using the credentials generated for this runtime.
 */
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import {
  ASYNC_PAYLOAD_LIMIT,
  CLIENT_CONTEXT_LIMIT,
  LambdaApiError,
  SYNC_PAYLOAD_LIMIT,
  clientContextTooLarge,
  invalidRequestContent,
  notInEnum,
  requestTooLarge,
} from './api-errors';
import type { FunctionDefinition } from './functions';
import { readBody } from './http-body';
import { logGroupName } from './lambda-env';
import { logTail } from './log-lines';
import { type Credentials, verifySignature } from './sigv4';

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';
export const INVOCATION_TYPES: InvocationType[] = ['Event', 'RequestResponse', 'DryRun'];

export interface InvokeResult {
  statusCode: number;
  requestId: string;
  payload: Buffer;
  functionError?: 'Unhandled';
  logs: string;
}

/** What the HTTP API needs from the runtime behind it. */
export interface InvokeApiBackend {
  readonly region: string;
  readonly accountId: string;
  definitions(): FunctionDefinition[];
  /** The function a name, partial ARN or ARN stands for; throws ResourceNotFoundException. */
  resolveFunction(name: string, qualifier: string | undefined): FunctionDefinition;
  invokeFunction(
    fn: FunctionDefinition,
    payload: Buffer,
    options: { invocationType: InvocationType; clientContext?: string; qualifier?: string },
  ): Promise<InvokeResult>;
}

const LIST_DEFAULT = 50;
const LIST_MAX = 10_000;

/** Lambda's LastModified format: `2024-01-02T03:04:05.000+0000`. */
function lastModified(path: string): string {
  let mtime = new Date();
  try {
    mtime = statSync(path).mtime;
  } catch {
    // the template went away since it was read
  }
  return mtime.toISOString().replace('Z', '+0000');
}

/** A function's ARN; with a qualifier (`$LATEST`, a version, an alias) when the caller named one. */
export function functionArn(
  backend: Pick<InvokeApiBackend, 'region' | 'accountId'>,
  name: string,
  qualifier?: string,
): string {
  const arn = `arn:aws:lambda:${backend.region}:${backend.accountId}:function:${name}`;
  return qualifier === undefined ? arn : `${arn}:${qualifier}`;
}

/** The qualifier a name or ARN carries (`fn:$LATEST`, `arn:…:function:fn:$LATEST`), if any. */
export function qualifierOf(name: string): string | undefined {
  const parts = name.split(':');
  const at = parts.indexOf('function');
  return at >= 0 ? parts[at + 2] : parts[1];
}

/** A FunctionConfiguration as GetFunctionConfiguration and ListFunctions return it. */
export function functionConfiguration(
  backend: InvokeApiBackend,
  fn: FunctionDefinition,
): Record<string, unknown> {
  const configuration: Record<string, unknown> = {
    FunctionName: fn.name,
    FunctionArn: functionArn(backend, fn.name),
    Runtime: fn.runtime,
    Role: fn.role,
    Handler: fn.handler,
    CodeSize: 0,
    Description: fn.description,
    Timeout: fn.timeoutSeconds,
    MemorySize: fn.memoryMB,
    LastModified: lastModified(fn.templatePath),
    CodeSha256: '',
    Version: '$LATEST',
    TracingConfig: { Mode: 'PassThrough' },
    PackageType: 'Zip',
    Architectures: fn.architectures,
    EphemeralStorage: { Size: fn.ephemeralStorageMB },
    LoggingConfig: { LogFormat: 'Text', LogGroup: logGroupName(fn) },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    State: fn.unsupported ? 'Failed' : 'Active',
    LastUpdateStatus: 'Successful',
  };
  if (fn.unsupported) {
    configuration.StateReasonCode = 'InvalidRuntime';
    configuration.StateReason = fn.unsupported;
  }
  if (Object.keys(fn.environment).length > 0) configuration.Environment = { Variables: fn.environment };
  return configuration;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  if (res.writableEnded || res.destroyed) return;
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(payload.length),
    ...headers,
  });
  res.end(payload);
}

function sendError(res: ServerResponse, error: LambdaApiError, requestId: string): void {
  send(res, error.statusCode, error.body(), {
    'x-amzn-ErrorType': error.errorType,
    'x-amzn-RequestId': requestId,
  });
}

function validJson(payload: Buffer): string | undefined {
  try {
    JSON.parse(payload.toString('utf8'));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A path segment's name; a malformed escape (`%ZZ`) is the caller's mistake, as on Lambda. */
function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new LambdaApiError(
      400,
      'ValidationException',
      `1 validation error detected: Value '${raw}' at 'functionName' failed to satisfy constraint: Member must be a valid URL-encoded function name`,
    );
  }
}

export class InvokeApiServer {
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(
    backend: InvokeApiBackend,
    credentials: Credentials,
    port: number,
  ): Promise<InvokeApiServer> {
    const server = createServer();
    // An invocation may run for up to 15 minutes.
    server.requestTimeout = 0;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const api = new InvokeApiServer(server, (server.address() as AddressInfo).port);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const requestId = randomUUID();
      api.handle(backend, credentials, req, res, requestId).catch((error: unknown) => {
        const failure =
          error instanceof LambdaApiError
            ? error
            : new LambdaApiError(500, 'ServiceException', String(error));
        sendError(res, failure, requestId);
      });
    });
    return api;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(
    backend: InvokeApiBackend,
    credentials: Credentials,
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
  ): Promise<void> {
    const host = (header(req, 'host') ?? '').toLowerCase();
    if (host !== `127.0.0.1:${this.port}` && host !== `localhost:${this.port}`) {
      req.resume();
      const message = `Host must be 127.0.0.1:${this.port} or localhost:${this.port}`;
      return sendError(res, new LambdaApiError(403, 'AccessDeniedException', message), requestId);
    }
    const { body, size, sha256 } = await readBody(req, SYNC_PAYLOAD_LIMIT);
    const verdict = verifySignature(
      { method: req.method ?? 'GET', target: req.url ?? '/', rawHeaders: req.rawHeaders, bodySha256: sha256 },
      credentials,
    );
    if (!verdict.ok)
      return sendError(res, new LambdaApiError(403, verdict.errorType, verdict.message), requestId);

    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const segments = url.pathname.split('/').filter((s) => s !== '');
    const [version, collection, rawName, action] = segments;
    if (version !== '2015-03-31' || collection !== 'functions' || segments.length > 4) {
      throw new LambdaApiError(
        404,
        'UnknownOperationException',
        `Unknown operation ${req.method} ${url.pathname}`,
      );
    }
    const name = rawName === undefined ? undefined : decodeName(rawName);
    const qualifier = url.searchParams.get('Qualifier') ?? undefined;
    if (req.method === 'GET' && name === undefined) return this.list(backend, url, res, requestId);
    if (req.method === 'GET' && name !== undefined && action === undefined) {
      const fn = backend.resolveFunction(name, qualifier);
      const code = fn.codeDir ? { RepositoryType: 'Local', Location: pathToFileURL(fn.codeDir).href } : {};
      const body = { Configuration: functionConfiguration(backend, fn), Code: code, Tags: {} };
      return send(res, 200, JSON.stringify(body), { 'x-amzn-RequestId': requestId });
    }
    if (req.method === 'GET' && name !== undefined && action === 'configuration') {
      const fn = backend.resolveFunction(name, qualifier);
      return send(res, 200, JSON.stringify(functionConfiguration(backend, fn)), {
        'x-amzn-RequestId': requestId,
      });
    }
    if (req.method === 'POST' && name !== undefined && action === 'invocations') {
      return this.invoke(backend, req, res, name, qualifier, { body, size });
    }
    throw new LambdaApiError(
      404,
      'UnknownOperationException',
      `Unknown operation ${req.method} ${url.pathname}`,
    );
  }

  private list(backend: InvokeApiBackend, url: URL, res: ServerResponse, requestId: string): void {
    const maxItemsText = url.searchParams.get('MaxItems');
    const maxItems = maxItemsText === null ? LIST_DEFAULT : Number(maxItemsText);
    if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > LIST_MAX) {
      throw new LambdaApiError(
        400,
        'ValidationException',
        `1 validation error detected: Value '${maxItemsText}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and ${LIST_MAX}`,
      );
    }
    const marker = url.searchParams.get('Marker');
    let start = 0;
    if (marker !== null) {
      start = Number(Buffer.from(marker, 'base64url').toString('utf8'));
      if (!Number.isInteger(start) || start < 0)
        throw new LambdaApiError(400, 'InvalidParameterValueException', 'Invalid marker');
    }
    const all = backend.definitions();
    const page = all.slice(start, start + maxItems);
    const body: Record<string, unknown> = { Functions: page.map((fn) => functionConfiguration(backend, fn)) };
    if (start + maxItems < all.length)
      body.NextMarker = Buffer.from(String(start + maxItems)).toString('base64url');
    send(res, 200, JSON.stringify(body), { 'x-amzn-RequestId': requestId });
  }

  private async invoke(
    backend: InvokeApiBackend,
    req: IncomingMessage,
    res: ServerResponse,
    name: string,
    qualifier: string | undefined,
    { body, size }: { body: Buffer; size: number },
  ): Promise<void> {
    const invocationType = header(req, 'x-amz-invocation-type') ?? 'RequestResponse';
    if (!INVOCATION_TYPES.includes(invocationType as InvocationType))
      throw notInEnum(invocationType, 'invocationType', INVOCATION_TYPES);
    const logType = header(req, 'x-amz-log-type') ?? 'None';
    if (logType !== 'None' && logType !== 'Tail') throw notInEnum(logType, 'logType', ['Tail', 'None']);
    const fn = backend.resolveFunction(name, qualifier);
    const limit = invocationType === 'Event' ? ASYNC_PAYLOAD_LIMIT : SYNC_PAYLOAD_LIMIT;
    if (size > limit) throw requestTooLarge(limit);
    if (size > 0) {
      const problem = validJson(body);
      if (problem !== undefined) throw invalidRequestContent(problem);
    }
    let clientContext: string | undefined;
    const encodedContext = header(req, 'x-amz-client-context');
    if (encodedContext !== undefined) {
      if (encodedContext.length > CLIENT_CONTEXT_LIMIT) throw clientContextTooLarge(encodedContext.length);
      clientContext = Buffer.from(encodedContext, 'base64').toString('utf8');
      if (validJson(Buffer.from(clientContext)) !== undefined)
        throw new LambdaApiError(
          400,
          'InvalidRequestContentException',
          'Client context must be a valid Base64-encoded JSON object.',
        );
    }
    const result = await backend.invokeFunction(fn, size > 0 ? body : Buffer.from('{}'), {
      invocationType: invocationType as InvocationType,
      clientContext,
      qualifier: qualifier ?? qualifierOf(name),
    });
    const headers: Record<string, string> = { 'x-amzn-RequestId': result.requestId };
    if (invocationType === 'RequestResponse') {
      headers['X-Amz-Executed-Version'] = '$LATEST';
      if (result.functionError) headers['X-Amz-Function-Error'] = result.functionError;
      if (logType === 'Tail') headers['X-Amz-Log-Result'] = logTail(result.logs);
    }
    send(res, result.statusCode, result.payload, headers);
  }
}
