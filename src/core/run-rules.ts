/**
 * Running the rules over a semantic model, whatever format fed it: each enabled rule's reports
 * turned into findings (messages, LSP ranges, fixes) of the analysed file.
 */
import type { ResolvedConfig } from './config/config';
import type { SemanticModel } from './model/types';
import type { LineIndex, SyntaxProblem } from './parse/ast';
import type { Finding, Host, Rule, RuleContext, Severity, SeveritySetting } from './rules/types';
import { RuleFindings, toFinding } from './findings';

/** The analysed file as findings need it: where they are, and where a rule's crash is reported. */
export interface LintedFile {
  path: string;
  lines: LineIndex;
  problems: SyntaxProblem[];
}

export function severityOf(rule: Rule, config: ResolvedConfig): SeveritySetting {
  return config.rules.get(rule.meta.id)?.severity ?? rule.meta.severity[config.profile];
}

/** Runs one rule, collecting its findings; a rule that throws is reported as a problem of the file. */
export function runRule(
  rule: Rule,
  severity: Severity,
  model: SemanticModel,
  file: LintedFile,
  config: ResolvedConfig,
  host: Host | undefined,
): Finding[] {
  const findings: Finding[] = [];
  const context: RuleContext = {
    model,
    profile: config.profile,
    options: config.rules.get(rule.meta.id)?.options ?? {},
    host,
    report: (report) => findings.push(toFinding(rule, severity, report, file.path, file.lines, 'template')),
  };
  try {
    rule.check!(context);
  } catch (e) {
    // A bug in one rule must not take the others (or the editor) down: it is reported instead.
    file.problems.push({
      message: `internal error in rule ${rule.meta.id}: ${(e as Error).message} (please report it)`,
      start: 0,
      end: 0,
    });
  }
  return findings;
}

/** Every enabled rule over the whole model. */
export function runAllRules(
  model: SemanticModel,
  file: LintedFile,
  config: ResolvedConfig,
  host: Host | undefined,
  rules: readonly Rule[],
): Map<Rule, RuleFindings> {
  const raw = new Map<Rule, RuleFindings>();
  for (const rule of rules) {
    if (!rule.check) continue;
    const severity = severityOf(rule, config);
    if (severity === 'off') continue;
    raw.set(rule, RuleFindings.of(runRule(rule, severity, model, file, config, host)));
  }
  return raw;
}
