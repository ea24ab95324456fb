/**
 * resilience/no-hardcoded-region: literal regions and availability zones pin a template (and regions
 * in client constructors and ARNs pin handler code, see code/region-literals.ts) to one place.
 */
import type { Node } from '../../parse/ast';
import { get, keyText } from '../../parse/ast';
import { intrinsicOf } from '../../formats/cloudformation/values';
import { checkRegionLiterals } from '../../code/region-literals';
import type { FixSpec, Report, Rule, RuleContext } from '../types';

/** A region inside an ARN: `arn:<partition>:<service>:<region>:`. */
const ARN_REGION = /arn:aws(?:-[a-z]+)*:[a-z0-9-]+:((?:us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-[a-z]+-\d):/g;
const AZ = /^(?:us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-[a-z]+-\d[a-z]$/;

export const noHardcodedRegion: Rule = {
  meta: {
    id: 'resilience/no-hardcoded-region',
    tenet: 'resilience',
    description:
      'Flags literal regions in ARNs and literal availability zones in templates, and literal regions in SDK client constructors and ARNs in code.',
    why: 'A template pinned to one region cannot be deployed to a second one for recovery or latency, and a literal AZ breaks in accounts where that name maps to another zone.',
    alternative:
      'Use ${AWS::Region} in a !Sub for ARNs, and !Select [0, !GetAZs ""] (or subnets) for zones; in code, let the SDK use the region the function runs in (AWS_REGION) and pass ARNs in environment variables.',
    justified:
      "Resources that exist in one region only by design (ACM certificates for CloudFront in us-east-1, a global table's home region).",
    severity: { recommended: 'info', strict: 'warning', relaxed: 'off' },
    fixable: 'safe',
    messages: {
      arn: 'The ARN names region {{region}} literally: the template cannot move to another region.',
      az: 'Availability zone {{zone}} is written literally: zone names differ between accounts and the template cannot move region.',
      clientRegion:
        '{{client}} is pinned to region {{region}}: the code cannot move to another region with its stack. Use the region the function runs in (AWS_REGION), which the SDK reads by default.',
      codeArn:
        'The ARN names region {{region}} literally: the code cannot move to another region. Pass the ARN in an environment variable from the template, or build it from AWS_REGION.',
    },
  },
  checkCode: checkRegionLiterals,
  check(context) {
    const text = context.model.doc.text;
    // One collecting context for every entry (an entry's reports are cached before they are passed on).
    const collector: Collector = {
      ...context,
      collected: NO_REPORTS,
      report: (report) => collector.collected.push(report),
    };
    // Mappings are skipped on purpose: a region-keyed map of ARNs is the portable way to write them.
    for (const section of ['Resources', 'Outputs', 'Globals']) {
      const node = get(context.model.doc.root, section);
      if (!node) continue;
      if (section === 'Resources' && node.kind === 'map') {
        // Entry by entry, each read once (see walkEntry).
        for (const pair of node.pairs) {
          const key = keyText(pair.key);
          if (!checkZone(context, key, pair.value))
            walkEntry(context, collector, pair.value, key === 'Fn::Sub');
        }
      } else if (mayHoldRegion(text, node.start, node.end)) walk(context, node, false, 0);
    }
  },
};

/**
 * False when no string in `text` between `start` and `end` can name a region: that text holds no
 * ARN with a region and no `AvailabilityZone` key. A scalar's value differs from its text only by
 * escapes (a backslash), quote doubling and folded line breaks, and neither pattern can hold a quote
 * or a space, so without a backslash a match in a value is a match in the text. Most entries take
 * this one search of their text instead of a walk over every string in them.
 */
function mayHoldRegion(text: string, start: number, end: number): boolean {
  const part = text.slice(start, end);
  if (part.includes('\\') || part.includes('AvailabilityZone')) return true;
  ARN_REGION.lastIndex = 0;
  const found = ARN_REGION.test(part);
  ARN_REGION.lastIndex = 0;
  return found;
}

/** What one entry of `Resources` reports, with offsets relative to the entry's value node. */
interface EntryReports {
  syntax: 'yaml' | 'json';
  reports: Report[];
}

/**
 * By the entry's value node. Nodes never change after parsing, except that an incremental re-parse
 * moves the nodes of the entries it keeps, all of an entry's by the same amount: what an entry
 * reports is kept relative to its start, and re-linting after an edit walks the edited entry only.
 */
const entryCache = new WeakMap<Node, EntryReports>();

/** The rule's context with its reports collected rather than passed on. */
type Collector = RuleContext & { collected: Report[] };

/** What most entries report, shared by their cache entries. */
const NO_REPORTS: Report[] = [];
const NONE_YAML: EntryReports = { syntax: 'yaml', reports: NO_REPORTS };
const NONE_JSON: EntryReports = { syntax: 'json', reports: NO_REPORTS };

function walkEntry(context: RuleContext, collector: Collector, node: Node, insideSub: boolean): void {
  const syntax = context.model.doc.syntax;
  const base = node.start;
  const cached = insideSub ? undefined : entryCache.get(node);
  if (cached && cached.syntax === syntax) {
    for (const report of cached.reports) context.report(moveReport(report, base));
    return;
  }
  collector.collected = [];
  if (mayHoldRegion(context.model.doc.text, node.start, node.end)) walk(collector, node, insideSub, 1);
  const reports = collector.collected;
  collector.collected = NO_REPORTS;
  if (!insideSub)
    entryCache.set(
      node,
      reports.length === 0
        ? syntax === 'yaml'
          ? NONE_YAML
          : NONE_JSON
        : { syntax, reports: reports.map((r) => moveReport(r, -base)) },
    );
  for (const report of reports) context.report(report);
}

function moveReport(report: Report, delta: number): Report {
  return {
    ...report,
    start: report.start + delta,
    end: report.end + delta,
    fixes: report.fixes?.map((fix) => ({
      ...fix,
      edits: fix.edits.map((edit) => ({ ...edit, start: edit.start + delta, end: edit.end + delta })),
    })),
  };
}

/** A literal availability zone under an `AvailabilityZone` key: reported (true), or nothing to see. */
function checkZone(context: RuleContext, key: string | null, value: Node): boolean {
  if (key !== 'AvailabilityZone' || value.kind !== 'scalar' || value.tag || !AZ.test(value.value))
    return false;
  context.report({ messageId: 'az', data: { zone: value.value }, start: value.start, end: value.end });
  return true;
}

function walk(context: RuleContext, node: Node, insideSub: boolean, depth: number): void {
  // Aliases are not followed: every string is visited once, where it is written.
  if (depth > 100 || node.kind === 'alias') return;
  if (node.kind === 'scalar') {
    checkString(context, node, insideSub);
    return;
  }
  if (node.kind === 'seq') {
    const sub = intrinsicOf(node)?.name === 'Fn::Sub';
    const items = node.items;
    for (let i = 0; i < items.length; i++) walk(context, items[i], sub && i === 0, depth + 1);
    return;
  }
  for (const pair of node.pairs) {
    const key = keyText(pair.key);
    if (!checkZone(context, key, pair.value)) walk(context, pair.value, key === 'Fn::Sub', depth + 1);
  }
}

function checkString(context: RuleContext, node: Node & { kind: 'scalar' }, insideSub: boolean): void {
  const subTag = node.tag?.name === '!Sub';
  if (node.tag && !subTag) return;
  if (!node.value.includes('arn:')) return;
  // (matchAll starts at the pattern's lastIndex: reset after the test.)
  ARN_REGION.lastIndex = 0;
  const any = ARN_REGION.test(node.value);
  ARN_REGION.lastIndex = 0;
  if (!any) return;
  const raw = context.model.doc.text.slice(node.start, node.end);
  // Map each region back into the source: find it in the written text, in order, after the previous one.
  let from = 0;
  for (const match of node.value.matchAll(ARN_REGION)) {
    const region = match[1];
    const prefix = raw.indexOf(match[0].slice(0, match[0].length - region.length - 1), from);
    const at = prefix === -1 ? -1 : raw.indexOf(`:${region}:`, prefix);
    if (at !== -1) from = at + region.length + 1;
    const start = at === -1 ? node.start : node.start + at + 1;
    const end = at === -1 ? node.end : start + region.length;
    context.report({
      messageId: 'arn',
      data: { region },
      start,
      end,
      fixes: regionFix(context, node, region, insideSub || subTag),
    });
  }
}

/** Replaces the region with ${AWS::Region}: inside a Sub string in place; otherwise by turning the string into a Sub. */
function regionFix(
  context: RuleContext,
  node: Node & { kind: 'scalar' },
  region: string,
  inSub: boolean,
): FixSpec[] {
  if (node.style === 'literal' || node.style === 'folded' || node.value.includes('\n')) return [];
  const replaced = node.value.split(`:${region}:`).join(':${AWS::Region}:');
  const title = 'Use ${AWS::Region} instead of ' + region;
  if (inSub) {
    const text =
      context.model.doc.syntax === 'json' ? JSON.stringify(replaced) : `'${replaced.replace(/'/g, "''")}'`;
    return [{ title, safe: false, edits: [{ start: node.start, end: node.end, newText: text }] }];
  }
  // A plain string becomes a Sub: existing `${` must be escaped as `${!`.
  const escaped = node.value.replace(/\$\{/g, '${!').split(`:${region}:`).join(':${AWS::Region}:');
  const newText =
    context.model.doc.syntax === 'json'
      ? `{ "Fn::Sub": ${JSON.stringify(escaped)} }`
      : `!Sub '${escaped.replace(/'/g, "''")}'`;
  return [{ title, safe: false, edits: [{ start: node.start, end: node.end, newText }] }];
}
