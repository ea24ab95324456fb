/**
 * Asynchronous invocations as Lambda runs them (issue 17, item 5): retries of a failed event
 * (MaximumRetryAttempts, MaximumEventAgeInSeconds), and the records Lambda would send to the
 * destinations and the dead-letter queue, on test/fixtures/lambda/async. Lambda's waits between
 * attempts (1 and 2 minutes) are scaled down; the tests wait for each invocation's outcome event.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AsyncOutcome, LocalRuntime, type LogEvent } from '../../../src/lambda/local';
import { parentEnv } from './helpers';

const TEMPLATE = resolve(__dirname, '../../fixtures/lambda/async/template.yaml');
let runtime: LocalRuntime;
let cacheDir: string;
let lambda: LambdaClient;
const logs: LogEvent[] = [];

beforeAll(async () => {
  cacheDir = mkdtempSync(join(tmpdir(), 'ownless-async-'));
  runtime = await LocalRuntime.start({
    templates: [TEMPLATE],
    region: 'eu-west-1',
    cacheDir,
    env: parentEnv(),
    prewarm: 0,
    asyncRetryDelayScale: 0.0001, // 6 ms and 12 ms for Lambda's 1 and 2 minutes
  });
  runtime.onLog((event) => logs.push(event));
  lambda = new LambdaClient({
    endpoint: runtime.endpoint,
    region: 'eu-west-1',
    credentials: runtime.credentials,
    maxAttempts: 1,
  });
});

afterAll(async () => {
  lambda?.destroy();
  await runtime?.stop();
  rmSync(cacheDir, { recursive: true, force: true });
});

/** Invokes `name` asynchronously through the Lambda API and waits for the end of its retries. */
async function invokeEvent(name: string, payload: unknown): Promise<AsyncOutcome> {
  let requestId: string | undefined;
  const early: AsyncOutcome[] = [];
  let found: ((outcome: AsyncOutcome) => void) | undefined;
  const subscription = runtime.onAsyncOutcome((outcome) => {
    if (outcome.requestId === requestId) found?.(outcome);
    else early.push(outcome);
  });
  try {
    const answer = await lambda.send(
      new InvokeCommand({
        FunctionName: name,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify(payload)),
      }),
    );
    expect(answer.StatusCode).toBe(202);
    requestId = answer.$metadata.requestId;
    const already = early.find((outcome) => outcome.requestId === requestId);
    return already ?? (await new Promise<AsyncOutcome>((resolve) => (found = resolve)));
  } finally {
    subscription.dispose();
  }
}

const linesOf = (requestId: string): string[] =>
  logs.filter((event) => event.requestId === requestId).map((event) => event.line);

