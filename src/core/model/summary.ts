/**
 * The stable, JSON-ready view of a function (the CLI's `--format json` and the sidebar use it): each
 * setting is its value, null when absent (the format's default applies), or "dynamic". Read from the
 * semantic model, so every format gives the same shape; the CloudFormation adapter has its own
 * (formats/cloudformation/summary.ts) for the lists SAM merges with `Globals`.
 */
import type { LineIndex, Range } from '../parse/ast';
import type { LambdaFunction, Value } from './types';
import { asNumber, asString } from './values';

export type SummaryValue<T> = T | null | 'dynamic';

export interface FunctionSummary {
  id: string;
  /** The CloudFormation logical id the format generates, when it is not `id` (serverless.yml). */
  logicalId?: string;
  range: Range;
  /** The name it is deployed under, when written. */
  functionName: SummaryValue<string>;
  runtime: SummaryValue<string>;
  handler: SummaryValue<string>;
  memorySize: SummaryValue<number>;
  timeout: SummaryValue<number>;
  ephemeralStorage: SummaryValue<number>;
  packageType: SummaryValue<string>;
  vpc: boolean | 'dynamic';
  fileSystems: boolean | 'dynamic';
  provisionedConcurrency: SummaryValue<number>;
  reservedConcurrency: SummaryValue<number>;
  layers: SummaryValue<unknown[]>;
  architectures: SummaryValue<unknown[]>;
}

function text(value: Value | undefined): SummaryValue<string> {
  if (!value) return null;
  return value.kind === 'dynamic' ? 'dynamic' : (asString(value) ?? null);
}

function number(value: Value | undefined): SummaryValue<number> {
  if (!value) return null;
  return value.kind === 'dynamic' ? 'dynamic' : (asNumber(value) ?? 'dynamic');
}

function list(value: Value | undefined): SummaryValue<unknown[]> {
  if (!value) return null;
  if (value.kind === 'dynamic') return 'dynamic';
  const v = value.value;
  return v === null || v === undefined ? null : Array.isArray(v) ? v : [v];
}

function present(value: Value | undefined): boolean | 'dynamic' {
  if (!value) return false;
  if (value.kind === 'dynamic') return 'dynamic';
  const v = value.value;
  return v !== null && v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0);
}

/** Total provisioned executions across the function's configurations (each is billed). */
export function provisionedTotal(
  provisioned: readonly { executions: Value | undefined }[],
): SummaryValue<number> {
  if (provisioned.length === 0) return null;
  let total = 0;
  for (const pc of provisioned) {
    const n = asNumber(pc.executions);
    if (n === undefined) return 'dynamic';
    total += n;
  }
  return total;
}

/**
 * A function's summary from the semantic model; `range` is its declaration's name. `base`: where the
 * file's text starts in the model's spans (a Terraform file in its folder's text).
 */
export function summarize(fn: LambdaFunction, lines: LineIndex, base = 0): FunctionSummary {
  const v = (key: Parameters<LambdaFunction['value']>[0]) => fn.value(key);
  return {
    id: fn.id,
    ...(fn.logicalId !== undefined && fn.logicalId !== fn.id ? { logicalId: fn.logicalId } : {}),
    range: lines.range(fn.site.span.start - base, fn.site.span.end - base),
    functionName: text(v('functionName')),
    runtime: text(v('runtime')),
    handler: text(v('handler')),
    memorySize: number(v('memory')),
    timeout: number(v('timeout')),
    ephemeralStorage: number(v('ephemeralStorage')),
    packageType: text(v('packageType')),
    vpc: present(v('vpc')),
    fileSystems: present(v('fileSystems')),
    provisionedConcurrency: provisionedTotal(fn.provisioned),
    reservedConcurrency: number(v('reservedConcurrency')),
    layers: list(v('layers')),
    architectures: list(v('architecture')),
  };
}
