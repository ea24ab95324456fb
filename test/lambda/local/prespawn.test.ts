/**
 * Environments started ahead (spares): the process boots before any invocation, the handler loads only
 * when an invocation takes the environment, Init Duration counts from there, and what changed since the
 * spare booted (the handler's code, the template after a reload) is what runs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalRuntime, type LocalRuntimeOptions } from '../../../src/lambda/local';
import { json, parentEnv } from './helpers';

let dir: string;
let runtime: LocalRuntime | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ownless-prespawn-test-'));
});
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A handler that tells when it was loaded, and how long its process had run by then. */
function writeHandler(version: string): void {
  writeFileSync(
    join(dir, 'index.js'),
    [
      'const loadedAt = Date.now();',
      'const uptimeAtLoad = process.uptime() * 1000;',
      `exports.handler = async (event) => {`,
      `  if (event.sleep) await new Promise((resolve) => setTimeout(resolve, event.sleep));`,
      `  return { version: '${version}', loadedAt, uptimeAtLoad, pid: process.pid, greeting: process.env.GREETING };`,
      '};',
    ].join('\n'),
  );
}

function writeTemplate(greeting: string): string {
  const template = join(dir, 'template.yaml');
  writeFileSync(
    template,
    [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Ahead:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      CodeUri: .',
      '      Handler: index.handler',
      '      Runtime: nodejs20.x',
      '      Timeout: 1',
      `      Environment: { Variables: { GREETING: ${greeting} } }`,
    ].join('\n'),
  );
  return template;
}

async function start(options: Partial<LocalRuntimeOptions> = {}): Promise<LocalRuntime> {
  runtime = await LocalRuntime.start({
    templates: [writeTemplate('red')],
    cacheDir: join(dir, 'cache'),
    env: parentEnv(),
    ...options,
  });
  return runtime;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Seen {
  version: string;
  loadedAt: number;
  uptimeAtLoad: number;
  pid: number;
  greeting: string;
}

describe('environments started ahead', () => {
  it('boot before the first invocation, load the handler with it and report its Init Duration', async () => {
    writeHandler('one');
    const local = await start();
    // A spare is not one of the function's environments until an invocation takes it.
    expect(local.environments()).toEqual([]);
    await sleep(300);
    const invokedAt = Date.now();
    const cold = await local.invoke('Ahead', '{}');
    const seen = json(cold.payload) as unknown as Seen;
    expect(seen.greeting).toBe('red');
    // The process was up well before the invocation; the handler was loaded by it.
    expect(seen.uptimeAtLoad).toBeGreaterThanOrEqual(250);
    expect(seen.loadedAt).toBeGreaterThanOrEqual(invokedAt);
    // Init Duration is the function's init (from the invocation on), not the process's boot.
    expect(cold.initDuration).toBeGreaterThan(0);
    expect(cold.initDuration).toBeLessThan(seen.uptimeAtLoad);
    expect(cold.logs).toMatch(/\tInit Duration: \d+\.\d{2} ms\t\n$/);
    const warm = await local.invoke('Ahead', '{}');
    expect(warm.initDuration).toBeUndefined();
    expect(warm.environmentId).toBe(cold.environmentId);
    expect(local.environments()).toMatchObject([{ functionName: 'Ahead', state: 'warm', invocations: 2 }]);
  });

  it('run the code as it is when the invocation comes, not as it was when they booted', async () => {
    writeHandler('old');
    const local = await start();
    writeHandler('new');
    const seen = json((await local.invoke('Ahead', '{}')).payload) as unknown as Seen;
    expect(seen.version).toBe('new');
  });

  it('are started again for the new definitions on reload', async () => {
    writeHandler('one');
    const local = await start();
    const before = json((await local.invoke('Ahead', '{}')).payload) as unknown as Seen;
    writeTemplate('blue');
    await local.reload();
    expect(local.environments()).toEqual([]);
    await sleep(300);
    const reloadedAt = Date.now();
    const after = await local.invoke('Ahead', '{}');
    const seen = json(after.payload) as unknown as Seen;
    expect(seen.greeting).toBe('blue');
    expect(seen.pid).not.toBe(before.pid);
    expect(seen.uptimeAtLoad).toBeGreaterThanOrEqual(250);
    expect(seen.loadedAt).toBeGreaterThanOrEqual(reloadedAt);
    expect(after.initDuration).toBeGreaterThan(0);
  });

  it('are ready again for the cold start that follows a timeout', async () => {
    writeHandler('one');
    const local = await start();
    const timedOut = await local.invoke('Ahead', '{"sleep":5000}');
    expect(timedOut.errorType).toBe('Sandbox.Timedout');
    await sleep(300);
    const next = await local.invoke('Ahead', '{}');
    const seen = json(next.payload) as unknown as Seen;
    expect(next.environmentId).not.toBe(timedOut.environmentId);
    expect(next.initDuration).toBeGreaterThan(0);
    expect(seen.uptimeAtLoad).toBeGreaterThanOrEqual(250);
  });

  it('are not started with prewarm: 0, and then Init Duration includes the boot', async () => {
    writeHandler('one');
    const local = await start({ prewarm: 0 });
    await sleep(300);
    const cold = await local.invoke('Ahead', '{}');
    const seen = json(cold.payload) as unknown as Seen;
    expect(seen.uptimeAtLoad).toBeLessThan(250);
    expect(cold.initDuration).toBeGreaterThanOrEqual(seen.uptimeAtLoad);
  });
});
