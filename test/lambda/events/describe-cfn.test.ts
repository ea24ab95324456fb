/** describeEventSources on a CloudFormation template: mappings, schedules, URLs and the resources that name the function. */
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

const CFN = `
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: processor
      Handler: index.handler
      Runtime: nodejs20.x
      Role: !GetAtt FnRole.Arn
      Code: { ZipFile: 'exports.handler = async () => {}' }
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: processor-role
      AssumeRolePolicyDocument: {}
  QueueMapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn
      EventSourceArn: arn:aws:sqs:us-west-2:111122223333:incoming
  StreamMapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !GetAtt Fn.Arn
      EventSourceArn: arn:aws:kinesis:us-west-2:111122223333:stream/telemetry
      StartingPosition: LATEST
  TableMapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: processor
      EventSourceArn: arn:aws:dynamodb:us-west-2:111122223333:table/users/stream/2024-02-01T00:00:00.000
      StartingPosition: LATEST
  Every5:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: rate(5 minutes)
      Targets:
        - Id: fn
          Arn: !GetAtt Fn.Arn
          Input: '{"ping": true}'
  Daily:
    Type: AWS::Scheduler::Schedule
    Properties:
      Name: daily-report
      GroupName: reports
      ScheduleExpression: cron(0 8 * * ? *)
      FlexibleTimeWindow: { Mode: 'OFF' }
      Target:
        Arn: !GetAtt Fn.Arn
        RoleArn: arn:aws:iam::111122223333:role/scheduler
  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !Ref Fn
      AuthType: NONE
  Pattern:
    Type: AWS::Events::Rule
    Properties:
      EventPattern:
        source: [aws.s3]
        detail-type: [Object Created]
      Targets:
        - Id: fn
          Arn: !GetAtt Fn.Arn
          InputPath: $.detail
  Subscription:
    Type: AWS::SNS::Subscription
    Properties:
      Protocol: lambda
      Endpoint: !GetAtt Fn.Arn
      TopicArn: !Ref Topic
  Topic:
    Type: AWS::SNS::Topic
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: reports-bucket
      NotificationConfiguration:
        LambdaConfigurations:
          - Event: s3:ObjectRemoved:*
            Function: !GetAtt Fn.Arn
  RestApi:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api }
  Items:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref RestApi
      ParentId: !GetAtt RestApi.RootResourceId
      PathPart: items
  Item:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref RestApi
      ParentId: !Ref Items
      PathPart: '{itemId}'
  GetItem:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref RestApi
      ResourceId: !Ref Item
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref RestApi
      StageName: v1
      DeploymentId: abc
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: http, ProtocolType: HTTP }
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref HttpApi
      IntegrationType: AWS_PROXY
      IntegrationUri: !GetAtt Fn.Arn
      PayloadFormatVersion: '2.0'
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref HttpApi
      RouteKey: DELETE /items/{itemId}
      Target: !Sub integrations/\${Integration}
`;

describe('describeEventSources on a CloudFormation template', () => {
  const all = sources(CFN, 'Fn');
  const byName = (name: string) => all.find((s) => s.name === name);

  it('finds every source, named by the resource that links it', () => {
    expect(all.map((s) => [s.name, s.kind])).toEqual([
      ['QueueMapping', 'sqs'],
      ['StreamMapping', 'kinesis'],
      ['TableMapping', 'dynamodb'],
      ['Every5', 'schedule'],
      ['Daily', 'schedule'],
      ['Url', 'function-url'],
      ['Pattern', 'eventbridge'],
      ['Subscription', 'sns'],
      ['Bucket', 's3'],
      ['GetItem', 'apigateway-rest'],
      ['Route', 'apigateway-http'],
    ]);
    for (const sample of samplesForFunction(all)) expect(() => JSON.parse(sample.text)).not.toThrow();
  });

  it('event source mappings by the service of their ARN, with region and account from the ARN', () => {
    expect(firstRecord(sampleEvent('sqs', byName('QueueMapping')?.params))).toMatchObject({
      eventSourceARN: 'arn:aws:sqs:us-west-2:111122223333:incoming',
      awsRegion: 'us-west-2',
    });
    const kinesis = firstRecord(sampleEvent('kinesis', byName('StreamMapping')?.params));
    expect(kinesis.eventSourceARN).toBe('arn:aws:kinesis:us-west-2:111122223333:stream/telemetry');
    expect(kinesis.invokeIdentityArn).toBe('arn:aws:iam::123456789012:role/processor-role');
    expect(firstRecord(sampleEvent('dynamodb', byName('TableMapping')?.params)).eventSourceARN).toBe(
      'arn:aws:dynamodb:us-west-2:111122223333:table/users/stream/2024-02-01T00:00:00.000',
    );
  });

  it('schedules linked in fn.schedules: the rule input, the Scheduler schedule with its group', () => {
    expect(sampleEvent('schedule', byName('Every5')?.params)).toEqual({ ping: true });
    expect(byName('Every5')?.placeholders).toEqual(['ruleName']);
    const daily = obj(sampleEvent('schedule', byName('Daily')?.params));
    expect(daily.resources).toEqual([
      'arn:aws:scheduler:us-east-1:123456789012:schedule/reports/daily-report',
    ]);
    expect(byName('Daily')?.summary).toBe('cron(0 8 * * ? *)');
  });

  it('function URLs, SNS subscriptions, bucket notifications, rules with a pattern', () => {
    expect(byName('Url')?.params.authType).toBe('NONE');
    expect(byName('Subscription')?.placeholders).toEqual(['topic']);
    expect(byName('Subscription')?.params.topic).toMatch(/^sam-app-Topic-/);
    expect(byName('Bucket')?.params).toMatchObject({
      bucket: 'reports-bucket',
      eventName: 'ObjectRemoved:Delete',
    });
    expect(byName('Pattern')?.params).toMatchObject({
      source: 'aws.s3',
      detailType: 'Object Created',
      inputPath: '$.detail',
    });
    // InputPath $.detail: the function gets the detail alone.
    expect(sampleEvent('eventbridge', byName('Pattern')?.params)).toEqual({
      message: 'Hello from EventBridge!',
    });
  });

  it('API Gateway methods (path from the resource chain, stage) and HTTP API routes', () => {
    expect(byName('GetItem')?.params).toMatchObject({ path: '/items/{itemId}', method: 'GET', stage: 'v1' });
    const rest = obj(sampleEvent('apigateway-rest', byName('GetItem')?.params));
    expect([rest.path, obj(rest.requestContext).path]).toEqual(['/items/123', '/v1/items/123']);
    const route = obj(sampleEvent('apigateway-http', byName('Route')?.params));
    expect([route.routeKey, route.rawPath, route.pathParameters]).toEqual([
      'DELETE /items/{itemId}',
      '/items/123',
      { itemId: '123' },
    ]);
  });

  it('a function nothing invokes has no sources', () => {
    const text = `
Resources:
  Lonely:
    Type: AWS::Lambda::Function
    Properties: { Handler: a.b, Runtime: nodejs20.x, Role: arn:aws:iam::123456789012:role/r, Code: { ZipFile: x } }
`;
    expect(sources(text, 'Lonely')).toEqual([]);
  });
});
