/**
 * Suppressions through the engine: inline and line-above `ownless-ignore` comments (`#` in YAML, `//`
 * in JSON with comments), several ids at once, and resource `Metadata.ownless.ignore`.
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/core/config/config';
import { lintText } from '../src/core/engine';
import { dedent } from './helpers/rule-tester';

/** Lints with only the given rules (and meta/invalid-suppression) on; findings as plain, comparable rows. */
function lint(code: string, rules: string[], path = 'template.yaml') {
  const config = resolveConfig({});
  for (const [id, setting] of config.rules) {
    if (id === 'meta/invalid-suppression') continue;
    setting.severity = rules.includes(id) ? 'warning' : 'off';
  }
  const result = lintText(code, path, config);
  expect(result.doc.problems).toEqual([]);
  return result.findings.map((f) => ({
    rule: f.ruleId,
    messageId: f.messageId,
    line: f.range.start.line + 1,
    functions: f.functions,
  }));
}

const vpc = { rule: 'network/no-vpc', messageId: 'vpc' };

describe('line suppressions', () => {
  const unsuppressed = dedent(`
    Resources:
      Fn:
        Type: AWS::Lambda::Function
        Properties:
          Timeout: 10
          VpcConfig: { SubnetIds: [subnet-1] }
  `);

  it('reports the finding when nothing suppresses it', () => {
    expect(lint(unsuppressed, ['network/no-vpc'])).toEqual([{ ...vpc, line: 6, functions: ['Fn'] }]);
  });

  it('an inline comment on the flagged line suppresses it', () => {
    const code = unsuppressed.replace(
      '[subnet-1] }',
      '[subnet-1] } # ownless-ignore network/no-vpc: reaches the shared RDS instance',
    );
    expect(lint(code, ['network/no-vpc'])).toEqual([]);
  });

  it('a comment alone on the line above suppresses it, across blank and other comment lines', () => {
    const code = dedent(`
      Resources:
        Fn:
          Type: AWS::Lambda::Function
          Properties:
            Timeout: 10
            # ownless-ignore network/no-vpc: reaches the shared RDS instance

            # the private subnets
            VpcConfig: { SubnetIds: [subnet-1] }
    `);
    expect(lint(code, ['network/no-vpc'])).toEqual([]);
  });

  it('a comment above covers only the next line with content', () => {
    const code = dedent(`
      Resources:
        Fn:
          Type: AWS::Lambda::Function
          Properties:
            # ownless-ignore network/no-vpc: reaches the shared RDS instance
            Timeout: 10
            VpcConfig: { SubnetIds: [subnet-1] }
    `);
    expect(lint(code, ['network/no-vpc'])).toEqual([{ ...vpc, line: 7, functions: ['Fn'] }]);
  });

  it('an inline comment after a value does not cover the next line', () => {
    const code = dedent(`
      Resources:
        Fn:
          Type: AWS::Lambda::Function
          Properties:
            Timeout: 10 # ownless-ignore network/no-vpc: wrong line
            VpcConfig: { SubnetIds: [subnet-1] }
    `);
    expect(lint(code, ['network/no-vpc'])).toEqual([{ ...vpc, line: 6, functions: ['Fn'] }]);
  });

  it('a comment for another rule suppresses nothing', () => {
    const code = unsuppressed.replace(
      '[subnet-1] }',
      '[subnet-1] } # ownless-ignore storage/no-efs: not this one',
    );
    expect(lint(code, ['network/no-vpc'])).toEqual([{ ...vpc, line: 6, functions: ['Fn'] }]);
  });

  it('several ids separated by commas (with or without spaces) suppress each finding on the line', () => {
    const code = dedent(`
      Resources:
        A:
          Type: AWS::Lambda::Function
          # ownless-ignore limits/timeout-budget, limits/memory-budget: a measured nightly batch
          Properties: { Timeout: 900, MemorySize: 10240 }
        B:
          Type: AWS::Lambda::Function
          Properties: { Timeout: 900, MemorySize: 10240 } # ownless-ignore limits/memory-budget,limits/timeout-budget: same batch
        C:
          Type: AWS::Lambda::Function
          Properties: { Timeout: 900, MemorySize: 10240 } # ownless-ignore limits/memory-budget: only memory is justified
    `);
    expect(lint(code, ['limits/timeout-budget', 'limits/memory-budget'])).toEqual([
      { rule: 'limits/timeout-budget', messageId: 'over', line: 11, functions: ['C'] },
    ]);
  });

  it('suppresses a finding at a resource key from the line above it', () => {
    const code = dedent(`
      Resources:
        # ownless-ignore limits/explicit-limits: a stub that only returns 200
        Stub:
          Type: AWS::Lambda::Function
          Properties: { Handler: index.handler }
        Other:
          Type: AWS::Lambda::Function
          Properties: { Handler: index.handler }
    `);
    expect(lint(code, ['limits/explicit-limits'])).toEqual([
      { rule: 'limits/explicit-limits', messageId: 'missing', line: 6, functions: ['Other'] },
    ]);
  });

  it('a // comment works in JSON with comments, inline and above', () => {
    const code = dedent(`
      {
        "Resources": {
          "A": {
            "Type": "AWS::Lambda::Function",
            "Properties": {
              "VpcConfig": { "SubnetIds": ["subnet-1"] }, // ownless-ignore network/no-vpc: shared RDS
              "Timeout": 10
            }
          },
          "B": {
            "Type": "AWS::Lambda::Function",
            "Properties": {
              // ownless-ignore network/no-vpc: shared RDS
              "VpcConfig": { "SubnetIds": ["subnet-1"] }
            }
          },
          "C": { "Type": "AWS::Lambda::Function", "Properties": { "VpcConfig": { "SubnetIds": ["subnet-1"] } } }
        }
      }
    `);
    expect(lint(code, ['network/no-vpc'], 'template.json')).toEqual([{ ...vpc, line: 17, functions: ['C'] }]);
  });

  it('a suppression without a reason still suppresses, and is itself reported', () => {
    const code = unsuppressed.replace('[subnet-1] }', '[subnet-1] } # ownless-ignore network/no-vpc');
    expect(lint(code, ['network/no-vpc'])).toEqual([
      { rule: 'meta/invalid-suppression', messageId: 'missingReason', line: 6, functions: [] },
    ]);
  });

  it('an unknown rule id is reported, and the known ids beside it still apply', () => {
    const code = unsuppressed.replace(
      '[subnet-1] }',
      '[subnet-1] } # ownless-ignore network/novpc, network/no-vpc: shared RDS',
    );
    expect(lint(code, ['network/no-vpc'])).toEqual([
      { rule: 'meta/invalid-suppression', messageId: 'unknownRule', line: 6, functions: [] },
    ]);
  });

  it('an unknown rule id alone suppresses nothing', () => {
    const code = unsuppressed.replace('[subnet-1] }', '[subnet-1] } # ownless-ignore network/novpc: typo');
    expect(lint(code, ['network/no-vpc'])).toEqual([
      { ...vpc, line: 6, functions: ['Fn'] },
      { rule: 'meta/invalid-suppression', messageId: 'unknownRule', line: 6, functions: [] },
    ]);
  });

  it('suppression problems follow the severity of meta/invalid-suppression (off hides them)', () => {
    const code = unsuppressed.replace('[subnet-1] }', '[subnet-1] } # ownless-ignore network/no-vpc');
    const config = resolveConfig({ rules: { 'meta/invalid-suppression': { severity: 'off' } } });
    const { findings } = lintText(code, 'template.yaml', config);
    expect(findings.map((f) => f.ruleId)).not.toContain('meta/invalid-suppression');
    expect(findings.map((f) => f.ruleId)).not.toContain('network/no-vpc');
  });
});

