/**
 * The Lambda API on loopback through the real AWS SDK (@aws-sdk/client-lambda): Invoke with its
 * headers and log tail, ListFunctions with pagination, GetFunction, GetFunctionConfiguration and
 * AWS's errors; and the doors it keeps shut: foreign Host headers and unsigned or wrongly signed
 * requests.
 */
import {
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  type LambdaClientConfig,
  ListFunctionsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_APP, type Started, startFixtureRuntime } from './helpers';

let started: Started;
let lambda: LambdaClient;

function client(overrides: Partial<LambdaClientConfig> = {}): LambdaClient {
  return new LambdaClient({
    endpoint: started.runtime.endpoint,
    region: 'eu-west-1',
    credentials: started.runtime.credentials,
    // A refusal must reach the test, not be retried (the SDK also retries with a corrected clock).
    maxAttempts: 1,
    ...overrides,
  });
}

beforeAll(async () => {
  started = await startFixtureRuntime();
  lambda = client();
});
afterAll(async () => {
  lambda?.destroy();
  await started?.stop();
});

const text = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString('utf8');

describe('Invoke', () => {
  it('returns the payload, the executed version and the log tail', async () => {
    const out = await lambda.send(
      new InvokeCommand({
        FunctionName: 'ownless-echo',
        Payload: JSON.stringify({ via: 'sdk' }),
        LogType: 'Tail',
      }),
    );
    expect(out.StatusCode).toBe(200);
    expect(out.ExecutedVersion).toBe('$LATEST');
    expect(out.FunctionError).toBeUndefined();
    const body = JSON.parse(text(out.Payload)) as { event: unknown; context: { awsRequestId: string } };
    expect(body.event).toEqual({ via: 'sdk' });
    expect(out.$metadata.requestId).toBe(body.context.awsRequestId);
    const logs = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8');
    const id = body.context.awsRequestId;
    expect(logs).toContain(`START RequestId: ${id} Version: $LATEST`);
    expect(logs).toContain(`END RequestId: ${id}`);
    expect(logs).toMatch(
      new RegExp(`REPORT RequestId: ${id}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms`),
    );
  });

  it('keeps only the last 4 KB of the logs in the tail', async () => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'Echo', Payload: '{"action":"chatty"}', LogType: 'Tail' }),
    );
    const tail = Buffer.from(out.LogResult ?? '', 'base64');
    expect(tail.length).toBe(4096);
    expect(tail.toString('utf8')).toMatch(
      /\tINFO\tline 199 x+\nEND RequestId: [^\n]+\nREPORT RequestId: [^\n]+\n$/,
    );
    expect(tail.toString('utf8')).not.toContain('line 0 ');
  });

  it('reports function errors in X-Amz-Function-Error', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'Echo', Payload: '{"action":"error"}' }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe('Unhandled');
    expect(JSON.parse(text(out.Payload))).toMatchObject({
      errorType: 'RangeError',
      errorMessage: 'out of range',
    });
  });

  it('accepts ARNs (which the SDK encodes, and the signature double-encodes)', async () => {
    const out = await lambda.send(
      new InvokeCommand({
        FunctionName: 'arn:aws:lambda:eu-west-1:000000000000:function:Mjs',
        Qualifier: '$LATEST',
      }),
    );
    expect(JSON.parse(text(out.Payload))).toMatchObject({ format: 'mjs' });
  });

  it('answers Event with 202 and DryRun with 204', async () => {
    const event = await lambda.send(
      new InvokeCommand({ FunctionName: 'Echo', InvocationType: 'Event', Payload: '{}' }),
    );
    expect(event.StatusCode).toBe(202);
    const dry = await lambda.send(new InvokeCommand({ FunctionName: 'Echo', InvocationType: 'DryRun' }));
    expect(dry.StatusCode).toBe(204);
  });

  it('fails as AWS does: unknown function, other version, payload that is not JSON or too large', async () => {
    const notFound = lambda.send(new InvokeCommand({ FunctionName: 'Nope' }));
    await expect(notFound).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(notFound).rejects.toMatchObject({
      message: 'Function not found: arn:aws:lambda:eu-west-1:000000000000:function:Nope',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(
      lambda.send(new InvokeCommand({ FunctionName: 'Echo', Qualifier: '3' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Function not found: arn:aws:lambda:eu-west-1:000000000000:function:Echo:3',
    });
    await expect(
      lambda.send(new InvokeCommand({ FunctionName: 'Echo', Payload: 'not json' })),
    ).rejects.toMatchObject({
      name: 'InvalidRequestContentException',
      $metadata: { httpStatusCode: 400 },
    });
    const tooLarge = JSON.stringify('x'.repeat(6 * 1024 * 1024));
    await expect(
      lambda.send(new InvokeCommand({ FunctionName: 'Echo', Payload: tooLarge })),
    ).rejects.toMatchObject({
      name: 'RequestTooLargeException',
      $metadata: { httpStatusCode: 413 },
    });
  });
});

describe('ListFunctions, GetFunction, GetFunctionConfiguration', () => {
  it('lists every function of the templates, page by page', async () => {
    const names: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await lambda.send(new ListFunctionsCommand({ MaxItems: 5, Marker: marker }));
      expect(page.Functions?.length).toBeLessThanOrEqual(5);
      names.push(...(page.Functions ?? []).map((f) => f.FunctionName ?? ''));
      marker = page.NextMarker;
      pages++;
    } while (marker);
    expect(names).toEqual(started.runtime.functions().map((f) => f.name));
    expect(pages).toBe(Math.ceil(names.length / 5));
    expect(names).toEqual(expect.arrayContaining(['ownless-echo', 'Python', 'TypeScript', 'Java']));
  });

  it('describes a function by either of its names', async () => {
    const out = await lambda.send(new GetFunctionCommand({ FunctionName: 'Echo' }));
    expect(out.Configuration).toMatchObject({
      FunctionName: 'ownless-echo',
      FunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:ownless-echo',
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Timeout: 3,
      MemorySize: 256,
      Version: '$LATEST',
      State: 'Active',
      PackageType: 'Zip',
      Description: 'Echoes its event, context and environment.',
    });
    expect(out.Code?.Location).toBe(`file://${FIXTURE_APP}/node-cjs`);
  });

  it('returns the configuration, with the variables it could resolve', async () => {
    const out = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'ownless-echo' }));
    expect(out.Environment?.Variables).toEqual({
      STAGE: 'test',
      FROM_GLOBALS: 'yes',
      GREETING: 'hello',
      REGION_SEEN: 'eu-west-1',
      QUEUE_ARN: 'arn:aws:sqs:eu-west-1:000000000000:test-queue',
    });
    const java = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'Java' }));
    expect(java).toMatchObject({ State: 'Failed', StateReasonCode: 'InvalidRuntime' });
    await expect(
      lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'Nope' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('security', () => {
  function raw(
    headers: Record<string, string>,
  ): Promise<{ status: number; type: string | undefined; body: string }> {
    const { port } = new URL(started.runtime.endpoint);
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method: 'POST', path: '/2015-03-31/functions/Echo/invocations', headers },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              type: res.headers['x-amzn-errortype'] as string | undefined,
              body,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
  }

  it('listens on 127.0.0.1 only', () => {
    expect(started.runtime.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses a foreign Host header, even on a correctly signed request', async () => {
    const port = new URL(started.runtime.endpoint).port;
    const signedRebinding = client({ endpoint: `http://rebound.example:${port}` });
    // The SDK connects to the name it signs: send it to loopback with the foreign name kept in Host.
    signedRebinding.middlewareStack.add(
      (next) => async (args) => {
        const http = args.request as { hostname: string };
        http.hostname = '127.0.0.1';
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low' },
    );
    await expect(signedRebinding.send(new InvokeCommand({ FunctionName: 'Echo' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    signedRebinding.destroy();
    const plain = await raw({ Host: `localhost.evil.example:${port}` });
    expect(plain).toMatchObject({ status: 403, type: 'AccessDeniedException' });
  });

  it('refuses an unsigned request', async () => {
    const port = new URL(started.runtime.endpoint).port;
    const response = await raw({ Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json' });
    expect(response).toMatchObject({ status: 403, type: 'MissingAuthenticationTokenException' });
    expect(JSON.parse(response.body)).toEqual({ Type: 'User', Message: 'Missing Authentication Token' });
  });

  it('refuses requests signed with the wrong secret, an unknown key or an old date', async () => {
    const { accessKeyId } = started.runtime.credentials;
    const wrongSecret = client({ credentials: { accessKeyId, secretAccessKey: 'not-the-secret' } });
    await expect(wrongSecret.send(new InvokeCommand({ FunctionName: 'Echo' }))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      $metadata: { httpStatusCode: 403 },
    });
    const otherKey = client({ credentials: { accessKeyId: 'AKIAOTHERKEY', secretAccessKey: 'x' } });
    await expect(otherKey.send(new ListFunctionsCommand({}))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      $metadata: { httpStatusCode: 403 },
    });
    const stale = client({ systemClockOffset: -20 * 60 * 1000 });
    await expect(stale.send(new ListFunctionsCommand({}))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      message: expect.stringMatching(/^Signature expired/),
    });
    for (const c of [wrongSecret, otherKey, stale]) c.destroy();
  });
});
