/** describeEventSources on a SAM template: each event type, with what the template knows literally. */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/core/formats/cloudformation/build';
import { parseTemplate } from '../../../src/core/formats/cloudformation/template';
import {
  type EventSourceDescription,
  describeEventSources,
  sampleEvent,
  samplesForFunction,
} from '../../../src/lambda/events';

function sources(text: string, fnId: string, options = {}): EventSourceDescription[] {
  const model = buildModel(parseTemplate(text, 'template.yaml'));
  const fn = model.functions.find((f) => f.id === fnId);
  if (!fn) throw new Error(`no function ${fnId}`);
  return describeEventSources(fn, model, options);
}

type Json = Record<string, unknown>;
const obj = (value: unknown) => value as Json;
const firstRecord = (event: unknown) => (event as { Records: Json[] }).Records[0];

const SAM = `
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Env:
    Type: String
    Default: dev
  ExternalTopic:
    Type: String
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      CodeUri: src/api
      FunctionUrlConfig:
        AuthType: AWS_IAM
      Events:
        PostOrder:
          Type: HttpApi
          Properties:
            Path: /orders
            Method: POST
        GetOrder:
          Type: Api
          Properties:
            Path: /orders/{id}
            Method: get
            RestApiId: !Ref PublicApi
        CatchAll:
          Type: HttpApi
        Legacy:
          Type: HttpApi
          Properties:
            Path: /legacy
            Method: GET
            PayloadFormatVersion: '1.0'
  PublicApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: !Ref Env
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.worker
      Runtime: nodejs20.x
      Role: arn:aws:iam::111122223333:role/worker
      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue: !GetAtt JobsQueue.Arn
        Unnamed:
          Type: SQS
          Properties:
            Queue: !GetAtt UnnamedQueue.Arn
        Literal:
          Type: SQS
          Properties:
            Queue: arn:aws:sqs:eu-west-1:111122223333:literal-queue
        Subbed:
          Type: SQS
          Properties:
            Queue: !Sub arn:\${AWS::Partition}:sqs:\${AWS::Region}:\${AWS::AccountId}:\${Env}-jobs
        Alerts:
          Type: SNS
          Properties:
            Topic: !Ref AlertsTopic
        External:
          Type: SNS
          Properties:
            Topic: !Ref ExternalTopic
        Buffered:
          Type: SNS
          Properties:
            Topic: arn:aws:sns:us-east-1:123456789012:buffered
            SqsSubscription: true
        Uploads:
          Type: S3
          Properties:
            Bucket: !Ref UploadsBucket
            Events: s3:ObjectCreated:*
            Filter:
              S3Key:
                Rules:
                  - Name: prefix
                    Value: incoming/
                  - Name: suffix
                    Value: .csv
        Changes:
          Type: DynamoDB
          Properties:
            Stream: !GetAtt OrdersTable.StreamArn
            StartingPosition: LATEST
        Clicks:
          Type: Kinesis
          Properties:
            Stream: !GetAtt ClickStream.Arn
            StartingPosition: LATEST
        OrderPlaced:
          Type: EventBridgeRule
          Properties:
            Pattern:
              source: [com.shop.orders]
              detail-type: [Order Placed]
              detail:
                status: [PLACED]
                total: [{ numeric: ['>', 100] }]
                region: [{ prefix: eu- }]
        Nightly:
          Type: Schedule
          Properties:
            Schedule: cron(0 2 * * ? *)
            Input: '{"job": "cleanup"}'
        Hourly:
          Type: ScheduleV2
          Properties:
            ScheduleExpression: rate(1 hour)
        Named:
          Type: Schedule
          Properties:
            Schedule: rate(5 minutes)
            Name: keep-warm
        Kafka:
          Type: MSK
          Properties:
            Stream: arn:aws:kafka:us-east-1:123456789012:cluster/c/abc
            Topics: [t]
  JobsQueue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: jobs
  UnnamedQueue:
    Type: AWS::SQS::Queue
  AlertsTopic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: alerts
  UploadsBucket:
    Type: AWS::S3::Bucket
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: orders
      AttributeDefinitions:
        - { AttributeName: pk, AttributeType: S }
        - { AttributeName: sk, AttributeType: N }
      KeySchema:
        - { AttributeName: pk, KeyType: HASH }
        - { AttributeName: sk, KeyType: RANGE }
      StreamSpecification:
        StreamViewType: NEW_IMAGE
  ClickStream:
    Type: AWS::Kinesis::Stream
    Properties:
      Name: clicks
      ShardCount: 1
`;

