import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/core/config/config';
import { lintText } from '../../../src/core/engine';
import { ephemeralBudget } from '../../../src/core/rules/storage/ephemeral-budget';
import { dedent, runRuleTests } from '../../helpers/rule-tester';

describe('storage/ephemeral-budget', () => {
  runRuleTests(ephemeralBudget, {
    valid: [
      {
        name: 'SAM function with the default 512 MB /tmp',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                EphemeralStorage: { Size: 512 }
        `),
      },
      {
        name: 'JSON function exactly at the budget',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Runtime": "python3.12", "EphemeralStorage": { "Size": 2048 } } }
            }
          }
        `),
      },
      {
        name: 'a function without EphemeralStorage',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
        `),
      },
      {
        name: 'a raised budget option accepts a larger size',
        options: { budget: 8192 },
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
                EphemeralStorage: { Size: 8192 }
        `),
      },
      {
        name: 'the relaxed profile accepts the 10 GB maximum',
        profile: 'relaxed',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
                EphemeralStorage: { Size: 10240 }
        `),
      },
      {
        name: 'a size chosen by a condition is decided at deploy time, never guessed',
        code: dedent(`
          Conditions:
            Big: !Equals [!Ref AWS::StackName, big]
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
                EphemeralStorage:
                  Size: !If [Big, 10240, 512]
        `),
      },
      {
        name: 'a size from a parameter whose default is within budget',
        code: dedent(`
          Parameters:
            TmpSize: { Type: Number, Default: 1024 }
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
                EphemeralStorage:
                  Size: !Ref TmpSize
        `),
      },
    ],
    invalid: [
      {
        name: 'an infinite ephemeral storage size is not a size (issue 16 item 9)',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { EphemeralStorage: { Size: .inf } }
        `),
        findings: [{ messageId: 'invalid', line: 4, column: 45, severity: 'error' }],
      },
      {
        name: 'SAM function above the budget',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                EphemeralStorage:
                  Size: 4096
        `),
        findings: [{ messageId: 'over', line: 9, column: 15, functions: ['Fn'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                EphemeralStorage:
                  Size: 2048
        `),
      },
      {
        name: 'EphemeralStorage in SAM Globals names every function it affects',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              EphemeralStorage: { Size: 10240 }
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { Runtime: nodejs22.x, Handler: a.handler }
            B:
              Type: AWS::Serverless::Function
              Properties: { Runtime: nodejs22.x, Handler: b.handler }
        `),
        findings: [{ messageId: 'over', line: 4, column: 31, functions: ['A', 'B'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              EphemeralStorage: { Size: 2048 }
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { Runtime: nodejs22.x, Handler: a.handler }
            B:
              Type: AWS::Serverless::Function
              Properties: { Runtime: nodejs22.x, Handler: b.handler }
        `),
      },
      {
        name: 'JSON Lambda function above the budget',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": { "Runtime": "python3.12", "EphemeralStorage": { "Size": 3072 } }
              }
            }
          }
        `),
        findings: [{ messageId: 'over', line: 5, column: 78, functions: ['Fn'] }],
        output: dedent(`
          {
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": { "Runtime": "python3.12", "EphemeralStorage": { "Size": 2048 } }
              }
            }
          }
        `),
      },
      {
        name: 'the budget option lowers the limit',
        options: { budget: 1024 },
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
                EphemeralStorage: { Size: 1536 }
        `),
        findings: [{ messageId: 'over', line: 6, column: 33 }],
        output: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
                EphemeralStorage: { Size: 1024 }
        `),
      },
      {
        name: 'the strict profile budget is 512 MB, reported as an error',
        profile: 'strict',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
                EphemeralStorage: { Size: 1024 }
        `),
        findings: [{ messageId: 'over', line: 6, column: 33, severity: 'error' }],
        output: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
                EphemeralStorage: { Size: 512 }
        `),
      },
      {
        name: 'a size from a parameter default is reported at the Ref, without a fix',
        code: dedent(`
          Parameters:
            TmpSize: { Type: Number, Default: 8192 }
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
                EphemeralStorage:
                  Size: !Ref TmpSize
        `),
        findings: [{ messageId: 'over', line: 9, column: 15, functions: ['Fn'] }],
      },
    ],
  });

  it('names the size, the budget and every Globals function in the message', () => {
    const code = dedent(`
      Transform: AWS::Serverless-2016-10-31
      Parameters:
        TmpSize: { Type: Number, Default: 4096 }
      Globals:
        Function:
          EphemeralStorage: { Size: !Ref TmpSize }
      Resources:
        A: { Type: AWS::Serverless::Function, Properties: { Runtime: nodejs22.x, Handler: a.handler } }
        B: { Type: AWS::Serverless::Function, Properties: { Runtime: nodejs22.x, Handler: b.handler } }
    `);
    const findings = lintText(code, 'template.yaml', resolveConfig()).findings.filter(
      (f) => f.ruleId === ephemeralBudget.meta.id,
    );
    expect(findings.map((f) => f.message)).toEqual([
      'EphemeralStorage of 4096 MB for 2 functions (A, B) is above the 2048 MB budget.',
    ]);
    expect(findings[0].fixes).toEqual([]);
  });
});
