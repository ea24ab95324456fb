/** Applying fixes to a text: the chosen fixes' edits, skipping any fix that overlaps one already taken. */
import { LineIndex } from '../parse/ast';
import type { Finding, Fix } from '../rules/types';
import { type OffsetEdit, applyOffsetEdits } from './edits';

export interface AppliedFixes {
  text: string;
  applied: number;
}

/** Applies one fix per finding (the first that `choose` accepts); overlapping fixes wait for the next pass. */
export function applyFixes(text: string, findings: Finding[], choose: (fix: Fix) => boolean = (fix) => fix.safe): AppliedFixes {
  const lines = new LineIndex(text);
  const taken: OffsetEdit[] = [];
  let applied = 0;
  for (const finding of findings) {
    const fix = finding.fixes.find(choose);
    if (!fix) continue;
    const edits = fix.edits.map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), newText: e.newText }));
    const overlaps = edits.some((e) => taken.some((t) => e.start < t.end && t.start < e.end || (e.start === t.start && e.end === t.end)));
    if (overlaps) continue;
    taken.push(...edits);
    applied++;
  }
  return { text: applied ? applyOffsetEdits(text, taken) : text, applied };
}
