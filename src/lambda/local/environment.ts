/**
 * One execution environment: a child process running a function's runtime, fed events through the
 * Runtime API one at a time. It enforces Timeout (the process is killed) and MemorySize (the process is
 * killed past it), measures Init Duration and memory, and keeps each invocation's logs apart.
 *
 * An environment of a Node.js function may be started ahead of its first invocation (`start({ ahead:
 * true })`): its process boots, then waits at the Runtime API before it loads the handler, like the
 * sandboxes Lambda keeps ready. The function's init (loading the handler, up to the first `next`)
 * happens when an invocation is given to it, and that is what its Init Duration measures; an
 * environment started for an invocation counts from the start of its process, boot included.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { EnvironmentProcess } from './environment-process';
import type { FunctionDefinition } from './functions';
import {
  EnvironmentLostError,
  type EnvironmentState,
  type Invocation,
  type InvocationOutcome,
} from './invocation';
import { lambdaEnvironment } from './lambda-env';
import { type LaunchPlan, planNotes } from './launch';
import {
  billedDuration,
  describeExit,
  endLine,
  exitErrorPayload,
  type Failure,
  reportLine,
  runtimeFailure,
  startLine,
  timeoutMessage,
} from './log-lines';
import type { NextEvent, RuntimeApiEndpoint, RuntimeApiOwner, RuntimeApiServer } from './runtime-api';

/** Lambda's limit on the init phase of an on-demand environment, before the invocation's own timeout. */
const INIT_LIMIT_MS = 10_000;
const HEAP_EXHAUSTED = /JavaScript heap out of memory|Reached heap limit/;

interface Current {
  invocation: Invocation;
  resolve: (outcome: InvocationOutcome) => void;
  log: string;
  coldStart: boolean;
  invokedAt: number;
  deliveredAt?: number;
  timer?: NodeJS.Timeout;
  finished: boolean;
  lost: () => void;
}

