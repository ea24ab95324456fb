import { describe } from 'vitest';
import { explicitLimits } from '../../../src/core/rules/limits/explicit-limits';
import { dedent, runRuleTests } from '../../helpers/rule-tester';

describe('limits/explicit-limits', () => {
  runRuleTests(explicitLimits, {
    valid: [
      {
        name: 'SAM function with both limits',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                Timeout: 10
                MemorySize: 512
        `),
      },
      {
        name: 'limits set once in SAM Globals',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              Timeout: 10
              MemorySize: 512
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { Handler: a.handler }
            B:
              Type: AWS::Serverless::Function
              Properties: { Handler: b.handler, Timeout: 3 }
        `),
      },
      {
        // meta/invalid-resource reports the missing Transform; the Globals still apply.
        name: 'limits set in Globals of a template that forgot the SAM Transform',
        code: dedent(`
          Globals:
            Function:
              Timeout: 10
              MemorySize: 512
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { Handler: a.handler }
        `),
      },
      {
        name: 'JSON CloudFormation function with both limits',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Handler": "app.handler", "Timeout": 5, "MemorySize": 128 } }
            }
          }
        `),
      },
      {
        name: 'dynamic values are explicit choices',
        code: dedent(`
          Parameters:
            Timeout: { Type: Number }
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Timeout: !Ref Timeout
                MemorySize: !If [IsProd, 1024, 256]
        `),
      },
      {
        name: 'not a function',
        code: dedent(`
          Resources:
            Queue:
              Type: AWS::SQS::Queue
        `),
      },
    ],
    invalid: [
      {
        name: 'SAM function with neither limit',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
        `),
        findings: [{ messageId: 'missing', line: 3, column: 3, functions: ['Fn'], severity: 'info' }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                Timeout: 3
                MemorySize: 128
        `),
      },
      {
        name: 'CloudFormation function missing only MemorySize, properties followed by another resource',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Handler: app.handler
                Timeout: 10
            Queue:
              Type: AWS::SQS::Queue
        `),
        findings: [{ messageId: 'missing', line: 2, column: 3, functions: ['Fn'] }],
        output: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Handler: app.handler
                Timeout: 10
                MemorySize: 128
            Queue:
              Type: AWS::SQS::Queue
        `),
      },
      {
        name: 'the fix goes after a nested last property (Events) and before a blank line and a comment',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Handler: index.handler
                Events:
                  Get:
                    Type: Api
                    Properties: { Path: /a, Method: get }

            # the queue
            Queue:
              Type: AWS::SQS::Queue
        `),
        findings: [{ messageId: 'missing', line: 3, column: 3, functions: ['Fn'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Handler: index.handler
                Events:
                  Get:
                    Type: Api
                    Properties: { Path: /a, Method: get }
                Timeout: 3
                MemorySize: 128

            # the queue
            Queue:
              Type: AWS::SQS::Queue
        `),
      },
      {
        name: 'Globals give MemorySize but not Timeout',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              MemorySize: 256
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties: { Handler: a.handler }
        `),
        findings: [{ messageId: 'missing', line: 6, column: 3, functions: ['Fn'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              MemorySize: 256
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties: { Handler: a.handler, Timeout: 3 }
        `),
      },
      {
        name: 'a function that ignores the Globals limits',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              Timeout: 10
              MemorySize: 256
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              IgnoreGlobals: '*'
              Properties:
                Handler: a.handler
        `),
        findings: [{ messageId: 'missing', line: 7, column: 3, functions: ['Fn'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              Timeout: 10
              MemorySize: 256
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              IgnoreGlobals: '*'
              Properties:
                Handler: a.handler
                Timeout: 3
                MemorySize: 128
        `),
      },
      {
        name: 'multi-line JSON function',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                  "Handler": "index.handler",
                  "MemorySize": 512
                }
              }
            }
          }
        `),
        findings: [{ messageId: 'missing', line: 3, column: 5, functions: ['Fn'] }],
        output: dedent(`
          {
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                  "Handler": "index.handler",
                  "MemorySize": 512,
                  "Timeout": 3
                }
              }
            }
          }
        `),
      },
      {
        name: 'one-line JSON function',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Handler": "index.handler" } }
            }
          }
        `),
        findings: [{ messageId: 'missing', line: 3, column: 5, functions: ['Fn'] }],
        output: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Handler": "index.handler", "Timeout": 3, "MemorySize": 128 } }
            }
          }
        `),
      },
      {
        name: 'a function without Properties is reported without a fix',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
        `),
        findings: [{ messageId: 'missing', line: 3, column: 3, functions: ['Fn'] }],
      },
      {
        name: 'strict profile warns',
        profile: 'strict',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Handler: a.handler, Timeout: 5 }
        `),
        findings: [{ messageId: 'missing', line: 2, column: 3, severity: 'warning' }],
        output: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Handler: a.handler, Timeout: 5, MemorySize: 128 }
        `),
      },
    ],
  });
});
