/**
 * ESLint-style tests for code rules: tables of valid and invalid handler sources. An invalid case
 * asserts each finding's message id, 1-based line and column, and the text after the rule's first
 * fix; the fixed text must re-lint without that finding and without new ones (all rules on).
 */
import { beforeAll, expect, it } from 'vitest';
import { resolveConfig } from '../../src/core/config/config';
import { initCodeParsers } from '../../src/core/code/parsers';
import { lintCode } from '../../src/core/code/lint';
import { applyFixes } from '../../src/core/fix/apply';
import type { Finding, Profile, Rule } from '../../src/core/rules/types';

export { dedent } from './rule-tester';

export interface CodeCase {
  name: string;
  code: string;
  /** The file name decides the language (default `handler.js`). */
  path?: string;
  /** The handler's export names (default: found by convention). */
  handlers?: string[];
  profile?: Profile;
  options?: Record<string, number>;
}

export interface InvalidCodeCase extends CodeCase {
  findings: { messageId: string; line: number; column: number; severity?: 'error' | 'warning' | 'info' }[];
  /** The text after applying the first fix of every finding (omit when the rule offers none). */
  output?: string;
}

function lintWith(rule: Rule, c: CodeCase, onlyRule: boolean, code = c.code) {
  const config = resolveConfig({}, c.profile);
  for (const [id, setting] of config.rules) {
    if (onlyRule && id !== rule.meta.id) setting.severity = 'off';
    if (id === rule.meta.id) {
      if (setting.severity === 'off') setting.severity = 'warning';
      Object.assign(setting.options, c.options);
    }
  }
  return lintCode(code, c.path ?? 'handler.js', config, { handlers: c.handlers, keepTree: false });
}

function signature(f: Finding): string {
  return `${f.ruleId}:${f.messageId}:${JSON.stringify(f.data)}`;
}

export function runCodeRuleTests(rule: Rule, cases: { valid: CodeCase[]; invalid: InvalidCodeCase[] }): void {
  beforeAll(() => initCodeParsers());
  for (const c of cases.valid) {
    it(`valid: ${c.name}`, () => {
      const result = lintWith(rule, c, true);
      expect(result.problems).toEqual([]);
      expect(result.findings.map((f) => `${f.range.start.line + 1}:${f.messageId}: ${f.message}`)).toEqual(
        [],
      );
    });
  }
  for (const c of cases.invalid) {
    it(`invalid: ${c.name}`, () => {
      const result = lintWith(rule, c, true);
      expect(result.problems).toEqual([]);
      const withSeverity = c.findings.some((e) => e.severity);
      expect(
        result.findings.map((f) => ({
          messageId: f.messageId,
          line: f.range.start.line + 1,
          column: f.range.start.character + 1,
          ...(withSeverity ? { severity: f.severity } : {}),
        })),
      ).toEqual(
        c.findings.map((e) => ({
          messageId: e.messageId,
          line: e.line,
          column: e.column,
          ...(withSeverity ? { severity: e.severity } : {}),
        })),
      );
      for (const f of result.findings) expect(f.message).not.toMatch(/\{\{/);
      const hasFix = result.findings.some((f) => f.fixes.length > 0);
      if (c.output === undefined) {
        expect(hasFix, 'the rule offers a fix: state the expected output').toBe(false);
        return;
      }
      const fixed = applyFixes(c.code, result.findings, () => true);
      expect(fixed.text).toBe(c.output);
      const before = lintWith(rule, c, false);
      const after = lintWith(rule, c, false, fixed.text);
      expect(after.model?.hasErrors, 'the fixed code parses').toBe(false);
      const fixedIds = new Set(result.findings.filter((f) => f.fixes.length).map(signature));
      const remaining = after.findings.filter((f) => f.ruleId === rule.meta.id).map(signature);
      expect(
        remaining.filter((s) => fixedIds.has(s)),
        'a fixed finding is still reported',
      ).toEqual([]);
      const beforeAll = new Set(before.findings.map(signature));
      expect(
        after.findings.map(signature).filter((s) => !beforeAll.has(s)),
        'the fix introduced new findings',
      ).toEqual([]);
    });
  }
}
