import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/core/config/config';
import { lintText } from '../../../src/core/engine';
import { noProvisionedPollers } from '../../../src/core/rules/provisioning/no-provisioned-pollers';
import { dedent, runRuleTests } from '../../helpers/rule-tester';

describe('provisioning/no-provisioned-pollers', () => {
  runRuleTests(noProvisionedPollers, {
    valid: [
      {
        name: 'SAM SQS event with on-demand pollers, tuned by batching and maximum concurrency',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Queue:
              Type: AWS::SQS::Queue
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                Events:
                  Orders:
                    Type: SQS
                    Properties:
                      Queue: !GetAtt Queue.Arn
                      BatchSize: 10
                      ScalingConfig: { MaximumConcurrency: 5 }
        `),
      },
      {
        name: 'JSON event source mapping in the default mode',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Runtime": "python3.12", "Handler": "app.handler" } },
              "Mapping": {
                "Type": "AWS::Lambda::EventSourceMapping",
                "Properties": { "FunctionName": { "Ref": "Fn" }, "EventSourceArn": "arn:aws:kinesis:us-east-1:123456789012:stream/s", "StartingPosition": "LATEST" }
              }
            }
          }
        `),
      },
    ],
    invalid: [
      {
        name: 'SAM MSK event with provisioned pollers',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                Events:
                  Stream:
                    Type: MSK
                    Properties:
                      Stream: arn:aws:kafka:us-east-1:123456789012:cluster/c/1
                      Topics: [orders]
                      ProvisionedPollerConfig:
                        MinimumPollers: 2
                        MaximumPollers: 10
                      StartingPosition: LATEST
        `),
        findings: [{ messageId: 'provisioned', line: 14, column: 13, functions: ['Fn'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                Events:
                  Stream:
                    Type: MSK
                    Properties:
                      Stream: arn:aws:kafka:us-east-1:123456789012:cluster/c/1
                      Topics: [orders]
                      StartingPosition: LATEST
        `),
      },
      {
        name: 'SAM SQS event with provisioned pollers in a flow mapping',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Queue:
              Type: AWS::SQS::Queue
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                Events:
                  Orders:
                    Type: SQS
                    Properties: { Queue: !GetAtt Queue.Arn, ProvisionedPollerConfig: { MinimumPollers: 2 } }
        `),
        findings: [{ messageId: 'provisioned', line: 13, column: 51, functions: ['Fn'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Queue:
              Type: AWS::SQS::Queue
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                Events:
                  Orders:
                    Type: SQS
                    Properties: { Queue: !GetAtt Queue.Arn }
        `),
      },
      {
        name: 'AWS::Lambda::EventSourceMapping on a queue in the template',
        code: dedent(`
          Resources:
            Queue:
              Type: AWS::SQS::Queue
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            Mapping:
              Type: AWS::Lambda::EventSourceMapping
              Properties:
                FunctionName: !GetAtt Fn.Arn
                EventSourceArn: !GetAtt Queue.Arn
                ProvisionedPollerConfig:
                  MinimumPollers: 2
        `),
        findings: [{ messageId: 'provisioned', line: 12, column: 7, functions: ['Fn'] }],
        output: dedent(`
          Resources:
            Queue:
              Type: AWS::SQS::Queue
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            Mapping:
              Type: AWS::Lambda::EventSourceMapping
              Properties:
                FunctionName: !GetAtt Fn.Arn
                EventSourceArn: !GetAtt Queue.Arn
        `),
      },
      {
        name: 'JSON event source mapping with provisioned pollers',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Runtime": "python3.12", "Handler": "app.handler" } },
              "Mapping": {
                "Type": "AWS::Lambda::EventSourceMapping",
                "Properties": {
                  "FunctionName": { "Ref": "Fn" },
                  "EventSourceArn": "arn:aws:kinesis:us-east-1:123456789012:stream/s",
                  "ProvisionedPollerConfig": { "MinimumPollers": 1, "MaximumPollers": 5 },
                  "StartingPosition": "LATEST"
                }
              }
            }
          }
        `),
        findings: [{ messageId: 'provisioned', line: 9, column: 9, functions: ['Fn'] }],
        output: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Runtime": "python3.12", "Handler": "app.handler" } },
              "Mapping": {
                "Type": "AWS::Lambda::EventSourceMapping",
                "Properties": {
                  "FunctionName": { "Ref": "Fn" },
                  "EventSourceArn": "arn:aws:kinesis:us-east-1:123456789012:stream/s",
                  "StartingPosition": "LATEST"
                }
              }
            }
          }
        `),
      },
      {
        name: 'provisioned pollers chosen by a condition are still reported',
        code: dedent(`
          Conditions:
            Burst: !Equals [!Ref AWS::StackName, prod]
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            Mapping:
              Type: AWS::Lambda::EventSourceMapping
              Properties:
                FunctionName: !Ref Fn
                EventSourceArn: arn:aws:sqs:us-east-1:123456789012:orders
                ProvisionedPollerConfig: !If [Burst, { MinimumPollers: 2 }, !Ref AWS::NoValue]
        `),
        findings: [{ messageId: 'provisioned', line: 12, column: 7, functions: ['Fn'] }],
        output: dedent(`
          Conditions:
            Burst: !Equals [!Ref AWS::StackName, prod]
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            Mapping:
              Type: AWS::Lambda::EventSourceMapping
              Properties:
                FunctionName: !Ref Fn
                EventSourceArn: arn:aws:sqs:us-east-1:123456789012:orders
        `),
      },
      {
        name: 'strict profile reports it as an error',
        profile: 'strict',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            Mapping:
              Type: AWS::Lambda::EventSourceMapping
              Properties: { FunctionName: !Ref Fn, EventSourceArn: arn:aws:sqs:us-east-1:123456789012:q, ProvisionedPollerConfig: { MinimumPollers: 1 } }
        `),
        findings: [{ messageId: 'provisioned', line: 7, column: 96, severity: 'error' }],
        output: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            Mapping:
              Type: AWS::Lambda::EventSourceMapping
              Properties: { FunctionName: !Ref Fn, EventSourceArn: arn:aws:sqs:us-east-1:123456789012:q }
        `),
      },
    ],
  });

  it('names the kind of event source in the message', () => {
    const code = dedent(`
      Resources:
        Fn: { Type: AWS::Lambda::Function, Properties: { Runtime: nodejs22.x } }
        Mapping:
          Type: AWS::Lambda::EventSourceMapping
          Properties:
            FunctionName: !Ref Fn
            EventSourceArn: arn:aws:sqs:us-east-1:123456789012:orders
            ProvisionedPollerConfig: { MinimumPollers: 1 }
    `);
    const findings = lintText(code, 'template.yaml', resolveConfig()).findings.filter(
      (f) => f.ruleId === noProvisionedPollers.meta.id,
    );
    expect(findings.map((f) => f.message)).toEqual([
      'The SQS event source of function Fn uses provisioned pollers: polling capacity billed per hour, idle or not.',
    ]);
  });
});
