/**
 * `ownless serve` as a real process (test/lambda/local/serve-process.ts), used through the AWS SDK with
 * the settings it prints; then stopped with SIGTERM. Usage errors run in-process. The same process
 * through the real AWS CLI: test/aws/serve-cli.test.ts (`npm run test:aws`).
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCommand } from '../../../src/cli/serve';
import { FIXTURE_APP } from './helpers';
import { type ServeProcess, startServeProcess } from './serve-process';

let serve: ServeProcess;
let lambda: LambdaClient;

beforeAll(async () => {
  serve = await startServeProcess();
  const { settings } = serve;
  // The SDK's notice about Node.js 20 says nothing about the code under test.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  lambda = new LambdaClient({
    endpoint: settings.AWS_ENDPOINT_URL_LAMBDA,
    region: settings.AWS_REGION,
    credentials: {
      accessKeyId: settings.AWS_ACCESS_KEY_ID,
      secretAccessKey: settings.AWS_SECRET_ACCESS_KEY,
    },
    maxAttempts: 1,
  });
}, 60_000);

afterAll(async () => {
  lambda?.destroy();
  await serve?.stop();
});

const text = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString('utf8');

describe('ownless serve as a process, with the AWS SDK', () => {
  it('prints the endpoint, fresh credentials and the region', () => {
    const { printed, settings } = serve;
    expect(printed.map((l) => l.split('=')[0])).toEqual([
      'AWS_ENDPOINT_URL_LAMBDA',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_REGION',
      'AWS_DEFAULT_REGION',
      'ready',
    ]);
    expect(settings.AWS_ENDPOINT_URL_LAMBDA).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(settings.AWS_ACCESS_KEY_ID).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(settings.AWS_SECRET_ACCESS_KEY).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(settings.AWS_REGION).toBe('ap-south-1');
    expect(settings.AWS_DEFAULT_REGION).toBe('ap-south-1');
    expect(serve.stderr()).toContain('ownless: serving ownless-echo (nodejs20.x)');
    // The banner is the only place the secret appears.
    expect(serve.stderr()).not.toContain(settings.AWS_SECRET_ACCESS_KEY);
  });

  it('invokes a function with the settings it printed', async () => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'ownless-echo', Payload: '{"via":"sdk"}', LogType: 'Tail' }),
    );
    expect(out.StatusCode).toBe(200);
    expect(out.ExecutedVersion).toBe('$LATEST');
    const body = JSON.parse(text(out.Payload)) as {
      event: unknown;
      context: { awsRequestId: string; invokedFunctionArn: string };
    };
    expect(body.event).toEqual({ via: 'sdk' });
    expect(body.context.invokedFunctionArn).toBe(
      'arn:aws:lambda:ap-south-1:000000000000:function:ownless-echo',
    );
    expect(Buffer.from(out.LogResult ?? '', 'base64').toString('utf8')).toContain(
      `REPORT RequestId: ${body.context.awsRequestId}`,
    );
    expect(serve.stderr()).toContain(
      `[ownless-echo] START RequestId: ${body.context.awsRequestId} Version: $LATEST`,
    );
  });

  it('stops its environments and exits 0 on SIGTERM', async () => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'Sleeper', Payload: '{"action":"sleep","ms":1}' }),
    );
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    const { pid } = JSON.parse(text(out.Payload)) as { pid: number };
    expect(() => process.kill(pid, 0)).not.toThrow();
    serve.server.kill('SIGTERM');
    const [code] = (await once(serve.server, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });
});

describe('ownless serve usage', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s), cwd: FIXTURE_APP },
    };
  };

  it('prints help', async () => {
    const { out, io: streams } = io();
    expect(await serveCommand(['--help'], streams)).toBe(0);
    expect(out.join('')).toMatch(/^Usage: ownless serve/);
  });

  it('exits 2 for a bad port or prewarm, a missing path or no template', async () => {
    const bad = io();
    expect(await serveCommand(['--port', 'x'], bad.io)).toBe(2);
    expect(bad.err.join('')).toMatch(/--port must be a port number/);
    const prewarm = io();
    expect(await serveCommand(['--prewarm', '1.5'], prewarm.io)).toBe(2);
    expect(prewarm.err.join('')).toMatch(/--prewarm must be a whole number/);
    const missing = io();
    expect(await serveCommand(['no-such-dir'], missing.io)).toBe(2);
    expect(missing.err.join('')).toContain(`cannot read ${join(FIXTURE_APP, 'no-such-dir')}`);
    const none = io();
    expect(await serveCommand(['node-cjs'], none.io)).toBe(2);
    expect(none.err.join('')).toContain('no template found');
    const runtimePath = io();
    expect(await serveCommand(['--runtime-path', 'node22=/usr/bin/node'], runtimePath.io)).toBe(2);
    expect(runtimePath.err.join('')).toMatch(/--runtime-path takes <runtime>=<binary>/);
    const binary = io();
    expect(await serveCommand(['--runtime-path', 'nodejs22.x=no-such-node'], binary.io)).toBe(2);
    expect(binary.err.join('')).toContain(
      `--runtime-path nodejs22.x: ${join(FIXTURE_APP, 'no-such-node')} does not exist`,
    );
  });

  it('serves in-process until its signal aborts', async () => {
    const controller = new AbortController();
    const out: string[] = [];
    let listening!: () => void;
    const ready = new Promise<void>((resolve) => (listening = resolve));
    const streams = {
      out: (s: string) => {
        out.push(s);
        if (s === 'ready\n') listening();
      },
      err: () => undefined,
      cwd: FIXTURE_APP,
      signal: controller.signal,
    };
    const done = serveCommand(
      ['template.yaml', '--port', '0', '--runtime-path', `nodejs20.x=${process.execPath}`],
      streams,
    );
    await ready;
    expect(out[0]).toMatch(/^AWS_ENDPOINT_URL_LAMBDA=http:\/\/127\.0\.0\.1:\d+\n$/);
    controller.abort();
    expect(await done).toBe(0);
  });
});