describe('a failed asynchronous event', () => {
  it('is retried twice, then its record goes to the on-failure destination and the event to the DLQ', async () => {
    const outcome = await invokeEvent('Fails', { order: 42 });
    expect(outcome).toMatchObject({ condition: 'RetriesExhausted', attempts: 3 });
    const lines = linesOf(outcome.requestId);
    expect(lines.filter((line) => line.startsWith('START RequestId: '))).toHaveLength(3);
    expect(lines.filter((line) => line.includes('retry'))).toEqual([
      expect.stringMatching(/retry 1 of 2 in 60 s, as Lambda does/),
      expect.stringMatching(/retry 2 of 2 in 120 s, as Lambda does/),
    ]);
    const [destination, dlq] = outcome.deliveries;
    expect(destination).toMatchObject({
      kind: 'OnFailure',
      destination: { target: 'FailureQueue', type: 'SQS' },
      body: {
        version: '1.0',
        requestContext: {
          requestId: outcome.requestId,
          functionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:Fails:$LATEST',
          condition: 'RetriesExhausted',
          approximateInvokeCount: 3,
        },
        requestPayload: { order: 42 },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        responsePayload: { errorType: 'Error', errorMessage: 'cannot process order 42' },
      },
    });
    expect(Date.parse((destination.body as { timestamp: string }).timestamp)).not.toBeNaN();
    expect(dlq).toMatchObject({
      kind: 'DeadLetterQueue',
      destination: { target: 'arn:aws:sns:eu-west-1:123456789012:orders-dlq', type: 'SNS' },
      body: { order: 42 },
      attributes: { RequestID: outcome.requestId, ErrorCode: 200, ErrorMessage: 'cannot process order 42' },
    });
    expect(lines).toContainEqual(
      expect.stringContaining(
        'Lambda would send this invocation record to the OnFailure destination SQS FailureQueue (not sent locally): {"version":"1.0"',
      ),
    );
  });

  it('is not retried with MaximumRetryAttempts 0, and says nothing keeps it', async () => {
    const outcome = await invokeEvent('FailsOnce', { order: 1 });
    expect(outcome).toMatchObject({ condition: 'RetriesExhausted', attempts: 1, deliveries: [] });
    expect(linesOf(outcome.requestId)).toContainEqual(
      expect.stringMatching(
        /discarded after 1 attempt .*no on-failure destination or dead-letter queue keeps it/,
      ),
    );
  });

  it('is given up when its next retry would be older than MaximumEventAgeInSeconds', async () => {
    // 90 s: the first retry (after 1 minute) runs, the second (2 minutes later) would be too old.
    const outcome = await invokeEvent('FailsAged', { order: 2 });
    expect(outcome).toMatchObject({ condition: 'EventAgeExceeded', attempts: 2 });
    expect(outcome.deliveries[0]).toMatchObject({
      kind: 'OnFailure',
      destination: { type: 'Lambda', target: 'arn:aws:lambda:eu-west-1:123456789012:function:on-failure' },
      body: { requestContext: { condition: 'EventAgeExceeded', approximateInvokeCount: 2 } },
    });
  });

  it('reads AWS::Lambda::EventInvokeConfig and DeadLetterConfig of a CloudFormation function', async () => {
    const outcome = await invokeEvent('PlainFails', { order: 3 });
    expect(outcome).toMatchObject({ condition: 'RetriesExhausted', attempts: 2 });
    expect(outcome.deliveries.map((delivery) => [delivery.kind, delivery.destination])).toEqual([
      ['OnFailure', { target: 'FailureTopic', type: undefined }],
      ['DeadLetterQueue', { target: 'arn:aws:sqs:eu-west-1:123456789012:plain-dlq', type: 'SQS' }],
    ]);
  });
});

describe('a retried event that succeeds', () => {
  it('sends its record to the on-success destination', async () => {
    const outcome = await invokeEvent('Flaky', { order: 7 });
    expect(outcome).toMatchObject({ condition: 'Success', attempts: 2 });
    expect(outcome.deliveries).toEqual([
      {
        kind: 'OnSuccess',
        destination: {
          target: 'arn:aws:events:eu-west-1:123456789012:event-bus/orders',
          type: 'EventBridge',
        },
        body: expect.objectContaining({
          requestContext: expect.objectContaining({ condition: 'Success', approximateInvokeCount: 2 }),
          responseContext: { statusCode: 200, executedVersion: '$LATEST' },
          responsePayload: { processed: 7, attempt: 2 },
        }),
      },
    ]);
  });
});

describe('stopping the runtime', () => {
  it('drops an event waiting for its retry', async () => {
    const slow = await LocalRuntime.start({
      templates: [TEMPLATE],
      region: 'eu-west-1',
      cacheDir,
      env: parentEnv(),
      prewarm: 0,
    });
    const failed = new Promise<void>((resolve) =>
      slow.onLog((event) => {
        if (event.line.includes('retry 1 of 2 in 60 s')) resolve();
      }),
    );
    await slow.invoke('Fails', '{"order":5}', { invocationType: 'Event' });
    await failed; // now waiting a real minute
    const started = Date.now();
    await slow.stop();
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
