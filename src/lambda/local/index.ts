/**
 * The Docker-free local Lambda runtime: the functions of some templates, run in execution environments
 * (child processes speaking the Runtime API) and served through the Lambda API on loopback. The CLI's
 * `ownless serve` and the VS Code extension both use this class; the extension also calls `invoke`
 * directly and follows environments through `onDidChange`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  ASYNC_PAYLOAD_LIMIT,
  CLIENT_CONTEXT_LIMIT,
  LambdaApiError,
  SYNC_PAYLOAD_LIMIT,
  clientContextTooLarge,
  invalidRequestContent,
  requestTooLarge,
} from './api-errors';
import { type AsyncOutcome, runAsyncInvocation } from './async-invocations';
import type { FunctionDefinition } from './functions';
import type { InvocationOutcome } from './invocation';
import {
  type InvocationType,
  type InvokeApiBackend,
  InvokeApiServer,
  type InvokeResult,
  functionArn,
  qualifierOf,
} from './invoke-api';
import { LaunchError, defaultCacheDir } from './launch';
import { billedDuration, endLine, reportLine, startLine } from './log-lines';
import { FunctionRegistry } from './registry';
import { RuntimeApiServer } from './runtime-api';
import { type Credentials, generateCredentials } from './sigv4';
import type {
  EnvironmentSnapshot,
  FunctionSummary,
  LocalInvokeOptions,
  LocalInvokeResult,
  LocalRuntimeOptions,
  LogEvent,
} from './public-types';

export { LambdaApiError } from './api-errors';
export { withoutHostCredentials } from './lambda-env';
export type * from './public-types';
export type { Credentials } from './sigv4';
export type { EnvironmentState } from './invocation';
export type { InvocationType } from './invoke-api';
export type { AsyncCondition, AsyncDelivery, AsyncOutcome } from './async-invocations';
export type { AsyncTarget } from './async-config';

const ACCOUNT_ID = '000000000000';
/** start() and reload() wait this long at most for the first spare (a TypeScript build may be slow). */
const FIRST_SPARE_WAIT_MS = 1000;

/** Settles with `promise`, or after `ms`, whichever comes first. */
function atMost(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([promise, elapsed]).finally(() => clearTimeout(timer));
}

/** Random bytes for trace ids, drawn in batches: one call into the OS per 64 invocations, not two each. */
const TRACE_BYTES = 20;
let randomPool = Buffer.alloc(0);
let randomOffset = 0;

/** An X-Ray trace header like the one Lambda passes (Lambda-Runtime-Trace-Id, _X_AMZN_TRACE_ID). */
function traceId(): string {
  if (randomOffset + TRACE_BYTES > randomPool.length) {
    randomPool = randomBytes(TRACE_BYTES * 64);
    randomOffset = 0;
  }
  const root = randomPool.toString('hex', randomOffset, randomOffset + 12);
  const parent = randomPool.toString('hex', randomOffset + 12, randomOffset + TRACE_BYTES);
  randomOffset += TRACE_BYTES;
  const epoch = Math.floor(Date.now() / 1000).toString(16);
  return `Root=1-${epoch}-${root};Parent=${parent};Sampled=0`;
}

export class LocalRuntime extends EventEmitter implements InvokeApiBackend {
  private readonly registry: FunctionRegistry;
  private readonly background = new Set<Promise<unknown>>();
  private invokeApi?: InvokeApiServer;
  private stopped = false;
  /** Aborted by stop(): asynchronous invocations waiting to be retried end. */
  private readonly lifetime = new AbortController();

  private constructor(
    private readonly options: LocalRuntimeOptions,
    private readonly runtimeApi: RuntimeApiServer,
    readonly credentials: Credentials,
    readonly region: string,
    readonly accountId: string,
    cacheDir: string,
  ) {
    super();
    this.registry = new FunctionRegistry({
      options,
      runtimeApi,
      region,
      accountId,
      cacheDir,
      onChange: () => this.emit('change'),
      onLog: (event) => this.emit('log', event),
    });
  }

  /**
   * Loads the templates and starts both APIs on loopback. It resolves once the first function that
   * keeps a spare environment (see the `prewarm` option) has one booted, so that a first invocation
   * finds it (or after FIRST_SPARE_WAIT_MS); the other spares start in the background.
   */
  static async start(options: LocalRuntimeOptions): Promise<LocalRuntime> {
    const env = options.env ?? process.env;
    const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
    const runtimeApi = new RuntimeApiServer();
    const cacheDir = options.cacheDir ?? defaultCacheDir();
    const runtime = new LocalRuntime(
      { ...options, templates: [...options.templates] },
      runtimeApi,
      generateCredentials(),
      region,
      options.accountId ?? ACCOUNT_ID,
      cacheDir,
    );
    const firstSpare = runtime.registry.load(options.templates);
    try {
      runtime.invokeApi = await InvokeApiServer.start(runtime, runtime.credentials, options.port ?? 0);
    } catch (error) {
      await runtime.stop();
      throw error;
    }
    await atMost(firstSpare, FIRST_SPARE_WAIT_MS);
    return runtime;
  }

