/**
 * AWS's own runtime interface client for Node.js (aws-lambda-ric 4, what AWS's Node.js base images run)
 * against the local runtime's Runtime API, in a `provided.al2023` function whose bootstrap starts it.
 * The client takes AWS_LAMBDA_RUNTIME_API only as `host:port` (it refused the `host:port/token` of
 * earlier versions of Ownless); scripts/install-aws-lambda-ric.sh builds it (see tools.ts).
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRuntime } from '../../src/lambda/local';
import { ricEntry } from './tools';

let appDir: string;
let runtime: LocalRuntime;

const HANDLERS = `
export const echo = async (event, context) => ({
  event,
  requestId: context.awsRequestId,
  arn: context.invokedFunctionArn,
  api: process.env.AWS_LAMBDA_RUNTIME_API,
  pid: process.pid,
});
export const fails = async () => {
  throw new TypeError('not a number');
};
export const callback = (event, context, done) => done(null, 'called back');
`;

function fn(handler: string): string {
  return `
    Type: AWS::Serverless::Function
    Properties:
      Runtime: provided.al2023
      CodeUri: fn/
      Handler: ${handler}
      Environment:
        Variables:
          RIC_ENTRY: ${JSON.stringify(ricEntry())}`;
}

beforeAll(async () => {
  appDir = mkdtempSync(join(tmpdir(), 'ownless-ric-'));
  mkdirSync(join(appDir, 'fn'));
  // The bootstrap a container image would have: the client, given the handler.
  writeFileSync(join(appDir, 'fn', 'bootstrap'), '#!/bin/sh\nexec node "$RIC_ENTRY" "$_HANDLER"\n');
  chmodSync(join(appDir, 'fn', 'bootstrap'), 0o755);
  writeFileSync(join(appDir, 'fn', 'index.mjs'), HANDLERS);
  writeFileSync(
    join(appDir, 'template.yaml'),
    `Transform: AWS::Serverless-2016-10-31
Resources:
  RicEcho:${fn('index.echo')}
  RicFails:${fn('index.fails')}
  RicCallback:${fn('index.callback')}
`,
  );
  runtime = await LocalRuntime.start({
    templates: [join(appDir, 'template.yaml')],
    region: 'eu-central-1',
    cacheDir: join(appDir, 'cache'),
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    prewarm: 0,
  });
});

afterAll(async () => {
  await runtime?.stop();
  if (appDir) rmSync(appDir, { recursive: true, force: true });
});

describe("AWS's Node.js runtime interface client (aws-lambda-ric 4)", () => {
  it('runs a provided function: events, context and answers through a host:port Runtime API', async () => {
    const cold = await runtime.invoke('RicEcho', '{"n":1}');
    expect(cold.functionError).toBeUndefined();
    const first = JSON.parse(cold.payload) as Record<string, unknown>;
    expect(first).toMatchObject({
      event: { n: 1 },
      requestId: cold.requestId,
      arn: 'arn:aws:lambda:eu-central-1:000000000000:function:RicEcho',
    });
    expect(first.api).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(cold.initDuration).toBeGreaterThan(0);
    const warm = await runtime.invoke('RicEcho', '{"n":2}');
    expect(JSON.parse(warm.payload)).toMatchObject({ event: { n: 2 }, pid: first.pid, api: first.api });
    expect(warm.environmentId).toBe(cold.environmentId);
  });

  it('keeps concurrent environments apart, each on its own port', async () => {
    const results = await Promise.all([1, 2, 3].map((n) => runtime.invoke('RicEcho', JSON.stringify({ n }))));
    const answers = results.map(
      (result) => JSON.parse(result.payload) as { event: { n: number }; api: string },
    );
    expect(answers.map((answer) => answer.event.n)).toEqual([1, 2, 3]);
    expect(new Set(results.map((result) => result.environmentId)).size).toBe(3);
    expect(new Set(answers.map((answer) => answer.api)).size).toBe(3);
  });

  it("reports the handler's error as the client posts it", async () => {
    const result = await runtime.invoke('RicFails');
    expect(result.functionError).toBe('Unhandled');
    expect(result.errorType).toBe('TypeError');
    expect(JSON.parse(result.payload)).toMatchObject({
      errorType: 'TypeError',
      errorMessage: 'not a number',
    });
  });

  it('fails a callback handler at init, as the client does from Node.js 24 on', async () => {
    const result = await runtime.invoke('RicCallback');
    expect(result.functionError).toBe('Unhandled');
    expect(result.errorType).toBe('Runtime.CallbackHandlerDeprecated');
  });
});
