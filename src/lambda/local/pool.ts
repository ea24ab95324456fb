/**
 * The execution environments of one function: a warm one is reused when there is one, otherwise each
 * concurrent invocation gets a new environment (a cold start), as on Lambda. A cap on environments per
 * function protects the developer's machine: invocations beyond it wait for one to become free.
 * Environments idle for too long are stopped, as Lambda reclaims them.
 */
import { EventEmitter } from 'node:events';
import {
  EnvironmentLostError,
  type ExecutionEnvironment,
  type Invocation,
  type InvocationOutcome,
} from './environment';

export interface PoolLimits {
  maxEnvironments: number;
  idleTimeoutMs: number;
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

  constructor(
    private readonly create: () => Promise<ExecutionEnvironment>,
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
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
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

  private async startEnvironment(): Promise<ExecutionEnvironment> {
    this.starting++;
    let env: ExecutionEnvironment;
    try {
      env = await this.create();
    } finally {
      this.starting--;
    }
    this.all.add(env);
    env.on('change', () => this.emit('change'));
    env.once('exit', () => {
      this.all.delete(env);
      this.forgetIdle(env);
      this.wakeWaiters();
      this.emit('change');
    });
    env.start();
    this.emit('change');
    return env;
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
