/** A template's functions as the sidebar shows them: small, JSON-ready, kept for closed files too. */
import { type LintResult, functionSummaries } from '../core';
import type { LambdaFunction } from '../core/formats/cloudformation/types';
import { asString } from '../core/formats/cloudformation/values';

/** A summary's value when it is known (not dynamic). */
const known = (value: string | null | 'dynamic'): string | null => (value === 'dynamic' ? null : value);
import type { TemplateFunctions } from './protocol';

interface Fields {
  runtime: string | null;
  handler: string | null;
  functionName: string | null;
}

/**
 * By a function's properties (the same map for as long as its entry, `Globals` and `Parameters` are
 * the same nodes): re-reading them for 2,000 functions after each keystroke is what this saves.
 */
const fieldsOf = new WeakMap<LambdaFunction['props'], Fields>();

function fields(fn: LambdaFunction): Fields {
  let known = fieldsOf.get(fn.props);
  if (!known) {
    known = {
      runtime: asString(fn.props.get('Runtime')?.resolved) ?? null,
      handler: asString(fn.props.get('Handler')?.resolved) ?? null,
      functionName: asString(fn.props.get('FunctionName')?.resolved) ?? null,
    };
    fieldsOf.set(fn.props, known);
  }
  return known;
}

export function workspaceFunctions(uri: string, result: LintResult): TemplateFunctions {
  const { model, findings, doc } = result;
  const counts = new Map<string, number>();
  for (const finding of findings)
    for (const id of finding.functions) counts.set(id, (counts.get(id) ?? 0) + 1);
  if (!model)
    return {
      uri,
      functions: functionSummaries(result).map((fn) => ({
        id: fn.id,
        range: fn.range,
        runtime: known(fn.runtime),
        handler: known(fn.handler),
        functionName: known(fn.functionName),
        findings: counts.get(fn.id) ?? 0,
        codeFindings: 0,
      })),
    };
  return {
    uri,
    functions: model.functions.map((fn) => {
      const key = fn.resource.keyNode;
      const { runtime, handler, functionName } = fields(fn);
      return {
        id: fn.id,
        range: doc.lines.range(key.start, key.end),
        runtime,
        handler,
        functionName,
        findings: counts.get(fn.id) ?? 0,
        codeFindings: 0, // the template's own: handler code is added by FunctionSummaries
      };
    }),
  };
}

/** Field by field, stopping at the first difference (no serialisation of big templates). */
export function sameFunctions(a: TemplateFunctions | undefined, b: TemplateFunctions | undefined): boolean {
  if (!a || !b) return a === b || (!a && b?.functions.length === 0) || (!b && a?.functions.length === 0);
  if (a.functions.length !== b.functions.length) return false;
  for (let i = 0; i < a.functions.length; i++) {
    const x = a.functions[i];
    const y = b.functions[i];
    if (
      x.id !== y.id ||
      x.runtime !== y.runtime ||
      x.handler !== y.handler ||
      x.functionName !== y.functionName ||
      x.findings !== y.findings ||
      x.range.start.line !== y.range.start.line ||
      x.range.start.character !== y.range.start.character
    )
      return false;
  }
  return true;
}
