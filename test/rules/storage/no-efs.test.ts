import { describe } from 'vitest';
import { noEfs } from '../../../src/core/rules/storage/no-efs';
import { dedent, runRuleTests } from '../../helpers/rule-tester';

describe('storage/no-efs', () => {
  runRuleTests(noEfs, {
    valid: [
      {
        name: 'SAM function keeping state in S3, without a file system',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                EphemeralStorage: { Size: 512 }
                Environment:
                  Variables: { BUCKET: my-bucket }
        `),
      },
      {
        name: 'JSON Lambda function without FileSystemConfigs',
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
        name: 'an empty FileSystemConfigs list mounts nothing',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
                FileSystemConfigs: []
        `),
      },
      {
        name: 'a file system resource no function mounts',
        code: dedent(`
          Resources:
            Files:
              Type: AWS::EFS::FileSystem
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
        `),
      },
    ],
    invalid: [
      {
        name: 'FileSystemConfigs on a SAM function',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                FileSystemConfigs:
                  - Arn: !GetAtt AccessPoint.Arn
                    LocalMountPath: /mnt/data
                Timeout: 10
        `),
        findings: [{ messageId: 'efs', line: 8, column: 7, functions: ['Fn'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                Timeout: 10
        `),
      },
      {
        name: 'FileSystemConfigs in SAM Globals names every function it affects',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              Timeout: 10
              FileSystemConfigs:
                - { Arn: arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-1, LocalMountPath: /mnt/data }
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { Runtime: nodejs22.x, Handler: a.handler }
            B:
              Type: AWS::Serverless::Function
              Properties: { Runtime: nodejs22.x, Handler: b.handler }
        `),
        findings: [{ messageId: 'efs', line: 5, column: 5, functions: ['A', 'B'] }],
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
        name: 'a function with its own mounts also gets the Globals ones (SAM joins Globals lists)',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              FileSystemConfigs: [{ Arn: arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-1, LocalMountPath: /mnt/a }]
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { Runtime: nodejs22.x, Handler: a.handler }
            B:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: b.handler
                FileSystemConfigs: [{ Arn: arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-2, LocalMountPath: /mnt/b }]
        `),
        findings: [
          { messageId: 'efs', line: 4, column: 5, functions: ['A', 'B'] },
          { messageId: 'efs', line: 14, column: 7, functions: ['B'] },
        ],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              {}
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { Runtime: nodejs22.x, Handler: a.handler }
            B:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: b.handler
        `),
      },
      {
        name: 'FileSystemConfigs in JSON',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                  "Runtime": "python3.12",
                  "FileSystemConfigs": [{ "Arn": { "Fn::GetAtt": ["AccessPoint", "Arn"] }, "LocalMountPath": "/mnt/data" }],
                  "MemorySize": 256
                }
              }
            }
          }
        `),
        findings: [{ messageId: 'efs', line: 7, column: 9, functions: ['Fn'] }],
        output: dedent(`
          {
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                  "Runtime": "python3.12",
                  "MemorySize": 256
                }
              }
            }
          }
        `),
      },
      {
        name: 'FileSystemConfigs as the last JSON property takes the comma before it',
        path: 'template.json',
        code: dedent(`
          {
            "Transform": "AWS::Serverless-2016-10-31",
            "Resources": {
              "Fn": {
                "Type": "AWS::Serverless::Function",
                "Properties": {
                  "Runtime": "python3.12",
                  "Handler": "app.handler",
                  "FileSystemConfigs": [{ "Arn": "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-1", "LocalMountPath": "/mnt/data" }]
                }
              }
            }
          }
        `),
        findings: [{ messageId: 'efs', line: 9, column: 9, functions: ['Fn'] }],
        output: dedent(`
          {
            "Transform": "AWS::Serverless-2016-10-31",
            "Resources": {
              "Fn": {
                "Type": "AWS::Serverless::Function",
                "Properties": {
                  "Runtime": "python3.12",
                  "Handler": "app.handler"
                }
              }
            }
          }
        `),
      },
      {
        name: 'FileSystemConfigs chosen by a condition is still reported (decided at deploy time)',
        code: dedent(`
          Conditions:
            Mount: !Equals [!Ref AWS::StackName, big]
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
                FileSystemConfigs: !If [Mount, [{ Arn: arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-1, LocalMountPath: /mnt/m }], !Ref AWS::NoValue]
        `),
        findings: [{ messageId: 'efs', line: 8, column: 7, functions: ['Fn'] }],
        output: dedent(`
          Conditions:
            Mount: !Equals [!Ref AWS::StackName, big]
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
        `),
      },
      {
        name: 'strict profile reports it as an error',
        profile: 'strict',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
                FileSystemConfigs: [{ Arn: arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-1, LocalMountPath: /mnt/d }]
                Handler: index.handler
        `),
        findings: [{ messageId: 'efs', line: 6, column: 7, severity: 'error' }],
        output: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
        `),
      },
    ],
  });
});
