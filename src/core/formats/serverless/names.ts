/**
 * The Serverless Framework's names for the model's settings, the defaults it applies when a function
 * leaves a limit out (1024 MB and 6 s, not Lambda's 128 MB and 3 s), and how it names the
 * CloudFormation resources it generates (`resources` overrides them by those logical ids).
 */
import type { FormatInfo, NameKey, SettingKey } from '../../model/types';

/** The serverless.yml key of each setting (on a function; those in PROVIDER_KEYS also under `provider`). */
export const SETTING_KEYS: Readonly<Record<SettingKey, string>> = {
  functionName: 'name',
  runtime: 'runtime',
  handler: 'handler',
  timeout: 'timeout',
  memory: 'memorySize',
  ephemeralStorage: 'ephemeralStorageSize',
  architecture: 'architecture',
  vpc: 'vpc',
  fileSystems: 'fileSystemConfig',
  packageType: 'image',
  layers: 'layers',
  reservedConcurrency: 'reservedConcurrency',
  capacityProvider: 'capacityProvider',
  durableConfig: 'durableConfig',
  url: 'url',
  deadLetterQueue: 'onError',
};

/**
 * The settings a `provider` block gives every function that does not write its own (what
 * lib/plugins/aws/package/compile/functions.js falls back to). `vpc` is merged part by part.
 */
export const PROVIDER_KEYS: ReadonlySet<SettingKey> = new Set<SettingKey>([
  'runtime',
  'timeout',
  'memory',
  'architecture',
  'vpc',
  'layers',
]);

/** Names of what is not a function setting but appears in messages. */
const OTHER_NAMES: Record<Exclude<NameKey, SettingKey>, string> = {
  // Queues are CloudFormation resources under `resources`: their names are CloudFormation's.
  visibilityTimeout: 'VisibilityTimeout',
  redrivePolicy: 'RedrivePolicy',
  onFailure: 'destinations.onFailure',
  authType: 'url.authorizer',
  provisionedConcurrency: 'provisionedConcurrency',
  provisionedPollers: 'provisionedPollerConfig',
};

/**
 * Values the framework writes otherwise than CloudFormation: a URL is public while it has no
 * `authorizer` (there is no NONE) and `authorizer: aws_iam` is lower case; `image` is the container
 * packaging itself.
 */
const STATEMENTS: Partial<Record<NameKey, Readonly<Record<string, string>>>> = {
  authType: { NONE: 'no url.authorizer', AWS_IAM: 'url.authorizer: aws_iam' },
  packageType: { Image: 'image' },
};

export const SERVERLESS: FormatInfo = {
  id: 'serverless',
  nameOf: (key) =>
    key in SETTING_KEYS ? SETTING_KEYS[key as SettingKey] : OTHER_NAMES[key as Exclude<NameKey, SettingKey>],
  defaults: { timeout: 6, memory: 1024, appliedBy: 'the Serverless Framework' },
  document: 'service',
  statement: (key, value) => STATEMENTS[key]?.[value],
};

/** The framework's normalisation of a function name in logical ids (naming.js getNormalizedResourceName). */
export function normalizedName(name: string): string {
  const replaced = name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return replaced.charAt(0).toUpperCase() + replaced.slice(1);
}

/** The logical id of the function the framework generates: `<Normalized>LambdaFunction`. */
export function functionLogicalId(name: string): string {
  return `${normalizedName(name)}LambdaFunction`;
}
