/**
 * `ownless serve` as a real process on the fixture app: bundled with esbuild the way scripts/build.mjs
 * bundles the CLI, bootstraps copied beside it as in dist/runtime, started on a free port with region
 * ap-south-1 in a fresh folder, and read until it prints `ready`. Shared by test/lambda/local/serve.test.ts
 * (the AWS SDK) and test/aws/serve-cli.test.ts (the AWS CLI, `npm run test:aws`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { FIXTURE_APP } from './helpers';

const ROOT = resolve(__dirname, '../../..');

export interface ServeProcess {
  /** Its working directory (and TMPDIR and XDG_CACHE_HOME), removed by stop(). */
  workDir: string;
  server: ChildProcess;
  /** The lines it printed on stdout up to `ready`, that included. */
  printed: string[];
  /** The settings it printed (`NAME=value` lines). */
  settings: Record<string, string>;
  /** What it has written to stderr so far. */
  stderr(): string;
  /** Kills it if it is still running and removes its folder. */
  stop(): Promise<void>;
}

export async function startServeProcess(): Promise<ServeProcess> {
  const workDir = mkdtempSync(join(tmpdir(), 'ownless-serve-test-'));
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
  for (const file of [
    'node-bootstrap.js',
    'node-isolation.js',
    'node-isolation-hooks.mjs',
    'python_bootstrap.py',
  ])
    copyFileSync(join(ROOT, 'src/lambda/local/runtime', file), join(dist, 'runtime', file));

  const server = spawn(
    process.execPath,
    [join(dist, 'serve.js'), FIXTURE_APP, '--port', '0', '--region', 'ap-south-1'],
    {
      cwd: workDir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: workDir, XDG_CACHE_HOME: workDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let serverErr = '';
  server.stderr?.setEncoding('utf8').on('data', (text: string) => (serverErr += text));
  let out = '';
  server.stdout?.setEncoding('utf8').on('data', (text: string) => (out += text));
  const stop = async (): Promise<void> => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = once(server, 'exit');
      server.kill('SIGKILL');
      await exited;
    }
    rmSync(workDir, { recursive: true, force: true });
  };
  while (!out.includes('ready\n')) {
    const [exited] = await Promise.race([
      once(server.stdout!, 'data'),
      once(server, 'exit').then(() => [true]),
    ]);
    if (exited === true) {
      await stop();
      throw new Error(`ownless serve exited early:\n${serverErr}`);
    }
  }
  const printed = out.trimEnd().split('\n');
  const settings = Object.fromEntries(
    printed
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { workDir, server, printed, settings, stderr: () => serverErr, stop };
}
