/**
 * Issue 17 items 2 and 5 through real clients configured by the printed environment only: boto3 calls
 * a Python handler that finds the code folder, its layer and boto3 but none of the host's packages; the
 * AWS CLI and boto3 send asynchronous events to a failing function, whose retries end with the records
 * Lambda would send to its on-failure destination and dead-letter queue, in the log.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AsyncOutcome, LocalRuntime, type LogEvent } from '../../src/lambda/local';

const FIDELITY = resolve(__dirname, '../fixtures/lambda/fidelity/template.yaml');
const ASYNC = resolve(__dirname, '../fixtures/lambda/async/template.yaml');
let runtime: LocalRuntime;
let workDir: string;
const outcomes: AsyncOutcome[] = [];
const logs: LogEvent[] = [];

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'ownless-isolation-async-'));
  runtime = await LocalRuntime.start({
    templates: [FIDELITY, ASYNC],
    region: 'eu-north-1',
    cacheDir: join(workDir, 'cache'),
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    prewarm: 0,
    asyncRetryDelayScale: 0.0001,
  });
  runtime.onAsyncOutcome((outcome) => outcomes.push(outcome));
  runtime.onLog((event) => logs.push(event));
});

afterAll(async () => {
  await runtime?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** Runs a program with the printed settings only (and PATH, and a HOME with no AWS config). */
function run(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH,
    HOME: workDir,
    AWS_CONFIG_FILE: join(workDir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(workDir, 'no-credentials'),
    ...runtime.clientEnvironment(),
  };
  return new Promise((done) => {
    execFile(command, args, { env, cwd: workDir }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The outcome of the asynchronous invocation `requestId`, once its retries are over. */
function outcomeOf(requestId: string): Promise<AsyncOutcome> {
  const done = outcomes.find((outcome) => outcome.requestId === requestId);
  if (done) return Promise.resolve(done);
  return new Promise((resolve) => {
    const subscription = runtime.onAsyncOutcome((outcome) => {
      if (outcome.requestId !== requestId) return;
      subscription.dispose();
      resolve(outcome);
    });
  });
}

const BOTO3_ISOLATION = `
import json, boto3
answer = boto3.client("lambda").invoke(FunctionName="PythonIsolation", Payload=json.dumps({"host": ["yaml", "moto"]}))
print(json.dumps(json.loads(answer["Payload"].read())))
`;

const BOTO3_EVENT = `
import json, boto3
answer = boto3.client("lambda").invoke(FunctionName="Fails", InvocationType="Event", Payload=b'{"order": "boto3"}')
print(json.dumps({"status": answer["StatusCode"], "requestId": answer["ResponseMetadata"]["RequestId"]}))
`;

describe('dependency isolation, through boto3', () => {
  it('a Python handler imports its code folder, its layer and boto3, not the host’s moto or yaml', async () => {
    // boto3 and moto are installed for the host's python3 (moto_server is, for this suite).
    const result = await run('python3', ['-c', BOTO3_ISOLATION]);
    expect(result.code).toBe(0);
    const found = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(found).toMatchObject({ layer: 'found', vendored: 'found', json: 'found' });
    expect(found.host).toEqual({
      yaml: "ModuleNotFoundError: No module named 'yaml'",
      moto: "ModuleNotFoundError: No module named 'moto'",
    });
  });
});

describe('asynchronous invocations, through the AWS CLI and boto3', () => {
  it('the AWS CLI’s Event invoke is retried twice, then the records for the destination and DLQ are logged', async () => {
    const payload = join(workDir, 'event.json');
    writeFileSync(payload, '{"order":"cli"}');
    const result = await run('aws', [
      'lambda',
      'invoke',
      '--function-name',
      'Fails',
      '--invocation-type',
      'Event',
      '--payload', // raw bytes in AWS CLI v1 and v2 alike
      `fileb://${payload}`,
      '--debug',
      join(workDir, 'out.json'),
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ StatusCode: 202 });
    const requestId = /x-amzn-RequestId['"]?: ['"]?([0-9a-f-]{36})/i.exec(result.stderr)?.[1];
    expect(requestId).toBeDefined();
    const outcome = await outcomeOf(requestId as string);
    expect(outcome).toMatchObject({ condition: 'RetriesExhausted', attempts: 3 });
    const lines = logs.filter((event) => event.requestId === requestId).map((event) => event.line);
    const record = lines.find((line) => line.includes('to the OnFailure destination SQS FailureQueue'));
    expect(JSON.parse(record?.slice(record.indexOf('{')) ?? '{}')).toMatchObject({
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: { order: 'cli' },
      responsePayload: { errorMessage: 'cannot process order cli' },
    });
    expect(lines).toContainEqual(
      expect.stringContaining('to the dead-letter queue SNS arn:aws:sns:eu-west-1:123456789012:orders-dlq'),
    );
  });

  it('boto3’s Event invoke gets 202 at once, and the same outcome', async () => {
    const result = await run('python3', ['-c', BOTO3_EVENT]);
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout) as { status: number; requestId: string };
    expect(answer.status).toBe(202);
    const outcome = await outcomeOf(answer.requestId);
    expect(outcome.deliveries.map((delivery) => delivery.kind)).toEqual(['OnFailure', 'DeadLetterQueue']);
    expect(outcome.deliveries[1].body).toEqual({ order: 'boto3' });
  });
});
