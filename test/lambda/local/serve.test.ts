/**
 * `ownless serve` as a real process (bundled with esbuild the way scripts/build.mjs bundles the CLI,
 * bootstraps copied beside it as in dist/runtime), used through the real AWS CLI with the settings it
 * prints; then stopped with SIGTERM. Usage errors run in-process.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCommand } from '../../../src/cli/serve';
import { FIXTURE_APP } from './helpers';

const ROOT = resolve(__dirname, '../../..');
let workDir: string;
let server: ChildProcess;
let settings: Record<string, string>;
let serverErr = '';

/** Runs the AWS CLI against the server; resolves with its exit code and output. */
function aws(
  args: string[],
  overrides: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH,
    HOME: workDir,
    AWS_CONFIG_FILE: join(workDir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(workDir, 'no-credentials'),
    AWS_ACCESS_KEY_ID: settings.AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: settings.AWS_SECRET_ACCESS_KEY,
    AWS_DEFAULT_REGION: settings.AWS_REGION,
    AWS_REGION: settings.AWS_REGION,
    ...overrides,
  };
  return new Promise((done) => {
    execFile(
      'aws',
      [...args, '--endpoint-url', settings.AWS_ENDPOINT_URL_LAMBDA, '--output', 'json'],
      { env, cwd: workDir },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'ownless-serve-test-'));
  const dist = join(workDir, 'dist');
  await build({
    stdin: {
      contents: `import { serveCommand } from './src/cli/serve';
        serveCommand(process.argv.slice(2), {
          out: (s) => process.stdout.write(s),
          err: (s) => process.stderr.write(s),
          cwd: process.cwd(),
        }).then((code) => process.exit(code));`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    outfile: join(dist, 'serve.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  mkdirSync(join(dist, 'runtime'));
  for (const file of ['node-bootstrap.js', 'python_bootstrap.py'])
    copyFileSync(join(ROOT, 'src/lambda/local/runtime', file), join(dist, 'runtime', file));

  server = spawn(
    process.execPath,
    [join(dist, 'serve.js'), FIXTURE_APP, '--port', '0', '--region', 'ap-south-1'],
    {
      cwd: workDir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: workDir, XDG_CACHE_HOME: workDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  server.stderr?.setEncoding('utf8').on('data', (text: string) => (serverErr += text));
  let out = '';
  server.stdout?.setEncoding('utf8').on('data', (text: string) => (out += text));
  while (!out.includes('ready\n')) {
    const [exited] = await Promise.race([
      once(server.stdout!, 'data'),
      once(server, 'exit').then(() => [true]),
    ]);
    if (exited === true) throw new Error(`ownless serve exited early:\n${serverErr}`);
  }
  const lines = out.trimEnd().split('\n');
  expect(lines.map((l) => l.split('=')[0])).toEqual([
    'AWS_ENDPOINT_URL_LAMBDA',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_REGION',
    'ready',
  ]);
  settings = Object.fromEntries(
    lines.slice(0, 4).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}, 60_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGKILL');
    await once(server, 'exit');
  }
  rmSync(workDir, { recursive: true, force: true });
});

describe('ownless serve with the AWS CLI', () => {
  it('prints the endpoint, fresh credentials and the region', () => {
    expect(settings.AWS_ENDPOINT_URL_LAMBDA).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(settings.AWS_ACCESS_KEY_ID).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(settings.AWS_SECRET_ACCESS_KEY).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(settings.AWS_REGION).toBe('ap-south-1');
    expect(serverErr).toContain('ownless: serving ownless-echo (nodejs20.x)');
    // The banner is the only place the secret appears.
    expect(serverErr).not.toContain(settings.AWS_SECRET_ACCESS_KEY);
  });

  it('invokes a function: aws lambda invoke … out.json', async () => {
    const run = await aws([
      'lambda',
      'invoke',
      '--function-name',
      'ownless-echo',
      '--payload',
      '{"via":"cli"}',
      '--log-type',
      'Tail',
      'out.json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const meta = JSON.parse(run.stdout) as { StatusCode: number; ExecutedVersion: string; LogResult: string };
    expect(meta.StatusCode).toBe(200);
    expect(meta.ExecutedVersion).toBe('$LATEST');
    const body = JSON.parse(readFileSync(join(workDir, 'out.json'), 'utf8')) as {
      event: unknown;
      context: { awsRequestId: string; invokedFunctionArn: string };
    };
    expect(body.event).toEqual({ via: 'cli' });
    expect(body.context.invokedFunctionArn).toBe(
      'arn:aws:lambda:ap-south-1:000000000000:function:ownless-echo',
    );
    expect(Buffer.from(meta.LogResult, 'base64').toString('utf8')).toContain(
      `REPORT RequestId: ${body.context.awsRequestId}`,
    );
    expect(serverErr).toContain(
      `[ownless-echo] START RequestId: ${body.context.awsRequestId} Version: $LATEST`,
    );
  });

  it('lists functions and describes one', async () => {
    const list = await aws(['lambda', 'list-functions', '--max-items', '100']);
    expect(list.code).toBe(0);
    const names = (JSON.parse(list.stdout) as { Functions: { FunctionName: string }[] }).Functions.map(
      (f) => f.FunctionName,
    );
    expect(names).toEqual(expect.arrayContaining(['ownless-echo', 'Sleeper', 'Python', 'Provided', 'Java']));
    const config = await aws(['lambda', 'get-function-configuration', '--function-name', 'Python']);
    expect(JSON.parse(config.stdout)).toMatchObject({
      FunctionName: 'Python',
      Runtime: 'python3.11',
      Handler: 'pkg/module.handler',
    });
  });

  it("shows AWS's errors, and refuses other credentials", async () => {
    const missing = await aws(['lambda', 'invoke', '--function-name', 'Nope', 'nope.json']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(
      /ResourceNotFoundException.*Function not found: arn:aws:lambda:ap-south-1:000000000000:function:Nope/,
    );
    const forged = await aws(['lambda', 'list-functions'], { AWS_SECRET_ACCESS_KEY: 'guessed-secret' });
    expect(forged.code).not.toBe(0);
    expect(forged.stderr).toMatch(/InvalidSignatureException/);
  });

  it('stops its environments and exits 0 on SIGTERM', async () => {
    const run = await aws([
      'lambda',
      'invoke',
      '--function-name',
      'Sleeper',
      '--payload',
      '{"action":"sleep","ms":1}',
      'sleep.json',
    ]);
    expect(run.code).toBe(0);
    const { pid } = JSON.parse(readFileSync(join(workDir, 'sleep.json'), 'utf8')) as { pid: number };
    expect(() => process.kill(pid, 0)).not.toThrow();
    server.kill('SIGTERM');
    const [code] = (await once(server, 'exit')) as [number | null];
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
    const done = serveCommand(['template.yaml', '--port', '0'], streams);
    await ready;
    expect(out[0]).toMatch(/^AWS_ENDPOINT_URL_LAMBDA=http:\/\/127\.0\.0\.1:\d+\n$/);
    controller.abort();
    expect(await done).toBe(0);
  });
});
