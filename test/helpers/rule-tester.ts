/**
 * ESLint-style rule tests: tables of valid and invalid templates. An invalid case asserts each
 * finding's message id, 1-based line and column, the functions it names, and the text after the
 * rule's first fix. Every fix's output must parse and re-lint without that finding and without new ones.
 */
import { expect, it } from 'vitest';
import { resolveConfig } from '../../src/core/config/config';
import { lintText } from '../../src/core/engine';
import { applyFixes } from '../../src/core/fix/apply';
import type { Finding, Host, Profile, Rule } from '../../src/core/rules/types';

export interface ExpectedFinding {
  messageId: string;
  /** 1-based, as editors show. */
  line: number;
  column: number;
  functions?: string[];
  severity?: 'error' | 'warning' | 'info';
}

export interface ValidCase {
  name: string;
  code: string;
  /** File name decides the syntax: `.json` for JSON, anything else YAML. */
  path?: string;
  profile?: Profile;
  options?: Record<string, number>;
  host?: Host;
}

export interface InvalidCase extends ValidCase {
  findings: ExpectedFinding[];
  /** The text after applying the first fix of every finding (omit when the rule offers none). */
  output?: string;
}

/** Removes the common leading indentation of a template literal, so cases can be indented in tests. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

function lintWith(rule: Rule, c: ValidCase, onlyRule: boolean, code = c.code) {
  const base = resolveConfig({}, c.profile);
  for (const [id, setting] of base.rules) {
    if (onlyRule && id !== rule.meta.id) setting.severity = 'off';
    if (id === rule.meta.id) {
      if (setting.severity === 'off') setting.severity = 'warning';
      Object.assign(setting.options, c.options);
    }
  }
  return lintText(code, c.path ?? 'template.yaml', base, c.host);
}

/** Identifies a finding across a fix (positions shift, so they are left out). */
function signature(f: Finding): string {
  return `${f.ruleId}:${f.messageId}:${f.functions.join(',')}:${JSON.stringify(f.data)}`;
}

export function runRuleTests(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  for (const c of cases.valid) {
    it(`valid: ${c.name}`, () => {
      const result = lintWith(rule, c, true);
      expect(result.doc.problems).toEqual([]);
      expect(result.findings.map((f) => `${f.messageId}: ${f.message}`)).toEqual([]);
    });
  }
  for (const c of cases.invalid) {
    it(`invalid: ${c.name}`, () => {
      const result = lintWith(rule, c, true);
      expect(result.doc.problems).toEqual([]);
      const actual = result.findings.map((f) => ({
        messageId: f.messageId,
        line: f.range.start.line + 1,
        column: f.range.start.character + 1,
        ...(c.findings.some((e) => e.functions) ? { functions: f.functions } : {}),
        ...(c.findings.some((e) => e.severity) ? { severity: f.severity } : {}),
      }));
      expect(actual).toEqual(
        c.findings.map((e) => ({
          messageId: e.messageId,
          line: e.line,
          column: e.column,
          ...(c.findings.some((x) => x.functions) ? { functions: e.functions ?? [] } : {}),
          ...(c.findings.some((x) => x.severity) ? { severity: e.severity } : {}),
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
      // The fixed text parses and re-lints without this finding and without new ones (all rules on).
      const before = lintWith(rule, c, false);
      const after = lintWith(rule, c, false, fixed.text);
      expect(after.doc.problems).toEqual([]);
      const fixedIds = new Set(result.findings.filter((f) => f.fixes.length).map(signature));
      const remaining = after.findings.filter((f) => f.ruleId === rule.meta.id).map(signature);
      expect(
        remaining.filter((s) => fixedIds.has(s)),
        'a fixed finding is still reported',
      ).toEqual([]);
      const beforeAll = new Set(before.findings.map(signature));
      const added = after.findings.map(signature).filter((s) => !beforeAll.has(s));
      expect(added, 'the fix introduced new findings').toEqual([]);
    });
  }
}
