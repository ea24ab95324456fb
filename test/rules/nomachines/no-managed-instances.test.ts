import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/core/config/config';
import { lintText } from '../../../src/core/engine';
import { noManagedInstances } from '../../../src/core/rules/nomachines/no-managed-instances';
import { dedent, runRuleTests } from '../../helpers/rule-tester';

const PROVIDER_ARN = 'arn:aws:lambda:us-east-1:123456789012:capacity-provider:shared';

describe('nomachines/no-managed-instances', () => {
  runRuleTests(noManagedInstances, {
    valid: [
      {
        name: 'SAM function on the default on-demand model',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                Architectures: [arm64]
        `),
      },
      {
        name: 'JSON Lambda function on the default on-demand model',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Runtime": "python3.12", "Handler": "app.handler" } }
            }
          }
        `),
      },
    ],
    invalid: [
      {
        name: 'SAM CapacityProviderConfig naming a provider in another stack',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                CapacityProviderConfig:
                  Arn: ${PROVIDER_ARN}
                  PerExecutionEnvironmentMaxConcurrency: 10
                MemorySize: 2048
        `),
        findings: [{ messageId: 'capacityConfig', line: 8, column: 7, functions: ['Fn'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                MemorySize: 2048
        `),
      },
      {
        name: 'CapacityProviderConfig in SAM Globals names every function it affects',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              Runtime: nodejs22.x
              CapacityProviderConfig: { Arn: ${PROVIDER_ARN} }
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { Handler: a.handler }
            B:
              Type: AWS::Serverless::Function
              Properties: { Handler: b.handler }
        `),
        findings: [{ messageId: 'capacityConfig', line: 5, column: 5, functions: ['A', 'B'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              Runtime: nodejs22.x
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { Handler: a.handler }
            B:
              Type: AWS::Serverless::Function
              Properties: { Handler: b.handler }
        `),
      },
      {
        name: 'CloudFormation function with LambdaManagedInstancesCapacityProviderConfig',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
                CapacityProviderConfig:
                  LambdaManagedInstancesCapacityProviderConfig:
                    CapacityProviderArn: ${PROVIDER_ARN}
        `),
        findings: [{ messageId: 'capacityConfig', line: 6, column: 7, functions: ['Fn'] }],
        output: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
        `),
      },
      {
        name: 'JSON Lambda function with CapacityProviderConfig',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                  "CapacityProviderConfig": { "LambdaManagedInstancesCapacityProviderConfig": { "CapacityProviderArn": "${PROVIDER_ARN}" } },
                  "Runtime": "python3.12"
                }
              }
            }
          }
        `),
        findings: [{ messageId: 'capacityConfig', line: 6, column: 9, functions: ['Fn'] }],
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
        name: 'a capacity provider resource no function uses yet',
        code: dedent(`
          Resources:
            Capacity:
              Type: AWS::Lambda::CapacityProvider
              Properties:
                VpcConfig: { SubnetIds: [subnet-1], SecurityGroupIds: [sg-1] }
        `),
        findings: [{ messageId: 'capacityProvider', line: 2, column: 3, functions: [] }],
      },
      {
        name: 'JSON SAM capacity provider resource',
        path: 'template.json',
        code: dedent(`
          {
            "Transform": "AWS::Serverless-2016-10-31",
            "Resources": {
              "Capacity": { "Type": "AWS::Serverless::CapacityProvider", "Properties": { "VpcConfig": { "SubnetIds": ["subnet-1"] } } }
            }
          }
        `),
        findings: [{ messageId: 'capacityProvider', line: 4, column: 5, functions: [] }],
      },
      {
        name: 'MicroVM images, CloudFormation and SAM',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Image:
              Type: AWS::Lambda::MicrovmImage
              Properties: { BaseImageArn: arn:aws:lambda:us-east-1:123456789012:microvm-image:base }
            SamImage:
              Type: AWS::Serverless::MicrovmImage
              Properties: { BaseImageArn: arn:aws:lambda:us-east-1:123456789012:microvm-image:base, CodeUri: src/ }
        `),
        findings: [
          { messageId: 'microvmImage', line: 3, column: 3 },
          { messageId: 'microvmImage', line: 6, column: 3 },
        ],
      },
      {
        name: 'strict profile reports it as an error',
        profile: 'strict',
        code: dedent(`
          Resources:
            Capacity:
              Type: AWS::Lambda::CapacityProvider
        `),
        findings: [{ messageId: 'capacityProvider', line: 2, column: 3, severity: 'error' }],
      },
    ],
  });

  // Removing the config leaves the provider reported without the function, so the harness's
  // "no new findings after the fix" check does not apply: asserted here instead.
  it('links a capacity provider to the functions that name it', () => {
    const code = dedent(`
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Capacity:
          Type: AWS::Serverless::CapacityProvider
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Runtime: nodejs22.x
            Handler: index.handler
            CapacityProviderConfig:
              Arn: !GetAtt Capacity.Arn
    `);
    const findings = lintText(code, 'template.yaml', resolveConfig()).findings.filter(
      (f) => f.ruleId === noManagedInstances.meta.id,
    );
    expect(
      findings.map((f) => [
        f.messageId,
        f.range.start.line + 1,
        f.range.start.character + 1,
        f.functions,
        f.message,
      ]),
    ).toEqual([
      [
        'capacityProvider',
        3,
        3,
        ['Fn'],
        'Capacity (AWS::Serverless::CapacityProvider) provisions EC2 capacity for functions: machines to size and pay for while idle.',
      ],
      [
        'capacityConfig',
        10,
        7,
        ['Fn'],
        'CapacityProviderConfig runs function Fn on Managed Instances: EC2 capacity you size and pay for, idle or not.',
      ],
    ]);
    expect(findings[0].fixes).toEqual([]);
    expect(findings[1].fixes.map((f) => [f.title, f.safe])).toEqual([
      ['Remove CapacityProviderConfig (replaces the function)', false],
    ]);
  });
});