describe('resource Metadata suppressions', () => {
  it('ignores a rule for the resource that declares it, not for others', () => {
    const code = dedent(`
      Resources:
        A:
          Type: AWS::Lambda::Function
          Metadata:
            ownless:
              ignore:
                - rule: network/no-vpc
                  reason: reaches the shared RDS instance
          Properties:
            VpcConfig: { SubnetIds: [subnet-1] }
        B:
          Type: AWS::Lambda::Function
          Properties:
            VpcConfig: { SubnetIds: [subnet-1] }
    `);
    expect(lint(code, ['network/no-vpc'])).toEqual([{ ...vpc, line: 14, functions: ['B'] }]);
  });

  it('a Globals finding stays with the functions that did not ignore it', () => {
    const code = dedent(`
      Transform: AWS::Serverless-2016-10-31
      Globals:
        Function:
          VpcConfig:
            SubnetIds: [subnet-1]
      Resources:
        A:
          Type: AWS::Serverless::Function
          Metadata: { ownless: { ignore: [{ rule: network/no-vpc, reason: reaches the shared RDS instance }] } }
        B:
          Type: AWS::Serverless::Function
        C:
          Type: AWS::Serverless::Function
          Metadata: { ownless: { ignore: [{ rule: network/no-vpc, reason: same RDS }] } }
    `);
    expect(lint(code, ['network/no-vpc'])).toEqual([{ ...vpc, line: 4, functions: ['B'] }]);
  });

  it('a Globals finding goes when every function it affects ignores it', () => {
    const code = dedent(`
      Transform: AWS::Serverless-2016-10-31
      Globals:
        Function:
          Timeout: 300
      Resources:
        A:
          Type: AWS::Serverless::Function
          Metadata: { ownless: { ignore: [{ rule: limits/timeout-budget, reason: nightly batch }] } }
        B:
          Type: AWS::Serverless::Function
          Metadata: { ownless: { ignore: [{ rule: limits/timeout-budget, reason: nightly batch }] } }
    `);
    expect(lint(code, ['limits/timeout-budget'])).toEqual([]);
  });

  it('a finding that names no function is ignored by the resource it sits in (JSON)', () => {
    const code = dedent(`
      {
        "Resources": {
          "Legacy": {
            "Type": "AWS::EC2::Subnet",
            "Metadata": { "ownless": { "ignore": [{ "rule": "resilience/no-hardcoded-region", "reason": "the legacy single-AZ subnet" }] } },
            "Properties": { "AvailabilityZone": "us-east-1a" }
          },
          "New": { "Type": "AWS::EC2::Subnet", "Properties": { "AvailabilityZone": "us-east-1b" } }
        }
      }
    `);
    expect(lint(code, ['resilience/no-hardcoded-region'], 'template.json')).toEqual([
      { rule: 'resilience/no-hardcoded-region', messageId: 'az', line: 8, functions: [] },
    ]);
  });

  it('a Metadata ignore without a reason still suppresses, and is reported', () => {
    const code = dedent(`
      Resources:
        Fn:
          Type: AWS::Lambda::Function
          Metadata:
            ownless:
              ignore: [{ rule: network/no-vpc }]
          Properties:
            VpcConfig: { SubnetIds: [subnet-1] }
    `);
    expect(lint(code, ['network/no-vpc'])).toEqual([
      { rule: 'meta/invalid-suppression', messageId: 'missingReason', line: 6, functions: [] },
    ]);
  });

  it('a Metadata ignore naming an unknown rule is reported and suppresses nothing', () => {
    const code = dedent(`
      Resources:
        Fn:
          Type: AWS::Lambda::Function
          Metadata:
            ownless:
              ignore: [{ rule: network/vpc, reason: typo }]
          Properties:
            VpcConfig: { SubnetIds: [subnet-1] }
    `);
    expect(lint(code, ['network/no-vpc'])).toEqual([
      { rule: 'meta/invalid-suppression', messageId: 'unknownRule', line: 6, functions: [] },
      { ...vpc, line: 8, functions: ['Fn'] },
    ]);
  });
});

