import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/core/config/config';
import { lintDocument } from '../src/core/engine';
import { parseTemplate } from '../src/core/formats/cloudformation/template';
import { RULES } from '../src/core/rules';
import type { Rule } from '../src/core/rules/types';

describe('engine', () => {
  it('reports a rule that throws as a problem and still runs the other rules', () => {
    const broken: Rule = {
      meta: { ...RULES[0].meta, id: 'network/no-vpc' },
      check() {
        throw new Error('boom');
      },
    };
    const text =
      'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: { Timeout: 900, MemorySize: 128 }\n';
    const result = lintDocument(parseTemplate(text, 't.yaml'), resolveConfig(), undefined, [
      broken,
      ...RULES.slice(1),
    ]);
    expect(result.doc.problems.map((p) => p.message)).toEqual([
      'internal error in rule network/no-vpc: boom (please report it)',
    ]);
    expect(result.findings.map((f) => f.ruleId)).toContain('limits/timeout-budget');
  });
});

describe('fix safety', () => {
  const text =
    'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: { Timeout: 900, MemorySize: 128 }\n';
  /** A rule that reports every function with one fix of the given safety. */
  const offering = (fixable: Rule['meta']['fixable'], safety: 'safe' | 'unsafe'): Rule => ({
    meta: { ...RULES[0].meta, fixable },
    check(context) {
      for (const fn of context.model.functions)
        context.report({
          messageId: 'vpc',
          data: { setting: 'x', functions: fn.id },
          ...fn.site.span,
          fixes: [{ title: 'Do it', safety, edits: () => [{ start: 0, end: 0, newText: '# x\n' }] }],
        });
    },
  });
  const lint = (rule: Rule) =>
    lintDocument(parseTemplate(text, 't.yaml'), resolveConfig(), undefined, [rule]);

  it('refuses a safe fix from a rule that declares its fixes unsafe, as a problem naming the rule', () => {
    const result = lint(offering('unsafe', 'safe'));
    expect(result.doc.problems.map((p) => p.message)).toEqual([
      "internal error in rule network/no-vpc: network/no-vpc offered a safe fix ('Do it') in a template but declares fixable 'unsafe' there (please report it)",
    ]);
  });

  it('refuses any fix from a rule that declares none, and reads the declaration per kind of file', () => {
    expect(lint(offering('none', 'unsafe')).doc.problems).toHaveLength(1);
    expect(lint(offering({ template: 'none', code: 'safe' }, 'unsafe')).doc.problems).toHaveLength(1);
    const allowed = lint(offering({ template: 'unsafe', code: 'none' }, 'unsafe'));
    expect(allowed.doc.problems).toEqual([]);
    expect(allowed.findings[0].fixes.map((f) => [f.title, f.safe])).toEqual([['Do it', false]]);
  });

  it('lets a safe rule offer unsafe alternatives, and leaves out a fix the format cannot make here', () => {
    const rule = offering('safe', 'unsafe');
    const result = lint(rule);
    expect(result.doc.problems).toEqual([]);
    expect(result.findings[0].fixes).toHaveLength(1);
    const cannot: Rule = {
      ...rule,
      check(context) {
        const fn = context.model.functions[0];
        context.report({
          messageId: 'vpc',
          data: { setting: 'x', functions: fn.id },
          ...fn.site.span,
          fixes: [{ title: 'Remove', safety: 'unsafe', edits: () => fn.site.remove() }],
        });
      },
    };
    expect(lint(cannot).findings[0].fixes).toEqual([]);
  });
});

describe('absence rules after a parse error', () => {
  it('stay quiet about a function whose text could not all be read (a tab hides Timeout)', () => {
    const text =
      'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n\t  MemorySize: 128\n      Timeout: 900\n';
    const result = lintDocument(parseTemplate(text, 't.yaml'), resolveConfig());
    expect(result.doc.problems.map((p) => p.message)).toEqual([
      'a tab character in indentation: YAML indents with spaces only',
    ]);
    expect(result.doc.lines.position(result.doc.problems[0].start)).toEqual({ line: 5, character: 0 });
    expect(result.findings.map((f) => f.ruleId)).not.toContain('limits/explicit-limits');
  });
});
