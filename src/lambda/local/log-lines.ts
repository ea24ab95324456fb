/** The platform's own log lines and error payloads, worded as Lambda words them. */

export const startLine = (requestId: string): string => `START RequestId: ${requestId} Version: $LATEST\n`;

export const endLine = (requestId: string): string => `END RequestId: ${requestId}\n`;

export interface ReportFields {
  requestId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMB: number;
  maxMemoryUsedMB: number;
  /** Only on a cold start. */
  initDurationMs?: number;
  /** `timeout` or `error` when the platform ended the invocation. */
  status?: 'timeout' | 'error';
  errorType?: string;
  /** Ownless's own: how this run differs from Lambda (another interpreter version). Not on Lambda. */
  note?: string;
}

/** The REPORT line, tab-separated as on Lambda. */
export function reportLine(r: ReportFields): string {
  const fields = [
    `REPORT RequestId: ${r.requestId}`,
    `Duration: ${r.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${r.billedDurationMs} ms`,
    `Memory Size: ${r.memorySizeMB} MB`,
    `Max Memory Used: ${r.maxMemoryUsedMB} MB`,
  ];
  if (r.initDurationMs !== undefined) fields.push(`Init Duration: ${r.initDurationMs.toFixed(2)} ms`);
  if (r.status) fields.push(`Status: ${r.status}`);
  if (r.errorType) fields.push(`Error Type: ${r.errorType}`);
  if (r.note) fields.push(`Ownless Note: ${r.note}`);
  return `${fields.join('\t')}\t\n`;
}

/** Lambda bills every started millisecond. */
export const billedDuration = (durationMs: number): number => Math.max(1, Math.ceil(durationMs));

export function timeoutMessage(requestId: string, timeoutSeconds: number, at = new Date()): string {
  return `${at.toISOString()} ${requestId} Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;
}

/** The payload of an invocation the runtime process did not survive. */
export function exitErrorPayload(requestId: string, errorType: string, how: string): string {
  return JSON.stringify({ errorType, errorMessage: `RequestId: ${requestId} Error: ${how}` });
}

/** How a process ended, in the words of Lambda's `Runtime exited with error: …`. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) {
    const names: Partial<Record<NodeJS.Signals, string>> = {
      SIGKILL: 'killed',
      SIGABRT: 'aborted',
      SIGSEGV: 'segmentation fault',
      SIGTERM: 'terminated',
    };
    return `Runtime exited with error: signal: ${names[signal] ?? signal}`;
  }
  return code === 0
    ? 'Runtime exited without providing a reason'
    : `Runtime exited with error: exit status ${code}`;
}

/** The last `bytes` of a log, base64-encoded, as `X-Amz-Log-Result` carries it. */
export function logTail(logs: string, bytes = 4096): string {
  const buffer = Buffer.from(logs, 'utf8');
  return buffer.subarray(Math.max(0, buffer.length - bytes)).toString('base64');
}

/** How the platform or the runtime ended an invocation that failed. */
export interface Failure {
  payload: Buffer;
  errorType: string;
  /** Set when the platform ended it (REPORT's `Status:`). */
  status?: 'timeout' | 'error';
}

/**
 * An error a runtime posted: the body goes to the caller as it is when it is JSON (its `errorType`
 * wins over the header's), otherwise it is wrapped the way Lambda wraps it.
 */
export function runtimeFailure(body: Buffer, headerType: string | undefined): Failure {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const bodyType = (parsed as { errorType?: unknown } | undefined)?.errorType;
  const errorType = typeof bodyType === 'string' ? bodyType : (headerType ?? 'Unhandled');
  const payload =
    parsed !== null && typeof parsed === 'object'
      ? body
      : Buffer.from(JSON.stringify({ errorType, errorMessage: body.toString('utf8') }));
  return { payload, errorType };
}