function logStreamName(id: string): string {
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[$LATEST]${id}`;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class ExecutionEnvironment extends EventEmitter implements RuntimeApiOwner {
  readonly id = randomBytes(16).toString('hex');
  readonly logStreamName = logStreamName(this.id);
  state: EnvironmentState = 'initializing';
  invocations = 0;
  startedAt = Date.now();
  initDurationMs?: number;
  private process?: EnvironmentProcess;
  /** Its own port of the Runtime API, opened by `open` before it starts. */
  private endpoint?: RuntimeApiEndpoint;
  private spawnedAt = 0;
  /** When the function's init began: the spawn, or the first invocation of one started ahead. */
  private initStartedAt = 0;
  /** False while an environment started ahead waits for its first invocation. */
  private claimed = true;
  /** The runtime's pending `…/ownless/start`, answered when the environment is claimed. */
  private begin?: () => boolean;
  private ready = false;
  private current?: Current;
  private waitingNext?: (event: NextEvent) => boolean;
  private pendingOutput = '';
  private initFailure?: Failure;
  private memoryExceeded = false;
  private heapExhausted = false;

  constructor(
    readonly fn: FunctionDefinition,
    readonly plan: LaunchPlan,
    private readonly runtimeApi: RuntimeApiServer,
    private readonly options: {
      region: string;
      parentEnv: NodeJS.ProcessEnv;
      onLog: (line: string, requestId: string | undefined) => void;
    },
  ) {
    super();
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  /** Alive and not being stopped: it can take another invocation. */
  get reusable(): boolean {
    return !!this.process?.alive && !this.process.killed;
  }

  get maxMemoryUsedMB(): number {
    return this.process?.maxMemoryUsedMB ?? 0;
  }

  /** Started ahead and not yet given an invocation. */
  get waiting(): boolean {
    return !this.claimed;
  }

  /** Opens the environment's Runtime API port; `start` needs it. */
  async open(): Promise<void> {
    this.endpoint ??= await this.runtimeApi.register(this);
  }

  /**
   * Starts the process (once), after `open`. `ahead`: for a later invocation; the runtime boots, then waits before it
   * initializes the function (only Ownless's Node.js runtime does that: see RuntimeApiClient.awaitStart).
   */
  start({ ahead = false }: { ahead?: boolean } = {}): void {
    if (this.process) return;
    if (!this.endpoint) throw new Error('an execution environment starts once its Runtime API is open');
    this.claimed = !ahead;
    const env = lambdaEnvironment(
      this.fn,
      this.plan,
      { runtimeApi: this.endpoint.address, region: this.options.region, logStreamName: this.logStreamName },
      this.options.parentEnv,
    );
    // Said before the runtime's own output, so that it heads the first invocation's log.
    for (const notice of planNotes(this.plan)) this.append(`[ownless] ${notice}\n`);
    this.spawnedAt = performance.now();
    this.initStartedAt = this.spawnedAt;
    this.process = new EnvironmentProcess(this.plan, env, {
      line: (text) => this.append(text),
      exited: (code, signal, error) => this.exited(code, signal, error),
    });
  }

  /** Runs one invocation. The environment must be idle (or starting, for its first one). */
  invoke(invocation: Invocation): Promise<InvocationOutcome> {
    if (this.current || !this.reusable) return Promise.reject(new EnvironmentLostError(this.id));
    if (!this.claimed) this.claim();
    return new Promise((resolve, reject) => {
      const coldStart = this.invocations === 0;
      this.invocations++;
      this.current = {
        invocation,
        resolve,
        log: this.pendingOutput,
        coldStart,
        invokedAt: performance.now(),
        finished: false,
        lost: () => reject(new EnvironmentLostError(this.id)),
      };
      this.pendingOutput = '';
      if (this.ready) this.setState('busy');
      else {
        // A runtime that never finishes its init fails the invocation like one that runs too long.
        this.current.timer = setTimeout(() => this.timeOut(), INIT_LIMIT_MS + this.fn.timeoutSeconds * 1000);
      }
      this.startMemoryWatch();
      this.deliver();
    });
  }

  /** Kills the process; an invocation in progress ends with Runtime.ExitError. */
  async stop(): Promise<void> {
    this.kill();
    await this.process?.closed;
    await this.endpoint?.close(); // never started: nothing else closes it
  }

  // Runtime API ------------------------------------------------------------------------------------

  awaitStart(begin: () => boolean): void {
    if (this.claimed) begin();
    else this.begin = begin;
    this.emit('booted');
  }

  next(deliver: (event: NextEvent) => boolean): void {
    if (!this.ready) {
      this.ready = true;
      this.initDurationMs = performance.now() - this.initStartedAt;
      this.setState(this.current ? 'busy' : 'warm');
    }
    this.waitingNext = deliver;
    this.deliver();
  }

  response(requestId: string, body: Buffer): boolean {
    if (!this.isCurrent(requestId)) return false;
    void this.finish({ payload: body });
    return true;
  }

  error(requestId: string, body: Buffer, errorType: string | undefined): boolean {
    if (!this.isCurrent(requestId)) return false;
    void this.finish(runtimeFailure(body, errorType));
    return true;
  }

  initError(body: Buffer, errorType: string | undefined): void {
    this.initFailure = runtimeFailure(body, errorType);
    this.initFailure.status = 'error';
    // Lambda discards an environment whose init failed; the invocation fails with the init error.
    if (this.current && !this.current.deliveredAt) void this.finish(this.initFailure);
    this.kill();
  }

  // Internals --------------------------------------------------------------------------------------

  /** An environment started ahead gets its first invocation: the function's init starts now. */
  private claim(): void {
    this.claimed = true;
    this.initStartedAt = performance.now();
    this.startedAt = Date.now();
    const begin = this.begin;
    this.begin = undefined;
    begin?.();
  }

  private isCurrent(requestId: string): boolean {
    const current = this.current;
    return (
      !!current &&
      !current.finished &&
      current.deliveredAt !== undefined &&
      current.invocation.requestId === requestId
    );
  }

  private setState(state: EnvironmentState): void {
    if (this.state === state || this.state === 'stopped') return;
    this.state = state;
    this.emit('change');
  }

  private deliver(): void {
    const current = this.current;
    if (!current || current.deliveredAt !== undefined || !this.waitingNext) return;
    const deliver = this.waitingNext;
    this.waitingNext = undefined;
    const { invocation } = current;
    const accepted = deliver({
      requestId: invocation.requestId,
      deadlineMs: Date.now() + this.fn.timeoutSeconds * 1000,
      invokedFunctionArn: invocation.invokedFunctionArn,
      traceId: invocation.traceId,
      clientContext: invocation.clientContext,
      payload: invocation.payload,
    });
    if (!accepted) return; // the runtime hung up; its next poll gets the event
    current.deliveredAt = performance.now();
    this.append(startLine(invocation.requestId));
    clearTimeout(current.timer);
    current.timer = setTimeout(() => this.timeOut(), this.fn.timeoutSeconds * 1000);
  }

  private append(text: string): void {
    if (HEAP_EXHAUSTED.test(text)) this.heapExhausted = true;
    // Output between invocations belongs to the next one, as in a log stream.
    const current = this.current;
    if (current) current.log += text;
    else this.pendingOutput += text;
    this.options.onLog(text.replace(/\n$/, ''), current?.invocation.requestId);
  }

  /**
   * Memory is watched while an invocation runs (a frozen Lambda environment does not grow); past
   * MemorySize the process is killed.
   */
  private startMemoryWatch(): void {
    this.process?.startMemoryWatch((rssKiB) => {
      if (rssKiB > this.fn.memoryMB * 1024 && this.current && !this.current.finished) {
        this.memoryExceeded = true;
        this.kill();
      }
    });
  }

  private timeOut(): void {
    const current = this.current;
    if (!current || current.finished) return;
    const message = timeoutMessage(current.invocation.requestId, this.fn.timeoutSeconds);
    this.append(`${message}\n`);
    this.kill();
    void this.finish({
      payload: Buffer.from(JSON.stringify({ errorMessage: message })),
      errorType: 'Sandbox.Timedout',
      status: 'timeout',
    });
  }

  private kill(): void {
    this.process?.kill();
  }

  /** The process ended: its last line is in, its memory watch stopped. */
  private exited(code: number | null, signal: NodeJS.Signals | null, error?: Error): void {
    void this.endpoint?.close();
    const current = this.current;
    if (
      current &&
      !current.finished &&
      !current.coldStart &&
      current.deliveredAt === undefined &&
      !this.process?.killed
    ) {
      current.finished = true;
      clearTimeout(current.timer);
      this.current = undefined;
      current.lost();
    } else if (current && !current.finished) {
      const requestId = current.invocation.requestId;
      const outOfMemory = this.memoryExceeded || this.heapExhausted;
      const errorType = error
        ? 'Runtime.InvalidEntrypoint'
        : outOfMemory
          ? 'Runtime.OutOfMemory'
          : 'Runtime.ExitError';
      const how = error ? `Runtime failed to start: ${error.message}` : describeExit(code, signal);
      void this.finish(
        this.initFailure ?? {
          payload: Buffer.from(exitErrorPayload(requestId, errorType, how)),
          errorType,
          status: 'error',
        },
      );
    }
    this.setState('stopped');
    this.emit('exit');
  }

  private async finish(failure: Failure | { payload: Buffer }): Promise<void> {
    const current = this.current;
    if (!current || current.finished) return;
    current.finished = true;
    clearTimeout(current.timer);
    this.process?.stopMemoryWatch();
    const durationMs = performance.now() - (current.deliveredAt ?? current.invokedAt);
    // Max Memory Used is the process's peak, so it can be read while the pipes are drained.
    const sampled = this.process?.sampleMemory();
    // What the runtime printed before it answered may still be in the pipes: read it first.
    if (this.process?.alive) {
      await nextTurn();
      await nextTurn();
    }
    await sampled;
    const requestId = current.invocation.requestId;
    const failed = 'errorType' in failure ? failure : undefined;
    const report = reportLine({
      requestId,
      durationMs,
      billedDurationMs: billedDuration(durationMs),
      memorySizeMB: this.fn.memoryMB,
      maxMemoryUsedMB: this.maxMemoryUsedMB,
      initDurationMs: current.coldStart ? this.initDurationMs : undefined,
      status: failed?.status,
      errorType: failed?.status ? failed.errorType : undefined,
      note: this.plan.note,
    });
    this.append(endLine(requestId));
    this.append(report);
    this.current = undefined;
    if (this.process?.alive) this.setState('warm');
    current.resolve({
      requestId,
      payload: failure.payload,
      functionError: failed ? 'Unhandled' : undefined,
      errorType: failed?.errorType,
      logs: current.log,
      durationMs,
      billedDurationMs: billedDuration(durationMs),
      memoryUsedMB: this.maxMemoryUsedMB,
      initDurationMs: current.coldStart ? this.initDurationMs : undefined,
      environmentId: this.id,
      notes: planNotes(this.plan),
    });
  }
}
