/**
 * Fixes for handler code, as for templates: "fix all" (safe fixes, re-lint, repeat) for
 * `ownless lint --fix` and the editor, and "Accept this deviation" (an `ownless-ignore` comment line
 * above the flagged line, `//` or `#` by language), each checked by re-linting.
 */
import { applyFixes } from '../fix/apply';
import { type OffsetEdit, applyOffsetEdits } from '../fix/edits';
import { MAX_FIX_PASSES } from '../fix/fix-all';
import { followLineEnding } from '../fix/line-endings';
import { cleanReason } from '../fix/suppress';
import { lineStartAt } from '../parse/ast';
import type { Finding } from '../rules/types';
import type { CodeLintResult } from './lint';

/** A code file's lint: the result, and its findings (possibly narrowed to their owning functions). */
export interface CodeLint {
  result: CodeLintResult;
  findings: Finding[];
}

export interface CodeFixAll {
  text: string;
  lint: CodeLint;
  changed: boolean;
}

/**
 * Applies safe fixes until none is left (overlapping fixes wait for the next pass). A file with
 * syntax errors is never fixed, and a pass whose result has one is dropped with the passes after it.
 */
export function fixAllCode(
  text: string,
  first: CodeLint,
  relint: (text: string) => CodeLint,
  isCancelled: () => boolean = () => false,
): CodeFixAll {
  let lint = first;
  let fixed = text;
  for (let pass = 0; pass < MAX_FIX_PASSES && lint.result.parsed?.hasErrors === false; pass++) {
    if (isCancelled()) break;
    const { text: next, applied } = applyFixes(fixed, lint.findings);
    if (!applied || next === fixed) break;
    const relinted = relint(next);
    if (relinted.result.parsed?.hasErrors !== false) break;
    fixed = next;
    lint = relinted;
  }
  return { text: fixed, lint, changed: fixed !== text };
}

/**
 * The edit that suppresses a code finding with a reason (which may be empty: meta/invalid-suppression
 * then asks for one): `// ownless-ignore <rule-id>: <reason>` (`#` in Python) alone on a line above
 * the flagged line, at its indentation. Undefined when the result would have syntax errors the file
 * has not, or would still have the finding (the line is inside a multi-line string, say).
 */
export function codeSuppressionEdits(
  current: CodeLint,
  finding: Finding,
  reason: string,
  relint: (text: string) => CodeLint,
): OffsetEdit[] | undefined {
  const model = current.result.model;
  if (!model || finding.ruleId.startsWith('meta/')) return undefined;
  const text = model.text;
  const start = lineStartAt(text, model.lines.offset(finding.range.start));
  const indent = /^[ \t]*/.exec(text.slice(start))![0];
  const clean = cleanReason(reason);
  const marker = model.family === 'python' ? '#' : '//';
  const directive = `${marker} ownless-ignore ${finding.ruleId}${clean ? `: ${clean}` : ':'}`;
  const edits = followLineEnding(text, [{ start, end: start, newText: `${indent}${directive}\n` }]);
  const after = relint(applyOffsetEdits(text, edits));
  if (after.result.parsed?.hasErrors && !model.hasErrors) return undefined;
  const line = finding.range.start.line + 1;
  const still = after.findings.some(
    (f) =>
      f.ruleId === finding.ruleId &&
      f.messageId === finding.messageId &&
      f.range.start.line === line &&
      f.range.start.character === finding.range.start.character,
  );
  return still ? undefined : edits;
}
