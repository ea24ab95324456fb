import { describe } from 'vitest';
import { memoryBudget } from '../../../src/core/rules/limits/memory-budget';
import { dedent, runRuleTests } from '../../helpers/rule-tester';

describe('limits/memory-budget', () => {
  runRuleTests(memoryBudget, {
    valid: [
      {
        name: 'idiomatic SAM function with a measured size',
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
        name: 'exactly the 3008 MB budget (JSON)',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Handler": "app.handler", "MemorySize": 3008 } }
            }
          }
        `),
      },
      {
        name: 'dynamic sizes are never guessed',
        code: dedent(`
          Parameters:
            Memory: { Type: Number }
          Mappings:
            Sizes: { prod: { Memory: 10240 } }
          Resources:
            A:
              Type: AWS::Lambda::Function
              Properties: { MemorySize: !Ref Memory }
            B:
              Type: AWS::Lambda::Function
              Properties: { MemorySize: !FindInMap [Sizes, prod, Memory] }
        `),
      },
      {
        name: 'relaxed profile accepts the 10 GB maximum',
        profile: 'relaxed',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { MemorySize: 10240 }
        `),
      },
      {
        name: 'a raised budget option',
        options: { budget: 4096 },
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { MemorySize: 4096 }
        `),
      },
      {
        name: 'a function overriding a large Globals size is not counted twice',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              MemorySize: 1024
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties: { Handler: a.handler, MemorySize: 2048 }
        `),
      },
    ],
    invalid: [
      {
        name: 'a negative, an infinite and a fractional memory size are not sizes (issue 16 item 9)',
        code: dedent(`
          Resources:
            Negative:
              Type: AWS::Lambda::Function
              Properties: { MemorySize: -512 }
            Infinite:
              Type: AWS::Lambda::Function
              Properties: { MemorySize: .inf }
            Overflow:
              Type: AWS::Lambda::Function
              Properties: { MemorySize: 1e309 }
            Fraction:
              Type: AWS::Lambda::Function
              Properties: { MemorySize: 256.5 }
            Small:
              Type: AWS::Lambda::Function
              Properties: { MemorySize: 64 }
        `),
        findings: [
          { messageId: 'invalid', line: 4, column: 19, severity: 'error' },
          { messageId: 'invalid', line: 7, column: 19, severity: 'error' },
          { messageId: 'invalid', line: 10, column: 19, severity: 'error' },
          { messageId: 'invalid', line: 13, column: 19, severity: 'error' },
          { messageId: 'invalid', line: 16, column: 19, severity: 'error' },
        ],
      },
      {
        name: 'SAM function above the budget',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: python3.12
                Handler: app.handler
                MemorySize: 4096 # for pandas
        `),
        findings: [{ messageId: 'over', line: 8, column: 7, functions: ['Fn'], severity: 'warning' }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: python3.12
                Handler: app.handler
                MemorySize: 3008 # for pandas
        `),
      },
      {
        name: 'plain CloudFormation JSON at the 10 GB maximum',
        path: 'template.json',
        code: dedent(`
          {
            "AWSTemplateFormatVersion": "2010-09-09",
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                  "Handler": "index.handler",
                  "MemorySize": 10240
                }
              }
            }
          }
        `),
        findings: [{ messageId: 'over', line: 8, column: 9, functions: ['Fn'] }],
        output: dedent(`
          {
            "AWSTemplateFormatVersion": "2010-09-09",
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                  "Handler": "index.handler",
                  "MemorySize": 3008
                }
              }
            }
          }
        `),
      },
      {
        name: 'a parameter default above the budget is reported without a fix',
        code: dedent(`
          Parameters:
            Memory:
              Type: Number
              Default: 5120
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                MemorySize: !Ref Memory
        `),
        findings: [{ messageId: 'over', line: 9, column: 7, functions: ['Fn'] }],
      },
      {
        name: 'Globals MemorySize names every function that takes it',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              MemorySize: 6144
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { Handler: a.handler }
            B:
              Type: AWS::Serverless::Function
              Properties: { Handler: b.handler }
            Small:
              Type: AWS::Serverless::Function
              Properties: { Handler: s.handler, MemorySize: 256 }
        `),
        findings: [{ messageId: 'over', line: 4, column: 5, functions: ['A', 'B'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              MemorySize: 3008
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { Handler: a.handler }
            B:
              Type: AWS::Serverless::Function
              Properties: { Handler: b.handler }
            Small:
              Type: AWS::Serverless::Function
              Properties: { Handler: s.handler, MemorySize: 256 }
        `),
      },
      {
        name: 'a function that opts out of Globals with IgnoreGlobals is not named',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              MemorySize: 4096
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { Handler: a.handler }
            B:
              Type: AWS::Serverless::Function
              IgnoreGlobals: [MemorySize]
              Properties: { Handler: b.handler }
        `),
        findings: [{ messageId: 'over', line: 4, column: 5, functions: ['A'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              MemorySize: 3008
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { Handler: a.handler }
            B:
              Type: AWS::Serverless::Function
              IgnoreGlobals: [MemorySize]
              Properties: { Handler: b.handler }
        `),
      },
      {
        name: 'strict profile: 1024 MB budget, reported as an error',
        profile: 'strict',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                MemorySize: 1536
        `),
        findings: [{ messageId: 'over', line: 5, column: 7, severity: 'error' }],
        output: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                MemorySize: 1024
        `),
      },
      {
        name: 'a lowered budget option in flow style',
        options: { budget: 1024 },
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Handler: app.handler, MemorySize: 2048, Timeout: 5 }
        `),
        findings: [{ messageId: 'over', line: 4, column: 41 }],
        output: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Handler: app.handler, MemorySize: 1024, Timeout: 5 }
        `),
      },
    ],
  });
});
