/**
 * The AWS path against moto_server, a real AWS API emulator: deploy a new function (CreateFunction),
 * again unchanged, again changed (UpdateFunctionCode), list, invoke (moto echoes the payload), a
 * missing function, a named profile from the shared files, and the CloudWatch Logs tail.
 */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { unzipSync } from 'fflate';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AwsActionError,
  type AwsClients,
  type DeployRequest,
  type LogLine,
  createAwsClients,
  describePlan,
  executeDeploy,
  invokeFunction,
  listFunctions,
  planDeploy,
  tailLogs,
} from '../../src/lambda/aws';
import { tempDir, useFakeAwsEnvironment, writeFiles } from '../lambda/aws/helpers';
import { type MotoServer, createRole, startMoto } from './moto';
import { rejection } from '../helpers/rejection';

let moto: MotoServer;
let environment: ReturnType<typeof useFakeAwsEnvironment>;
let clients: AwsClients;
let role: string;
let code: string;

beforeAll(async () => {
  environment = useFakeAwsEnvironment();
  // Written before any client exists: the SDK reads the shared files once per process.
  writeFileSync(
    process.env.AWS_SHARED_CREDENTIALS_FILE as string,
    '[moto]\naws_access_key_id = AKIAOWNLESSTESTKEY02\naws_secret_access_key = other\n',
  );
  writeFileSync(process.env.AWS_CONFIG_FILE as string, '[profile moto]\nregion = eu-west-3\n');
  moto = await startMoto();
  role = await createRole(moto.endpoint, 'ownless-test-role');
  clients = createAwsClients({ endpointUrl: moto.endpoint });
  code = writeFiles(tempDir('ownless-moto-code-'), {
    'index.js': 'exports.handler = async (event) => event;\n',
    'index.test.js': 'left out',
  });
});
afterAll(async () => {
  clients?.destroy();
  await moto?.stop();
  environment?.restore();
});

const request = (overrides: Partial<DeployRequest> = {}): DeployRequest => ({
  functionName: 'orders',
  codeDir: code,
  runtime: 'nodejs20.x',
  handler: 'index.handler',
  create: { role, memorySize: 256, timeout: 30, environment: { STAGE: 'test' } },
  ...overrides,
});