  /** `http://127.0.0.1:PORT`, for AWS_ENDPOINT_URL_LAMBDA or `--endpoint-url`. */
  get endpoint(): string {
    return `http://127.0.0.1:${this.invokeApi?.port}`;
  }

  /**
   * What a client needs to call this runtime, in the order `ownless serve` prints them: the endpoint,
   * the credentials it checks signatures with, and the region under both names (boto3 and AWS CLI v1
   * read only AWS_DEFAULT_REGION; the JavaScript SDK and CLI v2 read AWS_REGION).
   */
  clientEnvironment(): Record<string, string> {
    return {
      AWS_ENDPOINT_URL_LAMBDA: this.endpoint,
      AWS_ACCESS_KEY_ID: this.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: this.credentials.secretAccessKey,
      AWS_REGION: this.region,
      AWS_DEFAULT_REGION: this.region,
    };
  }

  /** What could not be read from the templates (unresolved variables, unsupported functions…). */
  get warnings(): string[] {
    return this.registry.warnings;
  }

  functions(): FunctionSummary[] {
    return this.registry.definitions.map((fn) => ({
      name: fn.name,
      logicalId: fn.logicalId,
      names: [...fn.names],
      arn: functionArn(this, fn.name),
      templatePath: fn.templatePath,
      runtime: fn.runtime,
      handler: fn.handler,
      codeDir: fn.codeDir,
      timeout: fn.timeoutSeconds,
      memorySize: fn.memoryMB,
      unsupported: fn.unsupported,
    }));
  }

  environments(): EnvironmentSnapshot[] {
    return this.registry.environments();
  }

  /** Calls `listener` when an environment starts, changes state or stops. */
  onDidChange(listener: () => void): { dispose(): void } {
    this.on('change', listener);
    return { dispose: () => this.off('change', listener) };
  }

  /**
   * Calls `listener` when an asynchronous invocation has ended, after its retries: how, and the records
   * Lambda would send to its destinations and dead-letter queue.
   */
  onAsyncOutcome(listener: (outcome: AsyncOutcome) => void): { dispose(): void } {
    this.on('asyncOutcome', listener);
    return { dispose: () => this.off('asyncOutcome', listener) };
  }

  /** Calls `listener` for each line a function logs (and START/END/REPORT). */
  onLog(listener: (event: LogEvent) => void): { dispose(): void } {
    this.on('log', listener);
    return { dispose: () => this.off('log', listener) };
  }

  /**
   * Invokes a function by name or ARN. Payload: JSON text or bytes (default `{}`). Throws
   * LambdaApiError for what the Lambda API would refuse (unknown function, payload too large, not JSON).
   */
  async invoke(
    name: string,
    payload: string | Buffer = '{}',
    options: LocalInvokeOptions = {},
  ): Promise<LocalInvokeResult> {
    const fn = this.resolveFunction(name, undefined);
    const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
    const invocationType = options.invocationType ?? 'RequestResponse';
    const limit = invocationType === 'Event' ? ASYNC_PAYLOAD_LIMIT : SYNC_PAYLOAD_LIMIT;
    if (bytes.length > limit) throw requestTooLarge(limit);
    try {
      JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      throw invalidRequestContent((error as Error).message);
    }
    const clientContext =
      options.clientContext === undefined ? undefined : JSON.stringify(options.clientContext);
    // The limit is on the header that carries it over HTTP: Base64 text.
    const encodedLength =
      clientContext === undefined ? 0 : Math.ceil(Buffer.byteLength(clientContext) / 3) * 4;
    if (encodedLength > CLIENT_CONTEXT_LIMIT) throw clientContextTooLarge(encodedLength);
    const outcome = await this.run(fn, bytes, invocationType, {
      clientContext,
      qualifier: qualifierOf(name),
      signal: options.signal,
    });
    options.signal?.throwIfAborted();
    return {
      statusCode: outcome.statusCode,
      requestId: outcome.requestId,
      payload: outcome.payload.toString('utf8'),
      functionError: outcome.functionError,
      errorType: outcome.errorType,
      logs: outcome.logs,
      duration: outcome.durationMs ?? 0,
      billedDuration: outcome.billedDurationMs ?? 0,
      memoryUsed: outcome.memoryUsedMB ?? 0,
      initDuration: outcome.initDurationMs,
      environmentId: outcome.environmentId,
      notes: outcome.notes?.length ? outcome.notes : undefined,
    };
  }

