/**
 * `ownless serve` as a real process (test/lambda/local/serve-process.ts), used through the real AWS CLI
 * with the settings it prints. The same process through the AWS SDK, and its usage errors, are in
 * test/lambda/local/serve.test.ts.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeProcess, startServeProcess } from '../lambda/local/serve-process';

let serve: ServeProcess;

/** Runs the AWS CLI against the server; resolves with its exit code and output. */
function aws(
  args: string[],
  overrides: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { workDir, settings } = serve;
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
  serve = await startServeProcess();
}, 60_000);

afterAll(async () => {
  await serve?.stop();
});

describe('ownless serve with the AWS CLI', () => {
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
    const body = JSON.parse(readFileSync(join(serve.workDir, 'out.json'), 'utf8')) as {
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
    expect(serve.stderr()).toContain(
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
});
