/** A lens above each function: its findings count, and Invoke / Deploy (implemented by the sidebar). */
import type { CodeLens } from 'vscode-languageserver/node';
import type { OpenAnalysis } from './analysis';
import { COMMANDS, type FunctionTarget } from './protocol';

export function codeLenses(analysis: OpenAnalysis): CodeLens[] {
  const result = analysis.result;
  if (!result) return [];
  const lenses: CodeLens[] = [];
  for (const fn of result.model.functions) {
    const key = fn.resource.keyNode;
    const range = result.doc.lines.range(key.start, key.end);
    const target: FunctionTarget = { uri: analysis.uri, functionId: fn.id };
    const count = result.findings.filter((f) => f.functions.includes(fn.id)).length;
    lenses.push(
      {
        range,
        command: {
          title: count === 0 ? 'Ownless: no findings' : `Ownless: ${count} finding${count === 1 ? '' : 's'}`,
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
