// An order pipeline: an API, a queue worker, a nightly report, and an image-based converter.
import { Duration, Size, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as sqs from 'aws-cdk-lib/aws-sqs';

const WORKER_MEMORY = 1769;
const WORKER_TIMEOUT = Duration.seconds(45);

/** What every function of the stack shares. */
const common = {
  runtime: lambda.Runtime.NODEJS_22_X,
  architecture: lambda.Architecture.ARM_64,
  memorySize: 512,
};

export class OrdersStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Network', { maxAzs: 2, natGateways: 0 });
    const failed = new sqs.Queue(this, 'FailedOrders');
    const orders = new sqs.Queue(this, 'Orders', {
      visibilityTimeout: Duration.minutes(2),
      deadLetterQueue: { queue: failed, maxReceiveCount: 3 },
    });
    const audit = new sqs.Queue(this, 'Audit');

    const worker = new lambda.Function(this, 'Worker', {
      ...common,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('lambda'),
      memorySize: WORKER_MEMORY,
      timeout: WORKER_TIMEOUT,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      reservedConcurrentExecutions: 10,
      ephemeralStorageSize: Size.gibibytes(2),
    });
    worker.addEventSource(new SqsEventSource(orders, { batchSize: 10 }));

    const auditor = new lambda.Function(this, 'Auditor', {
      ...common,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('lambda'),
      timeout: Duration.seconds(20),
      deadLetterQueue: audit,
    });
    auditor.addEventSource(new SqsEventSource(audit, { maxBatchingWindow: Duration.seconds(10) }));

    const api = new NodejsFunction(this, 'Api', {
      entry: 'src/api.ts',
      memorySize: 256,
      timeout: Duration.seconds(10),
    });
    api.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    new lambda.Alias(this, 'ApiLive', {
      aliasName: 'live',
      version: api.currentVersion,
      provisionedConcurrentExecutions: 2,
    });

    const report = new lambda.Function(this, 'NightlyReport', {
      ...common,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('lambda'),
      timeout: Duration.minutes(15),
    });
    new events.Rule(this, 'Nightly', {
      schedule: events.Schedule.cron({ minute: '0', hour: '2' }),
      targets: [new targets.LambdaFunction(report)],
    });
    new events.Rule(this, 'KeepWarm', {
      description: 'keep the API warm',
      schedule: events.Schedule.rate(Duration.minutes(5)),
      targets: [new targets.LambdaFunction(api, { event: events.RuleTargetInput.fromObject({ warmer: true }) })],
    });

    new lambda.DockerImageFunction(this, 'Converter', {
      code: lambda.DockerImageCode.fromImageAsset('image'),
      memorySize: 3008,
      timeout: Duration.seconds(120),
    });
  }
}
