import { describe } from 'vitest';
import { streamFailureDestination } from '../../../src/core/rules/resilience/stream-failure-destination';
import { dedent, runRuleTests } from '../../helpers/rule-tester';

describe('resilience/stream-failure-destination', () => {
  runRuleTests(streamFailureDestination, {
    valid: [
      {
        name: 'idiomatic SAM: SQS with a redrive policy, Kinesis with an OnFailure destination',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Dlq:
              Type: AWS::SQS::Queue
            Jobs:
              Type: AWS::SQS::Queue
              Properties:
                VisibilityTimeout: 60
                RedrivePolicy: { deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: 5 }
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 10
                Events:
                  Jobs:
                    Type: SQS
                    Properties: { Queue: !GetAtt Jobs.Arn, FunctionResponseTypes: [ReportBatchItemFailures] }
                  Clicks:
                    Type: Kinesis
                    Properties:
                      Stream: !GetAtt Clicks.Arn
                      StartingPosition: LATEST
                      MaximumRetryAttempts: 3
                      BisectBatchOnFunctionError: true
                      DestinationConfig:
                        OnFailure: { Destination: !GetAtt Dlq.Arn }
        `),
      },
      {
        name: 'a queue that is not in this template cannot be judged',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Events:
                  Jobs: { Type: SQS, Properties: { Queue: arn:aws:sqs:eu-west-1:123456789012:jobs } }
        `),
      },
      {
        name: 'plain CloudFormation DynamoDB stream mapping with OnFailure (JSON)',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Handler": "index.handler" } },
              "Table": { "Type": "AWS::DynamoDB::Table", "Properties": { "StreamSpecification": { "StreamViewType": "NEW_IMAGE" } } },
              "Mapping": {
                "Type": "AWS::Lambda::EventSourceMapping",
                "Properties": {
                  "FunctionName": { "Ref": "Fn" },
                  "EventSourceArn": { "Fn::GetAtt": ["Table", "StreamArn"] },
                  "DestinationConfig": { "OnFailure": { "Destination": { "Fn::GetAtt": ["Dlq", "Arn"] } } }
                }
              }
            }
          }
        `),
      },
      {
        name: 'other event sources are out of scope',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Events:
                  Get: { Type: Api, Properties: { Path: /a, Method: get } }
        `),
      },
    ],
    invalid: [
      {
        name: 'SQS event whose queue has no redrive policy',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Jobs:
              Type: AWS::SQS::Queue
              Properties: { VisibilityTimeout: 60 }
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 10
                Events:
                  Jobs:
                    Type: SQS
                    Properties: { Queue: !GetAtt Jobs.Arn }
        `),
        findings: [{ messageId: 'sqs', line: 11, column: 9, functions: ['Fn'], severity: 'warning' }],
      },
      {
        name: 'Kinesis and DynamoDB events without OnFailure',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Events:
                  Clicks:
                    Type: Kinesis
                    Properties: { Stream: !GetAtt Clicks.Arn, StartingPosition: LATEST, MaximumRetryAttempts: 3 }
                  Orders:
                    Type: DynamoDB
                    Properties:
                      Stream: !GetAtt Orders.StreamArn
                      StartingPosition: TRIM_HORIZON
                      DestinationConfig:
                        OnSuccess: { Destination: !GetAtt Audit.Arn }
        `),
        // With MaximumRetryAttempts the shard moves on and the batch is dropped, rather than blocking.
        findings: [
          { messageId: 'streamDropped', line: 7, column: 9, functions: ['Fn'] },
          { messageId: 'stream', line: 10, column: 9, functions: ['Fn'] },
        ],
      },
      {
        name: 'SAM JSON: SQS event whose queue has no redrive policy',
        path: 'template.json',
        code: dedent(`
          {
            "Transform": "AWS::Serverless-2016-10-31",
            "Resources": {
              "Jobs": { "Type": "AWS::SQS::Queue" },
              "Fn": {
                "Type": "AWS::Serverless::Function",
                "Properties": { "Events": { "Jobs": { "Type": "SQS", "Properties": { "Queue": { "Fn::GetAtt": ["Jobs", "Arn"] } } } } }
              }
            }
          }
        `),
        findings: [{ messageId: 'sqs', line: 7, column: 35, functions: ['Fn'] }],
      },
      {
        name: 'plain CloudFormation: a Kinesis mapping by literal ARN and an SQS mapping to a queue in the template',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Handler: index.handler }
            Queue:
              Type: AWS::SQS::Queue
            FromQueue:
              Type: AWS::Lambda::EventSourceMapping
              Properties: { FunctionName: !Ref Fn, EventSourceArn: !GetAtt Queue.Arn }
            FromStream:
              Type: AWS::Lambda::EventSourceMapping
              Properties:
                FunctionName: !GetAtt Fn.Arn
                EventSourceArn: arn:aws:kinesis:eu-west-1:123456789012:stream/clicks
                StartingPosition: LATEST
        `),
        findings: [
          { messageId: 'sqs', line: 7, column: 3, functions: ['Fn'] },
          { messageId: 'stream', line: 10, column: 3, functions: ['Fn'] },
        ],
      },
      {
        name: 'two functions reading one queue are each reported',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Q:
              Type: AWS::SQS::Queue
            A:
              Type: AWS::Serverless::Function
              Properties:
                Events: { Q: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn } } }
            B:
              Type: AWS::Serverless::Function
              Properties:
                Events: { Q: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn } } }
        `),
        findings: [
          { messageId: 'sqs', line: 8, column: 17, functions: ['A'] },
          { messageId: 'sqs', line: 12, column: 17, functions: ['B'] },
        ],
      },
      {
        name: 'strict profile makes it an error',
        profile: 'strict',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Events:
                  Orders: { Type: DynamoDB, Properties: { Stream: !GetAtt T.StreamArn, StartingPosition: LATEST } }
        `),
        findings: [{ messageId: 'stream', line: 7, column: 9, severity: 'error' }],
      },
    ],
  });
});
