/**
 * The AWS CDK's names for the model's settings (the construct props: `memorySize` in TypeScript,
 * `memory_size` in Python), and the defaults that apply when a function leaves a limit out: the CDK
 * writes no `MemorySize` or `Timeout` then, so Lambda's 128 MB and 3 s apply.
 */
import type { FormatInfo, NameKey, SettingKey } from '../../model/types';

/** The props of `lambda.Function` (and its subclasses) that carry each setting, as TypeScript spells them. */
export const PROP_NAMES: Readonly<Record<SettingKey, string>> = {
  functionName: 'functionName',
  runtime: 'runtime',
  handler: 'handler',
  timeout: 'timeout',
  memory: 'memorySize',
  ephemeralStorage: 'ephemeralStorageSize',
  architecture: 'architecture',
  vpc: 'vpc',
  fileSystems: 'filesystem',
  packageType: 'code',
  layers: 'layers',
  reservedConcurrency: 'reservedConcurrentExecutions',
  // Written as `capacityProvider.addFunction(fn)`: the call is the setting.
  capacityProvider: 'addFunction',
  durableConfig: 'durableConfig',
  url: 'addFunctionUrl',
  deadLetterQueue: 'deadLetterQueue',
};

/** Names of what is not a function setting but appears in messages. */
const OTHER_NAMES: Record<Exclude<NameKey, SettingKey>, string> = {
  visibilityTimeout: 'visibilityTimeout',
  redrivePolicy: 'deadLetterQueue',
  onFailure: 'onFailure',
  authType: 'authType',
  provisionedConcurrency: 'provisionedConcurrentExecutions',
  provisionedPollers: 'provisionedPollerConfig',
};

/** `memorySize` → `memory_size`: how the Python binding (jsii) spells a prop. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** `memory_size` → `memorySize`: props are looked up by their TypeScript names. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

// The CDK writes no MemorySize or Timeout when a function leaves them out: Lambda's defaults apply.
const DEFAULTS = { timeout: 3, memory: 128, appliedBy: 'Lambda' };

function nameOf(key: NameKey): string {
  return key in PROP_NAMES ? PROP_NAMES[key as SettingKey] : OTHER_NAMES[key as Exclude<NameKey, SettingKey>];
}

/**
 * Values as CDK code writes them: a URL's auth is a `FunctionUrlAuthType` member, and a container
 * image is the `DockerImageCode` given as `code` (the model's `Image` packaging).
 */
function statement(name: (key: NameKey) => string) {
  return (key: NameKey, value: string): string | undefined => {
    if (key === 'authType') return `${name(key)} FunctionUrlAuthType.${value}`;
    if (key === 'packageType' && value === 'Image') return `${name(key)} DockerImageCode`;
    return undefined;
  };
}

/** The CDK in TypeScript or JavaScript. */
export const CDK_TYPESCRIPT: FormatInfo = {
  id: 'cdk',
  nameOf,
  defaults: DEFAULTS,
  document: 'app',
  statement: statement(nameOf),
};

/** The CDK in Python: the same props in snake_case (keyword arguments). */
export const CDK_PYTHON: FormatInfo = {
  id: 'cdk',
  nameOf: (key) => snakeCase(nameOf(key)),
  defaults: DEFAULTS,
  document: 'app',
  statement: statement((key) => snakeCase(nameOf(key))),
};

/**
 * A `lambda.Runtime` constant's runtime identifier (`NODEJS_20_X` → `nodejs20.x`, `PYTHON_3_12` →
 * `python3.12`, `JAVA_8_CORRETTO` → `java8.al2`), as aws-cdk-lib's runtime.ts defines them;
 * undefined for a name it does not define this way.
 */
export function runtimeName(constant: string): string | undefined {
  if (constant === 'JAVA_8_CORRETTO') return 'java8.al2';
  if (constant === 'FROM_IMAGE') return 'FROM_IMAGE';
  let m = /^NODEJS_(\d+)_X$/.exec(constant);
  if (m) return `nodejs${m[1]}.x`;
  m = /^(PYTHON|RUBY)_(\d+)_(\d+)$/.exec(constant);
  if (m) return `${m[1].toLowerCase()}${m[2]}.${m[3]}`;
  m = /^(JAVA|DOTNET)_(\d+)(_AL2023)?$/.exec(constant);
  if (m) return `${m[1].toLowerCase()}${m[2]}${m[3] ? '.al2023' : ''}`;
  m = /^DOTNET_CORE_(\d+)(?:_(\d+))?$/.exec(constant);
  if (m) return `dotnetcore${m[1]}.${m[2] ?? '0'}`;
  m = /^PROVIDED(_AL2|_AL2023)?$/.exec(constant);
  if (m) return `provided${m[1] ? `.${m[1].slice(1).toLowerCase()}` : ''}`;
  if (constant === 'GO_1_X') return 'go1.x';
  return undefined;
}

/**
 * `Runtime.NODEJS_LATEST`: the runtime the CDK version in use calls latest (aws-cdk-lib 2.278:
 * nodejs24.x). NodejsFunction takes it when no runtime is written and cdk.json enables
 * `@aws-cdk/aws-lambda-nodejs:useLatestRuntimeVersion` (new apps do), else nodejs16.x.
 */
export const NODEJS_LATEST = 'nodejs24.x';
export const NODEJS_LATEST_FLAG = '@aws-cdk/aws-lambda-nodejs:useLatestRuntimeVersion';
