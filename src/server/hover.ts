/**
 * Hover on a flagged property: the tenet, why it matters, the serverless alternative, when the
 * deviation is justified; for provisioned concurrency the finding's message carries the idle cost.
 */
import { docsUrl, type Finding, type Range, RULES_BY_ID, type Tenet } from '../core';
import { type Hover, MarkupKind, type Position } from 'vscode-languageserver/node';
import type { OpenAnalysis } from './analysis';
import { analysisFindings } from './code-actions';

/** The manifesto's tenets, in DESIGN.md's words. */
export const TENET_TITLES: Record<Tenet, string> = {
  unit: 'functions are the unit of deployment',
  nomachines: 'no machines, VMs or containers',
  storage: 'permanent storage lives elsewhere',
  scaling: 'scales per request',
  provisioning: 'no over- or under-provisioning',
  idle: 'never pay for idle',
  resilience: 'implicitly fault-tolerant',
  limits: 'intentional time and space constraints',
  network: 'zero-trust networking',
  meta: 'Ownless itself',
};

function contains(range: Range, p: Position): boolean {
  const afterStart =
    p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd =
    p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}

export function findingHoverMarkdown(finding: Finding): string {
  const rule = RULES_BY_ID.get(finding.ruleId);
  const lines = [
    `**Ownless · ${finding.ruleId}** — tenet: *${TENET_TITLES[finding.tenet]}*`,
    '',
    finding.message,
  ];
  if (rule) {
    lines.push('', `**Why it matters:** ${rule.meta.why}`);
    lines.push('', `**Serverless alternative:** ${rule.meta.alternative}`);
    lines.push('', `**When it is justified:** ${rule.meta.justified}`);
  }
  if (finding.functions.length) lines.push('', `Affects: ${finding.functions.join(', ')}`);
  lines.push('', `[Rule documentation](${docsUrl(finding.ruleId)})`);
  return lines.join('\n');
}

export function hover(analysis: OpenAnalysis, position: Position): Hover | null {
  const findings = analysisFindings(analysis).filter((f) => contains(f.range, position));
  if (findings.length === 0) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: findings.map(findingHoverMarkdown).join('\n\n---\n\n') },
    range: findings[0].range,
  };
}
