/**
 * SAM and CloudFormation's names for the model's settings, and the defaults Lambda applies when a
 * template leaves a limit out: what messages say and fixes write in a template.
 */
import type { FormatInfo, NameKey, SettingKey } from '../../model/types';

/** The property names of each setting (SAM and CloudFormation share them, except the dead-letter queue). */
export const PROPERTY_NAMES: Readonly<Record<SettingKey, readonly string[]>> = {
  functionName: ['FunctionName'],
  runtime: ['Runtime'],
  handler: ['Handler'],
  timeout: ['Timeout'],
  memory: ['MemorySize'],
  ephemeralStorage: ['EphemeralStorage'],
  architecture: ['Architectures'],
  vpc: ['VpcConfig'],
  fileSystems: ['FileSystemConfigs'],
  packageType: ['PackageType'],
  layers: ['Layers'],
  reservedConcurrency: ['ReservedConcurrentExecutions'],
  capacityProvider: ['CapacityProviderConfig'],
  durableConfig: ['DurableConfig'],
  url: ['FunctionUrlConfig'],
  deadLetterQueue: ['DeadLetterQueue', 'DeadLetterConfig'],
};

/** Names of what is not a function setting but appears in messages. */
const OTHER_NAMES: Record<Exclude<NameKey, SettingKey>, string> = {
  visibilityTimeout: 'VisibilityTimeout',
  redrivePolicy: 'RedrivePolicy',
  onFailure: 'DestinationConfig.OnFailure',
  authType: 'AuthType',
  provisionedConcurrency: 'ProvisionedConcurrencyConfig',
  provisionedPollers: 'ProvisionedPollerConfig',
};

export const CLOUDFORMATION: FormatInfo = {
  id: 'cloudformation',
  nameOf: (key) =>
    key in PROPERTY_NAMES
      ? PROPERTY_NAMES[key as SettingKey][0]
      : OTHER_NAMES[key as Exclude<NameKey, SettingKey>],
  defaults: { timeout: 3, memory: 128, appliedBy: 'Lambda' },
  document: 'template',
  // Messages say `<name> <value>` in CloudFormation's own words (`AuthType NONE`).
  statement: () => undefined,
};
