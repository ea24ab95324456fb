/**
 * Lenses. Above each function of a template: its findings count, Invoke and Deploy (implemented by
 * the sidebar). Above each handler export in code: for each function whose handler it is, the
 * function's findings count (here and in its template), "Invoke locally" and "Invoke on AWS".
 */
import { declaredFunctions, exportLocation } from '../core';
import type { CodeLens } from 'vscode-languageserver/node';
import type { OpenAnalysis } from './analysis';
import { ownerFindings } from './code-documents';
import { COMMANDS, type FunctionTarget } from './protocol';

/** A function's findings count in its template, when the template has been analysed. */
export type TemplateFindings = (templateUri: string, functionId: string) => number | undefined;

const plural = (n: number) => `${n} finding${n === 1 ? '' : 's'}`;

export function codeLenses(
  analysis: OpenAnalysis,
  templateFindings: TemplateFindings = () => undefined,
): CodeLens[] {
  if (analysis.code) return handlerLenses(analysis, templateFindings);
  const result = analysis.result;
  if (!result) return [];
  const lenses: CodeLens[] = [];
  for (const { fn, range } of declaredFunctions(result)) {
    const target: FunctionTarget = { uri: analysis.uri, functionId: fn.id };
    const count = result.findings.filter((f) => f.functions.includes(fn.id)).length;
    lenses.push(
      {
        range,
        command: {
          title: count === 0 ? 'Ownless: no findings' : `Ownless: ${plural(count)}`,
          command: COMMANDS.showFunctionFindings,
          arguments: [target],
        },
      },
      { range, command: { title: 'Invoke', command: COMMANDS.invokeFunction, arguments: [target] } },
      { range, command: { title: 'Deploy', command: COMMANDS.deployFunction, arguments: [target] } },
    );
  }
  return lenses;
}

function handlerLenses(analysis: OpenAnalysis, templateFindings: TemplateFindings): CodeLens[] {
  const code = analysis.code!;
  const model = code.lint.result.model;
  if (!model || !code.reported) return [];
  const lenses: CodeLens[] = [];
  for (const { owner, count: here } of ownerFindings(code)) {
    const info = model.exports.get(owner.exportName);
    if (!info) continue;
    const range = exportLocation(model, info);
    const target: FunctionTarget = { uri: owner.template, functionId: owner.functionId };
    const total = here + (templateFindings(owner.template, owner.functionId) ?? 0);
    const count =
      total === 0 ? 'no findings' : here === total ? plural(total) : `${plural(total)} (${here} here)`;
    lenses.push(
      {
        range,
        command: {
          title: `Ownless · ${owner.functionId}: ${count}`,
          command: COMMANDS.showFunctionFindings,
          arguments: [target],
        },
      },
      { range, command: { title: 'Invoke locally', command: COMMANDS.invokeFunction, arguments: [target] } },
      { range, command: { title: 'Invoke on AWS', command: COMMANDS.invokeOnAws, arguments: [target] } },
    );
  }
  return lenses;
}
