import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/core/config/config';
import { lintText } from '../../../src/core/engine';
import { noProvisionedConcurrency } from '../../../src/core/rules/provisioning/no-provisioned-concurrency';
import { dedent, runRuleTests } from '../../helpers/rule-tester';

function messages(code: string, path = 'template.yaml'): string[] {
  return lintText(code, path, resolveConfig())
    .findings.filter((f) => f.ruleId === noProvisionedConcurrency.meta.id)
    .map((f) => f.message);
}

describe('provisioning/no-provisioned-concurrency', () => {
  runRuleTests(noProvisionedConcurrency, {
    valid: [
      {
        name: 'SAM function with an alias and on-demand concurrency',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                AutoPublishAlias: live
                Architectures: [arm64]
        `),
      },
      {
        name: 'Alias and Version without provisioned concurrency',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            Version:
              Type: AWS::Lambda::Version
              Properties: { FunctionName: !Ref Fn }
            Live:
              Type: AWS::Lambda::Alias
              Properties: { FunctionName: !Ref Fn, FunctionVersion: !GetAtt Version.Version, Name: live }
        `),
      },
      {
        name: 'JSON Version without provisioned concurrency',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Runtime": "python3.12", "Handler": "app.handler" } },
              "Version": { "Type": "AWS::Lambda::Version", "Properties": { "FunctionName": { "Ref": "Fn" } } }
            }
          }
        `),
      },
    ],
    invalid: [
      {
        name: 'an infinite or negative count is not priced (no $-Infinity/month, issue 16 item 9)',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Inf:
              Type: AWS::Serverless::Function
              Properties:
                AutoPublishAlias: live
                ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: -.inf }
            Neg:
              Type: AWS::Serverless::Function
              Properties:
                AutoPublishAlias: live
                ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: -2 }
        `),
        findings: [
          { messageId: 'provisionedInvalid', line: 7, column: 7, severity: 'error' },
          { messageId: 'provisionedInvalid', line: 12, column: 7, severity: 'error' },
        ],
      },
      {
        name: 'a memory size that is no size leaves the cost unestimated',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                MemorySize: .inf
                AutoPublishAlias: live
                ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 }
        `),
        findings: [{ messageId: 'provisionedUnpriced', line: 8, column: 7 }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                MemorySize: .inf
                AutoPublishAlias: live
        `),
      },
      {
        name: 'SAM AutoPublishAlias with ProvisionedConcurrencyConfig',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                MemorySize: 1024
                AutoPublishAlias: live
                ProvisionedConcurrencyConfig:
                  ProvisionedConcurrentExecutions: 5
        `),
        findings: [{ messageId: 'provisioned', line: 10, column: 7, functions: ['Fn'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                MemorySize: 1024
                AutoPublishAlias: live
        `),
      },
      {
        name: 'ProvisionedConcurrencyConfig in SAM Globals names every function it affects',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              AutoPublishAlias: live
              ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 }
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { Runtime: nodejs22.x, Handler: a.handler, MemorySize: 512 }
            B:
              Type: AWS::Serverless::Function
              Properties: { Runtime: nodejs22.x, Handler: b.handler, MemorySize: 2048, Architectures: [arm64] }
        `),
        findings: [{ messageId: 'provisioned', line: 5, column: 5, functions: ['A', 'B'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              AutoPublishAlias: live
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { Runtime: nodejs22.x, Handler: a.handler, MemorySize: 512 }
            B:
              Type: AWS::Serverless::Function
              Properties: { Runtime: nodejs22.x, Handler: b.handler, MemorySize: 2048, Architectures: [arm64] }
        `),
      },
      {
        name: 'AWS::Lambda::Alias linked by Ref',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            Version:
              Type: AWS::Lambda::Version
              Properties: { FunctionName: !Ref Fn }
            Live:
              Type: AWS::Lambda::Alias
              Properties:
                FunctionName: !Ref Fn
                FunctionVersion: !GetAtt Version.Version
                Name: live
                ProvisionedConcurrencyConfig:
                  ProvisionedConcurrentExecutions: 10
        `),
        findings: [{ messageId: 'provisioned', line: 14, column: 7, functions: ['Fn'] }],
        output: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            Version:
              Type: AWS::Lambda::Version
              Properties: { FunctionName: !Ref Fn }
            Live:
              Type: AWS::Lambda::Alias
              Properties:
                FunctionName: !Ref Fn
                FunctionVersion: !GetAtt Version.Version
                Name: live
        `),
      },
      {
        name: 'JSON AWS::Lambda::Version linked by GetAtt',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Runtime": "python3.12", "MemorySize": 256 } },
              "Version": {
                "Type": "AWS::Lambda::Version",
                "Properties": {
                  "FunctionName": { "Fn::GetAtt": ["Fn", "Arn"] },
                  "ProvisionedConcurrencyConfig": { "ProvisionedConcurrentExecutions": 3 }
                }
              }
            }
          }
        `),
        findings: [{ messageId: 'provisioned', line: 8, column: 9, functions: ['Fn'] }],
        output: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Runtime": "python3.12", "MemorySize": 256 } },
              "Version": {
                "Type": "AWS::Lambda::Version",
                "Properties": {
                  "FunctionName": { "Fn::GetAtt": ["Fn", "Arn"] }
                }
              }
            }
          }
        `),
      },
      {
        name: 'an Alias linked only through its FunctionVersion',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler, MemorySize: 1024 }
            Version:
              Type: AWS::Lambda::Version
              Properties: { FunctionName: !GetAtt Fn.Arn }
            Live:
              Type: AWS::Lambda::Alias
              Properties:
                FunctionName: orders
                FunctionVersion: !GetAtt Version.Version
                Name: live
                ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 1 }
        `),
        findings: [{ messageId: 'provisioned', line: 14, column: 7, functions: ['Fn'] }],
        output: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler, MemorySize: 1024 }
            Version:
              Type: AWS::Lambda::Version
              Properties: { FunctionName: !GetAtt Fn.Arn }
            Live:
              Type: AWS::Lambda::Alias
              Properties:
                FunctionName: orders
                FunctionVersion: !GetAtt Version.Version
                Name: live
        `),
      },
      {
        name: 'executions from a parameter default are costed',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Parameters:
            Warm: { Type: Number, Default: 4 }
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                AutoPublishAlias: live
                ProvisionedConcurrencyConfig:
                  ProvisionedConcurrentExecutions: !Ref Warm
        `),
        findings: [{ messageId: 'provisioned', line: 11, column: 7, functions: ['Fn'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Parameters:
            Warm: { Type: Number, Default: 4 }
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                AutoPublishAlias: live
        `),
      },
      {
        name: 'executions chosen by a condition are dynamic, never guessed',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Conditions:
            Prod: !Equals [!Ref AWS::StackName, prod]
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                AutoPublishAlias: live
                ProvisionedConcurrencyConfig:
                  ProvisionedConcurrentExecutions: !If [Prod, 10, 1]
        `),
        findings: [{ messageId: 'provisionedDynamic', line: 11, column: 7, functions: ['Fn'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Conditions:
            Prod: !Equals [!Ref AWS::StackName, prod]
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                AutoPublishAlias: live
        `),
      },
      {
        name: 'a memory size decided at deploy time is not priced (never guessed)',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Parameters:
            Memory: { Type: Number }
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                MemorySize: !Ref Memory
                AutoPublishAlias: live
                ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 5 }
        `),
        findings: [{ messageId: 'provisionedUnpriced', line: 10, column: 7, functions: ['Fn'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Parameters:
            Memory: { Type: Number }
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                MemorySize: !Ref Memory
                AutoPublishAlias: live
        `),
      },
      {
        name: 'strict profile reports it as an error',
        profile: 'strict',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Handler: index.handler
                AutoPublishAlias: live
                ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 1 }
        `),
        findings: [{ messageId: 'provisioned', line: 8, column: 7, severity: 'error' }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Handler: index.handler
                AutoPublishAlias: live
        `),
      },
    ],
  });

  it('prices x86_64 idle capacity: 5 × 1024 MB ≈ $54.75/month', () => {
    const code = dedent(`
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            MemorySize: 1024
            AutoPublishAlias: live
            ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 5 }
    `);
    expect(messages(code)).toEqual([
      'Provisioned concurrency of 5 keeps function Fn warm whether invoked or not: about $54.75/month idle (5 × 1024 MB, us-east-1 price of 2026-11).',
    ]);
  });

  it('prices arm64 lower, defaults memory to 128 MB, and sums a Globals setting over its functions', () => {
    const arm = dedent(`
      Resources:
        Fn:
          Type: AWS::Lambda::Function
          Properties: { Architectures: [arm64], MemorySize: 512 }
        Version:
          Type: AWS::Lambda::Version
          Properties: { FunctionName: !Ref Fn, ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 } }
    `);
    // 2 × 0.5 GB × 2,628,000 s × $0.0000033334 = $8.76
    expect(messages(arm)[0]).toContain('about $8.76/month idle (2 × 512 MB,');
    const small = dedent(`
      Resources:
        Fn: { Type: AWS::Lambda::Function, Properties: { Runtime: nodejs22.x } }
        Version:
          Type: AWS::Lambda::Version
          Properties: { FunctionName: !Ref Fn, ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 8 } }
    `);
    // 8 × 0.125 GB × 2,628,000 s × $0.0000041667 = $10.95
    expect(messages(small)[0]).toContain('about $10.95/month idle (8 × 128 MB,');
    const globals = dedent(`
      Transform: AWS::Serverless-2016-10-31
      Globals:
        Function:
          AutoPublishAlias: live
          ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 }
      Resources:
        A: { Type: AWS::Serverless::Function, Properties: { MemorySize: 512 } }
        B: { Type: AWS::Serverless::Function, Properties: { MemorySize: 2048, Architectures: [arm64] } }
    `);
    // A: 2 × 0.5 × 2,628,000 × 0.0000041667 = 10.95; B: 2 × 2 × 2,628,000 × 0.0000033334 = 35.04
    expect(messages(globals)).toEqual([
      'Provisioned concurrency of 2 keeps 2 functions (A, B) warm whether invoked or not: about $45.99/month idle (2 × 512/2048 MB, us-east-1 price of 2026-11).',
    ]);
  });

  it('reads an architecture from a parameter default, and does not price one chosen by a condition', () => {
    const template = (architectures: string) =>
      dedent(`
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Arch: { Type: String, Default: arm64 }
        Conditions:
          Arm: !Equals [!Ref Arch, arm64]
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              MemorySize: 1024
              Architectures: ${architectures}
              AutoPublishAlias: live
              ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 1 }
      `);
    // 1 × 1 GB × 2,628,000 s × $0.0000033334 = $8.76 on arm64 ($10.95 on x86_64)
    expect(messages(template('[!Ref Arch]'))[0]).toContain('about $8.76/month');
    expect(messages(template('!If [Arm, [arm64], [x86_64]]'))).toEqual([
      'Provisioned concurrency of 1 keeps function Fn warm whether invoked or not (idle cost not estimated: the Architectures of Fn are decided at deploy time).',
    ]);
  });

  it('names the intrinsic when the executions are decided at deploy time', () => {
    const code = dedent(`
      Resources:
        Fn: { Type: AWS::Lambda::Function, Properties: { Runtime: nodejs22.x } }
        Live:
          Type: AWS::Lambda::Alias
          Properties:
            FunctionName: !Ref Fn
            FunctionVersion: '1'
            Name: live
            ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: !Ref Count }
    `);
    expect(messages(code)).toEqual([
      'Provisioned concurrency on function Fn (executions decided at deploy time: Ref Count) is billed whether invoked or not.',
    ]);
  });
});
