/**
 * Each supported runtime through the programmatic API: Node.js (CommonJS, ESM by package type and by
 * .mjs, callbacks, TypeScript bundled with esbuild), Python and a `provided` shell bootstrap, with the
 * context, environment and logs each gets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Started, json, startFixtureRuntime } from './helpers';

let started: Started;
beforeAll(async () => {
  started = await startFixtureRuntime();
});
afterAll(async () => {
  await started?.stop();
});

describe('Node.js', () => {
  it('runs a CommonJS handler with a faithful context and Lambda environment', async () => {
    const result = await started.runtime.invoke('Echo', JSON.stringify({ hello: 'world' }), {
      clientContext: { custom: { app: 'tests' } },
    });
    expect(result.statusCode).toBe(200);
    expect(result.functionError).toBeUndefined();
    const body = json(result.payload);
    expect(body.event).toEqual({ hello: 'world' });
    const context = body.context as Record<string, unknown>;
    expect(context).toMatchObject({
      awsRequestId: result.requestId,
      functionName: 'ownless-echo',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:ownless-echo',
      memoryLimitInMB: '256',
      logGroupName: '/aws/lambda/ownless-echo',
      callbackWaitsForEmptyEventLoop: true,
      clientContext: { custom: { app: 'tests' } },
    });
    expect(context.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(body.remaining).toBeGreaterThan(2000);
    expect(body.remaining).toBeLessThanOrEqual(3000);
    const env = body.env as Record<string, string | undefined>;
    expect(env).toMatchObject({
      AWS_LAMBDA_FUNCTION_NAME: 'ownless-echo',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/ownless-echo',
      AWS_LAMBDA_LOG_STREAM_NAME: context.logStreamName,
      AWS_REGION: 'eu-west-1',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
      _HANDLER: 'index.handler',
      TZ: ':UTC',
      STAGE: 'test',
      FROM_GLOBALS: 'yes',
      GREETING: 'hello',
      REGION_SEEN: 'eu-west-1',
      QUEUE_ARN: 'arn:aws:sqs:eu-west-1:000000000000:test-queue',
    });
    expect(env.LAMBDA_TASK_ROOT).toBe(body.cwd);
    expect(env.AWS_LAMBDA_RUNTIME_API).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(env._X_AMZN_TRACE_ID).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    // Unresolvable values are left out, and variables of the parent process do not leak in.
    expect(env.TABLE).toBeUndefined();
    expect(env.BUCKET).toBeUndefined();
    expect(env.SECRET_OF_THE_PARENT).toBeUndefined();
    expect(body.execArgv).toContain('--max-old-space-size=230');
  });

  it('names what it could not resolve in a warning', () => {
    const warnings = started.runtime.warnings.join('\n');
    expect(warnings).toMatch(/Echo: environment variables TABLE, BUCKET left out/);
    expect(warnings).toMatch(/Java: cannot run locally: the java21 runtime is not supported/);
  });

  it('answers to the logical id and to the FunctionName, and to an ARN', async () => {
    const byName = await started.runtime.invoke('ownless-echo');
    const byArn = await started.runtime.invoke('arn:aws:lambda:eu-west-1:000000000000:function:Echo:$LATEST');
    expect(json(byName.payload).event).toEqual({});
    expect(json(byArn.payload).context).toMatchObject({ functionName: 'ownless-echo' });
  });

  it('keeps console output, formatted as Lambda formats it, apart from the result', async () => {
    const result = await started.runtime.invoke('Echo', '{"action":"log"}');
    expect(result.payload).toBe('"logged"');
    const id = result.requestId;
    const lines = result.logs.trimEnd().split('\n');
    const start = lines.indexOf(`START RequestId: ${id} Version: $LATEST`);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(lines.slice(start + 1, start + 4)).toEqual([
      expect.stringMatching(
        new RegExp(`^\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z\\t${id}\\tINFO\\thello from ownless-echo$`),
      ),
      expect.stringMatching(new RegExp(`\\t${id}\\tERROR\\tsomething went wrong$`)),
      'raw stderr line',
    ]);
    expect(lines.at(-2)).toBe(`END RequestId: ${id}`);
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^REPORT RequestId: ${id}\\tDuration: \\d+\\.\\d{2} ms\\tBilled Duration: \\d+ ms\\tMemory Size: 256 MB\\tMax Memory Used: \\d+ MB$`,
      ),
    );
  });

  it('reports a thrown error with its type and stack', async () => {
    const result = await started.runtime.invoke('Echo', '{"action":"error"}');
    expect(result.functionError).toBe('Unhandled');
    const body = json(result.payload);
    expect(body).toMatchObject({ errorType: 'RangeError', errorMessage: 'out of range' });
    expect((body.trace as string[])[0]).toBe('RangeError: out of range');
    expect(result.logs).toMatch(/\tERROR\tInvoke Error \t\{"errorType":"RangeError"/);
  });

  it('runs ESM by "type": "module" and by .mjs in a subfolder', async () => {
    const esm = json((await started.runtime.invoke('Esm', '{"n":1}')).payload);
    expect(esm).toMatchObject({ format: 'esm', file: 'handler.js', name: 'Esm', event: { n: 1 } });
    const mjs = json((await started.runtime.invoke('Mjs', '{"n":2}')).payload);
    expect(mjs).toEqual({ format: 'mjs', url: true, event: { n: 2 } });
  });

  it('waits for the event loop to empty after a callback, unless told not to', async () => {
    const waiting = await started.runtime.invoke('Callback', '{}');
    expect(json(waiting.payload)).toEqual({ order: ['callback', 'timer'], waits: true });
    const eager = await started.runtime.invoke('Callback', '{"wait":false}');
    expect(json(eager.payload)).toEqual({ order: ['callback'], waits: false });
  });

  it('reports callback errors, including plain strings as Lambda types them', async () => {
    const failed = await started.runtime.invoke('Callback', '{"fail":true}');
    expect(failed.functionError).toBe('Unhandled');
    expect(json(failed.payload)).toMatchObject({ errorType: 'Error', errorMessage: 'callback failure' });
    const text = await started.runtime.invoke('Callback', '{"failWithString":true}');
    expect(json(text.payload)).toMatchObject({ errorType: 'string', errorMessage: 'plain string failure' });
  });

  it('bundles a TypeScript handler with esbuild into the cache and runs it', async () => {
    const result = await started.runtime.invoke('TypeScript', '{"name":"Lambda"}');
    expect(result.functionError).toBeUndefined();
    expect(json(result.payload)).toEqual({ message: 'Hello, Lambda!', compiled: true });
  });

  it('fails with Runtime.ImportModuleError when the handler module does not exist', async () => {
    const result = await started.runtime.invoke('Missing');
    expect(result.functionError).toBe('Unhandled');
    expect(json(result.payload)).toMatchObject({
      errorType: 'Runtime.ImportModuleError',
      errorMessage: "Error: Cannot find module 'missing'",
    });
  });
});

describe('Python', () => {
  it('runs pkg/module.function with a context and logging as Lambda sets them up', async () => {
    const result = await started.runtime.invoke('Python', '{"x":1}');
    expect(result.functionError).toBeUndefined();
    const body = json(result.payload);
    expect(body).toMatchObject({
      event: { x: 1 },
      requestId: result.requestId,
      functionName: 'Python',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:Python',
      memoryLimitInMB: '256',
      logGroupName: '/aws/lambda/Python',
      stage: 'test',
      handler: 'pkg/module.handler',
    });
    expect(body.remaining).toBeGreaterThan(2000);
    expect(result.logs).toContain('print from python\n');
    expect(result.logs).toMatch(
      new RegExp(`\\[INFO\\]\\t[\\d-]+T[\\d:.]+Z\\t${result.requestId}\\tlogged from python`),
    );
  });

  it('reports an exception with its type and traceback', async () => {
    const result = await started.runtime.invoke('Python', '{"action":"error"}');
    expect(result.functionError).toBe('Unhandled');
    const body = json(result.payload);
    expect(body).toMatchObject({
      errorType: 'ValueError',
      errorMessage: 'python says no',
      requestId: result.requestId,
    });
    expect((body.stackTrace as string[]).join('')).toContain('module.py');
    expect(result.logs).toContain('[ERROR] ValueError: python says no');
  });

  it('runs inline code (Code.ZipFile)', async () => {
    const result = await started.runtime.invoke('Inline', '[1,2]');
    expect(json(result.payload)).toEqual({ inline: true, event: [1, 2] });
  });
});

describe('provided', () => {
  it("runs the function's own bootstrap against the Runtime API", async () => {
    const result = await started.runtime.invoke('Provided', '{"from":"test"}');
    expect(result.functionError).toBeUndefined();
    expect(json(result.payload)).toEqual({
      echo: { from: 'test' },
      handler: 'unused.by.bootstrap',
      requestId: result.requestId,
    });
    expect(result.logs).toContain(`bootstrap handling ${result.requestId}\n`);
  });
});

describe('unsupported functions', () => {
  it('are listed, and fail their invocations with an init error', async () => {
    expect(started.runtime.functions().find((f) => f.name === 'Java')?.unsupported).toMatch(/java21/);
    const result = await started.runtime.invoke('Java');
    expect(result.functionError).toBe('Unhandled');
    expect(json(result.payload).errorType).toBe('Runtime.InvalidRuntime');
  });
});