describe('describeEventSources on a SAM template', () => {
  it('HTTP events: HttpApi POST /orders becomes an HTTP API sample with rawPath /orders and method POST', () => {
    const api = sources(SAM, 'Api');
    expect(api.map((s) => [s.kind, s.name, s.summary])).toEqual([
      ['apigateway-http', 'PostOrder', 'POST /orders'],
      ['apigateway-rest', 'GetOrder', 'GET /orders/{id}'],
      ['apigateway-http', 'CatchAll', '$default'],
      ['apigateway-http', 'Legacy', 'GET /legacy'],
      ['function-url', 'FunctionUrlConfig', 'auth AWS_IAM'],
    ]);
    expect(api[0].params).toMatchObject({ path: '/orders', method: 'POST', stage: '$default' });
    const [post, get, catchAll, legacy, url] = samplesForFunction(api).map((s) => obj(s.event));
    expect(post.rawPath).toBe('/orders');
    expect(obj(obj(post.requestContext).http).method).toBe('POST');
    expect(post.routeKey).toBe('POST /orders');
    // The named REST API's stage is a parameter's default.
    expect(get.resource).toBe('/orders/{id}');
    expect(obj(get.requestContext).stage).toBe('dev');
    expect(obj(get.requestContext).path).toBe('/dev/orders/123');
    expect(catchAll.routeKey).toBe('$default');
    expect(legacy.version).toBe('1.0');
    expect(obj(url.requestContext).authorizer).toBeDefined();
  });

  it('queues: literal names, names of queues in the template, generated names as placeholders, Fn::Sub ARNs', () => {
    const worker = sources(SAM, 'Worker');
    const sqs = worker.filter((s) => s.kind === 'sqs');
    expect(sqs.map((s) => s.name)).toEqual(['Jobs', 'Unnamed', 'Literal', 'Subbed', 'Buffered']);
    const [jobs, unnamed, literal, subbed] = sqs;
    expect(jobs.params.queue).toBe('jobs');
    expect(jobs.placeholders).toEqual([]);
    expect(unnamed.params.queue).toMatch(/^sam-app-UnnamedQueue-[A-Z0-9]{12}$/);
    expect(unnamed.placeholders).toEqual(['queue']);
    expect(literal.params.queue).toBe('arn:aws:sqs:eu-west-1:111122223333:literal-queue');
    expect(subbed.params.queue).toBe('arn:aws:sqs:us-east-1:123456789012:dev-jobs');
    const events = samplesForFunction(sqs).map((s) => firstRecord(s.event));
    expect(events[0].eventSourceARN).toBe('arn:aws:sqs:us-east-1:123456789012:jobs');
    expect(events[2]).toMatchObject({
      eventSourceARN: 'arn:aws:sqs:eu-west-1:111122223333:literal-queue',
      awsRegion: 'eu-west-1',
    });
  });

  it('topics: a topic in the template, a parameter without default (placeholder), an SQS-buffered subscription', () => {
    const worker = sources(SAM, 'Worker');
    const alerts = worker.find((s) => s.name === 'Alerts');
    expect(alerts).toMatchObject({ kind: 'sns', params: { topic: 'alerts' }, placeholders: [] });
    const external = worker.find((s) => s.name === 'External');
    expect(external).toMatchObject({ kind: 'sns', placeholders: ['topic'] });
    expect(obj(firstRecord(sampleEvent('sns', external?.params)).Sns).TopicArn).toMatch(
      /^arn:aws:sns:us-east-1:123456789012:/,
    );
    const buffered = worker.find((s) => s.name === 'Buffered');
    expect(buffered).toMatchObject({
      kind: 'sqs',
      params: { fromTopic: 'arn:aws:sns:us-east-1:123456789012:buffered' },
    });
    const body = JSON.parse(firstRecord(sampleEvent('sqs', buffered?.params)).body as string);
    expect(body.TopicArn).toBe('arn:aws:sns:us-east-1:123456789012:buffered');
  });

  it('S3: the bucket (generated name, lowercase), the event name, a key matching the filter', () => {
    const uploads = sources(SAM, 'Worker').find((s) => s.name === 'Uploads');
    expect(uploads?.kind).toBe('s3');
    expect(uploads?.params).toMatchObject({ eventName: 'ObjectCreated:Put', key: 'incoming/sample.csv' });
    expect(uploads?.params.bucket).toMatch(/^sam-app-uploadsbucket-[a-z0-9]{12}$/);
    expect(uploads?.placeholders).toEqual(['bucket']);
    const record = firstRecord(sampleEvent('s3', uploads?.params));
    expect(obj(obj(record.s3).object).key).toBe('incoming/sample.csv');
  });

  it("DynamoDB and Kinesis: the table's keys and stream view type, the stream name, the function's role", () => {
    const worker = sources(SAM, 'Worker');
    const changes = worker.find((s) => s.name === 'Changes');
    expect(changes).toMatchObject({
      kind: 'dynamodb',
      params: {
        table: 'orders',
        streamViewType: 'NEW_IMAGE',
        tableKeys: [
          { name: 'pk', type: 'S' },
          { name: 'sk', type: 'N' },
        ],
      },
    });
    const insert = firstRecord(sampleEvent('dynamodb', changes?.params));
    expect(Object.keys(obj(insert.dynamodb).Keys as Json)).toEqual(['pk', 'sk']);
    expect(insert.eventSourceARN).toMatch(/:table\/orders\/stream\//);
    const clicks = worker.find((s) => s.name === 'Clicks');
    expect(clicks).toMatchObject({
      kind: 'kinesis',
      params: { stream: 'clicks', role: 'arn:aws:iam::111122223333:role/worker' },
    });
    expect(firstRecord(sampleEvent('kinesis', clicks?.params)).invokeIdentityArn).toBe(
      'arn:aws:iam::111122223333:role/worker',
    );
  });

  it('EventBridge rules: source, detail-type and a detail matching the pattern', () => {
    const rule = sources(SAM, 'Worker').find((s) => s.name === 'OrderPlaced');
    expect(rule).toMatchObject({ kind: 'eventbridge', summary: 'com.shop.orders / Order Placed' });
    const event = obj(sampleEvent('eventbridge', rule?.params));
    expect(event).toMatchObject({ source: 'com.shop.orders', 'detail-type': 'Order Placed' });
    expect(event.detail).toEqual({ status: 'PLACED', total: 101, region: 'eu-example' });
  });

  it('schedules: Input sent instead of the event, Scheduler names, named rules; unsupported types skipped', () => {
    const worker = sources(SAM, 'Worker');
    const nightly = worker.find((s) => s.name === 'Nightly');
    expect(nightly).toMatchObject({
      kind: 'schedule',
      summary: 'cron(0 2 * * ? *)',
      params: { input: '{"job": "cleanup"}' },
    });
    expect(sampleEvent('schedule', nightly?.params)).toEqual({ job: 'cleanup' });
    const hourly = worker.find((s) => s.name === 'Hourly');
    expect(hourly?.params).toMatchObject({ scheduler: true, ruleName: 'WorkerHourly' });
    expect(obj(sampleEvent('schedule', hourly?.params)).resources).toEqual([
      'arn:aws:scheduler:us-east-1:123456789012:schedule/default/WorkerHourly',
    ]);
    const named = worker.find((s) => s.name === 'Named');
    expect(obj(sampleEvent('schedule', named?.params)).resources).toEqual([
      'arn:aws:events:us-east-1:123456789012:rule/keep-warm',
    ]);
    expect(worker.find((s) => s.name === 'Kafka')).toBeUndefined();
  });

  it('takes the region, account and stack name from the options', () => {
    const worker = sources(SAM, 'Worker', {
      region: 'eu-north-1',
      account: '999988887777',
      stackName: 'shop',
    });
    const unnamed = worker.find((s) => s.name === 'Unnamed');
    expect(unnamed?.params.queue).toMatch(/^shop-UnnamedQueue-/);
    expect(firstRecord(sampleEvent('sqs', unnamed?.params)).eventSourceARN).toMatch(
      /^arn:aws:sqs:eu-north-1:999988887777:shop-UnnamedQueue-/,
    );
    const subbed = worker.find((s) => s.name === 'Subbed');
    expect(subbed?.params.queue).toBe('arn:aws:sqs:eu-north-1:999988887777:dev-jobs');
  });

  it('without options, leaves the region to samplesForFunction defaults', () => {
    const worker = sources(SAM, 'Worker');
    const jobs = worker.find((s) => s.name === 'Jobs');
    expect(jobs?.params).not.toHaveProperty('region');
    const [sample] = samplesForFunction(jobs ? [jobs] : [], { region: 'sa-east-1' });
    expect(firstRecord(sample.event).eventSourceARN).toBe('arn:aws:sqs:sa-east-1:123456789012:jobs');
  });

  it('a named API whose stage is decided at deploy time marks the stage as a placeholder', () => {
    const text = SAM.replace('StageName: !Ref Env', 'StageName: !Ref ExternalTopic');
    const get = sources(text, 'Api').find((s) => s.name === 'GetOrder');
    expect(get?.placeholders).toEqual(['stage']);
    expect(get?.params.stage).toBe('Prod');
  });
});
