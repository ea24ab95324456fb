/** The environment variables of an execution environment, as Lambda defines them. */
import { devNull } from 'node:os';
import type { FunctionDefinition } from './functions';
import type { LaunchPlan } from './launch';

/**
 * Variables taken from the process that runs Ownless: what programs need to start (PATH, HOME, temp
 * folders) and the developer's own AWS credentials and settings, so that a handler calling AWS works
 * as it does under `sam local`. Nothing else leaks in.
 */
const PASSED_THROUGH = [
  'PATH',
  'Path',
  'HOME',
  'USER',
  'USERPROFILE',
  'TMPDIR',
  'TEMP',
  'TMP',
  'SystemRoot',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_CA_BUNDLE',
  'NODE_EXTRA_CA_CERTS',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
];

/**
 * The variables Lambda sets itself and refuses in a function's configuration (its developer guide,
 * "Defined runtime environment variables"). TZ is on that page too, but functions commonly set it to
 * change their time zone; a warning that the deploy would fail must not be a guess, so it is left out.
 */
export const RESERVED_VARIABLES = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);
/** The variables through which a handler's AWS SDK finds the developer's credentials. */
const HOST_CREDENTIALS = ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];

/**
 * `env` as functions should inherit it when they must not get the developer's AWS credentials
 * (`ownless serve --no-host-credentials`, the setting `ownless.local.hostCredentials`): no keys or
 * profile, and the SDKs' shared files pointed at the null device, so that the default credential chain
 * finds nothing in ~/.aws either; and no instance metadata, which would hand out an EC2 role's
 * credentials on a cloud workstation. A handler then sees only the template's variables (and Lambda's).
 */
export function withoutHostCredentials(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = { ...env };
  for (const name of HOST_CREDENTIALS) delete kept[name];
  kept.AWS_SHARED_CREDENTIALS_FILE = devNull;
  kept.AWS_CONFIG_FILE = devNull;
  kept.AWS_EC2_METADATA_DISABLED = 'true';
  return kept;
}

export interface EnvironmentIdentity {
  runtimeApi: string;
  region: string;
  logStreamName: string;
}

export const logGroupName = (fn: FunctionDefinition): string => `/aws/lambda/${fn.name}`;

export function lambdaEnvironment(
  fn: FunctionDefinition,
  plan: LaunchPlan,
  identity: EnvironmentIdentity,
  parentEnv: NodeJS.ProcessEnv,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = parentEnv[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, fn.environment, plan.env);
  // Reserved variables last: Lambda does not let a function set them.
  Object.assign(env, {
    AWS_LAMBDA_RUNTIME_API: identity.runtimeApi,
    _HANDLER: fn.handler ?? '',
    LAMBDA_TASK_ROOT: plan.taskRoot,
    LAMBDA_RUNTIME_DIR: plan.runtimeDir,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMB),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: logGroupName(fn),
    AWS_LAMBDA_LOG_STREAM_NAME: identity.logStreamName,
    AWS_REGION: identity.region,
    AWS_DEFAULT_REGION: identity.region,
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
  });
  if (fn.family !== 'provided' && fn.runtime) env.AWS_EXECUTION_ENV = `AWS_Lambda_${fn.runtime}`;
  return env;
}
