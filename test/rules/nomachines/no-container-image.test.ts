import { describe } from 'vitest';
import { noContainerImage } from '../../../src/core/rules/nomachines/no-container-image';
import { dedent, runRuleTests } from '../../helpers/rule-tester';

describe('nomachines/no-container-image', () => {
  runRuleTests(noContainerImage, {
    valid: [
      {
        name: 'SAM zip function on a managed runtime, on ARM',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: python3.12
                Handler: app.handler
                CodeUri: src/
                Architectures: [arm64]
        `),
      },
      {
        name: 'JSON function with PackageType Zip',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "PackageType": "Zip", "Runtime": "nodejs22.x", "Handler": "index.handler" } }
            }
          }
        `),
      },
      {
        name: 'PackageType from a parameter whose default is Zip',
        code: dedent(`
          Parameters:
            Packaging: { Type: String, Default: Zip }
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                PackageType: !Ref Packaging
                Runtime: nodejs22.x
        `),
      },
      {
        name: 'PackageType chosen by a condition is decided at deploy time, never guessed',
        code: dedent(`
          Conditions:
            UseImage: !Equals [!Ref AWS::StackName, ml]
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                PackageType: !If [UseImage, Image, Zip]
        `),
      },
    ],
    invalid: [
      {
        name: 'SAM function packaged as an image',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                PackageType: Image
                ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest
              Metadata:
                Dockerfile: Dockerfile
        `),
        findings: [{ messageId: 'image', line: 6, column: 7, functions: ['Fn'] }],
      },
      {
        name: 'PackageType in SAM Globals names every function it affects',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              PackageType: Image
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/a:1 }
            B:
              Type: AWS::Serverless::Function
              Properties: { ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/b:1 }
        `),
        findings: [{ messageId: 'image', line: 4, column: 5, functions: ['A', 'B'] }],
      },
      {
        name: 'CloudFormation function with Code.ImageUri',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Code: { ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1 }
                PackageType: "Image"
                Role: !GetAtt Role.Arn
        `),
        findings: [{ messageId: 'image', line: 6, column: 7, functions: ['Fn'] }],
      },
      {
        name: 'JSON Lambda function packaged as an image',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                  "Code": { "ImageUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1" },
                  "PackageType": "Image"
                }
              }
            }
          }
        `),
        findings: [{ messageId: 'image', line: 7, column: 9, functions: ['Fn'] }],
      },
      {
        name: 'PackageType from a parameter whose default is Image',
        code: dedent(`
          Parameters:
            Packaging: { Type: String, Default: Image }
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                PackageType: !Ref Packaging
        `),
        findings: [{ messageId: 'image', line: 7, column: 7, functions: ['Fn'] }],
      },
      {
        name: 'strict profile reports it as an error',
        profile: 'strict',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { PackageType: Image, Code: { ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1 } }
        `),
        findings: [{ messageId: 'image', line: 4, column: 19, severity: 'error' }],
      },
      {
        name: 'relaxed profile reports it as information',
        profile: 'relaxed',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { PackageType: Image, Code: { ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1 } }
        `),
        findings: [{ messageId: 'image', line: 4, column: 19, severity: 'info' }],
      },
    ],
  });
});
