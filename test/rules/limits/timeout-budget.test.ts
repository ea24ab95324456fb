import { describe } from 'vitest';
import { timeoutBudget } from '../../../src/core/rules/limits/timeout-budget';
import { dedent, runRuleTests } from '../../helpers/rule-tester';

describe('limits/timeout-budget', () => {
  runRuleTests(timeoutBudget, {
    valid: [
      {
        name: 'idiomatic SAM API function with a short timeout',
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
                Events:
                  Get:
                    Type: Api
                    Properties: { Path: /orders, Method: get }
        `),
      },
      {
        name: 'exactly the budget (60 s) off the request path',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: python3.12, Handler: app.handler, Timeout: 60, MemorySize: 256 }
        `),
      },
      {
        name: '29 s behind a REST API and 30 s behind an HTTP API',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Rest:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 29
                Events: { Get: { Type: Api, Properties: { Path: /a, Method: get } } }
            Http:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 30
                Events: { Get: { Type: HttpApi, Properties: { Path: /b, Method: get } } }
        `),
      },
      {
        name: 'JSON function within the budget',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Runtime": "nodejs22.x", "Handler": "index.handler", "Timeout": 15 } }
            }
          }
        `),
      },
      {
        name: 'a dynamic Timeout is never guessed',
        code: dedent(`
          Parameters:
            Timeout: { Type: Number }
          Conditions:
            IsProd: !Equals [!Ref AWS::StackName, prod]
          Resources:
            A:
              Type: AWS::Lambda::Function
              Properties: { Timeout: !Ref Timeout }
            B:
              Type: AWS::Lambda::Function
              Properties: { Timeout: !If [IsProd, 900, 10] }
        `),
      },
      {
        name: 'relaxed profile accepts 15 minutes off the request path',
        profile: 'relaxed',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Timeout: 900 }
        `),
      },
      {
        name: 'a raised budget option',
        options: { budget: 120 },
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Timeout: 120 }
        `),
      },
      {
        name: 'Globals timeout within the API limit for the API function',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              Timeout: 20
          Resources:
            Api:
              Type: AWS::Serverless::Function
              Properties:
                Events: { Any: { Type: Api, Properties: { Path: /x, Method: get } } }
            Worker:
              Type: AWS::Serverless::Function
              Properties: { Handler: w.handler }
        `),
      },
    ],
    invalid: [
      {
        name: 'an infinite, a zero and a negative timeout are not timeouts (issue 16 item 9)',
        code: dedent(`
          Resources:
            Infinite:
              Type: AWS::Lambda::Function
              Properties: { Timeout: .inf }
            Zero:
              Type: AWS::Lambda::Function
              Properties: { Timeout: 0 }
            Negative:
              Type: AWS::Lambda::Function
              Properties: { Timeout: '-5' }
        `),
        findings: [
          { messageId: 'invalid', line: 4, column: 19, severity: 'error' },
          { messageId: 'invalid', line: 7, column: 19, severity: 'error' },
          { messageId: 'invalid', line: 10, column: 19, severity: 'error' },
        ],
      },
      {
        name: 'SAM function over the 60 s budget',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                Timeout: 90
                MemorySize: 512
        `),
        findings: [{ messageId: 'over', line: 8, column: 7, functions: ['Fn'], severity: 'warning' }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                Timeout: 60
                MemorySize: 512
        `),
      },
      {
        name: 'plain CloudFormation function over the budget, as a numeric string',
        code: dedent(`
          AWSTemplateFormatVersion: '2010-09-09'
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Handler: app.handler
                Timeout: '300'
        `),
        findings: [{ messageId: 'over', line: 7, column: 7, functions: ['Fn'] }],
        output: dedent(`
          AWSTemplateFormatVersion: '2010-09-09'
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Handler: app.handler
                Timeout: 60
        `),
      },
      {
        name: 'JSON function over the budget',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": { "Handler": "index.handler", "Timeout": 120 }
              }
            }
          }
        `),
        findings: [{ messageId: 'over', line: 5, column: 51, functions: ['Fn'] }],
        output: dedent(`
          {
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": { "Handler": "index.handler", "Timeout": 60 }
              }
            }
          }
        `),
      },
      {
        name: 'a Ref to a parameter resolves to its default, with no fix (the parameter decides)',
        code: dedent(`
          Parameters:
            FunctionTimeout: { Type: Number, Default: 120 }
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Timeout: !Ref FunctionTimeout
        `),
        findings: [{ messageId: 'over', line: 7, column: 7, functions: ['Fn'] }],
      },
      {
        name: 'Globals Timeout gives one finding naming every function it affects',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              Timeout: 300
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { Handler: a.handler }
            B:
              Type: AWS::Serverless::Function
              Properties: { Handler: b.handler }
            C:
              Type: AWS::Serverless::Function
              Properties: { Handler: c.handler, Timeout: 5 }
        `),
        findings: [{ messageId: 'over', line: 4, column: 5, functions: ['A', 'B'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              Timeout: 60
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { Handler: a.handler }
            B:
              Type: AWS::Serverless::Function
              Properties: { Handler: b.handler }
            C:
              Type: AWS::Serverless::Function
              Properties: { Handler: c.handler, Timeout: 5 }
        `),
      },
      {
        name: 'above 29 s behind a REST API is an error even in the recommended profile',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Handler: index.handler
                Timeout: 30
                Events:
                  Get:
                    Type: Api
                    Properties: { Path: /orders, Method: get }
        `),
        findings: [{ messageId: 'overApi', line: 7, column: 7, functions: ['Fn'], severity: 'error' }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Handler: index.handler
                Timeout: 29
                Events:
                  Get:
                    Type: Api
                    Properties: { Path: /orders, Method: get }
        `),
      },
      {
        name: 'above 30 s behind an HTTP API',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 45
                Events:
                  Get: { Type: HttpApi, Properties: { Path: /orders, Method: get } }
        `),
        findings: [{ messageId: 'overApi', line: 6, column: 7, functions: ['Fn'], severity: 'error' }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 30
                Events:
                  Get: { Type: HttpApi, Properties: { Path: /orders, Method: get } }
        `),
      },
      {
        name: 'plain CloudFormation function behind an API Gateway method (JSON)',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Timeout": 60 } },
              "Method": {
                "Type": "AWS::ApiGateway::Method",
                "Properties": {
                  "HttpMethod": "GET",
                  "Integration": {
                    "Type": "AWS_PROXY",
                    "Uri": { "Fn::Sub": "arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations" }
                  }
                }
              }
            }
          }
        `),
        findings: [{ messageId: 'overApi', line: 3, column: 62, functions: ['Fn'], severity: 'error' }],
        output: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Timeout": 29 } },
              "Method": {
                "Type": "AWS::ApiGateway::Method",
                "Properties": {
                  "HttpMethod": "GET",
                  "Integration": {
                    "Type": "AWS_PROXY",
                    "Uri": { "Fn::Sub": "arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations" }
                  }
                }
              }
            }
          }
        `),
      },
      {
        name: 'a Globals Timeout over both budgets splits into an API finding and a budget finding, without a fix',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              Timeout: 90
          Resources:
            Api:
              Type: AWS::Serverless::Function
              Properties:
                Events: { Get: { Type: Api, Properties: { Path: /x, Method: get } } }
            Worker:
              Type: AWS::Serverless::Function
              Properties: { Handler: w.handler }
        `),
        findings: [
          { messageId: 'overApi', line: 4, column: 5, functions: ['Api'], severity: 'error' },
          { messageId: 'over', line: 4, column: 5, functions: ['Worker'], severity: 'warning' },
        ],
      },
      {
        name: 'a Globals Timeout over the API limit only names the API function',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              Timeout: 45
          Resources:
            Api:
              Type: AWS::Serverless::Function
              Properties:
                Events: { Get: { Type: Api, Properties: { Path: /x, Method: get } } }
            Worker:
              Type: AWS::Serverless::Function
              Properties: { Handler: w.handler }
        `),
        findings: [{ messageId: 'overApi', line: 4, column: 5, functions: ['Api'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              Timeout: 29
          Resources:
            Api:
              Type: AWS::Serverless::Function
              Properties:
                Events: { Get: { Type: Api, Properties: { Path: /x, Method: get } } }
            Worker:
              Type: AWS::Serverless::Function
              Properties: { Handler: w.handler }
        `),
      },
      {
        name: 'a tighter apiBudget option below the HTTP API limit is a budget finding, not an error',
        options: { apiBudget: 20 },
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 25
                Events: { Get: { Type: HttpApi, Properties: { Path: /a, Method: get } } }
        `),
        findings: [{ messageId: 'over', line: 6, column: 7, severity: 'warning' }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 20
                Events: { Get: { Type: HttpApi, Properties: { Path: /a, Method: get } } }
        `),
      },
      {
        name: 'strict profile: 30 s budget, reported as an error',
        profile: 'strict',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Handler: app.handler, Timeout: 45 }
        `),
        findings: [{ messageId: 'over', line: 4, column: 41, severity: 'error' }],
        output: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Handler: app.handler, Timeout: 30 }
        `),
      },
      {
        name: 'relaxed profile reports a hint (info), never more',
        profile: 'relaxed',
        options: { budget: 300 },
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Timeout: 600 }
        `),
        findings: [{ messageId: 'over', line: 4, column: 19, severity: 'info' }],
        output: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Timeout: 300 }
        `),
      },
    ],
  });
});
