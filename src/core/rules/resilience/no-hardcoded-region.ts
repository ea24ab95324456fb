/**
 * resilience/no-hardcoded-region: literal regions and availability zones pin a template (and regions
 * in client constructors and ARNs pin handler code, see code/region-literals.ts) to one place.
 */
import type { WrittenPart, WrittenString } from '../../model/types';
import { checkRegionLiterals } from '../../code/region-literals';
import type { Report, Rule } from '../types';

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
    // Code fixes read AWS_REGION at run time; a template's ARN turned into a substitution is worth a look.
    fixable: { template: 'unsafe', code: 'safe' },
    messages: {
      arn: 'The ARN names region {{region}} literally: the {{document}} cannot move to another region.',
      az: 'Availability zone {{zone}} is written literally: zone names differ between accounts and the {{document}} cannot move region.',
      clientRegion:
        '{{client}} is pinned to region {{region}}: the code cannot move to another region with its stack. Use the region the function runs in (AWS_REGION), which the SDK reads by default.',
      codeArn:
        'The ARN names region {{region}} literally: the code cannot move to another region. Pass the ARN in an environment variable from the template, or build it from AWS_REGION.',
    },
  },
  checkCode: checkRegionLiterals,
  check(context) {
    const document = context.model.format.document ?? 'template';
    for (const part of context.model.writtenParts()) {
      // The function whose own definition holds the literal (none for another resource or a section).
      const functions = part.functionId === undefined ? undefined : [part.functionId];
      const cached = partCache.get(part.anchor);
      if (cached) {
        for (const report of cached) context.report({ ...moveReport(report, part.start), functions });
        continue;
      }
      const reports: Report[] = [];
      if (mayHoldRegion(part)) part.strings((s) => checkString(s, reports, document));
      // Kept relative to the part's start, fixes built: an edit elsewhere moves the part, not what it says.
      partCache.set(
        part.anchor,
        reports.length === 0 ? NO_REPORTS : reports.map((r) => moveReport(r, -part.start)),
      );
      for (const report of reports) context.report(functions ? { ...report, functions } : report);
    }
  },
};

/**
 * False when no string of the part can name a region: its text holds no ARN with a region and no
 * `AvailabilityZone` key, and its strings are written verbatim (neither pattern can hold a quote or
 * a space, so a match in a value is a match in the text). Most parts take this one search of their
 * text instead of a walk over every string in them.
 */
function mayHoldRegion(part: WrittenPart): boolean {
  const written = part.written();
  if (!part.verbatim(written) || written.includes('AvailabilityZone')) return true;
  ARN_REGION.lastIndex = 0;
  const found = ARN_REGION.test(written);
  ARN_REGION.lastIndex = 0;
  return found;
}

/**
 * What a part reported, by its anchor: re-linting after an edit walks only the parts it changed.
 * Fixes are built once, when found (offsets relative to the part, like the report).
 */
const partCache = new WeakMap<object, Report[]>();

/** What most parts report, shared by their cache entries. */
const NO_REPORTS: Report[] = [];

function moveReport(report: Report, delta: number): Report {
  return {
    ...report,
    start: report.start + delta,
    end: report.end + delta,
    fixes: report.fixes?.map((fix) => {
      const edits = fix
        .edits()
        ?.map((edit) => ({ ...edit, start: edit.start + delta, end: edit.end + delta }));
      return { ...fix, edits: () => edits };
    }),
  };
}

/** Reports the literal regions and zones of a string; `document` is what messages call the file. */
function checkString(s: WrittenString, reports: Report[], document: string): void {
  const value = s.value;
  if (s.key === 'AvailabilityZone' && AZ.test(value)) {
    reports.push({ messageId: 'az', data: { zone: value, document }, ...s.span });
    return;
  }
  if (!value.includes('arn:')) return;
  // (matchAll starts at the pattern's lastIndex: reset after the test.)
  ARN_REGION.lastIndex = 0;
  const any = ARN_REGION.test(value);
  ARN_REGION.lastIndex = 0;
  if (!any) return;
  const raw = s.raw;
  const { start: nodeStart, end: nodeEnd } = s.span;
  // Map each region back into the source: find it in the written text, in order, after the previous one.
  let from = 0;
  for (const match of value.matchAll(ARN_REGION)) {
    const region = match[1];
    const prefix = raw.indexOf(match[0].slice(0, match[0].length - region.length - 1), from);
    const at = prefix === -1 ? -1 : raw.indexOf(`:${region}:`, prefix);
    if (at !== -1) from = at + region.length + 1;
    const start = at === -1 ? nodeStart : nodeStart + at + 1;
    const end = at === -1 ? nodeEnd : start + region.length;
    reports.push({
      messageId: 'arn',
      data: { region, document },
      start,
      end,
      fixes: [
        {
          title: `Use the deployment region instead of ${region}`,
          safety: 'unsafe',
          edits: () => s.useDeployRegion(region),
        },
      ],
    });
  }
}
