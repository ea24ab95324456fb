/**
 * Terraform's names for the model's settings (the AWS provider's `aws_lambda_function` arguments and
 * blocks), and the defaults that apply when a function leaves a limit out: Lambda's 128 MB and 3 s
 * (the provider sends nothing, and terraform-aws-modules/lambda's defaults are the same).
 */
import type { FormatInfo, NameKey, SettingKey } from '../../model/types';

/** The `aws_lambda_function` argument or block of each setting. */
export const ARGUMENTS: Readonly<Record<SettingKey, string>> = {
  functionName: 'function_name',
  runtime: 'runtime',
  handler: 'handler',
  timeout: 'timeout',
  memory: 'memory_size',
  ephemeralStorage: 'ephemeral_storage',
  architecture: 'architectures',
  vpc: 'vpc_config',
  fileSystems: 'file_system_config',
  packageType: 'package_type',
  layers: 'layers',
  reservedConcurrency: 'reserved_concurrent_executions',
  capacityProvider: 'capacity_provider_config',
  durableConfig: 'durable_config',
  url: 'aws_lambda_function_url',
  deadLetterQueue: 'dead_letter_config',
};

/** Settings written as a nested block of the function (the rest are arguments). */
export const BLOCK_SETTINGS: ReadonlySet<SettingKey> = new Set<SettingKey>([
  'ephemeralStorage',
  'vpc',
  'fileSystems',
  'capacityProvider',
  'durableConfig',
  'deadLetterQueue',
]);

const OTHER_NAMES: Readonly<Record<Exclude<NameKey, SettingKey>, string>> = {
  visibilityTimeout: 'visibility_timeout_seconds',
  redrivePolicy: 'redrive_policy',
  onFailure: 'destination_config.on_failure',
  authType: 'authorization_type',
  provisionedConcurrency: 'aws_lambda_provisioned_concurrency_config',
  provisionedPollers: 'provisioned_poller_config',
};

export const TERRAFORM: FormatInfo = {
  id: 'terraform',
  nameOf: (key) =>
    key in ARGUMENTS ? ARGUMENTS[key as SettingKey] : OTHER_NAMES[key as Exclude<NameKey, SettingKey>],
  defaults: { timeout: 3, memory: 128, appliedBy: 'Lambda' },
};

/** How an inserted value is written in HCL: numbers and words as they are, strings quoted. */
export function hclValue(value: string | number): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}