  /**
   * Reads the templates again (or others) and stops every environment, so new code and settings apply.
   * Spare environments are started again for the new definitions (the first one before it resolves).
   */
  async reload(templates: string[] = this.options.templates): Promise<void> {
    this.options.templates = templates;
    // A function whose definition did not change keeps its warm environments; the others end.
    const { firstSpare, replaced } = this.registry.reload(templates);
    await replaced;
    this.emit('change');
    await atMost(firstSpare, FIRST_SPARE_WAIT_MS);
  }

  /** Stops every environment and both servers; asynchronous events waiting for a retry are dropped. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.lifetime.abort(new Error('The local runtime has stopped'));
    await this.registry.stop();
    await Promise.allSettled([...this.background]);
    await Promise.all([this.invokeApi?.close(), this.runtimeApi.close()]);
    this.emit('change');
  }

  // InvokeApiBackend -------------------------------------------------------------------------------

  definitions(): FunctionDefinition[] {
    return this.registry.definitions;
  }

  resolveFunction(name: string, qualifier: string | undefined): FunctionDefinition {
    return this.registry.resolve(name, qualifier);
  }

  async invokeFunction(
    fn: FunctionDefinition,
    payload: Buffer,
    options: { invocationType: InvocationType; clientContext?: string; qualifier?: string },
  ): Promise<InvokeResult> {
    return this.run(fn, payload, options.invocationType, options);
  }

  // Internals --------------------------------------------------------------------------------------

  private async run(
    fn: FunctionDefinition,
    payload: Buffer,
    invocationType: InvocationType,
    {
      clientContext,
      qualifier,
      signal,
    }: { clientContext?: string; qualifier?: string; signal?: AbortSignal },
  ): Promise<InvokeResult & Partial<InvocationOutcome>> {
    if (this.stopped) throw new LambdaApiError(503, 'ServiceException', 'The local runtime has stopped');
    const requestId = randomUUID();
    if (invocationType === 'DryRun')
      return { statusCode: 204, requestId, payload: Buffer.alloc(0), logs: '' };
    const pool = this.registry.pool(fn);
    if (
      invocationType === 'RequestResponse' &&
      fn.reservedConcurrency !== undefined &&
      pool.inFlight >= fn.reservedConcurrency
    ) {
      throw new LambdaApiError(429, 'TooManyRequestsException', 'Rate Exceeded.');
    }
    const invocation = {
      requestId,
      payload,
      // As on Lambda, the ARN names the qualifier the caller used, and none when it used none.
      invokedFunctionArn: functionArn(this, fn.name, qualifier),
      traceId: traceId(),
      clientContext,
    };
    const attempt = async (): Promise<InvocationOutcome> => {
      const outcome = await pool
        .run(invocation, signal)
        .catch((error: unknown) => this.launchFailure(fn, requestId, error));
      this.emit('invocation', { functionName: fn.name, ...outcome });
      return outcome;
    };
    if (invocationType === 'Event') {
      // Lambda answers at once and runs the event later, retrying it when it fails; its outcome is only
      // in the logs (and onAsyncOutcome).
      const settled = runAsyncInvocation({
        functionName: fn.name,
        functionArn: functionArn(this, fn.name),
        invocation,
        config: fn.asyncInvoke,
        attempt,
        delayScale: this.options.asyncRetryDelayScale ?? 1,
        signal: this.lifetime.signal,
        log: (line) =>
          this.emit('log', { functionName: fn.name, requestId, environmentId: '', line } satisfies LogEvent),
      }).then(
        (outcome) => this.emit('asyncOutcome', outcome),
        () => undefined, // stopped with the runtime
      );
      this.background.add(settled);
      void settled.finally(() => this.background.delete(settled));
      return { statusCode: 202, requestId, payload: Buffer.alloc(0), logs: '' };
    }
    return { statusCode: 200, ...(await attempt()) };
  }

  /** A function that could not start fails its invocation with an init error, as on Lambda. */
  private launchFailure(fn: FunctionDefinition, requestId: string, error: unknown): InvocationOutcome {
    if (!(error instanceof LaunchError)) throw error;
    const line = `${error.errorType}: ${error.message}\n`;
    const logs =
      startLine(requestId) +
      line +
      endLine(requestId) +
      reportLine({
        requestId,
        durationMs: 0,
        billedDurationMs: billedDuration(0),
        memorySizeMB: fn.memoryMB,
        maxMemoryUsedMB: 0,
        status: 'error',
        errorType: error.errorType,
      });
    for (const text of logs.trimEnd().split('\n'))
      this.emit('log', {
        functionName: fn.name,
        requestId,
        environmentId: '',
        line: text,
      } satisfies LogEvent);
    return {
      requestId,
      payload: Buffer.from(JSON.stringify({ errorType: error.errorType, errorMessage: error.message })),
      functionError: 'Unhandled',
      errorType: error.errorType,
      logs,
      durationMs: 0,
      billedDurationMs: billedDuration(0),
      memoryUsedMB: 0,
      environmentId: '',
    };
  }
}