describe('narrowed and malformed suppressions', () => {
  it('a Globals finding partly ignored names only the remaining functions and drops its fix', () => {
    const code = dedent(`
      Transform: AWS::Serverless-2016-10-31
      Globals:
        Function:
          VpcConfig: { SubnetIds: [subnet-1] }
      Resources:
        A:
          Type: AWS::Serverless::Function
          Metadata: { ownless: { ignore: [{ rule: network/no-vpc, reason: reaches the private RDS }] } }
          Properties: { Handler: a.handler }
        B:
          Type: AWS::Serverless::Function
          Metadata: { ownless: { ignore: [{ rule: network/no-vpc, reason: reaches the private RDS }] } }
          Properties: { Handler: b.handler }
        C:
          Type: AWS::Serverless::Function
          Properties: { Handler: c.handler }
    `);
    const config = resolveConfig({});
    for (const [id, setting] of config.rules) if (id !== 'network/no-vpc') setting.severity = 'off';
    const [finding, ...rest] = lintText(code, 'template.yaml', config).findings;
    expect(rest).toEqual([]);
    expect(finding.functions).toEqual(['C']);
    expect(finding.message).toContain('function C to a VPC');
    expect(finding.message).not.toContain('A, B');
    expect(finding.fixes).toEqual([]);
    expect(finding.related.map((r) => r.message)).toEqual(['C takes this setting from Globals']);
  });

  it('reports a directive that names no rule', () => {
    const code =
      'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: 10\n      # ownless-ignore: some reason\n      VpcConfig: { SubnetIds: [subnet-1] }\n';
    expect(lint(code, ['network/no-vpc'])).toEqual([
      { rule: 'meta/invalid-suppression', messageId: 'missingRule', line: 6, functions: [] },
      { ...vpc, line: 7, functions: ['Fn'] },
    ]);
  });
});

describe('suggestions', () => {
  it('suggests the rule id a misspelled suppression meant', () => {
    const config = resolveConfig({});
    const code =
      'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: 10\n      # ownless-ignore network/no-vcp: private database\n      VpcConfig: { SubnetIds: [subnet-1] }\n';
    const messages = lintText(code, 'template.yaml', config).findings.map((f) => f.message);
    expect(messages).toContain(
      'The suppression names network/no-vcp, which is not an Ownless rule id (did you mean network/no-vpc?).',
    );
  });
});
