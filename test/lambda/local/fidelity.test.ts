/**
 * Where code that works locally must work on Lambda and the reverse (issue 17): the small mismatches
 * (reserved variables, the qualifier in invokedFunctionArn, results JSON cannot hold per runtime
 * version, Python's Decimal and bytes, malformed names, over-long client contexts) and Python's context
 * objects, on the fixture app test/fixtures/lambda/fidelity.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LambdaApiError, LocalRuntime } from '../../../src/lambda/local';
import { json, parentEnv } from './helpers';

const TEMPLATE = resolve(__dirname, '../../fixtures/lambda/fidelity/template.yaml');
let runtime: LocalRuntime;
let cacheDir: string;
let lambda: LambdaClient;

beforeAll(async () => {
  cacheDir = mkdtempSync(join(tmpdir(), 'ownless-fidelity-'));
  runtime = await LocalRuntime.start({
    templates: [TEMPLATE],
    region: 'eu-west-3',
    cacheDir,
    env: parentEnv(),
    prewarm: 0,
  });
  lambda = new LambdaClient({
    endpoint: runtime.endpoint,
    region: 'eu-west-3',
    credentials: runtime.credentials,
    maxAttempts: 1,
  });
});

afterAll(async () => {
  lambda?.destroy();
  await runtime?.stop();
  rmSync(cacheDir, { recursive: true, force: true });
});

const rejection = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

describe('the environment', () => {
  it('reports a reserved variable set in the template, and keeps Lambda’s own value', async () => {
    const warnings = runtime.warnings.join('\n');
    expect(warnings).toMatch(
      /Reserved: the environment variable AWS_REGION is reserved by Lambda: deploying/,
    );
    expect(warnings).toMatch(/Reserved: the environment variable LAMBDA_TASK_ROOT is reserved/);
    expect(warnings).not.toMatch(/FINE|TZ is reserved/);
    const body = json((await runtime.invoke('Reserved')).payload);
    expect(body.env).toMatchObject({ AWS_REGION: 'eu-west-3', FINE: 'yes' });
    expect((body.env as Record<string, string>).LAMBDA_TASK_ROOT).not.toBe('/elsewhere');
  });

  it.runIf(process.arch !== 'arm64')('says once that arm64 functions run on this machine’s CPU', () => {
    const notes = runtime.warnings.filter((warning) => warning.includes('arm64 on Lambda'));
    expect(notes).toEqual([
      `Echo: arm64 on Lambda, ${process.arch} here: native modules and binaries built for one do not load on the other`,
    ]);
  });

  it('gives clients the region under both names (boto3 and CLI v1 read AWS_DEFAULT_REGION)', () => {
    expect(runtime.clientEnvironment()).toEqual({
      AWS_ENDPOINT_URL_LAMBDA: runtime.endpoint,
      AWS_ACCESS_KEY_ID: runtime.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: runtime.credentials.secretAccessKey,
      AWS_REGION: 'eu-west-3',
      AWS_DEFAULT_REGION: 'eu-west-3',
    });
  });
});

describe('layers', () => {
  it('are on the search path as /opt is on Lambda (Node.js node_modules, Python path)', async () => {
    const node = await runtime.invoke('NodeLayered');
    expect(node.functionError).toBeUndefined();
    expect(json(node.payload).greeting).toBe('hello node from the shared layer');
    expect(json(node.payload).nodePath).toMatch(/layers\/shared\/nodejs\/node20\/node_modules/);
    const python = await runtime.invoke('PythonLayered');
    expect(python.functionError).toBeUndefined();
    expect(json(python.payload).greeting).toBe('hello python from the shared layer');
  });

  it('names a layer given by ARN once, with what to do', () => {
    const arn = 'arn:aws:lambda:eu-west-3:017000801446:layer:AWSLambdaPowertoolsPythonV3:7';
    const named = runtime.warnings.filter((warning) => warning.includes(arn));
    expect(named).toHaveLength(1);
    expect(named[0]).toMatch(/is not available locally: .*Download its content/);
  });
});

describe('invokedFunctionArn', () => {
  const arn = 'arn:aws:lambda:eu-west-3:000000000000:function:Echo';

  it('carries the qualifier the caller used, and none when it used none', async () => {
    expect(json((await runtime.invoke('Echo')).payload).arn).toBe(arn);
    expect(json((await runtime.invoke('Echo:$LATEST')).payload).arn).toBe(`${arn}:$LATEST`);
    expect(json((await runtime.invoke(`${arn}:$LATEST`)).payload).arn).toBe(`${arn}:$LATEST`);
    const viaSdk = await lambda.send(new InvokeCommand({ FunctionName: 'Echo', Qualifier: '$LATEST' }));
    expect(json(Buffer.from(viaSdk.Payload ?? []).toString()).arn).toBe(`${arn}:$LATEST`);
    const plain = await lambda.send(new InvokeCommand({ FunctionName: 'Echo' }));
    expect(json(Buffer.from(plain.Payload ?? []).toString()).arn).toBe(arn);
  });
});

describe('the Invoke API', () => {
  it('answers a malformed escape in the function name with a 400', async () => {
    const client = new LambdaClient({
      endpoint: runtime.endpoint,
      region: 'eu-west-3',
      credentials: runtime.credentials,
      maxAttempts: 1,
    });
    // The SDK escapes what it is given; the path is rewritten before it is signed.
    client.middlewareStack.add(
      (next) => (args) => {
        (args.request as { path: string }).path = '/2015-03-31/functions/%ZZ/invocations';
        return next(args);
      },
      { step: 'build' },
    );
    const error = (await rejection(client.send(new InvokeCommand({ FunctionName: 'Echo' })))) as {
      name: string;
      $metadata: { httpStatusCode: number };
    };
    client.destroy();
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.name).toBe('ValidationException');
  });

  it('says so when the client context is longer than Lambda takes (3583 bytes of Base64)', async () => {
    const custom = { blob: 'x'.repeat(3000) };
    const error = (await rejection(
      runtime.invoke('Echo', '{}', { clientContext: { custom } }),
    )) as LambdaApiError;
    expect(error).toBeInstanceOf(LambdaApiError);
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/at most 3583 bytes/);
    const encoded = Buffer.from(JSON.stringify({ custom })).toString('base64');
    const viaSdk = (await rejection(
      lambda.send(new InvokeCommand({ FunctionName: 'Echo', ClientContext: encoded })),
    )) as { name: string; message: string };
    expect(viaSdk.name).toBe('InvalidRequestContentException');
    expect(viaSdk.message).toMatch(/at most 3583 bytes/);
    const fits = await runtime.invoke('Echo', '{}', { clientContext: { custom: { app: 'ok' } } });
    expect(json(fits.payload).clientContext).toEqual({ custom: { app: 'ok' } });
  });
});

describe('results JSON cannot hold (Node.js), per runtime version', () => {
  it('is a plain Error up to Node.js 22', async () => {
    const result = await runtime.invoke('Circular20');
    expect(result.errorType).toBe('Error');
    expect(json(result.payload)).toMatchObject({
      errorType: 'Error',
      errorMessage: 'Unable to stringify response body',
    });
  });

  it('is Runtime.JSONStringifyError from Node.js 24', async () => {
    const result = await runtime.invoke('BigInt24');
    expect(result.errorType).toBe('Runtime.JSONStringifyError');
  });
});

describe('callback handlers', () => {
  it('run up to Node.js 22', async () => {
    const result = await runtime.invoke('Callback22');
    expect(result.functionError).toBeUndefined();
    expect(JSON.parse(result.payload)).toBe('called back');
  });

  it('are refused at init from Node.js 24, as Runtime.CallbackHandlerDeprecated', async () => {
    const result = await runtime.invoke('Callback24');
    expect(result.functionError).toBe('Unhandled');
    expect(result.errorType).toBe('Runtime.CallbackHandlerDeprecated');
    expect(json(result.payload).errorMessage).toMatch(/Make it async/);
  });
});

describe('Python', () => {
  it('gives client_context and identity as objects with attributes; identity is always there', async () => {
    const without = json((await runtime.invoke('PythonContext')).payload);
    expect(without).toEqual({
      has_client_context: false,
      custom: null,
      env: null,
      installation_id: null,
      app_title: null,
      identity_id: null,
      identity_pool_id: null,
    });
    const clientContext = {
      custom: { tenant: 'blue' },
      env: { platform: 'test' },
      client: { installation_id: 'install-1', app_title: 'Ownless' },
    };
    const withContext = json((await runtime.invoke('PythonContext', '{}', { clientContext })).payload);
    expect(withContext).toMatchObject({
      has_client_context: true,
      custom: { tenant: 'blue' },
      env: { platform: 'test' },
      installation_id: 'install-1',
      app_title: 'Ownless',
    });
  });

  it('writes a Decimal as its digits, and non-ASCII text escaped before Python 3.12 only', async () => {
    const older = (await runtime.invoke('Marshal311')).payload;
    expect(older).toBe('{"price": 1.10, "count": 3, "big": 1E+2, "name": "caf\\u00e9"}');
    const newer = (await runtime.invoke('Marshal312')).payload;
    expect(newer).toBe('{"price": 1.10, "count": 3, "big": 1E+2, "name": "café"}');
  });

  it('returns bytes as they are', async () => {
    const result = await runtime.invoke('RawBytes');
    expect(result.functionError).toBeUndefined();
    expect(Buffer.from(result.payload, 'latin1').length).toBeGreaterThan(0);
    const viaSdk = await lambda.send(new InvokeCommand({ FunctionName: 'RawBytes' }));
    expect(Buffer.from(viaSdk.Payload ?? [])).toEqual(Buffer.from('\x00raw bytes\xff', 'latin1'));
  });
});
