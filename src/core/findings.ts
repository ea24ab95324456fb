/**
 * Findings: a rule's report turned into what editors and the CLI show (message, LSP ranges, fixes),
 * narrowed by suppressions, and sorted by where they are.
 */
import type { LineIndex, Range } from './parse/ast';
import { RULES_BY_ID } from './rules';
import { describeFunctionIds } from './rules/helpers';
import type { Finding, Fix, FixSpec, Report, Rule, Severity, TextEdit } from './rules/types';

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Templates split once into text and placeholder names (odd indexes), since thousands of findings reuse them. */
const compiled = new Map<string, string[]>();

/** Reused by formatMessage (never held across calls). */
const pieces: string[] = [];

/**
 * Replaces `{{name}}` placeholders with the finding's data. Joined once into a flat string: built
 * with `+=`, each message would be a tree of a dozen string pieces, held by every finding and
 * flattened again wherever it is read.
 */
export function formatMessage(template: string, data: Record<string, string | number>): string {
  let parts = compiled.get(template);
  if (!parts) compiled.set(template, (parts = template.split(/\{\{(\w+)\}\}/)));
  if (parts.length === 1) return parts[0];
  pieces.length = 0;
  pieces.push(parts[0]);
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    pieces.push(name in data ? String(data[name]) : `{{${name}}}`, parts[i + 1]);
  }
  return pieces.join('');
}

/** What a finding without functions, fixes or related locations holds: one frozen empty list. */
const NONE = Object.freeze([]) as unknown as never[];

/** The range between two offsets; an empty one has one position object for both ends. */
function rangeOf(lines: LineIndex, start: number, end: number): Range {
  const from = lines.position(start);
  return { start: from, end: end === start ? from : lines.position(end) };
}

/** Turns a rule's report into a finding: message, LSP ranges, fixes (shared by templates and code). */
export function toFinding(
  rule: Rule,
  severity: Severity,
  report: Report,
  path: string,
  lines: LineIndex,
): Finding {
  const data = report.data ?? {};
  const template = rule.meta.messages[report.messageId];
  if (template === undefined)
    throw new Error(`${rule.meta.id} reported unknown message id '${report.messageId}'`);
  const escalated =
    report.escalate && severity !== 'info' && SEVERITY_RANK[report.escalate] > SEVERITY_RANK[severity]
      ? report.escalate
      : severity;
  const { start, end } = report;
  const range = rangeOf(lines, start, end);
  return {
    ruleId: rule.meta.id,
    tenet: rule.meta.tenet,
    severity: escalated,
    messageId: report.messageId,
    data,
    message: formatMessage(template, data),
    path,
    range,
    functions: report.functions ?? NONE,
    fixes: report.fixes?.length ? toFixes(report.fixes, report, range, lines) : NONE,
    related: report.related?.length
      ? report.related.map((r) => ({ range: rangeOf(lines, r.start, r.end), message: r.message }))
      : NONE,
  };
}

/**
 * A report's fixes with LSP ranges. Ranges are never changed in place (moving a finding makes new
 * ones), so an edit of exactly the finding's span shares the finding's range.
 */
function toFixes(fixes: FixSpec[], span: Report, range: Range, lines: LineIndex): Fix[] {
  const out: Fix[] = [];
  for (const fix of fixes) {
    const edits: TextEdit[] = [];
    for (const edit of fix.edits)
      edits.push({
        range:
          edit.start === span.start && edit.end === span.end ? range : rangeOf(lines, edit.start, edit.end),
        newText: edit.newText,
      });
    out.push({ title: fix.title, safe: fix.safe, edits });
  }
  return out;
}

/**
 * A finding some of whose functions carry a suppression: it keeps the others, names only them,
 * and loses its fixes, which would change the shared setting for the suppressed functions too.
 */
export function narrowFinding(finding: Finding, functions: string[]): Finding {
  const rule = RULES_BY_ID.get(finding.ruleId)!;
  const data =
    typeof finding.data.functions === 'string'
      ? { ...finding.data, functions: describeFunctionIds(functions) }
      : finding.data;
  const kept = new Set(functions);
  return {
    ...finding,
    functions,
    data,
    message: formatMessage(rule.meta.messages[finding.messageId], data),
    fixes: [],
    related: finding.related.filter((r) => kept.has(r.message.split(' ')[0])),
  };
}

/**
 * Findings by position (line, character), then rule id; otherwise in the order given. Sorted by
 * keys copied once into typed arrays: a comparison that followed each finding to its range and
 * position would read thousands of objects no longer in the CPU's cache, over and over.
 */
export function sortFindings(findings: Finding[]): Finding[] {
  const n = findings.length;
  const lines = new Uint32Array(n);
  const characters = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const start = findings[i].range.start;
    lines[i] = start.line;
    characters[i] = start.character;
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((i, j) => {
    if (lines[i] !== lines[j]) return lines[i] - lines[j];
    if (characters[i] !== characters[j]) return characters[i] - characters[j];
    const a = findings[i].ruleId;
    const b = findings[j].ruleId;
    return a < b ? -1 : a > b ? 1 : i - j;
  });
  const out = new Array<Finding>(n);
  for (let k = 0; k < n; k++) out[k] = findings[order[k]];
  return out;
}
