/**
 * An asynchronous invocation as Lambda runs it: a failed event is retried up to MaximumRetryAttempts
 * times (2 by default), about one minute after the first attempt and two minutes after the second,
 * unless it would be older than MaximumEventAgeInSeconds by then; once it succeeds, or is given up, the
 * invocation record Lambda sends to the OnSuccess / OnFailure destination, and the message it sends to
 * the dead-letter queue, are shown in the log (destinations may be remote: the local runtime never
 * calls them). Record shapes: Lambda developer guide, "Capturing records of Lambda asynchronous
 * invocations" (the record) and "Dead-letter queues" (the event with RequestID, ErrorCode and
 * ErrorMessage attributes).
 */
import type { AsyncInvokeConfig, AsyncTarget } from './async-config';
import type { Invocation, InvocationOutcome } from './invocation';

/** Lambda's wait before retry `n` (1-based) of a failed event: about 1 minute, then 2. */
export const lambdaRetryDelayMs = (retry: number): number => retry * 60_000;

export type AsyncCondition = 'Success' | 'RetriesExhausted' | 'EventAgeExceeded';

/** A record Lambda would send, and where. */
export interface AsyncDelivery {
  kind: 'OnSuccess' | 'OnFailure' | 'DeadLetterQueue';
  destination: AsyncTarget;
  /** The invocation record (destinations), or the event itself (dead-letter queue). */
  body: unknown;
  /** The dead-letter queue's message attributes. */
  attributes?: Record<string, string | number>;
}

/** How an asynchronous invocation ended, after its retries. */
export interface AsyncOutcome {
  functionName: string;
  requestId: string;
  condition: AsyncCondition;
  attempts: number;
  /** The last attempt's outcome. */
  outcome: InvocationOutcome;
  deliveries: AsyncDelivery[];
}

export interface AsyncRun {
  functionName: string;
  /** `arn:…:function:name`, without a qualifier: the record names `$LATEST`. */
  functionArn: string;
  invocation: Invocation;
  config: AsyncInvokeConfig;
  /** One attempt: the same event, with the same request id, as Lambda retries it. */
  attempt(): Promise<InvocationOutcome>;
  /** Multiplies Lambda's waits between attempts (1: as on Lambda; tests use a small one). */
  delayScale: number;
  /** Aborted when the runtime stops: a pending retry is dropped. */
  signal: AbortSignal;
  /** A line for the function's log, under the invocation's request id. */
  log(line: string): void;
}

const wait = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', stop, { once: true });
  });

const parsed = (bytes: Buffer): unknown => {
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

/** The records Lambda would send for an invocation that ended with `condition`. */
function deliveries(
  run: AsyncRun,
  condition: AsyncCondition,
  attempts: number,
  last: InvocationOutcome,
): AsyncDelivery[] {
  const { config, invocation } = run;
  const failed = condition !== 'Success';
  const record = {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: {
      requestId: invocation.requestId,
      functionArn: `${run.functionArn}:$LATEST`,
      condition,
      approximateInvokeCount: attempts,
    },
    requestPayload: parsed(invocation.payload),
    responseContext: {
      statusCode: 200,
      executedVersion: '$LATEST',
      ...(last.functionError ? { functionError: last.functionError } : {}),
    },
    responsePayload: parsed(last.payload),
  };
  const found: AsyncDelivery[] = [];
  const destination = failed ? config.onFailure : config.onSuccess;
  if (destination) found.push({ kind: failed ? 'OnFailure' : 'OnSuccess', destination, body: record });
  if (failed && config.deadLetterQueue) {
    const error = parsed(last.payload) as { errorMessage?: unknown } | string;
    const message = typeof error === 'object' && error ? String(error.errorMessage ?? '') : String(error);
    found.push({
      kind: 'DeadLetterQueue',
      destination: config.deadLetterQueue,
      body: parsed(invocation.payload),
      attributes: { RequestID: invocation.requestId, ErrorCode: 200, ErrorMessage: message.slice(0, 1024) },
    });
  }
  return found;
}

/** The log line of a delivery: where, and the exact JSON Lambda would send. */
function describeDelivery(delivery: AsyncDelivery): string {
  const { target, type } = delivery.destination;
  const where = `${delivery.kind === 'DeadLetterQueue' ? 'dead-letter queue' : `${delivery.kind} destination`} ${type ? `${type} ` : ''}${target}`;
  const what =
    delivery.kind === 'DeadLetterQueue'
      ? `the event, with the message attributes ${JSON.stringify(delivery.attributes)}`
      : 'this invocation record';
  return `[ownless] Lambda would send ${what} to the ${where} (not sent locally): ${JSON.stringify(delivery.body)}`;
}

/** Runs an asynchronous invocation to its end, retries included; see the module comment. */
export async function runAsyncInvocation(run: AsyncRun): Promise<AsyncOutcome> {
  const { config } = run;
  const queuedAt = Date.now();
  // The event's age as Lambda would see it: waits count at their unscaled length.
  let waitedMs = 0;
  let lambdaWaitMs = 0;
  let attempts = 0;
  let condition: AsyncCondition;
  let outcome: InvocationOutcome;
  for (;;) {
    outcome = await run.attempt();
    attempts++;
    if (!outcome.functionError) {
      condition = 'Success';
      break;
    }
    if (attempts > config.maximumRetryAttempts) {
      condition = 'RetriesExhausted';
      break;
    }
    const delay = lambdaRetryDelayMs(attempts);
    const age = Date.now() - queuedAt - waitedMs + lambdaWaitMs + delay;
    if (age > config.maximumEventAgeSeconds * 1000) {
      condition = 'EventAgeExceeded';
      break;
    }
    const retries = config.maximumRetryAttempts;
    run.log(
      `[ownless] the event failed (${outcome.errorType ?? 'error'}): retry ${attempts} of ${retries} in ${seconds(delay)}, as Lambda does${run.delayScale === 1 ? '' : ` (${seconds(delay * run.delayScale)} here)`}`,
    );
    const started = Date.now();
    await wait(delay * run.delayScale, run.signal);
    waitedMs += Date.now() - started;
    lambdaWaitMs += delay;
  }
  if (condition !== 'Success') {
    const why =
      condition === 'RetriesExhausted'
        ? `after ${attempts} attempt${attempts === 1 ? '' : 's'} (MaximumRetryAttempts ${config.maximumRetryAttempts})`
        : `: it would be older than MaximumEventAgeInSeconds (${config.maximumEventAgeSeconds}) at its next retry`;
    run.log(
      `[ownless] the event is discarded ${why}${config.onFailure || config.deadLetterQueue ? '' : '; no on-failure destination or dead-letter queue keeps it'}`,
    );
  }
  const sent = deliveries(run, condition, attempts, outcome);
  for (const delivery of sent) run.log(describeDelivery(delivery));
  return {
    functionName: run.functionName,
    requestId: run.invocation.requestId,
    condition,
    attempts,
    outcome,
    deliveries: sent,
  };
}
