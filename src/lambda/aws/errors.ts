/**
 * AWS failures in words, each with the next step to take. Every error that leaves src/lambda/aws is an
 * AwsActionError, so the CLI and the extension show the same text (`message`, then `nextStep`).
 *
 * Nothing here may carry a credential: AWS's own messages can quote the canonical request of a
 * rejected signature (with the session token in it), so they pass through `redactSecrets` and only
 * their first line is kept.
 */

/** Where an action was aimed, as the messages name it. */
export interface ActionTarget {
  region: string;
  profile?: string;
  endpointUrl?: string;
}

export interface ActionContext {
  /** The IAM action, as a policy names it: `lambda:InvokeFunction`, `logs:FilterLogEvents`. */
  action: string;
  target: ActionTarget;
  functionName?: string;
  logGroupName?: string;
}

export class AwsActionError extends Error {
  override readonly name = 'AwsActionError';
  /** The AWS error name (`ResourceNotFoundException`) or ours (`NoCredentials`, `Network`, `Cancelled`…). */
  readonly code: string;
  readonly action?: string;
  readonly requestId?: string;
  readonly httpStatus?: number;

  constructor(
    message: string,
    /** What to do about it, as an imperative sentence ('' when nothing can be done). */
    readonly nextStep: string,
    details: { code: string; action?: string; requestId?: string; httpStatus?: number },
  ) {
    super(message);
    this.code = details.code;
    this.action = details.action;
    this.requestId = details.requestId;
    this.httpStatus = details.httpStatus;
  }
}

/** `eu-west-1 (profile dev)` or `http://127.0.0.1:5000 (region us-east-1)`. */
export function describeTarget(target: ActionTarget): string {
  if (target.endpointUrl) return `${target.endpointUrl} (region ${target.region})`;
  return target.profile ? `${target.region} (profile ${target.profile})` : target.region;
}

const ACCESS_KEY_ID = /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g;
const SIGNING_PARTS = /(x-amz-security-token|X-Amz-Security-Token|Credential|Signature)([=:])\s*[^\s,&'"]+/g;
/** Session tokens and secrets are long runs of base64; nothing a reader needs is. */
const LONG_TOKEN = /[A-Za-z0-9+/=]{80,}/g;

/**
 * Removes what could be a credential from text shown to a user: access key ids, signature parts, long
 * tokens, the values of the credential variables in `env`, and AWS's dump of a canonical request.
 */
export function redactSecrets(text: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = text.split(/The Canonical String for this request|The String-to-Sign should have been/)[0];
  for (const name of ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ACCESS_KEY_ID']) {
    const value = env[name];
    if (value && value.length >= 8) out = out.split(value).join('[redacted]');
  }
  return out
    .replace(ACCESS_KEY_ID, '[redacted]')
    .replace(SIGNING_PARTS, '$1$2[redacted]')
    .replace(LONG_TOKEN, '[redacted]');
}

interface SdkLikeError {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  Reason?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
  errors?: unknown[];
  cause?: unknown;
}

/** The first line of AWS's message, made safe to show. */
function awsDetail(error: SdkLikeError): string {
  const first = redactSecrets(String(error.message ?? ''))
    .split('\n')[0]
    .trim();
  return first.length > 300 ? `${first.slice(0, 300)}…` : first;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
]);

/** The system error code of a network failure, looking inside AggregateError (happy eyeballs). */
function networkCode(error: SdkLikeError): string | undefined {
  if (error.code && NETWORK_CODES.has(error.code)) return error.code;
  for (const inner of [...(error.errors ?? []), error.cause]) {
    if (inner && typeof inner === 'object') {
      const code = networkCode(inner as SdkLikeError);
      if (code) return code;
    }
  }
  if (/socket hang up/i.test(String(error.message ?? ''))) return 'ECONNRESET';
  return undefined;
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved (DNS)',
  ETIMEDOUT: 'the connection timed out',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
};

function profileFlag(target: ActionTarget): string {
  return target.profile ? ` --profile ${target.profile}` : '';
}

