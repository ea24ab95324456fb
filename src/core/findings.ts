/**
 * Findings: a rule's report turned into what editors and the CLI show (message, LSP ranges, fixes),
 * narrowed by suppressions, and sorted by where they are.
 */
import type { LineIndex, Range } from './parse/ast';
import { lineEndingOf, withLineEnding } from './fix/line-endings';
import { keepShape } from './keep-shape';
import { RULES_BY_ID } from './rules';
import { describeFunctionIds } from './rules/helpers';
import {
  type FileKind,
  type Finding,
  type Fix,
  type FixSpec,
  type Report,
  type Rule,
  type Severity,
  type TextEdit,
  fixableIn,
} from './rules/types';

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
  kind: FileKind,
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
    fixes: report.fixes?.length ? toFixes(rule, kind, report.fixes, report, range, lines) : NONE,
    related: report.related?.length
      ? report.related.map((r) => ({ range: rangeOf(lines, r.start, r.end), message: r.message }))
      : NONE,
  };
}

/**
 * A report's fixes with LSP ranges, each built now through the format's operations (a fix the format
 * cannot make here is left out). A fix whose safety the rule does not declare is refused: the rule is
 * wrong, and the error reaches the document's problems like any failure of a rule. Ranges are never
 * changed in place (moving a finding makes new ones), so an edit of exactly the finding's span shares
 * the finding's range.
 */
function toFixes(
  rule: Rule,
  kind: FileKind,
  fixes: FixSpec[],
  span: Report,
  range: Range,
  lines: LineIndex,
): Fix[] {
  const declared = fixableIn(rule.meta, kind);
  const out: Fix[] = [];
  // Rules write `\n`; a CRLF file's fixes must not mix LF lines in.
  const eol = lineEndingOf(lines.text);
  for (const fix of fixes) {
    if (declared === 'none' || (declared === 'unsafe' && fix.safety === 'safe'))
      throw new Error(
        `${rule.meta.id} offered a ${fix.safety} fix ('${fix.title}') in ${kind === 'code' ? 'code' : 'a template'} but declares fixable '${declared}' there`,
      );
    const built = fix.edits();
    if (!built || built.length === 0) continue;
    const edits: TextEdit[] = [];
    for (const edit of built)
      edits.push({
        range:
          edit.start === span.start && edit.end === span.end ? range : rangeOf(lines, edit.start, edit.end),
        newText: withLineEnding(edit.newText, eol),
      });
    out.push({ title: fix.title, safe: fix.safety === 'safe', edits });
  }
  return out.length ? out : NONE;
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
  return sortByKeys(findings, lines, characters);
}

function sortByKeys(findings: Finding[], lines: Uint32Array, characters: Uint32Array): Finding[] {
  const n = findings.length;
  let maxLine = 0;
  let maxCharacter = 0;
  for (let i = 0; i < n; i++) {
    if (lines[i] > maxLine) maxLine = lines[i];
    if (characters[i] > maxCharacter) maxCharacter = characters[i];
  }
  // Position and index packed into one exact double, sorted without a comparison function (which
  // would be called some 50,000 times for 4,000 findings): (line × 2^23 + character) × n + index.
  if (maxCharacter < CHARACTER_RANGE && (maxLine + 1) * CHARACTER_RANGE * n < 2 ** 53) {
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = (lines[i] * CHARACTER_RANGE + characters[i]) * n + i;
    packed.sort();
    const out = new Array<Finding>(n);
    for (let k = 0; k < n; k++) out[k] = findings[packed[k] % n];
    // Findings at the same position: by rule id, then as given (index order, kept by the packing).
    for (let k = 0; k < n;) {
      const at = Math.floor(packed[k] / n);
      let end = k + 1;
      while (end < n && Math.floor(packed[end] / n) === at) end++;
      if (end - k > 1) {
        const run = out.slice(k, end);
        run.sort(byRuleId); // stable
        for (let j = 0; j < run.length; j++) out[k + j] = run[j];
      }
      k = end;
    }
    return out;
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((i, j) => {
    if (lines[i] !== lines[j]) return lines[i] - lines[j];
    if (characters[i] !== characters[j]) return characters[i] - characters[j];
    return byRuleId(findings[i], findings[j]) || i - j;
  });
  const out = new Array<Finding>(n);
  for (let k = 0; k < n; k++) out[k] = findings[order[k]];
  return out;
}

const byRuleId = (a: Finding, b: Finding): number => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);

/** Characters a line may have for the packed sort key (longer lines take the comparison sort). */
const CHARACTER_RANGE = 2 ** 23;

/**
 * One rule's findings with, copied out of them, the numbers a re-lint and the sort need: each
 * finding's start (line, character) and the first and last line of any of its ranges (its own,
 * related locations, fix edits). A re-lint after an edit then keeps, moves or drops most findings,
 * and the result is sorted, without reading the findings themselves: thousands of objects no longer
 * in the CPU's cache.
 */
export class RuleFindings {
  readonly findings: Finding[] = [];
  /** Four numbers per finding: start line, start character, first line, last line. */
  private readonly numbers: number[] = [];

  static of(findings: Finding[]): RuleFindings {
    const out = new RuleFindings();
    for (const finding of findings) out.add(finding);
    return out;
  }

  get length(): number {
    return this.findings.length;
  }

  /** Adds a finding, reading its numbers from it. */
  add(finding: Finding): void {
    const { start, end } = finding.range;
    let first = start.line;
    let last = end.line;
    for (let i = 0; i < finding.related.length; i++) {
      const r = finding.related[i].range;
      first = Math.min(first, r.start.line);
      last = Math.max(last, r.end.line);
    }
    for (let i = 0; i < finding.fixes.length; i++)
      for (let j = 0; j < finding.fixes[i].edits.length; j++) {
        const r = finding.fixes[i].edits[j].range;
        first = Math.min(first, r.start.line);
        last = Math.max(last, r.end.line);
      }
    this.push(finding, start.line, start.character, first, last);
  }

  /** Adds a finding with its numbers known. */
  push(finding: Finding, startLine: number, startCharacter: number, first: number, last: number): void {
    this.findings.push(finding);
    this.numbers.push(startLine, startCharacter, first, last);
  }

  startLine(i: number): number {
    return this.numbers[4 * i];
  }

  startCharacter(i: number): number {
    return this.numbers[4 * i + 1];
  }

  firstLine(i: number): number {
    return this.numbers[4 * i + 2];
  }

  lastLine(i: number): number {
    return this.numbers[4 * i + 3];
  }
}
keepShape(new RuleFindings());

/** Every rule's findings in one list, sorted by position (then rule id), from their copied numbers. */
export function sortedFindings(lists: readonly RuleFindings[]): Finding[] {
  let n = 0;
  for (const list of lists) n += list.length;
  const findings = new Array<Finding>(n);
  const lines = new Uint32Array(n);
  const characters = new Uint32Array(n);
  let k = 0;
  for (const list of lists)
    for (let i = 0; i < list.length; i++, k++) {
      findings[k] = list.findings[i];
      lines[k] = list.startLine(i);
      characters[k] = list.startCharacter(i);
    }
  return sortByKeys(findings, lines, characters);
}
