/**
 * YAML merge keys (issue 16, item 4): `<<: *anchor` and `<<: [*a, *b]` count as PyYAML resolves them,
 * in the parser (src/core/parse/yaml/merge-keys.ts), so the model and the rules see merged settings
 * and a finding on a merged value points at the anchor's text.
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/core/config/config';
import { lintText } from '../../src/core/engine';
import { applyFixes } from '../../src/core/fix/apply';
import { LineIndex, get } from '../../src/core/parse/ast';
import { toJS } from '../../src/core/parse/to-js';
import { parseYaml } from '../../src/core/parse/yaml/parser';
import { dedent } from '../helpers/rule-tester';

const config = resolveConfig({});

describe('YAML merge keys', () => {
  it('resolves as PyYAML: own keys win, and earlier mappings of a list win over later ones', () => {
    const text = dedent(`
      a: &a { x: 1, y: 1 }
      b: &b { x: 2, y: 2, z: 2 }
      own:
        <<: *a
        x: 0
      list:
        <<: [*a, *b]
      quoted:
        "<<": *a
    `);
    const { root, problems, aliased } = parseYaml(text);
    expect(problems).toEqual([]);
    expect(aliased).toBe(true);
    expect(toJS(root)).toMatchObject({
      own: { x: 0, y: 1 },
      list: { x: 1, y: 1, z: 2 },
      quoted: { '<<': { x: 1, y: 1 } },
    });
    // The merged value is the anchored node itself, where it is written.
    const y = get(get(root, 'own'), 'y')!;
    expect(new LineIndex(text).position(y.start)).toEqual({ line: 0, character: 17 });
  });

  it('reports a merge of something that is not a mapping, and never reports merged keys as duplicates', () => {
    expect(parseYaml('a:\n  <<: 3\n').problems.map((p) => p.message)).toEqual([
      'a merge key (<<) takes a mapping or a list of mappings',
    ]);
    expect(parseYaml('a: &a {x: 1}\nb: {<<: *a, x: 2, <<: *a}\n').problems).toEqual([]);
  });

  it('marks a document with only an inline merge as aliased (never re-parsed incrementally)', () => {
    expect(parseYaml('a:\n  <<: {x: 1}\n').aliased).toBe(true);
  });

  const template = dedent(`
    Transform: AWS::Serverless-2016-10-31
    Resources:
      Base:
        Type: AWS::Serverless::Function
        Properties: &common
          Runtime: nodejs22.x
          Handler: index.handler
          Timeout: 10
          VpcConfig:
            SubnetIds: [subnet-1]
            SecurityGroupIds: [sg-1]
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          <<: *common
          Handler: other.handler
  `);

  it('network/no-vpc flags a function that inherits VpcConfig through a merge key, at the anchor', () => {
    const findings = lintText(template, 'template.yaml', config).findings.filter(
      (f) => f.ruleId === 'network/no-vpc',
    );
    expect(findings.map((f) => f.functions).sort()).toEqual([['Base'], ['Fn']]);
    // Both point at the VpcConfig written under the anchor (line 9).
    expect(findings.map((f) => f.range.start.line)).toEqual([8, 8]);
  });

  it('limits/explicit-limits does not offer Timeout: 3 over a merged Timeout: 10', () => {
    const findings = lintText(template, 'template.yaml', config).findings.filter(
      (f) => f.ruleId === 'limits/explicit-limits' && f.functions.includes('Fn'),
    );
    for (const f of findings) {
      expect(f.data).not.toMatchObject({ setting: 'Timeout' });
      for (const fix of f.fixes) for (const edit of fix.edits) expect(edit.newText).not.toMatch(/Timeout/);
    }
  });

  it('inserts a fix into the merging mapping, never into the anchored one', () => {
    const text = dedent(`
      Resources:
        Base:
          Type: AWS::Lambda::Function
          Properties: &common
            Handler: index.handler
            Timeout: 10
        Fn:
          Type: AWS::Lambda::Function
          Properties:
            <<: *common
    `);
    const findings = lintText(text, 'template.yaml', config).findings.filter(
      (f) => f.ruleId === 'limits/explicit-limits' && f.functions.includes('Fn'),
    );
    const fixed = applyFixes(text, findings).text;
    expect(fixed).toContain('      <<: *common\n      MemorySize: ');
    expect(fixed.split('MemorySize').length).toBe(2);
  });
});
