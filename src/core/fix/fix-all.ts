/**
 * "Fix all": apply safe fixes, re-lint, repeat until nothing is left to fix (overlapping fixes wait
 * for the next pass, as in ESLint). Shared by `ownless lint --fix` and the editor's fix-all action.
 */
import type { LintResult } from '../engine';
import { applyFixes } from './apply';

/** Most fix passes per file. */
export const MAX_FIX_PASSES = 10;

export interface FixAllResult {
  text: string;
  result: LintResult;
  changed: boolean;
}

/**
 * A file that does not parse cleanly is never fixed: edits computed from a partly recovered tree can
 * land in the wrong place. A pass whose result does not parse is dropped, and so are the ones after it.
 */
export function fixAll(
  first: LintResult,
  relint: (text: string) => LintResult,
  isCancelled: () => boolean = () => false,
): FixAllResult {
  let result = first;
  let text = first.doc.text;
  for (let pass = 0; pass < MAX_FIX_PASSES && result.doc.problems.length === 0; pass++) {
    if (isCancelled()) break;
    const { text: next, applied } = applyFixes(text, result.findings);
    if (!applied || next === text) break;
    const relinted = relint(next);
    if (relinted.doc.problems.length > 0) break;
    text = next;
    result = relinted;
  }
  return { text, result, changed: text !== first.doc.text };
}
