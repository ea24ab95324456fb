/**
 * What the local runtime passes on of the developer's AWS credentials (issue 16 item 10): by default
 * what `sam local` passes (profile, keys, the shared files); with `ownless serve --no-host-credentials`
 * (or `ownless.local.hostCredentials: false`) none of it, and nothing the SDK's default chain could
 * find instead (~/.aws through HOME, instance metadata). `ownless serve` says which in its output.
 */
import { devNull } from 'node:os';
import { describe, expect, it } from 'vitest';
import { serveCommand } from '../../../src/cli/serve';
import type { FunctionDefinition } from '../../../src/lambda/local/functions';
import { lambdaEnvironment, withoutHostCredentials } from '../../../src/lambda/local/lambda-env';
import type { LaunchPlan } from '../../../src/lambda/local/launch';
import { FIXTURE_APP } from './helpers';

const HOST: NodeJS.ProcessEnv = {
  PATH: '/usr/bin',
  HOME: '/home/dev',
  AWS_PROFILE: 'admin',
  AWS_ACCESS_KEY_ID: 'AKIAHOST',
  AWS_SECRET_ACCESS_KEY: 'host-secret',
  AWS_SESSION_TOKEN: 'host-token',
  AWS_SHARED_CREDENTIALS_FILE: '/home/dev/.aws/credentials',
  AWS_CONFIG_FILE: '/home/dev/.aws/config',
};
const fn = {
  name: 'fn',
  handler: 'index.handler',
  memoryMB: 128,
  family: 'node',
  runtime: 'nodejs22.x',
  environment: { TABLE: 'orders' },
} as unknown as FunctionDefinition;
const plan = { env: {}, taskRoot: '/code', runtimeDir: '/runtime' } as unknown as LaunchPlan;
const identity = { runtimeApi: '127.0.0.1:1', region: 'eu-west-1', logStreamName: 'stream' };

describe('host credentials in a local function', () => {
  it("passes the developer's credentials by default, as sam local does", () => {
    const env = lambdaEnvironment(fn, plan, identity, HOST);
    expect(env).toMatchObject({
      AWS_PROFILE: 'admin',
      AWS_ACCESS_KEY_ID: 'AKIAHOST',
      AWS_SECRET_ACCESS_KEY: 'host-secret',
      AWS_SESSION_TOKEN: 'host-token',
      AWS_SHARED_CREDENTIALS_FILE: '/home/dev/.aws/credentials',
      TABLE: 'orders',
    });
  });

  it('withholds them, and what the default chain would find instead, when asked', () => {
    const env = lambdaEnvironment(fn, plan, identity, withoutHostCredentials(HOST));
    for (const name of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'])
      expect(env[name], name).toBeUndefined();
    expect(env).toMatchObject({
      AWS_SHARED_CREDENTIALS_FILE: devNull,
      AWS_CONFIG_FILE: devNull,
      AWS_EC2_METADATA_DISABLED: 'true',
      TABLE: 'orders',
      PATH: '/usr/bin',
    });
    expect(HOST.AWS_ACCESS_KEY_ID).toBe('AKIAHOST'); // the process's own environment is untouched
  });
});

describe('ownless serve says what functions get', () => {
  async function banner(args: string[]): Promise<string> {
    const controller = new AbortController();
    const err: string[] = [];
    const done = serveCommand(['template.yaml', '--port', '0', '--prewarm', '0', ...args], {
      out: (s) => {
        if (s === 'ready\n') controller.abort();
      },
      err: (s) => void err.push(s),
      cwd: FIXTURE_APP,
      signal: controller.signal,
    });
    expect(await done).toBe(0);
    return err.join('');
  }

  it('by default: your own credentials, as under sam local', async () => {
    expect(await banner([])).toContain('functions run with your own AWS credentials');
  });

  it('with --no-host-credentials: only the template variables', async () => {
    const text = await banner(['--no-host-credentials']);
    expect(text).toContain('functions run without your AWS credentials');
  });
});
