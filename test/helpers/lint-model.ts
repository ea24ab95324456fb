/**
 * Runs the template rules over any format's semantic model, as the engine's runRule does (a
 * RuleContext with the model, the profile's severities and options, and `report` turning reports into
 * findings with ranges and fixes), without suppressions. For adapters whose lint through the front door
 * is not wired yet, and for tests that check what the rules say of a model.
 */
import type { LineIndex } from '../../src/core/parse/ast';
import type { SemanticModel } from '../../src/core/model/types';
import { resolveConfig } from '../../src/core/config/config';
import { RULES } from '../../src/core/rules';
import type { Finding, Host, Profile, RuleContext } from '../../src/core/rules/types';
import { toFinding } from '../../src/core/findings';

export interface LintModelOptions {
  profile?: Profile;
  /** Only these rules (by id); every rule the profile enables otherwise. */
  only?: readonly string[];
  /** Options by rule id. */
  options?: Record<string, Record<string, number>>;
  host?: Host;
}

/** Every enabled rule's findings on the model, in rule order; a rule that throws fails the test. */
export function lintModel(model: SemanticModel, lines: LineIndex, opts: LintModelOptions = {}): Finding[] {
  const config = resolveConfig({}, opts.profile);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    if (!rule.check) continue;
    if (opts.only && !opts.only.includes(rule.meta.id)) continue;
    const resolved = config.rules.get(rule.meta.id);
    let severity = resolved?.severity ?? rule.meta.severity[config.profile];
    if (severity === 'off') {
      if (!opts.only) continue;
      severity = 'warning';
    }
    const context: RuleContext = {
      model,
      profile: config.profile,
      options: { ...(resolved?.options ?? {}), ...(opts.options?.[rule.meta.id] ?? {}) },
      host: opts.host,
      report: (report) => findings.push(toFinding(rule, severity, report, model.path, lines, 'template')),
    };
    rule.check(context);
  }
  return findings;
}
