import { describe } from 'vitest';
import { noHardcodedRegion } from '../../../src/core/rules/resilience/no-hardcoded-region';
import { dedent, runRuleTests } from '../../helpers/rule-tester';
import { runCodeRuleTests } from '../../helpers/code-rule-tester';

describe('resilience/no-hardcoded-region', () => {
  runRuleTests(noHardcodedRegion, {
    valid: [
      {
        name: 'idiomatic SAM: ARNs built with ${AWS::Region} and references',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Handler: index.handler
                Layers:
                  - !Sub arn:aws:lambda:\${AWS::Region}:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-x86_64:7
                Environment:
                  Variables:
                    TOPIC: !Ref Topic
                    QUEUE: !GetAtt Queue.Arn
                    BUCKET: arn:aws:s3:::my-bucket
                Policies:
                  - Statement:
                      - Effect: Allow
                        Action: sns:Publish
                        Resource: !Sub arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:alerts
        `),
      },
      {
        name: 'a region-keyed Mapping is the portable way to write ARNs',
        code: dedent(`
          Mappings:
            Layers:
              us-east-1: { Arn: arn:aws:lambda:us-east-1:017000801446:layer:Insights:52 }
              eu-west-1: { Arn: arn:aws:lambda:eu-west-1:017000801446:layer:Insights:52 }
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Layers: [!FindInMap [Layers, !Ref AWS::Region, Arn]]
        `),
      },
      {
        name: 'JSON with Fn::Sub and the region pseudo parameter',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": { "Environment": { "Variables": { "TOPIC": { "Fn::Sub": "arn:aws:sns:\${AWS::Region}:\${AWS::AccountId}:t" } } } }
              }
            }
          }
        `),
      },
      {
        name: 'a computed availability zone',
        code: dedent(`
          Resources:
            Subnet:
              Type: AWS::EC2::Subnet
              Properties:
                AvailabilityZone: !Select [0, !GetAZs '']
                CidrBlock: 10.0.0.0/24
        `),
      },
      {
        name: 'a region outside an ARN (a parameter default, a condition) is not an ARN',
        code: dedent(`
          Parameters:
            Home: { Type: String, Default: us-east-1 }
          Conditions:
            InHome: !Equals [!Ref AWS::Region, us-east-1]
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Environment: { Variables: { HOME_REGION: eu-west-1 } } }
        `),
      },
    ],
    invalid: [
      {
        name: 'a plain string ARN becomes a !Sub',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Handler: index.handler
                Environment:
                  Variables:
                    TOPIC: arn:aws:sns:us-east-1:123456789012:alerts
        `),
        findings: [{ messageId: 'arn', line: 9, column: 30, severity: 'info', functions: ['Fn'] }],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Handler: index.handler
                Environment:
                  Variables:
                    TOPIC: !Sub 'arn:aws:sns:\${AWS::Region}:123456789012:alerts'
        `),
      },
      {
        // The text holds no ARN with a region (an escape hides it), so the quick search of the text
        // that lets most templates skip the walk must still walk this one.
        name: 'a region spelled with an escape in a double-quoted string is still found',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Environment:
                  Variables:
                    TOPIC: "arn:aws:sns:us\\x2deast-1:123456789012:alerts"
        `),
        findings: [{ messageId: 'arn', line: 7, column: 18, functions: ['Fn'] }],
        output: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Environment:
                  Variables:
                    TOPIC: !Sub 'arn:aws:sns:\${AWS::Region}:123456789012:alerts'
        `),
      },
      {
        name: 'a literal \${ in a plain string is escaped as \${! when it becomes a !Sub',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Environment:
                  Variables:
                    PATTERN: "arn:aws:sqs:eu-west-1:123456789012:\${name}"
        `),
        findings: [{ messageId: 'arn', line: 7, column: 33 }],
        output: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Environment:
                  Variables:
                    PATTERN: !Sub 'arn:aws:sqs:\${AWS::Region}:123456789012:\${!name}'
        `),
      },
      {
        name: 'inside a !Sub the region is replaced in place',
        code: dedent(`
          Resources:
            Mapping:
              Type: AWS::Lambda::EventSourceMapping
              Properties:
                FunctionName: !Ref Fn
                EventSourceArn: !Sub arn:aws:sqs:eu-west-1:\${AWS::AccountId}:jobs
        `),
        // Not a function's own properties: no function named.
        findings: [{ messageId: 'arn', line: 6, column: 40, functions: [] }],
        output: dedent(`
          Resources:
            Mapping:
              Type: AWS::Lambda::EventSourceMapping
              Properties:
                FunctionName: !Ref Fn
                EventSourceArn: !Sub 'arn:aws:sqs:\${AWS::Region}:\${AWS::AccountId}:jobs'
        `),
      },
      {
        name: 'the long form Fn::Sub, and the list form of !Sub',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Environment:
                  Variables:
                    TABLE:
                      Fn::Sub: arn:aws:dynamodb:ap-southeast-2:\${AWS::AccountId}:table/orders
                    BUCKET: !Sub
                      - 'arn:aws:s3-object-lambda:us-west-2:\${Account}:accesspoint/ap'
                      - { Account: !Ref AWS::AccountId }
        `),
        findings: [
          { messageId: 'arn', line: 8, column: 39 },
          { messageId: 'arn', line: 10, column: 41 },
        ],
        output: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Environment:
                  Variables:
                    TABLE:
                      Fn::Sub: 'arn:aws:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/orders'
                    BUCKET: !Sub
                      - 'arn:aws:s3-object-lambda:\${AWS::Region}:\${Account}:accesspoint/ap'
                      - { Account: !Ref AWS::AccountId }
        `),
      },
      {
        name: 'a plain JSON string becomes an Fn::Sub object',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": { "Layers": ["arn:aws:lambda:eu-central-1:017000801446:layer:Insights:52"] }
              }
            }
          }
        `),
        findings: [{ messageId: 'arn', line: 5, column: 50 }],
        output: dedent(`
          {
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": { "Layers": [{ "Fn::Sub": "arn:aws:lambda:\${AWS::Region}:017000801446:layer:Insights:52" }] }
              }
            }
          }
        `),
      },
      {
        name: 'a JSON Fn::Sub string is edited in place',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": { "Role": { "Fn::Sub": "arn:aws:iam::\${AWS::AccountId}:role/x" }, "DeadLetterConfig": { "TargetArn": { "Fn::Sub": "arn:aws:sqs:us-east-2:\${AWS::AccountId}:dlq" } } }
              }
            }
          }
        `),
        findings: [{ messageId: 'arn', line: 5, column: 148 }],
        output: dedent(`
          {
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": { "Role": { "Fn::Sub": "arn:aws:iam::\${AWS::AccountId}:role/x" }, "DeadLetterConfig": { "TargetArn": { "Fn::Sub": "arn:aws:sqs:\${AWS::Region}:\${AWS::AccountId}:dlq" } } }
              }
            }
          }
        `),
      },
      {
        name: 'a literal availability zone (YAML and a GovCloud zone)',
        code: dedent(`
          Resources:
            A:
              Type: AWS::EC2::Subnet
              Properties:
                AvailabilityZone: us-east-1a
            B:
              Type: AWS::EC2::Subnet
              Properties: { AvailabilityZone: 'us-gov-west-1b' }
        `),
        findings: [
          { messageId: 'az', line: 5, column: 25 },
          { messageId: 'az', line: 8, column: 37 },
        ],
      },
      {
        name: 'a literal availability zone in JSON',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Subnet": { "Type": "AWS::EC2::Subnet", "Properties": { "AvailabilityZone": "eu-west-1b" } }
            }
          }
        `),
        findings: [{ messageId: 'az', line: 3, column: 81 }],
      },
      {
        name: 'Outputs and SAM Globals are checked too',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              Layers: [arn:aws:lambda:sa-east-1:017000801446:layer:Insights:52]
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties: { Handler: index.handler }
          Outputs:
            Topic:
              Value: arn:aws:sns:ca-central-1:123456789012:alerts
        `),
        findings: [
          { messageId: 'arn', line: 4, column: 29 },
          { messageId: 'arn', line: 11, column: 24 },
        ],
        output: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              Layers: [!Sub 'arn:aws:lambda:\${AWS::Region}:017000801446:layer:Insights:52']
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties: { Handler: index.handler }
          Outputs:
            Topic:
              Value: !Sub 'arn:aws:sns:\${AWS::Region}:123456789012:alerts'
        `),
      },
      {
        name: 'each ARN in a multi-line !Sub is located, without a fix',
        code: dedent(`
          Resources:
            Policy:
              Type: AWS::IAM::ManagedPolicy
              Properties:
                PolicyDocument: !Sub |
                  {"Statement": [{"Effect": "Allow", "Action": "sns:Publish",
                    "Resource": ["arn:aws:sns:us-east-1:\${AWS::AccountId}:a", "arn:aws:sns:us-east-1:\${AWS::AccountId}:b"]}]}
        `),
        findings: [
          { messageId: 'arn', line: 7, column: 37 },
          { messageId: 'arn', line: 7, column: 82 },
        ],
      },
      {
        name: 'strict profile warns',
        profile: 'strict',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Role: 'arn:aws:iam::123456789012:role/x', KmsKeyArn: 'arn:aws:kms:eu-north-1:123456789012:key/k' }
        `),
        findings: [{ messageId: 'arn', line: 4, column: 85, severity: 'warning' }],
        output: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Role: 'arn:aws:iam::123456789012:role/x', KmsKeyArn: !Sub 'arn:aws:kms:\${AWS::Region}:123456789012:key/k' }
        `),
      },
    ],
  });
});

describe('resilience/no-hardcoded-region in handler code', () => {
  runCodeRuleTests(noHardcodedRegion, {
    valid: [
      {
        name: 'JS: clients take the region Lambda runs in',
        code: dedent(`
          const { S3Client } = require('@aws-sdk/client-s3');
          const s3 = new S3Client({});
          const other = new S3Client({ region: process.env.AWS_REGION });
          exports.handler = async () => [s3, other, process.env.TOPIC_ARN];
        `),
      },
      {
        name: 'TS: an ARN built from the environment; a region that is no region',
        path: 'handler.ts',
        code: dedent(`
          import { SNSClient } from '@aws-sdk/client-sns';
          const sns = new SNSClient({ region: 'local' });
          export const handler = async () => \`arn:aws:sns:\${process.env.AWS_REGION}:123456789012:events\` + sns;
        `),
      },
      {
        name: 'Python: boto3 without region_name, and a bucket ARN (no region)',
        path: 'app.py',
        code: dedent(`
          import boto3

          s3 = boto3.client("s3")
          BUCKET = "arn:aws:s3:::my-bucket"


          def handler(event, context):
              return s3, BUCKET
        `),
      },
    ],
    invalid: [
      {
        name: 'JS: SDK v3 client with a literal region (fixed to AWS_REGION)',
        code: dedent(`
          const { S3Client } = require('@aws-sdk/client-s3');
          const s3 = new S3Client({ region: 'eu-west-1', maxAttempts: 3 });
          exports.handler = async () => s3;
        `),
        findings: [{ messageId: 'clientRegion', line: 2, column: 35 }],
        output: dedent(`
          const { S3Client } = require('@aws-sdk/client-s3');
          const s3 = new S3Client({ region: process.env.AWS_REGION, maxAttempts: 3 });
          exports.handler = async () => s3;
        `),
      },
      {
        name: 'JS: SDK v2 client and AWS.config.update',
        code: dedent(`
          const AWS = require('aws-sdk');
          AWS.config.update({ region: "us-east-1" });
          const ddb = new AWS.DynamoDB.DocumentClient({ region: "us-east-1" });
          exports.handler = async () => ddb;
        `),
        findings: [
          { messageId: 'clientRegion', line: 2, column: 29 },
          { messageId: 'clientRegion', line: 3, column: 55 },
        ],
        output: dedent(`
          const AWS = require('aws-sdk');
          AWS.config.update({ region: process.env.AWS_REGION });
          const ddb = new AWS.DynamoDB.DocumentClient({ region: process.env.AWS_REGION });
          exports.handler = async () => ddb;
        `),
      },
      {
        name: 'TS: a region in an ARN literal (no fix)',
        path: 'handler.ts',
        code: dedent(`
          const TOPIC = 'arn:aws:sns:eu-central-1:123456789012:orders';
          export const handler = async (): Promise<string> => TOPIC;
        `),
        findings: [{ messageId: 'codeArn', line: 1, column: 28 }],
      },
      {
        name: 'Python: boto3 region_name (import os added)',
        path: 'app.py',
        code: dedent(`
          """Orders."""
          import boto3

          sqs = boto3.client("sqs", region_name="eu-west-1")


          def handler(event, context):
              return sqs
        `),
        findings: [{ messageId: 'clientRegion', line: 4, column: 39 }],
        output: dedent(`
          """Orders."""
          import boto3
          import os

          sqs = boto3.client("sqs", region_name=os.environ["AWS_REGION"])


          def handler(event, context):
              return sqs
        `),
      },
      {
        name: 'Python: a session with region_name when os is imported, and an ARN in an f-string',
        path: 'app.py',
        code: dedent(`
          import os

          import boto3

          session = boto3.Session(region_name='ap-southeast-2')
          QUEUE = f"arn:aws:sqs:ap-southeast-2:{os.environ['ACCOUNT']}:jobs"


          def handler(event, context):
              return session, QUEUE
        `),
        findings: [
          { messageId: 'clientRegion', line: 5, column: 37 },
          { messageId: 'codeArn', line: 6, column: 23 },
        ],
        output: dedent(`
          import os

          import boto3

          session = boto3.Session(region_name=os.environ['AWS_REGION'])
          QUEUE = f"arn:aws:sqs:ap-southeast-2:{os.environ['ACCOUNT']}:jobs"


          def handler(event, context):
              return session, QUEUE
        `),
      },
    ],
  });
});
