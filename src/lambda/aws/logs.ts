/**
 * Follow a function's CloudWatch logs (`/aws/lambda/<name>`) as an async iterator, the way
 * `aws logs tail --follow` does: FilterLogEvents from a start time, every page of it, then again
 * every few seconds from the newest timestamp seen. Events of different log streams (concurrent
 * environments) can reach CloudWatch out of order, so each poll looks back a little before that
 * timestamp and drops what it already yielded, by stream and event id.
 */
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { AwsClients } from './clients';
import { type ActionContext, toAwsActionError } from './errors';

export interface LogLine {
  timestamp: number;
  message: string;
  logStreamName?: string;
  eventId: string;
  ingestionTime?: number;
}

export interface TailOptions {
  /** Milliseconds since the epoch; default: ten minutes ago (as `aws logs tail`). */
  startTime?: number;
  /** Default 2000. CloudWatch allows few FilterLogEvents calls a second per account: be gentle. */
  pollIntervalMs?: number;
  /** How far each poll looks back for late events. Default 10 s. */
  lookBackMs?: number;
  /** A CloudWatch filter pattern (`ERROR`, `"Task timed out"`). */
  filterPattern?: string;
  /** Another log group than `/aws/lambda/<name>`. */
  logGroupName?: string;
  /** Ends the iteration (without an error). */
  signal?: AbortSignal;
  /** `waiting` while the log group does not exist yet (a function never invoked), then `following`. */
  onStatus?: (status: 'waiting' | 'following') => void;
}

/** `aws logs tail` starts ten minutes back. */
const DEFAULT_START_OFFSET_MS = 10 * 60_000;
const MAX_PAGES_PER_POLL = 50;
const MAX_BACKOFF_MS = 30_000;

/** The function name of an ARN (`arn:aws:lambda:…:function:name[:qualifier]`), or the name itself. */
export function functionNameOf(nameOrArn: string): string {
  const arn = /^arn:[^:]+:lambda:[^:]*:\d*:function:([^:]+)/.exec(nameOrArn);
  return arn ? arn[1] : nameOrArn;
}

export function logGroupOf(functionName: string): string {
  return `/aws/lambda/${functionNameOf(functionName)}`;
}

/** Resolves after `ms`, or at once when the signal aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function* tailLogs(
  clients: AwsClients,
  functionName: string,
  options: TailOptions = {},
): AsyncGenerator<LogLine, void, undefined> {
  const { signal } = options;
  const logGroupName = options.logGroupName ?? logGroupOf(functionName);
  const context: ActionContext = { action: 'logs:FilterLogEvents', target: clients.target, logGroupName };
  const interval = options.pollIntervalMs ?? 2000;
  const lookBack = options.lookBackMs ?? 10_000;
  const startTime = options.startTime ?? Date.now() - DEFAULT_START_OFFSET_MS;
  let cursor = startTime;
  /** Keys of events yielded at or after `cursor - lookBack`: older ones cannot come again. */
  let seen = new Map<string, number>();
  let status: 'waiting' | 'following' | undefined;
  let delay = interval;
  const announce = (next: 'waiting' | 'following'): void => {
    if (status !== next) options.onStatus?.(next);
    status = next;
  };

  while (!signal?.aborted) {
    const fresh: LogLine[] = [];
    const from = Math.max(startTime, cursor - lookBack);
    try {
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await clients.logs.send(
          new FilterLogEventsCommand({
            logGroupName,
            startTime: from,
            filterPattern: options.filterPattern,
            nextToken,
          }),
          { abortSignal: signal },
        );
        for (const event of page.events ?? []) {
          const key = `${event.logStreamName ?? ''}/${event.eventId ?? `${event.timestamp}:${event.message}`}`;
          if (seen.has(key)) continue;
          seen.set(key, event.timestamp ?? 0);
          fresh.push({
            timestamp: event.timestamp ?? 0,
            message: event.message ?? '',
            logStreamName: event.logStreamName,
            eventId: event.eventId ?? key,
            ingestionTime: event.ingestionTime,
          });
        }
        nextToken = page.nextToken;
        pages += 1;
      } while (nextToken && pages < MAX_PAGES_PER_POLL && !signal?.aborted);
      announce('following');
      delay = interval;
    } catch (error) {
      if (signal?.aborted) return;
      const mapped = toAwsActionError(error, context);
      if (mapped.code === 'ResourceNotFoundException') {
        announce('waiting'); // the group appears with the function's first log line
      } else if (mapped.code.includes('Throttl') || mapped.code === 'TooManyRequestsException') {
        delay = Math.min(MAX_BACKOFF_MS, delay * 2);
      } else {
        throw mapped;
      }
    }
    fresh.sort((a, b) => a.timestamp - b.timestamp);
    for (const line of fresh) {
      if (signal?.aborted) return;
      yield line;
      cursor = Math.max(cursor, line.timestamp);
    }
    const horizon = cursor - lookBack;
    seen = new Map([...seen].filter(([, timestamp]) => timestamp >= horizon));
    await pause(delay, signal);
  }
}
