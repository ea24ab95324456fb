/** Shared setup of the local runtime tests: the fixture app, a private cache, a clean environment. */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LocalRuntime, type LocalRuntimeOptions } from '../../../src/lambda/local';

export const FIXTURE_APP = resolve(__dirname, '../../fixtures/lambda/app');
export const FIXTURE_TEMPLATE = join(FIXTURE_APP, 'template.yaml');

/** The environment functions inherit from: PATH and HOME, plus a variable that must not leak. */
export function parentEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, SECRET_OF_THE_PARENT: 'leaked' };
}

export interface Started {
  runtime: LocalRuntime;
  cacheDir: string;
  stop(): Promise<void>;
}

export async function startFixtureRuntime(options: Partial<LocalRuntimeOptions> = {}): Promise<Started> {
  // Git keeps the executable bit, but a checkout on some file systems may not.
  chmodSync(join(FIXTURE_APP, 'provided/bootstrap'), 0o755);
  const cacheDir = mkdtempSync(join(tmpdir(), 'ownless-local-test-'));
  const runtime = await LocalRuntime.start({
    templates: [FIXTURE_TEMPLATE],
    region: 'eu-west-1',
    cacheDir,
    env: parentEnv(),
    ...options,
  });
  return {
    runtime,
    cacheDir,
    stop: async () => {
      await runtime.stop();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

export const json = (text: string): Record<string, unknown> => JSON.parse(text) as Record<string, unknown>;
