import { describe } from 'vitest';
import { asyncFailureDestination } from '../../../src/core/rules/resilience/async-failure-destination';
import { dedent, runRuleTests } from '../../helpers/rule-tester';

describe('resilience/async-failure-destination', () => {
  runRuleTests(asyncFailureDestination, {
    valid: [
      {
        name: 'idiomatic SAM: S3 event with an on-failure destination',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Bucket:
              Type: AWS::S3::Bucket
            Failures:
              Type: AWS::SQS::Queue
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Handler: index.handler
                Events:
                  Upload:
                    Type: S3
                    Properties: { Bucket: !Ref Bucket, Events: s3:ObjectCreated:* }
                EventInvokeConfig:
                  MaximumRetryAttempts: 2
                  DestinationConfig:
                    OnFailure: { Type: SQS, Destination: !GetAtt Failures.Arn }
        `),
      },
      {
        name: 'SNS event with a SAM DeadLetterQueue',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                DeadLetterQueue: { Type: SQS, TargetArn: !GetAtt Dlq.Arn }
                Events:
                  Topic: { Type: SNS, Properties: { Topic: !Ref Topic } }
        `),
      },
      {
        name: 'the destination set once in Globals',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              EventInvokeConfig:
                DestinationConfig:
                  OnFailure: { Type: SNS }
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Events:
                  Nightly: { Type: Schedule, Properties: { Schedule: 'cron(0 2 * * ? *)' } }
        `),
      },
      {
        name: 'synchronous and polled sources need no async destination',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Events:
                  Get: { Type: Api, Properties: { Path: /a, Method: get } }
                  Queue: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn } }
        `),
      },
      {
        name: 'plain CloudFormation: a scheduled rule with an EventInvokeConfig resource (JSON)',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Handler": "index.handler" } },
              "Nightly": {
                "Type": "AWS::Events::Rule",
                "Properties": { "ScheduleExpression": "rate(1 day)", "Targets": [{ "Id": "fn", "Arn": { "Fn::GetAtt": ["Fn", "Arn"] } }] }
              },
              "Invoke": {
                "Type": "AWS::Lambda::EventInvokeConfig",
                "Properties": {
                  "FunctionName": { "Ref": "Fn" },
                  "Qualifier": "$LATEST",
                  "DestinationConfig": { "OnFailure": { "Destination": { "Fn::GetAtt": ["Dlq", "Arn"] } } }
                }
              }
            }
          }
        `),
      },
      {
        name: 'plain CloudFormation: an SNS subscription and a DeadLetterConfig',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Handler: index.handler
                DeadLetterConfig: { TargetArn: !GetAtt Dlq.Arn }
            Sub:
              Type: AWS::SNS::Subscription
              Properties: { Protocol: lambda, TopicArn: !Ref Topic, Endpoint: !GetAtt Fn.Arn }
        `),
      },
      {
        name: 'an SNS subscription that is not for a function',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Handler: index.handler }
            Sub:
              Type: AWS::SNS::Subscription
              Properties: { Protocol: sqs, TopicArn: !Ref Topic, Endpoint: !GetAtt Fn.Arn }
        `),
      },
    ],
    invalid: [
      {
        name: 'S3 event without anywhere for failures to go',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Bucket:
              Type: AWS::S3::Bucket
            Thumbnails:
              Type: AWS::Serverless::Function
              Properties:
                Handler: index.handler
                Events:
                  Upload:
                    Type: S3
                    Properties: { Bucket: !Ref Bucket, Events: s3:ObjectCreated:* }
        `),
        findings: [
          { messageId: 'missing', line: 5, column: 3, functions: ['Thumbnails'], severity: 'warning' },
        ],
      },
      {
        name: 'an EventInvokeConfig with only OnSuccess is not failure handling',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                EventInvokeConfig:
                  DestinationConfig:
                    OnSuccess: { Type: SQS }
                Events:
                  Rule:
                    Type: EventBridgeRule
                    Properties: { Pattern: { source: [orders] } }
        `),
        findings: [{ messageId: 'missing', line: 3, column: 3, functions: ['Fn'] }],
      },
      {
        name: 'SAM JSON with an SNS event and a schedule',
        path: 'template.json',
        code: dedent(`
          {
            "Transform": "AWS::Serverless-2016-10-31",
            "Resources": {
              "Fn": {
                "Type": "AWS::Serverless::Function",
                "Properties": {
                  "Events": {
                    "Topic": { "Type": "SNS", "Properties": { "Topic": { "Ref": "Topic" } } },
                    "Hourly": { "Type": "ScheduleV2", "Properties": { "ScheduleExpression": "rate(1 hour)" } }
                  }
                }
              }
            }
          }
        `),
        findings: [{ messageId: 'missing', line: 4, column: 5, functions: ['Fn'] }],
      },
      {
        name: 'plain CloudFormation: a scheduled rule targeting the function',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Handler: index.handler }
            Nightly:
              Type: AWS::Events::Rule
              Properties:
                ScheduleExpression: rate(1 day)
                Targets: [{ Id: fn, Arn: !GetAtt Fn.Arn }]
        `),
        findings: [{ messageId: 'missing', line: 2, column: 3, functions: ['Fn'] }],
      },
      {
        name: 'plain CloudFormation: an EventBridge pattern rule targeting the function',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Handler: index.handler }
            OrderPlaced:
              Type: AWS::Events::Rule
              Properties:
                EventPattern: { source: [orders] }
                Targets: [{ Id: fn, Arn: !GetAtt Fn.Arn }]
        `),
        findings: [{ messageId: 'missing', line: 2, column: 3, functions: ['Fn'] }],
      },
      {
        name: 'plain CloudFormation: an SNS subscription and an S3 notification (JSON)',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "OnTopic": { "Type": "AWS::Lambda::Function", "Properties": { "Handler": "a.handler" } },
              "OnUpload": { "Type": "AWS::Lambda::Function", "Properties": { "Handler": "b.handler" } },
              "Topic": {
                "Type": "AWS::SNS::Topic",
                "Properties": { "Subscription": [{ "Protocol": "lambda", "Endpoint": { "Fn::GetAtt": ["OnTopic", "Arn"] } }] }
              },
              "Bucket": {
                "Type": "AWS::S3::Bucket",
                "Properties": {
                  "NotificationConfiguration": {
                    "LambdaConfigurations": [{ "Event": "s3:ObjectCreated:*", "Function": { "Fn::GetAtt": ["OnUpload", "Arn"] } }]
                  }
                }
              }
            }
          }
        `),
        findings: [
          { messageId: 'missing', line: 3, column: 5, functions: ['OnTopic'] },
          { messageId: 'missing', line: 4, column: 5, functions: ['OnUpload'] },
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
                  Logs: { Type: CloudWatchLogs, Properties: { LogGroupName: app, FilterPattern: ERROR } }
        `),
        findings: [{ messageId: 'missing', line: 3, column: 3, severity: 'error' }],
      },
    ],
  });
});
