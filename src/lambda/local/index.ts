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
  LambdaApiError,
  SYNC_PAYLOAD_LIMIT,
  functionNotFound,
  invalidRequestContent,
  requestTooLarge,
} from './api-errors';
import { ExecutionEnvironment, type InvocationOutcome } from './environment';
import { type FunctionDefinition, loadFunctions } from './functions';
import {
  type InvocationType,
  type InvokeApiBackend,
  InvokeApiServer,
  type InvokeResult,
  functionArn,
} from './invoke-api';
import { LaunchError, type LaunchPlan, defaultCacheDir, planLaunch } from './launch';
import { billedDuration, endLine, reportLine, startLine } from './log-lines';
import { FunctionPool } from './pool';
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
export type * from './public-types';
export type { Credentials } from './sigv4';
export type { EnvironmentState } from './environment';
export type { InvocationType } from './invoke-api';

const ACCOUNT_ID = '000000000000';
const DEFAULT_MAX_ENVIRONMENTS = 32;
const DEFAULT_IDLE_TIMEOUT_MS = 10 * 60 * 1000;
const DEFAULT_PREWARM = 2;
/** start() and reload() wait this long at most for the first spare (a TypeScript build may be slow). */
const FIRST_SPARE_WAIT_MS = 1000;

/** Settles with `promise`, or after `ms`, whichever comes first. */
function atMost(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([promise, elapsed]).finally(() => clearTimeout(timer));
}

const samePlan = (a: LaunchPlan, b: LaunchPlan): boolean => JSON.stringify(a) === JSON.stringify(b);

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

function parseFunctionName(raw: string): { name: string; qualifier?: string } {
  const arn = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([^:]+)(?::([^:]+))?$/.exec(raw);
  const partial = /^\d{12}:function:([^:]+)(?::([^:]+))?$/.exec(raw);
  const plain = /^([^:]+)(?::([^:]+))?$/.exec(raw);
  const match = arn ?? partial ?? plain;
  return match ? { name: match[1], qualifier: match[2] } : { name: raw };
}

export class LocalRuntime extends EventEmitter implements InvokeApiBackend {
  private definitionList: FunctionDefinition[] = [];
  private byName = new Map<string, FunctionDefinition>();
  private pools = new Map<FunctionDefinition, FunctionPool>();
  private readonly background = new Set<Promise<unknown>>();
  private loadWarnings: string[] = [];
  private invokeApi?: InvokeApiServer;
  private stopped = false;
  /** Names of the functions that had a cold start, the latest first: they keep a spare environment. */
  private recentlyCold: string[] = [];
  /** Bumped by every load and by stop: a round of spares for older definitions stops there. */
  private generation = 0;

  private constructor(
    private readonly options: LocalRuntimeOptions,
    private readonly runtimeApi: RuntimeApiServer,
    readonly credentials: Credentials,
    readonly region: string,
    readonly accountId: string,
    private readonly cacheDir: string,
  ) {
    super();
  }

