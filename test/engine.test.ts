import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/core/config/config';
import { lintDocument } from '../src/core/engine';
import { parseTemplate } from '../src/core/parse/template';
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