function subject(context: ActionContext): string {
  if (context.functionName) return `function ${context.functionName}`;
  if (context.logGroupName) return `log group ${context.logGroupName}`;
  return 'it';
}

const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const BAD_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
]);
const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'KMSAccessDeniedException']);
const THROTTLED = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'TooManyRequests',
  'RequestLimitExceeded',
  'LimitExceededException',
]);

/**
 * Maps any failure of an AWS call to an AwsActionError (an AwsActionError passes through unchanged).
 * `context` says what was attempted, so a message can name the action, the function and the region.
 */
export function toAwsActionError(error: unknown, context: ActionContext): AwsActionError {
  if (error instanceof AwsActionError) return error;
  const e = (error && typeof error === 'object' ? error : { message: String(error) }) as SdkLikeError;
  const code = e.name && e.name !== 'Error' ? e.name : (e.Code ?? e.code ?? 'Error');
  const meta = e.$metadata ?? {};
  const details = {
    code,
    action: context.action,
    requestId: meta.requestId,
    httpStatus: meta.httpStatusCode,
  };
  const where = describeTarget(context.target);
  const make = (message: string, nextStep: string, codeOverride?: string): AwsActionError =>
    new AwsActionError(message, nextStep, { ...details, code: codeOverride ?? code });
  const message = String(e.message ?? '');
  const login = `aws sso login${profileFlag(context.target)}`;

  if (code === 'AbortError' || code === 'Cancelled')
    return make(`Cancelled: ${context.action} on ${subject(context)} was stopped.`, '', 'Cancelled');

  const fromProvider = code === 'CredentialsProviderError' || code === 'TokenProviderError';
  if (
    code === 'TokenProviderError' ||
    (/\bsso\b/i.test(message) && (fromProvider || /expired|invalid|refresh/i.test(message)))
  ) {
    return make(
      `The SSO session${context.target.profile ? ` of profile ${context.target.profile}` : ''} has expired or was never started.`,
      `Run \`${login}\`, then try again.`,
      'SsoTokenExpired',
    );
  }

  if (code === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    const profile = context.target.profile;
    if (profile && /profile|could not be found|not found/i.test(message) && !/any providers/i.test(message)) {
      return make(
        `The AWS profile ${profile} is not configured (not in ~/.aws/config nor ~/.aws/credentials), or cannot give credentials.`,
        `Run \`aws configure --profile ${profile}\` (or \`aws configure sso --profile ${profile}\`), or choose another profile.`,
        'NoCredentials',
      );
    }
    return make(
      `No AWS credentials found${profile ? ` for profile ${profile}` : ''}.`,
      profile
        ? `Run \`aws configure --profile ${profile}\`, or \`aws sso login --profile ${profile}\` for an SSO profile.`
        : 'Run `aws configure`, or `aws sso login --profile <name>` and pass that profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
      'NoCredentials',
    );
  }

  if (EXPIRED.has(code)) {
    return make(
      `Your AWS credentials have expired${context.target.profile ? ` (profile ${context.target.profile})` : ''}.`,
      `Refresh them (\`${login}\` for an SSO profile, or new temporary credentials), then try again.`,
    );
  }

  if (BAD_CREDENTIALS.has(code)) {
    return make(
      `AWS did not accept the credentials${context.target.profile ? ` of profile ${context.target.profile}` : ''}: the access key is unknown or its secret does not match.`,
      context.target.profile
        ? `Check the keys of the profile (\`aws configure --profile ${context.target.profile}\`) or log in again (\`${login}\`).`
        : 'Check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) or your default profile (`aws configure`).',
    );
  }

  if (
    meta.httpStatusCode === 403 &&
    !DENIED.has(code) &&
    /Deserialization error|Unexpected token/.test(message)
  ) {
    // An answer that is not AWS's JSON (an emulator's or a proxy's page): credentials or permissions.
    return make(
      `${where} refused ${context.action} (HTTP 403): the credentials were not accepted, or they lack the permission.`,
      `Check the credentials (\`aws configure${profileFlag(context.target)}\`) and that they allow ${context.action}.`,
      'Forbidden',
    );
  }

  if (DENIED.has(code) || meta.httpStatusCode === 403) {
    const named = /perform:\s*([\w-]+:[\w*]+)/.exec(message)?.[1] ?? context.action;
    const resource = /on resource:\s*(\S+)/.exec(message)?.[1];
    return make(
      `Access denied: your identity may not perform ${named}${resource ? ` on ${resource}` : ` on ${subject(context)}`} in ${where}.`,
      `Ask for the ${named} permission${resource ? ` on ${resource}` : ''}, or use a profile that has it (--profile).`,
      DENIED.has(code) ? code : 'AccessDeniedException',
    );
  }

  if (THROTTLED.has(code) || meta.httpStatusCode === 429) {
    const attempts = meta.attempts && meta.attempts > 1 ? ` after ${meta.attempts} attempts` : '';
    const reason = e.Reason ? ` (${e.Reason})` : '';
    return make(
      `AWS is throttling ${context.action}${reason}; the request failed${attempts}.`,
      context.action === 'lambda:InvokeFunction'
        ? 'Try again in a moment; if it keeps happening, check the reserved concurrency of the function and the account concurrency limit.'
        : 'Try again in a moment.',
    );
  }

  if (code === 'ResourceNotFoundException') {
    if (context.logGroupName) {
      return make(
        `The log group ${context.logGroupName} does not exist in ${where}: the function has not logged anything yet.`,
        'Invoke the function once, or check the region and profile.',
      );
    }
    return make(
      `The ${subject(context)} does not exist in ${where}.`,
      `Check the region and profile${context.functionName ? `, or deploy it first (ownless deploy ${context.functionName})` : ''}.`,
    );
  }

  if (code === 'ResourceConflictException') {
    return make(
      `The ${subject(context)} is busy: ${awsDetail(e) || 'another update is in progress'}.`,
      'Wait until the update in progress has finished, then try again.',
    );
  }

  if (code === 'PreconditionFailedException') {
    return make(
      `The ${subject(context)} changed since the deploy plan was made.`,
      'Run the deploy again to see the new plan.',
    );
  }

  if (code === 'InvalidParameterValueException' && /cannot be assumed by Lambda/i.test(message)) {
    return make(
      'Lambda cannot assume the execution role of the function.',
      'Check that the role exists and that its trust policy allows lambda.amazonaws.com to assume it (a new role can take a few seconds to be usable).',
    );
  }

  if (
    code === 'RequestTooLargeException' ||
    code === 'RequestEntityTooLargeException' ||
    meta.httpStatusCode === 413
  ) {
    return make(
      `The request is too large for ${context.action}: ${awsDetail(e) || 'over the Lambda limit'}.`,
      context.action === 'lambda:InvokeFunction'
        ? 'Send a smaller event (synchronous invocations take at most 6 MB).'
        : 'Make the code smaller, or upload it to S3 and deploy from there.',
    );
  }

  if (code === 'CodeStorageExceededException') {
    return make(
      'The account has no room left for more Lambda code.',
      'Delete unused functions or old published versions, then deploy again.',
    );
  }

  const network = networkCode(e);
  if (network || code === 'TimeoutError') {
    const host = context.target.endpointUrl ?? `the Lambda endpoint of ${context.target.region}`;
    const words = network ? (NETWORK_WORDS[network] ?? network) : 'no answer in time';
    return make(
      `Cannot reach ${host}: ${words}.`,
      context.target.endpointUrl
        ? `Check that the emulator or service at ${context.target.endpointUrl} is running (--endpoint-url).`
        : 'Check your network connection, proxy settings and the region.',
      'Network',
    );
  }

  if ((meta.httpStatusCode ?? 0) >= 500 || code === 'ServiceException') {
    return make(`AWS had an internal error during ${context.action} (${code}).`, 'Try again in a moment.');
  }

  const detail = awsDetail(e);
  return make(`${context.action} failed${detail ? `: ${detail}` : ` (${code})`}.`, '');
}