  /**
   * Loads the templates and starts both APIs on loopback. It resolves once the first function that
   * keeps a spare environment (see the `prewarm` option) has one booted, so that a first invocation
   * finds it (or after FIRST_SPARE_WAIT_MS); the other spares start in the background.
   */
  static async start(options: LocalRuntimeOptions): Promise<LocalRuntime> {
    const env = options.env ?? process.env;
    const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
    const runtimeApi = await RuntimeApiServer.start();
    const cacheDir = options.cacheDir ?? defaultCacheDir();
    const runtime = new LocalRuntime(
      { ...options, templates: [...options.templates] },
      runtimeApi,
      generateCredentials(),
      region,
      options.accountId ?? ACCOUNT_ID,
      cacheDir,
    );
    const firstSpare = runtime.load(options.templates);
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

  /** What could not be read from the templates (unresolved variables, unsupported functions…). */
  get warnings(): string[] {
    return [...this.loadWarnings];
  }

  functions(): FunctionSummary[] {
    return this.definitionList.map((fn) => ({
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
    return [...this.pools].flatMap(([fn, pool]) =>
      pool.environments().map((env) => ({
        id: env.id,
        functionName: fn.name,
        state: env.state,
        invocations: env.invocations,
        startedAt: env.startedAt,
        initDuration: env.initDurationMs,
        maxMemoryUsed: env.maxMemoryUsedMB,
        pid: env.pid,
      })),
    );
  }

  /** Calls `listener` when an environment starts, changes state or stops. */
  onDidChange(listener: () => void): { dispose(): void } {
    this.on('change', listener);
    return { dispose: () => this.off('change', listener) };
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
    const outcome = await this.run(fn, bytes, invocationType, clientContext, options.signal);
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
    };
  }

  /**
   * Reads the templates again (or others) and stops every environment, so new code and settings apply.
   * Spare environments are started again for the new definitions (the first one before it resolves).
   */
  async reload(templates: string[] = this.options.templates): Promise<void> {
    this.options.templates = templates;
    this.generation++; // spares still being started are for the old definitions
    const previous = this.pools;
    this.pools = new Map();
    const firstSpare = this.load(templates, previous);
    // A function whose definition did not change keeps its warm environments (another template
    // was added or saved); the others end.
    const kept = new Set(this.pools.values());
    await Promise.all([...previous.values()].filter((pool) => !kept.has(pool)).map((pool) => pool.stop()));
    this.emit('change');
    await atMost(firstSpare, FIRST_SPARE_WAIT_MS);
  }

  /** Stops every environment and both servers. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.generation++;
    const pools = [...this.pools.values()];
    this.pools = new Map();
    await Promise.all(pools.map((pool) => pool.stop()));
    await Promise.allSettled([...this.background]);
    await Promise.all([this.invokeApi?.close(), this.runtimeApi.close()]);
    this.emit('change');
  }

  // InvokeApiBackend -------------------------------------------------------------------------------

  definitions(): FunctionDefinition[] {
    return this.definitionList;
  }

  resolveFunction(name: string, qualifier: string | undefined): FunctionDefinition {
    const parsed = parseFunctionName(name);
    const version = qualifier ?? parsed.qualifier;
    const fn = this.byName.get(parsed.name);
    if (!fn || (version !== undefined && version !== '$LATEST')) {
      throw functionNotFound(functionArn(this, parsed.name) + (version !== undefined ? `:${version}` : ''));
    }
    return fn;
  }

  async invokeFunction(
    fn: FunctionDefinition,
    payload: Buffer,
    options: { invocationType: InvocationType; clientContext?: string },
  ): Promise<InvokeResult> {
    return this.run(fn, payload, options.invocationType, options.clientContext);
  }

  // Internals --------------------------------------------------------------------------------------

  /** Reads the functions and starts their spares; the result settles once the first spare is booted. */
  private load(
    templates: string[],
    previous: ReadonlyMap<FunctionDefinition, FunctionPool> = new Map(),
  ): Promise<void> {
    const { functions, warnings } = loadFunctions(templates, {
      region: this.region,
      accountId: this.accountId,
    });
    this.definitionList = functions;
    this.loadWarnings = warnings;
    this.byName = new Map(functions.flatMap((fn) => fn.names.map((name) => [name, fn] as const)));
    const unchanged = new Map([...previous].map(([fn, pool]) => [JSON.stringify(fn), pool] as const));
    for (const fn of functions) {
      const pool = unchanged.get(JSON.stringify(fn));
      if (pool) this.pools.set(fn, pool);
    }
    this.generation++;
    return new Promise<void>((firstBooted) => {
      void this.prepareSpares(this.generation, firstBooted).finally(firstBooted);
    });
  }

  /**
   * The functions that keep a spare environment (started ahead, see FunctionPool): Node.js functions,
   * those with a recent cold start first, then in template order, up to the `prewarm` option.
   */
  private spareKeepers(): Set<FunctionDefinition> {
    const limit = this.options.prewarm ?? DEFAULT_PREWARM;
    const eligible = this.definitionList.filter((fn) => fn.family === 'nodejs' && !fn.unsupported);
    const rank = (fn: FunctionDefinition): number => {
      const index = this.recentlyCold.indexOf(fn.name);
      return index < 0 ? Number.MAX_SAFE_INTEGER : index;
    };
    const ordered = eligible
      .map((fn, order) => ({ fn, order }))
      .sort((a, b) => rank(a.fn) - rank(b.fn) || a.order - b.order);
    return new Set(ordered.slice(0, Math.max(0, limit)).map(({ fn }) => fn));
  }

  /** Starts the spares of the keepers one after another, so that they do not crowd the CPU. */
  private async prepareSpares(generation: number, firstBooted: () => void): Promise<void> {
    for (const fn of this.spareKeepers()) {
      if (generation !== this.generation || this.stopped) return;
      const pool = this.pool(fn);
      pool.keepSpare = true;
      await pool.prepareSpare();
      firstBooted();
    }
  }

  /** A cold start makes its function the first to keep a spare; the last keeper beyond the limit stops. */
  private coldStart(fn: FunctionDefinition): void {
    this.recentlyCold = [fn.name, ...this.recentlyCold.filter((name) => name !== fn.name)].slice(0, 64);
    const keepers = this.spareKeepers();
    for (const [definition, pool] of this.pools) {
      const keep = keepers.has(definition);
      if (pool.keepSpare && !keep) pool.dropSpare();
      pool.keepSpare = keep;
    }
  }

  private pool(fn: FunctionDefinition): FunctionPool {
    let pool = this.pools.get(fn);
    if (!pool) {
      const created = new FunctionPool(
        {
          create: () => this.createEnvironment(fn),
          isCurrent: (env) => this.isCurrent(fn, env),
        },
        {
          maxEnvironments: this.options.maxEnvironmentsPerFunction ?? DEFAULT_MAX_ENVIRONMENTS,
          idleTimeoutMs: this.options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
        },
      );
      created.on('change', () => this.emit('change'));
      created.on('cold', () => this.coldStart(fn));
      this.pools.set(fn, created);
      pool = created;
    }
    return pool;
  }

  /**
   * Whether a spare would start as a new environment would: the plan is made again (a TypeScript
   * handler is bundled again if its sources changed, into the same file), so edits since the spare
   * started are not missed; the handler itself is only loaded once an invocation takes the spare.
   */
  private async isCurrent(fn: FunctionDefinition, env: ExecutionEnvironment): Promise<boolean> {
    const plan = await planLaunch(fn, this.cacheDir, this.options.env ?? process.env);
    return samePlan(plan, env.plan);
  }

  private async createEnvironment(fn: FunctionDefinition): Promise<ExecutionEnvironment> {
    const parentEnv = this.options.env ?? process.env;
    const plan = await planLaunch(fn, this.cacheDir, parentEnv);
    const env: ExecutionEnvironment = new ExecutionEnvironment(fn, plan, this.runtimeApi, {
      region: this.region,
      parentEnv,
      onLog: (line, requestId) =>
        this.emit('log', {
          functionName: fn.name,
          requestId,
          environmentId: env.id,
          line,
        } satisfies LogEvent),
    });
    return env;
  }

  private async run(
    fn: FunctionDefinition,
    payload: Buffer,
    invocationType: InvocationType,
    clientContext: string | undefined,
    signal?: AbortSignal,
  ): Promise<InvokeResult & Partial<InvocationOutcome>> {
    if (this.stopped) throw new LambdaApiError(503, 'ServiceException', 'The local runtime has stopped');
    const requestId = randomUUID();
    if (invocationType === 'DryRun')
      return { statusCode: 204, requestId, payload: Buffer.alloc(0), logs: '' };
    const pool = this.pool(fn);
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
      invokedFunctionArn: functionArn(this, fn.name),
      traceId: traceId(),
      clientContext,
    };
    const running = pool
      .run(invocation, signal)
      .catch((error: unknown) => this.launchFailure(fn, requestId, error));
    if (invocationType === 'Event') {
      // Lambda answers at once and runs the event later; its outcome is only in the logs.
      const settled = running.then(
        (outcome) => this.emit('invocation', { functionName: fn.name, ...outcome }),
        () => undefined, // stopped with the runtime
      );
      this.background.add(settled);
      void settled.finally(() => this.background.delete(settled));
      return { statusCode: 202, requestId, payload: Buffer.alloc(0), logs: '' };
    }
    const outcome = await running;
    this.emit('invocation', { functionName: fn.name, ...outcome });
    return { statusCode: 200, ...outcome };
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
