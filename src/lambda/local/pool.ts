/**
 * The execution environments of one function: a warm one is reused when there is one, otherwise each
 * concurrent invocation gets a new environment (a cold start), as on Lambda. A cap on environments per
 * function protects the developer's machine: invocations beyond it wait for one to become free.
 * Environments idle for too long are stopped, as Lambda reclaims them.
 *
 * A pool told to keep a spare (`keepSpare`) has one environment started ahead: its process booted but
 * the function not yet initialized (see ExecutionEnvironment). A cold start takes it, so it skips the
 * process's boot but still runs the function's init. Another is started when an invocation ends and
 * leaves no warm environment behind (it timed out or crashed), after that invocation so as not to compete
 * with it for the CPU. A spare is not one of the function's environments (it is not listed) until an
 * invocation takes it, and it is stopped after the idle timeout like them.
 */
import { EventEmitter } from 'node:events';
import type { ExecutionEnvironment } from './environment';
import { EnvironmentLostError, type Invocation, type InvocationOutcome } from './invocation';

/** The wait for a spare's runtime to boot, at most (one that never reports is left to its idle timeout). */
const SPARE_BOOT_WAIT_MS = 5000;

export interface PoolLimits {
  maxEnvironments: number;
  idleTimeoutMs: number;
}

export interface PoolHooks {
  /** A new environment, not started. */
  create: () => Promise<ExecutionEnvironment>;
  /** Whether a spare still starts the function as a new environment would (code and settings alike). */
  isCurrent: (env: ExecutionEnvironment) => Promise<boolean>;
}

export class FunctionPool extends EventEmitter {
  private readonly all = new Set<ExecutionEnvironment>();
  /** Warm environments, most recently used last (reused first). */
  private readonly idle: ExecutionEnvironment[] = [];
  private readonly idleTimers = new Map<ExecutionEnvironment, NodeJS.Timeout>();
  private readonly waiters: (() => void)[] = [];
  private starting = 0;
  private running = 0;
  private stopped = false;
  private spare?: ExecutionEnvironment;
  private spareTimer?: NodeJS.Timeout;
  private preparingSpare = false;
  /** Keep an environment started ahead for the next cold start (set by the runtime). */
  keepSpare = false;

  constructor(
    private readonly hooks: PoolHooks,
    private readonly limits: PoolLimits,
  ) {
    super();
  }

  /** Invocations in progress or waiting for an environment. */
  get inFlight(): number {
    return this.running;
  }

  environments(): ExecutionEnvironment[] {
    return [...this.all];
  }

  /** Runs an invocation in a warm or new environment; `signal` stops the environment it runs in. */
  async run(invocation: Invocation, signal?: AbortSignal): Promise<InvocationOutcome> {
    this.running++;
    try {
      for (;;) {
        signal?.throwIfAborted();
        const env = await this.acquire(signal);
        const abort = (): void => void env.stop();
        signal?.addEventListener('abort', abort, { once: true });
        try {
          return await env.invoke(invocation);
        } catch (error) {
          if (!(error instanceof EnvironmentLostError)) throw error;
          // The invocation never started there: run it in another environment.
        } finally {
          signal?.removeEventListener('abort', abort);
          this.release(env);
        }
      }
    } finally {
      this.running--;
      // No warm environment left (the one that ran was killed, or crashed): the next cold start is near.
      if (this.keepSpare && this.idle.length === 0 && !this.spare && !this.preparingSpare && !this.stopped)
        void this.prepareSpare();
    }
  }

