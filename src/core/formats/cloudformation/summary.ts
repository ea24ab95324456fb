/**
 * A template function's summary (model/summary.ts has the shape), read from the template model: SAM
 * joins a `Globals` list (layers) in front of the function's own, which the semantic model does not say.
 */
import { deref } from '../../parse/ast';
import type { FunctionProperty, LambdaFunction, TemplateModel } from './types';
import { type FunctionSummary, type SummaryValue, provisionedTotal } from '../../model/summary';
import { type Resolved, asNumber } from './values';

export type { FunctionSummary } from '../../model/summary';

function value(resolved: Resolved | undefined): unknown {
  if (!resolved) return null;
  if (resolved.kind === 'dynamic') return 'dynamic';
  return resolved.value ?? null;
}

function text(resolved: Resolved | undefined): SummaryValue<string> {
  const v = value(resolved);
  return v === null || v === 'dynamic' ? (v as null | 'dynamic') : String(v);
}

function number(resolved: Resolved | undefined): SummaryValue<number> {
  if (!resolved) return null;
  if (resolved.kind === 'dynamic') return 'dynamic';
  return asNumber(resolved) ?? null;
}

function list(resolved: Resolved | undefined): SummaryValue<unknown[]> {
  const v = value(resolved);
  if (v === null || v === 'dynamic') return v as null | 'dynamic';
  return Array.isArray(v) ? v : [v];
}

/** A list property with the Globals list SAM joins in front of it. */
function mergedList(prop: FunctionProperty | undefined): SummaryValue<unknown[]> {
  const own = list(prop?.resolved);
  if (!prop?.inherited) return own;
  const inherited = list(prop.inherited.resolved);
  if (own === 'dynamic' || inherited === 'dynamic') return 'dynamic';
  return [...(inherited ?? []), ...(own ?? [])];
}

function present(resolved: Resolved | undefined): boolean | 'dynamic' {
  if (!resolved) return false;
  if (resolved.kind === 'dynamic') return 'dynamic';
  const v = resolved.value;
  return v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0);
}

function ephemeral(fn: LambdaFunction): SummaryValue<number> {
  const prop = fn.props.get('EphemeralStorage');
  if (!prop) return null;
  if (prop.resolved.kind === 'dynamic') return 'dynamic';
  const size = (prop.resolved.value as { Size?: unknown } | null)?.Size;
  if (size === undefined) return null;
  return typeof size === 'number'
    ? size
    : typeof size === 'string' && size.trim() !== '' && !Number.isNaN(Number(size))
      ? Number(size)
      : 'dynamic';
}

export function summarizeFunction(fn: LambdaFunction, model: TemplateModel): FunctionSummary {
  const p = (name: string) => fn.props.get(name)?.resolved;
  const key = deref(fn.resource.keyNode) ?? fn.resource.keyNode;
  return {
    id: fn.id,
    range: model.doc.lines.range(key.start, fn.resource.body.end),
    functionName: text(p('FunctionName')),
    runtime: text(p('Runtime')),
    handler: text(p('Handler')),
    memorySize: number(p('MemorySize')),
    timeout: number(p('Timeout')),
    ephemeralStorage: ephemeral(fn),
    packageType: text(p('PackageType')),
    vpc: present(p('VpcConfig')),
    fileSystems: present(p('FileSystemConfigs')),
    provisionedConcurrency: provisionedTotal(fn.provisioned),
    reservedConcurrency: number(p('ReservedConcurrentExecutions')),
    layers: mergedList(fn.props.get('Layers')),
    architectures: list(p('Architectures')),
  };
}
