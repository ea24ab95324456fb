/**
 * The functions of the local runtime's templates and the pools of their execution environments: it
 * reads the templates (again on reload, keeping the warm environments of functions whose definition
 * did not change), resolves names and ARNs to functions, creates environments, and chooses which
 * functions keep a spare environment started ahead (see FunctionPool).
 */
import { functionNotFound } from './api-errors';
import { ExecutionEnvironment } from './environment';
import { type FunctionDefinition, loadFunctions } from './functions';
import { functionArn } from './invoke-api';
import { type LaunchPlan, planLaunch } from './launch';
import { FunctionPool } from './pool';
import type { EnvironmentSnapshot, LocalRuntimeOptions, LogEvent } from './public-types';
import type { RuntimeApiServer } from './runtime-api';

const DEFAULT_MAX_ENVIRONMENTS = 32;
const DEFAULT_IDLE_TIMEOUT_MS = 10 * 60 * 1000;
const DEFAULT_PREWARM = 2;

const samePlan = (a: LaunchPlan, b: LaunchPlan): boolean => JSON.stringify(a) === JSON.stringify(b);

function parseFunctionName(raw: string): { name: string; qualifier?: string } {
  const arn = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([^:]+)(?::([^:]+))?$/.exec(raw);
  const partial = /^\d{12}:function:([^:]+)(?::([^:]+))?$/.exec(raw);
  const plain = /^([^:]+)(?::([^:]+))?$/.exec(raw);
  const match = arn ?? partial ?? plain;
  return match ? { name: match[1], qualifier: match[2] } : { name: raw };
}

/** What the registry needs from the runtime that owns it. */
export interface RegistrySettings {
  options: Pick<
    LocalRuntimeOptions,
    'prewarm' | 'maxEnvironmentsPerFunction' | 'idleTimeoutMs' | 'env' | 'runtimes'
  >;
  runtimeApi: RuntimeApiServer;
  region: string;
  accountId: string;
  cacheDir: string;
  /** An environment started, changed state or stopped. */
  onChange(): void;
  onLog(event: LogEvent): void;
}

/** The functions of the templates, by name, and their pools; see the module comment. */
export class FunctionRegistry {
  private definitionList: FunctionDefinition[] = [];
  private byName = new Map<string, FunctionDefinition>();
  private pools = new Map<FunctionDefinition, FunctionPool>();
  private loadWarnings: string[] = [];
  private stopped = false;
  /** Names of the functions that had a cold start, the latest first: they keep a spare environment. */
  private recentlyCold: string[] = [];
  /** Bumped by every load and by stop: a round of spares for older definitions stops there. */
  private generation = 0;

  constructor(private readonly settings: RegistrySettings) {}

  /** For functionArn. */
  get region(): string {
    return this.settings.region;
  }

  get accountId(): string {
    return this.settings.accountId;
  }

  get definitions(): FunctionDefinition[] {
    return this.definitionList;
  }

  get warnings(): string[] {
    return [...this.loadWarnings];
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

  /** The function a name, partial ARN or ARN stands for; throws ResourceNotFoundException. */
  resolve(name: string, qualifier: string | undefined): FunctionDefinition {
    const parsed = parseFunctionName(name);
    const version = qualifier ?? parsed.qualifier;
    const fn = this.byName.get(parsed.name);
    if (!fn || (version !== undefined && version !== '$LATEST')) {
      throw functionNotFound(functionArn(this, parsed.name) + (version !== undefined ? `:${version}` : ''));
    }
    return fn;
  }

  /** Reads the functions and starts their spares; the result settles once the first spare is booted. */
  load(
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
   * Reads the templates again. A function whose definition did not change keeps its warm environments
   * (another template was added or saved); the others end: `replaced` settles once they have.
   * `firstSpare` is load's.
   */
  reload(templates: string[]): { firstSpare: Promise<void>; replaced: Promise<void> } {
    this.generation++; // spares still being started are for the old definitions
    const previous = this.pools;
    this.pools = new Map();
    const firstSpare = this.load(templates, previous);
    const kept = new Set(this.pools.values());
    const replaced = Promise.all(
      [...previous.values()].filter((pool) => !kept.has(pool)).map((pool) => pool.stop()),
    ).then(() => undefined);
    return { firstSpare, replaced };
  }

  /** Stops every environment; no spare starts after. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.generation++;
    const pools = [...this.pools.values()];
    this.pools = new Map();
    await Promise.all(pools.map((pool) => pool.stop()));
  }

  /** The pool of a function's environments, created on first need. */
  pool(fn: FunctionDefinition): FunctionPool {
    let pool = this.pools.get(fn);
    if (!pool) {
      const { options } = this.settings;
      const created = new FunctionPool(
        {
          create: () => this.createEnvironment(fn),
          isCurrent: (env) => this.isCurrent(fn, env),
        },
        {
          maxEnvironments: options.maxEnvironmentsPerFunction ?? DEFAULT_MAX_ENVIRONMENTS,
          idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
        },
      );
      created.on('change', () => this.settings.onChange());
      created.on('cold', () => this.coldStart(fn));
      this.pools.set(fn, created);
      pool = created;
    }
    return pool;
  }

  /**
   * The functions that keep a spare environment (started ahead, see FunctionPool): Node.js functions,
   * those with a recent cold start first, then in template order, up to the `prewarm` option.
   */
  private spareKeepers(): Set<FunctionDefinition> {
    const limit = this.settings.options.prewarm ?? DEFAULT_PREWARM;
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

  /**
   * Whether a spare would start as a new environment would: the plan is made again (a TypeScript
   * handler is bundled again if its sources changed, into the same file), so edits since the spare
   * started are not missed; the handler itself is only loaded once an invocation takes the spare.
   */
  private async isCurrent(fn: FunctionDefinition, env: ExecutionEnvironment): Promise<boolean> {
    const { options } = this.settings;
    const plan = await planLaunch(fn, this.settings.cacheDir, options.env ?? process.env, options.runtimes);
    return samePlan(plan, env.plan);
  }

  private async createEnvironment(fn: FunctionDefinition): Promise<ExecutionEnvironment> {
    const parentEnv = this.settings.options.env ?? process.env;
    const plan = await planLaunch(fn, this.settings.cacheDir, parentEnv, this.settings.options.runtimes);
    const env: ExecutionEnvironment = new ExecutionEnvironment(fn, plan, this.settings.runtimeApi, {
      region: this.region,
      parentEnv,
      onLog: (line, requestId) =>
        this.settings.onLog({ functionName: fn.name, requestId, environmentId: env.id, line }),
    });
    await env.open();
    return env;
  }
}