  /**
   * Starts a spare environment unless there is one; resolves once its runtime has booted (or failed),
   * so that callers can start spares one after another.
   */
  async prepareSpare(): Promise<void> {
    if (this.spare || this.preparingSpare || this.stopped) return;
    this.preparingSpare = true;
    let env: ExecutionEnvironment;
    try {
      env = await this.hooks.create();
    } catch {
      this.keepSpare = false; // the function cannot start: its invocations report why
      return;
    } finally {
      this.preparingSpare = false;
    }
    if (this.stopped || !this.keepSpare || this.spare) {
      void env.stop(); // never started: this closes its Runtime API port
      return;
    }
    this.spare = env;
    const booted = new Promise<void>((resolve) => {
      env.once('booted', resolve);
      env.once('exit', resolve);
    });
    env.once('exit', () => {
      if (this.spare === env) this.forgetSpare();
    });
    env.start({ ahead: true });
    // Lambda reclaims idle environments; an unused spare goes too, and comes back with the next cold start.
    this.spareTimer = setTimeout(() => {
      this.keepSpare = false;
      this.dropSpare();
    }, this.limits.idleTimeoutMs);
    this.spareTimer.unref();
    let bootTimer: NodeJS.Timeout | undefined;
    const bootLimit = new Promise<void>((resolve) => (bootTimer = setTimeout(resolve, SPARE_BOOT_WAIT_MS)));
    await Promise.race([booted, bootLimit]);
    clearTimeout(bootTimer);
  }

  /** Stops the spare, if there is one. */
  dropSpare(): void {
    const spare = this.spare;
    this.forgetSpare();
    void spare?.stop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const spare = this.spare;
    this.forgetSpare();
    await spare?.stop();
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    this.idle.length = 0;
    await Promise.all([...this.all].map((env) => env.stop()));
    this.wakeWaiters();
  }

  private async acquire(signal?: AbortSignal): Promise<ExecutionEnvironment> {
    for (;;) {
      if (this.stopped) throw new Error('the local runtime is stopping');
      signal?.throwIfAborted();
      const warm = this.idle.pop();
      if (warm) {
        clearTimeout(this.idleTimers.get(warm));
        this.idleTimers.delete(warm);
        return warm;
      }
      if (this.all.size + this.starting < this.limits.maxEnvironments) return this.startEnvironment();
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
    }
  }

  /** The spare, when there is one that is alive and current; it becomes one of the environments. */
  private async takeSpare(): Promise<ExecutionEnvironment | undefined> {
    const spare = this.spare;
    if (!spare) return undefined;
    this.forgetSpare();
    const current = spare.reusable && !this.stopped && (await this.hooks.isCurrent(spare).catch(() => false));
    if (current && spare.reusable && !this.stopped) return spare;
    void spare.stop();
    return undefined;
  }

  private forgetSpare(): void {
    clearTimeout(this.spareTimer);
    this.spareTimer = undefined;
    this.spare = undefined;
  }

  /** A cold start: the spare if there is one, else a new environment. */
  private async startEnvironment(): Promise<ExecutionEnvironment> {
    this.starting++; // before any await: concurrent cold starts must see each other against the cap
    let env: ExecutionEnvironment;
    try {
      env = (await this.takeSpare()) ?? (await this.hooks.create());
    } finally {
      this.starting--;
    }
    if (this.stopped) {
      void env.stop(); // a spare's process, or a new environment's Runtime API port
      throw new Error('the local runtime is stopping');
    }
    this.adopt(env);
    env.start(); // a spare is already started
    this.emit('change');
    return env;
  }

  private adopt(env: ExecutionEnvironment): void {
    this.emit('cold');
    this.all.add(env);
    env.on('change', () => this.emit('change'));
    env.once('exit', () => {
      this.all.delete(env);
      this.forgetIdle(env);
      this.wakeWaiters();
      this.emit('change');
    });
  }

  private release(env: ExecutionEnvironment): void {
    if (!env.reusable || this.stopped) {
      this.wakeWaiters();
      return;
    }
    this.idle.push(env);
    const timer = setTimeout(() => {
      this.forgetIdle(env);
      void env.stop();
    }, this.limits.idleTimeoutMs);
    timer.unref();
    this.idleTimers.set(env, timer);
    this.wakeWaiters();
  }

  private forgetIdle(env: ExecutionEnvironment): void {
    const index = this.idle.indexOf(env);
    if (index >= 0) this.idle.splice(index, 1);
    clearTimeout(this.idleTimers.get(env));
    this.idleTimers.delete(env);
  }

  /** Every waiter looks again: simpler than handing environments over, and waiters are few. */
  private wakeWaiters(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
