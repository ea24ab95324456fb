/**
 * `ownless deploy` and `ownless invoke` end to end, in-process: against moto_server with
 * --endpoint-url, against the local runtime's Lambda API (function errors, REPORT lines), and with
 * --local on the fixture app.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCommand } from '../../../src/cli/deploy';
import { INVOKE_USAGE, invokeCommand } from '../../../src/cli/invoke';
import type { AwsCommandIo } from '../../../src/cli/aws-common';
import { FIXTURE_APP, FIXTURE_TEMPLATE, type Started, startFixtureRuntime } from '../local/helpers';
import {
  type MotoServer,
  createRole,
  startMoto,
  tempDir,
  useFakeAwsEnvironment,
  writeFiles,
} from './helpers';

let moto: MotoServer;
let environment: ReturnType<typeof useFakeAwsEnvironment>;
let role: string;
let project: string;

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage:
    Type: String
    Default: test
Globals:
  Function:
    Runtime: nodejs20.x
    Environment:
      Variables:
        STAGE: !Ref Stage
        QUEUE: !Sub 'arn:aws:sqs:\${AWS::Region}:\${AWS::AccountId}:jobs'
Resources:
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: cli-orders
      CodeUri: src/
      Handler: index.handler
      MemorySize: 512
      Timeout: 20
  Stacked:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Sub '\${AWS::StackName}-stacked'
      CodeUri: src/
      Handler: index.handler
  Plain:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: index.handler
  Typed:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ts/
      Handler: app.handler
  Inline:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: 'exports.handler = async () => 1;'
      Handler: index.handler
`;

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(
  command: (args: string[], io: AwsCommandIo) => Promise<number>,
  args: string[],
  io: Partial<AwsCommandIo> = {},
): Promise<Run> {
  let out = '';
  let err = '';
  const code = await command(args, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    cwd: project,
    interactive: false,
    ...io,
  });
  return { code, out, err };
}

const deploy = (args: string[], io?: Partial<AwsCommandIo>) => run(deployCommand, args, io);
const invoke = (args: string[], io?: Partial<AwsCommandIo>) => run(invokeCommand, args, io);

beforeAll(async () => {
  environment = useFakeAwsEnvironment();
  moto = await startMoto();
  role = await createRole(moto.endpoint, 'ownless-cli-role');
  project = writeFiles(tempDir('ownless-cli-project-'), {
    'template.yaml': TEMPLATE,
    'src/index.js': 'exports.handler = async (event) => event;\n',
    'ts/app.ts': 'export const handler = async () => 1;\n',
    'events/order.json': '{"order": 42}',
    'events/bad.json': '{"order": ',
  });
});
afterAll(async () => {
  await moto?.stop();
  environment?.restore();
});

describe('ownless deploy', () => {
  it('refuses to deploy unconfirmed without a terminal, changing nothing', async () => {
    const result = await deploy(['Orders', '--endpoint-url', moto.endpoint, '--role', role]);
    expect(result.code).toBe(2);
    expect(result.out).toContain('Deploy cli-orders to');
    expect(result.err).toContain('stdin is not a terminal, so nobody can confirm; pass --yes');
    const invoked = await invoke(['cli-orders', '--endpoint-url', moto.endpoint]);
    expect(invoked.err).toContain('does not exist');
  });

  it('asks for a role to create a new function', async () => {
    const result = await deploy(['Orders', '--yes', '--endpoint-url', moto.endpoint]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('creating it needs an execution role');
    expect(result.err).toContain('  Next: Pass the execution role: --role arn:aws:iam::');
  });

  it('creates the function from the template settings, then finds it unchanged', async () => {
    const created = await deploy(['Orders', '--yes', '--endpoint-url', moto.endpoint, '--role', role]);
    expect(created.err).toContain('ownless: Creating cli-orders');
    expect(created.code).toBe(0);
    expect(created.out).toContain(
      'creates a new function: nodejs20.x, handler index.handler, 512 MB, timeout 20 s',
    );
    expect(created.out).toContain('env:      STAGE');
    expect(created.out).toContain(
      'note:     environment variable QUEUE left out: the value depends on the account',
    );
    expect(created.out).toMatch(
      /Created cli-orders in http:\/\/127\.0\.0\.1:\d+ \(region us-east-1\) in [\d.]+ s: state Active/,
    );
    const again = await deploy(['Orders', '--endpoint-url', moto.endpoint]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('Nothing to deploy: cli-orders already runs this code.');
  });

  it('updates changed code once confirmed', async () => {
    writeFileSync(join(project, 'src/index.js'), 'exports.handler = async (event) => ({ event });\n');
    const questions: string[] = [];
    const declined = await deploy(['Orders', '--endpoint-url', moto.endpoint], {
      confirm: async (q) => (questions.push(q), false),
    });
    expect(declined.code).toBe(2);
    expect(declined.err).toContain('not deployed');
    expect(questions).toEqual([`Update cli-orders in ${moto.endpoint} (region us-east-1)? [y/N] `]);
    const accepted = await deploy(['Orders', '--endpoint-url', moto.endpoint, '--role', role], {
      confirm: async () => true,
    });
    expect(accepted.code).toBe(0);
    expect(accepted.out).toContain('replaces the code deployed');
    expect(accepted.out).toContain(
      '--role is only used to create a function; cli-orders exists and keeps its role',
    );
    expect(accepted.out).toMatch(/Updated cli-orders .* last update Successful/);
  });

  it('wants --function-name when the template decides the name at deploy time', async () => {
    const unknown = await deploy(['Stacked', '--yes', '--endpoint-url', moto.endpoint, '--role', role]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(
      'The deployed name of Stacked is not known here: FunctionName is decided at deploy time',
    );
    expect(unknown.err).toContain('Next: Pass the deployed name with --function-name.');
    const named = await deploy([
      'Stacked',
      '--yes',
      '--endpoint-url',
      moto.endpoint,
      '--role',
      role,
      '--function-name',
      'prod-stacked',
    ]);
    expect(named.code).toBe(0);
    expect(named.out).toContain('Created prod-stacked');
  });

  it('names a function without FunctionName by its logical id, and finds templates given with --template', async () => {
    const elsewhere = tempDir('ownless-cli-elsewhere-');
    const result = await deploy(
      [
        'Plain',
        '--yes',
        '--endpoint-url',
        moto.endpoint,
        '--role',
        role,
        '--template',
        join(project, 'template.yaml'),
      ],
      { cwd: elsewhere },
    );
    expect(result.code).toBe(0);
    expect(result.out).toContain('Created Plain');
  });

  it('says what cannot be deployed, and why', async () => {
    const typed = await deploy(['Typed', '--yes', '--endpoint-url', moto.endpoint, '--role', role]);
    expect(typed.code).toBe(2);
    expect(typed.err).toContain('is TypeScript (app.ts)');
    expect(typed.err).toContain('Next: Build it');
    const inline = await deploy(['Inline', '--yes', '--endpoint-url', moto.endpoint]);
    expect(inline.err).toContain('Inline cannot be deployed by ownless: its code is inline in the template');
    const missing = await deploy(['Nope', '--endpoint-url', moto.endpoint]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(
      /no function Nope in the templates; there are: Orders \(.*template\.yaml\), Stacked/,
    );
    expect((await deploy([])).err).toContain('name one function (none given)');
    expect((await deploy(['Orders', '--bogus'])).err).toContain("Unknown option '--bogus'");
  });
});

describe('ownless invoke on AWS', () => {
  it('prints the response on stdout and the summary on stderr', async () => {
    const result = await invoke([
      'cli-orders',
      '--endpoint-url',
      moto.endpoint,
      '--event',
      'events/order.json',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual({ order: 42 });
    expect(result.out.endsWith('\n')).toBe(true);
    expect(result.err).toMatch(
      /^ownless: cli-orders in http:\/\/127\.0\.0\.1:\d+ \(region us-east-1\): \d+ ms round trip\n$/,
    );
  });

  it('explains a missing function and a bad event', async () => {
    const missing = await invoke(['nope', '--endpoint-url', moto.endpoint]);
    expect(missing.code).toBe(2);
    expect(missing.out).toBe('');
    expect(missing.err).toBe(
      `ownless invoke: The function nope does not exist in ${moto.endpoint} (region us-east-1).\n` +
        '  Next: Check the region and profile, or deploy it first (ownless deploy nope).\n',
    );
    const bad = await invoke(['cli-orders', '--endpoint-url', moto.endpoint, '--event', 'events/bad.json']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('is not JSON');
    const absent = await invoke(['cli-orders', '--event', 'events/none.json']);
    expect(absent.err).toContain('cannot read the event');
  });

  it('checks its options', async () => {
    expect((await invoke(['--help'])).out).toBe(INVOKE_USAGE);
    expect((await invoke(['a', '--local', '--profile', 'p'])).err).toContain('--profile only apply on AWS');
    expect((await invoke(['a', '--template', 't.yaml'])).err).toContain('--template applies with --local');
    expect((await invoke(['a', 'b'])).err).toContain('name one function (several given)');
    expect((await invoke(['a', '--endpoint-url', 'nowhere'])).err).toContain('is not an http(s) URL');
  });

  describe('against the local runtime Lambda API', () => {
    let started: Started;
    let saved: { id?: string; secret?: string };

    beforeAll(async () => {
      started = await startFixtureRuntime();
      saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
      process.env.AWS_ACCESS_KEY_ID = started.runtime.credentials.accessKeyId;
      process.env.AWS_SECRET_ACCESS_KEY = started.runtime.credentials.secretAccessKey;
    });
    afterAll(async () => {
      process.env.AWS_ACCESS_KEY_ID = saved.id;
      process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
      await started?.stop();
    });

    it('prints the log tail and the REPORT summary, and exits 1 on a function error', async () => {
      const eventFile = join(project, 'events/error.json');
      writeFileSync(eventFile, '{"action":"error"}');
      const result = await invoke([
        'ownless-echo',
        '--endpoint-url',
        started.runtime.endpoint,
        '--event',
        eventFile,
      ]);
      expect(result.code).toBe(1);
      expect(JSON.parse(result.out)).toMatchObject({ errorType: 'RangeError', errorMessage: 'out of range' });
      expect(result.err).toContain('START RequestId:');
      expect(result.err).toMatch(
        /ownless: ownless-echo \(\$LATEST\) in .*: duration [\d.]+ ms \(billed \d+ ms\), memory \d+ of 256 MB, init/,
      );
      expect(result.err).toContain('ownless: ownless-echo failed (Unhandled): RangeError: out of range');
    });
  });
});

describe('ownless invoke --local', () => {
  it('runs a fixture function on this machine', async () => {
    const eventFile = join(project, 'events/order.json');
    const result = await invoke(['ownless-echo', '--local', '--event', eventFile], { cwd: FIXTURE_APP });
    expect(result.code).toBe(0);
    const body = JSON.parse(result.out) as { event: unknown; context: { functionName: string } };
    expect(body.event).toEqual({ order: 42 });
    expect(body.context.functionName).toBe('ownless-echo');
    expect(result.err).toContain('START RequestId:');
    expect(result.err).toMatch(/ownless: ownless-echo ran locally: duration [\d.]+ ms/);
    expect(result.err).toContain('TABLE');
  });

  it('exits 1 on a function error, and 2 for a function it does not have', async () => {
    const eventFile = join(project, 'events/error.json');
    writeFileSync(eventFile, '{"action":"error"}');
    const failed = await invoke(['Echo', '--local', '--template', FIXTURE_TEMPLATE, '--event', eventFile]);
    expect(failed.code).toBe(1);
    expect(failed.err).toContain('ownless: ownless-echo failed (Unhandled: RangeError)');
    const missing = await invoke(['Nope', '--local', '--template', FIXTURE_TEMPLATE]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(
      'no function Nope in the templates; there are: ownless-echo / Echo, Sleeper',
    );
    const java = await invoke(['Java', '--local', '--template', FIXTURE_TEMPLATE]);
    expect(java.code).toBe(2);
    expect(java.err).toContain('Java cannot run locally');
  });
});