describe('deploy', () => {
  it('needs a role to create a function, and says how to give one', async () => {
    const error = await rejection(planDeploy(clients, request({ create: {} })));
    expect(error.code).toBe('CreateNeedsSettings');
    expect(error.message).toBe(
      `orders does not exist in ${moto.endpoint} (region us-east-1); creating it needs an execution role.`,
    );
    expect(error.nextStep).toContain('--role arn:aws:iam::');
  });

  it('creates a new function and waits until it is active', async () => {
    const plan = await planDeploy(clients, request());
    expect(plan.change).toBe('create');
    expect(plan.zip.files.map((f) => f.path)).toEqual(['index.js']);
    expect(plan.handlerCheck).toEqual({ checked: true, file: 'index.js' });
    const text = describePlan(plan);
    expect(text).toContain(`Deploy orders to ${moto.endpoint} (region us-east-1)`);
    expect(text).toContain('creates a new function: nodejs20.x, handler index.handler, 256 MB, timeout 30 s');
    expect(text).toContain(`role:     ${role}`);
    expect(text).toContain('left out: index.test.js');
    const progress: string[] = [];
    const result = await executeDeploy(clients, plan, { onProgress: (m) => progress.push(m) });
    expect(result).toMatchObject({ action: 'created', state: 'Active', codeSha256: plan.zip.sha256 });
    expect(result.codeSha256Matches).toBe(true);
    expect(progress[0]).toMatch(/^Creating orders \(uploading \d+ B\)…$/);
    const deployed = await clients.lambda.send(new GetFunctionCommand({ FunctionName: 'orders' }));
    expect(deployed.Configuration).toMatchObject({ MemorySize: 256, Timeout: 30, Handler: 'index.handler' });
    expect(deployed.Configuration?.Environment?.Variables).toEqual({ STAGE: 'test' });
  });

  it('leaves secrets and links out of the code folder out of the zip, and says so in the confirmation', async () => {
    const dir = writeFiles(tempDir('ownless-moto-secrets-'), {
      'index.js': 'exports.handler = async (event) => event;\n',
      '.env': 'DB_PASSWORD=hunter2',
      '.npmrc': '//registry.npmjs.org/:_authToken=npm_x',
    });
    symlinkSync('/etc/passwd', join(dir, 'passwd'));
    const plan = await planDeploy(clients, request({ codeDir: dir }));
    expect(Object.keys(unzipSync(plan.zip.bytes))).toEqual(['index.js']);
    const text = describePlan(plan);
    expect(text).toContain('left out: .env: secret (environment file)');
    expect(text).toContain('left out: .npmrc: secret (package registry token)');
    expect(text).toContain('left out: passwd: a link out of the code folder');
    expect(text).toContain('.ownlessignore');
  });

  it('says the code is unchanged when the zip hashes as the deployed code', async () => {
    const plan = await planDeploy(clients, request());
    expect(plan.change).toBe('unchanged');
    expect(describePlan(plan)).toContain('none: the code is unchanged');
    expect((await executeDeploy(clients, plan)).action).toBe('unchanged');
  });

  it('updates changed code and waits until the update is done', async () => {
    writeFileSync(join(code, 'index.js'), 'exports.handler = async (event) => ({ v: 2, event });\n');
    const plan = await planDeploy(clients, request({ handler: 'main.handler' }));
    expect(plan.change).toBe('update');
    expect(plan.current?.codeSha256).not.toBe(plan.zip.sha256);
    expect(plan.notes).toContain(
      "the template's handler is main.handler, the deployed function's is index.handler: a code deploy keeps index.handler",
    );
    expect(describePlan(plan)).toContain('change:   replaces the code deployed');
    const result = await executeDeploy(clients, plan);
    expect(result).toMatchObject({
      action: 'updated',
      lastUpdateStatus: 'Successful',
      codeSha256Matches: true,
    });
    expect((await planDeploy(clients, request())).change).toBe('unchanged');
  });

  it('checks the handler against the deployed function before anything changes', async () => {
    const other = writeFiles(tempDir('ownless-moto-other-'), { 'main.js': 'x' });
    const error = await rejection(planDeploy(clients, request({ codeDir: other })));
    expect(error.code).toBe('HandlerNotFound');
    expect(error.message).toContain('needs index.js');
  });

  it('stops waiting when cancelled', async () => {
    writeFileSync(join(code, 'index.js'), 'exports.handler = async (event) => ({ v: 3, event });\n');
    const plan = await planDeploy(clients, request());
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(executeDeploy(clients, plan, { signal: controller.signal }));
    expect(error.code).toBe('Cancelled');
  });
});

describe('list and invoke', () => {
  it('lists the functions, and caps the listing', async () => {
    for (const name of ['alpha', 'beta', 'gamma']) {
      await executeDeploy(clients, await planDeploy(clients, request({ functionName: name })));
    }
    const listing = await listFunctions(clients, { pageSize: 2 });
    expect(listing.functions.map((f) => f.name).sort()).toEqual(['alpha', 'beta', 'gamma', 'orders']);
    expect(listing.functions.find((f) => f.name === 'orders')).toMatchObject({
      runtime: 'nodejs20.x',
      memorySize: 256,
    });
    expect(listing.truncated).toBe(false);
    const capped = await listFunctions(clients, { maxFunctions: 3 });
    expect(capped.functions).toHaveLength(3);
    expect(capped.truncated).toBe(true);
  });

  it('invokes a function (moto echoes the event)', async () => {
    const outcome = await invokeFunction(clients, 'orders', { payload: '{"hello":"moto"}' });
    expect(outcome.statusCode).toBe(200);
    expect(JSON.parse(outcome.payload)).toEqual({ hello: 'moto' });
    expect(outcome.functionError).toBeUndefined();
    expect(outcome.timeoutSeconds).toBe(30);
  });

  it('says a missing function does not exist in the region, with the next step', async () => {
    const error = await rejection(invokeFunction(clients, 'does-not-exist'));
    expect(error).toBeInstanceOf(AwsActionError);
    expect(error.code).toBe('ResourceNotFoundException');
    expect(error.message).toBe(
      `The function does-not-exist does not exist in ${moto.endpoint} (region us-east-1).`,
    );
    expect(error.nextStep).toBe(
      'Check the region and profile, or deploy it first (ownless deploy does-not-exist).',
    );
  });
});

