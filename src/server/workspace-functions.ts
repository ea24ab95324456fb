/** A file's functions as the sidebar shows them: small, JSON-ready, kept for closed files too. */
import { type LintResult, asString, declaredFunctions } from '../core';
import type { TemplateFunctions } from './protocol';

/** The functions of an analysed file (any format), with their findings counts in the file. */
export function workspaceFunctions(uri: string, result: LintResult): TemplateFunctions {
  const { findings } = result;
  const counts = new Map<string, number>();
  for (const finding of findings)
    for (const id of finding.functions) counts.set(id, (counts.get(id) ?? 0) + 1);
  return {
    uri,
    // A Terraform file's: those declared in it (its folder's model is shared by its files).
    functions: declaredFunctions(result).map(({ fn, range }) => {
      return {
        id: fn.id,
        range,
        runtime: asString(fn.value('runtime')) ?? null,
        handler: asString(fn.value('handler')) ?? null,
        functionName: asString(fn.value('functionName')) ?? null,
        findings: counts.get(fn.id) ?? 0,
        codeFindings: 0, // the file's own: handler code is added by FunctionSummaries
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
