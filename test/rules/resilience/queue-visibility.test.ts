import { describe } from 'vitest';
import { queueVisibility } from '../../../src/core/rules/resilience/queue-visibility';
import { dedent, runRuleTests } from '../../helpers/rule-tester';

describe('resilience/queue-visibility', () => {
  runRuleTests(queueVisibility, {
    valid: [
      {
        name: 'idiomatic SAM: visibility exactly 6 × the timeout',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Jobs:
              Type: AWS::SQS::Queue
              Properties:
                VisibilityTimeout: 180
            Worker:
              Type: AWS::Serverless::Function
              Properties:
                Handler: worker.handler
                Timeout: 30
                Events:
                  Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn } }
        `),
      },
      {
        name: "SQS's 30 s default covers Lambda's 3 s default",
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Jobs:
              Type: AWS::SQS::Queue
            Worker:
              Type: AWS::Serverless::Function
              Properties:
                Events:
                  Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn } }
        `),
      },
      {
        name: 'dynamic timeout or visibility is never guessed',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Parameters:
            Visibility: { Type: Number }
          Resources:
            A:
              Type: AWS::SQS::Queue
              Properties: { VisibilityTimeout: !Ref Visibility }
            B:
              Type: AWS::SQS::Queue
              Properties: { VisibilityTimeout: 1 }
            ReadsA:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 900
                Events: { A: { Type: SQS, Properties: { Queue: !GetAtt A.Arn } } }
            ReadsB:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: !If [IsProd, 60, 10]
                Events: { B: { Type: SQS, Properties: { Queue: !GetAtt B.Arn } } }
        `),
      },
      {
        name: 'a queue outside the template is not judged',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Worker:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 300
                Events: { Jobs: { Type: SQS, Properties: { Queue: arn:aws:sqs:eu-west-1:123456789012:jobs } } }
        `),
      },
      {
        name: 'plain CloudFormation JSON mapping with enough visibility',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Queue": { "Type": "AWS::SQS::Queue", "Properties": { "VisibilityTimeout": 600 } },
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Timeout": 100 } },
              "Mapping": { "Type": "AWS::Lambda::EventSourceMapping", "Properties": { "FunctionName": { "Ref": "Fn" }, "EventSourceArn": { "Fn::GetAtt": ["Queue", "Arn"] } } }
            }
          }
        `),
      },
    ],
    invalid: [
      {
        name: 'visibility below 6 × the function timeout',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Jobs:
              Type: AWS::SQS::Queue
              Properties:
                VisibilityTimeout: 60 # seconds
            Worker:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 30
                Events:
                  Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn } }
        `),
        findings: [{ messageId: 'short', line: 6, column: 7, functions: ['Worker'], severity: 'warning' }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Jobs:
              Type: AWS::SQS::Queue
              Properties:
                VisibilityTimeout: 180 # seconds
            Worker:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 30
                Events:
                  Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn } }
        `),
      },
      {
        name: "SQS's 30 s default is too short for a 10 s timeout: the fix writes the setting",
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Jobs:
              Type: AWS::SQS::Queue
              Properties:
                MessageRetentionPeriod: 86400
            Worker:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 10
                Events:
                  Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn } }
        `),
        findings: [{ messageId: 'short', line: 3, column: 3, functions: ['Worker'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Jobs:
              Type: AWS::SQS::Queue
              Properties:
                MessageRetentionPeriod: 86400
                VisibilityTimeout: 60
            Worker:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 10
                Events:
                  Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn } }
        `),
      },
      {
        name: 'a queue without Properties is reported without a fix',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Jobs:
              Type: AWS::SQS::Queue
            Worker:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 10
                Events: { Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn } } }
        `),
        findings: [{ messageId: 'short', line: 3, column: 3, functions: ['Worker'] }],
      },
      {
        name: 'the timeout from Globals and the visibility from a parameter default (no fix: the parameter decides)',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Parameters:
            Visibility: { Type: Number, Default: 30 }
          Globals:
            Function:
              Timeout: 20
          Resources:
            Jobs:
              Type: AWS::SQS::Queue
              Properties: { VisibilityTimeout: !Ref Visibility }
            Worker:
              Type: AWS::Serverless::Function
              Properties:
                Events: { Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn } } }
        `),
        findings: [{ messageId: 'short', line: 10, column: 19, functions: ['Worker'] }],
      },
      {
        name: 'two readers: the slowest decides, and one fix settles the queue',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Q:
              Type: AWS::SQS::Queue
              Properties:
                VisibilityTimeout: 30
            Fast:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 10
                Events: { Q: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn } } }
            Slow:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 60
                Events: { Q: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn } } }
        `),
        findings: [{ messageId: 'short', line: 6, column: 7, functions: ['Fast', 'Slow'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Q:
              Type: AWS::SQS::Queue
              Properties:
                VisibilityTimeout: 360
            Fast:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 10
                Events: { Q: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn } } }
            Slow:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 60
                Events: { Q: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn } } }
        `),
      },
      {
        name: 'only the readers the visibility is too short for are named',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Q:
              Type: AWS::SQS::Queue
              Properties: { VisibilityTimeout: 60 }
            Fast:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 10
                Events: { Q: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn } } }
            Slow:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 15
                Events: { Q: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn } } }
        `),
        findings: [{ messageId: 'short', line: 5, column: 19, functions: ['Slow'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Q:
              Type: AWS::SQS::Queue
              Properties: { VisibilityTimeout: 90 }
            Fast:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 10
                Events: { Q: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn } } }
            Slow:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 15
                Events: { Q: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn } } }
        `),
      },
      {
        name: 'plain CloudFormation JSON event source mapping',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Queue": {
                "Type": "AWS::SQS::Queue",
                "Properties": {
                  "VisibilityTimeout": 120
                }
              },
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Timeout": 60 } },
              "Mapping": { "Type": "AWS::Lambda::EventSourceMapping", "Properties": { "FunctionName": { "Fn::GetAtt": ["Fn", "Arn"] }, "EventSourceArn": { "Fn::GetAtt": ["Queue", "Arn"] } } }
            }
          }
        `),
        findings: [{ messageId: 'short', line: 6, column: 9, functions: ['Fn'] }],
        output: dedent(`
          {
            "Resources": {
              "Queue": {
                "Type": "AWS::SQS::Queue",
                "Properties": {
                  "VisibilityTimeout": 360
                }
              },
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Timeout": 60 } },
              "Mapping": { "Type": "AWS::Lambda::EventSourceMapping", "Properties": { "FunctionName": { "Fn::GetAtt": ["Fn", "Arn"] }, "EventSourceArn": { "Fn::GetAtt": ["Queue", "Arn"] } } }
            }
          }
        `),
      },
      {
        name: 'JSON queue without the setting: the fix inserts it on its own line',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Queue": {
                "Type": "AWS::SQS::Queue",
                "Properties": {
                  "MessageRetentionPeriod": 86400
                }
              },
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Timeout": 15 } },
              "Mapping": { "Type": "AWS::Lambda::EventSourceMapping", "Properties": { "FunctionName": { "Ref": "Fn" }, "EventSourceArn": { "Fn::GetAtt": ["Queue", "Arn"] } } }
            }
          }
        `),
        findings: [{ messageId: 'short', line: 3, column: 5, functions: ['Fn'] }],
        output: dedent(`
          {
            "Resources": {
              "Queue": {
                "Type": "AWS::SQS::Queue",
                "Properties": {
                  "MessageRetentionPeriod": 86400,
                  "VisibilityTimeout": 90
                }
              },
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Timeout": 15 } },
              "Mapping": { "Type": "AWS::Lambda::EventSourceMapping", "Properties": { "FunctionName": { "Ref": "Fn" }, "EventSourceArn": { "Fn::GetAtt": ["Queue", "Arn"] } } }
            }
          }
        `),
      },
      {
        name: 'strict profile makes it an error',
        profile: 'strict',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Q:
              Type: AWS::SQS::Queue
              Properties: { VisibilityTimeout: 10 }
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Events: { Q: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn } } }
        `),
        findings: [{ messageId: 'short', line: 5, column: 19, severity: 'error' }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Q:
              Type: AWS::SQS::Queue
              Properties: { VisibilityTimeout: 18 }
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Events: { Q: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn } } }
        `),
      },
    ],
  });
});

describe('resilience/queue-visibility with a batching window', () => {
  runRuleTests(queueVisibility, {
    valid: [],
    invalid: [
      {
        name: 'the batching window adds to six times the timeout',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Queue:
              Type: AWS::SQS::Queue
              Properties: { VisibilityTimeout: 60, RedrivePolicy: { deadLetterTargetArn: arn, maxReceiveCount: 3 } }
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 10
                Events:
                  Q:
                    Type: SQS
                    Properties: { Queue: !GetAtt Queue.Arn, MaximumBatchingWindowInSeconds: 300 }
        `),
        findings: [{ messageId: 'shortWithWindow', line: 5, column: 19, functions: ['Fn'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Queue:
              Type: AWS::SQS::Queue
              Properties: { VisibilityTimeout: 360, RedrivePolicy: { deadLetterTargetArn: arn, maxReceiveCount: 3 } }
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 10
                Events:
                  Q:
                    Type: SQS
                    Properties: { Queue: !GetAtt Queue.Arn, MaximumBatchingWindowInSeconds: 300 }
        `),
      },
    ],
  });
});
