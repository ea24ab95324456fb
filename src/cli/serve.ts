/**
 * `ownless serve [paths…] [--port 3001] [--region r] [--runtime-path nodejs22.x=/path/node]`: runs the functions of the templates found under
 * the paths in the local runtime until SIGINT or SIGTERM. Once it listens, stdout gets the settings a
 * client needs, one `NAME=value` per line, then `ready`; invocation logs go to stderr.
 */
import { discover } from '../core';
import { existsSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import { LocalRuntime, withoutHostCredentials } from '../lambda/local';

export interface ServeIo {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
  /** Stops the server like SIGINT does (for callers that run it in-process). */
  signal?: AbortSignal;
}

export const SERVE_USAGE = `Usage: ownless serve [paths...] [options]

Runs the functions of SAM/CloudFormation templates locally, without Docker, behind the Lambda API on
127.0.0.1 (Invoke, ListFunctions, GetFunction, GetFunctionConfiguration). Point the AWS SDK or CLI at
it with the settings it prints; requests must be signed with the credentials it prints.

Options for serve:
  --port <n>           port of the Lambda API (default 3001; 0 picks a free one)
  --region <r>         region of the ARNs and of AWS_REGION in functions (default: AWS_REGION or us-east-1)
  --prewarm <n>        Node.js functions that keep a process booted ahead, so a cold start pays only
                       the handler's load (default 2; 0: none, every cold start boots Node)
  --runtime-path <runtime>=<binary>
                       the node or python to run a runtime's functions with, e.g.
                       --runtime-path nodejs22.x=$HOME/.nvm/versions/node/v22.11.0/bin/node (repeatable;
                       otherwise one of the runtime's version on PATH or in nvm, fnm, volta, n, asdf,
                       pyenv or uv, else the nearest, with a note)
  --no-host-credentials
                       functions get none of your AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID…,
                       ~/.aws, instance metadata): only the template's variables and Lambda's own.
                       By default they run with your credentials, as under \`sam local\`, so a
                       handler calling AWS acts as you
  -h, --help           show this help
`;

const DEFAULT_PORT = 3001;

function untilStopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop);
  });
}

/** `--runtime-path nodejs22.x=/path/node` values as a map; undefined (after saying why) when one is wrong. */
function runtimePaths(entries: string[], io: ServeIo): Record<string, string> | undefined {
  const runtimes: Record<string, string> = {};
  for (const entry of entries) {
    const match = /^(nodejs\d+\.x|python3\.\d+)=(.+)$/.exec(entry);
    if (!match) {
      io.err(
        `ownless serve: --runtime-path takes <runtime>=<binary>, a Node.js or Python runtime (nodejs22.x=/path/to/node, python3.12=/path/to/python), not '${entry}'\n`,
      );
      return undefined;
    }
    const binary = resolvePath(io.cwd, match[2]);
    if (!existsSync(binary)) {
      io.err(`ownless serve: --runtime-path ${match[1]}: ${binary} does not exist\n`);
      return undefined;
    }
    runtimes[match[1]] = binary;
  }
  return runtimes;
}

export async function serveCommand(args: string[], io: ServeIo): Promise<number> {
  let values: {
    port?: string;
    region?: string;
    prewarm?: string;
    'runtime-path'?: string[];
    'no-host-credentials'?: boolean;
    help?: boolean;
  };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        region: { type: 'string' },
        prewarm: { type: 'string' },
        'runtime-path': { type: 'string', multiple: true },
        'no-host-credentials': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    io.err(`ownless serve: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.help) {
    io.out(SERVE_USAGE);
    return 0;
  }
  const prewarm = values.prewarm === undefined ? undefined : Number(values.prewarm);
  if (prewarm !== undefined && !(Number.isInteger(prewarm) && prewarm >= 0)) {
    io.err(`ownless serve: --prewarm must be a whole number (0 or more), not '${values.prewarm}'\n`);
    return 2;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`ownless serve: --port must be a port number (0-65535), not '${values.port}'\n`);
    return 2;
  }
  const runtimes = runtimePaths(values['runtime-path'] ?? [], io);
  if (!runtimes) return 2;
  const paths = (positionals.length ? positionals : ['.']).map((p) => resolvePath(io.cwd, p));
  const { files, missing } = discover(paths);
  for (const path of missing) io.err(`ownless: cannot read ${path}\n`);
  if (missing.length > 0) return 2;
  if (files.length === 0) {
    io.err('ownless serve: no template found\n');
    return 2;
  }

  let runtime: LocalRuntime;
  try {
    const hostCredentials = !values['no-host-credentials'];
    runtime = await LocalRuntime.start({
      templates: files,
      port,
      region: values.region,
      prewarm,
      runtimes,
      env: hostCredentials ? undefined : withoutHostCredentials(process.env),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.err(
      code === 'EADDRINUSE'
        ? `ownless serve: port ${port} is in use; choose another with --port\n`
        : `ownless serve: ${(error as Error).message}\n`,
    );
    return 2;
  }
  io.err(
    values['no-host-credentials']
      ? "ownless: functions run without your AWS credentials (--no-host-credentials): only the template's variables\n"
      : 'ownless: functions run with your own AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID…, ~/.aws), as under sam local: a handler calling AWS acts as you (--no-host-credentials to withhold them)\n',
  );
  for (const warning of runtime.warnings) io.err(`ownless: ${warning}\n`);
  const functions = runtime.functions();
  if (functions.length === 0) io.err('ownless serve: the templates have no Lambda function\n');
  for (const fn of functions) {
    const note = fn.unsupported ? ` (cannot run locally: ${fn.unsupported})` : '';
    io.err(`ownless: serving ${fn.name} (${fn.runtime ?? 'no runtime'})${note}\n`);
  }
  runtime.on('log', (event: { functionName: string; line: string }) =>
    io.err(`[${event.functionName}] ${event.line}\n`),
  );

  // The contract with scripts and the extension: these lines, in this order, then `ready`.
  // What a client needs to reach the runtime (AWS_DEFAULT_REGION too: boto3 and AWS CLI v1 read it).
  for (const [name, value] of Object.entries(runtime.clientEnvironment())) io.out(`${name}=${value}\n`);
  io.out('ready\n');

  await untilStopped(io.signal);
  await runtime.stop();
  return 0;
}
