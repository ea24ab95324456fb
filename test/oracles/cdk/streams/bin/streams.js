#!/usr/bin/env node
// A stream-processing app written in one JavaScript file: stacks made in place, no classes.
const cdk = require('aws-cdk-lib');
const { aws_lambda: lambda, aws_dynamodb: dynamodb, aws_kinesis: kinesis, aws_sqs: sqs } = require('aws-cdk-lib');
const sources = require('aws-cdk-lib/aws-lambda-event-sources');
const scheduler = require('aws-cdk-lib/aws-scheduler');
const { LambdaInvoke } = require('aws-cdk-lib/aws-scheduler-targets');
const ec2 = require('aws-cdk-lib/aws-ec2');
const efs = require('aws-cdk-lib/aws-efs');
const apigw = require('aws-cdk-lib/aws-apigateway');
const { HttpApi } = require('aws-cdk-lib/aws-apigatewayv2');
const { HttpLambdaIntegration } = require('aws-cdk-lib/aws-apigatewayv2-integrations');
const { Duration } = cdk;

const app = new cdk.App();
const stack = new cdk.Stack(app, 'Streams');
const code = lambda.Code.fromAsset('handlers');
const RUNTIME = lambda.Runtime.PYTHON_3_13;

const stream = new kinesis.Stream(stack, 'Clicks', { shardCount: 1 });
const table = new dynamodb.Table(stack, 'Sessions', {
  partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
  stream: dynamodb.StreamViewType.NEW_IMAGE,
});
const failures = new sqs.Queue(stack, 'Failures');

const clicks = new lambda.Function(stack, 'ClickCounter', {
  runtime: RUNTIME,
  handler: 'index.handler',
  code,
  timeout: Duration.minutes(1),
  currentVersionOptions: { provisionedConcurrentExecutions: 3 },
});
clicks.addEventSource(new sources.KinesisEventSource(stream, {
  startingPosition: lambda.StartingPosition.LATEST,
  retryAttempts: 2,
  onFailure: new sources.SqsDlq(failures),
}));
clicks.addAlias('prod');

const sessions = new lambda.Function(stack, 'SessionWriter', {
  runtime: RUNTIME,
  handler: 'index.handler',
  code,
  memorySize: 10240,
});
sessions.addEventSource(new sources.DynamoEventSource(table, {
  startingPosition: lambda.StartingPosition.TRIM_HORIZON,
  maxBatchingWindow: Duration.seconds(5),
}));
const live = new lambda.Alias(stack, 'SessionsLive', { aliasName: 'live', version: sessions.currentVersion });
live.addAutoScaling({ minCapacity: 2, maxCapacity: 8 });

const digest = new lambda.Function(stack, 'Digest', { runtime: RUNTIME, handler: 'index.handler', code });
digest.configureAsyncInvoke({ onFailure: new (require('aws-cdk-lib/aws-lambda-destinations').SqsDestination)(failures) });
new scheduler.Schedule(stack, 'Hourly', {
  schedule: scheduler.ScheduleExpression.rate(Duration.hours(1)),
  target: new LambdaInvoke(digest, {}),
});

new lambda.SingletonFunction(stack, 'Janitor', {
  uuid: '2a9c7a4e-5c1f-4d8e-9b3a-6f0e1d2c3b4a',
  runtime: RUNTIME,
  handler: 'index.handler',
  code,
  timeout: Duration.seconds(30),
});

// The network stack: a file system and an API.
const network = new cdk.Stack(app, 'Network');
const networkCode = lambda.Code.fromAsset('handlers'); // an asset belongs to one stack
const vpc = new ec2.Vpc(network, 'Vpc', { maxAzs: 2, natGateways: 0 });
const fileSystem = new efs.FileSystem(network, 'Shared', { vpc });
const accessPoint = fileSystem.addAccessPoint('Data', { path: '/data' });
const indexer = new lambda.Function(network, 'Indexer', {
  runtime: RUNTIME,
  handler: 'index.handler',
  code: networkCode,
  vpc,
  vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  filesystem: lambda.FileSystem.fromEfsAccessPoint(accessPoint, '/mnt/data'),
  ephemeralStorageSize: cdk.Size.mebibytes(4096),
});
new apigw.LambdaRestApi(network, 'Search', { handler: indexer });
const status = new lambda.Function(network, 'Status', {
  runtime: RUNTIME,
  handler: 'index.handler',
  code: networkCode,
  architecture: lambda.Architecture.ARM_64,
});
new HttpApi(network, 'StatusApi', { defaultIntegration: new HttpLambdaIntegration('StatusIntegration', status) });
status.addFunctionUrl();
