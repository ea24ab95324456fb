/**
 * Shared setup of the AWS tests: a moto_server (a real AWS API emulator) on a free loopback port, fake
 * credentials in the environment, an IAM role, and code folders to deploy.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface MotoServer {
  endpoint: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

/** Resolves when `url` answers at all (any HTTP status), polling until `deadline`. */
async function waitUntilAnswering(url: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`moto_server did not answer at ${url}: ${error}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * Starts moto_server on 127.0.0.1 with a port of the system's choosing (read from its banner), waits
 * until it answers, and turns off Docker for Lambda (Invoke then echoes the payload).
 */
export async function startMoto(extraEnv: Record<string, string> = {}): Promise<MotoServer> {
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...extraEnv },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + START_TIMEOUT_MS;
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`moto_server printed no port:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start moto_server (pip install 'moto[server]'): ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`moto_server exited (${code}):\n${output}`));
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(`${endpoint}/moto-api/`, deadline);
  const configured = await fetch(`${endpoint}/moto-api/config`, {
    method: 'POST',
    body: JSON.stringify({ lambda: { use_docker: false } }),
  });
  if (!configured.ok) throw new Error(`moto config refused: ${configured.status}`);
  return {
    endpoint,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

const AWS_VARIABLES = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_LAMBDA',
  'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS',
  'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
];

export const FAKE_ACCESS_KEY_ID = 'AKIAOWNLESSTESTKEY01';
export const FAKE_SECRET = 'ownless-test-secret-value-that-must-never-be-printed';

/**
 * Fake credentials in the environment, and config files in a fresh folder, so the developer's own
 * ~/.aws is never read. Returns the folder and a function that puts everything back.
 */
export function useFakeAwsEnvironment(settings: Record<string, string> = {}): {
  dir: string;
  restore(): void;
} {
  const saved = new Map(AWS_VARIABLES.map((name) => [name, process.env[name]]));
  const dir = mkdtempSync(join(tmpdir(), 'ownless-aws-test-'));
  for (const name of AWS_VARIABLES) delete process.env[name];
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: FAKE_SECRET,
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    // The SDK's notice about Node.js 20 says nothing about the code under test.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...settings,
  });
  return {
    dir,
    restore: () => {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates an IAM role in moto (through IAM's query API: no IAM client is installed) and returns its ARN. */
export async function createRole(endpoint: string, name: string): Promise<string> {
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  });
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      // moto routes a request to a service by the credential scope; it checks no signature.
      Authorization: `AWS4-HMAC-SHA256 Credential=${FAKE_ACCESS_KEY_ID}/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams({
      Action: 'CreateRole',
      Version: '2010-05-08',
      RoleName: name,
      AssumeRolePolicyDocument: trust,
    }),
  });
  const text = await response.text();
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(text)?.[1];
  if (!arn) throw new Error(`CreateRole failed: ${text}`);
  return arn;
}

export type FileSpec = string | { content: string; mode: number };

/** Writes files (paths with `/`) under `root`; returns it. */
export function writeFiles(root: string, files: Record<string, FileSpec>): string {
  for (const [path, spec] of Object.entries(files)) {
    const full = join(root, ...path.split('/'));
    mkdirSync(dirname(full), { recursive: true });
    const content = typeof spec === 'string' ? spec : spec.content;
    writeFileSync(full, content);
    chmodSync(full, typeof spec === 'string' ? 0o644 : spec.mode);
  }
  return root;
}

export function tempDir(prefix = 'ownless-aws-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A SAM template with one Node.js function whose code is in `codeUri`. */
export function samTemplate(functions: Record<string, Record<string, unknown>>): string {
  const lines = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
  ];
  for (const [id, properties] of Object.entries(functions)) {
    lines.push(`  ${id}:`, '    Type: AWS::Serverless::Function', '    Properties:');
    for (const [key, value] of Object.entries(properties))
      lines.push(`      ${key}: ${JSON.stringify(value)}`);
  }
  return `${lines.join('\n')}\n`;
}
