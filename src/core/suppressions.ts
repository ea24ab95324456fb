/**
 * Suppressions: `# ownless-ignore <rule-id>[, <rule-id>]: <reason>` (or `//`) on the flagged line or
 * alone on a line above it, and `Metadata: { ownless: { ignore: [{ rule, reason }] } }` on a resource.
 * A suppression without a reason still suppresses, and is reported until it has one. Other formats
 * have the comments only (`byResource` empty).
 */
import { type LineIndex, type MapNode, asMap, asSeq, deref, get } from './parse/ast';
import type { Resource, TemplateModel } from './formats/cloudformation/types';
import type { Finding, Report } from './rules/types';

const DIRECTIVE = /(?:#|\/\/)\s*ownless-ignore\b\s*([^:\n]*?)\s*(?::(.*))?$/;

export interface LineDirective {
  rules: string[];
  reason: string;
  /** The lines whose findings it covers. */
  lines: number[];
}

interface ResourceIgnore {
  rule: string;
  reason: string;
}

export interface Suppressions {
  byLine: Map<number, LineDirective[]>;
  byResource: Map<string, ResourceIgnore[]>;
  /** Reports for the meta/invalid-suppression rule. */
  problems: Report[];
}

/** " (did you mean <id>?)" for a near miss (edit distance of 3 or less), or nothing. */
function suggest(rule: string, known: ReadonlySet<string>): string {
  let best = '';
  let bestDistance = 4;
  for (const id of known) {
    const d = editDistance(rule, id);
    if (d < bestDistance) [best, bestDistance] = [id, d];
  }
  return best ? ` (did you mean ${best}?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}

function isCommentOnly(line: string): boolean {
  return /^\s*(?:#|\/\/)/.test(line);
}

export interface LineDirectives {
  byLine: Map<number, LineDirective[]>;
  problems: Report[];
}

/**
 * Reads `ownless-ignore` comments line by line (templates and handler code alike). `inComment`, when
 * given, says whether an offset lies in a comment: in code, a directive inside a string is no directive.
 */
export function readLineDirectives(
  text: string,
  knownRules: ReadonlySet<string>,
  inComment?: (offset: number) => boolean,
): LineDirectives {
  const problems: Report[] = [];
  const byLine = new Map<number, LineDirective[]>();
  if (!text.includes('ownless-ignore')) return { byLine, problems };
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < lines.length; offset += lines[i].length + 1, i++) {
    const line = lines[i];
    if (!line.includes('ownless-ignore')) continue;
    const match = DIRECTIVE.exec(line);
    if (!match) continue;
    const start = offset + match.index;
    const end = offset + line.length;
    if (inComment && !inComment(start)) continue;
    const rules = match[1].split(/[\s,]+/).filter(Boolean);
    const reason = (match[2] ?? '').trim();
    const covered = [i];
    if (isCommentOnly(line)) {
      // A directive alone on its line covers the next line with content.
      let next = i + 1;
      while (next < lines.length && (lines[next].trim() === '' || isCommentOnly(lines[next]))) next++;
      if (next < lines.length) covered.push(next);
    }
    const directive: LineDirective = { rules, reason, lines: covered };
    for (const l of covered) byLine.set(l, [...(byLine.get(l) ?? []), directive]);
    if (rules.length === 0) problems.push({ messageId: 'missingRule', start, end });
    for (const rule of rules) {
      if (!knownRules.has(rule)) {
        problems.push({
          messageId: 'unknownRule',
          data: { rule, suggestion: suggest(rule, knownRules) },
          start,
          end,
        });
      } else if (!reason) problems.push({ messageId: 'missingReason', data: { rule }, start, end });
    }
  }
  return { byLine, problems };
}

/** Resource bodies without `Metadata.ownless.ignore` (nodes never change after parsing). */
const withoutIgnores = new WeakSet<MapNode>();

/**
 * Reads every suppression in a template. `knownRules` lets an unknown id be reported. `lineDirectives`
 * false says the caller knows the text has no `ownless-ignore` comment (it need not be searched).
 */
export function readSuppressions(
  model: TemplateModel,
  knownRules: ReadonlySet<string>,
  lineDirectives = true,
): Suppressions {
  const { byLine, problems } = lineDirectives
    ? readLineDirectives(model.doc.text, knownRules)
    : { byLine: new Map<number, LineDirective[]>(), problems: [] };
  const byResource = new Map<string, ResourceIgnore[]>();
  for (const resource of model.resources.values()) {
    if (withoutIgnores.has(resource.body)) continue;
    const list = asSeq(get(get(get(resource.body, 'Metadata'), 'ownless'), 'ignore'));
    if (!list) {
      withoutIgnores.add(resource.body);
      continue;
    }
    const ignores: ResourceIgnore[] = [];
    for (const item of list.items) {
      const ruleNode = deref(get(item, 'rule'));
      const reasonNode = deref(get(item, 'reason'));
      const rule = ruleNode?.kind === 'scalar' ? ruleNode.value : '';
      const reason = reasonNode?.kind === 'scalar' ? reasonNode.value.trim() : '';
      const at = asMap(item) ? item : list;
      if (!knownRules.has(rule))
        problems.push({
          messageId: 'unknownRule',
          data: { rule: rule || '(none)', suggestion: suggest(rule, knownRules) },
          start: at.start,
          end: at.end,
        });
      else if (!reason)
        problems.push({ messageId: 'missingReason', data: { rule }, start: at.start, end: at.end });
      ignores.push({ rule, reason });
    }
    byResource.set(resource.id, ignores);
  }
  return { byLine, byResource, problems };
}

/**
 * Applies suppressions: a finding covered by a line directive is dropped, and so is one that sits in
 * a resource ignoring its rule; otherwise resource ignores remove the functions they name, and the
 * finding goes when none is left.
 */
export function applySuppressions(
  findings: Finding[],
  lines: LineIndex,
  suppressions: Suppressions,
  narrow: (finding: Finding, functions: string[]) => Finding,
  model?: TemplateModel,
): Finding[] {
  if (suppressions.byLine.size === 0 && suppressions.byResource.size === 0) return [...findings];
  // The resources by where they start, to find the one a finding sits in.
  const sorted = [...(model?.resources.values() ?? [])].sort((a, b) => a.keyNode.start - b.keyNode.start);
  const ownerAt = (offset: number): Resource | undefined => {
    let lo = 0;
    let hi = sorted.length - 1;
    let found: Resource | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].keyNode.start <= offset) {
        found = sorted[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found && offset <= found.body.end ? found : undefined;
  };
  const kept: Finding[] = [];
  for (const finding of findings) {
    if (finding.ruleId === 'meta/invalid-suppression') {
      kept.push(finding);
      continue;
    }
    const directives = suppressions.byLine.get(finding.range.start.line) ?? [];
    if (directives.some((d) => d.rules.includes(finding.ruleId))) continue;
    if (suppressions.byResource.size === 0) {
      kept.push(finding);
      continue;
    }
    const ignoredBy = (id: string) =>
      suppressions.byResource.get(id)?.some((i) => i.rule === finding.ruleId) ?? false;
    // The resource the finding sits in (an alias, a URL, a queue...) can carry the deviation itself.
    const offset = lines.offset(finding.range.start);
    const owner = ownerAt(offset);
    if (owner && ignoredBy(owner.id)) continue;
    if (finding.functions.length > 0) {
      const remaining = finding.functions.filter((id) => !ignoredBy(id));
      if (remaining.length === 0) continue;
      kept.push(remaining.length === finding.functions.length ? finding : narrow(finding, remaining));
      continue;
    }
    kept.push(finding);
  }
  return kept;
}

/** Drops the findings a line directive covers (handler code has no resource-level ignores). */
export function applyLineDirectives(findings: Finding[], directives: LineDirectives): Finding[] {
  if (directives.byLine.size === 0) return findings;
  return findings.filter(
    (finding) =>
      finding.ruleId === 'meta/invalid-suppression' ||
      !(directives.byLine.get(finding.range.start.line) ?? []).some((d) => d.rules.includes(finding.ruleId)),
  );
}
