/**
 * What an invocation is and what it comes back with, between the local runtime, the pool of a
 * function's environments and the environment that runs it (see ExecutionEnvironment).
 */

/** `initializing`: a cold start in progress; `busy`: running an invocation; `warm`: idle and reusable. */
export type EnvironmentState = 'initializing' | 'busy' | 'warm' | 'stopped';

/** One event for a function, as the Runtime API hands it to the runtime. */
export interface Invocation {
  requestId: string;
  payload: Buffer;
  invokedFunctionArn: string;
  traceId: string;
  clientContext?: string;
}

/** How an invocation ended, with its logs and the figures of its REPORT line. */
export interface InvocationOutcome {
  requestId: string;
  /** The function's response, or its error as JSON. */
  payload: Buffer;
  /** Set when the function failed (Lambda reports errors from the Runtime API as `Unhandled`). */
  functionError?: 'Unhandled';
  errorType?: string;
  /** START … END and REPORT, with everything the function printed in between. */
  logs: string;
  durationMs: number;
  billedDurationMs: number;
  memoryUsedMB: number;
  /** Only on a cold start. */
  initDurationMs?: number;
  environmentId: string;
  /** How the run differed from Lambda (see planNotes). */
  notes?: string[];
}

/**
 * A warm environment's process ended before its runtime took the invocation given to it (a runtime
 * that reports an error and then exits, say): the invocation never started and can go elsewhere.
 */
export class EnvironmentLostError extends Error {}
