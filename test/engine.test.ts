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