describe('credentials from a named profile', () => {
  it('reads the profile keys and region from the shared files', async () => {
    const profiled = createAwsClients({ profile: 'moto', endpointUrl: moto.endpoint });
    try {
      expect(profiled.target.region).toBe('eu-west-3');
      expect((await profiled.lambda.config.credentials()).accessKeyId).toBe('AKIAOWNLESSTESTKEY02');
      // moto keeps functions per region: the ones above are in us-east-1.
      expect((await listFunctions(profiled)).functions).toEqual([]);
    } finally {
      profiled.destroy();
    }
  });

  it('says a profile that is not configured gives no credentials', async () => {
    const missing = createAwsClients({ profile: 'nobody', region: 'us-east-1', endpointUrl: moto.endpoint });
    try {
      const error = await rejection(listFunctions(missing));
      expect(error.code).toBe('NoCredentials');
      expect(error.message).toContain('nobody');
      expect(error.nextStep).toContain('aws configure --profile nobody');
    } finally {
      missing.destroy();
    }
  });
});

describe('logs tail', () => {
  const group = '/aws/lambda/orders';
  let logs: CloudWatchLogsClient;

  beforeAll(() => {
    logs = new CloudWatchLogsClient({ region: 'us-east-1', endpoint: moto.endpoint });
  });
  afterAll(() => logs?.destroy());

  async function put(stream: string, messages: string[], at: number): Promise<void> {
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        logEvents: messages.map((message, i) => ({ timestamp: at + i, message })),
      }),
    );
  }

  /** Takes lines from the tail until `count`, then stops it. */
  async function take(iterator: AsyncGenerator<LogLine>, count: number, controller: AbortController) {
    const lines: LogLine[] = [];
    for await (const line of iterator) {
      lines.push(line);
      if (lines.length === count) controller.abort();
    }
    return lines;
  }

  it('waits for the log group, then follows new events of every stream, once each', async () => {
    const start = Date.now();
    const controller = new AbortController();
    const statuses: string[] = [];
    const tail = tailLogs(clients, 'orders', {
      startTime: start - 1000,
      pollIntervalMs: 100,
      signal: controller.signal,
      onStatus: (s) => statuses.push(s),
    });
    const collected = take(tail, 5, controller);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'a' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'b' }));
    await put('a', ['START a', 'END a'], start);
    // moto numbers events per stream: 'a' and 'b' both have an event 0, which must both come through.
    await put('b', ['START b'], start + 5);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await put('a', ['late a', 'REPORT a'], start + 10);
    const lines = await collected;
    expect(statuses).toEqual(['waiting', 'following']);
    expect(lines.map((l) => l.message)).toEqual(['START a', 'END a', 'START b', 'late a', 'REPORT a']);
    expect(lines.map((l) => l.logStreamName)).toEqual(['a', 'a', 'b', 'a', 'a']);
  });

  it('starts at the start time and ends when aborted', async () => {
    const controller = new AbortController();
    const lines: string[] = [];
    setTimeout(() => controller.abort(), 400);
    for await (const line of tailLogs(clients, 'orders', {
      startTime: Date.now() - 60_000,
      pollIntervalMs: 100,
      signal: controller.signal,
    })) {
      lines.push(line.message);
    }
    expect(lines).toEqual(['START a', 'END a', 'START b', 'late a', 'REPORT a']);
    const later: string[] = [];
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 300);
    for await (const line of tailLogs(clients, 'orders', {
      startTime: Date.now() + 60_000,
      signal: stop.signal,
    }))
      later.push(line.message);
    expect(later).toEqual([]);
  });
});
