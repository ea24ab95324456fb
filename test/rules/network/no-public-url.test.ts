import { describe } from 'vitest';
import { noPublicUrl } from '../../../src/core/rules/network/no-public-url';
import { dedent, runRuleTests } from '../../helpers/rule-tester';

describe('network/no-public-url', () => {
  runRuleTests(noPublicUrl, {
    valid: [
      {
        name: 'SAM function URL with IAM auth',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                FunctionUrlConfig:
                  AuthType: AWS_IAM
        `),
      },
      {
        name: 'on-demand function without a URL',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
        `),
      },
      {
        name: 'JSON AWS::Lambda::Url with IAM auth',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Runtime": "python3.12", "Handler": "app.handler" } },
              "Url": { "Type": "AWS::Lambda::Url", "Properties": { "TargetFunctionArn": { "Fn::GetAtt": ["Fn", "Arn"] }, "AuthType": "AWS_IAM" } }
            }
          }
        `),
      },
      {
        name: 'AuthType from a parameter whose default is AWS_IAM',
        code: dedent(`
          Parameters:
            Auth: { Type: String, Default: AWS_IAM }
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            Url:
              Type: AWS::Lambda::Url
              Properties:
                TargetFunctionArn: !GetAtt Fn.Arn
                AuthType: !Ref Auth
        `),
      },
      {
        name: 'AuthType chosen by a condition is decided at deploy time, never guessed',
        code: dedent(`
          Conditions:
            Open: !Equals [!Ref AWS::StackName, demo]
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            Url:
              Type: AWS::Lambda::Url
              Properties:
                TargetFunctionArn: !GetAtt Fn.Arn
                AuthType: !If [Open, NONE, AWS_IAM]
        `),
      },
    ],
    invalid: [
      {
        name: 'SAM FunctionUrlConfig with AuthType NONE',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                FunctionUrlConfig:
                  AuthType: NONE
                  InvokeMode: BUFFERED
        `),
        findings: [{ messageId: 'public', line: 9, column: 19, functions: ['Fn'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                FunctionUrlConfig:
                  AuthType: AWS_IAM
                  InvokeMode: BUFFERED
        `),
      },
      {
        name: 'FunctionUrlConfig in SAM Globals names every function it affects',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              FunctionUrlConfig: { AuthType: NONE }
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { Runtime: nodejs22.x, Handler: a.handler }
            B:
              Type: AWS::Serverless::Function
              Properties: { Runtime: nodejs22.x, Handler: b.handler }
        `),
        findings: [{ messageId: 'public', line: 4, column: 36, functions: ['A', 'B'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              FunctionUrlConfig: { AuthType: AWS_IAM }
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
        name: 'AWS::Lambda::Url linked by GetAtt, quoted NONE',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            Url:
              Type: AWS::Lambda::Url
              Properties:
                TargetFunctionArn: !GetAtt Fn.Arn
                AuthType: 'NONE'
        `),
        findings: [{ messageId: 'public', line: 9, column: 17, functions: ['Fn'] }],
        output: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            Url:
              Type: AWS::Lambda::Url
              Properties:
                TargetFunctionArn: !GetAtt Fn.Arn
                AuthType: AWS_IAM
        `),
      },
      {
        name: 'JSON AWS::Lambda::Url with AuthType NONE',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Runtime": "python3.12", "Handler": "app.handler" } },
              "Url": {
                "Type": "AWS::Lambda::Url",
                "Properties": { "TargetFunctionArn": { "Ref": "Fn" }, "AuthType": "NONE" }
              }
            }
          }
        `),
        findings: [{ messageId: 'public', line: 6, column: 73, functions: ['Fn'] }],
        output: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Runtime": "python3.12", "Handler": "app.handler" } },
              "Url": {
                "Type": "AWS::Lambda::Url",
                "Properties": { "TargetFunctionArn": { "Ref": "Fn" }, "AuthType": "AWS_IAM" }
              }
            }
          }
        `),
      },
      {
        name: 'JSON SAM FunctionUrlConfig with AuthType NONE',
        path: 'template.json',
        code: dedent(`
          {
            "Transform": "AWS::Serverless-2016-10-31",
            "Resources": {
              "Fn": {
                "Type": "AWS::Serverless::Function",
                "Properties": {
                  "Runtime": "nodejs22.x",
                  "Handler": "index.handler",
                  "FunctionUrlConfig": { "AuthType": "NONE" }
                }
              }
            }
          }
        `),
        findings: [{ messageId: 'public', line: 9, column: 44, functions: ['Fn'] }],
        output: dedent(`
          {
            "Transform": "AWS::Serverless-2016-10-31",
            "Resources": {
              "Fn": {
                "Type": "AWS::Serverless::Function",
                "Properties": {
                  "Runtime": "nodejs22.x",
                  "Handler": "index.handler",
                  "FunctionUrlConfig": { "AuthType": "AWS_IAM" }
                }
              }
            }
          }
        `),
      },
      {
        name: 'AuthType from a parameter whose default is NONE is reported, without a fix',
        code: dedent(`
          Parameters:
            Auth: { Type: String, Default: NONE }
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            Url:
              Type: AWS::Lambda::Url
              Properties:
                TargetFunctionArn: !GetAtt Fn.Arn
                AuthType: !Ref Auth
        `),
        findings: [{ messageId: 'public', line: 11, column: 17, functions: ['Fn'] }],
      },
      {
        name: 'one finding for a URL whose target is chosen by a condition, naming both functions',
        code: dedent(`
          Conditions:
            UseA: !Equals [!Ref AWS::Region, us-east-1]
          Resources:
            A:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: a.handler }
            B:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: b.handler }
            Url:
              Type: AWS::Lambda::Url
              Properties:
                TargetFunctionArn: !If [UseA, !GetAtt A.Arn, !GetAtt B.Arn]
                AuthType: NONE
        `),
        findings: [{ messageId: 'public', line: 14, column: 17, functions: ['A', 'B'] }],
        output: dedent(`
          Conditions:
            UseA: !Equals [!Ref AWS::Region, us-east-1]
          Resources:
            A:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: a.handler }
            B:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: b.handler }
            Url:
              Type: AWS::Lambda::Url
              Properties:
                TargetFunctionArn: !If [UseA, !GetAtt A.Arn, !GetAtt B.Arn]
                AuthType: AWS_IAM
        `),
      },
      {
        name: 'a public URL for a function defined in another stack',
        code: dedent(`
          Resources:
            Url:
              Type: AWS::Lambda::Url
              Properties:
                TargetFunctionArn: arn:aws:lambda:us-east-1:123456789012:function:orders
                AuthType: NONE
        `),
        findings: [{ messageId: 'public', line: 6, column: 17, functions: [] }],
        output: dedent(`
          Resources:
            Url:
              Type: AWS::Lambda::Url
              Properties:
                TargetFunctionArn: arn:aws:lambda:us-east-1:123456789012:function:orders
                AuthType: AWS_IAM
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
                Runtime: nodejs22.x
                Handler: index.handler
                FunctionUrlConfig: { AuthType: NONE }
        `),
        findings: [{ messageId: 'public', line: 8, column: 38, severity: 'error' }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                FunctionUrlConfig: { AuthType: AWS_IAM }
        `),
      },
    ],
  });
});
