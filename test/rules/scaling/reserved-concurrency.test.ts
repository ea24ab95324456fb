import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/core/config/config';
import { lintText } from '../../../src/core/engine';
import { reservedConcurrency } from '../../../src/core/rules/scaling/reserved-concurrency';
import { dedent, runRuleTests } from '../../helpers/rule-tester';

describe('scaling/reserved-concurrency', () => {
  runRuleTests(reservedConcurrency, {
    valid: [
      {
        name: 'SAM function scaling per request, throttled at the queue instead',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                Events:
                  Work:
                    Type: SQS
                    Properties: { Queue: arn:aws:sqs:us-east-1:123456789012:q, ScalingConfig: { MaximumConcurrency: 5 } }
        `),
      },
      {
        name: 'JSON Lambda function without reserved concurrency',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Runtime": "python3.12", "Handler": "app.handler" } }
            }
          }
        `),
      },
      {
        name: 'a function that ignores the Globals cap',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              ReservedConcurrentExecutions: 5
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              IgnoreGlobals: [ReservedConcurrentExecutions]
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
        `),
      },
    ],
    invalid: [
      {
        name: 'a negative reserved concurrency is not a concurrency (issue 16 item 9)',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { ReservedConcurrentExecutions: -1 }
        `),
        findings: [{ messageId: 'invalid', line: 4, column: 19, severity: 'error' }],
      },
      {
        name: 'SAM function capped at 10',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                ReservedConcurrentExecutions: 10
        `),
        findings: [{ messageId: 'capped', line: 8, column: 7, functions: ['Fn'], severity: 'warning' }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
        `),
      },
      {
        name: 'ReservedConcurrentExecutions 0 is always an error',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                ReservedConcurrentExecutions: 0
                Runtime: nodejs22.x
        `),
        findings: [{ messageId: 'zero', line: 5, column: 7, functions: ['Fn'], severity: 'error' }],
        output: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
        `),
      },
      {
        name: 'the relaxed profile keeps 0 a hint (hints are never escalated)',
        profile: 'relaxed',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, ReservedConcurrentExecutions: 0 }
        `),
        findings: [{ messageId: 'zero', line: 4, column: 40, severity: 'info' }],
        output: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x }
        `),
      },
      {
        name: 'ReservedConcurrentExecutions in SAM Globals names every function it affects',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              ReservedConcurrentExecutions: 5
              Timeout: 10
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { Runtime: nodejs22.x, Handler: a.handler }
            B:
              Type: AWS::Serverless::Function
              Properties: { Runtime: nodejs22.x, Handler: b.handler }
        `),
        findings: [{ messageId: 'capped', line: 4, column: 5, functions: ['A', 'B'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              Timeout: 10
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
        name: 'JSON Lambda function with a cap',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                  "Runtime": "python3.12",
                  "ReservedConcurrentExecutions": 100
                }
              }
            }
          }
        `),
        findings: [{ messageId: 'capped', line: 7, column: 9, functions: ['Fn'] }],
        output: dedent(`
          {
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                  "Runtime": "python3.12"
                }
              }
            }
          }
        `),
      },
      {
        name: 'JSON SAM function with 0 is an error',
        path: 'template.json',
        code: dedent(`
          {
            "Transform": "AWS::Serverless-2016-10-31",
            "Resources": {
              "Fn": { "Type": "AWS::Serverless::Function", "Properties": { "ReservedConcurrentExecutions": 0, "Handler": "app.handler" } }
            }
          }
        `),
        findings: [{ messageId: 'zero', line: 4, column: 66, severity: 'error' }],
        output: dedent(`
          {
            "Transform": "AWS::Serverless-2016-10-31",
            "Resources": {
              "Fn": { "Type": "AWS::Serverless::Function", "Properties": { "Handler": "app.handler" } }
            }
          }
        `),
      },
      {
        name: 'a parameter whose default is 0 is the kill switch, an error',
        code: dedent(`
          Parameters:
            Cap: { Type: Number, Default: 0 }
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
                ReservedConcurrentExecutions: !Ref Cap
        `),
        findings: [{ messageId: 'zero', line: 8, column: 7, functions: ['Fn'], severity: 'error' }],
        output: dedent(`
          Parameters:
            Cap: { Type: Number, Default: 0 }
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
        `),
      },
      {
        name: 'a parameter without a default is decided at deploy time',
        code: dedent(`
          Parameters:
            Cap: { Type: Number }
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
                ReservedConcurrentExecutions: !Ref Cap
        `),
        findings: [{ messageId: 'dynamic', line: 8, column: 7, functions: ['Fn'], severity: 'warning' }],
        output: dedent(`
          Parameters:
            Cap: { Type: Number }
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
        `),
      },
      {
        name: 'a cap chosen by a condition is dynamic, never guessed as 0',
        code: dedent(`
          Conditions:
            Off: !Equals [!Ref AWS::StackName, paused]
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
                ReservedConcurrentExecutions: !If [Off, 0, !Ref AWS::NoValue]
        `),
        findings: [{ messageId: 'dynamic', line: 8, column: 7, functions: ['Fn'], severity: 'warning' }],
        output: dedent(`
          Conditions:
            Off: !Equals [!Ref AWS::StackName, paused]
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
        `),
      },
      {
        name: 'strict profile reports a cap as an error',
        profile: 'strict',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, ReservedConcurrentExecutions: 50 }
        `),
        findings: [{ messageId: 'capped', line: 4, column: 40, severity: 'error' }],
        output: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x }
        `),
      },
    ],
  });

  it('states the limit, and why 0 can never run, in the messages', () => {
    const code = dedent(`
      Conditions:
        Off: !Equals [!Ref AWS::StackName, paused]
      Resources:
        A: { Type: AWS::Lambda::Function, Properties: { ReservedConcurrentExecutions: 25 } }
        B: { Type: AWS::Lambda::Function, Properties: { ReservedConcurrentExecutions: 0 } }
        C: { Type: AWS::Lambda::Function, Properties: { ReservedConcurrentExecutions: !If [Off, 0, 10] } }
    `);
    const findings = lintText(code, 'template.yaml', resolveConfig()).findings.filter(
      (f) => f.ruleId === reservedConcurrency.meta.id,
    );
    expect(findings.map((f) => f.message)).toEqual([
      'ReservedConcurrentExecutions caps function A at 25 concurrent executions: requests above it are throttled.',
      'ReservedConcurrentExecutions is 0: function B is always throttled and can never run.',
      'ReservedConcurrentExecutions caps function C (the limit is decided at deploy time: Fn::If).',
    ]);
  });
});
