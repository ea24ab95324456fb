/** The types of the local runtime's programmatic API (LocalRuntime in ./index). */
import type { EnvironmentState } from './invocation';
import type { InvocationType } from './invoke-api';

export interface LocalRuntimeOptions {
  /** Template files (SAM or CloudFormation). */
  templates: string[];
  /** Port of the Lambda API on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Default: AWS_REGION, AWS_DEFAULT_REGION, else us-east-1. */
  region?: string;
  /** The account in ARNs. Default 000000000000. */
  accountId?: string;
  /** Where TypeScript bundles and inline code go. Default: ownless/lambda in the user's cache folder. */
  cacheDir?: string;
  /** Environments per function at most; invocations beyond wait for one. Default 32. */
  maxEnvironmentsPerFunction?: number;
  /** A warm environment idle this long is stopped. Default 10 minutes. */
  idleTimeoutMs?: number;
  /**
   * How many Node.js functions keep an environment started ahead of their next cold start (its process
   * booted, the handler not loaded; see ExecutionEnvironment): those with the latest cold starts, else
   * the first in the templates. Default 2; 0 starts none.
   */
  prewarm?: number;
  /**
   * Multiplies Lambda's waits between retries of a failed asynchronous event (about 1 and 2 minutes).
   * Default 1, as on Lambda; tests use a small one.
   */
  asyncRetryDelayScale?: number;
  /**
   * Binaries to run functions with, by runtime (`{ "nodejs22.x": "/opt/node22/bin/node" }`); other
   * runtimes use one of their version found on PATH or in the common version managers.
   */
  runtimes?: Readonly<Record<string, string>>;
  /** The environment functions inherit PATH, HOME and AWS credentials from. Default process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface FunctionSummary {
  name: string;
  logicalId: string;
  /** Every name Invoke accepts for it (its FunctionName and logical id). */
  names: string[];
  arn: string;
  templatePath: string;
  runtime: string | undefined;
  handler: string | undefined;
  codeDir: string | undefined;
  timeout: number;
  memorySize: number;
  /** Why it cannot run locally, when it cannot. */
  unsupported: string | undefined;
}

export interface LocalInvokeOptions {
  signal?: AbortSignal;
  /** Default RequestResponse. */
  invocationType?: InvocationType;
  /** The client context, as a JSON-serialisable object. */
  clientContext?: unknown;
}

export interface LocalInvokeResult {
  /** 200 (RequestResponse), 202 (Event) or 204 (DryRun). */
  statusCode: number;
  requestId: string;
  /** The response, or the error as JSON ('' for Event and DryRun). */
  payload: string;
  functionError?: 'Unhandled';
  errorType?: string;
  /** START … END and REPORT, with what the function printed in between. */
  logs: string;
  /** Milliseconds. */
  duration: number;
  billedDuration: number;
  /** Max Memory Used, in MB. */
  memoryUsed: number;
  /** Milliseconds; only on a cold start. */
  initDuration?: number;
  environmentId?: string;
  /** How this run differed from Lambda (an interpreter of another version…), for the result panel. */
  notes?: string[];
}

export interface EnvironmentSnapshot {
  id: string;
  functionName: string;
  state: EnvironmentState;
  invocations: number;
  startedAt: number;
  initDuration?: number;
  maxMemoryUsed: number;
  pid?: number;
}

export interface LogEvent {
  functionName: string;
  requestId: string | undefined;
  environmentId: string;
  line: string;
}
