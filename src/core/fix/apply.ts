/** Applying fixes to a text: the chosen fixes' edits, skipping any fix that overlaps one already taken. */
import { LineIndex } from '../parse/ast';
import type { Finding, Fix } from '../rules/types';
import { type OffsetEdit, applyOffsetEdits } from './edits';

export interface AppliedFixes {
  text: string;
  applied: number;
}

/** Applies one fix per finding (the first that `choose` accepts); overlapping fixes wait for the next pass. */
export function applyFixes(
  text: string,
  findings: Finding[],
  choose: (fix: Fix) => boolean = (fix) => fix.safe,
): AppliedFixes {
  const lines = new LineIndex(text);
  const taken = new TakenSpans();
  const edits: OffsetEdit[] = [];
  let applied = 0;
  for (const finding of findings) {
    const fix = finding.fixes.find(choose);
    if (!fix) continue;
    const fixEdits = fix.edits.map((e) => ({
      start: lines.offset(e.range.start),
      end: lines.offset(e.range.end),
      newText: e.newText,
    }));
    if (fixEdits.some((e) => taken.overlaps(e))) continue;
    for (const e of fixEdits) taken.add(e);
    edits.push(...fixEdits);
    applied++;
  }
  return { text: applied ? applyOffsetEdits(text, edits) : text, applied };
}

/** Spans already edited, sorted by start, so an overlap check is a binary search and not a scan. */
class TakenSpans {
  private readonly spans: OffsetEdit[] = [];

  /** The index of the first span starting at or after `offset`. */
  private lowerBound(offset: number): number {
    let lo = 0;
    let hi = this.spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.spans[mid].start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Overlapping, or inserting at the very point another edit inserts (their order would be ambiguous). */
  overlaps(edit: OffsetEdit): boolean {
    const i = this.lowerBound(edit.start);
    const before = this.spans[i - 1];
    const after = this.spans[i];
    if (before && (before.end > edit.start || (before.start === edit.start && before.end === edit.end)))
      return true;
    if (after && (after.start < edit.end || (after.start === edit.start && after.end === edit.end)))
      return true;
    return false;
  }

  add(edit: OffsetEdit): void {
    this.spans.splice(this.lowerBound(edit.start), 0, edit);
  }
}
