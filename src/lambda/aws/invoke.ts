/**
 * Invoke a deployed function and wait as long as the function itself may run (up to Lambda's 15
 * minutes). The function's Timeout is read first, and the HTTP request and socket timeouts are set to
 * it plus a margin: a fixed client timeout (the AWS Toolkit's 120 s) would abandon long invocations
 * that are still running fine. The result keeps the function's payload apart from its log tail.
 */
import { GetFunctionConfigurationCommand, InvokeCommand, type InvocationType } from '@aws-sdk/client-lambda';
import type { AwsClients } from './clients';
import { type ActionContext, AwsActionError, toAwsActionError } from './errors';
import { type ReportSummary, parseReportLine } from './report-line';

/** The longest a Lambda function can run, in seconds. */
export const MAX_FUNCTION_TIMEOUT_SECONDS = 900;
/**
 * Seconds beyond the function's Timeout before the client gives up: a cold start's init, the upload
 * and download of up to 6 MB payloads, and the platform's own bookkeeping.
 */
export const DEFAULT_MARGIN_SECONDS = 60;
/** Lambda returns at most the last 4 KB of the log with LogType Tail. */
const LOG_TAIL_BYTES = 4096;

export interface InvokeProgress {
  elapsedMs: number;
  /** The function's Timeout in seconds (900 when it could not be read). */
  timeoutSeconds: number;
}

export interface InvokeOptions {
  /** JSON text or bytes; default `{}`. */
  payload?: string | Uint8Array;
  /** A version or alias. */
  qualifier?: string;
  /** Default RequestResponse. */
  invocationType?: InvocationType;
  /** Cancels the wait (the invocation itself may still run on AWS: Lambda cannot stop it). */
  signal?: AbortSignal;
  /** Called every `progressIntervalMs` (default 1000) while waiting for the answer. */
  onProgress?: (progress: InvokeProgress) => void;
  progressIntervalMs?: number;
  marginSeconds?: number;
}

export interface FunctionErrorDetails {
  type?: string;
  message?: string;
  stackTrace?: string[];
}

export interface InvokeOutcome {
  functionName: string;
  statusCode: number;
  executedVersion?: string;
  /** The response payload as text (for a function error: the error as JSON). */
  payload: string;
  /** `Unhandled` (or `Handled`) when the function failed; absent on success. */
  functionError?: string;
  /** errorType / errorMessage / stackTrace read from the payload of a function error. */
  error?: FunctionErrorDetails;
  /** The decoded log tail: the last 4 KB of what the invocation logged, REPORT line included. */
  logTail: string;
  /** True when the tail is Lambda's full 4 KB, so earlier lines were probably cut. */
  logTailTruncated: boolean;
  /** The REPORT line in numbers, when the tail has it. */
  report?: ReportSummary;
  requestId?: string;
  /** The function's Timeout in seconds (900 when it could not be read). */
  timeoutSeconds: number;
  /** Wall-clock milliseconds on this side, request included. */
  elapsedMs: number;
}

/**
 * The function's Timeout. A caller allowed to invoke but not to read the configuration still gets
 * its invocation: then the longest possible timeout is assumed. A missing function fails here, with
 * a clearer message than Invoke's.
 */
async function functionTimeout(
  clients: AwsClients,
  functionName: string,
  qualifier: string | undefined,
  signal: AbortSignal | undefined,
): Promise<number> {
  try {
    const config = await clients.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: functionName, Qualifier: qualifier }),
      { abortSignal: signal },
    );
    return Math.min(config.Timeout ?? MAX_FUNCTION_TIMEOUT_SECONDS, MAX_FUNCTION_TIMEOUT_SECONDS);
  } catch (error) {
    const mapped = toAwsActionError(error, {
      action: 'lambda:GetFunctionConfiguration',
      target: clients.target,
      functionName,
    });
    if (mapped.code === 'AccessDeniedException' || mapped.code === 'AccessDenied')
      return MAX_FUNCTION_TIMEOUT_SECONDS;
    throw mapped;
  }
}

export function parseFunctionError(payload: string): FunctionErrorDetails | undefined {
  try {
    const parsed = JSON.parse(payload) as Record<string, unknown>;
    if (!parsed || typeof parsed !== 'object') return undefined;
    const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
    const trace = Array.isArray(parsed.stackTrace) ? parsed.stackTrace.map(String) : undefined;
    return { type: text(parsed.errorType), message: text(parsed.errorMessage), stackTrace: trace };
  } catch {
    return payload ? { message: payload } : undefined;
  }
}

export async function invokeFunction(
  clients: AwsClients,
  functionName: string,
  options: InvokeOptions = {},
): Promise<InvokeOutcome> {
  const { signal, qualifier } = options;
  const context: ActionContext = { action: 'lambda:InvokeFunction', target: clients.target, functionName };
  const timeoutSeconds = await functionTimeout(clients, functionName, qualifier, signal);
  const margin = options.marginSeconds ?? DEFAULT_MARGIN_SECONDS;
  const waitMs = (timeoutSeconds + margin) * 1000;
  const client = clients.lambdaClient({
    requestTimeoutMs: waitMs,
    socketTimeoutMs: waitMs,
    retryThrottlingOnly: true,
  });
  const started = Date.now();
  const ticker = options.onProgress
    ? setInterval(
        () => options.onProgress?.({ elapsedMs: Date.now() - started, timeoutSeconds }),
        options.progressIntervalMs ?? 1000,
      )
    : undefined;
  try {
    const payload = options.payload ?? '{}';
    const out = await client.send(
      new InvokeCommand({
        FunctionName: functionName,
        Qualifier: qualifier,
        InvocationType: options.invocationType ?? 'RequestResponse',
        LogType: options.invocationType === 'Event' ? undefined : 'Tail',
        Payload: typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload,
      }),
      { abortSignal: signal },
    );
    const text = Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8');
    const tailBytes = Buffer.from(out.LogResult ?? '', 'base64');
    const logTail = tailBytes.toString('utf8');
    return {
      functionName,
      statusCode: out.StatusCode ?? 0,
      executedVersion: out.ExecutedVersion,
      payload: text,
      functionError: out.FunctionError,
      error: out.FunctionError ? parseFunctionError(text) : undefined,
      logTail,
      logTailTruncated: tailBytes.length >= LOG_TAIL_BYTES,
      report: parseReportLine(logTail),
      requestId: out.$metadata.requestId,
      timeoutSeconds,
      elapsedMs: Date.now() - started,
    };
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (signal?.aborted || name === 'AbortError') {
      throw new AwsActionError(
        `Stopped waiting for ${functionName}: the invocation may still be running on AWS.`,
        'Check the function logs to see how it ended.',
        { code: 'Cancelled', action: context.action },
      );
    }
    if (name === 'TimeoutError' && Date.now() - started >= waitMs - 1000) {
      throw new AwsActionError(
        `No answer from ${functionName} after ${Math.round((Date.now() - started) / 1000)} s (its timeout is ${timeoutSeconds} s).`,
        `The invocation may have run; check its logs (/aws/lambda/${functionName}) before invoking again.`,
        { code: 'InvokeTimedOut', action: context.action },
      );
    }
    throw toAwsActionError(error, context);
  } finally {
    if (ticker) clearInterval(ticker);
  }
}
