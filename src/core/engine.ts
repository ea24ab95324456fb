/**
 * The lint engine: parse, build the model, run every enabled rule, turn reports into findings
 * (messages, LSP ranges, fixes), then apply suppressions. Pure: the host supplies file lookups.
 */
import { buildModel } from './model/build';
import type { TemplateModel } from './model/types';
import type { LineIndex } from './parse/ast';
import { type TemplateDocument, parseTemplate } from './parse/template';
import type { ResolvedConfig } from './config/config';
import { RULES, RULES_BY_ID } from './rules';
import type { Finding, FixSpec, Host, Report, Rule, RuleContext, Severity } from './rules/types';
import { applySuppressions, readSuppressions } from './suppressions';
import { describeFunctionIds } from './rules/helpers';

export interface LintResult {
  doc: TemplateDocument;
  model: TemplateModel;
  findings: Finding[];
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
const KNOWN_RULES: ReadonlySet<string> = new Set(RULES_BY_ID.keys());

/** Templates split once into text and placeholder names (odd indexes), since thousands of findings reuse them. */
const compiled = new Map<string, string[]>();

/** Replaces `{{name}}` placeholders with the finding's data. */
export function formatMessage(template: string, data: Record<string, string | number>): string {
  let parts = compiled.get(template);
  if (!parts) compiled.set(template, (parts = template.split(/\{\{(\w+)\}\}/)));
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    out += (name in data ? String(data[name]) : `{{${name}}}`) + parts[i + 1];
  }
  return out;
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
  return {
    ruleId: rule.meta.id,
    tenet: rule.meta.tenet,
    severity: escalated,
    messageId: report.messageId,
    data,
    message: formatMessage(template, data),
    path,
    range: lines.range(report.start, report.end),
    functions: report.functions ?? [],
    fixes: (report.fixes ?? []).map((fix: FixSpec) => ({
      title: fix.title,
      safe: fix.safe,
      edits: fix.edits.map((edit) => ({
        range: lines.range(edit.start, edit.end),
        newText: edit.newText,
      })),
    })),
    related: (report.related ?? []).map((r) => ({
      range: lines.range(r.start, r.end),
      message: r.message,
    })),
  };
}

/**
 * A finding some of whose functions carry a suppression: it keeps the others, names only them,
 * and loses its fixes, which would change the shared setting for the suppressed functions too.
 */
function narrowFinding(finding: Finding, functions: string[]): Finding {
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

/** Lints a parsed template. */
export function lintDocument(
  doc: TemplateDocument,
  config: ResolvedConfig,
  host?: Host,
  rules: readonly Rule[] = RULES,
): LintResult {
  const model = buildModel(doc);
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (!rule.check) continue;
    const setting = config.rules.get(rule.meta.id);
    const severity = setting?.severity ?? rule.meta.severity[config.profile];
    if (severity === 'off') continue;
    const context: RuleContext = {
      model,
      profile: config.profile,
      options: setting?.options ?? {},
      host,
      report: (report) => findings.push(toFinding(rule, severity, report, doc.path, doc.lines)),
    };
    try {
      rule.check(context);
    } catch (e) {
      // A bug in one rule must not take the others (or the editor) down: it is reported instead.
      doc.problems.push({
        message: `internal error in rule ${rule.meta.id}: ${(e as Error).message} (please report it)`,
        start: 0,
        end: 0,
      });
    }
  }
  const suppressions = readSuppressions(model, KNOWN_RULES);
  const meta = RULES_BY_ID.get('meta/invalid-suppression')!;
  const metaSeverity = config.rules.get(meta.meta.id)?.severity ?? meta.meta.severity[config.profile];
  if (metaSeverity !== 'off')
    for (const problem of suppressions.problems)
      findings.push(toFinding(meta, metaSeverity, problem, doc.path, doc.lines));
  const kept = applySuppressions(findings, model, suppressions, narrowFinding);
  kept.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
  return { doc, model, findings: kept };
}

/** Parses and lints a template's text. */
export function lintText(text: string, path: string, config: ResolvedConfig, host?: Host): LintResult {
  return lintDocument(parseTemplate(text, path, config.limits), config, host);
}
