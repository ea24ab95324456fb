/** Errors in an `ownless.yaml`, shown on the file itself at the line they concern. */
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import type { ConfigFileState } from './config-resolver';
import { SOURCE } from './diagnostics';

/** Where an error message points: "(line N)" from the parser, else the first mention of a quoted name. */
function lineOf(error: string, text: string): number {
  const numbered = /\(line (\d+)\)/.exec(error);
  if (numbered) return Number(numbered[1]) - 1;
  const named = /'([^']+)'/.exec(error) ?? /^([\w/-]+):/.exec(error);
  if (named) {
    const at = text.indexOf(named[1]);
    if (at >= 0) return text.slice(0, at).split('\n').length - 1;
  }
  return 0;
}

export function configDiagnostics(state: ConfigFileState): Diagnostic[] {
  const lines = state.text.split('\n');
  return state.errors.map((message) => {
    const line = Math.min(lineOf(message, state.text), Math.max(lines.length - 1, 0));
    return {
      range: { start: { line, character: 0 }, end: { line, character: lines[line]?.length ?? 0 } },
      severity: DiagnosticSeverity.Error,
      source: SOURCE,
      code: 'config',
      message: `${message} (this part of the configuration is ignored)`,
    };
  });
}
