/**
 * moto_server (a real AWS API emulator, Python: `pip install 'moto[server]'`) on a free loopback port,
 * and an IAM role in it, for the suites under test/aws/ (`npm run test:aws`; vitest.aws.config.ts,
 * whose tools.ts fails the run up front, naming what is missing, when moto_server is not on PATH).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { FAKE_ACCESS_KEY_ID } from '../lambda/aws/helpers';

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
