/**
 * Lambda and CloudWatch Logs clients for one target (profile, region, endpoint), with credentials from
 * the SDK's default chain: environment, shared config and credentials files (named profiles, SSO,
 * credential_process, assume-role), container and instance metadata. The clients of a target share one
 * credential provider, so an SSO or assume-role session is resolved once, not per client.
 *
 * The SDK logs nothing by default and no logger is given here: credentials never reach a log.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { LambdaClient, type LambdaClientConfig } from '@aws-sdk/client-lambda';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { type ActionTarget, AwsActionError } from './errors';
import { type RegionSource, resolveRegion } from './profiles';

export interface AwsTargetOptions {
  /** A named profile of ~/.aws/config or ~/.aws/credentials; default: AWS_PROFILE, else the default chain. */
  profile?: string;
  region?: string;
  /** Another endpoint for Lambda and Logs (LocalStack, moto, `ownless serve`). */
  endpointUrl?: string;
  /** Credentials to use instead of the default chain (tests, the local runtime's own keys). */
  credentials?: LambdaClientConfig['credentials'];
}

export interface ResolvedAwsTarget extends ActionTarget {
  regionSource: RegionSource;
}

export interface HttpTimeouts {
  /** Milliseconds a whole request may take; 0: no limit. */
  requestTimeoutMs: number;
  /** Milliseconds a socket may stay silent; 0: no limit. */
  socketTimeoutMs?: number;
}

export interface LambdaClientOptions extends HttpTimeouts {
  /** Retry only throttling (the request never ran): for calls that must not run twice, like Invoke. */
  retryThrottlingOnly?: boolean;
}

export interface AwsClients {
  target: ResolvedAwsTarget;
  lambda: LambdaClient;
  logs: CloudWatchLogsClient;
  /** A Lambda client of the same target with other timeouts and retries; destroyed with the others. */
  lambdaClient(options: LambdaClientOptions): LambdaClient;
  destroy(): void;
}

/** Connecting takes seconds at most; waiting longer only delays the "cannot reach" message. */
const CONNECTION_TIMEOUT_MS = 10_000;
/** Plain API calls (list, get, logs) answer in seconds; a minute means something is stuck. */
const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
const MAX_THROTTLE_ATTEMPTS = 3;

function checkEndpointUrl(endpointUrl: string | undefined): void {
  if (endpointUrl === undefined) return;
  let url: URL | undefined;
  try {
    url = new URL(endpointUrl);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new AwsActionError(
      `The endpoint URL '${endpointUrl}' is not an http(s) URL.`,
      'Pass a URL like http://127.0.0.1:4566 (--endpoint-url).',
      { code: 'InvalidEndpointUrl' },
    );
  }
}

/**
 * Retries only what AWS refused before running it (throttling), with exponential backoff and jitter.
 * A timed-out or dropped Invoke is not sent again: the function may have run, and must not run twice.
 */
function throttlingOnlyRetryStrategy(): NonNullable<LambdaClientConfig['retryStrategy']> {
  const token = (count: number, delay: number) => ({
    getRetryCount: () => count,
    getRetryDelay: () => delay,
  });
  return {
    acquireInitialRetryToken: async () => token(0, 0),
    refreshRetryTokenForRetry: async (previous, errorInfo) => {
      const count = previous.getRetryCount() + 1;
      if (errorInfo.errorType !== 'THROTTLING' || count >= MAX_THROTTLE_ATTEMPTS) throw new Error('no retry');
      const hinted = errorInfo.retryAfterHint ? errorInfo.retryAfterHint.getTime() - Date.now() : 0;
      const backoff = Math.min(20_000, 500 * 2 ** count * (0.5 + Math.random() / 2));
      return token(count, Math.max(backoff, hinted));
    },
    recordSuccess: () => undefined,
  };
}

/**
 * The credential chain's logger: silent but for warnings. A profile chosen explicitly wins over keys in
 * the environment by design, so the SDK's warning that both are set is dropped in that case only.
 */
function providerLogger(profile: string | undefined) {
  const silent = (): void => undefined;
  return {
    debug: silent,
    info: silent,
    trace: silent,
    error: silent,
    warn: (message: unknown): void => {
      if (profile && String(message).includes('Multiple credential sources')) return;
      console.warn(message);
    },
  };
}

/**
 * Resolves the target (the region above all: see resolveRegion) and creates its clients. Throws an
 * AwsActionError when no region is configured or the endpoint URL is not a URL. Credentials are only
 * looked up on the first request, so creating clients never fails for want of them.
 */
export function createAwsClients(
  options: AwsTargetOptions,
  /** `env` is where the region and profile are read (the SDK's chain reads process.env itself). */
  settings: { env?: NodeJS.ProcessEnv; requestTimeoutMs?: number } = {},
): AwsClients {
  const env = settings.env ?? process.env;
  checkEndpointUrl(options.endpointUrl);
  const profile = options.profile || undefined;
  // Messages name the profile in use, AWS_PROFILE's included; the chain reads AWS_PROFILE itself.
  const profileInUse = options.credentials ? undefined : (profile ?? (env.AWS_PROFILE || undefined));
  const resolved = resolveRegion({ ...options, profile }, env);
  if (!resolved) {
    throw new AwsActionError(
      `No AWS region is configured${profileInUse ? ` for profile ${profileInUse}` : ''}.`,
      `Pass --region, set one in the profile (\`aws configure${profileInUse ? ` --profile ${profileInUse}` : ''}\`), or set AWS_REGION.`,
      { code: 'NoRegion' },
    );
  }
  const target: ResolvedAwsTarget = {
    region: resolved.region,
    regionSource: resolved.source,
    profile: profileInUse,
    endpointUrl: options.endpointUrl,
  };
  const credentials =
    options.credentials ??
    fromNodeProviderChain({
      profile,
      clientConfig: { region: target.region },
      logger: providerLogger(profile),
    });
  const base = {
    region: target.region,
    credentials,
    ...(target.endpointUrl ? { endpoint: target.endpointUrl } : {}),
  };
  const handler = (timeouts: HttpTimeouts) => ({
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: timeouts.requestTimeoutMs,
    socketTimeout: timeouts.socketTimeoutMs ?? timeouts.requestTimeoutMs,
    // Without it the SDK only warns when the request timeout passes, and keeps waiting.
    throwOnRequestTimeout: true,
  });
  const requestTimeoutMs = settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const extra: LambdaClient[] = [];
  const lambda = new LambdaClient({ ...base, requestHandler: handler({ requestTimeoutMs }) });
  const logs = new CloudWatchLogsClient({ ...base, requestHandler: handler({ requestTimeoutMs }) });
  return {
    target,
    lambda,
    logs,
    lambdaClient(clientOptions) {
      const client = new LambdaClient({
        ...base,
        requestHandler: handler(clientOptions),
        ...(clientOptions.retryThrottlingOnly ? { retryStrategy: throttlingOnlyRetryStrategy() } : {}),
      });
      extra.push(client);
      return client;
    },
    destroy() {
      for (const client of [lambda, logs, ...extra.splice(0)]) client.destroy();
    },
  };
}
