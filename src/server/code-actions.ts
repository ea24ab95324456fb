/**
 * Code actions for findings: each fix (preferred when safe), "Accept this deviation…", "Show
 * documentation", and the source action `source.fixAll.ownless` (safe fixes only, also on save).
 */
import {
  type CodeLint,
  codeSuppressionEdits,
  docsUrl,
  type Finding,
  fixAll,
  fixAllCode,
  type LineIndex,
  lintForOwners,
  type LintResult,
  type Range,
  suppressionEdits,
} from '../core';
import {
  type CancellationToken,
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { OpenAnalysis } from './analysis';
import { codeFindings } from './code-documents';
import { findingDiagnostic } from './diagnostics';
import { lintForEditor } from './lint';
import { COMMANDS, type FindingTarget } from './protocol';
import { documentName, uriToPath } from './uri';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.ownless`;

function intersects(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** Re-lints edited text with the document's configuration (for fix-all passes and checks). */
export function relinter(analysis: OpenAnalysis): (text: string) => LintResult {
  const name = documentName(analysis.uri);
  const onDisk = uriToPath(analysis.uri) !== undefined;
  return (text) =>
    lintForEditor(text, name, analysis.config.config, onDisk) ?? {
      ...analysis.result!,
      doc: { ...analysis.result!.doc, problems: [{ message: 'no longer a template', start: 0, end: 0 }] },
    };
}

/** One edit replacing only the part of the text that changed (so cursors and folds elsewhere stay). */
export function minimalEdit(result: LintResult, next: string): TextEdit {
  return minimalTextEdit(result.doc.text, result.doc.lines, next);
}

function minimalTextEdit(text: string, lines: LineIndex, next: string): TextEdit {
  let start = 0;
  while (start < text.length && start < next.length && text[start] === next[start]) start++;
  let endOld = text.length;
  let endNew = next.length;
  while (endOld > start && endNew > start && text[endOld - 1] === next[endNew - 1]) {
    endOld--;
    endNew--;
  }
  return { range: lines.range(start, endOld), newText: next.slice(start, endNew) };
}

/** Re-lints edited code with the document's configuration and owners (fresh parse, no tree kept). */
function codeRelinter(analysis: OpenAnalysis): (text: string) => CodeLint {
  const code = analysis.code!;
  return (text) => lintForOwners(text, code.name, analysis.config.config, code.owners, { keepTree: false });
}

export function fixAllEdit(analysis: OpenAnalysis, token?: CancellationToken): TextEdit | undefined {
  const code = analysis.code;
  if (code?.lint.result.model) {
    const { model } = code.lint.result;
    const cancelled = () => token?.isCancellationRequested ?? false;
    const fixed = fixAllCode(model.text, code.lint, codeRelinter(analysis), cancelled);
    if (!fixed.changed || cancelled()) return undefined;
    return minimalTextEdit(model.text, model.lines, fixed.text);
  }
  if (!analysis.result) return undefined;
  const fixed = fixAll(analysis.result, relinter(analysis), () => token?.isCancellationRequested ?? false);
  if (!fixed.changed || token?.isCancellationRequested) return undefined;
  return minimalEdit(analysis.result, fixed.text);
}

/** The findings of an open document: a template's, or a code file's when it reports them. */
export function analysisFindings(analysis: OpenAnalysis): Finding[] {
  if (analysis.code) return codeFindings(analysis.code);
  return analysis.result?.findings ?? [];
}

export function findTarget(analysis: OpenAnalysis, target: FindingTarget): Finding | undefined {
  return analysisFindings(analysis).find(
    (f) =>
      f.ruleId === target.ruleId &&
      f.range.start.line === target.line &&
      f.range.start.character === target.character,
  );
}

/** The workspace edit that accepts a deviation with a reason, or null when none can be made. */
export function suppressionEdit(
  analysis: OpenAnalysis,
  finding: Finding,
  reason: string,
): WorkspaceEdit | null {
  const model = analysis.code?.lint.result.model;
  if (analysis.code && model) {
    const codeEdits = codeSuppressionEdits(analysis.code.lint, finding, reason, codeRelinter(analysis));
    if (!codeEdits) return null;
    const edits = codeEdits.map((e) => ({ range: model.lines.range(e.start, e.end), newText: e.newText }));
    return { changes: { [analysis.uri]: edits } };
  }
  if (!analysis.result) return null;
  const edits = suppressionEdits(analysis.result, finding, reason, relinter(analysis));
  if (!edits) return null;
  const lines = analysis.result.doc.lines;
  return {
    changes: {
      [analysis.uri]: edits.map((e) => ({ range: lines.range(e.start, e.end), newText: e.newText })),
    },
  };
}

function wanted(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

export function codeActions(
  analysis: OpenAnalysis,
  params: CodeActionParams,
  promptsForReason: boolean,
  token: CancellationToken,
): CodeAction[] {
  const findings = analysisFindings(analysis);
  if (findings.length === 0) return [];
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (wanted(only, CodeActionKind.QuickFix)) {
    for (const finding of findings) {
      if (token.isCancellationRequested) return [];
      if (!intersects(finding.range, params.range)) continue;
      actions.push(...findingActions(analysis, finding, promptsForReason));
    }
  }
  if (wanted(only, FIX_ALL_KIND) && findings.some((f) => f.fixes.some((x) => x.safe))) {
    const edit = fixAllEdit(analysis, token);
    if (edit)
      actions.push({
        title: 'Fix all safe Ownless findings',
        kind: FIX_ALL_KIND,
        edit: { changes: { [analysis.uri]: [edit] } },
      });
  }
  return actions;
}

function findingActions(analysis: OpenAnalysis, finding: Finding, promptsForReason: boolean): CodeAction[] {
  const diagnostic = findingDiagnostic(finding, analysis.uri);
  const actions: CodeAction[] = finding.fixes.map((fix) => ({
    title: fix.safe ? fix.title : `${fix.title} (review: changes behaviour)`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.safe,
    edit: { changes: { [analysis.uri]: fix.edits } },
  }));
  if (!finding.ruleId.startsWith('meta/')) {
    const target: FindingTarget = {
      uri: analysis.uri,
      ruleId: finding.ruleId,
      line: finding.range.start.line,
      character: finding.range.start.character,
    };
    if (promptsForReason) {
      actions.push({
        title: `Accept this deviation (${finding.ruleId})…`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: 'Accept this deviation…', command: COMMANDS.acceptDeviation, arguments: [target] },
      });
    } else {
      // Clients without a prompt get the directive with an empty reason; meta/invalid-suppression
      // then asks for one, so the deviation is never left unexplained.
      const edit = suppressionEdit(analysis, finding, '');
      if (edit)
        actions.push({
          title: `Accept this deviation (${finding.ruleId}): write the reason`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit,
        });
    }
  }
  actions.push({
    title: `Show documentation for ${finding.ruleId}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: {
      title: 'Show documentation',
      command: COMMANDS.showDocumentation,
      arguments: [finding.ruleId, docsUrl(finding.ruleId)],
    },
  });
  return actions;
}
