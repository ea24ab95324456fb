/**
 * boto3 and the AWS CLI against the local runtime with nothing but the environment it gives clients
 * (LocalRuntime.clientEnvironment, what `ownless serve` prints): no --region, no --endpoint-url, no
 * profile. boto3 and CLI v1 read the region only from AWS_DEFAULT_REGION and failed with NoRegionError
 * when only AWS_REGION was given. Through boto3 too: Python's context objects (client_context.custom…).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRuntime } from '../../src/lambda/local';

const TEMPLATE = resolve(__dirname, '../fixtures/lambda/fidelity/template.yaml');
let runtime: LocalRuntime;
let workDir: string;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'ownless-printed-env-'));
  runtime = await LocalRuntime.start({
    templates: [TEMPLATE],
    region: 'ca-central-1',
    cacheDir: join(workDir, 'cache'),
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    prewarm: 0,
  });
});

afterAll(async () => {
  await runtime?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** Runs a program with the printed settings only (and PATH, and a HOME with no AWS config). */
function run(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH,
    HOME: workDir,
    AWS_CONFIG_FILE: join(workDir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(workDir, 'no-credentials'),
    ...runtime.clientEnvironment(),
  };
  return new Promise((done) => {
    execFile(command, args, { env, cwd: workDir }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const BOTO3 = `
import base64, json, boto3
client = boto3.client("lambda")
context = {"custom": {"tenant": "blue"}, "env": {"platform": "boto3"}, "client": {"installation_id": "i-1"}}
answer = client.invoke(
    FunctionName="PythonContext",
    ClientContext=base64.b64encode(json.dumps(context).encode()).decode(),
    Payload=b"{}",
)
print(json.dumps({"status": answer["StatusCode"], "body": json.loads(answer["Payload"].read())}))
`;

describe('clients configured by the printed environment only', () => {
  it('boto3 invokes, and the Python handler reads client_context and identity as objects', async () => {
    const result = await run('python3', ['-c', BOTO3]);
    expect(result.stderr).not.toMatch(/NoRegionError/);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      status: 200,
      body: {
        has_client_context: true,
        custom: { tenant: 'blue' },
        env: { platform: 'boto3' },
        installation_id: 'i-1',
        app_title: null,
        identity_id: null,
        identity_pool_id: null,
      },
    });
  });

  it('the AWS CLI invokes without --region or --endpoint-url', async () => {
    const result = await run('aws', ['lambda', 'invoke', '--function-name', 'Echo', 'out.json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const body = JSON.parse(readFileSync(join(workDir, 'out.json'), 'utf8')) as { arn: string };
    expect(body.arn).toBe('arn:aws:lambda:ca-central-1:000000000000:function:Echo');
  });
});
