/**
 * Lambda's behaviour, reproduced: Timeout kills, MemorySize limits, crashes are Unhandled, each
 * concurrent invocation gets its own environment while warm ones are reused, Init Duration only on
 * cold starts, Event invocations run in the background.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRuntime, type LogEvent } from '../../../src/lambda/local';
import { FIXTURE_APP, type Started, json, parentEnv, startFixtureRuntime } from './helpers';

let started: Started;
beforeAll(async () => {
  started = await startFixtureRuntime({ maxEnvironmentsPerFunction: 8 });
});
afterAll(async () => {
  await started?.stop();
});

const pidOf = (payload: string): number => json(payload).pid as number;

describe('limits', () => {
  it('kills an invocation that runs past its Timeout, with the wording of Lambda', async () => {
    const result = await started.runtime.invoke('Sleeper', '{"action":"sleep","ms":60000}');
    expect(result.functionError).toBe('Unhandled');
    const body = json(result.payload);
    expect(Object.keys(body)).toEqual(['errorMessage']);
    expect(body.errorMessage).toMatch(
      new RegExp(`^\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z ${result.requestId} Task timed out after 1\\.00 seconds$`),
    );
    expect(result.duration).toBeGreaterThanOrEqual(1000);
    expect(result.duration).toBeLessThan(3000);
    expect(result.logs).toMatch(/Status: timeout/);
    // The environment was killed, so the next invocation is a cold start in a new one.
    const next = await started.runtime.invoke('Sleeper', '{"action":"sleep","ms":1}');
    expect(next.initDuration).toBeGreaterThan(0);
    expect(next.environmentId).not.toBe(result.environmentId);
  });

  it('stops a handler that allocates past MemorySize', async () => {
    const result = await started.runtime.invoke('Hungry', '{"action":"allocate"}');
    expect(result.functionError).toBe('Unhandled');
    expect(json(result.payload).errorType).toBe('Runtime.OutOfMemory');
    expect(result.errorType).toBe('Runtime.OutOfMemory');
    expect(result.logs).toMatch(/Memory Size: 128 MB/);
    expect(started.runtime.environments().some((e) => e.id === result.environmentId)).toBe(false);
  });

  it('reports the memory the process used', async () => {
    const result = await started.runtime.invoke('Echo', '{}');
    expect(result.memoryUsed).toBeGreaterThan(10);
    expect(result.memoryUsed).toBeLessThan(256);
    expect(result.logs).toContain(`Max Memory Used: ${result.memoryUsed} MB`);
  });
});

describe('crashes', () => {
  it('reports a process exit as Runtime.ExitError', async () => {
    const result = await started.runtime.invoke('Echo', '{"action":"exit","code":3}');
    expect(result.functionError).toBe('Unhandled');
    expect(json(result.payload)).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${result.requestId} Error: Runtime exited with error: exit status 3`,
    });
    expect(result.logs).toMatch(/Status: error\tError Type: Runtime\.ExitError/);
  });

  it("reports an uncaught exception with the error's type, and starts afresh afterwards", async () => {
    const result = await started.runtime.invoke('Echo', '{"action":"throw-later"}');
    expect(result.functionError).toBe('Unhandled');
    expect(json(result.payload)).toMatchObject({
      errorType: 'TypeError',
      errorMessage: 'thrown outside the handler',
    });
    expect(result.logs).toMatch(/\tERROR\tUncaught Exception \t\{"errorType":"TypeError"/);
    const next = await started.runtime.invoke('Echo', '{}');
    expect(next.functionError).toBeUndefined();
    expect(next.environmentId).not.toBe(result.environmentId);
  });
});

describe('environments', () => {
  it('reports Init Duration on the cold start only, then reuses the warm environment', async () => {
    const cold = await started.runtime.invoke('Mjs', '{}');
    const warm = await started.runtime.invoke('Mjs', '{}');
    expect(cold.initDuration).toBeGreaterThan(0);
    // The fixture is nodejs18.x: a Node.js of another version says so at the end of REPORT.
    expect(cold.logs).toMatch(/\tInit Duration: \d+\.\d{2} ms\t(Ownless Note: [^\n]*\t)?\n$/);
    expect(warm.initDuration).toBeUndefined();
    expect(warm.logs).not.toContain('Init Duration');
    expect(warm.environmentId).toBe(cold.environmentId);
    const snapshot = started.runtime.environments().find((e) => e.id === cold.environmentId);
    expect(snapshot).toMatchObject({ functionName: 'Mjs', state: 'warm', invocations: 2 });
  });

  it('answers 50 parallel invocations exactly once each, in new or warm environments', async () => {
    const answered = new Map<string, number>();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        started.runtime.invoke('Sleeper', JSON.stringify({ action: 'sleep', ms: 20 + (i % 5) * 10 })),
      ),
    );
    for (const result of results) {
      expect(result.functionError).toBeUndefined();
      const body = json(result.payload);
      // The function saw the request it was answering.
      expect(body.requestId).toBe(result.requestId);
      answered.set(result.requestId, (answered.get(result.requestId) ?? 0) + 1);
    }
    expect(answered.size).toBe(50);
    expect([...answered.values()].every((n) => n === 1)).toBe(true);
    // One process per environment; at most the cap at once, and warm ones were reused.
    const environments = new Set(results.map((r) => r.environmentId));
    const pids = new Set(results.map((r) => pidOf(r.payload)));
    expect(pids.size).toBe(environments.size);
    expect(environments.size).toBeGreaterThan(1);
    expect(environments.size).toBeLessThanOrEqual(8);
    const coldStarts = results.filter((r) => r.initDuration !== undefined).length;
    expect(coldStarts).toBeLessThanOrEqual(environments.size);
  });

  it('tells listeners when environments change state', async () => {
    const states: string[] = [];
    const subscription = started.runtime.onDidChange(() => {
      const env = started.runtime.environments().find((e) => e.functionName === 'Provided');
      if (env && states.at(-1) !== env.state) states.push(env.state);
    });
    await started.runtime.invoke('Provided', '{}');
    subscription.dispose();
    expect(states).toEqual(['initializing', 'busy', 'warm']);
  });

  it('runs Event invocations in the background and answers 202 at once', async () => {
    const lines: LogEvent[] = [];
    const subscription = started.runtime.onLog((event) => lines.push(event));
    const done = once(started.runtime, 'invocation');
    const result = await started.runtime.invoke('Echo', '{"action":"log"}', { invocationType: 'Event' });
    expect(result.statusCode).toBe(202);
    expect(result.payload).toBe('');
    await done;
    subscription.dispose();
    const own = lines.filter((l) => l.requestId === result.requestId).map((l) => l.line);
    expect(own[0]).toBe(`START RequestId: ${result.requestId} Version: $LATEST`);
    expect(own.some((l) => l.endsWith('\tINFO\thello from ownless-echo'))).toBe(true);
    expect(own.at(-1)).toMatch(/^REPORT RequestId: /);
  });

  it('does nothing on DryRun but check the function', async () => {
    const result = await started.runtime.invoke('Echo', '{}', { invocationType: 'DryRun' });
    expect(result.statusCode).toBe(204);
    await expect(started.runtime.invoke('Nope', '{}', { invocationType: 'DryRun' })).rejects.toMatchObject({
      errorType: 'ResourceNotFoundException',
      statusCode: 404,
    });
  });

  it('stops the environment of an aborted invocation', async () => {
    const controller = new AbortController();
    const running = started.runtime.invoke('Echo', '{"action":"sleep","ms":60000}', {
      signal: controller.signal,
    });
    const busy = new Promise<void>((resolve) => {
      const subscription = started.runtime.onDidChange(() => {
        if (
          started.runtime.environments().some((e) => e.functionName === 'ownless-echo' && e.state === 'busy')
        ) {
          subscription.dispose();
          resolve();
        }
      });
    });
    await busy;
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses payloads that are not JSON or too large', async () => {
    await expect(started.runtime.invoke('Echo', '{not json')).rejects.toMatchObject({
      errorType: 'InvalidRequestContentException',
      statusCode: 400,
    });
    // Asynchronous payloads: up to 1 MB, as on Lambda (256 KB until 2025).
    const queued = await started.runtime.invoke('Echo', JSON.stringify('x'.repeat(300 * 1024)), {
      invocationType: 'Event',
    });
    expect(queued.statusCode).toBe(202);
    await expect(
      started.runtime.invoke('Echo', JSON.stringify('x'.repeat(1024 * 1024)), { invocationType: 'Event' }),
    ).rejects.toMatchObject({ errorType: 'RequestTooLargeException', statusCode: 413 });
  });

  it('fails an invocation whose response is over 6 MB', async () => {
    const result = await started.runtime.invoke(
      'Echo',
      JSON.stringify({ action: 'big', bytes: 7 * 1024 * 1024 }),
    );
    expect(result.functionError).toBe('Unhandled');
    expect(json(result.payload)).toMatchObject({ errorType: 'Function.ResponseSizeTooLarge' });
  });
});

describe('reload', () => {
  it('reads the templates again, with fresh environments, and refuses to invoke once stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ownless-reload-test-'));
    const template = join(dir, 'template.yaml');
    const write = (timeout: number, colour: string): void =>
      writeFileSync(
        template,
        [
          'Transform: AWS::Serverless-2016-10-31',
          'Resources:',
          '  Reloaded:',
          '    Type: AWS::Serverless::Function',
          '    Properties:',
          `      CodeUri: ${join(FIXTURE_APP, 'node-cjs')}`,
          '      Handler: index.handler',
          '      Runtime: nodejs20.x',
          `      Timeout: ${timeout}`,
          `      Environment: { Variables: { GREETING: ${colour} } }`,
        ].join('\n'),
      );
    write(2, 'red');
    const runtime = await LocalRuntime.start({ templates: [template], cacheDir: dir, env: parentEnv() });
    try {
      const before = json((await runtime.invoke('Reloaded')).payload);
      expect((before.env as Record<string, string>).GREETING).toBe('red');
      expect(before.remaining).toBeLessThanOrEqual(2000);
      write(5, 'blue');
      await runtime.reload();
      expect(runtime.environments()).toEqual([]);
      const after = await runtime.invoke('Reloaded');
      expect(after.initDuration).toBeGreaterThan(0);
      expect((json(after.payload).env as Record<string, string>).GREETING).toBe('blue');
      expect(json(after.payload).remaining).toBeGreaterThan(4000);
    } finally {
      await runtime.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    await expect(runtime.invoke('Reloaded')).rejects.toMatchObject({ errorType: 'ServiceException' });
  });

  it('keeps the warm environments of functions whose definition did not change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ownless-reload-test-'));
    const template = (name: string): string => {
      const path = join(dir, `${name}.yaml`);
      writeFileSync(
        path,
        [
          'Transform: AWS::Serverless-2016-10-31',
          'Resources:',
          `  ${name}:`,
          '    Type: AWS::Serverless::Function',
          `    Properties: { CodeUri: ${join(FIXTURE_APP, 'node-cjs')}, Handler: index.handler, Runtime: nodejs20.x }`,
        ].join('\n'),
      );
      return path;
    };
    const first = template('Kept');
    const runtime = await LocalRuntime.start({
      templates: [first],
      cacheDir: dir,
      env: parentEnv(),
      prewarm: 0,
    });
    try {
      expect((await runtime.invoke('Kept')).initDuration).toBeGreaterThan(0);
      await runtime.reload([first, template('Added')]);
      expect((await runtime.invoke('Kept')).initDuration).toBeUndefined();
      expect((await runtime.invoke('Added')).initDuration).toBeGreaterThan(0);
    } finally {
      await runtime.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
