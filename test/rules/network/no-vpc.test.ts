import { describe } from 'vitest';
import { noVpc } from '../../../src/core/rules/network/no-vpc';
import { dedent, runRuleTests } from '../../helpers/rule-tester';

describe('network/no-vpc', () => {
  runRuleTests(noVpc, {
    valid: [
      {
        name: 'SAM function without VpcConfig',
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
        name: 'JSON Lambda function without VpcConfig',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Runtime": "python3.12", "Handler": "app.handler", "Timeout": 5, "MemorySize": 256 } }
            }
          }
        `),
      },
    ],
    invalid: [
      {
        name: 'VpcConfig on a SAM function',
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
                # the private subnets
                VpcConfig:
                  SubnetIds: [subnet-1, subnet-2]
                  SecurityGroupIds: [sg-1]
        `),
        findings: [{ messageId: 'vpc', line: 11, column: 7, functions: ['Fn'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                Timeout: 10
                MemorySize: 512
                # the private subnets
        `),
      },
      {
        name: 'VpcConfig in SAM Globals names every function it affects',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              Timeout: 10
              VpcConfig:
                SubnetIds: [subnet-1]
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { Runtime: nodejs22.x, Handler: a.handler, MemorySize: 256 }
            B:
              Type: AWS::Serverless::Function
              Properties: { Runtime: nodejs22.x, Handler: b.handler, MemorySize: 256 }
        `),
        findings: [{ messageId: 'vpc', line: 5, column: 5, functions: ['A', 'B'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              Timeout: 10
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { Runtime: nodejs22.x, Handler: a.handler, MemorySize: 256 }
            B:
              Type: AWS::Serverless::Function
              Properties: { Runtime: nodejs22.x, Handler: b.handler, MemorySize: 256 }
        `),
      },
      {
        name: 'VpcConfig in JSON',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                  "Runtime": "python3.12",
                  "Timeout": 5,
                  "VpcConfig": { "SubnetIds": ["subnet-1"] },
                  "MemorySize": 256
                }
              }
            }
          }
        `),
        findings: [{ messageId: 'vpc', line: 8, column: 9, functions: ['Fn'] }],
        output: dedent(`
          {
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                  "Runtime": "python3.12",
                  "Timeout": 5,
                  "MemorySize": 256
                }
              }
            }
          }
        `),
      },
      {
        name: 'VpcConfig chosen by a condition is reported as dynamic',
        code: dedent(`
          Conditions:
            InVpc: !Equals [!Ref Env, prod]
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Timeout: 5
                MemorySize: 256
                VpcConfig: !If [InVpc, { SubnetIds: [subnet-1] }, !Ref AWS::NoValue]
        `),
        findings: [{ messageId: 'vpcDynamic', line: 9, column: 7, functions: ['Fn'] }],
        output: dedent(`
          Conditions:
            InVpc: !Equals [!Ref Env, prod]
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Timeout: 5
                MemorySize: 256
        `),
      },
    ],
  });
});
